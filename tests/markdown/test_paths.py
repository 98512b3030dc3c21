"""Safe, stable paths: slugs, reserved names, length caps, collisions, containment."""

from __future__ import annotations

import html
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.writers.markdown.paths import (
    MAX_SLUG,
    MAX_SLUG_BYTES,
    Claims,
    Folder,
    avoid_reserved,
    inside,
    item_slug,
)
from migrate.wxr import read_all
from tests.conftest import FIXTURES

from .helpers import Convert, front_matter, tree

HOSTILE = FIXTURES / "wxr" / "hostile-slugs.xml"
SAFE = set(string.ascii_lowercase + string.digits + "-")


@pytest.mark.parametrize(("post_name", "title", "expected"), [
    ("../../etc/passwd", "", "etc-passwd"),
    ("..\\..\\windows\\win.ini", "", "windows-win-ini"),
    ("%2e%2e%2f%2e%2e%2fsecret", "", "secret"),
    ("/absolute/path", "", "absolute-path"),
    (".git", "", "git"),
    ("trailing-dot. ", "", "trailing-dot"),
    ("CON", "", "con-7"),
    ("nul", "", "nul-7"),
    ("", "", "7"),
    ("---", "---", "7"),
    ("", "Tom &amp; Jerry", "tom-jerry"),
    ("", "Déjà vu", "deja-vu"),
    ("old-announcement__trashed", "", "old-announcement"),
    ("%e6%97%a5%e6%9c%ac", "", "ri-ben"),
])
def test_item_slug(post_name: str, title: str, expected: str) -> None:
    assert item_slug(post_name, title, 7) == expected


def test_unicode_slugs_keep_letters() -> None:
    assert item_slug("%e6%97%a5%e6%9c%ac", "", 1, unicode=True) == "日本"
    assert item_slug("", "Ünïcödé Wörld", 1, unicode=True) == "ünïcödé-wörld"


def test_long_slugs_are_cut_between_words() -> None:
    slug = item_slug("", "word " * 100, 1)
    assert len(slug) <= MAX_SLUG and slug.endswith("word") and "--" not in slug
    cjk = item_slug("", "日" * 150, 1, unicode=True)
    assert len(cjk.encode()) <= MAX_SLUG_BYTES


def test_reserved_names_get_the_id() -> None:
    assert avoid_reserved("com1", 9) == "com1-9"
    assert avoid_reserved("console", 9) == "console"


def test_claims_number_collisions_and_ignore_case() -> None:
    claims = Claims()
    one = claims.take("hello", lambda s: [f"posts/{s}.md"])
    two = claims.take("hello", lambda s: [f"posts/{s}.md"])
    three = claims.take("HELLO", lambda s: [f"posts/{s}.md"])
    assert (one, two, three) == ("hello", "hello-2", "HELLO-3")
    claims.reserve("posts/x.md")
    assert claims.take("x", lambda s: [f"posts/{s}.md"]) == "x-2"


def test_claims_check_every_file_of_an_item() -> None:
    claims = Claims()
    claims.take("a", lambda s: [f"_posts/2020-01-01-{s}.md", f"_data/comments/{s}.yml"])
    # Another day, same slug: the comments file would clash, so the slug moves on.
    assert claims.take("a", lambda s: [f"_posts/2021-01-01-{s}.md",
                                       f"_data/comments/{s}.yml"]) == "a-2"


@pytest.mark.parametrize("bad", ["", "/etc/passwd", "../x.md", "a/../../x.md", "a\\b.md",
                                 "a//b.md", "./a.md"])
def test_inside_refuses_escapes(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="unsafe output path"):
        inside(tmp_path, bad)
    with pytest.raises(ValueError, match="unsafe output path"):
        Folder(tmp_path / "out").place(bad)
    assert not (tmp_path / "out").exists()


