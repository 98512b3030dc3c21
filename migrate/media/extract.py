"""A post's media references for the JSON, JSON Lines and SQLite writers, found fast.

The same references the Markdown writer collects (``Converted.media`` plus the
featured image, see :mod:`.refs`), in document order without repeats, each with
the original it maps back to (:func:`.resolve.original`, made absolute against the
site's address) and the attachment id when the post itself names one
(``wp-image-N``, ``[gallery ids]``, ``[playlist ids]``, ``_thumbnail_id``). Found by
scanning the HTML (:mod:`.htmlscan`) and the shortcodes (:mod:`.shortcodes`), never
by building a tree; most posts are passed by a quick look.

Being one pass over one item, it does not know the file behind an attachment id: a
gallery's images, a playlist's tracks and the featured image (and an image with a
``wp-image-N`` class but no ``src``) are references by id alone (``url`` and
``original`` None); a ``wp-image-N`` image is its URL with the id. A URL written
twice is listed once, where it first appears, with the first attachment id any of
its occurrences gives; a reference by id alone is listed once per kind and id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from ..model import Post
from .htmlscan import Hit, may_hold_media, scan
from .refs import absolute
from .resolve import original
from .shortcodes import scan_shortcodes

KINDS = (
    "img", "srcset", "source", "audio", "video", "poster", "track", "embed", "object",
    "link", "background", "gallery", "playlist", "featured",
)  # fmt: skip
_ID = re.compile(r"[0-9]{1,18}")


class MediaRef(NamedTuple):
    """One media reference of a post."""

    url: str | None  # as written (entities decoded); None for a reference by id alone
    original: str | None  # the original it maps back to; None when url is
    attachment_id: int | None  # named by the post itself, else None
    kind: str  # one of KINDS

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "original": self.original,
                "attachment_id": self.attachment_id, "kind": self.kind}


class Addresses(Protocol):
    """A site's addresses: ``model.Site``, or the SQLite loader's site row."""

    @property
    def link(self) -> str: ...
    @property
    def base_site_url(self) -> str: ...
    @property
    def base_blog_url(self) -> str: ...


def site_address(site: Addresses) -> str:
    """The address relative URLs are resolved against (as the Markdown writer does)."""
    return next((u for u in (site.link, site.base_site_url, site.base_blog_url) if u), "")


def post_media(post: Post, base: str = "") -> list[MediaRef]:
    """The media references of ``post``; ``base``: the site's address."""
    thumbnail = post.meta("_thumbnail_id") if post.postmeta else None
    return media_refs(post.post_content, thumbnail, base)


def media_refs(content: str, thumbnail: str | None, base: str = "") -> list[MediaRef]:
    """The media references of a post body and its ``_thumbnail_id`` value."""
    hits = content_hits(content) if content else []
    if thumbnail is not None and (featured := thumbnail_id(thumbnail)) is not None:
        hits.append((len(content), "", "featured", featured))
    return unique(hits, base) if hits else []


def content_hits(html: str) -> list[Hit]:
    """Every media reference in a post body, in document order (repeats kept)."""
    hits = scan(html) if may_hold_media(html) else []
    if "[" not in html:
        return hits
    found = scan_shortcodes(html, [hit[0] for hit in hits])
    if found.dead:
        hits = [hit for hit in hits if not found.hidden(hit[0])]
    if found.hits:
        hits = sorted(hits + found.hits, key=lambda hit: hit[0])
    return hits


def thumbnail_id(value: str | None) -> int | None:
    """The featured image's attachment id from a ``_thumbnail_id`` value (None: none)."""
    raw = (value or "").strip()
    return (int(raw) or None) if _ID.fullmatch(raw) else None


def unique(hits: Sequence[Hit], base: str) -> list[MediaRef]:
    """One reference per URL (or per kind and id), first occurrence first; data: URLs
    and empty ones left out, as the Markdown writer does."""
    refs: dict[object, MediaRef] = {}
    for _, raw, kind, ident in hits:
        url = raw.strip()
        if url.startswith("data:") or not (url or ident is not None):
            continue
        key: object = url or (kind, ident)
        ref = refs.get(key)
        if ref is None:
            refs[key] = MediaRef(url or None, _original(url, base) if url else None, ident, kind)
        elif ref.attachment_id is None and ident is not None:
            refs[key] = MediaRef(ref.url, ref.original, ident, ref.kind)
    return list(refs.values())


def _original(url: str, base: str) -> str:
    try:
        full = url if url.startswith(("http://", "https://")) else absolute(url, base)
    except ValueError:  # not a URL (an unclosed "[" in the host): taken as it is
        full = url
    return original(full)
