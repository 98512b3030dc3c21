"""A lean HTML tree: what the Markdown rules navigate, built by libxml2's HTML parser.

:func:`parse` feeds the markup to ``lxml.etree.HTMLParser`` with a parser *target*,
so the structure is libxml2's (implied ``<html>``/``<body>``, auto-closed tags,
decoded entities). The target shapes the tree the way Beautiful Soup's ``"lxml"``
builder did, which the converter's rules were written against:

- adjacent character data is one :class:`Text`; a run of ASCII whitespace outside
  ``<pre>``/``<textarea>`` becomes a single ``"\\n"`` (if it held one) or ``" "``;
  so do comments and the doctype made only of such whitespace;
- text inside ``<script>``, ``<style>``, ``<template>``, ``<rt>`` and ``<rp>`` is
  marked with that name (:attr:`Text.kind`): an element's :func:`get_text` takes only
  the text of its own kind (the plain kind for every other element);
- multi-valued attributes (``class``, ``rel``...; :data:`LIST_ATTRIBUTES`) are
  whitespace-normalised (``" a  b "`` -> ``"a b"``); attributes keep source order;
- the root is an :class:`Element` named ``[document]``; a :class:`Document` also
  lists every element in document order.

Nodes are linked both ways (``parent``, ``prev``, ``next``, ``children``); the few
questions the rules ask (:func:`find`, :func:`get_text`...) are plain functions. One
parser per thread is reused: creating one costs more than parsing a comment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import cast

from lxml import etree

ROOT = "[document]"
# Text containers (their text has its own kind) and whitespace-preserving elements.
STRING_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})
PRESERVE_WHITESPACE = frozenset({"pre", "textarea"})
DOCTYPE = "doctype"  # Text.kind of a document type declaration
PI = "pi"  # Text.kind of a processing instruction
# Attributes holding a space-separated list, per element ("*": every element).
LIST_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"class", "accesskey", "dropzone"}),
    "a": frozenset({"rel", "rev"}),
    "link": frozenset({"rel", "rev"}),
    "td": frozenset({"headers"}),
    "th": frozenset({"headers"}),
    "form": frozenset({"accept-charset"}),
    "object": frozenset({"archive"}),
    "area": frozenset({"rel"}),
    "icon": frozenset({"sizes"}),
    "iframe": frozenset({"sandbox"}),
    "output": frozenset({"for"}),
}
_NO_LIST: frozenset[str] = frozenset()
_UNIVERSAL_LISTS = LIST_ATTRIBUTES["*"]
_SPECIAL = PRESERVE_WHITESPACE | STRING_CONTAINERS
_ASCII_SPACES = " \n\t\x0c\r"


class Element:
    """An element: ``name`` (lower case), ``attrs`` in source order, ``children``."""

    __slots__ = ("attrs", "children", "name", "next", "parent", "prev", "shows", "text_cache")

    def __init__(
        self, name: str, attrs: dict[str, str], parent: Element | None, prev: Node | None = None
    ) -> None:
        self.name = name
        self.attrs = attrs
        self.children: list[Node] = []
        self.parent = parent
        self.prev = prev
        self.next: Node | None = None
        self.text_cache: str | None = None  # see get_text
        self.shows: bool | None = None  # remembered by dom.shows_something

    def __repr__(self) -> str:
        return f"<Element {self.name} {self.attrs!r}>"


class Text:
    """Character data; ``kind`` is ``""`` for ordinary text (see the module docstring)."""

    __slots__ = ("kind", "next", "parent", "prev", "text")

    def __init__(self, text: str, kind: str, parent: Element, prev: Node | None) -> None:
        self.text = text
        self.kind = kind
        self.parent: Element | None = parent
        self.prev = prev
        self.next: Node | None = None

    def __repr__(self) -> str:
        return f"<Text {self.kind} {self.text!r}>"


class Comment:
    """An HTML comment (also what libxml2 makes of ``<?...>`` and ``<!...>``)."""

    __slots__ = ("next", "parent", "prev", "text")

    def __init__(self, text: str, parent: Element, prev: Node | None) -> None:
        self.text = text
        self.parent: Element | None = parent
        self.prev = prev
        self.next: Node | None = None

    def __repr__(self) -> str:
        return f"<Comment {self.text!r}>"


Node = Element | Text | Comment


class Document:
    """A parsed document: the ``root`` element (named ``[document]``) and every element
    below it in document order, as parsed (``elements``; later changes such as
    :func:`unwrap` do not update it)."""

    __slots__ = ("elements", "root")

    def __init__(self, root: Element, elements: list[Element]) -> None:
        self.root = root
        self.elements = elements


# -- building -------------------------------------------------------------------------


class _Builder:
    """The parser target: turns libxml2's events into the tree."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.root = Element(ROOT, {}, None)
        self.elements: list[Element] = []
        self.stack = [self.root]
        self.pending: list[str] = []  # character data not yet made a node
        self.preserve = 0  # open <pre>/<textarea> elements
        self.containers: list[str] = []  # open string-container elements

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.pending:
            self._flush("")
        parent = self.stack[-1]
        siblings = parent.children
        prev = siblings[-1] if siblings else None
        el = Element(tag, _attributes(tag, attrib) if attrib else {}, parent, prev)
        if prev is not None:
            prev.next = el
        siblings.append(el)
        self.elements.append(el)
        self.stack.append(el)
        if tag in _SPECIAL:
            if tag in PRESERVE_WHITESPACE:
                self.preserve += 1
            else:
                self.containers.append(tag)

    def end(self, tag: str) -> None:
        """Close the innermost open ``tag`` and what is open inside it (if it is open)."""
        if self.pending:
            self._flush("")
        stack = self.stack
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].name == tag:
                while len(stack) > i:
                    name = stack.pop().name
                    if name in _SPECIAL:
                        if name in PRESERVE_WHITESPACE:
                            self.preserve -= 1
                        else:
                            self.containers.pop()
                return

    def data(self, data: str) -> None:
        self.pending.append(data)

    def comment(self, text: str) -> None:
        self._special(text, None)

    def doctype(self, name: str | None, pubid: str | None, system: str | None) -> None:
        value = name or ""
        if pubid is not None:
            value += f' PUBLIC "{pubid}"'
            if system is not None:
                value += f' "{system}"'
        elif system is not None:
            value += f' SYSTEM "{system}"'
        self._special(value, DOCTYPE)

    def pi(self, target: str, data: str | None) -> None:
        self._special(f"{target} {data}", PI)

    def close(self) -> Element:
        if self.pending:
            self._flush("")
        return self.root

    def _special(self, text: str, kind: str | None) -> None:
        if self.pending:
            self._flush("")
        self.pending.append(text)
        self._flush(kind)

    def _flush(self, kind: str | None) -> None:
        """End a run of character data (``kind`` None: a comment)."""
        pending = self.pending
        text = pending[0] if len(pending) == 1 else "".join(pending)
        pending.clear()
        if not self.preserve and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        parent = self.stack[-1]
        siblings = parent.children
        prev = siblings[-1] if siblings else None
        node: Node
        if kind is None:
            node = Comment(text, parent, prev)
        else:
            if not kind and self.containers:
                kind = self.containers[-1]
            node = Text(text, kind, parent, prev)
        if prev is not None:
            prev.next = node
        siblings.append(node)