def test_folder_makes_folders_and_refuses_a_link_out(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    folder = Folder(root)
    assert folder.place("a/b/c.md") == root / "a" / "b" / "c.md"
    assert (root / "a" / "b").is_dir()
    (root / "away").symlink_to(tmp_path)
    (root / "a" / "link").symlink_to(tmp_path)
    (root / "a" / "b" / "c.md").write_text("a file, not a folder")
    for through_a_link in ["away/x.md", "away/deeper/x.md", "a/link/x.md", "a/b/c.md/x.md"]:
        with pytest.raises(ValueError, match="unsafe output path"):
            folder.place(through_a_link)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing made outside


@given(st.text(max_size=300), st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_slug_is_a_safe_file_name(post_name: str, title: str) -> None:
    slug = item_slug(post_name, title, 42)
    assert slug and set(slug) <= SAFE
    assert not slug.startswith("-") and not slug.endswith("-")
    assert len(slug) <= MAX_SLUG


@pytest.mark.parametrize("preset", ["plain", "hugo", "jekyll", "eleventy"])
def test_hostile_slugs_all_written_inside(md: Convert, preset: str) -> None:
    out = md(HOSTILE, preset=preset)
    root = out.resolve()
    files = [p for p in out.rglob("*") if p.is_file()]
    for path in files:
        assert path.resolve().is_relative_to(root), path
        assert len(path.name.encode()) <= 255
        assert path.name.split(".")[0].lower() not in {"con", "nul", "prn", "aux"}
        assert not path.name.startswith(".") or path.name == ".wxr-migrate"
    markdown = [p for p in files if p.suffix == ".md"]
    ids = sorted(front_matter(p)[0]["wordpress_id"] for p in markdown)
    assert ids == list(range(1, 18))  # all 17 posts, none dropped or overwritten


def test_hostile_collisions_are_numbered_and_stable(md: Convert) -> None:
    out = md(HOSTILE, preset="plain")
    assert front_matter(out / "posts" / "hello.md")[0]["wordpress_id"] == 9
    assert front_matter(out / "posts" / "hello-2.md")[0]["wordpress_id"] == 10
    assert tree(out) == tree(md(HOSTILE, preset="plain"))


@pytest.mark.parametrize("fmt", ["yaml", "toml"])
def test_hostile_titles_round_trip(md: Convert, fmt: str) -> None:
    tomllib = pytest.importorskip("tomllib")
    _, posts = read_all(HOSTILE)
    want = {p.post_id: html.unescape(p.post_title) for p in posts}
    out = md(HOSTILE, preset="hugo", front_matter=fmt)
    got = {}
    for path in (out / "content").rglob("index.md"):
        text = path.read_text(encoding="utf-8")
        if fmt == "yaml":
            data = yaml.safe_load(text[4:].split("\n---\n", 1)[0])
        else:
            data = tomllib.loads(text[4:].split("\n+++\n", 1)[0])
        got[data["wordpress_id"]] = data["title"]
    assert got == want


@pytest.mark.parametrize("name", ["nested-pages.xml", "kitchen-sink.xml",
                                  "hostile-slugs.xml", "internal-links.xml"])
def test_item_order_does_not_change_the_files(name: str, tmp_path: Path) -> None:
    """The index sorts its rows by id: items listed in reverse give the same files
    (the manifests, in export order, aside)."""
    from lxml import etree

    from migrate import api

    source = FIXTURES / "wxr" / name
    doc = etree.parse(str(source))
    channel = doc.getroot().find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert len(items) > 2
    for item in items:
        channel.remove(item)
    channel.extend(reversed(items))
    reversed_export = tmp_path / name
    doc.write(str(reversed_export), encoding="utf-8", xml_declaration=True)
    for export, out in ((source, "a"), (reversed_export, "b")):
        api.convert(export, tmp_path / out, writer="markdown", options={"preset": "hugo"})

    def pages(root: Path) -> dict[str, bytes]:
        return {k: v for k, v in tree(root).items() if "media" not in k}

    assert pages(tmp_path / "a") == pages(tmp_path / "b")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="abcxyz0189-", max_size=120), st.booleans())
def test_a_slug_already_is_what_slugify_makes_of_it(text: str, unicode: bool) -> None:
    from slugify import slugify

    from migrate.writers.markdown.paths import MAX_SLUG, _truncate, slug_text

    expected = _truncate(slugify(text, allow_unicode=unicode), MAX_SLUG)
    assert slug_text(text, unicode=unicode) == expected
