"""Which filters of a pipeline can act on a text, decided with one scan of it.

Every filter may declare a trigger (:class:`textwash.filters.base.Trigger`): characters,
substrings, a bounded test. A pipeline asks this module, for each version of the text it
runs on, which of its filters' triggers fire, and runs only those filters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from textwash.filters.base import ChangeKind, Filter, char_class


class TriggerScan:
    """A pipeline's document filters and what can make each act, compiled for one scan.

    The characters of every trigger go into one character class; a search finds the first
    trigger character in the text, marks the filters it belongs to, and goes on from there
    with the class of the filters not yet marked. So the text is read once, however many
    filters there are, and a text without any trigger character costs one fast search.
    A filter that makes a narrower kind of change when only some of its characters occur
    (:attr:`Filter.change_kind_with_only`) gets a second mark, after the filters, for its
    other characters: the same scan tells the two cases apart.

    >>> from textwash.filters.apostrophes import Apostrophes
    >>> from textwash.filters.markup import Markup
    >>> scan = TriggerScan([Markup(), Apostrophes()], use_triggers=True)
    >>> scan.scan("The Kremlin\u00b4s <b>line</b>"), scan.scan("AT&T said no")
    ([True, True], [False, False])
    """

    def __init__(self, filters: list[Filter], *, use_triggers: bool) -> None:
        self.filters = filters
        self.use_triggers = use_triggers
        triggers = [f.trigger() if use_triggers else None for f in filters]
        self.triggers = triggers
        #: Per filter: it declared a trigger (else it always runs).
        self.triggered = [t is not None for t in triggers]
        #: Per filter: its trigger has characters, looked for in the combined scan.
        self.has_chars = [t is not None and bool(t.chars) for t in triggers]
        #: Per filter: its trigger has substrings or a check (else its characters decide).
        self.has_check = [
            t is not None and (bool(t.substrings) or t.check is not None) for t in triggers
        ]
        #: Per filter: the kinds of change after which its substrings and check stay silent
        #: on a text they were silent on.
        self.check_silent_after: list[frozenset[ChangeKind]] = [
            f.check_silent_after if use_triggers else frozenset() for f in filters
        ]
        #: Per filter: its trigger is silent on its own output.
        self.silent_on_own_output = [use_triggers and f.silent_on_own_output for f in filters]
        #: Per filter: the kinds of change after which a test of what they can have woken
        #: answers for its substrings and check (:attr:`Trigger.after`).
        self.after: list[dict[ChangeKind, Callable[[str], bool]]] = [
            {} if t is None else dict(t.after) for t in triggers
        ]
        #: Per filter: the kind of change it makes when its trigger's characters are only
        #: some (:attr:`Filter.change_kind_with_only`), and the mark of its other ones.
        self.with_only: list[tuple[int, ChangeKind] | None] = [None] * len(filters)
        marks = len(filters)
        for i, (f, t) in enumerate(zip(filters, triggers, strict=True)):
            only = f.change_kind_with_only
            if t is not None and only is not None and frozenset(t.chars) - only[0]:
                self.with_only[i] = (marks, only[1])
                marks += 1
        #: Per filter: the kinds of change that wake its check only near some characters
        #: (:attr:`Trigger.woken_only_by`), and the mark of those characters.
        self.woken_marks: list[dict[ChangeKind, int]] = [{} for _ in filters]
        woken_chars: dict[int, str] = {}
        for i, t in enumerate(triggers):
            for kind, chars in () if t is None else t.woken_only_by:
                self.woken_marks[i][kind] = marks
                woken_chars[marks] = chars
                marks += 1
        #: How many marks the scan gives: one per filter, then the second marks, then the
        #: marks of the characters near which a change can wake a check.
        self.marks = marks
        #: The filters that keep their word when lines are taken out of a text.
        self.keep_after_line_removal = [
            i for i, f in enumerate(filters) if use_triggers and f.keeps_after_line_removal
        ]
        #: The filters that keep their word when a line break is added at a text's end.
        self.keep_after_final_newline = [
            i for i, f in enumerate(filters) if use_triggers and f.keeps_after_final_newline
        ]
        self._owners: dict[str, int] = {}  # character -> bit mask of the filters it fires
        self._astral = 0  # the filters with a character beyond U+FFFF
        self._scanned = 0  # filters with characters
        for i, t in enumerate(triggers):
            if t is None:
                continue
            second = self.with_only[i]
            some = filters[i].change_kind_with_only
            for char in t.chars:
                mask = 1 << i
                if second is not None and some is not None and char not in some[0]:
                    mask |= 1 << second[0]
                self._owners[char] = self._owners.get(char, 0) | mask
                self._scanned |= mask
                if ord(char) > 0xFFFF:
                    self._astral |= mask
        for mark, chars in woken_chars.items():
            for char in chars:
                self._owners[char] = self._owners.get(char, 0) | 1 << mark
                self._scanned |= 1 << mark
                if ord(char) > 0xFFFF:
                    self._astral |= 1 << mark
        self._classes: dict[int, re.Pattern[str]] = {}
        #: Per filter: the filters whose characters its output may add (``None``: any).
        self.added_owners = [
            None if f.adds_chars is None else self._marked(f.adds_chars) for f in filters
        ]

    def _marked(self, chars: frozenset[str]) -> list[int]:
        """The filters the scan marks when ``chars`` occur in a text."""
        mask = 0
        for char in chars:
            mask |= self._astral if ord(char) > 0xFFFF else self._owners.get(char, 0)
        return [i for i in range(self.marks) if mask >> i & 1]

    def _class(self, mask: int) -> re.Pattern[str]:
        found = self._classes.get(mask)
        if found is None:
            found = char_class(c for c, owners in self._owners.items() if owners & mask)
            self._classes[mask] = found
        return found

    def scan(self, text: str) -> list[bool]:
        """Per filter: one of its trigger's characters occurs in ``text`` (``True`` too for a
        filter without a trigger; the rest of a trigger is :meth:`check`'s); then per second
        mark (:attr:`with_only`): one of that filter's other characters occurs; then per
        mark of :attr:`woken_marks`: one of its characters occurs."""
        fired = 0
        remaining = self._scanned
        position = 0
        while remaining:
            match = self._class(remaining).search(text, position)
            if match is None:
                break
            char = match.group()
            owners = self._astral if ord(char) > 0xFFFF else self._owners[char]
            fired |= owners
            remaining &= ~owners
            position = match.end()
        found = [t is None or bool(fired >> i & 1) for i, t in enumerate(self.triggers)]
        found.extend(bool(fired >> i & 1) for i in range(len(found), self.marks))
        return found

    def chars_fire(self, index: int, text: str) -> bool:
        """Whether one of filter ``index``'s trigger characters occurs in ``text`` (the
        scan for that filter alone)."""
        if not self.has_chars[index]:
            return self.triggers[index] is None  # as :meth:`scan` answers for it
        return self._class(1 << index).search(text) is not None

    def check(self, index: int, text: str) -> bool:
        """The rest of filter ``index``'s trigger: its substrings and its bounded test,
        asked only when its characters did not fire and the filter is about to run."""
        t = self.triggers[index]
        if t is None:
            return True
        return any(s in text for s in t.substrings) or (t.check is not None and t.check(text))

    def after_change(self, index: int, kind: ChangeKind, text: str) -> bool:
        """:meth:`check` for a text it answered no for before one change of ``kind`` (and
        perhaps cuts at the end): the filter's test of what that change can have woken
        (:attr:`Trigger.after`)."""
        test = self.after[index].get(kind)
        return self.check(index, text) if test is None else test(text)
