"""The headline filter: copies at the top kept once, ledes and headline-less texts alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings

from strategies_structure import Doc, any_text, documents, normalised, titled_pages
from textwash import Pipeline
from textwash.filters.headline import MAX_LINES_OVER_TOOLS, Headline
from textwash.structure import heuristics
from textwash.structure.lines import split

HEAD = "Russia denies supplying Taliban after NATO claim"
LEDE = (
    "Russia on March 24 denied allegations by the commander of NATO that Moscow may be "
    "assisting the Taliban as the insurgents fight U.S. and NATO forces in Afghanistan."
)
BODY = "“These claims are absolutely false,” Zamir Kabulov told RIA Novosti state news agency."
ONCE = f"{HEAD}\n\n{LEDE}\n\n{BODY}\n"

apply = Headline().apply


@pytest.mark.parametrize(
    "text",
    [
        f"{HEAD}\n{HEAD}\n\n{LEDE}\n\n{BODY}\n",
        f"{HEAD}\n\n{HEAD}\n\n{LEDE}\n\n{BODY}\n",
        f"{HEAD}\n\n{HEAD}\n{HEAD}\n\n{LEDE}\n\n{BODY}\n",
        f"{HEAD}\n\n{HEAD} {LEDE}\n\n{BODY}\n",  # the last copy glued to the lede
        f"{HEAD}\n\n{HEAD}\n\n{HEAD} {LEDE}\n\n{BODY}\n",  # seed 000
        f"{HEAD}\n\n{HEAD.upper()}\n\n{LEDE}\n\n{BODY}\n",  # case
        f"{HEAD}\n\n{'  '.join(HEAD.split())}\n\n{LEDE}\n\n{BODY}\n",  # spacing
    ],
)
def test_copies_at_the_top_are_kept_once(text: str) -> None:
    assert apply(text) == ONCE


def test_copies_differing_in_quote_style_are_copies() -> None:
    head = "Kremlin’s envoy says “no” to talks"
    text = f'{head}\n\nKremlin\'s envoy says "no" to talks\n\n{LEDE}\n\n{BODY}\n'
    assert apply(text) == f"{head}\n\n{LEDE}\n\n{BODY}\n"


@pytest.mark.parametrize("suffixed", [f"{HEAD} | The Moscow Times", f"{HEAD} - Site News"])
def test_the_copy_without_the_site_name_is_kept(suffixed: str) -> None:
    assert apply(f"{suffixed}\n\n{HEAD}\n\n{LEDE}\n\n{BODY}\n") == ONCE
    assert apply(f"{HEAD}\n\n{suffixed}\n\n{LEDE}\n\n{BODY}\n") == ONCE
    # the copy without it may be the one glued to the lede
    assert apply(f"{suffixed}\n\n{HEAD} {LEDE}\n\n{BODY}\n") == ONCE
    assert apply(f"{suffixed}\n\n{suffixed}\n\n{HEAD} {LEDE}\n\n{BODY}\n") == ONCE


def test_a_glued_copy_after_a_site_named_copy() -> None:
    text = f"{HEAD} | Reuters\n\n{HEAD}\n\n{HEAD} {LEDE}\n\n{BODY}\n"
    assert apply(text) == ONCE


@pytest.mark.parametrize(
    "text",
    [
        # a lede that merely starts with the headline's words
        "Fire hits mill\n\nFire hits mill in the north of the city, officials said.\n",
        f"{HEAD}\n\n{HEAD} on Tuesday, officials said in Kabul.\n",  # lowercase: same clause
        f"{HEAD}\n\n{HEAD} Monday, officials said in Kabul.\n",  # a day name continues it
        f"{HEAD}\n\n{HEAD}, officials said in Kabul.\n",  # a comma continues it
        f"{HEAD}\n\n{HEAD} March, officials said.\n",  # a month that opens no dateline
        # headline-less articles
        f"{LEDE}\n\n{BODY}\n",
        f"{LEDE}\n\n{LEDE}\n",  # a repeated paragraph is the repeats filter's business
        # the title repeated further down is not at the top
        f"{HEAD}\n\n{LEDE}\n\n{HEAD}\n\n{BODY}\n",
        # a song: a short first line repeated is left alone
        "Oh\nOh\nI wanna hold your hand\n",
        "Let it be, let it be,\nLet it be, let it be,\nWhisper words of wisdom\n",
        # a copy that goes on is not a copy
        "Weeks in Firefox - Nightly News\n\nWeeks in Firefox - Nightly News Highlights\n",
        # a day name before a date that opens no dateline continues the clause
        f"{HEAD}\n\n{HEAD} Monday 3 March, officials said.\n",
        # a page titled with one word and a site name goes on with its own first row
        "Mozilla - Wikipedia\n\nMozilla\n\nIndustry\nOpen-source software\n",
        "Mozilla | Wikipedia\nMozilla\nIndustry\n",
        "",
        "\n",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert apply(text) == text


@pytest.mark.parametrize(
    "lede",
    [
        "MOSCOW: Russia on Friday denied the claims.",
        "LONDON (Reuters) - Russia on Friday denied the claims.",
        "March 24 - Russia denied the claims made by NATO.",
        "260 people were evacuated from Sangin overnight, officials said.",
        "“These claims are absolutely false,” Kabulov said.",
        "(Reuters) Russia denied the claims.",
        "Analysis",
        "Photo: AP",
        "Not again.",
        "Россия в пятницу опровергла эти заявления.",
        "俄罗斯周五否认了这些说法。",
        "Tuesday 15 October 2019 by Bradley M. Kuhn",
        "Tuesday, March 24 - Russia denied the claims.",
        "Tue, Nov 5, 2019: Russia denied the claims.",
        "@noksutagram Russia denied the claims.",
        "<The Palace: Tale of Jang Noksu> performance",
    ],
)
def test_a_glued_copy_is_split_from_any_lede_that_opens_a_block(lede: str) -> None:
    for separator in ("\n\n", "\n"):
        once = f"{HEAD}{separator}{lede}{separator}{BODY}\n"
        assert apply(f"{HEAD}{separator}{HEAD} {lede}{separator}{BODY}\n") == once
        glued = f"{HEAD}{separator}{HEAD}{separator}{HEAD} {lede}{separator}{BODY}\n"
        assert apply(glued) == once


@pytest.mark.parametrize(
    "lede",
    [
        "MOSCOW: Russia on Friday denied the claims.",
        "LONDON (Reuters) - Russia on Friday denied the claims.",
        "SANTA FE, N.M. (AP) — Russia on Friday denied the claims.",
        "March 24 - Russia denied the claims made by NATO.",
        "“These claims are absolutely false,” Kabulov said.",
        "260 people were evacuated from Sangin overnight.",
    ],
)
@pytest.mark.parametrize("site", ["| BBC News", "- Reuters", "| The Moscow Times", "- Channel 4"])
def test_a_glued_copy_with_a_site_name_is_split_where_a_dateline_or_quote_follows(
    lede: str, site: str
) -> None:
    _assert_the_site_named_copy_is_split_from(lede, site)


def _assert_the_site_named_copy_is_split_from(lede: str, site: str) -> None:
    for separator in ("\n\n", "\n"):
        once = f"{HEAD}{separator}{lede}{separator}{BODY}\n"
        assert apply(f"{HEAD}{separator}{HEAD} {site} {lede}{separator}{BODY}\n") == once


@pytest.mark.parametrize(
    "lede",
    [
        "Russia on Friday denied the claims.",  # "BBC News Russia" may be the site's name
        "Vladimir Putin on Friday denied the claims.",
        "BAAR, SWITZERLAND",
        "Kindle書籍を読む場合は、パソコンでそのまま読みたい時もあります。",
    ],
)
def test_a_glued_copy_with_a_site_name_stays_where_the_name_may_go_on(lede: str) -> None:
    text = f"{HEAD}\n\n{HEAD} | BBC News {lede}\n\n{BODY}\n"
    assert apply(text) == text


@pytest.mark.parametrize(
    ("site", "lede"),
    [
        ("| BBC News", "Photo: AP"),  # a label
        ("| The Daily Star", "Photo: AP"),
        ("| BBC News", "In July 2018, we recommended a grant."),  # a function word
        ("- Reuters", "The Jupiter moon Europa's plumes seem to be real."),
        ("| The Moscow Times", "The big teardown is done, and the results are in."),
        ("| BBC News", "Not again."),
        ("| Reuters", "Though widgets are popular, mixing units works best."),
        ("| The Daily Star", "福娘童話集 > きょうのイソップ童話"),  # a script without capitals
        ("- The Moscow Times", "Posted by Andrew Hayden, Software Engineer"),  # a label word
        ("| example.com", "Breaking news"),
    ],
)
def test_a_glued_copy_with_a_site_name_is_split_where_no_site_name_goes_on(
    site: str, lede: str
) -> None:
    _assert_the_site_named_copy_is_split_from(lede, site)


@pytest.mark.parametrize("site", ["| The Moscow Times", "- example.com", "| The Daily Star"])
@pytest.mark.parametrize("label", ["Updated", "Analysis", "Exclusive"])
def test_a_lone_label_after_a_copys_site_name_is_the_lede(site: str, label: str) -> None:
    _assert_the_site_named_copy_is_split_from(label, site)


@pytest.mark.parametrize("label", ["Updated", "Weekly", "Video"])
def test_a_site_name_named_elsewhere_or_ending_in_another_word_goes_with_its_copy(
    label: str,
) -> None:
    named = f"{BODY} The Moscow Times reported it first.\n"
    text = f"{HEAD}\n\n{HEAD} | The Moscow Times {label}\n\n{LEDE}\n\n{named}"
    assert apply(text) == f"{HEAD}\n\n{LEDE}\n\n{named}"
    if label != "Updated":
        text = f"{HEAD}\n\n{HEAD} | The Moscow Times {label}\n\n{LEDE}\n\n{BODY}\n"
        assert apply(text) == ONCE


def test_a_copy_glued_without_a_space_is_split() -> None:
    glued = LEDE.replace("Russia on", f"{HEAD}Russia on", 1)
    assert apply(f"{HEAD}\n\n{glued}\n\n{BODY}\n") == ONCE
    assert apply(f"{HEAD}\n\n{HEAD}\n\n{glued}\n\n{BODY}\n") == ONCE
    dateline = f"LONDON (Reuters) - {LEDE}"
    want = f"{HEAD}\n\n{dateline}\n\n{BODY}\n"
    assert apply(f"{HEAD}\n\n{HEAD}{dateline}\n\n{BODY}\n") == want
    korean = "엘제이-류화영 진흙탕 싸움, 공적인 사안으로 봐야하는 이유"
    assert apply(f"{korean}\n{korean}WASHINGTON — 엘제이의 리벤지인가\n") == (
        f"{korean}\nWASHINGTON — 엘제이의 리벤지인가\n"
    )


@pytest.mark.parametrize("lede", ["A case of plague was reported.", "I joined the team in May."])
def test_a_copy_glued_without_a_space_to_a_one_letter_word_is_split(lede: str) -> None:
    head = "Hunter catches plague after eating wild rabbit"
    once = f"{head}\n\n{lede}\n\n{BODY}\n"
    assert apply(f"{head}\n\n{head}{lede}\n\n{BODY}\n") == once


def test_a_one_letter_word_glued_to_a_capital_or_seen_elsewhere_stays() -> None:
    head = "Hunter catches plague after eating wild rabbit"
    for lede, body in (
        ("A Case of plague was reported.", BODY),  # "rabbitA Case": no word in lower case
        ("A case of plague was reported.", "The rabbitA case is closed."),  # written so
    ):
        text = f"{head}\n\n{head}{lede}\n\n{body}\n"
        assert apply(text) == text


def test_a_word_written_in_camel_case_elsewhere_is_no_glued_copy() -> None:
    text = "Apple unveils new Mac\n\nApple unveils new MacBook Pro with a bigger screen.\n\nThe MacBook Pro ships in May.\n"
    assert apply(text) == text


@pytest.mark.parametrize("name", ["Monday’s", "Monday's", "March’s"])
def test_a_possessive_day_or_month_name_opens_the_lede(name: str) -> None:
    head = "MacBook sale at Amazon from $700, AirPods, more"
    lede = f"{name} best deals include various MacBook models from $700 at Amazon."
    assert apply(f"{head}\n\n{head} {lede}\n") == f"{head}\n{lede}\n"


@pytest.mark.parametrize("top", ["\n\n", "\n"])
def test_a_lede_without_blank_lines_below_it_follows_the_headline_directly(top: str) -> None:
    short = "Coloque nos seus favoritos.\nVenha sempre conferir.\n"
    assert apply(f"{HEAD}{top}{HEAD}{top}{LEDE}\n") == f"{HEAD}\n{LEDE}\n"
    assert apply(f"{HEAD}{top}{HEAD} {LEDE}\n") == f"{HEAD}\n{LEDE}\n"
    assert apply(f"{HEAD}{top}{HEAD}{top}{short}") == f"{HEAD}\n{short}"


@pytest.mark.parametrize(
    ("head", "lede"),
    [
        ("Google - Site Reliability Engineering", "Monitoring Distributed Systems"),
        ("Classificação NASCAR - Autoracing", "Not again."),
        ("Weeks in Firefox - Nightly News", "Breaking news"),
        ("Weeks in Firefox - Nightly News", "Photo: AP"),
        ("Mozilla - Wikipedia", "Analysis"),
        ("Mozilla - Wikipedia", "Mozilla"),
    ],
)
def test_a_short_lede_is_split_from_a_headline_whose_site_name_it_cannot_extend(
    head: str, lede: str
) -> None:
    for separator in ("\n\n", "\n"):
        body = separator.join([LEDE, LEDE.replace("March", "April"), BODY])
        once = f"{head}{separator}{lede}{separator}{body}\n"
        assert apply(f"{head}{separator}{head} {lede}{separator}{body}\n") == once
        assert apply(f"{head}\n{head}\n{head} {lede}{separator}{body}\n") == once


@pytest.mark.parametrize(
    ("separator", "top"), [("\n\n", "\n"), ("\n", "\n\n"), ("\n\n", "\n\n"), ("\n", "\n")]
)
def test_the_headline_and_lede_are_separated_like_the_paragraphs(separator: str, top: str) -> None:
    body = separator.join([BODY, BODY.replace("Kabulov", "Lavrov"), BODY.replace("RIA", "TASS")])
    want = f"{HEAD}{separator}{LEDE}{separator}{body}\n"
    assert apply(f"{HEAD}{top}{HEAD} {LEDE}{separator}{body}\n") == want
    assert apply(f"{HEAD}{top}{HEAD}{top}{LEDE}{separator}{body}\n") == want


@pytest.mark.parametrize("separator", ["\n\n", "\n"])
def test_the_layout_of_unspaced_paragraphs_is_told_too(separator: str) -> None:
    """A paragraph of Japanese has no spaces: it is one "word" to ``str.split``."""
    head = "欲張りなイヌ ＜福娘童話集 きょうのイソップ童話＞"
    paragraph = "肉をくわえたイヌが、橋を渡っていました。ふと下を見ると、川の中にも肉をくわえたイヌがいます。"
    body = separator.join([paragraph, paragraph.replace("イヌ", "ネコ"), paragraph[::-1]])
    want = f"{head}{separator}{body}\n"
    assert apply(f"{head}\n{head}\n{head} {body}\n") == want
    assert apply(f"{head}\n{head}{separator}{body}\n") == want


def test_the_layout_is_told_by_the_paragraphs_not_by_a_list_below_them() -> None:
    rail = "Related\nVolcano erupts near Iceland\nGlacier melts faster\nMuseum reopens\n"
    want = f"{HEAD}\n\n{LEDE}\n\n{rail}"
    assert apply(f"{HEAD}\n\n{HEAD} {LEDE}\n\n{rail}") == want


def test_explain_names_the_line_each_copy_repeats() -> None:
    text = f"{HEAD}\n\n{HEAD}\n\n{HEAD} {LEDE}\n\n{BODY}\n"
    out, changes = Headline().explain(text)
    assert out == ONCE
    assert [(c.line, c.after) for c in changes] == [(3, ""), (5, LEDE)]
    assert all("headline on line 1" in c.reason for c in changes)


def test_same_headline_and_glued_remainder() -> None:
    assert heuristics.same_headline(HEAD, HEAD.upper() + " | Reuters")
    assert not heuristics.same_headline(HEAD, HEAD + " again")
    assert heuristics.glued_remainder(f"{HEAD} {LEDE}", HEAD) == LEDE
    assert heuristics.glued_remainder(f"{HEAD}? {LEDE}", HEAD + "?") == LEDE
    assert heuristics.glued_remainder(f"{HEAD} “{LEDE}”", HEAD) == f"“{LEDE}”"


# -- properties --------------------------------------------------------------------------


@settings(max_examples=1500, database=None, deadline=None)
@given(any_text)
def test_total_idempotent_and_explained_the_same_way(text: str) -> None:
    out, changes = Headline().explain(text)
    assert out == apply(text)
    assert apply(out) == out
    assert bool(changes) == (out != text)


@settings(max_examples=1000, database=None, deadline=None)
@given(documents)
def test_one_headline_and_every_body_line_survive(doc: Doc) -> None:
    out = apply(doc.text)
    assert normalised(out)
    lines = [line for line in split(out) if line.strip()]
    if doc.headline is not None:
        assert lines[0] == doc.headline
        assert not heuristics.same_headline(doc.headline, lines[1])
    position = 0
    for line in doc.body:  # in order, each once, unchanged
        position = lines.index(line, position) + 1


@settings(max_examples=300, database=None, deadline=None)
@given(titled_pages)
def test_a_page_titled_with_its_subject_keeps_the_row_naming_it(doc: Doc) -> None:
    lines = [line for line in split(apply(doc.text)) if line.strip()]
    assert lines == [doc.headline, *doc.body]


@settings(max_examples=1500, database=None, deadline=None)
@given(any_text)
def test_only_the_top_changes(text: str) -> None:
    """Changed lines are the first line and a run of copies after it, then one lede; the
    page's tools go from among the first lines of text only."""
    _, found = Headline().explain(text)
    lines = split(text)
    tools = {c.line - 1 for c in found if c.reason.startswith("page tools")}
    for index in tools:
        above = [i for i in range(index) if lines[i].strip() and i not in tools]
        assert len(above) <= MAX_LINES_OVER_TOOLS
    changes = [c for c in found if c.line - 1 not in tools]
    if not changes:
        return
    first = next(i for i, line in enumerate(lines) if line.strip() and i not in tools)
    last = max(c.line - 1 for c in changes)
    changed = {c.line - 1 for c in changes} | tools
    between = [i for i in range(first + 1, last) if lines[i].strip()]
    assert all(i in changed for i in between)
    rewritten = [c for c in changes if c.after and c.line - 1 != first]
    assert all(c.line - 1 == last for c in rewritten)


