"""Resume state on object storage: one completion marker per finished input.

This is datatrove's pattern (``completions/NNNNN`` under a ``logging_dir``) per input
rather than per rank: once an input's output is complete at its location, a marker is
written under the state location (``--state s3://bucket/state/``, or a local folder); a
later run with the same configuration skips every input whose marker it finds. Object
storage has no rename and no append, so the local state's journal and lock
(:mod:`textwash.cache`) cannot be used there; a marker is one small PUT, visible whole or
not at all, and needs no lock: two runs that both finish an input write the same marker.

What a marker says is in its *name*, so that resuming costs listings only, never a read
per input (one LIST request per 1,000 markers):

``STATE/KEY/SS/DIGEST-SIZE`` where ``KEY`` is the configuration's cache key (a changed
filter, option or release finds no markers), ``DIGEST`` the SHA-256 of the input's place
under the input root, its size and content tag (the ETag on S3, the mtime on disk), its
format and its output's place under the output root, ``SS`` the digest's first two hex
digits (markers spread over 256 prefixes: S3 limits request rates per prefix, and a
listing of a huge state can run by prefix), and ``SIZE`` the output's size. An input is
done when its marker is there and its output still exists with that size. The marker's
body, a line of JSON naming the input and output, is for people.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from textwash.io.files import Input
from textwash.io.storage import Location, object_sizes, write_bytes


def content_tag(item: Input) -> str:
    """What tells a changed input from the one a marker was written for, cheaply."""
    tag = getattr(item, "tag", "")
    if tag:
        return str(tag)
    return str(os.stat(item.real).st_mtime_ns)


def marker_digest(rel: str, size: int, tag: str, fmt: str, output_rel: str) -> str:
    """The digest a marker is named by (see the module docstring).

    >>> marker_digest("a.jsonl", 10, "e1", "jsonl", "a.jsonl")[:12]
    'e08c1be1838d'
    """
    fields = json.dumps([rel, size, tag, fmt, output_rel], separators=(",", ":"))
    return hashlib.sha256(fields.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass
class Markers:
    """The completion markers of one configuration under a state location.

    ``found`` maps the digest of each marker present when the state was opened (and of
    each recorded since) to the output size it records.
    """

    root: Location
    key: str
    found: dict[str, int]

    @classmethod
    def open(cls, state: Location, key: str) -> Markers:
        """List the markers of ``key`` under ``state`` (in pages on object storage)."""
        return cls(state, key, dict(_listed(state.join(key))))

    def __len__(self) -> int:
        return len(self.found)

    def done(self, item: Input, fmt: str, output_rel: str, outputs: Mapping[str, int]) -> bool:
        """Whether ``item``, as it is now, has its output at ``output_rel``: its marker is
        there and ``outputs`` (output place to size, listed at the start of the run) still
        has that output with the size the marker records."""
        digest = marker_digest(item.rel, item.size, content_tag(item), fmt, output_rel)
        size = self.found.get(digest)
        return size is not None and outputs.get(output_rel) == size

    def record(
        self, item: Input, fmt: str, output_rel: str, output_size: int, *, output: str = ""
    ) -> None:
        """Write ``item``'s marker (call only once its output is complete)."""
        digest = marker_digest(item.rel, item.size, content_tag(item), fmt, output_rel)
        body = json.dumps({"input": item.path, "format": fmt, "output": output or output_rel})
        name = f"{digest[:2]}/{digest}-{output_size}"
        write_bytes(self.root.join(f"{self.key}/{name}"), body.encode("utf-8") + b"\n")
        self.found[digest] = output_size


def _listed(folder: Location) -> Iterator[tuple[str, int]]:
    """(digest, output size) of every marker below ``folder``; a name that is not a
    marker's (a stray object, a torn temp file on disk) is ignored."""
    for name, _ in object_sizes(folder):
        digest, _, size = name.rpartition("/")[2].partition("-")
        if len(digest) == 64 and size.isdigit():
            yield digest, int(size)
