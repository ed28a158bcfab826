"""Configuration for ``clean``: ``[tool.textwash]`` in ``pyproject.toml``, or ``textwash.toml``.

Found like black and ruff find theirs: starting from the folder that holds every input,
each folder upward is searched for ``textwash.toml`` (its keys at the top level) and then
for a ``pyproject.toml`` with a ``[tool.textwash]`` table; the search stops at the project
root (a folder with ``.git`` or ``.hg``) or the file-system root. ``--config FILE`` names
the file instead. Command-line flags win over the file, and the file over the defaults.

Keys (dashes or underscores, as you like)::

    [tool.textwash]
    include = ["*.txt", "*.jsonl.gz"]   # replaces the default: every known format
    exclude = ["drafts", "*.tmp.txt"]   # replaces the default: VCS and tool folders
    extend-exclude = ["expected"]       # added to exclude (flags add more)
    enable = ["transliterate"]          # filters added to the default pipeline
    disable = ["apostrophes"]           # filters removed from it
    jobs = 4                            # worker processes (default: every core)
    format = "jsonl"                    # instead of choosing by file name
    text-key = "content"                # JSONL field holding the text
    encoding = "windows-1252"           # of every text and HTML file (default: decided per file)
    html = "article"                    # what HTML becomes: "text" (default) or "article"
    html-title = true                   # with "article", the page's title as the first line
    html-key = "html"                   # JSONL field holding a page's HTML (text goes to text-key)
    follow-symlinks = false
    state = ".textwash-state"           # where the resume state lives (relative to this file)
    fsync = "batch"                     # how outputs are made durable: batch, always, never

    [tool.textwash.filters.NAME]        # options of one filter (the fields of its
    option = "value"                    # class); the filter is reconfigured with them

An unknown key is reported as a warning (a typo should not pass silently, nor stop a run);
a key with the wrong type is an error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10
    import tomli as tomllib

from textwash.filters.options import OptionError, check_options
from textwash.filters.registry import (
    UnknownFilterError,
    available_filters,
    default_names,
    filter_class,
    make_filter,
)
from textwash.formats import FORMATS
from textwash.pipeline import AnyFilter, Pipeline

CONFIG_FILE = "textwash.toml"
PYPROJECT = "pyproject.toml"
_ROOT_MARKERS = (".git", ".hg")

_LISTS = ("include", "exclude", "extend-exclude", "enable", "disable")


class ConfigError(ValueError):
    """A configuration file that cannot be used (bad TOML, a value of the wrong type)."""


@dataclass(frozen=True)
class Config:
    """The settings a configuration file gives; ``None`` means "not set there"."""

    path: Path | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    jobs: int | None = None
    format: str | None = None
    text_key: str | None = None
    encoding: str | None = None
    html: str | None = None
    html_title: bool | None = None
    html_key: str | None = None
    follow_symlinks: bool | None = None
    state: Path | None = None
    fsync: str | None = None
    filters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def find_project_root(paths: Sequence[Path]) -> Path:
    """The nearest folder above every path that holds ``.git`` or ``.hg`` (else ``/``)."""
    start = _common_folder(paths)
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in _ROOT_MARKERS):
            return folder
    return Path(start.anchor)


def find_config(paths: Sequence[Path]) -> Path | None:
    """The configuration file that applies to ``paths``, if any (see the module docstring)."""
    start = _common_folder(paths)
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
        if any((folder / marker).exists() for marker in _ROOT_MARKERS):
            return None
    return None


def _common_folder(paths: Sequence[Path]) -> Path:
    absolute = [os.path.abspath(p) for p in paths] or [os.getcwd()]
    common = Path(os.path.commonpath(absolute))
    return common if common.is_dir() else common.parent


def _has_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data.get("tool"), dict) and "textwash" in data["tool"]


def load_config(path: Path) -> Config:
    """Read the settings from ``path`` (a ``pyproject.toml`` or a ``textwash.toml``)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    where = str(path)
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("textwash", {})
        where = f"[tool.textwash] in {path}"
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{where} is not a table")
    return parse_table(table, path=path, where=where)


