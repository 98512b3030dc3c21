"""Finding the sites in a batch's INPUTs: files, folders, zips and globs become parts;
each part's base URL is read from the top of its channel, and parts of one base URL
are grouped into one site, in ``.NNN`` order, with a unique key from that URL.
"""

from __future__ import annotations

import glob
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from slugify import slugify

from ..diagnostics import Reporter
from ..elements import qname, text_of
from ..errors import InputError, MigrateError
from ..inputs import XML_SUFFIXES, Part, expand
from ..source import SafeStream, sniff

EXPORT_SUFFIXES = (*XML_SUFFIXES, ".zip")
_NUMBERED = re.compile(r"^(?P<prefix>.*)\.(?P<n>\d{3,})$")
_GLOB_CHARS = frozenset("*?[")
HEADER_CHUNK = 4096


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """One site to migrate: its inputs (paths, in part order) and the key it wants.

    ``error`` is set when discovery already knows the site cannot be converted (its
    parts are in a zip of several sites); it is then recorded as failed, not run.
    """

    wanted: str
    inputs: tuple[str, ...]
    base_url: str = ""
    error: str | None = None
    #: A manifest name: used exactly as given, never suffixed.
    fixed: bool = False
    key: str = ""
    #: Per-site overrides of the command line (from a manifest); None: not overridden.
    writer: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    recover: bool | None = None


@dataclass(frozen=True, slots=True)
class _Header:
    part: Part
    base_url: str


# -- INPUTs to files -----------------------------------------------------------------


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Every export file the INPUTs name, each once, in a stable order."""
    seen: set[Path] = set()
    files: list[Path] = []
    for given in inputs:
        for path in _files_of(Path(given)):
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(path)
    return files


def _files_of(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if _is_export(p, path))
        if not found:
            raise InputError("no .xml or .zip exports found in this folder", path=str(path))
        return found
    if path.exists() or not _GLOB_CHARS.intersection(str(path)):
        return [path]  # a missing plain path fails in its site, with the reader's message
    matches = sorted(glob.glob(str(path), recursive=True))
    if not matches:
        raise InputError("no files match this pattern", path=str(path))
    return [f for m in matches for f in _files_of(Path(m))]


def _is_export(path: Path, top: Path) -> bool:
    # Hidden files and folders are skipped: editors' and our own staging files live there.
    hidden = any(p.startswith(".") for p in path.relative_to(top).parts)
    return not hidden and path.is_file() and path.name.lower().endswith(EXPORT_SUFFIXES)


# -- headers ---------------------------------------------------------------------------


def read_base_url(part: Part) -> str | None:
    """The part's ``wp:base_site_url`` ('' when it has none), or None if unreadable.

    Reads only the top of the channel, up to that element or the first item: WordPress
    writes it before the authors and terms, which can be thousands. Parsed as the reader
    parses (filtered stream, no DTD, no entities); a file broken further on is judged
    by its worker, which reads it through.
    """
    try:
        stream = SafeStream(part.open(), part.name, Reporter())
    except (MigrateError, OSError, zipfile.BadZipFile):
        return None
    try:
        sniff(stream, part.name)
        return _scan(stream)
    except (MigrateError, etree.LxmlError, OSError, zipfile.BadZipFile):
        return None
    finally:
        stream.close()


def _scan(stream: SafeStream) -> str:
    # Fed in small chunks: lxml's iterparse would parse 64 KB ahead, ten times the work.
    parser = etree.XMLPullParser(events=("start", "end"), recover=True, huge_tree=True,
                                 resolve_entities=False, load_dtd=False, no_network=True)
    while chunk := stream.read(HEADER_CHUNK):
        parser.feed(chunk)
        for event, element in parser.read_events():
            tag = getattr(element, "tag", None)  # start/end events give elements
            name = qname(tag) if isinstance(tag, str) else None
            if name == "item":
                return ""
            if event == "end" and name == "wp:base_site_url":
                return text_of(element).strip()
    return ""


def _headers(files: Sequence[Path]) -> tuple[list[_Header], list[Path]]:
    """Headers of every part, and the files with a part whose header is unreadable."""
    headers: list[_Header] = []
    unreadable: list[Path] = []
    for path in files:
        parts = _parts_or_file(path)
        urls = [read_base_url(part) for part in parts]
        if any(url is None for url in urls):
            unreadable.append(path)  # the whole file: its site fails with the reader's error
        else:
            headers += [_Header(part, url or "") for part, url in zip(parts, urls, strict=True)]
    return headers, unreadable


# -- grouping --------------------------------------------------------------------------


def part_order(part: Part) -> tuple[str, int, str]:
    """Sort key putting ``x.000.xml`` before ``x.001.xml`` before ``x.010.xml``."""
    stem = stem_of(part.member or part.path.name)
    numbered = _NUMBERED.match(stem)
    if numbered is None:
        return stem, -1, part.name
    return numbered["prefix"], int(numbered["n"]), part.name


def stem_of(name: str) -> str:
    """A file name without its export suffix (``a.xml.gz`` → ``a``)."""
    base = Path(name).name
    for suffix in sorted(EXPORT_SUFFIXES, key=len, reverse=True):
        if base.lower().endswith(suffix):
            return base[: -len(suffix)]
    return Path(base).stem


def _group_key(header: _Header) -> tuple[str, str]:
    """Parts of one base URL go together; parts without one only by ``.NNN`` naming."""
    if header.base_url:
        return "url", header.base_url
    prefix, number, name = part_order(header.part)
    return ("numbered", f"{header.part.path.parent}/{prefix}") if number >= 0 else ("file", name)


def discover(inputs: Iterable[str | Path]) -> list[SiteSpec]:
    """The sites the INPUTs hold, keyed uniquely and sorted by key."""
    headers, unreadable = _headers(expand_inputs(inputs))
    groups: dict[tuple[str, str], list[_Header]] = {}
    for header in headers:
        groups.setdefault(_group_key(header), []).append(header)
    specs = _refuse_mixed_zips([_spec(g) for g in groups.values()])
    specs += [SiteSpec(slug_or_site(stem_of(p.name)), (str(p),)) for p in unreadable]
    return assign_keys(specs)


def one_site(inputs: Iterable[str | Path], name: str | None = None) -> SiteSpec:
    """The site made of exactly these INPUTs (a manifest entry): no grouping; the key is
    ``name`` if given, else from the first readable part's base URL."""
    files = expand_inputs(inputs)
    if not files:
        raise InputError("a site needs at least one input")
    parts = sorted((p for f in files for p in _parts_or_file(f)), key=part_order)
    paths = tuple(dict.fromkeys(str(p.path) for p in parts))
    base_url = _first_base_url(parts)
    if name is not None:
        return SiteSpec(name, paths, base_url=base_url, fixed=True)
    first = parts[0]
    return SiteSpec(site_key(base_url, first.member or first.path.name), paths, base_url=base_url)


