"""The media package's parts on their own: originals, names, uploads, rewriting, fetching."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.media import copy
from migrate.media.fetch import Fetcher, Settings
from migrate.media.names import Names, safe_name, shared_folder
from migrate.media.refs import absolute, post_refs
from migrate.media.resolve import candidates, is_unsafe, original
from migrate.media.rewrite import rewrite

from .conftest import PREFIX, UPLOADS, Server

U = "http://example.com/wp-content/uploads/2023/05/"


@pytest.mark.parametrize(("url", "want"), [
    (U + "photo-300x200.jpg", U + "photo.jpg"),
    (U + "photo.jpg?w=1024", U + "photo.jpg"),
    (U + "photo.jpg?w=1024&h=512", U + "photo.jpg"),
    (U + "photo.jpg?resize=300%2C200", U + "photo.jpg"),
    (U + "photo.jpg?fit=300%2C200&ssl=1", U + "photo.jpg?ssl=1"),
    (U + "photo.jpg?ver=2", U + "photo.jpg?ver=2"),
    (U + "photo-300x200-1.jpg", U + "photo-300x200-1.jpg"),
    (U + "photo.jpg#top", U + "photo.jpg"),
    (U + "photo.jpg?ver=a%20b&w=", U + "photo.jpg?ver=a%20b"),  # kept as written
    (U + "-300x200.jpg", U + "-300x200.jpg"),
    ("/wp-content/uploads/photo-300x200.jpg?", "/wp-content/uploads/photo.jpg"),
])
def test_original(url: str, want: str) -> None:
    assert original(url) == want


def test_candidates_put_the_original_first() -> None:
    assert candidates(U + "a-10x20.png") == [U + "a.png", U + "a-scaled.png", U + "a-10x20.png"]
    assert candidates(U + "a.png") == [U + "a.png"]
    assert candidates(U + "doc-10x20.pdf") == [U + "doc.pdf", U + "doc-10x20.pdf"]


@pytest.mark.parametrize(("url", "want"), [
    # WordPress 5.3+: the big upload's original, its -scaled (or -rotated) copy served as
    # the attachment, and sizes named after the original
    ("photo-scaled.jpg", ["photo.jpg", "photo-scaled.jpg"]),
    ("photo-rotated.JPG", ["photo.JPG", "photo-rotated.JPG"]),
    ("photo-300x200.jpg", ["photo.jpg", "photo-scaled.jpg", "photo-300x200.jpg"]),
    ("photo-scaled-300x200.jpg", ["photo.jpg", "photo-scaled.jpg", "photo-scaled-300x200.jpg"]),
    ("photo-scaled.jpg?w=640", ["photo.jpg", "photo-scaled.jpg", "photo-scaled.jpg?w=640"]),
    ("photo.jpg?w=640", ["photo.jpg", "photo.jpg?w=640"]),
    # "scaled" that is not WordPress's suffix just before the extension
    ("landscaped.jpg", ["landscaped.jpg"]),
    ("my-scaled-model.jpg", ["my-scaled-model.jpg"]),
    ("photo-scaled.jpg.bak", ["photo-scaled.jpg.bak"]),
    ("report-scaled.pdf", ["report-scaled.pdf"]),
    ("-scaled.jpg", ["-scaled.jpg"]),
    ("photo-scaled/x.jpg", ["photo-scaled/x.jpg"]),
    ("photo-scaledx.jpg", ["photo-scaledx.jpg"]),
])
def test_scaled_and_rotated_copies(url: str, want: list[str]) -> None:
    assert candidates(U + url) == [U + w for w in want]
    assert original(U + url) == U + want[0]


PHOTON = "i0.wp.com/example.com/wp-content/uploads/2020/01/"
ORIGIN = "example.com/wp-content/uploads/2020/01/"


@pytest.mark.parametrize(("url", "want"), [
    ("https://" + PHOTON + "photo.jpg?resize=300%2C200&ssl=1", "https://" + ORIGIN + "photo.jpg"),
    ("https://" + PHOTON + "photo.jpg?resize=300%2C200", "http://" + ORIGIN + "photo.jpg"),
    ("http://i3.wp.com/" + ORIGIN + "photo.jpg?w=300&h=200&crop=1&quality=80&strip=all"
     "&zoom=2&lb=1&ulb=1&filter=grayscale&brightness=5&contrast=3&colorize=1&smooth=1",
     "http://" + ORIGIN + "photo.jpg"),
    ("//I1.WP.COM/" + ORIGIN + "photo-1024x683.jpg?fit=1024%2C683&ver=2&ssl=1",
     "https://" + ORIGIN + "photo.jpg?ver=2"),
    ("https://i2.wp.com/" + ORIGIN + "photo-scaled.jpg?ssl=1", "https://" + ORIGIN + "photo.jpg"),
    ("https://i0.wp.com/", "https://i0.wp.com/"),
    ("https://i4.wp.com/" + ORIGIN + "photo.jpg?w=3", "https://i4.wp.com/" + ORIGIN + "photo.jpg"),
    ("https://example.wp.com/" + ORIGIN + "photo.jpg", "https://example.wp.com/" + ORIGIN
     + "photo.jpg"),
])
def test_photon_urls_map_back_to_the_origin(url: str, want: str) -> None:
    assert original(url) == want
    assert candidates(url)[0] == want
    assert candidates(url)[-1] == url  # the CDN's copy last


def test_candidates_of_a_photon_variant() -> None:
    url = "https://" + PHOTON + "photo-300x200.jpg?resize=300%2C200&ssl=1"
    assert candidates(url) == ["https://" + ORIGIN + "photo.jpg",
                               "https://" + ORIGIN + "photo-scaled.jpg", url]


@pytest.mark.parametrize("url", [
    "http://x/wp-content/uploads/../../etc/passwd",
    "http://x/wp-content/uploads/%2e%2e/%2e%2e/etc/hosts.png",
    "http://x/wp-content/uploads/%252e%252e/a.png",
    "http://x/wp-content/uploads/a%5c..%5cb.png",
    "http://x/wp-content/uploads/./a.png",
])
def test_unsafe_urls(url: str) -> None:
    assert is_unsafe(url)
    assert copy.source(UPLOADS, url) is None


def test_safe_names() -> None:
    assert safe_name(U + "Photo%20One.JPG") == "Photo-One.jpg"
    assert safe_name(U + ".htaccess") == "htaccess.bin"
    assert safe_name(U + "con.png") == "con-file.png"
    assert safe_name(U + "image") == "image.bin"
    assert safe_name("http://x/") == "file.bin"
    assert safe_name("http://x/a/%2F..%2Fb.png") == "b.png"
    assert shared_folder("static/uploads", U + "a.png") == "static/uploads/2023/05"
    assert shared_folder("static/uploads", "http://x/a.png") == "static/uploads/other"


def test_names_are_stable_and_never_shared() -> None:
    names = Names()
    names.reserve("b/index.md")
    assert names.claim("b", "http://x/2023/05/photo.jpg") == "b/photo.jpg"
    assert names.claim("b", "http://x/2023/06/PHOTO.jpg") == "b/PHOTO-2.jpg"
    assert names.claim("b", "http://x/2023/05/photo.jpg") == "b/photo.jpg"
    assert names.claim("b", "http://x/index.md") == "b/index-2.md"


def test_copy_source_maps_into_the_uploads_folder() -> None:
    assert copy.source(UPLOADS, U + "photo.jpg") == (UPLOADS / "2023/05/photo.jpg").resolve()
    assert copy.source(UPLOADS, U + "gone.jpg") is None
    assert copy.source(UPLOADS, "http://x/elsewhere/photo.jpg") is None


def test_refs_and_absolute() -> None:
    assert post_refs(["a.jpg", " a.jpg", "data:x", ""], "b.jpg") == ["a.jpg", "b.jpg"]
    assert absolute("/wp-content/a.jpg", "http://x.test") == "http://x.test/wp-content/a.jpg"
    assert absolute("http://y/a.jpg", "http://x.test") == "http://y/a.jpg"


def test_rewrite_every_form_longest_first() -> None:
    text = (f"![a]({U}a.jpg?w=1&h=2) <img src=\"{U}a.jpg?w=1&amp;h=2\"> "
            f"[b]({U}a.jpg) {U}a.jpg.bak <{U}sp ace.jpg>")
    mapping = {U + "a.jpg?w=1&h=2": "a.jpg", U + "a.jpg": "a.jpg", U + "sp ace.jpg": "sp.jpg"}
    assert rewrite(text, mapping) == (
        f'![a](a.jpg) <img src="a.jpg"> [b](a.jpg) {U}a.jpg.bak sp.jpg'
    )


def test_fetch_caps_retries_and_caches(server: Server, tmp_path: Path) -> None:
    fetcher = Fetcher(tmp_path, Settings(jobs=2, max_bytes=10, timeout=5, backoff=0.01))
    base = server.base + PREFIX
    got = fetcher.fetch_all([base + "2023/05/photo.jpg", base + "error.jpg", base + "nope.jpg"])
    big, error, nope = got.values()
    assert (big.status, big.reason) == ("failed", "too large (31 bytes)")
    assert (error.status, error.reason) == ("failed", "HTTP 500")
    assert (nope.status, nope.reason) == ("failed", "HTTP 404")
    assert len(server.hits) == 1 + 3 + 1  # the 500 tried three times
    again = fetcher.fetch(base + "nope.jpg")
    assert (again.status, again.reason) == ("failed", "HTTP 404 (cached)")
    assert len(server.hits) == 5


def test_fetch_stops_reading_past_the_cap(server: Server, tmp_path: Path) -> None:
    fetcher = Fetcher(tmp_path, Settings(max_bytes=10))
    got = fetcher.fetch(server.base + PREFIX + "nolength.jpg")
    assert (got.status, got.reason) == ("failed", "too large (over 10 bytes)")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no partial file left


def test_fetch_delay_spaces_requests_to_a_host(server: Server, tmp_path: Path) -> None:
    import time

    fetcher = Fetcher(tmp_path, Settings(jobs=3, delay=0.2))
    base = server.base + PREFIX + "2023/05/"
    start = time.monotonic()
    got = fetcher.fetch_all([base + "photo.jpg", base + "wide.jpg", base + "menu.pdf"])
    assert all(g.status == "downloaded" for g in got.values())
    assert time.monotonic() - start >= 0.4


def test_fetch_refuses_other_schemes(tmp_path: Path) -> None:
    got = Fetcher(tmp_path).fetch("file:///etc/passwd")
    assert (got.status, got.reason) == ("failed", "not an http(s) URL")
