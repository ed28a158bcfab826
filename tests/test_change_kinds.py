"""Kinds of change: what a filter says its changes are, and which changes leave its trigger's
check silent (:class:`textwash.filters.base.ChangeKind`).

A pipeline believes these declarations instead of asking a trigger again, so a wrong one
loses a repair without a trace. Each is checked here with Hypothesis: the changes a filter
says it makes are of that kind, and a change of a kind a filter names never wakes its check
on a text it was silent on.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable
from typing import ClassVar
from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from test_triggers import TRICKY_REPEATS, TRIGGERED, VARIANTS, texts
from textwash import Pipeline
from textwash.filters.base import ChangeKind, Filter, Trigger
from textwash.pipeline import cut_at_end, final_newline_added


def _check_fires(trigger: Trigger, text: str) -> bool:
    """The trigger without its characters: its substrings and its check."""
    return any(s in text for s in trigger.substrings) or (
        trigger.check is not None and trigger.check(text)
    )


def _is_subsequence(some: list[str], lines: list[str], *, dropped_blank: bool) -> bool:
    """Whether ``some`` are some of ``lines`` in their order (those left out empty, when
    ``dropped_blank``)."""
    rest = iter(lines)
    for line in some:
        for other in rest:
            if other == line:
                break
            if dropped_blank and other:
                return False
        else:
            return False
    return not dropped_blank or not any(rest)


def _plain(text: str) -> str:
    """``text`` with every space separator (Unicode category Zs) a plain space."""
    return "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)


def is_change_of_kind(before: str, after: str, kind: ChangeKind) -> bool:
    """Whether ``after`` is ``before`` changed as ``kind`` says (its definition, spelled out)."""
    if kind is ChangeKind.CUT_AT_END:
        return cut_at_end(before, after)
    if kind is ChangeKind.FINAL_NEWLINE:
        return final_newline_added(before, after)
    if kind is ChangeKind.LINES_OUT:
        return after == "" or _is_subsequence(
            after.split("\n"), before.split("\n"), dropped_blank=False
        )
    if kind is ChangeKind.SPACES:
        plain = _plain(before)
        return plain == after or is_change_of_kind(plain, after, ChangeKind.LINE_ENDS)
    stripped = [line.rstrip(" \t") for line in before.split("\n")]
    lines = after.split("\n")
    return _is_subsequence(lines, stripped, dropped_blank=True) or (
        lines[-1] == "" and _is_subsequence(lines[:-1], stripped, dropped_blank=True)
    )


def change_of_kind(data: st.DataObject, text: str, kind: ChangeKind) -> str:
    """Some change of ``kind`` to ``text``, drawn by Hypothesis."""
    lines = text.split("\n")
    if kind is ChangeKind.CUT_AT_END:
        kept = "\n".join(lines[: data.draw(st.integers(0, len(lines) - 1))])
        if kept and text.endswith("\n") and data.draw(st.booleans()):
            kept += "\n"
        return kept if cut_at_end(text, kept) else ""  # (an empty line last: only as before)
    if kind is ChangeKind.FINAL_NEWLINE:
        return text if text.endswith("\n") else text + "\n"
    if kind is ChangeKind.LINES_OUT:
        return "\n".join(line for line in lines if data.draw(st.booleans()))
    if kind is ChangeKind.SPACES:
        return change_of_kind(data, _plain(text), ChangeKind.LINE_ENDS)
    stripped = [line.rstrip(" \t") for line in lines]
    kept = [line for line in stripped if line or data.draw(st.booleans())]
    return "\n".join(kept) + ("\n" if data.draw(st.booleans()) else "")


@pytest.mark.parametrize("kind", list(ChangeKind), ids=lambda k: k.name)
@given(text=texts, data=st.data())
def test_the_changes_drawn_are_of_their_kind(
    kind: ChangeKind, text: str, data: st.DataObject
) -> None:
    changed = change_of_kind(data, text, kind)
    if changed != text:
        assert is_change_of_kind(text, changed, kind), changed


def test_the_kinds_spelled_out() -> None:
    assert is_change_of_kind("a \n\n\nb\t", "a\n\nb\n", ChangeKind.LINE_ENDS)
    assert not is_change_of_kind("a \nb", "b", ChangeKind.LINE_ENDS)  # a line with words
    assert not is_change_of_kind("a\n\n\nb", "a\nb\nb", ChangeKind.LINE_ENDS)
    assert is_change_of_kind("a\nb\nc", "a\nc", ChangeKind.LINES_OUT)
    assert not is_change_of_kind("a\nb\nc", "c\na", ChangeKind.LINES_OUT)
    assert is_change_of_kind("a\u00a0b\u2009\n\n\nc", "a b\n\nc", ChangeKind.SPACES)
    assert not is_change_of_kind("a\u200bb", "ab", ChangeKind.SPACES)
    assert is_change_of_kind("a\nb\n", "a\n", ChangeKind.CUT_AT_END)


MAKERS = [f for f in VARIANTS if f.change_kind is not None]
MAKERS_WITHOUT_CHARS = [f for f in TRIGGERED if f.change_kind_without_chars is not None]


def test_the_filters_that_make_one_kind_of_change_say_so() -> None:
    assert {f.name for f in MAKERS} == {"repeats"}
    assert {f.name for f in MAKERS_WITHOUT_CHARS} == {"whitespace"}
    assert {f.name for f in MAKERS_WITH_ONLY} == {"whitespace"}


@pytest.mark.parametrize("f", MAKERS, ids=repr)
@given(text=texts)
@example(text=TRICKY_REPEATS[0])
@example(text="Photo: AP\nThe mayor spoke.\n\nPhoto: AP\n")
def test_a_filter_makes_only_the_kind_of_change_it_declares(f: Filter, text: str) -> None:
    assert f.change_kind is not None
    out = f.apply(text)
    assert out == text or is_change_of_kind(text, out, f.change_kind), out


@pytest.mark.parametrize("f", MAKERS_WITHOUT_CHARS, ids=repr)
@given(text=texts)
@example(text="  \n\n\nTitle  \n\n\n\nBody\t\n\n")
@example(text=" \n \n")
def test_without_its_characters_a_filter_makes_the_kind_of_change_it_declares(
    f: Filter, text: str
) -> None:
    trigger = f.trigger()
    assert trigger is not None and f.change_kind_without_chars is not None
    text = "".join(c for c in text if c not in trigger.chars)
    out = f.apply(text)
    assert out == text or is_change_of_kind(text, out, f.change_kind_without_chars), out


MAKERS_WITH_ONLY = [f for f in TRIGGERED if f.change_kind_with_only is not None]


@pytest.mark.parametrize("f", MAKERS_WITH_ONLY, ids=repr)
@given(text=texts)
@example(text="a\u00a0\u2000b \u00a0\n\n\n\u3000\nc\u202f")
def test_with_only_some_characters_a_filter_makes_the_kind_of_change_it_declares(
    f: Filter, text: str
) -> None:
    trigger = f.trigger()
    assert trigger is not None and f.change_kind_with_only is not None
    some, kind = f.change_kind_with_only
    assert all(unicodedata.category(c) == "Zs" for c in some) or kind is not ChangeKind.SPACES
    text = "".join(c for c in text if c not in trigger.chars or c in some)
    out = f.apply(text)
    assert out == text or is_change_of_kind(text, out, kind), out


SILENT = [(f, kind) for f in TRIGGERED for kind in sorted(f.check_silent_after, key=str)]


def test_the_filters_whose_check_stays_silent_say_after_what() -> None:
    declared = {f.name: f.check_silent_after for f, _ in SILENT}
    assert declared == {
        "markup": frozenset(ChangeKind),
        "apostrophes": frozenset(ChangeKind),
        "mojibake": frozenset(ChangeKind) - {ChangeKind.SPACES},
        "headline": {ChangeKind.CUT_AT_END, ChangeKind.FINAL_NEWLINE},
    }


@pytest.mark.parametrize(("f", "kind"), SILENT, ids=repr)
@given(text=texts, data=st.data())
@example(text="Caf\u00e9 \u00fc \n\n\n\u00c3 \n", data=None)
@example(text="AT&amp \n;\n&amp\n\n;", data=None)
@example(text="Fire hits mill\n\n\nFire hits mill in the north of the city.\n", data=None)
@example(text="Fire hits mill\nBy staff\nFire hits mill in the north of the city.\n", data=None)
def test_a_check_stays_silent_after_the_changes_its_filter_names(
    f: Filter, kind: ChangeKind, text: str, data: st.DataObject | None
) -> None:
    trigger = f.trigger()
    assert trigger is not None
    if _check_fires(trigger, text):
        return  # outside the promise
    lines = text.split("\n")
    if data is not None:
        changed = [change_of_kind(data, text, kind)]
    elif kind is ChangeKind.LINES_OUT:  # every way of taking out one line
        changed = ["\n".join(lines[:i] + lines[i + 1 :]) for i in range(len(lines))]
    elif kind is ChangeKind.CUT_AT_END:  # every cut
        changed = ["\n".join(lines[:i]) for i in range(len(lines))]
    else:
        changed = [Pipeline(["whitespace"])(text), text + "\n"]
    for after in changed:
        if after != text and is_change_of_kind(text, after, kind):
            assert not _check_fires(trigger, after), after


AFTER = [(f, kind, test) for f in TRIGGERED for kind, test in f.trigger().after]  # type: ignore[union-attr]


def test_the_filters_whose_check_reads_less_after_a_change_say_after_what() -> None:
    assert {(f.name, kind) for f, kind, _ in AFTER} == {
        ("whitespace", ChangeKind.CUT_AT_END),
        ("mojibake", ChangeKind.SPACES),
    }


@pytest.mark.parametrize(("f", "kind", "test"), AFTER, ids=repr)
@given(text=texts, data=st.data())
@example(text="a\n\nb\n", data=None)
@example(text="a  \nb\n\n\n\nc", data=None)
@example(text="Caf\u00c3\u2009au lait, \u00c2\u202fx\n", data=None)
def test_after_a_change_the_test_of_what_it_woke_says_what_the_check_would(
    f: Filter, kind: ChangeKind, test: Callable[[str], bool], text: str, data: st.DataObject | None
) -> None:
    """Also after the change is followed by cuts at the end."""
    trigger = f.trigger()
    assert trigger is not None
    if _check_fires(trigger, text):
        return  # outside the promise
    if data is None:
        once = Pipeline(["whitespace"])(text) if kind is ChangeKind.SPACES else text
        lines = once.split("\n")
        changed = [once] + [
            "\n".join(lines[:i]) + end for i in range(len(lines)) for end in ("", "\n")
        ]
        changed = [c for c in changed if c == once or cut_at_end(once, c)]
    else:
        once = change_of_kind(data, text, kind)
        changed = [once, change_of_kind(data, once, ChangeKind.CUT_AT_END)]
    if once == text or not is_change_of_kind(text, once, kind):
        return
    for after in changed:
        if _check_fires(trigger, after):
            assert test(after), after


WOKEN = [(f, kind, chars) for f in TRIGGERED for kind, chars in f.trigger().woken_only_by]  # type: ignore[union-attr]


def test_the_filters_whose_check_a_change_wakes_only_near_some_characters_say_so() -> None:
    assert {(f.name, kind) for f, kind, _ in WOKEN} == {("mojibake", ChangeKind.SPACES)}


@pytest.mark.parametrize(("f", "kind", "chars"), WOKEN, ids=repr)
@given(text=texts, data=st.data())
@example(text="Caf\u00e9\u00a0au lait, S\u00c3O\u2009PAULO\u202f\n", data=None)
@example(text="TAMANDU\u00c3\u2009x\n", data=None)
@example(text="x \u00c2\u202fy\n", data=None)
def test_without_its_characters_a_change_does_not_wake_a_check(
    f: Filter, kind: ChangeKind, chars: str, text: str, data: st.DataObject | None
) -> None:
    trigger = f.trigger()
    assert trigger is not None
    if _check_fires(trigger, text) or any(c in text for c in chars):
        return  # outside the promise
    if data is None:
        after = Pipeline(["whitespace"])(text) if kind is ChangeKind.SPACES else text
    else:
        after = change_of_kind(data, text, kind)
    if after != text and is_change_of_kind(text, after, kind):
        assert not _check_fires(trigger, after), after


def _checks_asked(pipeline: Pipeline, text: str) -> tuple[str, list[str], list[str]]:
    """The pipeline's output, and the filters whose check it asked: whole, and where it
    read only what a change can have woken."""
    plan = pipeline._plan()
    whole: list[str] = []
    less: list[str] = []
    check, after_change = plan.check, plan.after_change

    def counted(index: int, version: str) -> bool:
        whole.append(plan.filters[index].name)
        return check(index, version)

    def counted_less(index: int, kind: ChangeKind, version: str) -> bool:
        less.append(plan.filters[index].name)
        return after_change(index, kind, version)

    with (
        mock.patch.object(plan, "check", counted),
        mock.patch.object(plan, "after_change", counted_less),
    ):
        out = pipeline(text)
    return out, whole, less


def test_after_line_ends_are_tidied_the_repairs_are_not_asked_again() -> None:
    text = "Caf\u00e9 owners said the rent doubled.   \n\n\n\nThe council will vote on Friday.  \n"
    out, whole, _ = _checks_asked(Pipeline.default(), text)
    assert out == "Caf\u00e9 owners said the rent doubled.\n\nThe council will vote on Friday.\n"
    assert whole.count("mojibake") == 1 and whole.count("markup") == 1, whole
    _, every, less = _checks_asked(Pipeline.default(), text.replace("   \n", "\u200b\n"))
    assert every.count("mojibake") == 2 and not less  # an invisible character out: asked again


def test_after_odd_spaces_are_made_plain_mojibake_looks_next_to_spaces_only() -> None:
    text = "Caf\u00e9 owners said the rent\u00a0doubled.\n\nThe council will vote on Friday.\n"
    out, whole, less = _checks_asked(Pipeline.default(), text)
    assert out == text.replace("\u00a0", " ")
    assert whole.count("mojibake") == 1 and not less, (whole, less)  # no Ã or Â to look at
    assert whole.count("markup") == 1 and whole.count("apostrophes") == 1, whole
    out, whole, less = _checks_asked(Pipeline.default(), text + "S\u00c3O PAULO\n")
    assert whole.count("mojibake") == 1 and less == ["mojibake"], (whole, less)


@dataclasses.dataclass(frozen=True)
class _Tildes(Filter):
    """A filter with a trigger of characters alone."""

    name: ClassVar[str] = "tildes"
    summary: ClassVar[str] = "tildes removed"

    def trigger(self) -> Trigger:
        return Trigger(chars="~")

    def apply(self, text: str) -> str:
        return text.replace("~", "")


def test_a_trigger_of_characters_alone_is_not_asked_for_the_rest() -> None:
    out, whole, _ = _checks_asked(Pipeline([_Tildes(), "whitespace"]), "Plain text  \n")
    assert out == "Plain text\n" and whole == ["whitespace"], whole


def test_after_a_cut_at_the_end_whitespace_reads_only_the_end() -> None:
    body = (
        "The council approved the budget for the new tram line on Tuesday after a long "
        "debate about costs, routes and the timetable for construction in the north.  \n\n"
        "The mayor said the first trams would run in the spring of next year.\n\n"
    )
    out, whole, ends = _checks_asked(Pipeline.default(), body + "Sign up for our newsletter\n")
    assert out == body.replace("  \n", "\n").rstrip("\n") + "\n"
    assert whole.count("whitespace") == 1 and ends == ["whitespace"], (whole, ends)
