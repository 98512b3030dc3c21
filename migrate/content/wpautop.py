"""WordPress's display-time paragraph filter (``wpautop``), re-implemented.

Classic-editor posts are stored without ``<p>``: WordPress turns blank lines into
paragraphs and single newlines into ``<br />`` whenever it shows the post. This
module reproduces that behaviour so the HTML converted to Markdown is the HTML a
reader saw. ``<pre>``, ``<script>``, ``<style>``, ``<textarea>``, ``<svg>`` and
``<math>`` are left exactly as they are; block-level elements are never wrapped in
``<p>``; newlines inside a tag's attributes are not line breaks.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from .markup import tagset
from .vault import Vault

# Block-level tags: wpautop separates them from the text around them and never
# wraps them in <p>. wxr-block is this package's placeholder for finished HTML.
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    "|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section"
    "|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
    "|main|center|math|svg|wxr-block"
)
_OPEN_BLOCK = re.compile(rf"(<(?:{BLOCK_TAGS})(?=[\s/>]))", re.IGNORECASE)
_CLOSE_BLOCK = re.compile(rf"(</(?:{BLOCK_TAGS})\s*>)", re.IGNORECASE)
_VOID_BLOCK = re.compile(r"(<(?:hr|col|area)\b[^>]*>)", re.IGNORECASE)
_ANY_BLOCK_TAG = rf"</?(?:{BLOCK_TAGS})(?=[\s/>])[^>]*>"

_RAW_ELEMENTS = re.compile(
    r"<(pre|script|style|textarea|svg|math)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_TAG_NEWLINE = "\ue011"


def wpautop(text: str, *, br: bool = True) -> str:
    """Add ``<p>`` and ``<br />`` the way WordPress displays classic content."""
    if not text.strip():
        return ""
    vault = Vault()
    text = _protect_raw(text.replace("\r\n", "\n").replace("\r", "\n"), vault)
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _TAG.sub(lambda m: m.group(0).replace("\n", _TAG_NEWLINE), text)
    text = _separate_blocks(text)
    text = _tidy_media_whitespace(text)
    text = "".join(_paragraph(chunk) for chunk in _BLANK_LINES.split(text.strip("\n")))
    text = _unwrap_blocks(text)
    if br:
        text = _line_breaks(text)
    text = text.replace(_TAG_NEWLINE, "\n")
    return vault.restore(text.rstrip("\n") + "\n")


def _protect_raw(text: str, vault: Vault) -> str:
    """Park raw-text elements and comments; pre/style/svg/math park as blocks."""

    def park(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        return vault.keep(match.group(0), block=name not in ("script", "textarea"))

    text = _RAW_ELEMENTS.sub(park, text)
    return _COMMENT.sub(lambda m: vault.keep(m.group(0), block=False), text)


def _separate_blocks(text: str) -> str:
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    return _VOID_BLOCK.sub(r"\1\n\n", text)


def _tidy_media_whitespace(text: str) -> str:
    """Whitespace around these is layout, never a line break."""
    text = re.sub(r"\s*(</?(?:option|source|track|param)\b[^>]*>)\s*", r"\1", text, flags=re.I)
    text = re.sub(r"\s*(<figcaption\b[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    return re.sub(r"(</figcaption>)\s*", r"\1", text, flags=re.IGNORECASE)


def _paragraph(chunk: str) -> str:
    chunk = chunk.strip("\n")
    if not chunk.strip():
        return ""
    return f"<p>{chunk}</p>\n"


def _unwrap_blocks(text: str) -> str:
    """Remove the <p> wpautop put around block-level tags, keeping inner text wrapped."""
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text, flags=re.I)
    text = re.sub(rf"<p>\s*({_ANY_BLOCK_TAG})\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.I | re.S)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = re.sub(r"</blockquote></p>", "</p></blockquote>", text, flags=re.I)
    text = re.sub(rf"<p>\s*({_ANY_BLOCK_TAG})", r"\1", text, flags=re.I)
    text = re.sub(rf"({_ANY_BLOCK_TAG})\s*</p>", r"\1", text, flags=re.I)
    return re.sub(r"<p>\s*</p>\n?", "", text)


def _line_breaks(text: str) -> str:
    """Single newlines left inside text become <br />, except next to block tags."""
    text = re.sub(r"<br\s*/?>[ \t]*", "<br />", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<!<br />)[ \t]*\n(?!$)", "<br />\n", text)
    text = re.sub(rf"({_ANY_BLOCK_TAG})[ \t]*<br />", r"\1", text, flags=re.I)
    block_edge = r"(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol|wxr-block)"
    text = re.sub(rf"<br />(\s*</?{block_edge}(?=[\s/>])[^>]*>)", r"\1", text, flags=re.I)
    return text.replace("\n</p>", "</p>")


# Elements whose direct text WordPress's paragraphs would structure: the root and
# generic containers. Text inside <p>, <li>, headings, cells etc. is already placed.
_CONTAINERS = tagset(
    "div blockquote section article aside header footer nav main figure form center details"
)
_BLOCKS = frozenset(BLOCK_TAGS.replace("h[1-6]", "h1|h2|h3|h4|h5|h6").split("|"))


def needs_autop(html: str) -> bool:
    """Whether classic content relies on wpautop for its paragraphs and line breaks.

    Content without any ``<p>`` does. Content that has ``<p>`` elements is taken to
    use them for its paragraphs unless some text outside them spans several lines.
    """
    if not re.search(r"<p[\s>]", html, re.IGNORECASE):
        return bool(html.strip())
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (ValueError, TypeError, etree.ParserError):
        return True
    containers = [root, *(el for el in root.iter() if _tag(el) in _CONTAINERS)]
    return any(_has_multiline_run(el) for el in containers)


def _tag(el: HtmlElement) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _has_multiline_run(el: HtmlElement) -> bool:
    """Whether a run of inline content directly inside ``el`` has an inner newline."""
    run: list[str] = [el.text or ""]
    for child in el:
        tag = _tag(child)
        if tag in _BLOCKS:
            if "\n" in "".join(run).strip():
                return True
            run = []
        elif tag:
            run.append(child.text_content())
        run.append(child.tail or "")
    return "\n" in "".join(run).strip()