def _attributes(tag: str, attrib: dict[str, str]) -> dict[str, str]:
    lists = LIST_ATTRIBUTES.get(tag, _NO_LIST)
    attrs: dict[str, str] = {}
    for key, value in attrib.items():
        if key[:1] == "{" and "}" in key:  # a namespaced name keeps only its local part
            key = key.split("}", 1)[1]
        if key in _UNIVERSAL_LISTS or key in lists:
            value = " ".join(value.split())  # str.split: the whitespace of regex \s
        attrs[key] = value
    return attrs


def parse(markup: str) -> Document:
    """The tree of an HTML document or fragment."""
    if markup[:1] == "\ufeff":
        markup = markup[1:]
    try:
        return _feed(markup, None)
    except (UnicodeDecodeError, LookupError, etree.ParserError):
        return _feed(markup.encode("utf8"), "utf8")


_parsers = threading.local()  # one parser per thread and encoding: creating one is costly


def _feed(markup: str | bytes, encoding: str | None) -> Document:
    key = encoding or "str"
    pair: tuple[_Builder, etree.HTMLParser] | None = getattr(_parsers, key, None)
    if pair is None:
        builder = _Builder()
        # lxml hands a target str only (the stubs also allow bytes).
        target = cast("etree.ParserTarget", builder)
        pair = (builder, etree.HTMLParser(target=target, recover=True, encoding=encoding))
        setattr(_parsers, key, pair)
    builder, parser = pair
    builder.reset()
    try:
        parser.feed(markup)
        parser.close()
    except BaseException:
        setattr(_parsers, key, None)  # a parser that failed is not reused
        raise
    return Document(builder.root, builder.elements)


# -- navigation -----------------------------------------------------------------------


def descendants(el: Element) -> Iterator[Node]:
    """Every node below ``el``, in document order."""
    stack: list[Iterator[Node]] = [iter(el.children)]
    while stack:
        for node in stack[-1]:
            yield node
            if type(node) is Element and node.children:
                stack.append(iter(node.children))
                break
        else:
            stack.pop()


def find(el: Element, match: Callable[[Element], bool]) -> Element | None:
    """The first element below ``el`` that ``match`` accepts."""
    for node in descendants(el):
        if type(node) is Element and match(node):
            return node
    return None


def find_named(el: Element, names: frozenset[str]) -> Element | None:
    """The first element below ``el`` with one of ``names``."""
    for node in descendants(el):
        if type(node) is Element and node.name in names:
            return node
    return None


def has_ancestor(node: Node, names: frozenset[str]) -> bool:
    """Whether an element above ``node`` has one of ``names``."""
    parent = node.parent
    while parent is not None:
        if parent.name in names:
            return True
        parent = parent.parent
    return False


def get_text(el: Element) -> str:
    """The text of ``el``: its descendants' text of ``el``'s own kind (see the module
    docstring), without comments. Remembered: the rules ask for it often."""
    text = el.text_cache
    if text is None:
        kind = el.name if el.name in STRING_CONTAINERS else ""
        text = "".join(
            node.text for node in descendants(el) if type(node) is Text and node.kind == kind
        )
        el.text_cache = text
    return text


def unwrap(el: Element) -> None:
    """Replace ``el`` by its children."""
    parent = el.parent
    if parent is None:
        return
    kids = parent.children
    i = next(n for n, node in enumerate(kids) if node is el)
    for child in el.children:
        child.parent = parent
    kids[i : i + 1] = el.children
    el.children = []
    el.parent = el.prev = el.next = None
    _relink(kids)


def _relink(kids: list[Node]) -> None:
    prev: Node | None = None
    for node in kids:
        node.prev = prev
        if prev is not None:
            prev.next = node
        prev = node
    if prev is not None:
        prev.next = None
