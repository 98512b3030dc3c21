"""The SQLite writer: exact rows from the fixtures, views, full-text search, several sites in
one database, replacement, atomicity, determinism, the helper process, and the corpus."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrate import api
from migrate.cli import main
from migrate.diagnostics import Reporter
from migrate.errors import MigrateError, WriterError
from migrate.model import Site
from migrate.writers import sqlite_helper, sqlite_load
from migrate.writers.sqlite import SqliteWriter, describe_inputs, input_files, inputs_of
from migrate.writers.sqlite_text import plain_text

from .conftest import CORPUS, FIXTURES, SEED, needs_corpus

SINK = FIXTURES / "wxr" / "kitchen-sink.xml"
TABLES = ("sites", "authors", "terms", "termmeta", "posts", "post_terms", "postmeta",
          "media_refs", "comments", "commentmeta", "posts_fts", "comments_fts")
VIEWS = ("pingbacks", "approved_comments", "media_files")


@pytest.fixture
def db_of(tmp_path: Path) -> Iterator[Any]:
    """Convert sources into one database (in order) and open it."""
    opened: list[sqlite3.Connection] = []

    def convert(*sources: Path, name: str = "site.db") -> sqlite3.Connection:
        out = tmp_path / name
        for source in sources:
            api.convert(source, out)
        db = sqlite3.connect(out)
        opened.append(db)
        return db

    yield convert
    for db in opened:
        db.close()


def counts(db: sqlite3.Connection) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES + VIEWS}


def rows(db: sqlite3.Connection, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return db.execute(sql, args).fetchall()


def assert_clean(db: sqlite3.Connection) -> None:
    assert rows(db, "PRAGMA foreign_key_check") == []
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


def dump(path: Path) -> str:
    with closing(sqlite3.connect(path)) as db:
        return "\n".join(db.iterdump())


# ---------------------------------------------------------------------------- the demo export


def test_demo_rows_per_table(db_of: Any) -> None:
    # fixtures/README.md: 1 post, 1 category + 4 tags, 3 comments + 2 pingbacks, 1 commentmeta
    db = db_of(SEED)
    assert counts(db) == {
        "sites": 1, "authors": 1, "terms": 5, "termmeta": 0, "posts": 1, "post_terms": 5,
        "postmeta": 1, "media_refs": 0, "comments": 5, "commentmeta": 1, "posts_fts": 1,
        "comments_fts": 5, "pingbacks": 2, "approved_comments": 3, "media_files": 0,
    }  # fmt: skip
    assert_clean(db)


def test_demo_site_row(db_of: Any) -> None:
    db = db_of(SEED)
    db.row_factory = sqlite3.Row
    site = dict(db.execute("SELECT * FROM sites").fetchone())
    digest = describe_inputs([SEED], str(SEED))[1]
    assert site == {
        "site_id": 1, "title": "Deepening Your Love", "link": "http://deepeningyourlove.com",
        "description": "Supporting Aliveness and Growth in Intimate Relationships",
        "language": "en-US", "wxr_version": "1.2",
        "base_site_url": "http://deepeningyourlove.com",
        "base_blog_url": "http://deepeningyourlove.com",
        "generator": "https://wordpress.org/?v=2.9.1",
        "source_file": "deepening-your-love.xml", "source_sha256": digest,
        "imported_at": None,
    }  # fmt: skip


def test_demo_post_fields(db_of: Any) -> None:
    db = db_of(SEED)
    db.row_factory = sqlite3.Row
    post = dict(db.execute("SELECT * FROM posts").fetchone())
    db.row_factory = None
    content, text = post.pop("post_content"), post.pop("content_text")
    assert post == {
        "site_id": 1, "post_id": 112, "post_type": "post", "status": "publish",
        "post_title": "YOUR LOVING RELATIONSHIP IS GIVING YOU LIFE! or The Neurobiology of "
                      "Secure Love",
        "post_name": "your-loving-relationship-is-giving-you-life-or-the-neurobiology-of-"
                     "secure-love",
        "link": "http://deepeningyourlove.com/2010/02/02/your-loving-relationship-is-giving-"
                "you-life-or-the-neurobiology-of-secure-love/",
        "guid": "http://deepeningyourlove.com/?p=112", "creator": "",
        "post_date": "2010-02-02 08:15:00", "post_date_gmt": "2010-02-02 16:15:00",
        "post_modified": "2010-02-02 09:02:11", "post_modified_gmt": "2010-02-02 17:02:11",
        "comment_status": "open", "ping_status": "open", "post_parent": 0, "menu_order": 0,
        "post_password": "", "is_sticky": 0, "attachment_url": None, "post_excerpt": "",
    }  # fmt: skip
    assert content.startswith("We humans need safe, loving relationships")
    assert content.count("\n\n") == 11  # 12 paragraphs, kept exactly
    assert "<strong>" not in text and "In a word: LOVE. This loving" in text
    assert text.endswith("who went before: Bowlby, Ainsworth, Main, Fonagy, Schore…")
    assert "\n" not in text
    assert rows(db, "SELECT taxonomy, slug, name FROM post_terms ORDER BY rowid") == [
        ("category", "relationships", "Relationships"),
        ("post_tag", "attachment", "Attachment"),
        ("post_tag", "emotionally-focused-therapy", "Emotionally Focused Therapy"),
        ("post_tag", "neurobiology", "Neurobiology"),
        ("post_tag", "oxytocin", "Oxytocin"),
    ]
    assert rows(db, "SELECT position, meta_key, meta_value, meta_json FROM postmeta") == [
        (1, "_edit_last", "1", None)
    ]


def test_demo_comments_pingbacks_and_views(db_of: Any) -> None:
    db = db_of(SEED)
    assert rows(db, "SELECT comment_id, comment_type, comment_parent, comment_user_id "
                    "FROM comments ORDER BY comment_id") == [
        (201, "comment", 0, 0), (202, "pingback", 0, 0), (203, "pingback", 0, 0),
        (204, "comment", 0, 1), (205, "comment", 0, 0),
    ]  # fmt: skip
    assert rows(db, "SELECT comment_id, comment_author_url FROM pingbacks ORDER BY 1") == [
        (202, "http://relationshiptips.example.net/2010/02/04/why-secure-love-keeps-us-healthy/"),
        (203, "http://amy.example.org/2010/02/09/love-links-for-the-week/"),
    ]
    assert rows(db, "SELECT comment_author FROM approved_comments ORDER BY comment_id") == [
        ("Kathi",), ("joelfeldman",), ("Pamela",)
    ]
    assert rows(db, "SELECT comment_date, comment_date_gmt, comment_author_IP FROM comments "
                    "WHERE comment_id = 205") == [
        ("2010-02-17 21:12:44", "2010-02-18 05:12:44", "192.0.2.144")
    ]  # fmt: skip
    assert rows(db, "SELECT comment_id, position, meta_key, meta_value FROM commentmeta") == [
        (201, 1, "akismet_result", "false")
    ]
    assert rows(db, "SELECT post_id, count(*) FROM comments GROUP BY post_id") == [(112, 5)]


def test_full_text_search_finds_the_seed_post(db_of: Any) -> None:
    db = db_of(SEED)
    assert rows(db, "SELECT site_id, post_id, title FROM posts_fts "
                    "WHERE posts_fts MATCH 'oxytocin'") == [
        (1, 112, "YOUR LOVING RELATIONSHIP IS GIVING YOU LIFE! or The Neurobiology of Secure "
                 "Love")
    ]  # fmt: skip
    assert rows(db, "SELECT post_id FROM posts_fts WHERE posts_fts MATCH '\"secure love\"'") == [
        (112,)
    ]
    assert rows(db, "SELECT post_id FROM posts_fts WHERE posts_fts MATCH 'title: oxytocin'") == []
    assert rows(db, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'zeppelin'") == [(0,)]
    # comments: the body and the author's name are searchable
    assert rows(db, "SELECT comment_id, post_id FROM comments_fts "
                    "WHERE comments_fts MATCH 'anxiety'") == [(205, 112)]  # fmt: skip
    assert rows(db, "SELECT comment_id FROM comments_fts WHERE comments_fts MATCH "
                    "'author: kathi'") == [(201,)]  # fmt: skip


# ---------------------------------------------------------------------------- kitchen sink


def test_kitchen_sink_rows_per_table(db_of: Any) -> None:
    # counted from the fixture: 8 items; terms 4 categories + 3 tags + 3 wp:term (1 termmeta);
    # post_terms 3+1+1+1+2+1; postmeta 2 (101) + 1 (110) + 3 (140) + 1 (150) + 8 (160);
    # comments 1001-1007 with a pingback and a trackback; approved: 1001-1003
    db = db_of(SINK)
    assert counts(db) == {
        "sites": 1, "authors": 3, "terms": 10, "termmeta": 1, "posts": 8, "post_terms": 9,
        "postmeta": 15, "media_refs": 4, "comments": 7, "commentmeta": 0, "posts_fts": 8,
        "comments_fts": 7, "pingbacks": 2, "approved_comments": 3, "media_files": 4,
    }  # fmt: skip
    assert_clean(db)


def test_kitchen_sink_threading_and_moderation(db_of: Any) -> None:
    db = db_of(SINK)
    assert rows(db, "SELECT comment_id, comment_parent, comment_approved, comment_type "
                    "FROM comments ORDER BY comment_id") == [
        (1001, 0, "1", "comment"), (1002, 1001, "1", "comment"), (1003, 1002, "1", "comment"),
        (1004, 0, "1", "pingback"), (1005, 0, "1", "trackback"), (1006, 0, "spam", "comment"),
        (1007, 0, "0", "comment"),
    ]  # fmt: skip
    thread = rows(db, """
        WITH RECURSIVE thread(comment_id, depth) AS (
            SELECT comment_id, 1 FROM comments WHERE comment_id = 1001
            UNION ALL
            SELECT c.comment_id, depth + 1 FROM comments c JOIN thread t
              ON c.comment_parent = t.comment_id AND c.site_id = 1)
        SELECT comment_id, depth FROM thread ORDER BY depth""")
    assert thread == [(1001, 1), (1002, 2), (1003, 3)]
    assert rows(db, "SELECT comment_id, comment_type FROM pingbacks ORDER BY 1") == [
        (1004, "pingback"), (1005, "trackback")
    ]
    assert rows(db, "SELECT comment_id FROM approved_comments ORDER BY 1") == [
        (1001,), (1002,), (1003,)
    ]


def test_kitchen_sink_terms_and_meta(db_of: Any) -> None:
    db = db_of(SINK)
    assert rows(db, "SELECT term_id, taxonomy, slug, parent_slug, description FROM terms "
                    "WHERE taxonomy IN ('category', 'genre') ORDER BY term_id") == [
        (1, "category", "uncategorized", "", ""), (3, "category", "recipes", "", "Things to cook"),
        (4, "category", "desserts", "recipes", ""),
        (5, "category", "frozen-desserts", "desserts", ""),
        (9, "genre", "science-fiction", "", "Stories set in possible futures"),
        (10, "genre", "space-opera", "science-fiction", ""),
    ]  # fmt: skip
    assert rows(db, "SELECT taxonomy, slug, meta_key, meta_value FROM termmeta") == [
        ("genre", "science-fiction", "color", "#3366ff")
    ]
    assert rows(db, "SELECT post_id FROM post_terms WHERE taxonomy = 'genre' "
                    "AND slug = 'space-opera'") == [(150,)]  # fmt: skip
    meta = dict(rows(db, "SELECT meta_key, meta_json FROM postmeta WHERE post_id = 140"))
    assert meta["_wp_attached_file"] is None
    attachment = json.loads(meta["_wp_attachment_metadata"])
    assert attachment["width"] == 1200 and attachment["sizes"]["medium"]["width"] == 300
    assert attachment["image_meta"]["keywords"] == []
    assert rows(db, "SELECT meta_json FROM postmeta WHERE meta_key = '_menu_item_classes'") == [
        ('[""]',)
    ]
    assert rows(db, "SELECT post_id, is_sticky FROM posts WHERE is_sticky = 1") == [(107, 1)]
    assert rows(db, "SELECT post_type, attachment_url, post_parent FROM posts "
                    "WHERE post_id = 140") == [
        ("attachment", "http://sink.example.com/wp-content/uploads/2023/05/soup-bowl.jpg", 101)
    ]  # fmt: skip


def test_kitchen_sink_plain_text(db_of: Any) -> None:
    db = db_of(SINK)
    text = dict(rows(db, "SELECT post_id, content_text FROM posts"))
    assert text[101] == (
        "Welcome to the test kitchen. This first paragraph is the teaser that shows on the "
        "front page. Soup of the day Today's soup is carrot and ginger. More photos from the "
        "tasting: Questions? Send them through the form below."
    )
    assert text[180].startswith("This post was written in the block editor. Ingredients 2 "
                                "carrots 1 thumb of ginger Soup, served.")
    assert "if (pot.temp < 90 && !lid) { simmer(45); }" in text[180]
    assert "wp:" not in text[180] and "<" not in text[180].replace("< 90", "")
    assert text[160] == ""
    assert rows(db, "SELECT post_id, title FROM posts_fts WHERE posts_fts MATCH 'jerry'") == [
        (190, "Tom & Jerry’s")
    ]
    assert rows(db, "SELECT post_title FROM posts WHERE post_id = 190") == [
        ("Tom &amp; Jerry&#8217;s",)  # the column keeps the export's text
    ]
    assert rows(db, "SELECT post_id FROM posts_fts WHERE posts_fts MATCH 'gallery OR contact'"
                ) == []  # shortcode names are not text


def test_plain_text_rules() -> None:
    assert plain_text("<p>a&amp;b</p><p>c</p>") == "a&b c"
    assert plain_text("hyphen<em>ated</em> <!-- wp:x {\"a\":1} -->word") == "hyphenated word"
    assert plain_text("x < y and y > z") == "x < y and y > z"
    assert plain_text('<a title="1 > 0" href="#">link</a>') == "link"
    assert plain_text("<script>var a = '<p>';</script>after<style>p{}</style>") == "after"
    assert plain_text("[caption id=\"1\"]<img src=x> Cap[/caption]") == "Cap"
    assert plain_text("He said [sic] it. [gallery] [note]kept[/note]") == "He said [sic] it. kept"
    assert plain_text("&#91;not a shortcode&#93; &nbsp;x") == "[not a shortcode] x"
    assert plain_text("  \n\t ") == ""


def test_wxr_1_0_tags_are_post_tags_and_undeclared_terms_are_kept(db_of: Any) -> None:
    db = db_of(FIXTURES / "wxr" / "wxr-1.0.xml")
    assert rows(db, "SELECT DISTINCT taxonomy FROM post_terms ORDER BY 1") == [
        ("category",), ("post_tag",)
    ]
    db = db_of(FIXTURES / "wxr" / "term-formats.xml", name="terms.db")
    assert rows(db, "SELECT name FROM post_terms WHERE slug = 'undeclared-tag'") == [
        ("Undeclared tag",)
    ]
    assert rows(db, "SELECT count(*) FROM terms WHERE slug = 'undeclared-tag'") == [(0,)]
    assert_clean(db)


# ---------------------------------------------------------------------------- media


REFS = FIXTURES / "wxr" / "media-refs.xml"
U = "http://refs.example.com/wp-content/uploads/2024/01/"


def test_media_refs_rows(db_of: Any) -> None:
    db = db_of(REFS)
    assert rows(db, "SELECT position, url, original, attachment_id, kind FROM media_refs "
                    "WHERE post_id = 301 ORDER BY position") == [
        (1, U + "pic-1024x768.jpg", U + "pic.jpg", 311, "img"),
        (2, U + "cover.jpg", U + "cover.jpg", 315, "img"),
        (3, U + "old-cover.jpg", U + "old-cover.jpg", None, "background"),
        (4, U + "manual.pdf", U + "manual.pdf", None, "link"),
        (5, None, None, 999, "featured"),
    ]
    assert rows(db, "SELECT post_id, count(*) FROM media_refs GROUP BY 1") == [(300, 21),
                                                                              (301, 5)]
    # which posts use a file, whatever variant or CDN copy they wrote
    assert rows(db, "SELECT DISTINCT post_id FROM media_refs WHERE original = ?",
                U + "big.jpg") == [(300,)]
    assert rows(db, "SELECT url FROM media_refs WHERE original = ? ORDER BY url",
                "https://refs.example.com/wp-content/uploads/2024/01/cdn.jpg") == [
        ("https://i0.wp.com/refs.example.com/wp-content/uploads/2024/01/cdn.jpg"
         "?resize=300%2C200&ssl=1",)]
    assert_clean(db)


def test_media_files_view_resolves_attachment_ids(db_of: Any) -> None:
    db = db_of(REFS)
    assert rows(db, "SELECT kind, attachment_id, attachment_url, file FROM media_files "
                    "WHERE post_id = 300 AND url IS NULL ORDER BY position") == [
        ("gallery", 311, U + "pic.jpg", U + "pic.jpg"),
        ("gallery", 312, U + "second.png", U + "second.png"),
        ("gallery", 999, None, None),  # not in the export
        ("playlist", 313, U + "talk.mp3", U + "talk.mp3"),
        ("featured", 311, U + "pic.jpg", U + "pic.jpg"),
    ]
    # the attachment WordPress 5.3 serves as -scaled, and its original
    assert rows(db, "SELECT url, original, attachment_url FROM media_files WHERE post_id = 300 "
                    "AND position = 1") == [
        (U + "big-scaled.jpg", U + "big.jpg", U + "big-scaled.jpg")]
    # attachments no post uses
    assert rows(db, "SELECT post_id FROM posts AS a WHERE post_type = 'attachment' AND NOT "
                    "EXISTS (SELECT 1 FROM media_files AS f WHERE f.site_id = a.site_id AND "
                    "f.attachment_id = a.post_id) ORDER BY 1") == [(316,)]


def test_media_refs_go_with_their_site(tmp_path: Path, db_of: Any) -> None:
    db = db_of(REFS, SINK, REFS)  # the same export again replaces its site
    assert rows(db, "SELECT site_id, count(*) FROM media_refs GROUP BY 1") == [(1, 26), (2, 4)]
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("DELETE FROM sites WHERE site_id = 1")
    assert rows(db, "SELECT site_id, count(*) FROM media_refs GROUP BY 1") == [(2, 4)]


def test_a_version_1_database_is_not_extended(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    api.convert(SEED, old)
    with closing(sqlite3.connect(old)) as db:
        db.execute("PRAGMA user_version = 1")
    with pytest.raises(WriterError, match="schema version 1, this wxr-migrate writes version 2"):
        api.convert(SINK, old)


# ---------------------------------------------------------------------------- many sites


def test_same_export_twice_replaces_its_site(tmp_path: Path, db_of: Any) -> None:
    once = db_of(SEED, name="once.db")
    twice = db_of(SEED, SEED, name="twice.db")
    assert counts(twice) == counts(once)
    assert dump(tmp_path / "twice.db") == dump(tmp_path / "once.db")
    assert_clean(twice)


def site_rows(db: sqlite3.Connection, site_id: int) -> dict[str, list[tuple[Any, ...]]]:
    return {t: sorted(rows(db, f"SELECT * FROM {t} WHERE site_id = ?", site_id), key=repr)
            for t in TABLES}


def test_a_second_export_adds_a_site(tmp_path: Path, db_of: Any) -> None:
    db = db_of(SEED, SINK)
    assert rows(db, "SELECT site_id, title FROM sites ORDER BY 1") == [
        (1, "Deepening Your Love"), (2, "Kitchen Sink Test Site")
    ]
    both = counts(db)
    assert both["posts"] == 1 + 8 and both["comments"] == 5 + 7 and both["terms"] == 5 + 10
    assert rows(db, "SELECT site_id, count(*) FROM posts GROUP BY 1") == [(1, 1), (2, 8)]
    assert rows(db, "SELECT site_id, post_id FROM posts_fts WHERE posts_fts MATCH 'ginger'") == [
        (2, 101), (2, 180)
    ]
    assert_clean(db)
    # converting the first again keeps its site_id and leaves the second alone
    first, second = site_rows(db, 1), site_rows(db, 2)
    api.convert(SEED, tmp_path / "site.db")
    assert counts(db) == both
    assert rows(db, "SELECT site_id, title FROM sites ORDER BY 1") == [
        (1, "Deepening Your Love"), (2, "Kitchen Sink Test Site")
    ]
    assert site_rows(db, 1) == first and site_rows(db, 2) == second
    assert_clean(db)


def test_indexes_are_built_after_the_rows(tmp_path: Path, db_of: Any) -> None:
    """A new database gets the schema's secondary indexes once its rows are in; a
    database added to keeps them. Either way every index the schema declares is there,
    consistent with its table, and the planner uses it."""
    declared = sorted(re.findall(r"^CREATE INDEX (\w+) ON", SqliteWriter.schema(), re.MULTILINE))
    assert len(declared) == 8
    query = "EXPLAIN QUERY PLAN SELECT post_id FROM posts WHERE post_name = 'x'"
    for db in (db_of(SINK, name="one.db"), db_of(SEED, SINK, name="two.db")):
        names = rows(db, "SELECT name FROM sqlite_master WHERE type = 'index' "
                         "AND sql IS NOT NULL ORDER BY name")
        assert [n for (n,) in names] == declared
        assert "USING INDEX posts_name" in rows(db, query)[0][-1]
        assert rows(db, "PRAGMA page_size") == [(16384,)]
        assert_clean(db)


def test_same_base_url_replaces_the_site(tmp_path: Path, db_of: Any) -> None:
    newer = tmp_path / "newer.xml"
    text = SEED.read_text(encoding="utf-8").replace("<title>Deepening Your Love</title>",
                                                    "<title>Deepening Your Love (2024)</title>")
    newer.write_text(text, encoding="utf-8")
    db = db_of(SEED, SINK, newer)
    assert rows(db, "SELECT site_id, title, source_file FROM sites ORDER BY 1") == [
        (1, "Deepening Your Love (2024)", "newer.xml"),
        (2, "Kitchen Sink Test Site", "kitchen-sink.xml"),
    ]
    assert rows(db, "SELECT count(*) FROM posts WHERE site_id = 1") == [(1,)]
    assert_clean(db)


def test_failed_run_leaves_the_database_untouched(tmp_path: Path, db_of: Any) -> None:
    db_of(SEED, SINK).close()
    target = tmp_path / "site.db"
    before = target.read_bytes()
    truncated = tmp_path / "truncated.xml"
    data = SINK.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(MigrateError):
        api.convert(truncated, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.db", "truncated.xml"]


def test_refuses_a_file_that_is_not_its_database(tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    before = other.read_bytes()
    with pytest.raises(WriterError, match="not made by wxr-migrate"):
        api.convert(SEED, other)
    assert other.read_bytes() == before
    text = tmp_path / "readme.sqlite"
    text.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(SEED), "-o", str(text)])
    assert result.exit_code == 1
    assert "readme.sqlite: exists and is not a SQLite database" in result.output
    assert text.read_text(encoding="utf-8") == "hello"
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    api.convert(SEED, empty)  # an empty file is a new database
    with closing(sqlite3.connect(empty)) as db:
        assert rows(db, "SELECT count(*) FROM posts") == [(1,)]


def test_a_broken_reference_fails_the_run(tmp_path: Path, monkeypatch: Any) -> None:
    """The foreign keys are checked before the commit: a row pointing nowhere (a bug)
    fails the run and leaves the previous database as it was."""
    api.convert(SEED, tmp_path / "site.db")
    before = (tmp_path / "site.db").read_bytes()
    real = sqlite_load.Loader._add_post

    def add_post(self: sqlite_load.Loader, p: sqlite_load.PostRows) -> None:
        real(self, p)
        if p.post_id == 101:  # a meta row of an item that does not exist
            self._tables.rows[sqlite_load.SQL_POSTMETA].append((self.site_id, 999, 1, "k", "v",
                                                                None))

    monkeypatch.setattr(sqlite_load.Loader, "_add_post", add_post)
    with pytest.raises(WriterError, match="foreign key check failed"):
        api.convert(SINK, tmp_path / "site.db")
    assert (tmp_path / "site.db").read_bytes() == before


# ---------------------------------------------------------------------------- determinism


def test_dump_is_byte_identical_across_runs(tmp_path: Path) -> None:
    for name in ("a.db", "b.db"):
        api.convert(SEED, tmp_path / name)
        api.convert(SINK, tmp_path / name)
    assert dump(tmp_path / "a.db") == dump(tmp_path / "b.db")
    cli = shutil.which("sqlite3")
    if cli is not None:
        a, b = (subprocess.run([cli, str(tmp_path / n), ".dump"], capture_output=True,
                               check=True).stdout for n in ("a.db", "b.db"))
        assert a == b and b"CREATE VIRTUAL TABLE posts_fts" in a


def helper(monkeypatch: Any) -> list[subprocess.Popen[bytes] | None]:
    """Load through the helper process whatever the input's size, in batches of 2 items;
    the list collects the helpers started."""
    monkeypatch.setattr(SqliteWriter, "helper_min_bytes", 0)
    monkeypatch.setattr(SqliteWriter, "batch_posts", 2)
    spawned: list[subprocess.Popen[bytes] | None] = []
    real_spawn = sqlite_helper.spawn

    def spawn() -> subprocess.Popen[bytes] | None:
        spawned.append(real_spawn())
        return spawned[-1]

    monkeypatch.setattr(sqlite_helper, "spawn", spawn)
    return spawned


def test_small_inputs_need_no_helper(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(sqlite_helper, "spawn", lambda: pytest.fail("helper started"))
    api.convert(SINK, tmp_path / "site.db")
    assert SqliteWriter.helper_min_bytes is not None
    assert SINK.stat().st_size < SqliteWriter.helper_min_bytes


def test_helper_process_gives_the_same_database(tmp_path: Path, monkeypatch: Any) -> None:
    for source in (SEED, SINK):
        api.convert(source, tmp_path / "here.db")
    spawned = helper(monkeypatch)
    for source in (SEED, SINK):
        api.convert(source, tmp_path / "helper.db")
    assert len(spawned) == 2 and all(c is not None and c.returncode == 0 for c in spawned)
    assert dump(tmp_path / "helper.db") == dump(tmp_path / "here.db")


def test_helper_errors_reach_the_caller(tmp_path: Path, monkeypatch: Any) -> None:
    spawned = helper(monkeypatch)
    other = tmp_path / "notes.db"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(WriterError, match="not made by wxr-migrate") as error:
        api.convert(SEED, other)
    assert error.value.path == str(other)
    assert spawned[0] is not None and spawned[0].returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_helper_warnings_are_reported(tmp_path: Path, monkeypatch: Any) -> None:
    source = tmp_path / "dups.xml"
    source.write_text(export(item("a", 3, (7, "x")), item("b", 2), item("c", 3),
                             item("d", None, (7, "y"))), encoding="utf-8")
    here, there = Reporter(), Reporter()
    api.convert(source, tmp_path / "here.db", report=here)
    monkeypatch.setattr(SqliteWriter, "helper_min_bytes", 0)
    api.convert(source, tmp_path / "there.db", report=there)
    assert [d.code for d in there] == ["DUPLICATE_POST_ID", "MISSING_POST_ID",
                                       "DUPLICATE_COMMENT_ID"]
    assert list(there) == list(here)
    assert dump(tmp_path / "there.db") == dump(tmp_path / "here.db")


def test_a_helper_that_cannot_start_is_not_needed(tmp_path: Path, monkeypatch: Any) -> None:
    api.convert(SINK, tmp_path / "here.db")
    monkeypatch.setattr(SqliteWriter, "helper_min_bytes", 0)

    def dead() -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE)

    monkeypatch.setattr(sqlite_helper, "spawn", dead)
    api.convert(SINK, tmp_path / "dead.db")
    assert dump(tmp_path / "dead.db") == dump(tmp_path / "here.db")
    monkeypatch.setattr(sqlite_helper, "spawn", lambda: None)
    api.convert(SINK, tmp_path / "none.db")
    assert dump(tmp_path / "none.db") == dump(tmp_path / "here.db")


def test_a_helper_that_dies_fails_the_run_cleanly(tmp_path: Path, monkeypatch: Any) -> None:
    api.convert(SEED, tmp_path / "site.db")
    before = (tmp_path / "site.db").read_bytes()
    monkeypatch.setattr(SqliteWriter, "helper_min_bytes", 0)
    monkeypatch.setattr(SqliteWriter, "batch_posts", 1)
    # answers "open" like the real helper, then exits as if killed
    script = ("import pickle, sys; pickle.load(sys.stdin.buffer); "
              "pickle.dump(('ok', None), sys.stdout.buffer); sys.stdout.flush()")

    def dies() -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE)

    monkeypatch.setattr(sqlite_helper, "spawn", dies)
    with pytest.raises(WriterError, match="helper process stopped unexpectedly"):
        api.convert(SINK, tmp_path / "site.db")
    assert (tmp_path / "site.db").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.db"]


def test_stamp_records_the_import_time(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", "-q", str(SEED), "-o", str(tmp_path / "s.db"),
                                       "--stamp"])
    assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(tmp_path / "s.db")) as db:
        (stamp,) = db.execute("SELECT imported_at FROM sites").fetchone()
    assert stamp is not None and stamp.endswith("+00:00") and stamp[:2] == "20"


# ---------------------------------------------------------------------------- broken exports

ITEM = """<item><title>{title}</title>{pid}<wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status>{comments}</item>"""
COMMENT = "<wp:comment>{cid}<wp:comment_content>{text}</wp:comment_content></wp:comment>"


def export(*items: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<title>Broken</title><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>http://broken.example.com</wp:base_site_url>
{"".join(items)}</channel></rss>"""