# -- real titles -------------------------------------------------------------------------


def test_real_titles_are_kept_once_and_bodies_untouched(shared_data: Path) -> None:
    """The Readability test pages' titles, prepended to their expected article text."""
    pages = shared_data / "mozilla-readability-testpages"
    if not pages.is_dir():
        pytest.skip(f"{pages} not found (set TEXTWASH_DATA)")
    to_text = Pipeline(["markup", "whitespace"])
    checked = 0
    for folder in sorted(p for p in pages.iterdir() if (p / "expected.html").is_file()):
        meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        title = to_text((meta.get("title") or "").strip()).strip()
        html = (folder / "expected.html").read_text(encoding="utf-8")
        body = "\n".join(line.strip() for line in split(to_text(html))).strip("\n") + "\n"
        if not title or not body.strip() or heuristics.same_headline(title, split(body)[0]):
            continue
        assert apply(body) == body, folder.name
        once = f"{title}\n\n{body}"
        assert apply(once) == once, folder.name
        # the copies go; the title and the body are then separated as the body's
        # paragraphs are (a blank line, or a line break where lines follow directly)
        for text in (f"{title}\n\n{title}\n\n{body}", f"{title}\n{title}\n\n{title}\n\n{body}"):
            assert apply(text) in (once, f"{title}\n{body}"), folder.name
        checked += 1
    assert checked >= 100


