"""A datatrove pipeline step that cleans each document's text with textwash.

``pip install 'textwash[datatrove]'``. Put :class:`TextwashCleaner` between a reader and a
writer of a `datatrove <https://github.com/huggingface/datatrove>`_ pipeline, as FineWeb-style
pipelines do with their own formatters::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from textwash.integrations.datatrove import TextwashCleaner

    LocalPipelineExecutor(
        pipeline=[
            JsonlReader("crawl/"),
            TextwashCleaner(disable=["teasers"], options={"repeats": {"min_chars": 40}}),
            JsonlWriter("clean/"),
        ],
        tasks=8,
    ).run()

Each document's text is cleaned as ``Pipeline.run`` cleans a record (it keeps its own
ending); its id and metadata are handed to the filters and left as they are. The step's
stats say, per filter, how many documents it changed (``<filter>_changed``) and how many
lines (``<filter>_lines``), how many documents changed at all (``changed``), and how many
were dropped for being left empty (``dropped_empty``) or kept unchanged because a filter
failed on them (``filter_failed``: one bad document does not stop a task of millions).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

try:
    from datatrove.pipeline.base import PipelineStep
except ImportError as error:  # pragma: no cover - the extra is missing
    raise ImportError(
        "textwash.integrations.datatrove needs datatrove: pip install 'textwash[datatrove]'"
    ) from error

from textwash.document import Document as TextwashDocument
from textwash.pipeline import Pipeline

if TYPE_CHECKING:
    from datatrove.data import Document, DocumentsPipeline


class TextwashCleaner(PipelineStep):  # type: ignore[misc]
    """Clean ``Document.text`` with a textwash pipeline.

    ``pipeline``: what to run (default: :meth:`Pipeline.default`); ``enable`` and
    ``disable`` change it by filter name, as ``clean --enable/--disable`` do, and ``options``
    sets filters' options (``{"teasers": {"min_block": 4}}``, as
    ``[tool.textwash.filters.teasers]`` does; a filter named there is enabled). Corpus filters
    must be fitted and bound first (:meth:`Pipeline.bind`): a step sees one task's documents,
    not the corpus. ``drop_empty``: drop documents that cleaning left empty or blank.
    """

    name = "🧼 textwash"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        pipeline: Pipeline | None = None,
        *,
        enable: Iterable[str] = (),
        disable: Iterable[str] = (),
        options: Mapping[str, Mapping[str, Any]] | None = None,
        drop_empty: bool = False,
    ) -> None:
        super().__init__()
        pipeline = Pipeline.default() if pipeline is None else pipeline
        for filter_name in enable:
            if filter_name not in pipeline.names:
                pipeline = pipeline.enable(filter_name)
        for filter_name, settings in (options or {}).items():
            pipeline = pipeline.enable(filter_name, **dict(settings))
        disabled: Sequence[str] = tuple(disable)
        if disabled:
            pipeline = pipeline.disable(*disabled)
        if pipeline.corpus_filters:
            names = ", ".join(f.name for f in pipeline.corpus_filters)
            raise ValueError(
                f"corpus filter {names} must be fitted and bound (Pipeline.bind) before "
                "it can clean a datatrove task's documents"
            )
        self.pipeline = pipeline
        self.drop_empty = drop_empty

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from textwash.runner import FilterError, clean_document

        if data is None:
            return
        for document in data:
            self.stat_update("documents")
            with self.track_time():
                try:
                    cleaned, counts = clean_document(self.pipeline, _textwash(document))
                except FilterError as error:
                    self.stat_update("filter_failed")
                    self.stat_update(f"{error.name}_failed")
                    yield document
                    continue
            for filter_name, count in counts.items():
                if count.changed:
                    self.stat_update(f"{filter_name}_changed")
                    self.stat_update(f"{filter_name}_lines", value=count.lines)
            if cleaned.text != document.text:
                self.stat_update("changed")
                document.text = cleaned.text
            if self.drop_empty and not document.text.strip():
                self.stat_update("dropped_empty")
                continue
            self.update_doc_stats(document)
            yield document


def _textwash(document: Document) -> TextwashDocument:
    return TextwashDocument(document.text, str(document.id), None, document.metadata)
