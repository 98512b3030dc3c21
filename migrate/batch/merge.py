"""``-o all.db``: workers write each site to a database of its own; the parent adds
each finished one to the shared database in one transaction (replacing the same site),
which costs the site's rows, where converting into the shared file would copy it whole.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from graphlib import TopologicalSorter
from pathlib import Path

from ..errors import WriterError
from ..writers.sqlite import existing_database


def work_folder(target: Path) -> Path:
    """Where the per-site databases of ``target`` are written (same filesystem)."""
    return target.with_name(f".{target.name}.sites")


def prepare(target: Path) -> None:
    """Refuse, before any site runs, a target that is not a wxr-migrate database; start
    an empty folder for the per-site databases (an interrupted batch may have left some)."""
    existing_database(target)
    shutil.rmtree(work_folder(target), ignore_errors=True)
    work_folder(target).mkdir()  # made here, so no worker's failed site removes it


class Merger:
    """Adds finished sites' databases to ``target``, one transaction per site, over one
    connection. For the batch, the target is in WAL mode: a commit is then one sync,
    not four; its own journal mode is restored on ``close``."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self._db: sqlite3.Connection | None = None
        self._mode = "delete"

    def add(self, source: Path) -> None:
        """Move the site in ``source`` into the target; ``source`` is removed."""
        if self._db is None and not existing_database(self.target):
            os.replace(source, self.target)  # the first site: its database is the target
            return
        try:
            self._merge(source)
        except sqlite3.Error as exc:
            raise WriterError(f"SQLite: cannot add the site: {exc}",
                              path=str(self.target)) from None
        with contextlib.suppress(OSError):
            source.unlink()

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute(f"PRAGMA journal_mode={self._mode}")
            self._db.close()
            self._db = None
        with contextlib.suppress(OSError):
            work_folder(self.target).rmdir()  # not empty only if a merge failed

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            db = self._db = sqlite3.connect(self.target, isolation_level=None)
            self._mode = db.execute("PRAGMA journal_mode").fetchone()[0]
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
        return self._db

    def _merge(self, source: Path) -> None:
        db = self._connect()
        db.execute("ATTACH DATABASE ? AS src", (f"{source.resolve().as_uri()}?mode=ro",))
        try:
            db.execute("BEGIN IMMEDIATE")
            tables = site_tables(db)
            site_id = _claim(db, tables)
            for table in tables:
                columns = [row[1] for row in db.execute(f"PRAGMA main.table_info({table})")]
                values = ", ".join("?" if c == "site_id" else c for c in columns)
                db.execute(f"INSERT INTO main.{table} ({', '.join(columns)}) "
                           f"SELECT {values} FROM src.{table}", (site_id,))
            db.execute("COMMIT")
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.execute("DETACH DATABASE src")


def site_tables(db: sqlite3.Connection) -> list[str]:
    """The tables holding a site's rows (those with a ``site_id`` column, full-text
    tables included, their internal tables not), parents before children."""
    rows = db.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'table' "
                      "ORDER BY name").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    tables = [
        name for name, _ in rows
        if not name.startswith("sqlite_") and not any(name.startswith(f"{v}_") for v in virtual)
        and "site_id" in {c[1] for c in db.execute(f"PRAGMA main.table_info({name})")}
    ]
    parents = {t: {fk[2] for fk in db.execute(f"PRAGMA main.foreign_key_list({t})")}
               for t in tables}
    return list(TopologicalSorter(parents).static_order())


def _claim(db: sqlite3.Connection, tables: list[str]) -> int:
    """The site_id the source's site gets: that of the site(s) it replaces (same input
    hash or base URL, as the SQLite writer decides; their rows are deleted here), else
    the next free one."""
    url, sha256 = db.execute("SELECT base_site_url, source_sha256 FROM src.sites").fetchone()
    old = [row[0] for row in db.execute(
        "SELECT site_id FROM main.sites WHERE source_sha256 = ? OR (? <> '' AND "
        "base_site_url = ?) ORDER BY site_id", (sha256, url, url))]
    for site_id in old:
        for table in reversed(tables):
            db.execute(f"DELETE FROM main.{table} WHERE site_id = ?", (site_id,))
    if old:
        return int(old[0])
    return int(db.execute("SELECT coalesce(max(site_id), 0) + 1 FROM main.sites").fetchone()[0])
