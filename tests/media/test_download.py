"""``--media download`` against a server on 127.0.0.1 started by the test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..markdown.helpers import front_matter, tree
from .conftest import PREFIX, UPLOADS, Server, convert, export_for

FAST = {"media": "download", "media_timeout": 0.5, "media_jobs": 3}


def entries(out: Path, post_id: int) -> dict[str, dict[str, Any]]:
    data = json.loads((out / "media-report.json").read_text(encoding="utf-8"))
    return {e["url"].split(PREFIX, 1)[-1]: e for e in data if e["post_id"] == post_id}


def test_download_brings_originals_and_rewrites(server: Server, tmp_path: Path) -> None:
    server.slow = False
    export = export_for(server, tmp_path)
    out = tmp_path / "site"
    convert(export, out, preset="hugo", media_cache=str(tmp_path / "cache"), **FAST)
    bundle = out / "content/posts/photos"
    assert (bundle / "photo.jpg").read_bytes() == (UPLOADS / "2023/05/photo.jpg").read_bytes()
    assert (bundle / "photo-2.jpg").read_bytes() == (UPLOADS / "2023/06/photo.jpg").read_bytes()
    fm, body = front_matter(bundle / "index.md")
    assert fm["images"] == ["sunset.png"]
    assert "[![May photo](photo.jpg)](photo.jpg)" in body
    assert "127.0.0.1" not in body
    photos = entries(out, 101)
    assert photos["2023/05/photo-300x200.jpg"]["resolved"].endswith("2023/05/photo.jpg")
    assert entries(out, 200)["2023/05/photo.jpg"]["status"] == "downloaded"  # the attachment
    assert photos["2023/05/photo.jpg"]["status"] == "cached"  # then the post, same file
    assert photos["2023/05/only-300x200.jpg"]["local"] == "content/posts/photos/only-300x200.jpg"
    assert photos["https://cdn.example.org/pics/logo.png"]["status"] == "linked"
    # thumbnails are never fetched when the original came
    assert not any("300x200" in hit and "only" not in hit for hit in server.hits)


def test_failures_redirects_and_timeouts(server: Server, tmp_path: Path) -> None:
    export = export_for(server, tmp_path)
    out = tmp_path / "site"
    result = convert(export, out, preset="hugo", media_cache=str(tmp_path / "cache"), **FAST)
    edges = entries(out, 103)
    assert (edges["2023/05/gone.jpg"]["status"], edges["2023/05/gone.jpg"]["reason"]) == (
        "failed", "HTTP 404")
    assert (edges["2023/07/slow.jpg"]["status"], edges["2023/07/slow.jpg"]["reason"]) == (
        "failed", "timed out")
    moved = edges["2023/07/moved.jpg"]
    assert (moved["status"], moved["local"]) == ("downloaded", "content/posts/edge-cases/moved.jpg")
    assert (out / "content/posts/edge-cases/moved.jpg").read_bytes() == (
        UPLOADS / "2023/05/photo.jpg").read_bytes()
    assert edges["../../etc/passwd"]["reason"] == "unsafe path"
    assert not any("etc" in hit or "%2e" in hit.lower() for hit in server.hits)
    assert server.hits.count(PREFIX + "2023/07/slow.jpg") == 3  # tried, retried twice
    assert result.summary is not None
    assert result.summary.counts["media_failed"] == 4


def test_a_rerun_makes_no_request(server: Server, tmp_path: Path) -> None:
    server.slow = False  # a timeout is not cached (it may pass next time); a 404 is
    export = export_for(server, tmp_path)
    cache = str(tmp_path / "cache")
    first = tmp_path / "first"
    convert(export, first, preset="hugo", media_cache=cache, **FAST)
    made = len(server.hits)
    assert made > 0
    second = tmp_path / "second"
    convert(export, second, preset="hugo", media_cache=cache, **FAST)
    assert len(server.hits) == made
    one, two = tree(first), tree(second)
    report_one, report_two = one.pop("media-report.json"), two.pop("media-report.json")
    assert one == two
    statuses = {e["status"] for e in json.loads(report_two)}
    assert "downloaded" not in statuses and "cached" in statuses
    assert report_one != report_two


def test_shared_layout_downloads_each_file_once(server: Server, tmp_path: Path) -> None:
    server.slow = False
    export = export_for(server, tmp_path)
    out = tmp_path / "site"
    convert(export, out, media_cache=str(tmp_path / "cache"), **FAST)
    assert (out / "static/uploads/2023/05/menu.pdf").is_file()
    assert server.hits.count(PREFIX + "2023/05/menu.pdf") == 1
    assert entries(out, 102)["2023/05/menu.pdf"]["local"] == "static/uploads/2023/05/menu.pdf"
    _, body = front_matter(out / "posts/again.md")
    assert "[menu](../static/uploads/2023/05/menu.pdf)" in body
