"""Every media URL a post references, in document order, without repeats.

Counted: ``<img>`` ``src`` and ``srcset`` entries, ``<source>``/``<track>``,
``<audio>``/``<video>`` ``src`` and ``poster``, ``<embed>``/``<object>`` files,
links (``<a href>``) to image, audio, video or PDF files, CSS ``url(...)``
backgrounds (cover blocks), and the attachment file behind a ``wp-image-N`` class.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..wpsyntax import MEDIA_EXTENSIONS
from .context import ContentContext
from .tree import Document, Element

_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")
_WP_IMAGE = re.compile(r"\bwp-image-(\d+)\b")


def is_media_url(url: str) -> bool:
    """Whether a URL's path ends in a media file extension."""
    path = urlsplit(url.strip()).path
    return path.rsplit(".", 1)[-1].lower() in MEDIA_EXTENSIONS if "." in path else False


def collect_media(doc: Document, ctx: ContentContext) -> tuple[str, ...]:
    """The media URLs referenced in ``doc``, first occurrence first."""
    # every URL is in an attribute: elements without any (most) are skipped
    found = (url.strip() for el in doc.elements if el.attrs for url in _urls(el, ctx))
    return tuple(dict.fromkeys(url for url in found if url and not url.startswith("data:")))


def _get(el: Element, name: str) -> str:
    return el.attrs.get(name) or ""


def _srcset(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _urls(el: Element, ctx: ContentContext) -> Iterator[str]:
    name = el.name
    if name in ("img", "source"):
        yield _get(el, "src")
        yield from _srcset(_get(el, "srcset"))
    elif name in ("audio", "video", "track", "embed"):
        yield _get(el, "src")
        yield _get(el, "poster")
    elif name == "object" and is_media_url(_get(el, "data")):
        yield _get(el, "data")
    elif name == "a" and is_media_url(_get(el, "href")):
        yield _get(el, "href")
    yield from _CSS_URL.findall(_get(el, "style"))
    m = _WP_IMAGE.search(_get(el, "class")) if name == "img" else None
    if m is not None and int(m.group(1)) in ctx.attachments:
        yield ctx.attachments[int(m.group(1))]