def item(title: str, pid: int | None, *comments: tuple[int | None, str]) -> str:
    return ITEM.format(
        title=title, pid="" if pid is None else f"<wp:post_id>{pid}</wp:post_id>",
        comments="".join(COMMENT.format(cid="" if c is None else
                                        f"<wp:comment_id>{c}</wp:comment_id>", text=text)
                         for c, text in comments),
    )  # fmt: skip


def test_missing_and_duplicate_ids(tmp_path: Path) -> None:
    source = tmp_path / "broken.xml"
    source.write_text(export(
        item("first", 5, (1, "one"), (None, "no id")),
        item("no id", None, (2, "two")),
        item("again", 5, (3, "lost with its item")),
        item("later", 9, (1, "same comment id"), (None, "no id either")),
        item("also no id", None),
    ), encoding="utf-8")  # fmt: skip
    report = Reporter()
    result = api.convert(source, tmp_path / "b.db", report=report)
    with closing(sqlite3.connect(tmp_path / "b.db")) as db:
        assert rows(db, "SELECT post_id, post_title FROM posts ORDER BY rowid") == [
            (5, "first"), (-1, "no id"), (9, "later"), (-2, "also no id")
        ]
        assert rows(db, "SELECT comment_id, post_id, comment_content FROM comments "
                        "ORDER BY rowid") == [
            (1, 5, "one"), (-1, 5, "no id"), (2, -1, "two"), (-2, 9, "no id either")
        ]  # fmt: skip
        assert_clean(db)
    assert [(d.code, d.post_id) for d in report] == [
        ("MISSING_COMMENT_ID", 5), ("MISSING_POST_ID", None), ("DUPLICATE_POST_ID", 5),
        ("DUPLICATE_COMMENT_ID", 9), ("MISSING_COMMENT_ID", 9), ("MISSING_POST_ID", None),
    ]  # fmt: skip
    assert "nor its 1 comments" in [d.message for d in report][2]
    assert result.summary is not None and result.summary.counts["items"] == 4


