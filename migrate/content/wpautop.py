"""WordPress's display-time paragraph filter (``wpautop``), re-implemented.

Classic-editor posts are stored without ``<p>``: WordPress turns blank lines into
paragraphs and single newlines into ``<br />`` whenever it shows the post. This
module reproduces that behaviour so the HTML converted to Markdown is the HTML a
reader saw. ``<pre>``, ``<script>``, ``<style>``, ``<textarea>``, ``<svg>`` and
``<math>`` are left exactly as they are; block-level elements are never wrapped in
``<p>``; newlines inside a tag's attributes are not line breaks.
"""

from __future__ import annotations

import operator
import re

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from .markup import tagset
from .vault import Vault

# Block-level tags: wpautop separates them from the text around them and never
# wraps them in <p>. wxr-block is this package's placeholder for finished HTML.
_BLOCKS = tagset(
    "table thead tfoot caption col colgroup tbody tr td th div dl dd dt ul ol li pre "
    "form map area blockquote address style p h1 h2 h3 h4 h5 h6 hr fieldset legend section "
    "article aside hgroup header footer nav figure figcaption details menu summary "
    "main center math svg wxr-block"
)


def _alternation(names: frozenset[str]) -> str:
    """A regex for exactly ``names``, shaped as a trie (``a(?:rticle|side)``): much faster
    than a flat ``article|aside`` tried at every ``<``. Each use is followed by a character
    no name contains, so which name matches never depends on the order."""
    return "|".join(_trie(sorted(names)))


def _trie(names: list[str]) -> list[str]:
    by_head: dict[str, list[str]] = {}
    for name in names:
        by_head.setdefault(name[0], []).append(name[1:])
    out = []
    for head, rests in by_head.items():
        longer = [rest for rest in rests if rest]
        inner = _trie(longer) if longer else []
        optional = "?" if len(longer) < len(rests) else ""
        if not inner:
            out.append(re.escape(head))
        elif len(inner) == 1 and not optional:
            out.append(re.escape(head) + inner[0])
        else:
            out.append(f"{re.escape(head)}(?:{'|'.join(inner)}){optional}")
    return out


BLOCK_TAGS = _alternation(_BLOCKS)
_OPEN_BLOCK = re.compile(rf"(<(?:{BLOCK_TAGS})(?=[\s/>]))", re.IGNORECASE)
_CLOSE_BLOCK = re.compile(rf"(</(?:{BLOCK_TAGS})\s*>)", re.IGNORECASE)
_VOID_BLOCK = re.compile(r"(<(?:hr|col|area)\b[^>]*>)", re.IGNORECASE)
_ANY_BLOCK_TAG = rf"</?(?:{BLOCK_TAGS})(?=[\s/>])[^>]*>"

_RAW_ELEMENTS = re.compile(
    r"<(pre|script|style|textarea|svg|math)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A tag spanning lines (the newlines in it are not line breaks). Tags without one are
# left to the scan: they would be replaced by themselves.
_MULTILINE_TAG = re.compile(r"<[a-zA-Z/!][^>\n]*\n[^>]*>")
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_TAG_NEWLINE = "\ue011"
# Replacements: a callable from C is faster than a template such as r"\1" (Python code
# expands those for every match).
_GROUP_1 = operator.methodcaller("group", 1)
_STRIP_NEWLINES = operator.methodcaller("strip", "\n")
# Whitespace around media parameters and figcaptions (each with a cheap test first:
# a pattern starting with \s* is slow to search for).
_MEDIA_PARAM_TAG = re.compile(r"</?(?:option|source|track|param)\b", re.IGNORECASE)
_MEDIA_PARAM = re.compile(r"\s*(</?(?:option|source|track|param)\b[^>]*>)\s*", re.IGNORECASE)
_FIGCAPTION_TAG = re.compile(r"</?figcaption\b", re.IGNORECASE)
_FIGCAPTION_OPEN = re.compile(r"\s*(<figcaption\b[^>]*>)", re.IGNORECASE)
_FIGCAPTION_CLOSE = re.compile(r"(</figcaption>)\s*", re.IGNORECASE)
# _unwrap_blocks, in order
_P_TEXT_IN_CLOSED = re.compile(r"<p>([^<]+)</(div|address|form)>", re.IGNORECASE)
_CLOSED_CONTAINER = re.compile(r"</(?:div|address|form)>", re.IGNORECASE)
_P_TAG = re.compile(r"<p[\s>]", re.IGNORECASE)
_P_AROUND_BLOCK = re.compile(rf"<p>\s*({_ANY_BLOCK_TAG})\s*</p>", re.IGNORECASE)
_P_AROUND_ITEM = re.compile(r"<p>(<li.+?)</p>", re.IGNORECASE | re.DOTALL)
_P_BEFORE_QUOTE = re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE)
_P_AFTER_QUOTE = re.compile(r"</blockquote></p>", re.IGNORECASE)
_P_BEFORE_BLOCK = re.compile(rf"<p>\s*({_ANY_BLOCK_TAG})", re.IGNORECASE)
_P_AFTER_BLOCK = re.compile(rf"({_ANY_BLOCK_TAG})\s*</p>", re.IGNORECASE)
_EMPTY_P = re.compile(r"<p>\s*</p>\n?")
# _line_breaks, in order
_BR = re.compile(r"<br\s*/?>[ \t]*", re.IGNORECASE)
_BR_AFTER_BLOCK = re.compile(rf"({_ANY_BLOCK_TAG})[ \t]*<br />", re.IGNORECASE)
_BR_BEFORE_EDGE = re.compile(
    r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol|wxr-block)(?=[\s/>])[^>]*>)",
    re.IGNORECASE,
)


