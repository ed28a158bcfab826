"""The trigger contract: where a filter's trigger does not fire, the filter changes nothing.

A pipeline skips a filter whose trigger stays silent on a text, so a trigger that misses
something the filter would do loses a repair without a trace. These properties hold the
triggers to the contract (:mod:`textwash.filters.base`) for every registered filter, with
its options at their defaults and at other values, on generated news documents, damaged
ones and arbitrary text; and they hold the pipeline's combined scan to the triggers.
"""

from __future__ import annotations

import dataclasses
import typing
import unicodedata
from typing import Any
from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import strategies
import strategies_structure
from textwash import Document, Pipeline
from textwash.filters import repeats
from textwash.filters.base import Filter, Trigger
from textwash.filters.registry import available_filters, filter_class
from textwash.filters.repeats import FOLDS_TO_ASCII, Repeats
from textwash.structure.lines import split

#: Values tried for an option, by its type, besides its default.
_TRIED: dict[Any, tuple[Any, ...]] = {
    int: (0, 1, 2, 3, 5, 8, 100),
    float: (0.0, 0.1, 0.5, 1.0),
    bool: (False, True),
    bool | None: (None, False, True),
}


def _variants(cls: type[Filter]) -> list[Filter]:
    """The filter with default options, and with each option changed in turn."""
    found: list[Filter] = [cls()]
    hints = typing.get_type_hints(cls)
    for option in dataclasses.fields(cls):  # type: ignore[arg-type]
        kind = hints[option.name]
        values = _TRIED.get(kind, typing.get_args(kind) if typing.get_origin(kind) else ())
        for value in values:
            if value != option.default and not isinstance(value, type):
                try:
                    found.append(cls(**{option.name: value}))
                except (TypeError, ValueError):
                    continue
    return found


#: Every document filter the registry knows, with its option variants.
VARIANTS = [
    variant
    for name in available_filters()
    if issubclass(filter_class(name), Filter)
    for variant in _variants(filter_class(name))  # type: ignore[arg-type]
]
TRIGGERED = [f for f in VARIANTS if f.trigger() is not None]

#: Copies that only case folding or words outside ASCII show to be copies.
TRICKY_REPEATS = [
    "Stra\u00dfe and the lines of the long paragraph end.\nSTRASSE AND THE LINES OF THE LONG PARAGRAPH END.\n",
    "\u212aelvin was here today, said the report.\nkelvin was here today, said the report.\n",
    "\u041c\u0438\u0440 \u0438 \u0432\u043e\u0439\u043d\u0430.\n\u043c\u0438\u0440 \u0438 \u0432\u043e\u0439\u043d\u0430!\n",
]

#: Realistic documents (repair damage, structure: headlines, teasers, repeats) and any text.
texts = st.one_of(strategies.documents, strategies_structure.any_text)


def test_the_default_filters_declare_triggers() -> None:
    names = {f.name for f in TRIGGERED}
    assert set(Pipeline.default().names) <= names


@pytest.mark.parametrize("f", TRIGGERED, ids=repr)
@given(text=texts)
@example(text=TRICKY_REPEATS[0])
@example(text=TRICKY_REPEATS[1])
@example(text=TRICKY_REPEATS[2])
@example(text="Cafe\u0301 au lait\n")
@example(text="Title\n\n\u201cTITLE\u201d and it goes on here.\n")
@example(text="a\n\n\nb")
@example(text="AT&T and R&D; &&&#35;108;t; Br&n\u200bbsp;idge")
def test_where_the_trigger_is_silent_the_filter_changes_nothing(f: Filter, text: str) -> None:
    trigger = f.trigger()
    assert isinstance(trigger, Trigger)
    if not trigger.fires(text):
        assert f.apply(text) == text


@given(text=texts)
def test_the_combined_scan_agrees_with_each_trigger(text: str) -> None:
    pipeline = Pipeline.default().enable("boilerplate").disable("boilerplate")
    plan = pipeline._plan()
    scanned = plan.scan(text)
    for index, f in enumerate(plan.filters):
        trigger = f.trigger()
        fires = scanned[index] or plan.check(index, text)
        assert fires == (trigger is None or trigger.fires(text)), f.name
        assert plan.chars_fire(index, text) == scanned[index], f.name  # one filter alone


@given(text=texts)
@example(text="Br&n\u200bbsp;idge")
@example(text="half. </p\u00ad>Officials")
def test_triggers_change_no_output_only_the_time(text: str) -> None:
    for pipeline in (Pipeline.default(), Pipeline.default().for_whole_files()):
        every = pipeline.ignoring_triggers()
        doc = Document(text)
        assert pipeline.run_with_stats(doc) == every.run_with_stats(doc)


