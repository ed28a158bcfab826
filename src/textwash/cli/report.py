"""``clean --report FILE``: the summary as JSON, or as a page of what each filter cut."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from textwash.audit.sample import Sampler
    from textwash.report import Report


class AuditPage:
    """``--report FILE.html``: the sampler the run feeds and the pipeline it cleaned with."""

    SUFFIXES = (".html", ".htm")

    def __init__(self, sampler: Sampler, pipeline: Any) -> None:
        self.sampler = sampler
        self.pipeline = pipeline

    @classmethod
    def wanted(cls, path: Path | None, report: Report, pipeline: Any) -> AuditPage | None:
        """The audit page, when the report's name asks for one (and the report then
        merges the samples into it)."""
        if path is None or path.suffix.lower() not in cls.SUFFIXES:
            return None
        from textwash.audit.sample import Sampler

        report.samples = Sampler()
        return cls(report.samples, pipeline)


def write_report(
    path: Path,
    report: Report,
    config_path: Path | None,
    filters: Sequence[str],
    audit: AuditPage | None = None,
) -> bool:
    from textwash.io.atomic import write_atomic

    data = report.to_json(
        configuration=str(config_path) if config_path else None, pipeline=list(filters)
    )
    if audit is not None:
        from textwash.audit.page import build_page

        text = build_page(data, audit.sampler, audit.pipeline, check=report.check)
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as error:
        click.echo(f"error: cannot write the report {path}: {error.strerror}", err=True)
        return False
    return True
