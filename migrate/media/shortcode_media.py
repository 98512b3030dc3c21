"""What each media shortcode stands for, for :mod:`.shortcodes`: the handlers of
:mod:`migrate.content.handlers`, keeping only the media references they produce.

Each handler gets a :class:`.shortcodes.Tag` and the :class:`.shortcodes.Found` to add
to, and returns whether the shortcode expands (the walk then goes on after it);
``None``-returning handlers of the content engine (no sources, no ids) are False here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .htmlscan import is_media_url, scan

if TYPE_CHECKING:
    from .shortcodes import Found, Tag

_IMAGE_FIRST = re.compile(
    r"\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)", re.IGNORECASE | re.DOTALL
)
_URL = re.compile(r"https?://\S+$")
_AUDIO_KEYS = ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac")
_VIDEO_KEYS = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")
CAPTIONS = frozenset(["caption", "wp_caption"])

_Refs = list[tuple[str, str, int | None]]  # (URL, kind, attachment id)


def code(tag: Tag, found: Found) -> bool:
    """A code listing: everything in it shows as text."""
    if tag.content is None:
        return False
    found.dead.append((tag.start, tag.end))
    return True


def media(tag: Tag, found: Found) -> bool:
    if tag.name in CAPTIONS:
        return _caption(tag, found)
    refs = _HANDLERS[tag.name](tag)
    if refs is None:
        return False
    found.dead.append((tag.start, tag.end))
    found.hits.extend((tag.start, url, kind, ident) for url, kind, ident in refs)
    return True


def _caption(tag: Tag, found: Found) -> bool:
    """The image stays where it is; a ``caption`` attribute replaces the text after it
    (and its own HTML shows after the image)."""
    content = tag.content or ""
    m = _IMAGE_FIRST.match(content)
    if content:
        found.dead.append((tag.start, tag.inner))  # its attributes never show
    if m is None or "caption" not in tag.attrs:
        return False  # the content shows in place: the walk goes into it
    tail = tag.inner + m.start(2)
    found.dead.append((tail, tag.end))
    found.hits.extend((tail, *hit[1:]) for hit in scan(tag.attrs["caption"].strip()))
    return True


def _attachments(tag: Tag, kind: str) -> _Refs | None:
    ids = re.findall(r"\d+", tag.attrs.get("ids") or tag.attrs.get("include") or "")
    return [("", kind, int(i)) for i in ids if len(i) <= 18] if ids else None


def _sources(tag: Tag, keys: tuple[str, ...]) -> list[str]:
    found = [tag.attrs[k] for k in keys if tag.attrs.get(k, "").strip()]
    found += [v for v in tag.positional if re.match(r"https?://", v)]
    if tag.attrs.get(""):  # [audio=URL]
        found.append(tag.attrs[""])
    return [html.unescape(v.strip()) for v in dict.fromkeys(found)]


def _player(tag: Tag, kind: str) -> _Refs | None:
    sources = _sources(tag, _AUDIO_KEYS if kind == "audio" else _VIDEO_KEYS)
    if not sources:
        return None
    refs: _Refs = [(sources[0], kind, None)]
    poster = tag.attrs.get("poster", "").strip() if kind == "video" else ""
    if poster and poster not in ("0", "false", "off", "no"):
        refs.append((html.unescape(poster), "poster", None))
    return refs + [(url, kind, None) for url in sources[1:]]


def _link(url: str) -> _Refs:
    """A link to ``url`` (what an embed becomes): a reference when it is a media file."""
    url = html.unescape(url.strip())
    return [(url, "link", None)] if is_media_url(url) else []


def _embed(tag: Tag) -> _Refs | None:
    url = (tag.content or tag.attrs.get("url") or tag.attrs.get("") or "").strip()
    return _link(url) if _URL.match(html.unescape(url)) else None


def _youtube(tag: Tag) -> _Refs | None:
    value = (tag.attrs.get("") or tag.attrs.get("url") or next(iter(tag.positional), "")).strip()
    if re.fullmatch(r"[\w-]{11}", value):
        value = f"https://www.youtube.com/watch?v={value}"
    return _link(value) if _URL.match(value) else None


def _vimeo(tag: Tag) -> _Refs | None:
    value = (tag.attrs.get("") or tag.attrs.get("id") or next(iter(tag.positional), "")).strip()
    if value.isdigit():
        value = f"https://vimeo.com/{value}"
    return _link(value) if _URL.match(value) else None


_HANDLERS: dict[str, Callable[[Tag], _Refs | None]] = {
    "gallery": lambda tag: _attachments(tag, "gallery"),
    "playlist": lambda tag: _attachments(tag, "playlist"),
    "audio": lambda tag: _player(tag, "audio"),
    "video": lambda tag: _player(tag, "video"),
    "embed": _embed,
    "youtube": _youtube,
    "vimeo": _vimeo,
}
