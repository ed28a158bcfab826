"""What a run is told: flags merged over the configuration file over the defaults."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

if TYPE_CHECKING:
    from textwash.cli.output import Output
    from textwash.formats.html import HtmlOptions


def given(ctx: click.Context, name: str) -> bool:
    """Whether the flag was typed (a flag given wins over the configuration file)."""
    return ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)


def visible_text() -> HtmlOptions:
    from textwash.formats.html import VISIBLE_TEXT

    return VISIBLE_TEXT


def html_options(
    mode: str, title: bool, key: str | None, text_key: str, out: Output
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


class Settings:
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
        self.html: HtmlOptions = values.get("html") or visible_text()

    @classmethod
    def resolve(cls, ctx: click.Context, config: Any, **flags: Any) -> Settings:
        from textwash.engines.local import default_workers
        from textwash.formats import DEFAULT_INCLUDE
        from textwash.io.files import DEFAULT_EXCLUDE

        include = flags["include"] or config.include or DEFAULT_INCLUDE
        exclude = flags["exclude"] or (
            config.exclude if config.exclude is not None else DEFAULT_EXCLUDE
        )
        exclude = (*exclude, *config.extend_exclude, *flags["extend_exclude"])
        fmt = flags["format_name"] if given(ctx, "format_name") else config.format
        follow = (
            flags["follow_symlinks"]
            if given(ctx, "follow_symlinks")
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


def pipeline_from(config: Any, enable: Sequence[str], disable: Sequence[str], out: Output) -> Any:
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
