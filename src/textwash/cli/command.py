"""The ``clean`` command's flags: parsed and checked here, then handed to a run.

This module only wires things together (as black's ``main`` does): it reads flags and
``[tool.textwash]``, builds the pipeline and starts the run (:mod:`textwash.cli.run`, or
:mod:`textwash.cli.remote` and :mod:`textwash.cli.stdin`); printing lives in
:mod:`textwash.cli.output`. Everything that touches files lives in lower layers
(:mod:`textwash.engines`, :mod:`textwash.runner`, :mod:`textwash.io`), none of which prints.

Only click and the version are imported when the module loads, so ``clean --version``
and ``clean --help`` stay fast; the filters' libraries (ftfy, beautifulsoup4) and tqdm
load when a run starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from textwash._version import __version__
from textwash.cli.output import EXIT_INTERRUPTED, Output, stop_quietly_on_a_closed_pipe
from textwash.cli.settings import Settings, html_options, pipeline_from

if TYPE_CHECKING:
    from textwash.cli.run import Request

#: Formats ``--format`` takes (kept here so that ``--help`` needs no other import).
FORMAT_NAMES = (
    "auto",
    "txt",
    "txt.gz",
    "html",
    "html.gz",
    "jsonl",
    "jsonl.gz",
    "jsonl.zst",
    "parquet",
)
#: What ``--fsync`` takes, as :data:`textwash.io.atomic.FSYNC_MODES` (kept here for ``--help``).
FSYNC_MODES = ("batch", "always", "never")

EPILOG = """\b
Examples:
  clean corpus/ -o cleaned/          clean every known file into cleaned/
  clean corpus/ --check              exit 1 if any file would change
  clean corpus/ --diff | less        show what would change
  clean shard.jsonl.gz --in-place    rewrite the file itself (atomically)
  clean --explain page.txt           which filter changed which line, and why
  clean - < page.txt > cleaned.txt   clean standard input to standard output
  clean --list-filters -v            the filters, with their options

\b
Exit codes:
  0    success: every file cleaned, already clean, or done by an earlier run
  1    a file failed, or --check found files that would change
  2    usage error (bad flag, unknown filter, unsafe output directory)
  130  interrupted; run the same command again to resume
  141  the reader of the output went away (clean --diff | head): stops quietly

