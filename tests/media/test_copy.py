"""``--media copy``: files from an uploads folder, references rewritten, a report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrate.cli import main
from migrate.errors import WriterError

from ..markdown.helpers import front_matter, tree
from .conftest import EXPORT, UPLOADS, convert

U = "http://media.example.com/wp-content/uploads/"


def report(out: Path) -> list[dict[str, Any]]:
    data = json.loads((out / "media-report.json").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def by_url(out: Path, post_id: int) -> dict[str, dict[str, Any]]:
    return {e["url"]: e for e in report(out) if e["post_id"] == post_id}


def test_hugo_bundle_copies_originals_beside_the_markdown(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = convert(EXPORT, out, preset="hugo", media="copy", uploads_dir=str(UPLOADS))
    bundle = out / "content/posts/photos"
    assert sorted(p.name for p in bundle.iterdir()) == [
        "index.md", "menu.pdf", "only-300x200.jpg", "photo-2.jpg", "photo.jpg", "song.mp3",
        "sunset.png", "wide.jpg",
    ]
    # the originals, not the thumbnails; two photo.jpg files kept apart
    assert (bundle / "photo.jpg").read_bytes() == (UPLOADS / "2023/05/photo.jpg").read_bytes()
    assert (bundle / "photo-2.jpg").read_bytes() == (UPLOADS / "2023/06/photo.jpg").read_bytes()
    fm, body = front_matter(bundle / "index.md")
    assert fm["images"] == ["sunset.png"]
    assert "[![May photo](photo.jpg)](photo.jpg)" in body
    assert "![June photo](photo-2.jpg)" in body
    assert '<audio controls src="song.mp3">' in body
    assert "[the menu (PDF)](menu.pdf)" in body
    assert "![Wide, resized by query](wide.jpg)" in body
    assert "media.example.com" not in body
    assert "https://cdn.example.org/pics/logo.png" in body  # another site: kept
    assert result.summary is not None
    assert result.summary.counts["media_copied"] == 15  # 11 references, 4 attachments
    assert result.summary.counts["media_missing"] == 3
    assert result.summary.counts["media_failed"] == 2


def test_report_statuses(tmp_path: Path) -> None:
    out = tmp_path / "site"
    convert(EXPORT, out, preset="hugo", media="copy", uploads_dir=str(UPLOADS))
    photos = by_url(out, 101)
    thumb = photos[U + "2023/05/photo-300x200.jpg"]
    assert thumb["resolved"] == U + "2023/05/photo.jpg"
    assert (thumb["local"], thumb["status"]) == ("content/posts/photos/photo.jpg", "copied")
    assert photos["https://cdn.example.org/pics/logo.png"]["status"] == "linked"
    edges = by_url(out, 103)
    assert edges[U + "2023/05/gone.jpg"]["status"] == "missing"
    assert edges[U + "../../etc/passwd"]["status"] == "failed"
    assert edges[U + "%2e%2e/%2e%2e/etc/hosts.png"]["reason"] == "unsafe path"
    again = by_url(out, 102)
    assert again["/wp-content/uploads/2023/05/menu.pdf"]["local"] == "content/posts/again/menu.pdf"
    # export order: the attachment items first (this export lists them first), then
    # each post's references in document order
    assert [e["post_id"] for e in report(out)][:5] == [200, 201, 202, 203, 101]
    assert list(photos)[:3] == [U + "2023/05/sunset.png", U + "2023/05/sunset-300x200.png",
                                U + "2023/05/photo.jpg"]


def test_attachment_items_are_brought_in_and_listed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    convert(EXPORT, out, preset="hugo", media="copy", uploads_dir=str(UPLOADS))
    manifest = json.loads((out / "data/media.json").read_text(encoding="utf-8"))
    assert {m["id"]: m["local"] for m in manifest} == {
        200: "content/posts/photos/photo.jpg",  # in its parent's bundle
        201: "static/uploads/2023/06/photo.jpg",  # no parent: the shared tree
        202: "content/posts/photos/sunset.png",
        203: "content/posts/photos/menu.pdf",
    }
    assert (out / "static/uploads/2023/06/photo.jpg").is_file()
    linked = tmp_path / "linked"
    convert(EXPORT, linked, preset="hugo")
    assert not any("local" in m for m in json.loads(
        (linked / "data/media.json").read_text(encoding="utf-8")))


def test_shared_layout_saves_each_file_once(tmp_path: Path) -> None:
    out = tmp_path / "site"
    convert(EXPORT, out, media="copy", uploads_dir=str(UPLOADS))
    files = sorted(p.relative_to(out).as_posix() for p in (out / "static").rglob("*")
                   if p.is_file())
    assert files == [
        "static/uploads/2023/05/menu.pdf", "static/uploads/2023/05/only-300x200.jpg",
        "static/uploads/2023/05/photo.jpg", "static/uploads/2023/05/song.mp3",
        "static/uploads/2023/05/sunset.png", "static/uploads/2023/05/wide.jpg",
        "static/uploads/2023/06/photo.jpg",
    ]
    fm, body = front_matter(out / "posts/photos.md")
    assert fm["featured_image"] == "../static/uploads/2023/05/sunset.png"
    assert "![June photo](../static/uploads/2023/06/photo.jpg)" in body
    _, again = front_matter(out / "posts/again.md")
    assert "[menu](../static/uploads/2023/05/menu.pdf)" in again


def test_hugo_shared_layout_uses_served_urls(tmp_path: Path) -> None:
    out = tmp_path / "site"
    convert(EXPORT, out, preset="hugo", media="copy", uploads_dir=str(UPLOADS),
            media_layout="shared")
    fm, body = front_matter(out / "content/posts/photos/index.md")
    assert fm["images"] == ["/uploads/2023/05/sunset.png"]
    assert "![June photo](/uploads/2023/06/photo.jpg)" in body
    assert (out / "static/uploads/2023/06/photo.jpg").is_file()


def test_nothing_lands_outside_the_output(tmp_path: Path) -> None:
    out = tmp_path / "site"
    convert(EXPORT, out, preset="hugo", media="copy", uploads_dir=str(UPLOADS))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert not any("passwd" in p.name or "hosts" in p.name for p in out.rglob("*"))


def test_link_mode_keeps_urls_and_reports_them(tmp_path: Path) -> None:
    out = tmp_path / "site"
    convert(EXPORT, out, preset="hugo")
    _, body = front_matter(out / "content/posts/photos/index.md")
    assert f"]({U}2023/05/photo-300x200.jpg)" in body
    assert {e["status"] for e in report(out)} == {"linked"}
    assert not (out / "static").exists()


def test_none_mode_writes_no_report(tmp_path: Path) -> None:
    out = tmp_path / "site"
    convert(EXPORT, out, media="none")
    assert not (out / "media-report.json").exists()


@pytest.mark.parametrize(("options", "message"), [
    ({"media": "copy"}, "needs --uploads-dir"),
    ({"media": "copy", "uploads_dir": "/nonexistent/uploads"}, "is not a folder"),
    ({"uploads_dir": str(UPLOADS)}, "is for --media copy"),
    ({"media_layout": "bundle"}, "needs --preset hugo"),
])
def test_bad_options_are_errors(tmp_path: Path, options: dict[str, Any], message: str) -> None:
    with pytest.raises(WriterError, match=message):
        convert(EXPORT, tmp_path / "site", **options)


def test_strict_media_turns_a_failure_into_exit_1(tmp_path: Path) -> None:
    args = ["convert", str(EXPORT), "-o", str(tmp_path / "site"), "--media", "copy",
            "--uploads-dir", str(UPLOADS)]
    ok = CliRunner().invoke(main, args)
    assert ok.exit_code == 0, ok.stderr
    assert "media references missing or failed" in ok.stderr + ok.stdout
    strict = CliRunner().invoke(main, [*args[:3], str(tmp_path / "strict"), *args[4:],
                                       "--strict-media"])
    assert strict.exit_code == 1
    assert "5 media references missing or failed" in strict.stderr
    assert not (tmp_path / "strict").exists()


def test_jekyll_references_the_served_shared_tree(tmp_path: Path) -> None:
    out = tmp_path / "site"
    convert(EXPORT, out, preset="jekyll", media="copy", uploads_dir=str(UPLOADS))
    fm, body = front_matter(out / "_posts/2023-05-10-photos.md")
    assert fm["image"] == "/static/uploads/2023/05/sunset.png"
    assert "![June photo](/static/uploads/2023/06/photo.jpg)" in body


def test_scaled_rotated_and_cdn_copies_resolve_to_the_originals(tmp_path: Path) -> None:
    out = tmp_path / "site"
    refs = EXPORT.with_name("media-refs.xml")
    convert(refs, out, preset="hugo", media="copy", uploads_dir=str(UPLOADS))
    u = "http://refs.example.com/wp-content/uploads/2024/01/"
    got = {e["url"]: (e["resolved"], e["local"], e["status"]) for e in report(out)
           if e["post_id"] == 300}
    bundle = "content/posts/scaled-rotated-cdn/"
    assert got[u + "big-scaled.jpg"] == (u + "big.jpg", bundle + "big.jpg", "copied")
    assert got[u + "big-300x200.jpg"] == (u + "big.jpg", bundle + "big.jpg", "copied")
    assert got[u + "turned-rotated.jpg"] == (u + "turned.jpg", bundle + "turned.jpg", "copied")
    # only the -scaled copy is there: it stands in for the original
    assert got[u + "keep-300x200.jpg"] == (u + "keep-scaled.jpg", bundle + "keep-scaled.jpg",
                                           "copied")
    # Jetpack's CDN: the path under /wp-content/uploads/ of the mapped-back URL
    cdn = "https://i0.wp.com/refs.example.com/wp-content/uploads/2024/01/cdn.jpg?resize=300%2C200&ssl=1"
    assert got[cdn] == ("https://refs.example.com/wp-content/uploads/2024/01/cdn.jpg",
                        bundle + "cdn.jpg", "copied")
    missing = got[u + "landscaped.jpg"]
    assert (missing[0], missing[2]) == (u + "landscaped.jpg", "missing")  # not "landscap.jpg"
    assert (out / bundle / "big.jpg").read_bytes() == (UPLOADS / "2024/01/big.jpg").read_bytes()
    _, body = front_matter(out / bundle / "index.md")
    assert "i0.wp.com" not in body and "big-scaled.jpg" not in body


@pytest.mark.parametrize("preset", ["hugo", "plain"])
def test_jobs_copy_the_same_files_and_report(tmp_path: Path, preset: str) -> None:
    # With files to place, the workers only convert; the writer places the media.
    one = convert(EXPORT, tmp_path / "one", preset=preset, media="copy",
                  uploads_dir=str(UPLOADS))
    two = convert(EXPORT, tmp_path / "two", preset=preset, media="copy",
                  uploads_dir=str(UPLOADS), jobs=2)

    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert any(name.endswith(".jpg") for name in tree(tmp_path / "two"))
    assert one.summary is not None and two.summary is not None
    assert one.summary.counts == two.summary.counts
    assert list(one.report) == list(two.report)


def test_jobs_link_mode_reports_media_as_one_job_does(tmp_path: Path) -> None:
    convert(EXPORT, tmp_path / "one")
    convert(EXPORT, tmp_path / "two", jobs=2)
    assert report(tmp_path / "one") == report(tmp_path / "two") != []