def parse_table(table: Mapping[str, Any], *, path: Path | None = None, where: str = "") -> Config:
    """Check and convert one ``[tool.textwash]`` table."""
    values: dict[str, Any] = {}
    warnings: list[str] = []
    known = (
        *_LISTS,
        "jobs",
        "format",
        "text-key",
        "encoding",
        "html",
        "html-title",
        "html-key",
        "follow-symlinks",
        "state",
        "fsync",
        "filters",
    )
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in known:
            warnings.append(f"unknown key {raw_key!r} in {where} (known: {', '.join(known)})")
            continue
        if key in _LISTS:
            if isinstance(value, str):
                value = [value]
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise ConfigError(f"{raw_key!r} in {where} must be a list of strings")
            values[key.replace("-", "_")] = tuple(value)
        elif key == "jobs":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"'jobs' in {where} must be a whole number of at least 1")
            values["jobs"] = value
        elif key == "format":
            if value != "auto" and value not in FORMATS:
                raise ConfigError(f"'format' in {where} must be one of: auto, {', '.join(FORMATS)}")
            values["format"] = None if value == "auto" else value
        elif key == "text-key":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"'text-key' in {where} must be a non-empty string")
            values["text_key"] = value
        elif key == "encoding":
            values["encoding"] = _encoding(value, where)
        elif key == "html":
            if value not in ("text", "article"):
                raise ConfigError(f'\'html\' in {where} must be "text" or "article"')
            values["html"] = value
        elif key == "html-title":
            if not isinstance(value, bool):
                raise ConfigError(f"'html-title' in {where} must be true or false")
            values["html_title"] = value
        elif key == "html-key":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"'html-key' in {where} must be a non-empty string")
            values["html_key"] = value
        elif key == "state":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"'state' in {where} must be a folder (a non-empty string)")
            # relative to the file, as ruff and black read the paths in theirs
            base = path.parent if path is not None else Path.cwd()
            values["state"] = base / Path(value).expanduser()
        elif key == "fsync":
            from textwash.io.atomic import FSYNC_MODES

            if value not in FSYNC_MODES:
                raise ConfigError(f"'fsync' in {where} must be one of: {', '.join(FSYNC_MODES)}")
            values["fsync"] = value
        elif key == "follow-symlinks":
            if not isinstance(value, bool):
                raise ConfigError(f"'follow-symlinks' in {where} must be true or false")
            values["follow_symlinks"] = value
        else:  # filters
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ConfigError(f"'filters' in {where} must be a table of tables")
            values["filters"] = {name: dict(options) for name, options in value.items()}
    return Config(path=path, warnings=tuple(warnings), **values)


def _encoding(value: object, where: str) -> str:
    from textwash.formats.legacy import canonical_name

    if not isinstance(value, str) or not value:
        raise ConfigError(f"'encoding' in {where} must be the name of an encoding")
    try:
        return canonical_name(value)
    except LookupError as error:
        raise ConfigError(f"'encoding' in {where}: {error}") from None


def build_pipeline(
    config: Config, *, enable: Iterable[str] = (), disable: Iterable[str] = ()
) -> tuple[Pipeline, list[str]]:
    """The default pipeline changed by the file, then by the flags (which win).

    Returns the pipeline and warnings. Raises :class:`UnknownFilterError` for a name no
    installed filter has, and :class:`ConfigError` for options a filter does not take.
    """
    enable, disable = tuple(enable), tuple(disable)
    known = set(available_filters())
    for name in (*config.enable, *config.disable, *config.filters, *enable, *disable):
        if name not in known:
            raise UnknownFilterError(name)
    # every filter's options are checked first, enabled or not: a typo is found before
    # any file is read, whichever flags this run has
    options = {name: _checked_options(config, name) for name in config.filters}
    warnings: list[str] = []
    # The run's filters are chosen by name first and built once at the end: a filter that
    # is switched off is never imported (its module's patterns cost start-up time).
    # (a dict as an ordered set: a name turned on again goes after the others)
    chosen = dict.fromkeys(default_names())
    for name in config.enable:
        chosen.setdefault(name)
    for name in config.disable:
        chosen.pop(name, None)
    for name in config.filters:
        if name not in chosen and name not in enable:
            warnings.append(f"options for filter {name!r}, which is not enabled")
    for name in enable:
        chosen.setdefault(name)
    for name in disable:
        chosen.pop(name, None)
    filters = [_built(config, name, options.get(name, {})) for name in chosen]
    # the standard order; filters of equal order stay as chosen (defaults, then enabled)
    ordered: list[AnyFilter] = sorted(filters, key=lambda f: f.order)
    return Pipeline(ordered), warnings


def _built(config: Config, name: str, options: Mapping[str, Any]) -> AnyFilter:
    try:
        return make_filter(name, **options)
    except (TypeError, ValueError) as error:  # the filter's own checks of its values
        raise ConfigError(f"{_section(config, name)}: {error}") from None


def _checked_options(config: Config, name: str) -> dict[str, Any]:
    """The options of filter ``name`` in the file, checked against its fields' types."""
    try:
        return check_options(filter_class(name), config.filters[name])
    except OptionError as error:
        raise ConfigError(f"{_section(config, name)}: {error}") from None


def _section(config: Config, name: str) -> str:
    """Where a filter's options are written, as a user finds them in the file."""
    if config.path is None:
        return f"options of filter {name!r}"
    table = "tool.textwash.filters" if config.path.name == PYPROJECT else "filters"
    return f"[{table}.{name}] in {config.path}"
