"""HTML that Markdown cannot express, kept as a raw HTML block.

CommonMark ends most HTML blocks at a blank line, and starts one for an element
outside its block-tag list (``<video>``, ``<audio>``, ``<object>``...) only when
the start tag stands alone on its line. The serialised markup is arranged so it
survives as one block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bs4 import Tag
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter

from .markup import tagset

# Elements converted to raw HTML rather than Markdown.
RAW_TAGS = tagset(
    "iframe video audio object embed form script style svg math canvas select textarea input button"
)
# CommonMark HTML-block kinds 1 (may contain blank lines) and 6 (start anywhere).
_KIND_1 = tagset("script style pre textarea")
_KIND_6 = tagset(
    "address article aside base basefont blockquote body caption center col colgroup "
    "dd details dialog dir div dl dt fieldset figcaption figure footer form frame "
    "frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu "
    "menuitem nav noframes ol optgroup option p param search section summary table "
    "tbody td tfoot th thead title tr track ul"
)


class _SourceOrder(HTMLFormatter):
    """Attributes in source order; empty ones written bare (``controls``)."""

    def attributes(self, tag: Tag) -> Iterable[tuple[str, Any]]:
        return [(k, None if v == "" else v) for k, v in (tag.attrs or {}).items()]


_FORMATTER = _SourceOrder(entity_substitution=EntitySubstitution.substitute_xml)
# Inline HTML is not a Markdown block: text between its tags is read as Markdown, so
# the characters Markdown acts on are written as character references.
_MARKDOWN_ACTIVE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]~|"})


def _inline_substitution(text: str) -> str:
    return EntitySubstitution.substitute_xml(text).translate(_MARKDOWN_ACTIVE)


_INLINE_FORMATTER = _SourceOrder(entity_substitution=_inline_substitution)


def serialise(el: Tag) -> str:
    """``el`` as HTML, attributes in source order."""
    return el.decode(formatter=_FORMATTER).strip()


def html_open_tag(el: Tag) -> str:
    """Just the start tag of ``el``, attributes in source order."""
    markup = serialise(el.__copy__())
    return markup[: markup.find(">") + 1]


def raw_block(el: Tag) -> str:
    """``el`` serialised as a self-contained CommonMark HTML block."""
    markup = serialise(el)
    name = el.name.lower()
    if name not in _KIND_1:
        markup = re.sub(r"\n[ \t]*(?=\n)", "", markup)
    if name not in _KIND_1 and name not in _KIND_6:
        markup = _start_tag_alone(markup)
    return markup


def raw_inline(el: Tag) -> str:
    """``el`` serialised on one line, for places that cannot hold a block.

    Text is written so Markdown leaves it alone (see ``_MARKDOWN_ACTIVE``), pipes
    included, so the markup can sit in a table cell. Inside ``<pre>`` line breaks
    matter, so they are written as ``&#10;``.
    """
    markup = el.decode(formatter=_INLINE_FORMATTER).strip()
    if el.name == "pre" or el.find("pre") is not None:
        return markup.replace("\n", "&#10;")
    return re.sub(r"\s*\n\s*", " ", markup)


def _start_tag_alone(markup: str) -> str:
    end = markup.find(">") + 1
    if end <= 0 or end == len(markup) or (markup.endswith("/>") and markup.count("<") == 1):
        return markup
    rest = markup[end:]
    return markup[:end] + ("" if rest.startswith("\n") else "\n") + rest
