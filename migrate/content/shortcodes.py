"""Finding and expanding WordPress shortcodes in post HTML.

Syntax follows WordPress: ``[name attr="v" attr2='v' attr3=v bare]``, self-closing
``[name /]``, enclosing ``[name]...[/name]`` and escaped ``[[name]]``, which shows
as the literal ``[name]``. Shortcodes inside tags, comments, ``<pre>``, ``<code>``,
``<script>``, ``<style>`` and ``<textarea>`` are left alone.

Known shortcodes are expanded by handlers (see :mod:`.handlers`); a handler may
decline (return ``None``), and then, like every unknown shortcode, the tag is kept
verbatim in a ``<wxr-sc>`` element (rendered unescaped in Markdown) and counted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..wpsyntax import PROTECTED, SHORTCODE_TAG, parse_attrs
from .context import Expansion


@dataclass(frozen=True, slots=True)
class Shortcode:
    """One shortcode occurrence: name, attributes, enclosed content, source text."""

    name: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    positional: tuple[str, ...] = ()
    content: str | None = None
    raw: str = ""


Handler = Callable[[Shortcode, Expansion], "str | None"]


@dataclass(frozen=True, slots=True)
class Spec:
    """How to treat a known shortcode: its handler and whether it may enclose content."""

    handler: Handler
    enclosing: bool = True


def expand(
    html: str, specs: Mapping[str, Spec], state: Expansion, *, leave_others: bool = False
) -> str:
    """Expand the shortcodes in ``specs``; keep and count the rest verbatim.

    With ``leave_others`` every other tag is left untouched for a later pass.
    """
    spans = _Spans(html)
    out: list[str] = []
    pos = 0
    while (m := SHORTCODE_TAG.search(html, pos)) is not None:
        if m.start() in spans:
            out.append(html[pos : m.end()])
            pos = m.end()
            continue
        out.append(html[pos : m.start()])
        if leave_others and m.group(3) not in specs:
            replacement, pos = m.group(0), m.end()
        else:
            replacement, pos = _expand_one(html, m, spans, specs, state)
        out.append(replacement)
    out.append(html[pos:])
    return "".join(out)


def verbatim(text: str) -> str:
    """Mark shortcode source text to be shown exactly as written."""
    return f"<wxr-sc>{text}</wxr-sc>"


def _expand_one(
    html: str,
    m: re.Match[str],
    spans: _Spans,
    specs: Mapping[str, Spec],
    state: Expansion,
) -> tuple[str, int]:
    """Return the replacement for the tag at ``m`` and the position to continue from."""
    esc_open, closing, name, attr_text, _self, esc_close = m.groups()
    if esc_open and esc_close:
        return verbatim(m.group(0)[1:-1]), m.end()
    if esc_open:  # "[[name]...[/name]]" shows literally; else the "[" is plain text
        close = re.compile(r"\[/" + re.escape(name) + r"\]\]").search(html, m.end())
        if close is None or closing:
            return "[", m.start() + 1
        inner = html[m.end() : close.start()]
        return verbatim(m.group(0)[1:]) + inner + verbatim(f"[/{name}]"), close.end()
    spec = specs.get(name)
    if closing or spec is None:
        if not closing:
            state.unknown[name] += 1
        return verbatim(m.group(0)), m.end()
    code, end = _with_content(html, m, spans, spec)
    named, bare = parse_attrs(attr_text)
    shortcode = Shortcode(name, named, bare, code, html[m.start() : end])
    result = spec.handler(shortcode, state)
    if result is None:
        state.unknown[name] += 1
        return verbatim(m.group(0)), m.end()
    return result, end


def _with_content(html: str, m: re.Match[str], spans: _Spans, spec: Spec) -> tuple[str | None, int]:
    """Find the enclosed content of an opening tag, if it has a closing tag."""
    if m.group(5) or not spec.enclosing:
        return None, m.end()
    close = re.compile(r"\[/" + re.escape(m.group(3)) + r"\]")
    for c in close.finditer(html, m.end()):
        if c.start() not in spans:
            return html[m.end() : c.start()], c.end()
    return None, m.end()


class _Spans:
    """Sorted, non-overlapping [start, end) ranges where shortcodes are not looked for."""

    def __init__(self, html: str) -> None:
        found = [(m.start(), m.end()) for m in PROTECTED.finditer(html)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]
