"""The writer as a whole: registry and CLI, the run's summary, robustness on real exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import api, writers
from migrate.cli import main
from migrate.errors import MigrateError
from migrate.writers.markdown import MarkdownWriter
from tests.conftest import CORPUS, FIXTURES, SEED, needs_corpus

from .helpers import Convert, front_matter

SINK = FIXTURES / "wxr" / "kitchen-sink.xml"


def test_a_folder_output_means_markdown(tmp_path: Path) -> None:
    assert api.choose_writer(str(tmp_path / "site") + "/") is MarkdownWriter
    assert writers.get("markdown") is MarkdownWriter


def test_cli_convert_with_writer_options(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, [
        "convert", str(SINK), "-o", f"{out}/", "--preset", "hugo", "--comments", "all",
        "--meta", "client", "--redirects", "--unicode-slugs",
    ])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    assert "4 posts, 1 pages, 1 portfolio" in result.output
    assert "unknown shortcodes kept verbatim: contact-form-7 ×1" in result.output
    fm, _ = front_matter(out / "content" / "portfolio" / "bakery-rebrand" / "index.md")
    assert fm["client"] == "Crumb & Co. Bakery"
    assert (out / "static" / "_redirects").is_file()


def test_help_lists_the_options() -> None:
    text = CliRunner().invoke(main, ["convert", "--help"]).output
    for option in ("--preset", "--front-matter", "--front-matter-fields", "--meta",
                   "--comments", "--redirects", "--include-trash", "--unicode-slugs"):
        assert option in text


def test_summary_counts(tmp_path: Path) -> None:
    result = api.convert(SINK, tmp_path / "o", writer="markdown")
    assert result.summary is not None
    assert result.summary.counts == {
        "posts": 4, "pages": 1, "portfolio": 1, "comment_files": 1, "comments": 3,
        "pingbacks": 2, "media": 1, "skipped_nav_menu_item": 1,
    }
    assert result.summary.notes == ["unknown shortcodes kept verbatim: contact-form-7 ×1"]


def test_media_manifest(md: Convert) -> None:
    data = json.loads((md(SINK) / "media.json").read_text(encoding="utf-8"))
    assert data == [{
        "id": 140, "url": "http://sink.example.com/wp-content/uploads/2023/05/soup-bowl.jpg",
        "parent": 101, "title": "soup-bowl", "alt": "A steaming bowl of soup",
        "caption": "Soup of the day",
    }]


def test_featured_image_and_gallery_resolve_from_the_index(md: Convert) -> None:
    fm, body = front_matter(md(SINK) / "posts" / "hello-from-the-kitchen.md")
    assert fm["featured_image"] == "http://sink.example.com/wp-content/uploads/2023/05/soup-bowl.jpg"
    assert body.count("soup-bowl.jpg)") == 1  # [gallery ids="140"] became the image
    assert '[contact-form-7 id="5"]' in body  # unknown shortcode kept verbatim, unescaped


def test_duplicate_ids_keep_the_first(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    item = re.search(r"\t<item>.*?</item>\n", text, re.DOTALL)
    assert item is not None
    twice = text.replace(item.group(0), item.group(0) + item.group(0).replace(
        "YOUR LOVING", "A COPY OF"))
    export = tmp_path / "twice.xml"
    export.write_text(twice, encoding="utf-8")
    result = api.convert(export, tmp_path / "o", writer="markdown")
    assert result.summary is not None and result.summary.counts["posts"] == 1
    assert result.summary.counts["skipped_duplicate_id"] == 1
    assert any(d.code == "DUPLICATE_ID" for d in result.report)
    (md_file,) = (tmp_path / "o" / "posts").glob("*.md")
    assert front_matter(md_file)[0]["title"].startswith("YOUR LOVING")


def test_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(MigrateError, match="not made by wxr-migrate"):
        api.convert(SEED, tmp_path / "mine", writer="markdown")
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_parents_listed_after_children(md: Convert) -> None:
    out = md(FIXTURES / "wxr" / "nested-pages.xml")
    assert front_matter(out / "pages" / "kitchen" / "equipment" / "knives.md")[0][
        "wordpress_id"] == 112
    assert front_matter(out / "pages" / "lost-child.md")[0]["wordpress_id"] == 115


@needs_corpus
@pytest.mark.parametrize("preset", ["plain", "hugo", "jekyll", "eleventy"])
def test_theme_unit_test_data(md: Convert, preset: str) -> None:
    export = CORPUS / "wordpress-importer" / "phpunit" / "data" / "theme-unit-test-data.xml"
    out = md(export, preset=preset, redirects=True, comments="all")
    root = out.resolve()
    markdown = list(out.rglob("*.md"))
    assert all(p.resolve().is_relative_to(root) for p in out.rglob("*"))
    ids = [front_matter(p)[0]["wordpress_id"] for p in markdown]
    assert len(ids) == len(set(ids)) == 79  # 58 posts and 21 pages, each once


@needs_corpus
def test_every_corpus_export_converts_or_fails_cleanly(tmp_path: Path) -> None:
    exports = sorted((CORPUS / "wordpress-importer").rglob("*.xml"))
    assert len(exports) > 30
    failed = set()
    for n, export in enumerate(exports):
        try:
            api.convert(export, tmp_path / f"o{n}", writer="markdown",
                        options={"preset": "jekyll", "redirects": True, "comments": "all"})
        except MigrateError:
            failed.add(export.name)
    # Broken on purpose (not well-formed, or no valid WXR version): a clean error is right.
    assert failed <= {"crazy-cdata.xml", "malformed.xml", "malformed-simple.xml",
                      "invalid-version-tag.xml", "missing-version-tag.xml"}


def test_a_file_is_never_written_twice(tmp_path: Path) -> None:
    from migrate.wxr import WxrReader
    from tests.conftest import SEED

    reader = WxrReader(SEED)
    posts = list(reader)
    writer = MarkdownWriter(tmp_path)
    writer.prepare(reader.site, posts)
    writer.open(reader.site)
    writer.run.posts.put("notes/a.md", "first é\n")
    with pytest.raises(MigrateError, match=r"same file notes/a\.md"):
        writer.run.posts.put("notes/a.md", "second\n")
    with pytest.raises(MigrateError, match="unsafe output path"):
        writer.run.posts.put("../a.md", "out\n")
    writer.abort()
    assert (tmp_path / "notes" / "a.md").read_bytes() == "first é\n".encode()
    assert not (tmp_path.parent / "a.md").exists()


def test_a_body_the_converter_fails_on_is_kept_as_html(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import migrate.content as engine

    def broken(html: str, ctx: object) -> None:
        raise AssertionError("a converter bug")

    monkeypatch.setattr(engine, "_render", broken)
    result = api.convert(SEED, tmp_path / "o", writer="markdown")
    assert result.summary is not None and result.summary.counts["posts"] == 1
    (found,) = [d for d in result.report if d.code == "CONTENT_NOT_CONVERTED"]
    assert "AssertionError: a converter bug" in found.message
    (md_file,) = (tmp_path / "o" / "posts").glob("*.md")
    assert "<strong>LOVE</strong>" in md_file.read_text(encoding="utf-8")
