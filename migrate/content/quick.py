"""Short fragments (comments, excerpts) converted without the pipeline, when they are
simple enough that the result is known.

Most comments are prose, and most of the rest is prose with a link, some emphasis, a
bit of code or a character reference (``&#8217;``, a pingback's ``[&#8230;]``).
:func:`plain_inline` and :func:`simple_inline` write what the full pipeline would
(wpautop's paragraphs and line breaks, spaces collapsed, the inline Markdown) and give
up (None) on anything else, leaving it to the pipeline. Property tests hold both to
the pipeline, so giving up is always safe and never changes the output.
"""

from __future__ import annotations

import re

# Prose the pipeline would only re-space: letters, digits, spaces, newlines,
# punctuation that means nothing to HTML or Markdown, combining accents and emoji (with
# their joiners and variation selector); no URL an auto-embed could take.
_PROSE_CHAR = (r"""[^\W_]|[ \n.,;:!?'"()/%$@\u2018\u2019\u201c\u201d\u2013\u2014\u2026-]"""
               r"|[\u0300-\u036f\u200d\ufe0f\u2600-\u27bf\U0001f000-\U0001faff]")
_PROSE = re.compile(f"(?:{_PROSE_CHAR})*")
_BLANK_LINE = re.compile(r"\n[ \n]*\n")
_LINE_LEAD = frozenset("'\"(\u2018\u2019\u201c\u201d\u2013\u2014\u2026")


def plain_inline(text: str) -> str | None:
    """What the pipeline makes of plain prose, without parsing it: wpautop's paragraphs
    and line breaks, spaces collapsed. None for anything else (markup, entities,
    Markdown syntax, URLs, a line that could start a list or a heading)."""
    if not _PROSE.fullmatch(text) or "://" in text:
        return None
    return _paragraphs(text, {})


def _paragraphs(text: str, spans: dict[str, str]) -> str | None:
    """Prose (with ``spans``' one-character stand-ins) as Markdown paragraphs."""
    paragraphs = []
    for block in _BLANK_LINE.split(text):
        block = block.strip(" \n")
        if not block:
            continue
        lines = [" ".join(line.split()) for line in block.split("\n")]
        if not all(line[:1].isalpha() or line[:1] in _LINE_LEAD or line[:1] in spans
                   for line in lines):
            return None
        paragraphs.append("\\\n".join(lines))
    out = "\n\n".join(paragraphs)
    for stand_in, markdown in spans.items():
        out = out.replace(stand_in, markdown)
    return out


# -- prose with simple inline markup ---------------------------------------------------

_REFERENCE = re.compile(r"&(?:#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}))|([a-z]{4,6}));")
# Named references of typographic characters (prose characters) WordPress writes.
_NAMED = {"mdash": "\u2014", "ndash": "\u2013", "hellip": "\u2026", "lsquo": "\u2018",
          "rsquo": "\u2019", "ldquo": "\u201c", "rdquo": "\u201d"}
_SPAN = re.compile(
    r'<a href="(https?://[A-Za-z0-9._~/:%?=#+,;@!$-]+)"(?: rel="[a-z ]*")?>([^<>]*)</a>'
    r"|<(em|i|strong|b|code)>([^<>]*)</\3>"
    r"|\[\u2026\]"  # a pingback's "[...]"
)
_MARKS = {"em": "*", "i": "*", "strong": "**", "b": "**", "code": "`"}
_BEFORE_SPAN = frozenset(" \n")
_AFTER_SPAN = frozenset(" \n.,;:!?")
# What may follow a pingback's "[...]": a word on the same line, or the paragraph's end.
_AFTER_ELLIPSIS = re.compile(r" +[^\s]|[ ]*(?:\n[ \n]*\n|\n?[ \n]*\Z)")
_STAND_IN = 0xE000  # private-use characters: never in prose (the pipeline strips them)


def simple_inline(text: str) -> str | None:
    """What the pipeline makes of prose holding only simple inline markup: links
    (``<a href="http...">``, optionally ``rel``), ``<em>``/``<i>``, ``<strong>``/``<b>``,
    ``<code>`` around prose, character references of prose characters (numeric, and
    the typographic named ones such as ``&mdash;``), and pingbacks' ``[&#8230;]``. None
    for anything else."""
    if "&" in text:
        text = _REFERENCE.sub(_decode, text)
        if "&" in text:
            return None  # a named entity, or a reference to a character prose cannot hold
    if "<" not in text and "[" not in text:
        return plain_inline(text)
    spans: dict[str, str] = {}
    pieces: list[str] = []
    at = 0
    for m in _SPAN.finditer(text):
        markdown = _span(m, text)
        if markdown is None:
            return None
        stand_in = chr(_STAND_IN + len(spans))
        spans[stand_in] = markdown
        pieces += [text[at:m.start()], stand_in]
        at = m.end()
    pieces.append(text[at:])
    between = "".join(pieces[::2])  # the text outside the spans
    if not spans or len(spans) > 256 or "://" in between or not _PROSE.fullmatch(between):
        return None
    return _paragraphs("".join(pieces), spans)


def _decode(m: re.Match[str]) -> str:
    """A character reference as its character, if prose may hold it (else as written)."""
    if m.group(3):
        return _NAMED.get(m.group(3), m.group(0))
    number = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    char = chr(number) if 0 < number < 0x110000 else ""
    return char if char and char != "\n" and _PROSE.fullmatch(char) else m.group(0)


def _span(m: re.Match[str], text: str) -> str | None:
    """The Markdown of one span, or None unless it sits between spaces or punctuation."""
    start, end = m.span()
    if start and text[start - 1] not in _BEFORE_SPAN:
        return None
    if m.group(0)[0] == "[":  # "[...]"
        return m.group(0) if _AFTER_ELLIPSIS.match(text, end) else None
    if end < len(text) and text[end] not in _AFTER_SPAN:
        return None
    inner = m.group(2) if m.group(1) else m.group(4)
    if not inner or inner != " ".join(inner.split()) or "://" in inner \
            or not _PROSE.fullmatch(inner):
        return None
    if not (inner[0].isalpha() or inner[0] in _LINE_LEAD):
        return None  # it might start a line, where "-" or "1." would be escaped
    if m.group(1):
        return f"[{inner}]({m.group(1)})"
    mark = _MARKS[m.group(3)]
    if mark != "`" and not (inner[0].isalpha() and inner[-1].isalnum()):
        return None  # punctuation inside the markers may keep them from emphasising
    return f"{mark}{inner}{mark}"
