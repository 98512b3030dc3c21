"""Media in WordPress shortcodes, found without expanding them.

Goes through a post's shortcodes as :mod:`migrate.content` expands them (the same
tag syntax, protected spans, escapes and enclosing rules), with handlers
(:mod:`.shortcode_media`) that keep only what concerns media: ``[gallery]`` and
``[playlist]`` ids, ``[audio]``/``[video]`` sources and poster, ``[embed]``/
``[youtube]``/``[vimeo]`` links to media files. It also says which stretches of the
post's HTML never reach the page: code listings (``[code]`` and friends, shown as
text), the content an expanded ``[audio]``/``[video]``/``[embed]`` replaces, and a
``[caption]``'s text when its ``caption`` attribute stands in for it. Most posts
never need the protected spans (a pass over every tag): a shortcode that cannot
change what shows is passed over without them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..wpsyntax import CODE_SHORTCODES, PROTECTED, SHORTCODE_TAG, parse_attrs
from . import shortcode_media as sc_media
from .htmlscan import EXTENSION, Hit

_EXTENSION = re.compile(rf"\.(?:{EXTENSION})|&")
CODE = frozenset(CODE_SHORTCODES)
#: Shortcodes that may enclose content, and those that never do.
ENCLOSING = frozenset(["caption", "wp_caption", "audio", "video", "embed"])
SINGLE = frozenset(["gallery", "playlist", "youtube", "vimeo"])
LINKS = frozenset(["embed", "youtube", "vimeo"])
_MEDIA_NAMES = "gallery|playlist|audio|video|embed|youtube|vimeo|caption|wp_caption"
_CODE_NAMES = "|".join(CODE_SHORTCODES)
#: Quick tests: could this post hold a shortcode that matters here?
NAMES = re.compile(rf"\[(?:{_MEDIA_NAMES})\b")
CODE_NAMES = re.compile(rf"\[(?:{_CODE_NAMES})\b")
# Where a walk may have to stop: the known names, and escaped tags ([[name]...).
_MEDIA_TAGS = re.compile(rf"\[(?=\[|(?:{_MEDIA_NAMES})[\s=/\]])")
_CODE_TAGS = re.compile(rf"\[(?=\[|(?:{_CODE_NAMES})[\s=/\]])")


@dataclass(slots=True)
class Found:
    """Media references from shortcodes, and the spans of HTML that never show."""

    hits: list[Hit] = field(default_factory=list)
    dead: list[tuple[int, int]] = field(default_factory=list)

    def hidden(self, at: int) -> bool:
        return any(start <= at < end for start, end in self.dead)


def scan_shortcodes(text: str, html_hits: Sequence[int] = ()) -> Found:
    """The media in ``text``'s shortcodes, and what of its HTML never shows.
    ``html_hits``: offsets of the references in the HTML (only spans that could hide
    one of them, or a media shortcode, are worked out)."""
    named = [m.start() for m in NAMES.finditer(text)]
    if not (named or html_hits):
        return Found()
    listed = _maybe_listed(text, [*html_hits, *named])
    if not (listed or named):
        return Found()
    walk = _Walk(text, [*html_hits, *named])
    if listed:
        walk.run(sc_media.code, _CODE_TAGS, only=CODE)
    if named:
        walk.run(sc_media.media, _MEDIA_TAGS)
    return walk.found


def _maybe_listed(text: str, offsets: Sequence[int]) -> bool:
    """Whether an offset lies between the first code shortcode and the last closing tag
    (where a code listing, shown as text, may hide it)."""
    first = CODE_NAMES.search(text)
    if first is None:
        return False
    last = text.rfind("[/")
    return any(first.start() <= at < last for at in offsets)


class _Spans:
    """Where shortcodes are not looked for: inside tags, comments, ``<pre>``, ``<code>``...
    Found as far as asked (a pass over every tag: most posts never ask)."""

    def __init__(self, text: str) -> None:
        self._found = PROTECTED.finditer(text)
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._done = False

    def __contains__(self, pos: int) -> bool:
        while not self._done and (not self._starts or self._starts[-1] <= pos):
            m = next(self._found, None)
            if m is None:
                self._done = True
            else:
                self._starts.append(m.start())
                self._ends.append(m.end())
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]


@dataclass(frozen=True, slots=True)
class Tag:
    """One shortcode: name, attributes, enclosed content, and where it lies."""

    name: str
    attrs: dict[str, str]
    positional: tuple[str, ...]
    content: str | None
    start: int
    inner: int  # where the content starts
    end: int  # after the closing tag (or the tag itself)


_Handler = Callable[[Tag, Found], bool]


class _Walk:
    """Goes through the shortcodes as the content engine's expansion does. ``watched``:
    offsets of references a shortcode may hide (HTML references, media shortcodes)."""

    def __init__(self, text: str, watched: Sequence[int]) -> None:
        self.text = text
        self.watched = watched
        self.spans = _Spans(text)
        self.found = Found()

    def blocked(self, at: int) -> bool:
        return at in self.spans or self.found.hidden(at)

    def run(self, handler: _Handler, stops: re.Pattern[str],
            only: frozenset[str] | None = None) -> None:
        """Expand with ``handler``; with ``only``, every other name is left alone.
        ``stops`` finds where the shortcodes that matter may start: the others are
        passed over as the expansion would (they hold no "[" to hide one)."""
        pos = 0
        while (stop := stops.search(self.text, pos)) is not None:
            m = SHORTCODE_TAG.match(self.text, stop.start())
            if m is None:
                pos = stop.start() + 1
                continue
            pos = m.end()
            esc_open, closing, name = m.group(1, 2, 3)
            if only is not None and name not in only:
                continue
            if esc_open:
                if not self.blocked(m.start()):
                    pos = _after_escaped(self.text, m)
            elif not closing and name in (only or ENCLOSING | SINGLE):
                pos = self._expand(m, handler)
        return None

    def _expand(self, m: re.Match[str], handler: _Handler) -> int:
        """Where to go on after the known shortcode at ``m``."""
        if self._idle(m, handler) or self.blocked(m.start()):
            return m.end()
        tag = self._tag(m, self.blocked)
        return tag.end if handler(tag, self.found) else m.end()

    def _idle(self, m: re.Match[str], handler: _Handler) -> bool:
        """Whether the shortcode changes nothing that shows, expanded or not: no
        reference of its own, none it would hide, no shortcode it would skip. Spares
        most posts the protected spans, which take a pass over every tag."""
        if _plain_caption(m) or _plain_link(self.text, m):
            return True
        tag = self._tag(m, self.found.hidden)  # the first closing tag
        if "<" in self.text[tag.start : tag.end]:
            return False  # a protected span may start inside: decide the slow way
        trial = Found()
        expands = handler(tag, trial)
        hides = any(start <= at < end for start, end in trial.dead for at in self.watched)
        skips = expands and "[" in (tag.content or "")
        return not (trial.hits or hides or skips)

    def _tag(self, m: re.Match[str], blocked: Callable[[int], bool]) -> Tag:
        name, attr_text, self_closing = m.group(3, 4, 5)
        content, end = _content(self.text, m, blocked, bool(self_closing) or name in SINGLE)
        named, bare = parse_attrs(attr_text)
        return Tag(name, named, bare, content, m.start(), m.end(), end)


def _plain_caption(m: re.Match[str]) -> bool:
    """A caption without a ``caption`` attribute and without markup in its tag: at most
    the tag is hidden, and no reference starts there."""
    return (m.group(3) in sc_media.CAPTIONS and "caption" not in m.group(4).lower()
            and "<" not in m.group(0))


def _plain_link(text: str, m: re.Match[str]) -> bool:
    """Whether an embed (up to its first closing tag) holds no tag, no shortcode and
    nothing that looks like a media file's extension: it can only become a link to a
    page (the common ``[embed]https://youtube.com/...[/embed]``)."""
    if m.group(3) not in LINKS:
        return False
    end = text.find("[/" + m.group(3) + "]", m.end()) if m.group(3) == "embed" else -1
    region = text[m.start() : m.end() if end < 0 else end]
    return "<" not in region and "[" not in region[1:] and not _EXTENSION.search(region)


def _after_escaped(text: str, m: re.Match[str]) -> int:
    """Where to go on after ``[[name]``: past ``[/name]]`` (all shown as written)."""
    if m.group(6):  # [[name]]
        return m.end()
    close = re.compile(r"\[/" + re.escape(m.group(3)) + r"\]\]").search(text, m.end())
    return m.start() + 1 if close is None or m.group(2) else close.end()


def _content(text: str, m: re.Match[str], blocked: Callable[[int], bool],
             single: bool) -> tuple[str | None, int]:
    """The enclosed content and where the closing tag ends (None: no closing tag)."""
    if single:
        return None, m.end()
    close = re.compile(r"\[/" + re.escape(m.group(3)) + r"\]")
    for c in close.finditer(text, m.end()):
        if not blocked(c.start()):
            return text[m.end() : c.start()], c.end()
    return None, m.end()
