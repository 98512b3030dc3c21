"""``--media download`` against a server on 127.0.0.1 started by the test."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from migrate.media.fetch import Fetched
from migrate.media.report import Entry, Report
from migrate.media.store import Config, Media

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


def _export(folder: Path, base: str, html: str) -> Path:
    """A one-post export of the site at ``base`` (the test server)."""
    path = folder / "cdn.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>CDN</title>'
        f"<link>{base}</link><wp:wxr_version>1.2</wp:wxr_version>"
        f"<wp:base_site_url>{base}</wp:base_site_url><item><title>Copies</title>"
        f"<link>{base}/copies/</link><content:encoded><![CDATA[{html}]]></content:encoded>"
        "<wp:post_id>1</wp:post_id><wp:post_date>2024-01-15 10:00:00</wp:post_date>"
        "<wp:post_name>copies</wp:post_name><wp:status>publish</wp:status>"
        "<wp:post_type>post</wp:post_type></item></channel></rss>",
        encoding="utf-8",
    )
    return path


def test_cdn_and_scaled_copies_are_fetched_from_the_origin(server: Server,
                                                          tmp_path: Path) -> None:
    base = server.base  # http://127.0.0.1:PORT
    host = base.removeprefix("http://")
    cdn = f"http://i0.wp.com/{host}{PREFIX}2023/05/photo.jpg?resize=300%2C200"  # no ssl=1
    html = (f'<img src="{cdn}"> <img src="{base}{PREFIX}2024/01/big-scaled.jpg"> '
            f'<img src="{base}{PREFIX}2024/01/keep-300x200.jpg">')
    out = tmp_path / "site"
    convert(_export(tmp_path, base, html), out, preset="hugo",
            media_cache=str(tmp_path / "cache"), **FAST)
    got = {e["url"]: e for e in json.loads((out / "media-report.json").read_text("utf-8"))}
    assert (got[cdn]["status"], got[cdn]["resolved"]) == ("downloaded",
                                                         f"{base}{PREFIX}2023/05/photo.jpg")
    bundle = out / "content/posts/copies"
    assert (bundle / "photo.jpg").read_bytes() == (UPLOADS / "2023/05/photo.jpg").read_bytes()
    assert got[f"{base}{PREFIX}2024/01/big-scaled.jpg"]["resolved"].endswith("/2024/01/big.jpg")
    keep = got[f"{base}{PREFIX}2024/01/keep-300x200.jpg"]
    assert (keep["resolved"], keep["local"]) == (f"{base}{PREFIX}2024/01/keep-scaled.jpg",
                                                 "content/posts/copies/keep-scaled.jpg")
    # the origin's paths, originals first (fetched together), then the -scaled copy
    # where no original came; never the CDN, never a variant once a better file came
    assert sorted(server.hits[:3]) == [f"{PREFIX}2023/05/photo.jpg", f"{PREFIX}2024/01/big.jpg",
                                       f"{PREFIX}2024/01/keep.jpg"]
    assert server.hits[3:] == [f"{PREFIX}2024/01/keep-scaled.jpg"]
    _, body = front_matter(bundle / "index.md")
    assert "i0.wp.com" not in body


class _Refusing:
    """A fetcher that makes no request: every URL fails, and each is remembered."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def fetch_all(self, urls: Any) -> dict[str, Fetched]:
        wanted = list(dict.fromkeys(urls))
        self.asked.extend(wanted)
        return {u: Fetched(u, "failed", reason="HTTP 404") for u in wanted}


def test_a_cdn_url_counts_as_on_the_site_by_its_origin(tmp_path: Path) -> None:
    fetcher = _Refusing()
    report = Report(io.StringIO())
    config = Config(mode="download", bundle=True, shared_root="static/uploads",
                    served_at=None, uploads=None, base="http://site.test",
                    hosts=frozenset({"site.test"}))
    media = Media(tmp_path, config, report, fetcher)  # type: ignore[arg-type]
    ours = "https://i0.wp.com/site.test/files/photo-300x200.jpg?w=300&ssl=1"
    theirs = "https://i1.wp.com/elsewhere.test/files/photo.jpg"
    assert media.post(1, "posts/a/index.md", [ours, theirs]) == {}
    assert fetcher.asked == ["https://site.test/files/photo.jpg",
                             "https://site.test/files/photo-scaled.jpg", ours]
    entries = {e.url: e for e in _entries(report)}
    assert (entries[ours].status, entries[ours].resolved) == (
        "failed", "https://site.test/files/photo.jpg")
    assert entries[theirs].status == "linked"


def _entries(report: Report) -> list[Entry]:
    text = report.out.getvalue() + "]"  # type: ignore[attr-defined]
    return [Entry(**e) for e in json.loads(text)]
