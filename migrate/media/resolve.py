"""Resized variants and their originals; URLs that would climb out of a folder.

WordPress names a resized copy ``photo-300x200.jpg``; since 5.3 it also keeps a big
upload's original (``photo.jpg``) beside the copy it serves (``photo-scaled.jpg``, or
``photo-rotated.jpg`` when only turned upright), and names resized copies after the
original. Jetpack and CDNs resize with ``?w=1024``, ``?resize=300,200`` or ``?fit=``;
Jetpack's Photon CDN serves ``https://i0.wp.com/example.com/wp-content/...``, a copy
of ``http(s)://example.com/wp-content/...``. :func:`candidates` lists the true
original first, then the ``-scaled`` copy where there may be one, then the URL as
given, so the caller keeps the first that exists.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, unquote_plus, urlsplit

_IMAGE = r"\.(?:jpe?g|jpe|png|gif|webp|avif|heic|heif|bmp|tiff?)$"
_SIZE = re.compile(r"(?<=[^/])-\d{1,5}x\d{1,5}(?=\.[A-Za-z0-9]{1,5}$)")
_BIG = re.compile(r"(?<=[^/])-(?:scaled|rotated)(?=" + _IMAGE + ")", re.IGNORECASE)
_SCALED = re.compile(r"(?<=[^/])-scaled(?=" + _IMAGE + ")", re.IGNORECASE)
_IMAGE_END = re.compile(r"(?<=[^/])(?=" + _IMAGE + ")", re.IGNORECASE)
# Anything original() may change; a URL without any of these is its own original.
_HINT = re.compile(r"[?#]|\dx\d|-scaled\.|-rotated\.|i[0-3]\.wp\.com", re.IGNORECASE)
_RESIZE_KEYS = frozenset({"w", "h", "resize", "fit", "crop", "zoom", "quality", "strip"})
_TRIGGERS = frozenset({"w", "resize", "fit"})
PHOTON_HOSTS = frozenset({"i0.wp.com", "i1.wp.com", "i2.wp.com", "i3.wp.com"})
PHOTON_KEYS = frozenset({
    "w", "h", "resize", "fit", "crop", "quality", "strip", "zoom", "lb", "ulb", "filter",
    "brightness", "contrast", "colorize", "smooth", "ssl",
})  # fmt: skip


def original(url: str) -> str:
    """The URL of the original behind a resized, scaled or CDN copy (``url`` itself,
    without its fragment, if none)."""
    url = url.partition("#")[0]
    if not _HINT.search(url):
        return url
    head, _, query = url.partition("?")
    photon = photon_origin(head, query)
    if photon is not None:
        head, query = photon
    else:
        query = _without(query, _RESIZE_KEYS, _TRIGGERS)
    head = _BIG.sub("", _SIZE.sub("", head, count=1), count=1)
    return head + "?" + query if query else head


def candidates(url: str) -> list[str]:
    """The true original first, then the ``-scaled`` copy where it applies (the URL
    was a ``-WxH`` variant or the scaled copy itself), then ``url`` without its
    fragment; no repeats."""
    plain = url.partition("#")[0]
    first = original(plain)
    return list(dict.fromkeys([first, *_scaled_copy(plain, first), plain]))


def photon_origin(head: str, query: str) -> tuple[str, str] | None:
    """``(origin URL, query without Photon's parameters)`` for a Photon CDN URL
    (``head`` is the URL before its ``?``), else None. ``ssl=1`` means https."""
    if "://" in head:
        rest = head.split("://", 1)[1]
    elif head.startswith("//"):
        rest = head[2:]
    else:
        return None
    host, _, path = rest.partition("/")
    origin, _, path = path.partition("/")
    if host.lower() not in PHOTON_HOSTS or not origin:
        return None
    scheme = "https" if "ssl=1" in query.split("&") else "http"
    return f"{scheme}://{origin}/{path}", _without(query, PHOTON_KEYS)


def _without(query: str, keys: frozenset[str], unless: frozenset[str] | None = None) -> str:
    """``query`` without the parameters named in ``keys`` (only if one of ``unless`` is
    there, when given); the others kept exactly as written."""
    if not query:
        return query
    params = [(p, unquote_plus(p.partition("=")[0])) for p in query.split("&") if p]
    if unless is not None and not any(name in unless for _, name in params):
        return query
    return "&".join(p for p, name in params if name not in keys)


def _scaled_copy(given: str, first: str) -> list[str]:
    head = given.partition("?")[0]
    if not (_SIZE.search(head) or _SCALED.search(head)):
        return []
    base, mark, query = first.partition("?")
    end = _IMAGE_END.search(base)
    if end is None:
        return []
    return [base[: end.start()] + "-scaled" + base[end.start() :] + mark + query]


def decoded_path(url: str) -> str:
    """The URL's path, percent-decoding repeated until it stops changing."""
    path = urlsplit(url).path
    for _ in range(4):
        once = unquote(path, errors="replace")
        if once == path:
            break
        path = once
    return path


def is_unsafe(url: str) -> bool:
    """Whether the path holds ``..``/``.`` segments, backslashes or control characters
    (also when percent-encoded): such a URL is never fetched or copied."""
    path = decoded_path(url)
    if "\\" in path or any(ord(ch) < 32 for ch in path):
        return True
    return any(seg in (".", "..") for seg in path.split("/"))
