"""Small Markdown-building helpers shared by the converter's tag rules.

The converter assembles Markdown bottom-up. Two in-band markers travel with the
text until a block resolves them: :data:`BR` (a ``<br>``; it becomes a backslash
hard break, a paragraph break when doubled, and disappears at block edges) and
:data:`TOKEN` placeholders for finished multi-line blocks (code, raw HTML) that no
later pass may touch.
"""

from __future__ import annotations

import operator
import re

BR = "\ue000"
TOKEN = re.compile("\ue001(\\d+)\ue001")
_TOKEN_LINE = re.compile("((?:[ >]|[-*+] |\\d{1,9}[.)] )*)\ue001(\\d+)\ue001")
EDGE = " \t\n\r\f\v\u00a0" + BR

_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_BR_AT_LINE_EDGE = re.compile(f"[ \t]*(?:{BR}[ \t]*)+(?=\n)|(?<=\n)[ \t]*(?:{BR}[ \t]*)+")
_BR_RUN = re.compile(f"[ \t]*(?:{BR}[ \t]*){{2,}}")
_BR_ONE = re.compile(f"[ \t]*{BR}[ \t]*")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_BACKTICKS = re.compile(r"`+")
_RSTRIP_SPACES = operator.methodcaller("rstrip", " \t")


def tagset(names: str) -> frozenset[str]:
    """A set of tag (or other) names written as one space-separated string."""
    return frozenset(names.split())


def token(index: int) -> str:
    """The placeholder for block number ``index``."""
    return f"\ue001{index}\ue001"


def collapse(text: str) -> str:
    """Collapse runs of ASCII whitespace (not no-break spaces) to one space."""
    if "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        return _SPACES.sub(" ", text)
    return text  # already collapsed (the common case; no regex needed)


def block_text(text: str) -> str:
    """Trim a block's content and turn its ``<br>`` markers into Markdown."""
    text = text.strip(EDGE)
    if BR in text:
        text = _BR_AT_LINE_EDGE.sub("", text)
        text = _BR_RUN.sub("\n\n", text)
        text = _BR_ONE.sub("\\\\\n", text)
    return _BLANK_LINES.sub("\n\n", text)


def split_edges(text: str) -> tuple[str, str, str]:
    """``(leading, core, trailing)``: whitespace and breaks moved out of inline markup."""
    core = text.strip(EDGE)
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core) :]


def wrap_inline(text: str, before: str, after: str | None = None) -> str:
    """Wrap inline content in markup, keeping edge whitespace outside it."""
    lead, core, trail = split_edges(text)
    if not core:
        return text
    return f"{lead}{before}{core}{before if after is None else after}{trail}"


def code_span(code: str) -> str:
    """An inline code span showing ``code`` exactly (whitespace already collapsed)."""
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0) if "`" in code else 0
    ticks = "`" * (longest + 1)
    if code.startswith("`") or code.endswith("`") or (code.startswith(" ") and code.endswith(" ")):
        code = f" {code} "
    return f"{ticks}{code}{ticks}"


def indent_lines(text: str, first: str, rest: str) -> str:
    """Prefix the first line with ``first``, the others with ``rest``; empty lines stay empty."""
    lines = text.split("\n")
    out = [first + lines[0]]
    out += [rest + line if line else rest.rstrip() for line in lines[1:]]
    return "\n".join(out)


def substitute_tokens(markdown: str, blocks: list[tuple[str, str]]) -> str:
    """Replace placeholders by their ``(block, inline)`` forms.

    A placeholder alone on its line (after container prefixes such as ``> `` or
    list indentation) gets the block, with the prefix repeated on every line; one
    that ended up inside a line (a heading, a term) gets the inline form.
    """
    if "\ue001" not in markdown:
        return markdown
    out: list[str] = []
    for line in markdown.split("\n"):
        if "\ue001" not in line:
            out.append(line)
            continue
        m = _TOKEN_LINE.fullmatch(line)
        if m is None:
            out.append(TOKEN.sub(lambda t: blocks[int(t.group(1))][1], line))
            continue
        prefix = m.group(1)
        cont = "".join(ch if ch == ">" else " " for ch in prefix)
        out.append(indent_lines(blocks[int(m.group(2))][0], prefix, cont))
    return "\n".join(out)


def tidy(markdown: str) -> str:
    """Final layout: no trailing spaces, at most one blank line, one final newline."""
    markdown = block_text(markdown)
    markdown = "\n".join(map(_RSTRIP_SPACES, markdown.split("\n")))
    markdown = _BLANK_LINES.sub("\n\n", markdown).strip("\n")
    return markdown
