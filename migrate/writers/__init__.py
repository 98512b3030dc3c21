"""The writer registry: every writer, built-in or plug-in, comes from one entry-point group.

A writer is a ``Writer`` subclass registered under ``[project.entry-points."migrate.writers"]``
(ours are in this project's pyproject.toml, a plug-in's in its own). ``BUILTIN`` is the
fallback when the package metadata is not installed (running from a source tree).
The CLI asks this module which writers exist and which one an output path means; it
never names a format itself.
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from ..errors import UnknownWriterError
from .base import Writer, WriterOption, WriteSummary

GROUP = "migrate.writers"
BUILTIN = {
    "json": "migrate.writers.json:JsonWriter",
    "jsonl": "migrate.writers.json:JsonLinesWriter",
    "markdown": "migrate.writers.markdown:MarkdownWriter",
    "sqlite": "migrate.writers.sqlite:SqliteWriter",
}
#: Writers that are registered but could not be loaded, with the reason.
BROKEN: dict[str, str] = {}


def _load(spec: str) -> type[Writer]:
    module, _, attr = spec.partition(":")
    cls = getattr(importlib.import_module(module), attr)
    if not (isinstance(cls, type) and issubclass(cls, Writer)):
        raise TypeError(f"{spec} is not a migrate Writer")
    return cls


@cache
def available() -> dict[str, type[Writer]]:
    """Every registered writer by name: built-ins first, then plug-ins, sorted by name."""
    specs = dict(BUILTIN)
    for ep in entry_points(group=GROUP):
        specs.setdefault(ep.name, ep.value)
    loaded: dict[str, type[Writer]] = {}
    for name in sorted(specs):
        try:
            loaded[name] = _load(specs[name])
        except Exception as exc:  # any failure of a plug-in is reported, not fatal
            BROKEN[name] = f"{specs[name]}: {exc}"  # one broken plug-in must not stop the tool
    return loaded


def get(name: str) -> type[Writer]:
    writers = available()
    if name not in writers:
        raise UnknownWriterError(
            f"no writer named {name!r}; available: {', '.join(writers)}"
        )
    return writers[name]


def for_output(dest: Path, *, is_dir_hint: bool = False) -> type[Writer]:
    """The writer an output path means: its extension, or a directory."""
    suffix = dest.suffix.lower()
    writers = available()
    if suffix and not is_dir_hint:
        for cls in writers.values():
            if suffix in cls.extensions:
                return cls
    if is_dir_hint or dest.is_dir() or not suffix:
        for cls in writers.values():
            if cls.directory:
                return cls
        raise UnknownWriterError(
            f"{dest}: a folder output needs a directory writer (none is installed); "
            "give a file name such as site.json"
        )
    known = sorted({ext for cls in writers.values() for ext in cls.extensions})
    raise UnknownWriterError(
        f"{dest}: no writer for {suffix!r} outputs; known extensions: {', '.join(known)} "
        "(or use --to NAME)"
    )


__all__ = [
    "BROKEN", "GROUP", "WriteSummary", "Writer", "WriterOption", "available", "for_output", "get",
]
