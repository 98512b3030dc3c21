"""A post's media references: what the content engine found, plus the featured image."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit


def post_refs(content: Iterable[str], featured: str | None) -> list[str]:
    """Every media URL of a post, first occurrence first, without repeats.

    ``content`` is ``Converted.media`` (img src and srcset entries, links to media
    files, gallery and caption images, audio/video sources); ``featured`` is the
    featured image's file URL (``_thumbnail_id`` resolved through the index).
    """
    urls = [u.strip() for u in (*content, featured or "")]
    return list(dict.fromkeys(u for u in urls if u and not u.startswith("data:")))


def absolute(url: str, base: str) -> str:
    """``url`` made absolute against the site's address (``/wp-content/...`` URLs)."""
    if urlsplit(url).scheme or not base:
        return url
    return urljoin(base.rstrip("/") + "/", url)


def host_of(url: str) -> str:
    """The lower-case host of ``url`` ('' if none); the port is kept."""
    return urlsplit(url).netloc.lower().rsplit("@", 1)[-1]
