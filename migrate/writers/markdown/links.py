"""Links between posts of the same site, and the redirect maps from old URLs to new.

An old URL is recognised by its host (the site's own, http or https, with or
without ``www.``, or none at all) and either its path (a post's permalink) or a
``?p=ID`` / ``?page_id=ID`` query. Only link targets are rewritten (Markdown link
destinations, ``href`` attributes, ``<autolinks>``), never prose. A URL too broken
to parse is simply not a link to anything.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol
from urllib.parse import SplitResult, parse_qs, quote, unquote, urlsplit

from ...compact import digest64

_URL = r"""(?:https?:)?//[^\s()"'<>\]]+|/[^\s()"'<>\]]*|\?(?:p|page_id)=\d+[^\s()"'<>\]]*"""
# A Markdown link destination or an href; or an <autolink>, which must be absolute
# (so a closing tag such as </p> is never taken for a path).
# Scanned separately, each from its literal start ("](", "href", "<"), which lets the
# regex engine skip ahead; one alternation of the three scanned 10x slower.
_MD_TARGET = re.compile(rf"(\]\(\s*<?)({_URL})", re.IGNORECASE)
_HREF = re.compile(rf"""(href\s*=\s*["']?)({_URL})""", re.IGNORECASE)
_AUTOLINK = re.compile(r"(<)(https?://[^\s<>]+)(?=>)", re.IGNORECASE)
_ID_KEYS = ("p", "page_id", "attachment_id")
_DIGITS = re.compile(r"[0-9]{1,18}")
# Characters left as they are in redirect files; anything else is percent-encoded,
# so no path can break a line of _redirects or a quoted nginx string.
_SAFE = "/-._~!*(),:@+=&%"


def _split(url: str) -> tuple[SplitResult, str] | None:
    """``url`` split, with its lower-case host ('' if none); None if it cannot be parsed."""
    try:
        parts = urlsplit(url.strip())
        return parts, (parts.hostname or "").lower()
    except ValueError:  # a bad IPv6 literal or port
        return None


def site_hosts(urls: Iterable[str]) -> frozenset[str]:
    """The host names (lower case, with and without ``www.``) of the site's URLs."""
    hosts: set[str] = set()
    for url in urls:
        split = _split(url)
        host = split[1] if split else ""
        if host:
            hosts.add(host)
            hosts.add(host[4:] if host.startswith("www.") else "www." + host)
    return frozenset(hosts)


def clean_path(path: str) -> str:
    """A URL path with dot segments resolved as a browser would, always starting '/'."""
    if not path:
        return "/"
    resolved = posixpath.normpath("/" + path.lstrip("/"))
    resolved = "/" + resolved.lstrip("/")
    if path.endswith("/") and resolved != "/":
        resolved += "/"
    return resolved


def path_key(path: str) -> str:
    """The form two spellings of one permalink path share ('' for the home page)."""
    return unquote(clean_path(path), errors="replace").rstrip("/").casefold()


def path_digest(path: str) -> int:
    """A 64-bit digest of ``path_key(path)``: the index keeps this, not the text."""
    return digest64(path_key(path))


def old_path(link: str) -> str | None:
    """The path of a permalink (``/2010/02/02/slug/``), or None for query permalinks."""
    split = _split(link)
    if split is None:
        return None
    parts = split[0]
    if parts.query or not parts.path or parts.path == "/":
        return None
    return clean_path(parts.path)


class PathIndex(Protocol):
    """Digest of an old permalink path -> the item id it belongs to."""

    def get(self, key: int) -> int | None: ...


class Resolver:
    """Finds the item an URL points at: by permalink path or by ``?p=``/``?page_id=``."""

    def __init__(self, hosts: frozenset[str], by_path: PathIndex,
                 ids: Callable[[int], bool]) -> None:
        self.hosts = hosts
        self.by_path = by_path
        self.has_id = ids

    def resolve(self, url: str) -> tuple[int, str] | None:
        """``(post id, #fragment or '')`` for an internal link, else None."""
        split = _split(url)
        if split is None:
            return None
        parts, host = split
        if parts.scheme not in ("", "http", "https"):
            return None
        if parts.netloc and host not in self.hosts:
            return None
        fragment = "#" + parts.fragment if parts.fragment else ""
        if parts.query:
            return self._by_query(parts.query, fragment)
        if not path_key(parts.path):
            return None  # the home page
        found = self.by_path.get(path_digest(parts.path))
        return (found, fragment) if found is not None else None

    def _by_query(self, query: str, fragment: str) -> tuple[int, str] | None:
        params = parse_qs(query)
        if len(params) != 1:
            return None
        for key in _ID_KEYS:
            values = params.get(key, [])
            if len(values) == 1 and _DIGITS.fullmatch(values[0]) and self.has_id(int(values[0])):
                return int(values[0]), fragment
        return None


def rewrite(markdown: str, resolver: Resolver, target: Callable[[int], str | None]) -> str:
    """``markdown`` with every link target that names a written item pointed at its new URL."""
    out: list[str] = []
    done = 0
    for m in _targets(markdown):
        found = resolver.resolve(m.group(2))
        new = target(found[0]) if found else None
        if found is not None and new is not None:
            out += (markdown[done:m.start()], m.group(1), new, found[1])
            done = m.end()
    if not out:
        return markdown
    out.append(markdown[done:])
    return "".join(out)


def _targets(text: str) -> Iterator[re.Match[str]]:
    """Link targets in ``text``, left to right, none inside another: a Markdown link
    destination, an ``href`` (at a word start), an ``<http...>`` autolink. Their first
    characters differ, so at most one starts at a place: the leftmost one is taken and
    the others searched again from its end, as one alternation would scan."""
    patterns = [_MD_TARGET, _AUTOLINK]
    if "href" in text.lower():
        patterns.append(_HREF)
    found = [_next(p, text, 0) for p in patterns]
    while True:
        live = [m for m in found if m is not None]
        if not live:
            return
        first = min(live, key=lambda m: m.start())
        yield first
        end = first.end()
        found = [_next(p, text, end) if m is not None and m.start() < end else m
                 for p, m in zip(patterns, found, strict=True)]


def _next(pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
    m = pattern.search(text, pos)
    while m is not None and pattern is _HREF and m.start() and _is_word(text[m.start() - 1]):
        m = pattern.search(text, m.start() + 1)  # "xhref": not at a word start
    return m


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def encoded(url: str) -> str:
    """``url`` (a path, maybe with a query) safe to put in a redirect file:
    percent-encoded, so it holds no space, quote, ``$`` or ``;``."""
    path, mark, query = url.partition("?")
    return quote(path, safe=_SAFE) + mark + quote(query, safe=_SAFE)


NETLIFY_HEAD = "# Old WordPress permalinks -> new URLs (written by wxr-migrate)\n"
NGINX_HEAD = (
    "# Old WordPress URLs -> new URLs (written by wxr-migrate).\n"
    "# Include inside http {}, then in the server block:\n"
    "#     if ($wxr_redirect) { return 301 $wxr_redirect; }\n"
    "map $request_uri $wxr_redirect {\n"
    '    default "";\n'
)
NGINX_TAIL = "}\n"


def netlify_line(old: str, new: str) -> str:
    """One ``_redirects`` rule (Netlify, Cloudflare Pages): ``old new 301``."""
    return f"{encoded(old)}  {encoded(new)}  301\n"


def nginx_line(old: str, new: str) -> str:
    """One entry of the nginx ``map`` on ``$request_uri`` (path and query as requested)."""
    return f'    "{encoded(old)}" "{encoded(new)}";\n'
