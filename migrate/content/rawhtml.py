"""HTML that Markdown cannot express, kept as a raw HTML block.

CommonMark ends most HTML blocks at a blank line, and starts one for an element
outside its block-tag list (``<video>``, ``<audio>``, ``<object>``...) only when
the start tag stands alone on its line. The serialised markup is arranged so it
survives as one block.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .markup import tagset
from .tree import DOCTYPE, LIST_ATTRIBUTES, PI, Comment, Element, Text, find_named

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
# Written <name/> when empty; the text of script and style is written as it is.
VOID_TAGS = tagset(
    "area base br col embed hr img input keygen link menuitem meta param source track wbr "
    "basefont bgsound command frame image isindex nextid spacer"
)
_CDATA_TAGS = tagset("script style")
_PRE = frozenset({"pre"})
_META_CHARSET = re.compile(r"((^|;)\s*charset=)([^;]*)", re.M)
# Inline HTML is not a Markdown block: text between its tags is read as Markdown, so
# the characters Markdown acts on are written as character references.
_MARKDOWN_ACTIVE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]~|"})

Escape = Callable[[str], str]


def escape_xml(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities (nothing else; quotes are handled by quoting)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_inline(text: str) -> str:
    return escape_xml(text).translate(_MARKDOWN_ACTIVE)


def serialise(el: Element, escape: Escape = escape_xml) -> str:
    """``el`` as HTML: attributes in source order, empty ones bare, ``<br/>`` style voids.

    ``escape`` is applied to text and attribute values (not to script and style text).
    """
    out = [open_tag(el, escape)]
    if el.children or el.name not in VOID_TAGS:
        # no recursion: raw HTML (an <svg>, a form) may nest thousands deep
        stack = [(el, iter(el.children))]
        while stack:
            parent, children = stack[-1]
            for node in children:
                if type(node) is Element:
                    out.append(open_tag(node, escape))
                    if node.children or node.name not in VOID_TAGS:
                        stack.append((node, iter(node.children)))
                        break
                elif type(node) is Comment:
                    out.append(f"<!--{node.text}-->")
                elif type(node) is Text:
                    out.append(_text(node, escape, parent.name in _CDATA_TAGS))
            else:
                out.append(f"</{parent.name}>")
                stack.pop()
    return "".join(out).strip()


def _text(node: Text, escape: Escape, raw: bool) -> str:
    if node.kind == DOCTYPE:
        return f"<!DOCTYPE {node.text}>\n"
    if node.kind == PI:
        return f"<?{node.text}>"
    return node.text if raw else escape(node.text)


def open_tag(el: Element, escape: Escape = escape_xml) -> str:
    """The start tag of ``el`` (``<name/>`` for an empty void element)."""
    parts = ["<", el.name]
    lists = LIST_ATTRIBUTES.get(el.name, ())
    for key, value in el.attrs.items():
        if value == "" and key not in LIST_ATTRIBUTES["*"] and key not in lists:
            parts.append(" " + key)  # a boolean attribute: controls, allowfullscreen
            continue
        if el.name == "meta":
            value = _meta_encoding(el, key, value)
        parts.append(f" {key}={_quoted(escape(value))}")
    if not el.children and el.name in VOID_TAGS:
        parts.append("/")
    parts.append(">")
    return "".join(parts)


def _quoted(value: str) -> str:
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def _meta_encoding(el: Element, key: str, value: str) -> str:
    """A ``<meta>`` tag's declared encoding reads ``utf-8``, the encoding written."""
    if key == "charset":
        return "utf-8"
    http_equiv = el.attrs.get("http-equiv", "")
    if key == "content" and "charset" not in el.attrs and http_equiv.lower() == "content-type":
        return _META_CHARSET.sub(lambda m: m.group(1) + "utf-8", value)
    return value


def raw_block(el: Element) -> str:
    """``el`` serialised as a self-contained CommonMark HTML block."""
    markup = serialise(el)
    name = el.name.lower()
    if name not in _KIND_1:
        markup = re.sub(r"\n[ \t]*(?=\n)", "", markup)
    if name not in _KIND_1 and name not in _KIND_6:
        markup = _start_tag_alone(markup)
    return markup


def raw_inline(el: Element) -> str:
    """``el`` serialised on one line, for places that cannot hold a block.

    Text is written so Markdown leaves it alone (see ``_MARKDOWN_ACTIVE``), pipes
    included, so the markup can sit in a table cell. Inside ``<pre>`` line breaks
    matter, so they are written as ``&#10;``.
    """
    markup = serialise(el, _escape_inline)
    if el.name == "pre" or find_named(el, _PRE) is not None:
        return markup.replace("\n", "&#10;")
    return re.sub(r"\s*\n\s*", " ", markup)


def _start_tag_alone(markup: str) -> str:
    end = markup.find(">") + 1
    if end <= 0 or end == len(markup) or (markup.endswith("/>") and markup.count("<") == 1):
        return markup
    rest = markup[end:]
    return markup[:end] + ("" if rest.startswith("\n") else "\n") + rest
