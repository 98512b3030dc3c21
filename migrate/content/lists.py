"""List markers: numbering, and keeping adjacent lists from merging in Markdown."""

from __future__ import annotations

import re

from .dom import attr, int_attr, is_blank, prev_content, shows_something
from .markup import tagset
from .tree import Comment, Element, Node, find_named

_CONTENT_TAGS = tagset("img pre hr iframe video audio object embed form")
# Containers that leave no mark in Markdown: their content joins the flow around them.
WRAPPERS = tagset("div figure section article aside header footer nav main center details hgroup")


class Markers:
    """The marker of each list item; remembers each list's items so long lists stay fast."""

    def __init__(self) -> None:
        self._index: dict[int, int] = {}
        self._alternate: dict[int, bool] = {}
        self._numbered: set[int] = set()

    def __call__(self, li: Element) -> str:
        parent = li.parent
        if parent is None:
            return "-"
        if id(parent) not in self._numbered:
            self._numbered.add(id(parent))
            items = [
                li
                for li in parent.children
                if type(li) is Element and li.name == "li" and _has_content(li)
            ]
            self._index.update((id(item), n) for n, item in enumerate(items))
        index, alternate = self._index.get(id(li), 0), self._alternates(parent)
        if parent.name == "ol":
            first = int_attr(parent, "start", 1)
            return f"{first + index}{')' if alternate else '.'}"
        return "*" if alternate else "-"

    def _alternates(self, lst: Element) -> bool:
        """Whether ``lst`` follows a list of its kind that did not alternate.

        Adjacent lists of one kind would merge in Markdown, so every second one in a
        run uses the other marker. Answers are remembered, so long runs stay fast.
        """
        if id(lst) in self._alternate:
            return self._alternate[id(lst)]
        chain = [lst]
        prev = block_before(lst)
        while type(prev) is Element and prev.name == lst.name and id(prev) not in self._alternate:
            chain.append(prev)
            prev = block_before(prev)
        known = type(prev) is Element and prev.name == lst.name
        flag = self._alternate[id(prev)] if known else None
        for item in reversed(chain):
            flag = flag is not None and not flag
            self._alternate[id(item)] = flag
        return bool(flag)


def is_gallery(lst: Element) -> bool:
    """Block-editor gallery grids are lists only for layout; they are not bulleted."""
    classes = (attr(lst, "class") or "").split()
    return "blocks-gallery-grid" in classes or "wp-block-gallery" in classes


def block_before(el: Element) -> Node | None:
    """The content just before ``el`` once wrapper elements (div, figure...) vanish."""
    node: Element = el
    while True:
        prev = prev_content(node)
        while prev is None and node.parent is not None and node.parent.name in WRAPPERS:
            node = node.parent
            prev = prev_content(node)
        while type(prev) is Element and prev.name in WRAPPERS:
            last = last_content(prev)
            if last is None:
                break
            prev = last
        if not (type(prev) is Element and prev.name in WRAPPERS):
            return prev
        node = prev  # an empty wrapper: look before it


def last_content(el: Element) -> Node | None:
    children = [c for c in el.children if not (is_blank(c) or type(c) is Comment)]
    return children[-1] if children else None


def cannot_interrupt(markdown: str) -> bool:
    """Whether a list (its Markdown) could not interrupt a paragraph line above it.

    CommonMark lets an ordered list break into a paragraph only when it starts at 1.
    """
    m = re.match(r"(\d+)[.)] ", markdown)
    return m is not None and m.group(1) != "1"


def _has_content(li: Element) -> bool:
    """Whether an item writes anything (empty items are left out, and not counted)."""
    return shows_something(li) or find_named(li, _CONTENT_TAGS) is not None
