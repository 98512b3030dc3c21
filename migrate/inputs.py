"""What a user hands us, as readable parts: export files, gzip files, and zip archives.

WordPress.com delivers exports zipped, and big sites as several files
(``site.wordpress.2024-01-01.000.xml``, ``.001.xml`` ...). A zip's XML members, in
name order, are parts of the input. ``ExportReader`` reads one site from one or more
parts as if it were one export: the header comes from the first part, authors and
terms of later parts are added (once each), items follow in order.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from .diagnostics import Reporter
from .errors import InputError
from .model import Post, Site
from .source import ZipInputError, open_path
from .wxr import WxrReader

XML_SUFFIXES = (".xml", ".wxr", ".xml.gz")


class SiteMismatchError(InputError):
    """Parts given as one export are exports of different sites."""

    code = "SITE_MISMATCH"


@dataclass(frozen=True, slots=True)
class Part:
    """One export document: a file, or a member of a zip archive."""

    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        return f"{self.path}:{self.member}" if self.member else str(self.path)

    def open(self) -> IO[bytes]:
        if self.member is None:
            return open_path(self.path, self.name)
        try:
            # Closing the archive here is safe: its file stays open until the member
            # stream is closed too, and a failed open leaves nothing to the collector.
            with zipfile.ZipFile(self.path) as archive:
                return archive.open(self.member)
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            raise ZipInputError(f"cannot read from the zip archive: {exc}",
                                path=self.name) from None


def expand(path: Path) -> list[Part]:
    """The parts one input path stands for (a zip gives its XML members in name order)."""
    if path.is_file() and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                members = sorted(
                    i.filename for i in archive.infolist()
                    if not i.is_dir() and i.filename.lower().endswith(XML_SUFFIXES)
                    and not i.filename.startswith("__MACOSX/")
                )
        except (zipfile.BadZipFile, OSError) as exc:
            raise ZipInputError(f"cannot read zip archive: {exc}", path=str(path)) from None
        if not members:
            raise ZipInputError("zip archive holds no .xml export", path=str(path))
        return [Part(path, m) for m in members]
    return [Part(path)]


def expand_all(paths: Sequence[Path]) -> list[Part]:
    return [part for path in paths for part in expand(path)]


def merge_site(site: Site, more: Site) -> Site:
    """``site`` plus the authors and terms of another part that it does not have."""
    logins = {a.author_login for a in site.authors}
    keys = {(t.taxonomy, t.slug) for t in site.terms}
    authors = site.authors + tuple(a for a in more.authors if a.author_login not in logins)
    terms = site.terms + tuple(t for t in more.terms if (t.taxonomy, t.slug) not in keys)
    if len(authors) == len(site.authors) and len(terms) == len(site.terms):
        return site
    return replace(site, authors=authors, terms=terms)


class ExportReader:
    """One site read from its parts, streamed: ``reader.site``, then ``for post in reader``."""

    def __init__(
        self, parts: Sequence[Part], *, report: Reporter | None = None, recover: bool = False,
    ) -> None:
        if not parts:
            raise InputError("no input given")
        self.parts = list(parts)
        self.report = report if report is not None else Reporter()
        self.recover = recover
        self._site: Site | None = None
        self._current: WxrReader | None = None
        self._part: Part | None = None
        self._done_bytes = 0

    @property
    def site(self) -> Site:
        if self._current is not None and self._current.has_site:
            current = self._current.site
            return current if self._site is None else merge_site(self._site, current)
        if self._site is None:
            raise RuntimeError("no header read yet")
        return self._site

    @property
    def has_site(self) -> bool:
        return self._site is not None or (self._current is not None and self._current.has_site)

    @property
    def current_part(self) -> Part | None:
        """The part being read now (None between parts)."""
        return self._part

    @property
    def bytes_read(self) -> int:
        current = self._current.bytes_read if self._current is not None else 0
        return self._done_bytes + current

    def __iter__(self) -> Iterator[Post]:
        for part in self.parts:
            self._part = part
            reader = WxrReader(part.open(), name=part.name, report=self.report,
                               recover=self.recover)
            self._current = reader
            checked = False
            for post in reader:
                if not checked:  # as soon as the part's header is known, before its items
                    self._check_same_site(reader.site, part)
                    checked = True
                yield post
            if not checked:
                self._check_same_site(reader.site, part)
            self._site = reader.site if self._site is None else merge_site(self._site, reader.site)
            self._done_bytes += reader.bytes_read
            self._current = None
            self._part = None

    def _check_same_site(self, site: Site, part: Part) -> None:
        first = self._site
        if first is not None and site.base_site_url != first.base_site_url:
            raise SiteMismatchError(
                f"is an export of {site.base_site_url or 'an unnamed site'}, but the first "
                f"part is of {first.base_site_url or 'an unnamed site'}; convert them "
                "separately (or use batch)",
                path=part.name,
            )
