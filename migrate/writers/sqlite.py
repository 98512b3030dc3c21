"""SQLite writer: one normalized, indexed, full-text-searchable database, one site or many.

This module turns posts into row batches and names the inputs; ``sqlite_load`` finds
their plain text and media references and writes the batches into the database, in one
transaction on a staging copy, and ``sqlite_helper`` runs that in a helper process for
big exports (the plain text is found there too, for every other batch).
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Sequence
from datetime import datetime, timezone
from itertools import chain
from pathlib import Path

from ..errors import WriterError
from ..model import Comment, Post, Site
from . import sqlite_helper
from .base import Writer, WriterOption, WriteSummary
from .sqlite_helper import HelperGone, RemoteLoader
from .sqlite_load import (
    SCHEMA_FILE,
    CommentRows,
    Declarations,
    Loader,
    OpenArgs,
    PostRows,
    SiteRow,
    existing_database,
    with_texts,
)
from .sqlite_text import plain_text

__all__ = [
    "SqliteWriter", "describe_inputs", "existing_database", "input_files", "inputs_of",
    "plain_text",
]

TAXONOMY_ALIASES = {"tag": "post_tag"}  # WXR 1.0 writes domain="tag"


# --------------------------------------------------------------------------- inputs


def input_files(source: str) -> list[Path]:
    """The file behind ``Site.source``: the path, or the zip of a ``zip:member`` name."""
    if not source:
        return []
    if Path(source).is_file():
        return [Path(source)]
    head, sep, _ = source.rpartition(":")
    return [Path(head)] if sep and Path(head).is_file() else []


def describe_inputs(paths: Sequence[Path], source: str) -> tuple[str, str | None]:
    """``(source_file, source_sha256)``: file names without folders, and the SHA-256 of
    the inputs' bytes (concatenated: one file's hash is what ``sha256sum`` prints)."""
    if not paths:
        return Path(source).name if source else "", None
    digest = hashlib.sha256()
    try:
        for path in paths:
            with path.open("rb") as f:
                while chunk := f.read(1 << 20):
                    digest.update(chunk)
    except OSError:
        return ", ".join(p.name for p in paths), None
    if len(paths) == 1 and source != str(paths[0]) and source.startswith(str(paths[0])):
        return paths[0].name + source[len(str(paths[0])):], digest.hexdigest()  # zip:member
    return ", ".join(p.name for p in paths), digest.hexdigest()


def inputs_of(writer: Writer, site: Site) -> list[Path]:
    """The input files: ``writer.inputs`` when the driver sets it, else ``site.source``."""
    return list(writer.inputs) if writer.inputs else input_files(site.source)


# --------------------------------------------------------------------------- rows


def post_rows(post: Post) -> PostRows:
    comments = post.comments or post.pingbacks
    if post.comments and post.pingbacks:  # two tuples: their lines restore the export order
        comments = tuple(sorted(chain(post.comments, post.pingbacks), key=lambda c: c.line or 0))
    return PostRows(
        post.post_id, post.line,
        (post.post_type, post.status, post.post_title, post.post_name, post.link, post.guid,
         post.creator, post.post_date, post.post_date_gmt, post.post_modified,
         post.post_modified_gmt, post.comment_status, post.ping_status, post.post_parent,
         post.menu_order, post.post_password, int(post.is_sticky), post.attachment_url,
         post.post_content, post.post_excerpt),
        None,
        tuple((TAXONOMY_ALIASES.get(t.taxonomy, t.taxonomy), t.slug, t.name)
              for t in post.terms),
        tuple((m.meta_key, m.meta_value) for m in post.postmeta),
        tuple(comment_rows(c) for c in comments),
    )  # fmt: skip


def comment_rows(c: Comment) -> CommentRows:
    return CommentRows(
        c.comment_id, c.line,
        (c.comment_type or "comment", c.comment_author, c.comment_author_email,
         c.comment_author_url, c.comment_author_IP, c.comment_date, c.comment_date_gmt,
         c.comment_content, c.comment_approved, c.comment_parent, c.comment_user_id),
        None,
        tuple((m.meta_key, m.meta_value) for m in c.commentmeta),
    )  # fmt: skip


def declarations(site: Site) -> Declarations:
    return Declarations(
        tuple((a.author_id, a.author_login, a.author_email, a.author_display_name,
               a.author_first_name, a.author_last_name, a.line) for a in site.authors),
        tuple((t.term_id, t.taxonomy, t.slug, t.name, t.parent, t.description,
               tuple((m.meta_key, m.meta_value) for m in t.termmeta), t.line)
              for t in site.terms),
    )  # fmt: skip


# --------------------------------------------------------------------------- the writer


class SqliteWriter(Writer):
    name = "sqlite"
    description = "SQLite database (one site or many): tables, views, full-text search"
    extensions = (".db", ".sqlite", ".sqlite3")
    default_name = "site.db"
    options = (
        WriterOption("stamp", "record the import time in sites.imported_at", flag=True,
                     default=False),
    )
    #: A batch is inserted after this many items, or earlier once it holds this much text.
    batch_posts = 100
    batch_bytes = 2 << 20
    #: Inputs of at least this many bytes are loaded by a helper process (None: never).
    helper_min_bytes: int | None = 4 << 20

    _loader: Loader | RemoteLoader | None = None

    @classmethod
    def schema(cls) -> str:
        return SCHEMA_FILE.read_text(encoding="utf-8")

    def open(self, site: Site) -> None:
        paths = inputs_of(self, site)
        child = self._spawn(paths)  # first: it starts up while the inputs are hashed
        source_file, sha256 = describe_inputs(paths, site.source)
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        args = OpenArgs(str(self.path), str(self.target), SiteRow(
            site.title, site.link, site.description, site.language, site.wxr_version,
            site.base_site_url, site.base_blog_url, site.generator, source_file, sha256,
        ), stamp if self.opts.get("stamp") else None)  # fmt: skip
        self._batch: list[PostRows] = []
        self._size = 0
        self._flushes = 0
        self._loader = self._remote(child, args) if child is not None else None
        if self._loader is None:  # a small export, or no helper: load in this process
            self._loader = Loader(self.report.warn)
            self._loader.open(args)

    def _spawn(self, paths: list[Path]) -> subprocess.Popen[bytes] | None:
        """A helper process if the export is big enough to be worth one."""
        size = sum(p.stat().st_size for p in paths if p.is_file())
        if self.helper_min_bytes is None or size < self.helper_min_bytes:
            return None
        return sqlite_helper.spawn()

    def _remote(self, child: subprocess.Popen[bytes], args: OpenArgs) -> RemoteLoader | None:
        """A loader in the helper process, opened; None if the helper does not work."""
        loader = RemoteLoader(child, self.report.warn)
        try:
            loader.open(args)
        except HelperGone:
            self.path.unlink(missing_ok=True)  # whatever it began; the local loader restarts
            return None
        return loader

    def write(self, post: Post) -> None:
        rows = post_rows(post)
        self._batch.append(rows)
        self._size += len(post.post_content) + sum(
            len(c.comment_content) for c in chain(post.comments, post.pingbacks)
        )
        if len(self._batch) >= self.batch_posts or self._size >= self.batch_bytes:
            self._flush()

    def close(self, site: Site) -> WriteSummary:
        self._flush()
        try:
            summary = self._require_loader().close(declarations(site))
        except HelperGone as exc:
            raise self._helper_error(exc) from None
        self._loader = None
        label = f"site {summary.site_id} ({site.title or site.base_site_url or 'untitled'})"
        verb = "replaced its earlier conversion" if summary.replaced else "added"
        note = f"{label} {verb}; the database holds {summary.sites} site(s)"
        return WriteSummary(str(self.target), dict(summary.counts, sites=summary.sites), [note])

    def abort(self) -> None:
        if self._loader is not None:
            self._loader.abort()
            self._loader = None

    def _flush(self) -> None:
        if not self._batch:
            return
        batch, self._batch, self._size = self._batch, [], 0
        loader = self._require_loader()
        self._flushes += 1
        if isinstance(loader, RemoteLoader) and self._flushes % 2:
            # Every other batch comes with its plain text found here, the others' is
            # found by the helper: so the two processes share that work about evenly.
            batch = [with_texts(rows) for rows in batch]
        try:
            loader.insert(batch)
        except HelperGone as exc:
            raise self._helper_error(exc) from None

    def _require_loader(self) -> Loader | RemoteLoader:
        if self._loader is None:
            raise RuntimeError("SqliteWriter used before open() or after close()")
        return self._loader

    def _helper_error(self, exc: HelperGone) -> WriterError:
        return WriterError(f"the SQLite helper process stopped unexpectedly ({exc})",
                           path=str(self.target))
