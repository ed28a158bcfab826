"""The ``clean`` command: flags and configuration in, a report and an exit code out.

This module only wires things together (as black's ``main`` does): it reads flags and
``[tool.textwash]``, builds the pipeline, finds the files, hands them to an engine, and
prints progress, diffs, explanations and the summary. Everything that touches files lives
in lower layers (:mod:`textwash.engines`, :mod:`textwash.runner`, :mod:`textwash.io`),
none of which prints.

Only click and the version are imported when the module loads, so ``clean --version``
and ``clean --help`` stay fast; the filters' libraries (ftfy, beautifulsoup4) and tqdm
load when a run starts.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from textwash._version import __version__

if TYPE_CHECKING:
    from textwash.audit.sample import Sampler
    from textwash.cache import Cache
    from textwash.engines import Engine, FitError
    from textwash.filters.base import Change
    from textwash.formats import Format
    from textwash.formats.html import HtmlOptions
    from textwash.io.files import Problem
    from textwash.report import Report
    from textwash.runner import Job, Outcome, Task, Write

EXIT_INTERRUPTED = 130  # as textwash.report.EXIT_INTERRUPTED (not imported: --help stays light)
#: The reader of our output went away (``clean --diff | head``): what a shell reports for a
#: process ended by SIGPIPE, as ``yes | head`` ends.
EXIT_CLOSED_PIPE = 141

#: Formats ``--format`` takes (kept here so that ``--help`` needs no other import).
FORMAT_NAMES = ("auto", "txt", "txt.gz", "html", "jsonl", "jsonl.gz", "jsonl.zst", "parquet")
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


def _given(ctx: click.Context, name: str) -> bool:
    return ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)


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
    out = _Output(quiet=quiet, verbose=verbose)
    with _stop_quietly_on_a_closed_pipe(ctx):
        from textwash.config import Config, ConfigError, find_config, load_config

        local = [p for p in paths if isinstance(p, Path)]
        config_path = config_file or find_config(local or [explain or Path.cwd()])
        try:
            config = load_config(config_path) if config_path else Config()
        except ConfigError as error:
            raise click.BadParameter(str(error), param_hint="configuration") from None
        for warning in config.warnings:
            out.warn(warning)

        settings = _Settings.resolve(
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
        pipeline = _pipeline(config, enable, disable, out)
        settings.html = _html_options(
            html_mode or config.html or "text",
            html_title if html_title is not None else bool(config.html_title),
            html_key or config.html_key,
            settings.text_key,
            out,
        )
        out.info(f"configuration: {config_path or 'none found (defaults)'}", verbose=True)
        out.info(f"filters: {', '.join(pipeline.names) or 'none'}", verbose=True)

        if explain is not None:
            ctx.exit(_explain(explain, pipeline, settings, out))

        from textwash.report import Report

        report = Report(check=check, notes=list(out.notes))
        audit = _AuditPage.wanted(report_file, report, pipeline)
        sample = audit.sampler.size if audit is not None else 0
        if _reads_stdin(paths):
            from textwash.cli_stdin import clean_stdin

            code = clean_stdin(
                pipeline, settings, report, out, check=check, diff=diff, sample=sample
            )
            if report_file is not None and not _write_report(
                report_file, report, config_path, pipeline.names, audit
            ):
                code = max(code, 1)
            ctx.exit(code)
        try:
            engine = _engine(ctx, engine_name, address, jobs or config.jobs, settings)
            run = _run
            if _uses_storage(*paths, output_dir, settings.state):
                from textwash.cli_remote import run_remote as run
            code = run(
                paths,
                output_dir,
                in_place,
                check,
                diff,
                no_cache,
                settings,
                pipeline,
                report,
                out,
                engine,
                audit,
            )
        except KeyboardInterrupt:  # while finding files, before any was written
            out.error("interrupted")
            ctx.exit(EXIT_INTERRUPTED)
        if report_file is not None and not _write_report(
            report_file, report, config_path, pipeline.names, audit
        ):
            code = max(code, 1)
        ctx.exit(code)


def main(prog_name: str = "clean") -> None:
    """Entry point of the ``clean`` script (and of ``python -m textwash``)."""
    clean.main(prog_name=prog_name)


def _list_filters(*, verbose: bool) -> int:
    from textwash.cli_filters import list_filters

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


def _visible_text() -> HtmlOptions:
    from textwash.formats.html import VISIBLE_TEXT

    return VISIBLE_TEXT


def _html_options(
    mode: str, title: bool, key: str | None, text_key: str, out: _Output
) -> HtmlOptions:
    """``--html``, ``--html-title`` and ``--html-key`` (flags over the configuration);
    without the extractor, the visible text, said at the start and in the summary."""
    from textwash.formats.html import HtmlOptions, article_extractor_installed

    if key is not None and key == text_key:
        raise click.BadParameter(
            f"the HTML field and the text field are both {key!r}: the cleaned text is "
            "written to --text-key and the HTML kept, so they must differ",
            param_hint="'--html-key'",
        )
    if mode == "article" and not article_extractor_installed():
        fallback = (
            "--html article needs trafilatura (pip install 'textwash[html]'); "
            "HTML pages are cleaned as their whole visible text"
        )
        out.warn(fallback)
        out.notes.append(fallback)
        return HtmlOptions(key=key)
    return HtmlOptions(article=mode == "article", title=title and mode == "article", key=key)


class _Settings:
    """Flags merged over the configuration file over the defaults."""

    def __init__(self, **values: Any) -> None:
        self.jobs: int = values["jobs"]
        self.include: tuple[str, ...] = values["include"]
        self.exclude: tuple[str, ...] = values["exclude"]
        self.format_name: str | None = values["format_name"]
        self.text_key: str = values["text_key"]
        self.encoding: str | None = values["encoding"]
        self.follow_symlinks: bool = values["follow_symlinks"]
        #: Where the resume state lives (``None``: the user cache folder).
        self.state: Path | None = values["state"]
        #: How outputs are made durable (``--fsync``).
        self.fsync: str = values.get("fsync") or "batch"
        #: The include list is the built-in one (file names of any case: page.HTML).
        self.default_include: bool = values["default_include"]
        #: What HTML pages become (set from ``--html`` once the flags are read).
        self.html: HtmlOptions = values.get("html") or _visible_text()

    @classmethod
    def resolve(cls, ctx: click.Context, config: Any, **flags: Any) -> _Settings:
        from textwash.engines.local import default_workers
        from textwash.formats import DEFAULT_INCLUDE
        from textwash.io.files import DEFAULT_EXCLUDE

        include = flags["include"] or config.include or DEFAULT_INCLUDE
        exclude = flags["exclude"] or (
            config.exclude if config.exclude is not None else DEFAULT_EXCLUDE
        )
        exclude = (*exclude, *config.extend_exclude, *flags["extend_exclude"])
        fmt = flags["format_name"] if _given(ctx, "format_name") else config.format
        follow = (
            flags["follow_symlinks"]
            if _given(ctx, "follow_symlinks")
            else bool(config.follow_symlinks)
        )
        return cls(
            jobs=flags["jobs"] or config.jobs or default_workers(),
            include=tuple(include),
            exclude=tuple(exclude),
            format_name=None if fmt in (None, "auto") else fmt,
            text_key=flags["text_key"] or config.text_key or "text",
            encoding=flags["encoding"] or config.encoding,
            follow_symlinks=follow,
            default_include=not (flags["include"] or config.include),
            state=flags["state"] or config.state,
            fsync=flags["fsync"] or config.fsync,
        )


def _pipeline(config: Any, enable: Sequence[str], disable: Sequence[str], out: _Output) -> Any:
    from textwash.config import ConfigError, build_pipeline
    from textwash.filters.registry import UnknownFilterError

    try:
        pipeline, warnings = build_pipeline(config, enable=enable, disable=disable)
    except UnknownFilterError as error:
        name = error.args[0]
        hint = "--enable" if name in enable else "--disable" if name in disable else "configuration"
        raise click.BadParameter(str(error), param_hint=hint) from None
    except ConfigError as error:
        raise click.BadParameter(str(error), param_hint="configuration") from None
    except ImportError as error:  # a filter whose optional library is not installed
        raise click.ClickException(str(error)) from None
    for warning in warnings:
        out.warn(warning)
    return pipeline


# -- printing ----------------------------------------------------------------------------


class _ClosedPipe(Exception):
    """Our stdout or stderr is a pipe whose reader has gone (``clean --diff | head``)."""


@contextmanager
def _stop_quietly_on_a_closed_pipe(ctx: click.Context) -> Iterator[None]:
    """End the run as Unix tools do when their reader goes away: no message, no traceback.

    The exception unwinds the run like Ctrl-C does (workers stopped, state saved); then
    both streams are pointed at ``/dev/null``, so that the interpreter's last flush of what
    is still buffered for the closed pipe fails silently too.
    """
    try:
        yield
    except _ClosedPipe:
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            # not a real file (a test runner's capture): nothing to silence
            with suppress(OSError, ValueError):
                os.dup2(devnull, stream.fileno())
        os.close(devnull)
        ctx.exit(EXIT_CLOSED_PIPE)


class _Output:
    """Where messages go: stderr, through the progress bar when one is showing."""

    def __init__(self, *, quiet: bool, verbose: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose and not quiet
        self.bar: Any = None
        #: What the summary must repeat at the end (a fallback the run took).
        self.notes: list[str] = []

    def _echo(self, message: str) -> None:
        try:
            if self.bar is not None:
                self.bar.write(message, file=sys.stderr)
            else:
                click.echo(message, err=True)
        except BrokenPipeError:
            raise _ClosedPipe from None

    def error(self, message: str) -> None:
        self._echo(click.style("error: ", fg="red", bold=True) + message)

    def warn(self, message: str) -> None:
        if not self.quiet:
            self._echo(click.style("warning: ", fg="yellow") + message)

    def info(self, message: str, *, verbose: bool = False) -> None:
        if not self.quiet and (self.verbose or not verbose):
            self._echo(message)

    def stdout(self, text: str) -> None:
        """Diffs and explanations: to stdout, whole, never mixed with other output."""
        if self.bar is not None:
            self.bar.clear()
        try:
            click.echo(text, nl=False)
            sys.stdout.flush()
        except BrokenPipeError:
            raise _ClosedPipe from None
        if self.bar is not None:
            self.bar.refresh()

    @contextmanager
    def progress(self, total_bytes: int, files: int) -> Iterator[Any]:
        show = not self.quiet and sys.stderr.isatty() and files > 0
        if not show:
            yield None
            return
        from tqdm import tqdm

        self.bar = tqdm(
            total=total_bytes,
            unit="B",
            unit_scale=True,
            unit_divisor=1000,
            desc=f"0/{files} files",
            file=sys.stderr,
            dynamic_ncols=True,
            leave=False,
        )
        try:
            yield self.bar
        finally:
            self.bar.close()
            self.bar = None


# -- explain -----------------------------------------------------------------------------


def _explain(path: Path, pipeline: Any, settings: _Settings, out: _Output) -> int:
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
    if not _is_regular_file(path):  # a pipe would wait for a writer forever
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
            _fit_failed(error, out)
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
            body = [f"  {_describe(change, in_record=in_record)}" for change in changes]
            out.stdout("\n".join([head, *body]) + "\n")
    except (OSError, FormatError, CodecError) as error:
        message = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        out.error(f"{path}: {message}")
        return 1
    if not changed:
        out.info(f"{path}: no changes")
    return 1 if unreadable else 0  # a shard with bad lines fails, as in any other run


def _is_regular_file(path: Path) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # let reading it say what is wrong


def _describe(change: Change, *, in_record: bool) -> str:
    where = f"text line {change.line}" if in_record else f"line {change.line}"
    before, after = _shorten(change.before, change.after)
    if not change.after:
        return f"{where}: {change.filter}: removed {before} ({change.reason})"
    return f"{where}: {change.filter}: {before} -> {after} ({change.reason})"


def _shorten(before: str, after: str, width: int = 100) -> tuple[str, str]:
    """Both texts, cut to a window around where they first differ when they are long."""
    if len(before) <= width and len(after) <= width:
        return repr(before), repr(after)
    same = 0
    for a, b in zip(before, after, strict=False):
        if a != b:
            break
        same += 1
    start = max(0, same - width // 3)

    def cut(text: str) -> str:
        part = text[start : start + width]
        return ("…" if start else "") + repr(part) + ("…" if start + width < len(text) else "")

    return cut(before), cut(after)


# -- the run -----------------------------------------------------------------------------


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a run the way Ctrl-C does: workers killed, cache saved, summary."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _engine(
    ctx: click.Context, name: str, address: str | None, jobs: int | None, settings: _Settings
) -> Engine:
    """The engine ``--engine`` names; ``jobs`` is -j as given (``None``: not given).

    Ray is started (or its cluster reached) here, so that a missing install or an
    unreachable cluster is said plainly; the engine is closed when the command ends.
    """
    if name == "local":
        if address is not None:
            raise click.UsageError("--address is for --engine ray")
        from textwash.engines.local import LocalEngine

        return LocalEngine(settings.jobs)
    from textwash.engines.ray import RayEngine, UnreachableError

    engine = RayEngine(address, workers=jobs)
    ctx.call_on_close(engine.close)
    try:
        engine.connect()
    except ImportError as error:
        raise click.UsageError(str(error)) from None
    except UnreachableError as error:  # said by textwash, which names the address
        raise click.ClickException(f"cannot reach Ray: {error}") from None
    except Exception as error:  # ray.init: no cluster at that address, and the like
        where = f" at {address}" if address else ""
        raise click.ClickException(f"cannot start or reach Ray{where}: {error}") from None
    return engine


def _run(
    paths: Sequence[Path],
    output_dir: Path | None,
    in_place: bool,
    check: bool,
    diff: bool,
    no_cache: bool,
    settings: _Settings,
    pipeline: Any,
    report: Report,
    out: _Output,
    engine: Engine,
    audit: _AuditPage | None = None,
) -> int:
    from textwash.cache import known_outputs
    from textwash.engines import plan
    from textwash.io.files import (
        Globs,
        UnsafeLayoutError,
        check_output_dir,
        find_inputs,
        layout_base,
    )
    from textwash.runner import Write

    write = Write.OUTDIR if output_dir else Write.IN_PLACE if in_place else Write.NOTHING
    skip: list[str] = []
    if output_dir is not None:
        try:
            skip = check_output_dir(paths, output_dir)
        except UnsafeLayoutError as error:
            raise click.BadParameter(str(error), param_hint="-o/--output-dir") from None

    job = _job(pipeline, write, diff, settings, audit)
    if not job.pipeline.corpus_filters:  # (else the fit pass changes the job first)
        engine.start(job)  # workers get ready while the files are found and planned
    inputs, problems = find_inputs(
        paths,
        include=Globs(settings.include, ignore_case=settings.default_include),
        exclude=Globs(settings.exclude),
        follow_symlinks=settings.follow_symlinks,
        skip=skip,
        outputs=known_outputs(),
    )
    tasks, plan_problems = plan(
        inputs, write=write, outdir=output_dir, format_name=settings.format_name
    )
    problems += plan_problems
    _announce(tasks, problems, settings, report, out)

    def open_state(job: Job) -> tuple[Any, Path | None] | None:
        if output_dir is not None:
            output_dir.mkdir(parents=True, exist_ok=True)
        roots = (os.path.realpath(layout_base(paths)), output_dir)
        try:
            cache = _open_state(job.cache_key(), roots, settings.state, no_cache, out)
        except _StateLocked as error:
            out.error(str(error))
            return None
        if cache is not None and no_cache:
            cache.entries.clear()
        return cache, output_dir

    return _clean_planned(job, tasks, open_state, check, report, out, engine, audit)


def _announce(
    tasks: Sequence[Task],
    problems: Sequence[Problem],
    settings: _Settings,
    report: Report,
    out: _Output,
) -> None:
    """Say what the plan found: files that fail or are skipped, and how many to clean."""
    report.add_problems(problems)
    for problem in problems:
        if problem.failed:
            out.error(f"{problem.path}: {problem.message}")
        else:
            out.info(f"skipped {problem.path}: {problem.message}", verbose=True)
    out.info(f"{len(tasks)} files to clean, {settings.jobs} worker(s)", verbose=True)


def _job(
    pipeline: Any, write: Write, diff: bool, settings: _Settings, audit: _AuditPage | None
) -> Job:
    """The job every task of a run is cleaned under."""
    from textwash.runner import Job

    return Job(
        pipeline,
        write,
        diff,
        settings.text_key,
        encoding=settings.encoding,
        html=settings.html,
        sample=audit.sampler.size if audit is not None else 0,
        fsync=settings.fsync,
    )


def _clean_planned(
    job: Job,
    tasks: Sequence[Task],
    open_state: Callable[[Job], tuple[Any, Path | None] | None],
    check: bool,
    report: Report,
    out: _Output,
    engine: Engine,
    audit: _AuditPage | None,
) -> int:
    """Fit the corpus filters, open the resume state (``open_state`` gives it and the local
    output folder, or ``None`` to stop with exit 1), clean every task, and report: the same
    for local and object-storage runs."""
    from textwash.engines import FitError, clean_files, fit_corpus_filters
    from textwash.io.files import Problem

    interrupted = False
    with _sigterm_as_interrupt():
        try:
            if job.pipeline.corpus_filters:
                out.info("fitting corpus filters on every document first", verbose=True)
                try:
                    job = fit_corpus_filters(job, tasks, engine)
                except FitError as error:
                    _fit_failed(error, out)
                    report.add_problems(Problem(p, r, True) for p, r in error.failures)
                    _print_summary(report, out)
                    return report.exit_code
                if audit is not None:
                    audit.pipeline = job.pipeline  # samples are explained as they were cleaned
            opened = open_state(job)
            if opened is None:
                return 1
            state, outdir = opened
            try:
                _consume(
                    clean_files(job, tasks, engine, state, outdir=outdir), tasks, report, out, check
                )
            finally:
                if state is not None:
                    state.close()
        except KeyboardInterrupt:
            interrupted = True
    report.interrupted = interrupted
    _print_summary(report, out)
    return report.exit_code


class _StateLocked(Exception):
    """Another run holds the state folder of this output folder."""


def _open_state(
    key: str,
    roots: tuple[str, Path | None],
    state: Path | None,
    no_cache: bool,
    out: _Output,
) -> Cache | None:
    """The resume state of this run (see :mod:`textwash.cache` for where it lives).

    With an output folder it is always kept (``--no-cache`` only ignores what it holds:
    it must go on describing that folder), in ``--state DIR`` or in the user cache folder;
    otherwise only without ``--no-cache``. A state folder named with ``--state`` that
    cannot be used is a usage error; the default one, a warning (the run goes on without).
    """
    from textwash.cache import (
        Cache,
        CacheLockedError,
        output_state_dir,
        register_output,
        user_cache_dir,
    )

    inputs: str | None = roots[0]
    output_dir = roots[1]
    if output_dir is None and no_cache:
        return None
    if output_dir is not None:
        register_output(output_dir)
        folder = state or output_state_dir(output_dir)
        outputs: str | None = os.path.abspath(output_dir)
    else:
        folder, outputs = state or user_cache_dir(), None
        if state is None:
            inputs = None  # one cache for every folder, as black's: absolute paths
    try:
        cache = Cache.open(
            folder, key, exclusive=output_dir is not None, inputs=inputs, outputs=outputs
        )
    except CacheLockedError as error:
        raise _StateLocked(str(error)) from None
    except OSError as error:
        message = f"cannot use the state folder {folder}: {error.strerror or error}"
        if state is not None:
            raise click.BadParameter(message, param_hint="--state") from None
        out.warn(f"{message}; running without resume state")
        return None
    out.info(f"state: {cache.folder}", verbose=True)
    return cache


def _print_summary(report: Report, out: _Output) -> None:
    if not out.quiet:
        for line in report.summary():
            out.info(line)
    elif report.interrupted:
        out.error("interrupted")


def _fit_failed(error: FitError, out: _Output) -> None:
    """Say which files the fit pass lost, and that nothing was cleaned."""
    for path, reason in error.failures:
        out.error(f"{path}: {reason} (while fitting corpus filter {error.name!r})")
    out.error(
        f"corpus filter {error.name!r} was not fitted on every file, so it would not be the "
        "filter asked for: nothing was cleaned"
    )


def _consume(
    outcomes: Iterator[Outcome], tasks: Sequence[Any], report: Report, out: _Output, check: bool
) -> None:
    """Take outcomes as they come: progress, messages, diffs in input order, counts."""
    from textwash.runner import Status

    diffs: dict[int, str] = {}
    next_diff = 0
    done = 0
    total = sum(t.size for t in tasks)
    with out.progress(total, len(tasks)) as bar:
        try:
            for outcome in outcomes:
                report.add(outcome)
                done += 1
                if bar is not None:
                    bar.set_description_str(f"{done}/{len(tasks)} files", refresh=False)
                    bar.update(outcome.bytes)
                if outcome.status is Status.FAILED:
                    out.error(f"{outcome.path}: {outcome.message}")
                    for problem in outcome.problems:
                        out.error(f"  {outcome.path}: {problem}")
                elif check and outcome.status is Status.CHANGED:
                    # named without -v, as black's "would reformat": what --check is for
                    out.info(f"would clean {outcome.path}{_converted(outcome)}")
                elif out.verbose:
                    note = f": {outcome.message}" if outcome.message else ""
                    out.info(f"{outcome.status.value} {outcome.path}{_converted(outcome)}{note}")
                diffs[outcome.index] = outcome.diff
                while next_diff in diffs:
                    text = diffs.pop(next_diff)
                    if text:
                        out.stdout(text)
                    next_diff += 1
        finally:
            outcomes_close = getattr(outcomes, "close", None)
            if outcomes_close is not None:
                outcomes_close()  # stops the workers if we are leaving early


def _converted(outcome: Outcome) -> str:
    if not outcome.encoding:
        return ""
    guessed = ", guessed" if outcome.guessed else ""
    return f" (converted from {outcome.encoding}{guessed})"


class _AuditPage:
    """``--report FILE.html``: the sampler the run feeds and the pipeline it cleaned with."""

    SUFFIXES = (".html", ".htm")

    def __init__(self, sampler: Sampler, pipeline: Any) -> None:
        self.sampler = sampler
        self.pipeline = pipeline

    @classmethod
    def wanted(cls, path: Path | None, report: Report, pipeline: Any) -> _AuditPage | None:
        """The audit page, when the report's name asks for one (and the report then
        merges the samples into it)."""
        if path is None or path.suffix.lower() not in cls.SUFFIXES:
            return None
        from textwash.audit.sample import Sampler

        report.samples = Sampler()
        return cls(report.samples, pipeline)


def _write_report(
    path: Path,
    report: Report,
    config_path: Path | None,
    filters: Sequence[str],
    audit: _AuditPage | None = None,
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


if __name__ == "__main__":
    main()
