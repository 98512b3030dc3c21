"""Markdown escaping that changes only what would change meaning.

Text keeps underscores inside words (so ``snake_case`` and URLs such as
``example.com/a_page`` stay as they are) and asterisks between spaces; block markers
(``#``, ``>``, ``-``, ``1.`` ...) are escaped only where a text node may start a line.
Link destinations are never backslash-escaped except for backslashes, ``&entity;`` and
unbalanced parentheses (see :func:`escape_url`).
"""

from __future__ import annotations

import re

_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
# (character the pattern needs, pattern, replacement), applied in this order; a pattern
# is skipped when its character is absent (most text has none of them).
_INLINE = [
    ("\\", re.compile(r"\\(?![^\W_])"), r"\\\\"),  # unless a letter or digit follows
    ("`", re.compile(r"`"), r"\\`"),
    ("*", re.compile(r"(?<!\s)\*|\*(?!\s)"), r"\\*"),  # unless spaced on both sides
    ("_", re.compile(r"(?<![^\W_])_|_(?![^\W_])"), r"\\_"),  # unless inside a word
    ("~", re.compile(r"~(?=~)|(?<=~)~"), r"\\~"),
    ("<", re.compile(r"<(?=[A-Za-z/!?])"), r"\\<"),
    ("&", _ENTITY_LIKE, r"\\&"),
    ("]", re.compile(r"\](?=[(\[:]|$)"), r"\\]"),
]
_BRACKET = re.compile(r"(?<!\\)([\[\]])")
_SPACE_OR_ANGLE = re.compile(r"[\s<>]")
_ANGLE = re.compile(r"([<>])")
_TITLE_SPECIAL = re.compile(r"([\\\"])")
_AUTOLINK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f]*")
_LINE_START = re.compile(
    r"^(\s*)(?:([#]{1,6}(?=\s|$)|>|[-+*](?=\s|$)|=+\s*$|-+\s*$|~{3,})|(\d{1,9})([.)](?=\s|$)))"
)


def escape_text(text: str, *, line_start: bool = False, brackets: bool = False) -> str:
    """Escape plain text for Markdown.

    ``line_start``: the text may begin a line, so block markers are escaped too.
    ``brackets``: escape every ``[``/``]`` (link text and image alt).
    """
    out = escape_inline(text, brackets=brackets)
    return _escape_line_start(out) if line_start else out


def escape_inline(text: str, *, brackets: bool = False) -> str:
    """:func:`escape_text` without the block markers (``line_start=False``)."""
    for char, pattern, repl in _INLINE:
        if char in text:
            text = pattern.sub(repl, text)
    if brackets and ("[" in text or "]" in text):
        text = _BRACKET.sub(r"\\\1", text)
    return text


def line_start_escaped(text: str) -> str | None:
    """Inline-escaped ``text`` with its block marker escaped; None if it starts with none.

    ``escape_text(t, line_start=True)`` is ``line_start_escaped(out) or out`` for
    ``out = escape_inline(t)``: callers can skip finding out whether the text starts a
    line when it cannot matter.
    """
    m = _LINE_START.match(text)
    if m is None:
        return None
    if m.group(3) is not None:  # "1." -> "1\."
        return text[: m.end(3)] + "\\" + text[m.end(3) :]
    return text[: m.end(1)] + "\\" + text[m.end(1) :]


def _escape_line_start(text: str) -> str:
    return line_start_escaped(text) or text


def escape_url(url: str) -> str:
    """A link destination that CommonMark reads back as exactly ``url``."""
    url = url.strip().replace("\\", "\\\\")
    if "&" in url:
        url = _ENTITY_LIKE.sub(r"\\&", url)
    if not url or _SPACE_OR_ANGLE.search(url) or not _balanced(url):
        return "<" + _ANGLE.sub(r"\\\1", url.replace("\n", " ")) + ">"
    return url


def _balanced(url: str) -> bool:
    if "(" not in url and ")" not in url:
        return True
    depth = 0
    for ch in url:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def escape_title(title: str) -> str:
    """A link title in double quotes."""
    title = " ".join(title.split())
    title = _TITLE_SPECIAL.sub(r"\\\1", title)
    return '"' + _ENTITY_LIKE.sub(r"\\&", title) + '"'


def is_autolink(url: str) -> bool:
    """Whether ``<url>`` is a CommonMark autolink for exactly this URL."""
    return _AUTOLINK.fullmatch(url) is not None
