"""Runs whose inputs, outputs or resume state are on object storage: the plan and the state.

The rest of such a run is a local run's: the same :class:`~textwash.runner.Task` s (their
``source`` and ``target`` are URLs, which the runner opens through
:mod:`textwash.io.storage`), the same engines and the same report. What differs:

* the inputs are listed from object storage (:func:`~textwash.io.storage.list_inputs`,
  in pages), with the local walker's rules for globs;
* output locations are joined as keys, not as paths, and there are no folders to create;
* an output location that is an input's, or holds one, is refused as on disk, and one
  inside an input prefix is never listed as input;
* the resume state is a set of completion markers (:mod:`textwash.markers`) rather than
  the local journal, under ``--state`` (a URL or a folder) or, by default, in the user
  cache folder, one per output location.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from textwash.cache import Entry, user_cache_dir
from textwash.formats import FORMATS, detect, output_name
from textwash.io.files import Globs, Input, Problem, UnsafeLayoutError, find_inputs
from textwash.io.storage import Location, check_writable, list_inputs, object_sizes
from textwash.markers import Markers
from textwash.runner import Task, Write


def uses_storage(*texts: str | os.PathLike[str] | None) -> bool:
    """Whether any of these locations is on object storage (no import, no request)."""
    from textwash.io.storage import is_remote

    return any(text is not None and is_remote(text) for text in texts)


@dataclass
class Plan:
    """The tasks of a run, the inputs they come from (by task index), and what was refused."""

    tasks: list[Task] = field(default_factory=list)
    inputs: dict[int, Input] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    output: Location | None = None


def check_layout(roots: Sequence[Location], output: Location) -> list[Location]:
    """Refuse an output location that is, or holds, an input; return the inputs' prefixes
    that hold the output (never to be listed as inputs)."""
    check_writable(output)
    skip = []
    for root in roots:
        if root == output or (root.protocol == output.protocol and root.path == output.path):
            raise UnsafeLayoutError(
                f"the output location {output.url} is the input {root.url}; choose another"
            )
        if output.contains(root):
            raise UnsafeLayoutError(
                f"the output location {output.url} holds the input {root.url}; outputs "
                "could overwrite inputs: choose an output location outside it"
            )
        if root.contains(output):
            skip.append(output)
    return skip


def _places(roots: Sequence[Location]) -> list[str]:
    """Each root's place in the output layout: nothing for one root (its objects keep
    their place under it), else its path under the deepest prefix holding every root (as
    :func:`~textwash.io.files.layout_base` does on disk)."""
    if len(roots) == 1:
        return [""]
    if len({root.protocol for root in roots}) > 1:
        raise UnsafeLayoutError("inputs on different protocols cannot share one output layout")
    parents = [root.path.split("/")[:-1] for root in roots]
    depth = 0
    while all(len(p) > depth and p[depth] == parents[0][depth] for p in parents):
        depth += 1
    return ["/".join(root.path.split("/")[depth:]) for root in roots]


def plan(
    paths: Sequence[str],
    *,
    write: Write,
    output: str | None,
    include: Globs,
    exclude: Globs,
    format_name: str | None = None,
    follow_symlinks: bool = False,
) -> Plan:
    """List the inputs (local or on object storage) and give each its task.

    Raises :class:`~textwash.io.files.UnsafeLayoutError` for an output location that could
    overwrite an input, :class:`~textwash.io.storage.LocationError` for one that cannot be
    used at all.
    """
    if write is Write.IN_PLACE:
        raise UnsafeLayoutError(
            "--in-place rewrites local files only: write to an output location with -o"
        )
    roots = [Location.parse(p) for p in paths]
    out = Location.parse(output) if output is not None else None
    result = Plan(output=out)
    skip = check_layout(roots, out) if out is not None else []
    items: list[Input] = []
    if all(root.is_local for root in roots):
        from pathlib import Path

        local, problems = find_inputs(
            [Path(r.path) for r in roots],
            include=include,
            exclude=exclude,
            follow_symlinks=follow_symlinks,
        )
        items, result.problems = local, problems
    elif any(root.is_local for root in roots):
        raise UnsafeLayoutError("local paths and object storage cannot be inputs of one run")
    else:
        places = _places(roots)
        for root, place in zip(roots, places, strict=True):
            for page, problems in list_inputs([root], include=include, exclude=exclude, skip=skip):
                result.problems += problems
                for stored in page:
                    if not place:
                        rel = stored.rel
                    elif stored.path == root.url:  # a named object
                        rel = place
                    else:
                        rel = f"{place}/{stored.rel}"
                    items.append(dataclasses.replace(stored, rel=rel))
    owner: dict[str, str] = {}
    for item in items:
        fmt = FORMATS[format_name] if format_name else detect(item.path.rsplit("/", 1)[-1])
        if fmt is None:
            result.problems.append(
                Problem(item.path, "unknown format (by its name); say which with --format", True)
            )
            continue
        target: str | None = None
        if out is not None:
            target = out.join(output_name(item.rel, fmt)).url
            if target in owner:
                result.problems.append(
                    Problem(item.path, f"its output {target} is also that of {owner[target]}", True)
                )
                continue
            owner[target] = item.path
        index = len(result.tasks)
        result.tasks.append(Task(index, item.real, item.path, fmt.name, target, item.size))
        result.inputs[index] = item
    return result


# -- resume state ------------------------------------------------------------------------------


def default_state(output: Location) -> Location:
    """The state location of an output location when ``--state`` names none: a folder of
    the user cache folder, one per output location (as for local output folders)."""
    digest = hashlib.sha256(output.url.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in output.path.rsplit("/", 1)[-1])
    return Location("file", str(user_cache_dir() / "outputs" / f"{name[:40] or 'root'}-{digest}"))


class MarkerState:
    """The resume cache's interface (``done``, ``record``, ``close``) over completion
    markers, for :func:`textwash.engines.clean_files`.

    The outputs present are listed once, when the state is opened; markers are written in
    background threads as files finish (a PUT takes tens of milliseconds: one at a time
    on the driver, a million files would take hours) and :meth:`close` waits for them.
    """

    def __init__(
        self, markers: Markers, plan: Plan, *, threads: int = 16, ignore_existing: bool = False
    ) -> None:
        self.markers = markers
        self.folder = markers.root
        self._by_source = {task.source: plan.inputs[task.index] for task in plan.tasks}
        self._output = plan.output
        self._outputs: dict[str, int] = (
            {} if plan.output is None or ignore_existing else dict(object_sizes(plan.output))
        )
        if ignore_existing:
            markers.found.clear()
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="textwash-marker")
        self._pending: list[Future[None]] = []

    @classmethod
    def open(
        cls, state: Location, key: str, plan: Plan, *, ignore_existing: bool = False
    ) -> MarkerState:
        return cls(Markers.open(state, key), plan, ignore_existing=ignore_existing)

    def _output_rel(self, output: str | None) -> str:
        if output is None or self._output is None:
            return ""
        return output[len(self._output.url) :].lstrip("/")

    def __len__(self) -> int:
        return len(self.markers)

    def done(self, path: str, fmt: str, output: str | None = None) -> bool:
        item = self._by_source.get(path)
        return item is not None and self.markers.done(
            item, fmt, self._output_rel(output), self._outputs
        )

    def record_all(self, finished: Iterable[tuple[str, Entry]]) -> None:
        for path, entry in finished:
            self.record(path, entry)

    def record(self, path: str, entry: Entry) -> None:
        item = self._by_source.get(path)
        if item is None or entry.output is None or entry.output_size is None:
            return
        rel, size = self._output_rel(entry.output), entry.output_size
        self._pending.append(
            self._pool.submit(
                self.markers.record, item, entry.format, rel, size, output=entry.output
            )
        )
        if len(self._pending) > 256:
            self._pending = [f for f in self._pending if not f.done()]

    def close(self) -> None:
        """Wait for every marker being written (a marker that could not be written only
        means its input is redone next time)."""
        for future in self._pending:
            with contextlib.suppress(Exception):
                future.result()
        self._pending = []
        self._pool.shutdown(wait=True)