def test_duplicate_ids_across_batches(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(SqliteWriter, "batch_posts", 1)  # every check goes to the database
    source = tmp_path / "dups.xml"
    source.write_text(export(item("a", 3, (7, "x")), item("b", 2), item("c", 3),
                             item("d", 1, (7, "y")), item("e", 2)), encoding="utf-8")
    report = Reporter()
    api.convert(source, tmp_path / "d.db", report=report)
    with closing(sqlite3.connect(tmp_path / "d.db")) as db:
        assert rows(db, "SELECT post_id FROM posts ORDER BY rowid") == [(3,), (2,), (1,)]
        assert rows(db, "SELECT comment_id, post_id FROM comments") == [(7, 3)]
    assert [d.code for d in report] == ["DUPLICATE_POST_ID", "DUPLICATE_COMMENT_ID",
                                        "DUPLICATE_POST_ID"]


# ---------------------------------------------------------------------------- CLI and inputs


def test_cli_convert_and_schema(tmp_path: Path) -> None:
    out = tmp_path / "site.sqlite3"
    result = CliRunner().invoke(main, ["convert", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 items, 3 comments, 2 pingbacks, 1 authors, 5 terms, 1 sites" in result.output
    assert "site 1 (Deepening Your Love) added" in result.output
    schema = CliRunner().invoke(main, ["schema"])
    assert schema.exit_code == 0 and schema.output == SqliteWriter.schema().rstrip("\n") + "\n"
    fresh = sqlite3.connect(":memory:")
    fresh.executescript(schema.output)  # the printed DDL is what the writer runs
    with closing(sqlite3.connect(out)) as db:
        ours = rows(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    assert rows(fresh, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == ours


def test_inputs_and_their_hash(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    archive.write_bytes(b"zip bytes")
    assert input_files(str(SEED)) == [SEED]
    assert input_files(f"{archive}:site/part-1.xml") == [archive]
    assert input_files("<stream>") == [] and input_files("") == []
    assert describe_inputs([archive], f"{archive}:site/part-1.xml") == (
        "export.zip:site/part-1.xml",
        "5b7a2754b389130e138d57ba83f1eae7f05a41c66becacfa2dd2060143ae66db",
    )
    assert describe_inputs([], "<stream>") == ("<stream>", None)
    # the driver may hand the writer every input of a split export
    part2 = tmp_path / "part-2.xml"
    part2.write_bytes(b"more")
    writer = SqliteWriter(tmp_path / "x.db")
    writer.inputs = (SEED, part2)  # type: ignore[attr-defined]
    paths = inputs_of(writer, Site(source=str(SEED)))
    assert paths == [SEED, part2]
    assert describe_inputs(paths, str(SEED)) == (
        "deepening-your-love.xml, part-2.xml",
        hashlib.sha256(SEED.read_bytes() + b"more").hexdigest(),
    )


def test_a_zipped_export_is_named_and_hashed_by_its_archive(tmp_path: Path, db_of: Any) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(SEED, "export/deepening-your-love.xml")
    db = db_of(archive)
    assert rows(db, "SELECT source_file, source_sha256 FROM sites") == [
        ("export.zip:export/deepening-your-love.xml",
         hashlib.sha256(archive.read_bytes()).hexdigest())
    ]


# ---------------------------------------------------------------------------- every input


@pytest.mark.parametrize("source", sorted([SEED, *(FIXTURES / "wxr").glob("*.xml")]),
                         ids=lambda p: p.name)
def test_every_fixture_converts_with_clean_checks(source: Path, db_of: Any) -> None:
    db = db_of(source)
    assert_clean(db)
    doc = api.inspect(source).stats
    assert rows(db, "SELECT count(*), (SELECT count(*) FROM posts_fts) FROM posts") == [
        (doc.items, doc.items)
    ]
    assert rows(db, "SELECT count(*), (SELECT count(*) FROM comments_fts) FROM comments") == [
        (doc.comments + doc.pingbacks, doc.comments + doc.pingbacks)
    ]

# ---------------------------------------------------------------------------- corpus


@needs_corpus
def test_corpus_converts_with_clean_checks(tmp_path: Path) -> None:
    converted = 0
    for source in sorted(CORPUS.rglob("*.xml")):
        out = tmp_path / f"{source.stem}.db"
        try:
            api.convert(source, out)
        except MigrateError as exc:
            assert not out.exists()  # a broken export leaves nothing behind
            assert "wxr_version" in str(exc) or "XML" in str(exc), exc
            continue
        with closing(sqlite3.connect(out)) as db:
            assert_clean(db)
            assert rows(db, "SELECT count(*) FROM posts") == rows(db, "SELECT count(*) FROM "
                                                                  "posts_fts")
        converted += 1
    assert converted >= 30


def test_deleting_a_site_removes_all_its_rows(db_of: Any) -> None:
    db = db_of(SEED, SINK)
    sink_alone = counts(db_of(SINK, name="sink.db"))
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("DELETE FROM sites WHERE site_id = 1")
    db.commit()
    assert counts(db) == sink_alone
    assert_clean(db)


def test_odd_characters_in_the_output_path(tmp_path: Path) -> None:
    out = tmp_path / "my #1 ?site%20" / "blog 100%.db"
    api.convert(SEED, out)
    api.convert(SINK, out)  # opens the existing file read-only through a file: URI
    with closing(sqlite3.connect(out)) as db:
        assert rows(db, "SELECT count(*) FROM sites") == [(2,)]
