"""The database side of the SQLite writer: opening (or copying) the file, claiming a site,
inserting batches of item rows, declarations, commit and checks.

A ``Loader`` runs in the writer's process or in its helper process (``sqlite_helper``);
everything it receives and returns is plain, picklable data (the named tuples below).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import WriterError
from ..media.extract import media_refs, site_address
from ..phpserial import to_json_text
from .sqlite_text import plain_text

SCHEMA_FILE = Path(__file__).with_name("sqlite_schema.sql")
APPLICATION_ID = 2004382311  # b"wxrg"; PRAGMA application_id in the schema
SCHEMA_VERSION = 2  # PRAGMA user_version in the schema (2: media_refs, media_files)
PING_TYPES = ("pingback", "trackback")

# Tables holding a site's rows, children before parents (the order to delete in). The
# schema's trigger on sites deletes the site's full-text rows.
SITE_TABLES = (
    "commentmeta", "comments", "media_refs", "postmeta", "post_terms", "posts", "termmeta",
    "terms", "authors", "sites",
)  # fmt: skip


def _insert(table: str, n: int, verb: str = "INSERT") -> str:
    return f"{verb} INTO {table} VALUES ({', '.join('?' * n)})"


SQL_SITE = _insert("sites", 12)
SQL_AUTHOR = _insert("authors", 7, "INSERT OR IGNORE")
SQL_TERM = _insert("terms", 7, "INSERT OR IGNORE")
SQL_TERMMETA = _insert("termmeta", 7)
SQL_POST = _insert("posts", 23)
SQL_POST_FTS = _insert("posts_fts", 4)
SQL_POST_TERM = _insert("post_terms", 5, "INSERT OR IGNORE")  # a term listed twice
SQL_POSTMETA = _insert("postmeta", 6)
SQL_MEDIA_REF = _insert("media_refs", 7)
SQL_COMMENT = _insert("comments", 14)
SQL_COMMENT_FTS = _insert("comments_fts", 5)
SQL_COMMENTMETA = _insert("commentmeta", 6)

Warn = Callable[..., None]  # Reporter.warn(code, message, **where)


class SiteRow(NamedTuple):
    """The sites columns after site_id, but imported_at."""

    title: str
    link: str
    description: str
    language: str
    wxr_version: str
    base_site_url: str
    base_blog_url: str
    generator: str
    source_file: str
    source_sha256: str | None


class OpenArgs(NamedTuple):
    path: str  # the file to write (the staging copy)
    target: str  # the file to extend, if it is a wxr-migrate database
    site: SiteRow
    stamp: str | None  # sites.imported_at


# Positions in PostRows.fields and CommentRows.fields.
POST_TITLE, POST_CONTENT, COMMENT_TYPE, COMMENT_AUTHOR, COMMENT_CONTENT = 2, -2, 0, 1, 7


class CommentRows(NamedTuple):
    comment_id: int | None
    line: int | None
    fields: tuple[Any, ...]  # comments columns after post_id
    text: str | None  # plain text of comment_content (None: the loader finds it)
    metas: tuple[tuple[str, str], ...]


class PostRows(NamedTuple):
    post_id: int | None
    line: int | None
    fields: tuple[Any, ...]  # posts columns after post_id, but content_text
    texts: tuple[str, str] | None  # plain text of title and content (None: found here)
    terms: tuple[tuple[str, str, str], ...]  # taxonomy, slug, name
    metas: tuple[tuple[str, str], ...]
    comments: tuple[CommentRows, ...]


def plain_texts(p: PostRows) -> tuple[str, str]:
    """The plain text of an item's title and content, for search."""
    return plain_text(p.fields[POST_TITLE]), plain_text(p.fields[POST_CONTENT])


def with_texts(p: PostRows) -> PostRows:
    """The rows with their plain texts found (the loader then skips that work)."""
    comments = tuple(c._replace(text=plain_text(c.fields[COMMENT_CONTENT]))
                     for c in p.comments)
    return p._replace(texts=plain_texts(p), comments=comments)