\b
Formats are chosen by file name: .txt, .txt.gz, .html/.htm (text extracted,
written as .txt), .jsonl/.ndjson, .jsonl.gz/.json.gz/.ndjson.gz,
.jsonl.zst/.json.zst/.ndjson.zst, .parquet (a text column). Settings can also
come from [tool.textwash] in pyproject.toml or from textwash.toml.
"""


class _PathOrLocation(click.Path):
    """A local path, checked as :class:`click.Path` checks it, or a location on object
    storage (``s3://``, ``gs://``, ``hf://datasets/``), kept as the text given: it is
    listed or opened when the run starts, and fsspec is imported only then."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and "://" in value:
            from textwash.io.storage import Location, LocationError

            try:
                location = Location.parse(value)
            except LocationError as error:
                self.fail(str(error), param, ctx)
            if not location.is_local:
                return value
            value = location.path
        return super().convert(value, param, ctx)


@click.command(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG,
)
@click.argument(
    "paths",
    nargs=-1,
    type=_PathOrLocation(exists=True, allow_dash=True, path_type=Path),
    metavar="[PATH]...",
)
@click.option(
    "-o",
    "--output-dir",
    type=_PathOrLocation(file_okay=False, path_type=Path),
    metavar="OUTDIR",
    help="Write cleaned files here, with the inputs' layout (inputs are not touched).",
)
@click.option("--in-place", is_flag=True, help="Rewrite the input files (atomically).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change.")
@click.option("--diff", is_flag=True, help="Write nothing; print what would change.")
@click.option(
    "--explain",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Show, line by line, which filter changes what in FILE and why.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes [default: every core].",
)
@click.option(
    "--engine",
    "engine_name",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Run on this machine's cores, or on Ray (pip install 'textwash[ray]'; docs/ray.md).",
)
@click.option(
    "--address",
    metavar="ADDRESS",
    help="With --engine ray: the Ray cluster to run on [default: $RAY_ADDRESS, else a new "
    "local Ray instance]. With Ray, -j caps the batches running at once.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Clean only files matching GLOB (repeatable) [default: the known formats].",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip files and folders matching GLOB (repeatable; replaces the default list).",
)
@click.option(
    "--extend-exclude",
    multiple=True,
    metavar="GLOB",
    help="Like --exclude, but added to the default list.",
)
@click.option("--enable", multiple=True, metavar="FILTER", help="Add a filter (repeatable).")
@click.option("--disable", multiple=True, metavar="FILTER", help="Remove a filter (repeatable).")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(FORMAT_NAMES),
    default="auto",
    show_default=True,
    help="Read every file as this format instead of choosing by file name.",
)
@click.option(
    "--text-key",
    metavar="KEY",
    help="JSONL field or Parquet column holding the text [default: text].",
)
@click.option(
    "--encoding",
    metavar="NAME",
    callback=lambda ctx, param, value: _encoding(value),
    help="Read every text and HTML file as NAME (e.g. windows-1252, koi8-r, shift_jis) "
    "[default: UTF-8, else decided per file; docs/encodings.md].",
)
@click.option(
    "--html",
    "html_mode",
    type=click.Choice(["text", "article"]),
    default=None,
    help="What an HTML page becomes: all its visible text, or only its article "
    "(pip install 'textwash[html]') [default: text].",
)
@click.option(
    "--html-title",
    is_flag=True,
    default=None,
    help="With --html article, keep the page's title as the first line.",
)
@click.option(
    "--html-key",
    metavar="KEY",
    default=None,
    help="JSONL records hold a page's HTML in field KEY: its text (as --html says) is "
    "cleaned and written to the --text-key field; the HTML is kept.",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Follow symbolic links that lead outside the inputs.",
)
@click.option(
    "--no-cache", is_flag=True, help="Redo every file, even those an earlier run finished."
)
@click.option(
    "--fsync",
    type=click.Choice(FSYNC_MODES),
    help="Make outputs durable before they replace their targets: once per batch of files, "
    "file by file, or never (a power cut may then empty the latest outputs) [default: batch].",
)
@click.option(
    "--state",
    type=_PathOrLocation(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Keep what a run has finished (to resume) in DIR, a folder or a location such as "
    "s3://bucket/state/ [default: the user cache folder, one per output folder].",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Read settings from FILE instead of looking for one.",
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the summary, with every failure: as JSON (FILE.json), or as a page "
    "showing what each filter cut on a sample of documents, and why (FILE.html).",
)
@click.option(
    "--list-filters",
    is_flag=True,
    help="List the filters that can be enabled and exit (with -v: their options).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print every file and the settings used.")
@click.version_option(__version__, "--version", prog_name="clean (textwash)")
@click.pass_context
def clean(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output_dir: Path | None,
    in_place: bool,
    check: bool,
    diff: bool,
    explain: Path | None,
    jobs: int | None,
    engine_name: str,
    address: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    enable: tuple[str, ...],
    disable: tuple[str, ...],
    format_name: str,
    text_key: str | None,
    encoding: str | None,
    html_mode: str | None,
    html_title: bool | None,
    html_key: str | None,
    follow_symlinks: bool,
    no_cache: bool,
    fsync: str | None,
    state: Path | None,
    config_file: Path | None,
    report_file: Path | None,
    list_filters: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Clean text files the way news and web scrapers leave them.

    Every file under each PATH whose format is known is cleaned by the filter pipeline
    (mojibake, broken apostrophes, stray markup, odd whitespace, ...) and written to
    OUTDIR with the same relative layout, or back over itself with --in-place. A run that
    is stopped, even by kill -9, resumes where it stopped when run again. With - as the
    only PATH, standard input is cleaned to standard output (text, or --format jsonl).
    """
    if list_filters:
        ctx.exit(_list_filters(verbose=verbose))
    _check_usage(paths, output_dir, in_place, check, diff, explain)
    out = Output(quiet=quiet, verbose=verbose)
    with stop_quietly_on_a_closed_pipe(ctx):
        from textwash.config import Config, ConfigError, find_config, load_config

        local = [p for p in paths if isinstance(p, Path)]
        config_path = config_file or find_config(local or [explain or Path.cwd()])
        try:
            config = load_config(config_path) if config_path else Config()
        except ConfigError as error:
            raise click.BadParameter(str(error), param_hint="configuration") from None
        for warning in config.warnings:
            out.warn(warning)

        settings = Settings.resolve(
            ctx,
            config,
            jobs=jobs,
            include=include,
            exclude=exclude,
            extend_exclude=extend_exclude,
            format_name=format_name,
            text_key=text_key,
            encoding=encoding,
            follow_symlinks=follow_symlinks,
            state=state,
            fsync=fsync,
        )
        if (
            engine_name == "local"
            and settings.jobs > 1
            and explain is None
            and not _reads_stdin(paths)
            and not _uses_storage(*paths, output_dir, settings.state)
        ):
            from textwash.cli.run import start_workers_early

            start_workers_early(config, enable, disable)
        pipeline = pipeline_from(config, enable, disable, out)
        settings.html = html_options(
            html_mode or config.html or "text",
            html_title if html_title is not None else bool(config.html_title),
            html_key or config.html_key,
            settings.text_key,
            out,
        )
        out.info(f"configuration: {config_path or 'none found (defaults)'}", verbose=True)
        out.info(f"filters: {', '.join(pipeline.names) or 'none'}", verbose=True)

        if explain is not None:
            from textwash.cli.explain import explain_changes

            ctx.exit(explain_changes(explain, pipeline, settings, out))

        from textwash.cli.report import AuditPage, write_report
        from textwash.report import Report

        report = Report(check=check, notes=list(out.notes))
        audit = AuditPage.wanted(report_file, report, pipeline)
        if _reads_stdin(paths):
            from textwash.cli.stdin import clean_stdin

            sample = audit.sampler.size if audit is not None else 0
            code = clean_stdin(
                pipeline, settings, report, out, check=check, diff=diff, sample=sample
            )
        else:
            from textwash.cli.run import Request

            request = Request(
                paths=paths,
                output_dir=output_dir,
                in_place=in_place,
                check=check,
                diff=diff,
                no_cache=no_cache,
                settings=settings,
                pipeline=pipeline,
                report=report,
                out=out,
                audit=audit,
                line_counts=not quiet or report_file is not None,
            )
            code = _clean_files(ctx, request, engine_name, address, jobs or config.jobs)
        if report_file is not None and not write_report(
            report_file, report, config_path, pipeline.names, audit
        ):
            code = max(code, 1)
        ctx.exit(code)


def main(prog_name: str = "clean") -> None:
    """Entry point of the ``clean`` script (and of ``python -m textwash``)."""
    clean.main(prog_name=prog_name)


def _clean_files(
    ctx: click.Context, request: Request, engine_name: str, address: str | None, jobs: int | None
) -> int:
    """Start the engine and run over files, local or on object storage; the exit code."""
    from textwash.cli.run import make_engine, run_local

    try:
        engine = make_engine(ctx, engine_name, address, jobs, request.settings)
        run = run_local
        if _uses_storage(*request.paths, request.output_dir, request.settings.state):
            from textwash.cli.remote import run_remote as run
        return run(request, engine)
    except KeyboardInterrupt:  # while finding files, before any was written
        request.out.error("interrupted")
        return EXIT_INTERRUPTED


def _list_filters(*, verbose: bool) -> int:
    from textwash.cli.filters import list_filters

    listing, errors = list_filters(verbose=verbose)
    click.echo(listing, nl=False)
    for error in errors:
        click.echo(click.style("error: ", fg="red", bold=True) + error, err=True)
    return 1 if errors else 0


def _encoding(name: str | None) -> str | None:
    """``--encoding`` checked when the command starts: a name Python knows, canonical."""
    if name is None:
        return None
    from textwash.formats.legacy import canonical_name

    try:
        return canonical_name(name)
    except LookupError as error:
        raise click.BadParameter(
            f"{error.args[0]} (give a Python codec name, e.g. windows-1252, koi8-r, shift_jis)",
            param_hint="--encoding",
        ) from None


def _check_usage(
    paths: Sequence[Path],
    output_dir: Path | None,
    in_place: bool,
    check: bool,
    diff: bool,
    explain: Path | None,
) -> None:
    if explain is not None:
        if paths or output_dir or in_place or check or diff:
            raise click.UsageError(
                "--explain takes one FILE and no PATH, -o, --in-place, --check or --diff"
            )
        return
    if not paths:
        raise click.UsageError("no PATH given: name the files or folders to clean")
    if _reads_stdin(paths):
        if len(paths) > 1:
            raise click.UsageError("'-' (standard input) cannot be mixed with other PATHs")
        if output_dir is not None or in_place:
            raise click.UsageError(
                "'-' writes the cleaned text to standard output: drop -o/--in-place"
            )
        return
    if output_dir is not None and in_place:
        raise click.UsageError("-o/--output-dir and --in-place exclude each other: choose one")
    if (check or diff) and (output_dir is not None or in_place):
        raise click.UsageError("--check and --diff write nothing: drop -o/--in-place")
    if not (output_dir is not None or in_place or check or diff):
        raise click.UsageError(
            "say where cleaned files go: -o OUTDIR, or --in-place "
            "(or --check / --diff to write nothing)"
        )


def _uses_storage(*locations: Path | str | None) -> bool:
    """Whether a location is on object storage (they stay text; local paths are Paths)."""
    return any(isinstance(location, str) for location in locations)


def _reads_stdin(paths: Sequence[Path]) -> bool:
    return any(str(path) == "-" for path in paths)
