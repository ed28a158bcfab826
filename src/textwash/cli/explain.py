"""``clean --explain FILE``: which filter changes what in one file, line by line, and why."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from textwash.cli.output import Output, describe_change, say_fit_failed

if TYPE_CHECKING:
    from textwash.cli.settings import Settings
    from textwash.formats import Format


def explain_changes(path: Path, pipeline: Any, settings: Settings, out: Output) -> int:
    """Print each record's changes (filter, line, before and after, the reason); the
    exit code: 1 when the file or a record of it cannot be read, as in a run."""
    from textwash.formats import FORMATS, FormatError, detect
    from textwash.formats.compression import CodecError
    from textwash.runner import explain_file

    fmt: Format | None = (
        FORMATS[settings.format_name] if settings.format_name else detect(path.name)
    )
    if fmt is None:
        raise click.BadParameter(
            f"unknown format for {path.name}; say which with --format", param_hint="--explain"
        )
    if not is_regular_file(path):  # a pipe would wait for a writer forever
        out.error(f"{path}: not a regular file (pipe, socket or device)")
        return 1
    if pipeline.corpus_filters:
        from textwash.engines import FitError, fit_corpus_filters, plan
        from textwash.engines.local import LocalEngine
        from textwash.io.files import Input
        from textwash.runner import Job, Write

        tasks, _ = plan(
            [Input(str(path), path.name, os.path.realpath(path), path.stat().st_size)],
            write=Write.NOTHING,
            format_name=fmt.name,
        )
        try:
            job = fit_corpus_filters(
                Job(
                    pipeline,
                    Write.NOTHING,
                    text_key=settings.text_key,
                    encoding=settings.encoding,
                    html=settings.html,
                ),
                tasks,
                LocalEngine(1),
            )
        except FitError as error:
            say_fit_failed(error, out)
            return 1
        pipeline = job.pipeline
        out.warn("corpus filters were fitted on this one file only")
    changed = 0
    unreadable = 0
    try:
        for item in explain_file(
            str(path), fmt, pipeline, settings.text_key, settings.encoding, settings.html
        ):
            where = f"{path}:{item.line}" if item.line is not None else str(path)
            if item.row is not None:
                where = f"{path}:row {item.row}"
            if isinstance(item.result, str):
                out.error(f"{where}: {item.result}")
                unreadable += 1
                continue
            changes = item.result.changes
            if not changes:
                continue
            changed += 1
            ident = f" (id {item.id})" if item.id is not None else ""
            head = f"{where}{ident}: {len(changes)} change{'s' * (len(changes) != 1)}"
            in_record = item.line is not None or item.row is not None
            body = [f"  {describe_change(change, in_record=in_record)}" for change in changes]
            out.stdout("\n".join([head, *body]) + "\n")
    except (OSError, FormatError, CodecError) as error:
        message = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        out.error(f"{path}: {message}")
        return 1
    if not changed:
        out.info(f"{path}: no changes")
    return 1 if unreadable else 0  # a shard with bad lines fails, as in any other run


def is_regular_file(path: Path) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # let reading it say what is wrong