def test_the_characters_that_case_fold_to_ascii_are_all_listed() -> None:
    found = {
        chr(i)
        for i in range(0x80, 0x110000)
        if not 0xD800 <= i < 0xE000 and any(c.isascii() for c in chr(i).casefold())
    }
    assert found == set(FOLDS_TO_ASCII), unicodedata.unidata_version


REPEATS = [f for f in TRIGGERED if isinstance(f, Repeats)]


@pytest.mark.parametrize("f", REPEATS, ids=repr)
@given(text=texts)
@example(text=TRICKY_REPEATS[0])
@example(text=TRICKY_REPEATS[1])
@example(text=TRICKY_REPEATS[2])
def test_repeats_finds_the_same_copies_looking_only_at_its_candidates(
    f: Repeats, text: str
) -> None:
    every_line = list(range(len(split(text))))
    with mock.patch.object(repeats._LAST, "candidates", lambda _: every_line):
        reference = f.edits(text)
    assert f.edits(text) == reference


def test_repeats_looks_only_at_lines_whose_hash_another_shares() -> None:
    para = "The ministry said on Friday that the talks would resume next week in Geneva."
    text = f"{para}\n\nA line.\n\n{para.upper()}\n\nAnother line.\n"
    assert Repeats(min_words=5).apply(text) == f"{para}\n\nA line.\n\nAnother line.\n"
    assert not Repeats().trigger().fires("A line.\n\nAnother line.\n\n\n")


def test_the_teasers_trigger_sees_a_list_under_a_heading_far_above() -> None:
    """The last line of a rail may have a shape only a heading far above admits (a short
    item in lower case): the trigger must read up to that heading, not the last two lines."""
    from textwash.filters.teasers import Teasers

    body = (
        "The council approved the budget for the new tram line on Tuesday after a long "
        "debate about costs, routes and the timetable for construction in the north. "
    ) * 3
    rail = [
        "More stories",
        "Flooding closes roads across the valley as rivers rise",
        "Stocks slide in Tokyo after weak export figures",
        "Minister resigns over leaked memo on hospital funding",
        "linux video",
    ]
    text = body.strip() + "\n\n" + "\n".join(rail) + "\n"
    teasers = Teasers()
    assert teasers.apply(text) != text
    trigger = teasers.trigger()
    assert trigger is not None and trigger.check is not None and trigger.check(text)


KEEPERS = [f for f in VARIANTS if f.keeps_after_line_removal]


def test_the_line_by_line_filters_keep_their_word_after_lines_are_taken_out() -> None:
    assert {f.name for f in KEEPERS} == {"mojibake", "repeats"}


@pytest.mark.parametrize("f", KEEPERS, ids=repr)
@given(text=texts, data=st.data())
@example(text=TRICKY_REPEATS[0], data=None)
@example(text="Caf\u00c3\u00a9 one\n\u00e2\u20ac\u0153two\u00e2\u20ac\n", data=None)
def test_a_clean_text_stays_clean_when_lines_are_taken_out(
    f: Filter, text: str, data: st.DataObject | None
) -> None:
    clean = f.apply(text)
    lines = clean.split("\n")
    if data is None:  # every way of taking out one line, and all of them
        kept = [lines[:i] + lines[i + 1 :] for i in range(len(lines))] + [[]]
    else:
        kept = [[line for line in lines if data.draw(st.booleans())]]
    for some in kept:
        shorter = "\n".join(some)
        assert f.apply(shorter) == shorter, (clean, shorter)


def test_after_a_cut_at_the_end_the_pipeline_does_not_look_again_with_repeats() -> None:
    body = (
        "The council approved the budget for the new tram line on Tuesday after a long "
        "debate about costs, routes and the timetable for construction in the north.\n"
        "Photo: AP\n\nThe mayor said the first trams would run in the spring of next year.\n"
        "Photo: AP\n"
    )
    text = body + "Sign up for our newsletter\n"
    looks: list[str] = []
    original = Repeats.removes_a_line

    def counted(self: Repeats, text: str) -> bool:
        looks.append(text)
        return original(self, text)

    with mock.patch.object(Repeats, "removes_a_line", counted):
        assert Pipeline.default()(text) == body
    assert looks == [text]  # once, before the cut; its candidates are still there
    calls: list[str] = []
    with mock.patch.object(Repeats, "apply", lambda self, text: calls.append(text) or text):
        assert Pipeline.default().ignoring_triggers()(text) == body
    assert calls == [text, body]  # without triggers it looks again at the text after the cut


ADDERS = [f for f in VARIANTS if f.adds_chars is not None]


