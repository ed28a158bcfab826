"""The repeats filter: a paragraph captured twice kept once, legitimate repeats kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import textwash
from strategies_structure import Doc, any_text, documents, normalised
from textwash.filters.repeats import Repeats
from textwash.structure import heuristics
from textwash.structure.lines import split

PARA = (
    "In February General John Nicholson, the U.S. commander of NATO forces in Afghanistan, "
    "testified that Russia is encouraging the Taliban and providing them with diplomatic "
    "cover in a bid to undermine U.S. influence and defeat NATO."
)
OTHER = "Kabulov in 2015 said that Russia was exchanging information with the Taliban."

apply = Repeats().apply


def test_a_paragraph_captured_twice_is_kept_at_its_first_place() -> None:
    assert apply(f"{PARA}\n\n{OTHER}\n\n{PARA}\n\nEnd.\n") == f"{PARA}\n\n{OTHER}\n\nEnd.\n"
    assert apply(f"{PARA}\n{PARA}\n{OTHER}\n") == f"{PARA}\n{OTHER}\n"
    assert apply(f"{OTHER}\n\n{PARA}\n\n{PARA}\n") == f"{OTHER}\n\n{PARA}\n"


@pytest.mark.parametrize(
    "attribution", ["Jane wrote:", "Quote from: Jane", "Originally Posted by Jane", "Quote"]
)
def test_a_post_quoted_in_a_reply_stays(attribution: str) -> None:
    thread = f"{PARA}\n\n{attribution}\n{PARA}\n\nI agree with that.\n"
    assert apply(thread) == thread
    # without the attribution it is a capture twice
    assert apply(f"{PARA}\n\n{OTHER}\n{PARA}\n") == f"{PARA}\n\n{OTHER}\n"


def test_copies_differing_in_case_quotes_and_spacing_are_copies() -> None:
    copy = PARA.upper().replace("U.S.", "U. S.")
    assert apply(f"{PARA}\n\n{copy}\n") == f"{PARA}\n"


def test_repeated_ad_markers_go_whatever_their_length() -> None:
    text = f"{PARA}\n\nAdvertisement\n\n{OTHER}\n\nADVERTISEMENT\n\nEnd.\n\nStory continues below\n\nStory continues below\n"
    out = f"{PARA}\n\nAdvertisement\n\n{OTHER}\n\nEnd.\n\nStory continues below\n"
    assert apply(text) == out


def test_the_ad_marker_answer_is_the_same_in_every_document() -> None:
    """Whether a short repeated line is an ad is remembered across documents: a document
    that repeats a marker loses the copy, one that repeats a plain line keeps it, in
    either order and again."""
    ads = "Advertisement\n\nA line.\n\nAdvertisement\n"
    plain = "Share this\n\nA line.\n\nShare this\n"
    for text, out in [(ads, "Advertisement\n\nA line.\n"), (plain, plain)] * 2:
        assert Repeats().apply(text) == out
        assert Repeats().trigger().fires(text) == (out != text)


@pytest.mark.parametrize(
    "text",
    [
        # a chorus
        "Let it be, let it be, let it be, let it be\nWhisper words of wisdom, let it be\n"
        "And in my hour of darkness she is standing right in front of me\n"
        "Let it be, let it be, let it be, let it be\nWhisper words of wisdom, let it be\n",
        # list markers and table headers
        "-\nFirst item\n-\nSecond item\n-\nThird item\n",
        "Pos Player Plays Stats\nQB Smith 12 140\nPos Player Plays Stats\nRB Jones 9 80\n",
        # the question an interview series asks every guest
        "What inspired you to start cooking, and which dishes do you still avoid at home?\n"
        "Pasta, mostly.\n"
        "What inspired you to start cooking, and which dishes do you still avoid at home?\n"
        "Soup.\n",
        # long list lines that do not end like a sentence
        "Asparagus and Eggs [1 cup asparagus, 2 soft-boiled or poached eggs, 1/2 cup sweet potato "
        "or 1 slice whole-grain toast, 1 tsp. olive oil, salt and pepper to taste]\nDay two\n"
        "Asparagus and Eggs [1 cup asparagus, 2 soft-boiled or poached eggs, 1/2 cup sweet potato "
        "or 1 slice whole-grain toast, 1 tsp. olive oil, salt and pepper to taste]\n",
        # similar is not the same
        f"{PARA}\n\n{PARA.replace('February', 'March')}\n",
        "",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert apply(text) == text


def test_explain_names_the_first_occurrence() -> None:
    out, changes = Repeats().explain(f"{PARA}\n\n{OTHER}\n\n{PARA}\n")
    assert out == f"{PARA}\n\n{OTHER}\n"
    assert len(changes) == 1
    assert changes[0].line == 5
    assert changes[0].reason.endswith("a copy of line 1")


# -- properties --------------------------------------------------------------------------


@settings(max_examples=1500, database=None, deadline=None)
@given(any_text)
def test_total_idempotent_and_explained_the_same_way(text: str) -> None:
    out, changes = Repeats().explain(text)
    assert out == apply(text)
    assert apply(out) == out
    assert bool(changes) == (out != text)


@settings(max_examples=1500, database=None, deadline=None)
@given(any_text)
def test_only_later_copies_go(text: str) -> None:
    """Every removed line repeats a line that is kept above it."""
    out, changes = Repeats().explain(text)
    lines = split(text)
    removed = {c.line - 1 for c in changes}
    for index in removed:
        key = heuristics.key(lines[index])
        assert any(heuristics.key(lines[i]) == key for i in range(index) if i not in removed)
    kept = [line for i, line in enumerate(lines) if i not in removed and line.strip()]
    assert [line for line in split(out) if line.strip()] == kept


@settings(max_examples=1000, database=None, deadline=None)
@given(documents)
def test_layout_stays_normalised_and_the_body_stays(doc: Doc) -> None:
    text = doc.text + doc.text  # the whole document captured twice
    out = apply(text)
    assert normalised(out)
    assert out.count(doc.body[-1]) >= 1


def test_a_glued_lede_captured_twice_goes_in_one_run() -> None:
    """Why ``headline`` runs before ``repeats``: splitting a glued copy off the lede can
    reveal that the lede occurs again further down."""
    head = "Russia denies supplying Taliban after NATO claim"
    text = f"{head}\n\n{head} {PARA}\n\n{OTHER}\n\n{PARA}\n"
    once = textwash.clean(text)
    assert once == f"{head}\n\n{PARA}\n\n{OTHER}\n"
    assert textwash.clean(once) == once
