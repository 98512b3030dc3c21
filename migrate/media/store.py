"""Per post: decide what each media reference becomes, bring the files in, report.

:class:`Media` is called once per post with the post's references and the path of
its Markdown file; it returns ``{url as written: reference to write}`` for the
references it brought into the output, and adds one report entry per reference.
Files are written as they arrive; nothing of a post is kept once it is done but
the URL -> path table that lets later posts share a file.
"""

from __future__ import annotations

import posixpath
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..compact import KeySet, digest64
from ..errors import WriterError
from . import copy
from .fetch import Fetched, Fetcher
from .names import Names, shared_folder
from .refs import absolute
from .report import Entry, Report
from .resolve import candidates, is_unsafe, original


@dataclass(frozen=True, slots=True)
class Config:
    mode: str  # link, copy or download
    bundle: bool  # files beside the Markdown file (Hugo page bundles)
    shared_root: str  # folder of the shared tree, e.g. static/uploads
    served_at: str | None  # URL the shared tree is served at (Hugo: /uploads), else None
    uploads: Path | None  # --uploads-dir, for copy
    base: str  # the site's address, for relative URLs
    hosts: frozenset[str]  # the site's host names, for download


@dataclass(frozen=True, slots=True)
class Placed:
    local: str  # output path, relative to the output folder
    reference: str  # what the Markdown file says to reach it


@dataclass(frozen=True, slots=True)
class _Ref:
    url: str  # as written in the post
    absolute: str
    choices: tuple[str, ...]  # original first


#: (resolved URL, file to copy, status), or why there is none.
_Found = tuple[str, Path, str] | str


def _chosen(tries: list[Fetched]) -> _Found:
    for got in tries:
        if got.body is not None:
            return got.url, got.body, got.status
    return tries[-1].reason


class Media:
    def __init__(self, out: Path, config: Config, report: Report,
                 fetcher: Fetcher | None = None,
                 inside: Callable[[Path, str], Path] | None = None) -> None:
        self.out = out
        self.config = config
        self.report = report
        self.fetcher = fetcher
        self.names = Names()
        self._written = KeySet()  # digests of the files written
        self._inside = inside

    def post(self, post_id: int, markdown: str, urls: Sequence[str], *,
             shared: bool = False) -> dict[str, Placed]:
        """Handle one post's references; where each brought-in URL's file went.

        Report entries are added in the order the post references the URLs.
        ``shared`` puts files in the shared tree even in the bundle layout.
        """
        if self.config.mode != "link":  # link mode places no files
            self.names.reserve(markdown)
        slots = [self._triage(post_id, url) for url in urls]
        wanted = [s for s in slots if isinstance(s, _Ref)]
        if self.config.mode == "copy":
            found = [self._from_uploads(ref) for ref in wanted]
        else:
            found = self._download(wanted) if wanted else []
        outcome = dict(zip([r.url for r in wanted], found, strict=True))
        placed: dict[str, Placed] = {}
        for slot in slots:
            if isinstance(slot, Entry):
                self.report.add(slot)
                continue
            got = outcome[slot.url]
            if isinstance(got, str):  # why it failed
                status = "missing" if self.config.mode == "copy" else "failed"
                self.report.add(Entry(post_id, slot.url, slot.choices[0], None, status, got))
                continue
            resolved, source, status = got
            local = self._place(markdown, resolved, source, shared)
            self.report.add(Entry(post_id, slot.url, resolved, local, status))
            placed[slot.url] = Placed(local, self._reference(markdown, local, shared))
        return placed

    # ----------------------------------------------------------------- deciding

    def _triage(self, post_id: int, url: str) -> _Ref | Entry:
        """The reference if it is to be brought in, else its report entry."""
        full = absolute(url, self.config.base)
        reason = ""
        if self.config.mode == "link":
            reason = "--media link"
        elif is_unsafe(full):
            return Entry(post_id, url, full, None, "failed", "unsafe path")
        elif urlsplit(full).scheme.lower() not in ("http", "https"):
            reason = "not an http(s) URL"
        elif self.config.mode == "copy" and copy.uploads_relative(full) is None:
            reason = "not under wp-content/uploads"
        elif self.config.mode == "download" and not self._ours(original(full)):
            reason = "not on the site's host nor under wp-content/uploads"
        if reason:
            return Entry(post_id, url, full, None, "linked", reason)
        return _Ref(url, full, tuple(candidates(full)))

    def _ours(self, url: str) -> bool:
        """On the site's hosts or under wp-content/uploads (``url``: a CDN copy mapped
        back to its origin)."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            return False
        return host in self.config.hosts or copy.uploads_relative(url) is not None

    def _from_uploads(self, ref: _Ref) -> _Found:
        assert self.config.uploads is not None
        for choice in ref.choices:
            src = copy.source(self.config.uploads, choice)
            if src is not None:
                return choice, src, "copied"
        return "not in the uploads folder"

    def _download(self, refs: list[_Ref]) -> list[_Found]:
        """Originals first, all at once; then, round by round, the next choice of each
        reference that has nothing yet (the -scaled copy, then the URL as given)."""
        assert self.fetcher is not None
        tries: list[list[Fetched]] = [[] for _ in refs]
        for n in range(max(len(r.choices) for r in refs)):
            wanted = [i for i, r in enumerate(refs)
                      if n < len(r.choices) and not any(t.ok for t in tries[i])]
            got = self.fetcher.fetch_all(refs[i].choices[n] for i in wanted)
            for i in wanted:
                tries[i].append(got[refs[i].choices[n]])
        return [_chosen(t) for t in tries]

    # ----------------------------------------------------------------- placing

    def _place(self, markdown: str, resolved: str, source: Path, shared: bool) -> str:
        """Copy ``source`` to its output path (once) and return that path."""
        if self.config.bundle and not shared:
            folder = posixpath.dirname(markdown)
        else:
            folder = shared_folder(self.config.shared_root, resolved)
        local = self.names.claim(folder, resolved)
        if digest64(local) not in self._written:
            target = self._inside(self.out, local) if self._inside else self.out / local
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            except OSError as exc:
                raise WriterError(f"cannot write media file {local}: {exc.strerror or exc}",
                                  path=str(self.out)) from None
            self._written.add(digest64(local))
        return local

    def _reference(self, markdown: str, local: str, shared: bool) -> str:
        """What the Markdown file says to reach ``local``."""
        root = self.config.shared_root
        in_shared = shared or not self.config.bundle
        if self.config.served_at is not None and in_shared:
            return self.config.served_at + local.removeprefix(root)
        return posixpath.relpath(local, posixpath.dirname(markdown) or ".")