def wpautop(text: str, *, br: bool = True) -> str:
    """Add ``<p>`` and ``<br />`` the way WordPress displays classic content."""
    if not text.strip():
        return ""
    vault = Vault()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Text without a single "<" (most comments) has no tag for the tag passes to act on:
    # only the paragraphs and line breaks apply (and these add <p> and </p> only).
    markup = "<" in text
    if markup:
        text = _protect_raw(text, vault)
        text = _DOUBLE_BR.sub("\n\n", text)
        text = _MULTILINE_TAG.sub(lambda m: m.group(0).replace("\n", _TAG_NEWLINE), text)
        text = _separate_blocks(text)
        text = _tidy_media_whitespace(text)
    chunks = map(_STRIP_NEWLINES, _BLANK_LINES.split(text.strip("\n")))
    text = "".join([f"<p>{chunk}</p>\n" for chunk in chunks if chunk.strip()])
    if markup:
        text = _unwrap_blocks(text)
    if br:
        text = _line_breaks(text, markup)
    text = text.replace(_TAG_NEWLINE, "\n")
    return vault.restore(text.rstrip("\n") + "\n")


def _protect_raw(text: str, vault: Vault) -> str:
    """Park raw-text elements and comments; pre/style/svg/math park as blocks."""

    def park(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        return vault.keep(match.group(0), block=name not in ("script", "textarea"))

    text = _RAW_ELEMENTS.sub(park, text)
    if "<!--" not in text:
        return text
    return _COMMENT.sub(lambda m: vault.keep(m.group(0), block=False), text)


def _separate_blocks(text: str) -> str:
    text = _OPEN_BLOCK.sub(lambda m: "\n\n" + m.group(), text)
    text = _CLOSE_BLOCK.sub(lambda m: m.group() + "\n\n", text)
    return _VOID_BLOCK.sub(r"\1\n\n", text)


def _tidy_media_whitespace(text: str) -> str:
    """Whitespace around these is layout, never a line break."""
    if _MEDIA_PARAM_TAG.search(text) is not None:
        text = _MEDIA_PARAM.sub(r"\1", text)
    if _FIGCAPTION_TAG.search(text) is not None:
        text = _FIGCAPTION_OPEN.sub(r"\1", text)
        text = _FIGCAPTION_CLOSE.sub(r"\1", text)
    return text


def _unwrap_blocks(text: str) -> str:
    """Remove the <p> wpautop put around block-level tags, keeping inner text wrapped."""
    if _CLOSED_CONTAINER.search(text) is not None:
        text = _P_TEXT_IN_CLOSED.sub(r"<p>\1</p></\2>", text)
    text = _P_AROUND_BLOCK.sub(_GROUP_1, text)
    text = _P_AROUND_ITEM.sub(_GROUP_1, text)
    text = _P_BEFORE_QUOTE.sub(r"<blockquote\1><p>", text)
    text = _P_AFTER_QUOTE.sub("</p></blockquote>", text)
    text = _P_BEFORE_BLOCK.sub(_GROUP_1, text)
    text = _P_AFTER_BLOCK.sub(_GROUP_1, text)
    return _EMPTY_P.sub("", text)


def _line_breaks(text: str, markup: bool = True) -> str:
    """Single newlines left inside text become <br />, except next to block tags.

    ``markup`` False: the only tags are wpautop's own ``<p>``/``</p>``.
    """
    if markup:
        text = _BR.sub("<br />", text)
    text = _newlines_to_breaks(text)
    text = _BR_AFTER_BLOCK.sub(_GROUP_1, text)
    text = _BR_BEFORE_EDGE.sub(r"\1", text)
    return text.replace("\n</p>", "</p>")


def _newlines_to_breaks(text: str) -> str:
    """Every newline (with the spaces before it) as ``<br />\\n``, unless a ``<br />``
    already ends the line, and except the text's last newline (or last two, when it ends
    with a blank line).

    This is ``re.sub(r"(?<!<br />)[ \\t]*\\n(?!$)", "<br />\\n", text)``, WordPress's
    pattern, done line by line: the regex is slow to search (it may start anywhere).
    When ``<br />`` and spaces end a line, the regex leaves the first space.
    """
    lines = text.split("\n")
    last = len(lines) - 1
    keep_from = last  # newlines from this line on stay ("$" matches before a final "\n")
    if lines[last] == "":
        keep_from = last - 2 if last >= 2 and lines[last - 1] == "" else last - 1
    out = []
    for k in range(last):
        line = lines[k]
        core = line.rstrip(" \t")
        if k >= keep_from:
            out.append(line + "\n")
        elif not core.endswith("<br />"):
            out.append(core + "<br />\n")
        elif len(core) < len(line):
            out.append(core + line[len(core)] + "<br />\n")
        else:
            out.append(line + "\n")
    out.append(lines[last])
    return "".join(out)


# Elements whose direct text WordPress's paragraphs would structure: the root and
# generic containers. Text inside <p>, <li>, headings, cells etc. is already placed.
_CONTAINERS = tagset(
    "div blockquote section article aside header footer nav main figure form center details"
)


def needs_autop(html: str) -> bool:
    """Whether classic content relies on wpautop for its paragraphs and line breaks.

    Content without any ``<p>`` does. Content that has ``<p>`` elements is taken to
    use them for its paragraphs unless some text outside them spans several lines.
    """
    if "<" not in html or _P_TAG.search(html) is None:
        return bool(html.strip())
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    # AssertionError: lxml.html refuses a fragment with a second <body>
    except (ValueError, TypeError, AssertionError, etree.ParserError):
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
