"""Media references in post HTML, found by scanning start tags (no tree is built).

What counts is what :func:`migrate.content.media.collect_media` counts on the parsed
post: ``<img>``/``<source>`` ``src`` and ``srcset`` entries; ``<audio>``, ``<video>``,
``<track>``, ``<embed>`` ``src`` and ``poster``; ``<object data>`` and ``<a href>``
when they name a media file; CSS ``url(...)`` in any element's ``style``; and the
attachment id of an ``<img>`` with a ``wp-image-N`` class. Tokenizing follows HTML5
(what lxml's parser does): tag and attribute names are case-insensitive, the first
of two same-named attributes wins, character references in values are decoded
with the attribute rules, and nothing inside comments, ``<![CDATA[...]]>``, ``<?...>``
or the raw-text elements (``script``, ``style``, ``textarea``, ``title``, ``xmp``,
``iframe``, ``noembed``, ``noframes``, ``plaintext``) is a tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape
from html.entities import html5
from urllib.parse import urlsplit

from ..wpsyntax import MEDIA_EXTENSIONS

#: One media reference in the HTML: (offset of its tag, URL, kind, attachment id).
Hit = tuple[int, str, str, int | None]


_RAW = "script|style|xmp|iframe|noembed|noframes|textarea|title"
_PLAYERS = "img|audio|video|source|track|embed"  # and images; <a> and <object> are links
_END = r"(?=[\s/>])"
# A start tag's attributes up to its ">": quotes count only as an attribute's value.
_ATTRS = r"""((?:[^>="']|=\s*"[^"]*"|=\s*'[^']*'|=(?!\s*["'])|["'])*)>"""


def _either_case(words: list[str]) -> str:
    """A regex for ``words``, any letter in either case, as a trie (quick to reject)."""
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[0], []).append(word[1:])
    parts = []
    for head, tails in sorted(heads.items()):
        char = f"[{head}{head.upper()}]" if head.isalpha() else re.escape(head)
        rest = [t for t in tails if t]
        if rest:
            char += f"(?:{_either_case(rest)})" + ("?" if len(rest) < len(tails) else "")
        parts.append(char)
    return "|".join(parts)


#: A media file extension, in any case (a regex).
EXTENSION = _either_case(sorted(MEDIA_EXTENSIONS))
# A link or object tag whose text may name a media file: an extension or a character
# reference before its first ">", or a ">" inside a quoted value (it goes on after).
_LINK = (rf"(?:(?=[^>]*(?:\.(?:{EXTENSION})|&))"
         r"|(?=[^>]*=\s*(?:\"[^\">]*|'[^'>]*)>))")


def _tokens(players: str, first: str) -> re.Pattern[str]:
    """Start tags: ``players`` (groups 2, 3: name, attributes) and links that may name
    a media file (groups 4, 5). Whatever else matches is passed over: comments, CDATA,
    ``<!...>``, ``<?...>``, raw-text elements, and everything after ``<plaintext>``
    or an unfinished comment."""
    return re.compile(
        rf"<(?=[{first}])(?:!--.*?-->|!--.*|!\[CDATA\[.*?\]\]>|[!?][^>]*>"
        rf"|(?i:plaintext){_END}.*"
        rf"|((?i:{_RAW})){_END}(?:.*?</(?i:\1)[\s/>]|.*)"
        rf"|((?i:{players})){_END}{_ATTRS}"
        rf"|((?i:a|object)){_END}{_LINK}{_ATTRS})",
        re.DOTALL,
    )


_MEDIA_TOKENS = _tokens(_PLAYERS, "!?aAeEiInNoOpPsStTvVxX")
_ALL_TOKENS = _tokens(r"[a-z][^\s/>]*", "!?a-zA-Z")  # style="...url(...)": every element
# The quick look: the tags above, whether in a comment or raw text or not.
_CANDIDATE = re.compile(
    rf"<(?=[aAeEiIoOsStTvV])(?:(?i:{_PLAYERS}){_END}|(?i:a|object){_END}{_LINK})"
)
_ATTR = re.compile(r"""(=?[^\s/>=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")
_WP_IMAGE = re.compile(r"\bwp-image-(\d{1,18})\b")
_SPLIT_BY = re.compile(r"[\t\n\r]")  # characters urlsplit() removes


def may_hold_media(html: str) -> bool:
    """False when ``html`` surely holds no media reference (:func:`scan` finds none):
    the quick look that spares most posts the full scan."""
    if "<" not in html:
        return False
    return _CANDIDATE.search(html) is not None or ("(" in html and "url(" in html)


def scan(html: str) -> list[Hit]:
    """Every media reference in ``html``, in document order (repeats kept)."""
    if "<" not in html:
        return []
    styles = "url(" in html
    hits: list[Hit] = []
    for m in (_ALL_TOKENS if styles else _MEDIA_TOKENS).finditer(html):
        name = m.group(2) or m.group(4)
        if name is not None:
            _element(name.lower(), m.group(3) or m.group(5) or "", m.start(), styles,
                     hits.append)
    return hits


def attributes(text: str) -> dict[str, str]:
    """A start tag's attributes by lower-case name, values decoded; the first wins."""
    found: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        name = m.group(1).lower()
        if name not in found:
            value = m.group(2) or ""
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            found[name] = decode(value)
    return found


def decode(value: str) -> str:
    """An attribute value with its character references decoded (HTML5 rules)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CHARREF.sub(_charref, value) if "&" in value else value


def _charref(m: re.Match[str]) -> str:
    ref = m.group(1)
    if ref[0] == "#":
        return unescape(m.group(0))
    if ref in html5:
        return html5[ref]
    for n in range(len(ref) - 1, 1, -1):  # a legacy name without ";" (&amp, &copy)
        if ref[:n] in html5:
            after = ref[n]
            if after == "=" or (after.isascii() and after.isalnum()):
                return m.group(0)  # in an attribute, "&copy=2" stays as written
            return html5[ref[:n]] + ref[n:]
    return m.group(0)


def is_media_url(url: str) -> bool:
    """Whether a URL's path ends in a media file extension."""
    url = url.strip()
    end = min(i if i >= 0 else len(url) for i in (url.find("?"), url.find("#")))
    if url[:end].rsplit(".", 1)[-1].lower() not in MEDIA_EXTENSIONS and not _SPLIT_BY.search(url):
        return False  # the path is the end of url[:end]: no need to split the URL
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    return "." in path and path.rsplit(".", 1)[-1].lower() in MEDIA_EXTENSIONS


def srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _element(name: str, text: str, at: int, styles: bool, add: Callable[[Hit], None]) -> None:
    attrs = attributes(text) if text else {}
    ident = None
    if name == "img" and "class" in attrs:
        wp_image = _WP_IMAGE.search(attrs["class"])
        ident = int(wp_image.group(1)) if wp_image else None
    for url, kind in _urls(name, attrs):
        add((at, url, kind, ident))
    if styles and "style" in attrs:
        for url in _CSS_URL.findall(attrs["style"]):
            add((at, url, "background", ident))


def _urls(name: str, attrs: dict[str, str]) -> Iterator[tuple[str, str]]:
    if name in ("img", "source"):
        yield attrs.get("src", ""), name
        yield from ((url, "srcset") for url in srcset_urls(attrs.get("srcset", "")))
    elif name in ("audio", "video", "track", "embed"):
        yield attrs.get("src", ""), name
        yield attrs.get("poster", ""), "poster"
    elif name == "object" and is_media_url(attrs.get("data", "")):
        yield attrs["data"], "object"
    elif name == "a" and is_media_url(attrs.get("href", "")):
        yield attrs["href"], "link"