def test_the_filters_that_add_few_characters_say_so() -> None:
    assert {f.name for f in ADDERS} >= {"whitespace", "headline", "repeats"}


@pytest.mark.parametrize("f", ADDERS, ids=repr)
@given(text=texts)
@example(text="Title\u2028Body\r\nmore\u00a0text\x0c")
@example(text="Fire hits mill\n\nFire hits mill Crews fought it all night long.\n")
def test_a_filter_adds_only_the_characters_it_declares(f: Filter, text: str) -> None:
    assert f.adds_chars is not None
    assert set(f.apply(text)) - set(text) <= f.adds_chars


def test_the_pipeline_reads_a_text_for_trigger_characters_once_where_it_can() -> None:
    """Only spaces came from the whitespace filter's change, and no trigger holds them."""
    pipeline = Pipeline.default()
    plan = pipeline._plan()
    scans: list[str] = []
    original = plan.scan

    def counted(text: str) -> list[bool]:
        scans.append(text)
        return original(text)

    text = "<b>Bold</b> move\u00a0by the council on Tuesday.\n"
    with mock.patch.object(plan, "scan", counted):
        assert pipeline(text) == "Bold move by the council on Tuesday.\n"
    assert len(scans) == 2  # the text, and the markup filter's output; not whitespace's


def test_a_filter_whose_characters_may_be_gone_is_asked_again_not_run() -> None:
    """The whitespace filter removed its own characters; after a later change the scan it
    left behind is asked again for it alone, and it does not run on a text with none."""
    from textwash.filters.whitespace import Whitespace

    para = (
        "The ministry said on Friday that the talks would resume next week in Geneva, and "
        "that both delegations had already agreed on the agenda for the first day."
    )
    text = f"{para}\u00a0\n\nA second paragraph.\n\n{para}\n\nThe end of the story.\n"
    calls: list[str] = []
    original = Whitespace.apply

    def counted(self: Whitespace, text: str) -> str:
        calls.append(text)
        return original(self, text)

    with mock.patch.object(Whitespace, "apply", counted):
        out = Pipeline.default()(text)
    assert out == f"{para}\n\nA second paragraph.\n\nThe end of the story.\n"
    assert calls == [text]


#: The filters whose trigger is silent on their own output: a second look at it costs
#: nothing (the pipeline knows the answer).
QUIET = [f for f in TRIGGERED if f.silent_on_own_output]


def test_the_filters_silent_on_their_own_output_say_so() -> None:
    assert {f.name for f in QUIET} == {"repeats", "whitespace"}


@pytest.mark.parametrize("f", QUIET, ids=repr)
@given(text=texts)
@example(text="Share\n\nA line.\n\nShare\n")
@example(text="Photo: AP\nThe mayor spoke.\nPhoto: AP\n")
@example(text=TRICKY_REPEATS[2])
@example(text="a \u00a0\n\n\n\u200b\nb  ")
def test_a_trigger_is_silent_on_its_filters_own_output(f: Filter, text: str) -> None:
    trigger = f.trigger()
    assert trigger is not None
    out = f.apply(text)
    assert not trigger.fires(out), out


NEWLINE_KEEPERS = [f for f in VARIANTS if f.keeps_after_final_newline]


def test_the_repair_filters_keep_their_word_after_a_final_line_break() -> None:
    assert {f.name for f in NEWLINE_KEEPERS} == {"markup", "mojibake", "apostrophes"}


@pytest.mark.parametrize("f", NEWLINE_KEEPERS, ids=repr)
@given(text=texts)
@example(text="Caf\u00c3\u00a9 one\n\u00e2\u20ac\u0153two\u00e2\u20ac")
@example(text="The Kremlin\u00b4s line <b")
@example(text="it was don\u00e2\u0080")
@example(text="Plain text &amp")
def test_a_clean_text_stays_clean_when_a_line_break_ends_it(f: Filter, text: str) -> None:
    clean = f.apply(text).rstrip("\n")
    if f.apply(clean) != clean:
        return  # a text the filter would change is outside the promise
    assert f.apply(clean + "\n") == clean + "\n", clean


def test_after_a_final_line_break_the_pipeline_does_not_look_again_with_the_repairs() -> None:
    text = "Caf\u00e9 owners said the rent doubled.\n\nThe council will vote on Friday."
    pipeline = Pipeline.default().for_whole_files()
    calls: list[str] = []
    plan = pipeline._plan()
    real = plan.check

    def counted(index: int, version: str) -> bool:
        calls.append(plan.filters[index].name)
        return real(index, version)

    with mock.patch.object(plan, "check", counted):
        assert pipeline(text) == text + "\n"
    # each filter asked once: none again after whitespace added the line break
    assert len(calls) == len(set(calls)), calls
