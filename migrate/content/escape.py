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
_INLINE = [
    (re.compile(r"\\(?![^\W_])"), r"\\\\"),  # unless a letter or digit follows
    (re.compile(r"`"), r"\\`"),
    (re.compile(r"(?<!\s)\*|\*(?!\s)"), r"\\*"),  # unless spaced on both sides
    (re.compile(r"(?<![^\W_])_|_(?![^\W_])"), r"\\_"),  # unless inside a word
    (re.compile(r"~(?=~)|(?<=~)~"), r"\\~"),
    (re.compile(r"<(?=[A-Za-z/!?])"), r"\\<"),
    (_ENTITY_LIKE, r"\\&"),
    (re.compile(r"\](?=[(\[:]|$)"), r"\\]"),
]
_LINE_START = re.compile(
    r"^(\s*)(?:([#]{1,6}(?=\s|$)|>|[-+*](?=\s|$)|=+\s*$|-+\s*$|~{3,})|(\d{1,9})([.)](?=\s|$)))"
)


def escape_text(text: str, *, line_start: bool = False, brackets: bool = False) -> str:
    """Escape plain text for Markdown.

    ``line_start``: the text may begin a line, so block markers are escaped too.
    ``brackets``: escape every ``[``/``]`` (link text and image alt).
    """
    out = _escape_plain(text, brackets)
    return _escape_line_start(out) if line_start else out


def _escape_plain(text: str, brackets: bool) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    if brackets:
        text = re.sub(r"(?<!\\)([\[\]])", r"\\\1", text)
    return text


def _escape_line_start(text: str) -> str:
    m = _LINE_START.match(text)
    if m is None:
        return text
    if m.group(3) is not None:  # "1." -> "1\."
        return text[: m.end(3)] + "\\" + text[m.end(3) :]
    return text[: m.end(1)] + "\\" + text[m.end(1) :]


def escape_url(url: str) -> str:
    """A link destination that CommonMark reads back as exactly ``url``."""
    url = url.strip().replace("\\", "\\\\")
    url = re.sub(r"&(?=#?\w+;)", r"\\&", url)
    if not url or re.search(r"[\s<>]", url) or not _balanced(url):
        return "<" + re.sub(r"([<>])", r"\\\1", url.replace("\n", " ")) + ">"
    return url


def _balanced(url: str) -> bool:
    depth = 0
    for ch in url:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def escape_title(title: str) -> str:
    """A link title in double quotes."""
    title = " ".join(title.split())
    title = re.sub(r"([\\\"])", r"\\\1", title)
    return '"' + re.sub(r"&(?=#?\w+;)", r"\\&", title) + '"'


def is_autolink(url: str) -> bool:
    """Whether ``<url>`` is a CommonMark autolink for exactly this URL."""
    return re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f]*", url) is not None