def test_a_lede_followed_by_a_blank_line_keeps_one_above_it_over_a_table_below() -> None:
    """Rows of a table one under the other say nothing of how the paragraphs are set."""
    rows = "\n".join(
        f"DL Player {n} played {60 - n} snaps, {n} tackles, one sack and {n} hurries in all"
        for n in range(1, 9)
    )
    want = f"{HEAD}\n\n{LEDE}\n\nDefensive line\n\n{rows}\n"
    assert apply(f"{HEAD}\n\n{HEAD}\n\n{LEDE}\n\nDefensive line\n\n{rows}\n") == want


REPRINTS = (
    "This copy is for your personal, non-commercial use only. To order presentation-ready "
    "copies for distribution to your colleagues, clients or customers visit "
    "http://www.djreprints.com."
)


def test_the_pages_share_print_and_reprint_links_under_the_headline_go() -> None:
    text = f"{HEAD}\n- Order Reprints\n- Print Article\n{REPRINTS}\n{LEDE}\n{BODY}\n"
    assert apply(text) == f"{HEAD}\n{LEDE}\n{BODY}\n"
    assert Headline().trigger().fires(text)


def test_page_tools_go_above_a_first_line_that_is_no_headline() -> None:
    title = "Home Depot Stock Is Falling. Why You Shouldn’t Worry."
    text = f"{title}\n\nShare  Tweet\n\n{LEDE}\n\n{BODY}\n"
    assert apply(text) == f"{title}\n\n{LEDE}\n\n{BODY}\n"