class Declarations(NamedTuple):
    authors: tuple[tuple[Any, ...], ...]  # authors columns after site_id, then the line
    terms: tuple[tuple[Any, ...], ...]  # terms columns after site_id, termmeta, line


@cache
def _schema() -> tuple[str, tuple[str, ...]]:
    """The schema without its secondary indexes, and those indexes' statements (each
    ``CREATE INDEX`` is one line of the schema file).

    A new database gets its indexes after the rows: one sort per index at the end is
    cheaper than keeping every index in order through each insert (at 1 GB, the
    indexes outgrow the page cache and each insert reads pages back from disk).
    """
    tables: list[str] = []
    indexes: list[str] = []
    for line in SCHEMA_FILE.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("CREATE INDEX "):
            indexes.append(line.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
        else:
            tables.append(line)
    return "".join(tables), tuple(indexes)


class Summary(NamedTuple):
    site_id: int
    replaced: bool
    sites: int
    counts: dict[str, int]


def _open_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def existing_database(target: Path) -> bool:
    """Whether ``target`` is a wxr-migrate database to add to (False: none, or empty).

    Refuses (``WriterError``) a file that is not one, so ``-o notes.db`` never
    overwrites another program's database.
    """
    if not target.is_file() or target.stat().st_size == 0:
        return False
    try:
        with closing(_open_ro(target)) as db:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
            objects = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.OperationalError as exc:  # locked, unreadable
        raise WriterError(f"cannot read the existing database: {exc}", path=str(target)) from None
    except sqlite3.DatabaseError:
        raise WriterError("exists and is not a SQLite database; give a new file name",
                          path=str(target)) from None
    if app_id == APPLICATION_ID and version == SCHEMA_VERSION:
        return True
    if app_id == APPLICATION_ID:
        raise WriterError(f"was written with schema version {version}, this wxr-migrate "
                          f"writes version {SCHEMA_VERSION}; give a new file name",
                          path=str(target))
    if objects == 0:
        return False
    raise WriterError("is a SQLite database not made by wxr-migrate; give a new file name",
                      path=str(target))


@contextmanager
def sqlite_errors(path: str) -> Iterator[None]:
    """SQLite failures (disk full, locked, a bug) as one-line ``WriterError``s."""
    try:
        yield
    except sqlite3.Error as exc:
        raise WriterError(f"SQLite: {exc}", path=path) from None


def _metas(key: tuple[Any, ...], metas: tuple[tuple[str, str], ...]) -> Iterator[tuple[Any, ...]]:
    """Meta rows: key, position (from 1), meta_key, meta_value, meta_json."""
    for n, (k, v) in enumerate(metas, 1):
        yield (*key, n, k, v, to_json_text(v))


class _Tables:
    """One batch's rows, by table, in insertion order (parents first)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[Any, ...]]] = {
            sql: [] for sql in (SQL_POST, SQL_POST_FTS, SQL_POST_TERM, SQL_POSTMETA,
                                SQL_MEDIA_REF, SQL_COMMENT, SQL_COMMENT_FTS, SQL_COMMENTMETA)
        }  # fmt: skip
        self.ids: dict[str, set[int]] = {"post": set(), "comment": set()}


class Loader:
    """Writes one site into the database: ``open``, ``insert`` per batch, ``close``."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self._db: sqlite3.Connection | None = None
        self._where = ""

    # ------------------------------------------------------------------ open and close

    def open(self, args: OpenArgs) -> None:
        self._where = args.target
        self.counts = {"items": 0, "comments": 0, "pingbacks": 0, "authors": 0, "terms": 0}
        self._missing = {"post": 0, "comment": 0}
        self._highest = {"post": -(2**63), "comment": -(2**63)}
        self._tables = _Tables()
        with sqlite_errors(self._where):
            db = self._db = self._connect(Path(args.path), Path(args.target))
            db.execute("BEGIN")
            site = args.site
            self._base = site_address(site)
            self.site_id, self.replaced = self._claim_site(site.source_sha256, site.base_site_url)
            db.execute(SQL_SITE, (self.site_id, *site, args.stamp))

    def close(self, decls: Declarations) -> Summary:
        db = self._require_db()
        with sqlite_errors(self._where):
            self._insert_declarations(decls)
            for statement in _schema()[1]:  # a database added to has them already
                db.execute(statement)
            if self.replaced:
                # Deleting from a full-text index leaves traces in its structure; a rebuild
                # makes it what inserting the same rows afresh makes, so reruns are identical.
                for fts in ("posts_fts", "comments_fts"):
                    db.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:  # a bug if it happens: nothing is committed
                raise WriterError(f"foreign key check failed: {problems[:5]}", path=self._where)
            db.execute("COMMIT")
            sites = db.execute("SELECT count(*) FROM sites").fetchone()[0]
        self.abort()
        return Summary(self.site_id, self.replaced, sites, self.counts)

    def abort(self) -> None:
        """Close the connection; uncommitted work goes with the staging file."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def _connect(self, path: Path, target: Path) -> sqlite3.Connection:
        extend = existing_database(target)
        staged = path != target
        if staged and extend:
            with closing(_open_ro(target)) as src, closing(sqlite3.connect(path)) as dst:
                src.backup(dst)
        db = sqlite3.connect(path, isolation_level=None)
        # The staging file is moved into place only when complete: no journal needed.
        db.execute("PRAGMA journal_mode=" + ("OFF" if staged else "DELETE"))
        db.execute("PRAGMA synchronous=OFF")
        # 16 KiB pages: fewer, larger reads and writes than 4 KiB ones (a new file only).
        db.execute("PRAGMA page_size=16384")
        db.execute("PRAGMA cache_size=-4096")  # bounded memory; larger caches were not faster
        # Foreign keys are checked once, at the end (PRAGMA foreign_key_check): cheaper than
        # on every row, and a violation fails the run all the same.
        db.execute("PRAGMA foreign_keys=OFF")
        if not extend:
            db.executescript(_schema()[0])
        return db

    def _claim_site(self, sha256: str | None, url: str) -> tuple[int, bool]:
        """The site_id for this export: that of the site(s) it replaces (same input hash
        or same base URL; their rows are deleted here), else the next free one."""
        db = self._require_db()
        old = [row[0] for row in db.execute(
            "SELECT site_id FROM sites WHERE source_sha256 = ? OR (? <> '' AND base_site_url = ?)"
            " ORDER BY site_id", (sha256, url, url))]  # fmt: skip
        for site_id in old:
            for table in SITE_TABLES:
                db.execute(f"DELETE FROM {table} WHERE site_id = ?", (site_id,))
        if old:
            return old[0], True
        return db.execute("SELECT coalesce(max(site_id), 0) + 1 FROM sites").fetchone()[0], False

    def _require_db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("Loader used before open() or after close()")
        return self._db

    # ------------------------------------------------------------------ rows

    def insert(self, batch: list[PostRows]) -> None:
        """Insert a batch of items with everything they hold; duplicates are skipped."""
        for post in batch:
            self._add_post(post)
        db, tables = self._require_db(), self._tables
        self._tables = _Tables()
        with sqlite_errors(self._where):
            for sql, rows in tables.rows.items():
                if rows:
                    db.executemany(sql, rows)

    def _add_post(self, p: PostRows) -> None:
        post_id = p.post_id
        title = p.fields[POST_TITLE] or None
        if post_id is None:
            post_id = self._new_id("post")
            self.warn("MISSING_POST_ID", f"item has no wp:post_id; stored as post_id {post_id}",
                      line=p.line, title=title)
        elif self._taken("post", post_id):
            also = f" (nor its {len(p.comments)} comments)" if p.comments else ""
            self.warn("DUPLICATE_POST_ID", "an earlier item has the same id; this one is not "
                      f"stored{also}", line=p.line, post_id=post_id, title=title)
            return
        t, sid = self._tables, self.site_id
        t.ids["post"].add(post_id)
        title, text = p.texts or plain_texts(p)
        t.rows[SQL_POST].append((sid, post_id, *p.fields, text))
        t.rows[SQL_POST_FTS].append((title, text, sid, post_id))
        t.rows[SQL_POST_TERM].extend((sid, post_id, *term) for term in p.terms)
        t.rows[SQL_POSTMETA].extend(_metas((sid, post_id), p.metas))
        t.rows[SQL_MEDIA_REF].extend(self._media_rows(post_id, p))
        for c in p.comments:
            self._add_comment(post_id, c)
        self.counts["items"] += 1

    def _media_rows(self, post_id: int, p: PostRows) -> Iterator[tuple[Any, ...]]:
        """media_refs rows: the item's media references (found here, in the helper
        process when there is one, beside the parser)."""
        thumbnail = next((v for k, v in p.metas if k == "_thumbnail_id"), None)
        refs = media_refs(p.fields[POST_CONTENT], thumbnail, self._base)
        for n, ref in enumerate(refs, 1):
            yield (self.site_id, post_id, n, *ref)

    def _add_comment(self, post_id: int, c: CommentRows) -> None:
        comment_id = c.comment_id
        if comment_id is None:
            comment_id = self._new_id("comment")
            self.warn("MISSING_COMMENT_ID", "comment has no wp:comment_id; stored as "
                      f"comment_id {comment_id}", line=c.line, post_id=post_id)
        elif self._taken("comment", comment_id):
            self.warn("DUPLICATE_COMMENT_ID", f"comment {comment_id} was already stored; "
                      "this one is not", line=c.line, post_id=post_id)
            return
        t, sid = self._tables, self.site_id
        t.ids["comment"].add(comment_id)
        t.rows[SQL_COMMENT].append((sid, comment_id, post_id, *c.fields))
        text = c.text if c.text is not None else plain_text(c.fields[COMMENT_CONTENT])
        t.rows[SQL_COMMENT_FTS].append((c.fields[COMMENT_AUTHOR], text, sid, comment_id, post_id))
        t.rows[SQL_COMMENTMETA].extend(_metas((sid, comment_id), c.metas))
        self.counts["pingbacks" if c.fields[COMMENT_TYPE] in PING_TYPES else "comments"] += 1

    def _new_id(self, kind: str) -> int:
        """The next unused negative id for an item or comment that has none."""
        while True:
            self._missing[kind] += 1
            if not self._taken(kind, -self._missing[kind]):
                return -self._missing[kind]

    def _taken(self, kind: str, value: int) -> bool:
        """Whether this run already stored the id (in this batch, or in the database).
        Exports list ids in increasing order, so one above the highest is never taken."""
        if value > self._highest[kind]:
            self._highest[kind] = value
            return False
        if value in self._tables.ids[kind]:
            return True
        table, column = ("posts", "post_id") if kind == "post" else ("comments", "comment_id")
        sql = f"SELECT 1 FROM {table} WHERE site_id = ? AND {column} = ?"
        return self._require_db().execute(sql, (self.site_id, value)).fetchone() is not None

    def _insert_declarations(self, decls: Declarations) -> None:
        """Authors and terms (all known only at the end: some may follow the items)."""
        db, sid = self._require_db(), self.site_id
        for *author, line in decls.authors:
            added = db.execute(SQL_AUTHOR, (sid, *author)).rowcount
            self.counts["authors"] += added
            if not added:
                self.warn("DUPLICATE_AUTHOR", f"author {author[1]!r} is declared again; the "
                          "first is kept", line=line)
        for *term, termmeta, line in decls.terms:
            added = db.execute(SQL_TERM, (sid, *term)).rowcount
            self.counts["terms"] += added
            if not added:
                self.warn("DUPLICATE_TERM", f"{term[1]} {term[2]!r} is declared again; the "
                          "first is kept", line=line)
                continue
            db.executemany(SQL_TERMMETA, _metas((sid, term[1], term[2]), termmeta))