def _parts_or_file(path: Path) -> list[Part]:
    try:
        return expand(path)
    except MigrateError:
        return [Part(path)]  # fails in its worker, with the same message


def _first_base_url(parts: Iterable[Part]) -> str:
    urls = (read_base_url(part) for part in parts)
    return next((url for url in urls if url is not None), "")


def _spec(group: list[_Header]) -> SiteSpec:
    ordered = sorted(group, key=lambda h: part_order(h.part))
    inputs = tuple(dict.fromkeys(str(h.part.path) for h in ordered))
    first = ordered[0].part
    return SiteSpec(site_key(ordered[0].base_url, first.member or first.path.name), inputs,
                    base_url=ordered[0].base_url)


def _refuse_mixed_zips(specs: list[SiteSpec]) -> list[SiteSpec]:
    """Fail the sites with parts in a zip that holds exports of several sites: a site's
    inputs are whole files, so such a zip cannot go to any one of them."""
    uses = Counter(path for spec in specs for path in spec.inputs)
    return [_refused(spec, mixed) if (mixed := [p for p in spec.inputs if uses[p] > 1])
            else spec for spec in specs]


def _refused(spec: SiteSpec, mixed: list[str]) -> SiteSpec:
    return replace(spec, error=f"{mixed[0]}: the archive holds exports of several sites; "
                   "unzip it and give the folder instead")


# -- keys ------------------------------------------------------------------------------


def site_key(base_url: str, first_file: str) -> str:
    """``https://example.com/blog`` → ``example-com-blog``; no URL: the file's stem."""
    if base_url:
        parts = urlsplit(base_url.strip())
        text = f"{parts.hostname or ''}{':' + str(parts.port) if parts.port else ''}{parts.path}"
        key = slugify(text if parts.hostname else base_url, max_length=80)
        if key:
            return key
    return slug_or_site(stem_of(first_file))


def slug_or_site(text: str) -> str:
    return slugify(text, max_length=80) or "site"


def assign_keys(specs: Iterable[SiteSpec]) -> list[SiteSpec]:
    """Give every site a unique key: fixed names (unique already) as they are, others
    ``-2``, ``-3`` on a collision, in an order that depends only on the sites."""
    specs = list(specs)
    taken = {s.wanted for s in specs if s.fixed}
    result = [replace(s, key=s.wanted) for s in specs if s.fixed]
    for spec in sorted((s for s in specs if not s.fixed), key=lambda s: (s.wanted, s.inputs)):
        key, n = spec.wanted, 1
        while key in taken:
            n += 1
            key = f"{spec.wanted}-{n}"
        taken.add(key)
        result.append(replace(spec, key=key))
    return sorted(result, key=lambda s: s.key)
