"""Questions about the parsed HTML tree the Markdown rules need answered.

What is block-level, what a node shows, which Markdown character ends up next to
a node (for emphasis flanking and code-span separation), where a line starts.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, PageElement, Tag

from .markup import tagset
from .rawhtml import RAW_TAGS

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


def attr(el: Tag, name: str) -> str | None:
    """An attribute as a string (multi-valued ones joined by spaces)."""
    value = el.get(name)
    if value is None or isinstance(value, str):
        return value
    return " ".join(value)


def element_text(el: Tag, br: str) -> str:
    """The text of ``el`` with ``<br>`` as ``br`` and comments left out."""
    if el.name == "br":
        return br
    parts: list[str] = []
    for node in el.descendants:
        if isinstance(node, Tag) and node.name == "br":
            parts.append(br)
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            parts.append(str(node))
    return "".join(parts)


def is_block(node: PageElement | None) -> bool:
    return isinstance(node, Tag) and node.name in BLOCK_TAGS


def is_blank(node: PageElement | None) -> bool:
    return isinstance(node, NavigableString) and not str(node).strip(" \t\n\r\f\v")


def starts_line(node: PageElement) -> bool:
    """Whether nothing visible precedes ``node`` on its Markdown line."""
    current: PageElement | None = node
    while current is not None:
        prev = current.previous_sibling
        while prev is not None:
            if isinstance(prev, Tag) and (prev.name == "br" or is_block(prev) or ends_line(prev)):
                return True
            if shows_something(prev):
                return False
            prev = prev.previous_sibling
        current = current.parent
        if is_block(current):
            return True
    return True


def ends_line(tag: Tag) -> bool:
    """Whether the last thing ``tag`` shows is a line break."""
    for node in reversed(list(tag.descendants)):
        if isinstance(node, Tag) and (node.name == "br" or is_block(node)):
            return True
        if shows_something(node):
            return False
    return False


def shows_something(node: PageElement) -> bool:
    if isinstance(node, Comment):
        return False
    if isinstance(node, NavigableString):
        return bool(str(node).strip(" \t\n\r\f\v"))
    return isinstance(node, Tag) and (
        node.name in ("img", "wxr-sc")
        or bool(node.get_text().strip())
        or node.find("img") is not None
    )


def prev_content(node: PageElement) -> PageElement | None:
    prev = node.previous_sibling
    while prev is not None and (is_blank(prev) or isinstance(prev, Comment)):
        prev = prev.previous_sibling
    return prev


def char_beside(el: PageElement, *, forward: bool) -> str:
    """The Markdown character just before/after ``el`` ('' at a block edge or unknown)."""
    node: PageElement = el
    while True:
        sib = node.next_sibling if forward else node.previous_sibling
        while sib is not None and renders_nothing(sib):
            sib = sib.next_sibling if forward else sib.previous_sibling
        if sib is not None:
            return edge_char(sib, forward=forward)
        if not isinstance(node.parent, Tag) or is_block(node.parent):
            return ""
        node = node.parent


def renders_nothing(node: PageElement) -> bool:
    """Comments, empty strings and empty inline elements leave no Markdown behind."""
    if isinstance(node, Comment) or (isinstance(node, NavigableString) and not str(node)):
        return True
    if not isinstance(node, Tag) or is_break(node) or shows_something(node):
        return False
    return node.find("br") is None


def is_break(node: PageElement) -> bool:
    return isinstance(node, Tag) and (node.name == "br" or is_block(node))


def edge_char(node: PageElement, *, forward: bool) -> str:
    """The first (``forward``) or last character ``node`` will put in the Markdown."""
    while True:
        if isinstance(node, NavigableString):
            text = str(node)
            return text[0] if forward else text[-1]
        if not isinstance(node, Tag) or is_break(node):
            return " "
        mark = mark_of(node)
        if mark:
            return mark
        if node.name == "img" or (node.name == "a" and node.has_attr("href")):
            return "!" if forward and node.name == "img" else ("[" if forward else ")")
        children = [c for c in node.children if not renders_nothing(c)]
        if not children:
            return ""
        node = children[0] if forward else children[-1]


def mark_of(tag: Tag) -> str:
    """The delimiter character ``tag`` writes (none when nested in the same style)."""
    for group, mark in ((STRONG, "*"), (EM, "*"), (STRIKE, "~"), (CODE_TAGS, "`")):
        if tag.name in group:
            nested = tag.find_parent(list(group)) is not None and mark != "`"
            return "" if nested else mark
    return ""


def unwrap_stray_cells(soup: BeautifulSoup) -> None:
    """Table parts outside any table are dropped, their content kept (as browsers do)."""
    for el in soup.find_all(["tr", "td", "th", "thead", "tbody", "tfoot", "caption"]):
        if el.find_parent("table") is None:
            el.unwrap()


def ends_quote(el: Tag) -> bool:
    """Whether nothing but whitespace follows ``el`` up to its blockquote."""
    node: Tag | None = el
    while node is not None and node.name != "blockquote":
        for sib in node.next_siblings:
            if not (is_blank(sib) or isinstance(sib, Comment) or getattr(sib, "name", "") == "br"):
                return False
        node = node.parent
    return True


def int_attr(el: Tag, name: str, default: int = 1) -> int:
    """A whole-number attribute (``colspan``, ``start``), or ``default``."""
    value = (attr(el, name) or "").strip()
    return int(value) if value.isdigit() else default
