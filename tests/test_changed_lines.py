"""The count of changed lines ``clean`` reports: the same as comparing every line."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from textwash import changed_lines
from textwash.changed_lines import lines_changed


def every_line_compared(before: str, after: str) -> int:
    """The definition: all lines of both texts as multisets, nothing left out."""
    gone, came = Counter(before.split("\n")), Counter(after.split("\n"))
    return max(sum((gone - came).values()), sum((came - gone).values()))


#: Lines from a small alphabet, so that texts share lines, prefixes and suffixes often.
lines = st.lists(st.sampled_from(["", "a", "ab", "b a", "a\u00e9", "x" * 700, " "]), max_size=12)


@given(lines, lines, lines)
def test_same_count_as_comparing_every_line(
    head: list[str], old: list[str], new: list[str]
) -> None:
    tail = head[::-1]
    before = "\n".join(head + old + tail)
    after = "\n".join(head + new + tail)
    assert lines_changed(before, after) == every_line_compared(before, after)


@given(st.text(alphabet="ab\n\u00e9", max_size=40), st.text(alphabet="ab\n\u00e9", max_size=40))
def test_same_count_on_any_text(before: str, after: str) -> None:
    assert lines_changed(before, after) == every_line_compared(before, after)


def test_a_change_inside_one_block_of_a_long_text() -> None:
    body = "".join(f"line {i}\n" for i in range(2000))
    changed = body.replace("line 1000\n", "line 1000 changed\n")
    assert lines_changed(body, changed) == 1
    assert lines_changed(body, body[: body.index("line 1990")]) == 10
    assert lines_changed(body, "new top\n" + body) == 1
    assert len(body) // 10 > changed_lines._BLOCK  # the blocks were walked, not one slice
