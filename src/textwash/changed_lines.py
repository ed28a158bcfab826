"""How many lines a change touched: the count ``clean`` reports per filter.

The count is asked after every change a filter makes while ``clean`` runs, so it must cost
about what the change itself touched, not the whole document: most changes are local (a
cut at the tail, a headline copy at the top, a few repaired characters), yet splitting both
versions into lines and comparing them line by line in Python cost more than a tenth of
the pipeline's time. The unchanged text around the change is found by comparing blocks of
characters (each comparison one C call), and only the lines in between are split and
counted.
"""

from __future__ import annotations

from collections import Counter

#: Characters compared at once while looking for the first and last difference: large
#: enough that a long unchanged stretch costs few calls, small enough that the block
#: holding the difference is cheap to copy and search.
_BLOCK = 512


def _common_prefix(a: str, b: str, limit: int) -> int:
    """How many leading characters ``a`` and ``b`` share, up to ``limit``."""
    start = 0
    while start < limit:
        end = min(start + _BLOCK, limit)
        if a[start:end] != b[start:end]:
            # The first difference is in this block: halve it until it is found.
            while end - start > 1:
                middle = (start + end) // 2
                if a[start:middle] == b[start:middle]:
                    start = middle
                else:
                    end = middle
            return start
        start = end
    return limit


def _common_suffix(a: str, b: str, limit: int) -> int:
    """How many trailing characters ``a`` and ``b`` share, up to ``limit``."""
    size_a, size_b = len(a), len(b)
    done = 0
    while done < limit:
        step = min(_BLOCK, limit - done)
        if a[size_a - done - step : size_a - done] != b[size_b - done - step : size_b - done]:
            # The last difference is in this block: halve it until it is found.
            while step > 1:
                half = step // 2
                if (
                    a[size_a - done - half : size_a - done]
                    == b[size_b - done - half : size_b - done]
                ):
                    done += half
                    step -= half
                else:
                    step = half
            return done
        done += step
    return limit


def lines_changed(before: str, after: str) -> int:
    """How many lines differ: the larger of lines gone and lines new (as multisets).

    The lines the two texts share before the first difference and after the last are left
    out first; taking an equal line out of both multisets changes neither difference, so
    the count is that of all lines.

    >>> lines_changed("a\\nb\\nc\\n", "a\\nB\\nc\\n"), lines_changed("a\\nb\\n", "a\\n")
    (1, 1)
    >>> lines_changed("same\\n", "same\\n"), lines_changed("a\\nb\\nc", "c\\nb\\na")
    (0, 0)
    """
    if before == after:
        return 0
    prefix = _common_prefix(before, after, min(len(before), len(after)))
    start = before.rfind("\n", 0, prefix) + 1  # the lines above it are the same in both
    suffix = _common_suffix(before, after, min(len(before), len(after)) - start)
    # The shared end, from its first line break: whole lines, the same in both.
    end = before.find("\n", len(before) - suffix)
    if end == -1:
        old, new = before[start:], after[start:]
    else:
        old, new = before[start:end], after[start : len(after) - (len(before) - end)]
    old_lines, new_lines = old.split("\n"), new.split("\n")
    # Lines gone are the old lines but those they share with the new ones, and lines new
    # the other way round; the shared count is taken line by line in C (``Counter``'s own
    # subtraction loops in Python).
    gone, came = Counter(old_lines), Counter(new_lines)
    shared = gone.keys() & came.keys()
    common = sum(map(min, map(gone.__getitem__, shared), map(came.__getitem__, shared)))
    return max(len(old_lines), len(new_lines)) - common
