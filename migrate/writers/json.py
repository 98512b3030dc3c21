"""JSON and JSON Lines writers: the whole export as data, streamed, byte-for-byte stable.

The JSON document is ``{"format", "site", "authors", "terms", "posts"}`` with one record
per line, so a diff of two exports reads well and a 1 GB export streams straight
through ``json``'s C encoder. Posts are written as they are parsed, never collected;
each lists its media references (``media``), found in the same pass.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import IO, Any

import orjson

from ..media.extract import post_media, site_address
from ..model import Post, Site
from ..serialize import FORMAT, author_dict, post_dict, site_dict, term_dict
from .base import Writer, WriteSummary

#: Output buffer: 1 MB writes (8 kB ones cost up to 2.4 s of kernel time per GB written).
BUFFER = 1 << 20
SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "wxr-migrate-1.schema.json"


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON (orjson: the C-speed encoder matters on gigabyte exports)."""
    return orjson.dumps(obj)


class _Counting(Writer):
    """Counts what was written, and makes each post's record with its media references
    (:mod:`migrate.media.extract`): shared by both JSON writers."""

    _out: IO[bytes]

    def _start(self, site: Site) -> None:
        self.counts = {"items": 0, "comments": 0, "pingbacks": 0}
        self._base = site_address(site)  # media originals are made absolute against it

    def _record(self, post: Post) -> dict[str, Any]:
        return post_dict(post, post_media(post, self._base))

    def abort(self) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            out.close()

    def _count(self, post: Post) -> None:
        self.counts["items"] += 1
        self.counts["comments"] += len(post.comments)
        self.counts["pingbacks"] += len(post.pingbacks)

    def _summary(self, site: Site) -> WriteSummary:
        counts = dict(self.counts, authors=len(site.authors), terms=len(site.terms))
        return WriteSummary(str(self.target), counts)


class JsonWriter(_Counting):
    name = "json"
    description = "one JSON document (format wxr-migrate/1): site, authors, terms, posts"
    extensions = (".json",)
    default_name = "site.json"

    @classmethod
    def schema(cls) -> str:
        return SCHEMA.read_text(encoding="utf-8")

    def open(self, site: Site) -> None:
        self._start(site)
        self._out = self.path.open("wb", buffering=BUFFER)
        self._header = (len(site.authors), len(site.terms))
        self._write_header(self._out, site)
        self._posts_at = self._out.tell()
        self._first = True

    @staticmethod
    def _write_header(out: IO[bytes], site: Site) -> None:
        out.write(b'{"format":' + dumps(FORMAT) + b',\n"site":' + dumps(site_dict(site)))
        out.write(b',\n"authors":[' + b",".join(b"\n" + dumps(author_dict(a))
                                              for a in site.authors))
        out.write(b'],\n"terms":[' + b",".join(b"\n" + dumps(term_dict(t)) for t in site.terms))
        out.write(b'],\n"posts":[')

    def write(self, post: Post) -> None:
        self._out.write((b"\n" if self._first else b",\n") + dumps(self._record(post)))
        self._first = False
        self._count(post)

    def close(self, site: Site) -> WriteSummary:
        self._out.write(b"\n]}\n")
        self._out.close()
        if (len(site.authors), len(site.terms)) != self._header:
            self._rewrite_header(site)
        return self._summary(site)

    def _rewrite_header(self, site: Site) -> None:
        """Authors or terms were declared after the items: put them in the header."""
        tmp = self.path.with_name(self.path.name + ".header")
        with tmp.open("wb") as out, self.path.open("rb") as old:
            self._write_header(out, site)
            old.seek(self._posts_at)
            shutil.copyfileobj(old, out)
        tmp.replace(self.path)


class JsonLinesWriter(_Counting):
    name = "jsonl"
    description = "JSON Lines: one record per line (site, author, term, post), for huge exports"
    extensions = (".jsonl", ".ndjson")
    default_name = "site.jsonl"

    def open(self, site: Site) -> None:
        self._start(site)
        self._out = self.path.open("wb", buffering=BUFFER)
        self._out.write(dumps({"type": "site", "format": FORMAT, **site_dict(site)}) + b"\n")
        self._write_declarations(site, 0, 0)
        self._declared = (len(site.authors), len(site.terms))

    def _write_declarations(self, site: Site, authors_from: int, terms_from: int) -> None:
        for a in site.authors[authors_from:]:
            self._out.write(dumps({"type": "author", **author_dict(a)}) + b"\n")
        for t in site.terms[terms_from:]:
            self._out.write(dumps({"type": "term", **term_dict(t)}) + b"\n")

    def write(self, post: Post) -> None:
        self._out.write(dumps({"type": "post", **self._record(post)}) + b"\n")
        self._count(post)

    def close(self, site: Site) -> WriteSummary:
        self._write_declarations(site, *self._declared)  # declared after the items
        self._out.close()
        return self._summary(site)


