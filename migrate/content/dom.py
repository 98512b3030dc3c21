"""Questions about the parsed HTML tree the Markdown rules need answered.

What is block-level, what a node shows, which Markdown character ends up next to
a node (for emphasis flanking and code-span separation), where a line starts.
"""

from __future__ import annotations

from .markup import tagset
from .rawhtml import RAW_TAGS
from .tree import (
    Comment,
    Document,
    Element,
    Node,
    Text,
    descendants,
    find_named,
    get_text,
    has_ancestor,
    unwrap,
)

# Tags that start and end a line of Markdown; text next to them is trimmed.
BLOCK_TAGS = (
    tagset(
        "p div blockquote ul ol li dl dt dd table thead tbody tfoot tr td th caption pre "
        "hr h1 h2 h3 h4 h5 h6 figure figcaption section article aside header footer nav "
        "main address center details summary hgroup"
    )
    | RAW_TAGS
)
CODE_TAGS = tagset("code kbd samp tt")
STRONG = frozenset({"strong", "b"})
EM = frozenset({"em", "i"})
STRIKE = frozenset({"del", "s", "strike"})
_STRAY_CELLS = tagset("tr td th thead tbody tfoot caption")
_IMG = frozenset({"img"})
_BR = frozenset({"br"})
_TABLE = frozenset({"table"})
_SPACE = " \t\n\r\f\v"


def attr(el: Element, name: str) -> str | None:
    """An attribute as a string (multi-valued ones joined by spaces)."""
    return el.attrs.get(name)


def element_text(el: Element, br: str) -> str:
    """The text of ``el`` with ``<br>`` as ``br`` and comments left out."""
    if el.name == "br":
        return br
    parts: list[str] = []
    for node in descendants(el):
        if type(node) is Text:
            parts.append(node.text)
        elif type(node) is Element and node.name == "br":
            parts.append(br)
    return "".join(parts)


def is_block(node: Node | None) -> bool:
    return type(node) is Element and node.name in BLOCK_TAGS


def is_blank(node: Node | None) -> bool:
    """A whitespace-only string (text or comment)."""
    return isinstance(node, (Text, Comment)) and not node.text.strip(_SPACE)


def starts_line(node: Node) -> bool:
    """Whether nothing visible precedes ``node`` on its Markdown line."""
    current: Node | None = node
    while current is not None:
        prev = current.prev
        while prev is not None:
            if type(prev) is Element and (prev.name == "br" or is_block(prev) or ends_line(prev)):
                return True
            if shows_something(prev):
                return False
            prev = prev.prev
        current = current.parent
        if is_block(current):
            return True
    return True


def ends_line(tag: Element) -> bool:
    """Whether the last thing ``tag`` shows is a line break."""
    for node in reversed(list(descendants(tag))):
        if type(node) is Element and (node.name == "br" or is_block(node)):
            return True
        if shows_something(node):
            return False
    return False


def shows_something(node: Node) -> bool:
    """Whether ``node`` puts anything visible in the Markdown (text or an image)."""
    if type(node) is Text:
        return bool(node.text.strip(_SPACE))
    if type(node) is not Element:
        return False
    shows = node.shows
    if shows is None:
        shows = node.shows = (
            node.name in ("img", "wxr-sc")
            or bool(get_text(node).strip())
            or find_named(node, _IMG) is not None
        )
    return shows


def prev_content(node: Node) -> Node | None:
    prev = node.prev
    while prev is not None and (is_blank(prev) or type(prev) is Comment):
        prev = prev.prev
    return prev


def char_beside(el: Node, *, forward: bool) -> str:
    """The Markdown character just before/after ``el`` ('' at a block edge or unknown)."""
    node: Node = el
    while True:
        sib = node.next if forward else node.prev
        while sib is not None and renders_nothing(sib):
            sib = sib.next if forward else sib.prev
        if sib is not None:
            return edge_char(sib, forward=forward)
        parent = node.parent
        if parent is None or is_block(parent):
            return ""
        node = parent


def renders_nothing(node: Node) -> bool:
    """Comments, empty strings and empty inline elements leave no Markdown behind."""
    if type(node) is Comment or (type(node) is Text and not node.text):
        return True
    if type(node) is not Element or is_break(node) or shows_something(node):
        return False
    return find_named(node, _BR) is None


def is_break(node: Node) -> bool:
    return type(node) is Element and (node.name == "br" or is_block(node))


def edge_char(node: Node, *, forward: bool) -> str:
    """The first (``forward``) or last character ``node`` will put in the Markdown."""
    while True:
        if type(node) is Text:
            return node.text[0] if forward else node.text[-1]
        if type(node) is not Element or is_break(node):
            return " "
        mark = mark_of(node)
        if mark:
            return mark
        if node.name == "img" or (node.name == "a" and "href" in node.attrs):
            return "!" if forward and node.name == "img" else ("[" if forward else ")")
        children = [c for c in node.children if not renders_nothing(c)]
        if not children:
            return ""
        node = children[0] if forward else children[-1]


def mark_of(tag: Element) -> str:
    """The delimiter character ``tag`` writes (none when nested in the same style)."""
    for group, mark in ((STRONG, "*"), (EM, "*"), (STRIKE, "~"), (CODE_TAGS, "`")):
        if tag.name in group:
            nested = has_ancestor(tag, group) and mark != "`"
            return "" if nested else mark
    return ""


def unwrap_stray_cells(doc: Document) -> None:
    """Table parts outside any table are dropped, their content kept (as browsers do)."""
    stray = [
        el for el in doc.elements if el.name in _STRAY_CELLS and not has_ancestor(el, _TABLE)
    ]
    for el in stray:
        unwrap(el)


def ends_quote(el: Element) -> bool:
    """Whether nothing but whitespace follows ``el`` up to its blockquote."""
    node: Element | None = el
    while node is not None and node.name != "blockquote":
        sib = node.next
        while sib is not None:
            if not (is_blank(sib) or (type(sib) is Element and sib.name == "br")):
                return False
            sib = sib.next
        node = node.parent
    return True


def int_attr(el: Element, name: str, default: int = 1) -> int:
    """A whole-number attribute (``colspan``, ``start``), or ``default``."""
    value = (attr(el, name) or "").strip()
    return int(value) if value.isdigit() else default
