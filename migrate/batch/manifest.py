"""The batch manifest: a TOML file of ``[[sites]]``, each one site made of exactly its
``inputs``, with an optional ``name`` (its key), ``to``, ``recover`` and writer
``options`` that override the command line (format in docs/batch.md).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from slugify import slugify

from ..errors import MigrateError
from .discover import SiteSpec, one_site

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

KEYS = frozenset({"name", "inputs", "to", "recover", "options"})
Complaint = Callable[[str], MigrateError]


class UsageError(MigrateError):
    """The batch was asked for something it cannot do (exit status 2)."""

    exit_code = 2


class ManifestError(UsageError):
    """The manifest cannot be read or says something we cannot do."""


def load_manifest(path: Path) -> list[SiteSpec]:
    """The sites a manifest lists, in its order (keys are assigned later)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ManifestError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"not valid TOML: {exc}", path=str(path)) from None
    unknown = sorted(set(data) - {"sites"})
    if unknown:
        raise ManifestError(f"unknown top-level key {unknown[0]!r} (expected [[sites]])",
                            path=str(path))
    sites = data.get("sites")
    if not isinstance(sites, list) or not sites:
        raise ManifestError("lists no sites: add [[sites]] tables with inputs", path=str(path))
    specs = [_site(entry, n, path) for n, entry in enumerate(sites, 1)]
    named = Counter(s.wanted for s in specs if s.fixed)
    twice = sorted(name for name, n in named.items() if n > 1)
    if twice:
        raise ManifestError(f"two sites are named {twice[0]!r}", path=str(path))
    return specs


def _site(entry: Any, n: int, path: Path) -> SiteSpec:
    where = f"site {n}"

    def bad(message: str) -> ManifestError:
        return ManifestError(f"{where}: {message}", path=str(path))

    if not isinstance(entry, dict):
        raise bad("must be a table")
    unknown = sorted(set(entry) - KEYS)
    if unknown:
        raise bad(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})")
    inputs = entry.get("inputs")
    inputs = [inputs] if isinstance(inputs, str) else inputs
    if not inputs or not all(isinstance(i, str) for i in inputs):
        raise bad("'inputs' must be a path or a list of paths")
    name = _typed(entry, "name", str, bad)
    key = slugify(name, max_length=80) if name is not None else None
    if name is not None and not key:
        raise bad(f"name {name!r} gives an empty site key")
    options = _typed(entry, "options", dict, bad) or {}
    base = path.parent
    try:
        spec = one_site([_relative(base, i) for i in inputs], key)
    except MigrateError as exc:
        raise bad(str(exc)) from None
    return replace(spec, writer=_typed(entry, "to", str, bad), options=options,
                   recover=_typed(entry, "recover", bool, bad))


def _typed(entry: dict[str, Any], name: str, kind: type, bad: Complaint) -> Any:
    value = entry.get(name)
    if value is not None and not isinstance(value, kind):
        raise bad(f"{name!r} must be a {'table' if kind is dict else kind.__name__}")
    return value


def _relative(base: Path, given: str) -> str:
    path = Path(given).expanduser()
    return str(path if path.is_absolute() else base / path)