def test_a_copy_under_the_page_tools_goes_in_the_same_run() -> None:
    text = f"{HEAD}\n\nShare\n\n{HEAD}\n\n{LEDE}\n\n{BODY}\n"
    assert apply(text) == ONCE
    assert apply(apply(text)) == apply(text)


@pytest.mark.parametrize(
    "text",
    [
        # a network's name alone under the dek: a photo credit or a kicker, not a button
        f"{HEAD}\n\nTwitter\n\n{LEDE}\n",
        # below the first paragraph, a "Print" line is the article's (a how-to's heading)
        f"{HEAD}\n\n{LEDE}\n\nPrint\n\n{BODY}\n",
        # below the headline and three more lines of text, none is looked for
        f"{HEAD}\nBy Jane Doe\nMarch 24, 2019\nReuters\nShare\n{LEDE}\n",
        # nothing but tools: no page's top over an article
        "Share\nPrint\n",
    ],
)
def test_lines_that_may_be_the_articles_own_stay(text: str) -> None:
    assert apply(text) == text


@pytest.mark.parametrize(
    "tool",
    [
        "Share",
        "Print this article",
        "Share via Email",
        "Click to share on Twitter (Opens in new window)",
        "Facebook Twitter Email LinkedIn Reddit Pinterest",
        "Reprints & Permissions",
        "Partager",
        "Condividi",
        "Teilen",
        "Compartir",
        "Поделиться",
        REPRINTS,
    ],
)
def test_each_kind_of_page_tool_under_the_headline_goes(tool: str) -> None:
    """The cheap test of a line's words lets through every line the furniture table calls
    a share, print or reprint line or a rights notice."""
    assert apply(f"{HEAD}\n{tool}\n{LEDE}\n") == f"{HEAD}\n{LEDE}\n"
