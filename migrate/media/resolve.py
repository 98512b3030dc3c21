"""Resized variants and their originals; URLs that would climb out of a folder.

WordPress names a resized copy ``photo-300x200.jpg``; Jetpack and CDNs resize with
``?w=1024``, ``?resize=300,200`` or ``?fit=``. :func:`candidates` lists the
original first, then the URL as given, so the caller keeps the first that exists.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

_SIZE = re.compile(r"-\d{1,5}x\d{1,5}(?=\.[A-Za-z0-9]{1,5}$)")
_RESIZE_KEYS = frozenset({"w", "h", "resize", "fit", "crop", "zoom", "quality", "strip"})
_TRIGGERS = frozenset({"w", "resize", "fit"})


def original(url: str) -> str:
    """The URL of the original behind a resized variant (``url`` itself if none)."""
    parts = urlsplit(url)
    path = _SIZE.sub("", parts.path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(k in _TRIGGERS for k, _ in query):
        query = [(k, v) for k, v in query if k not in _RESIZE_KEYS]
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


def candidates(url: str) -> list[str]:
    """The original first, then ``url`` without its fragment; no repeats."""
    parts = urlsplit(url)
    plain = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    return list(dict.fromkeys([original(plain), plain]))


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
