"""The tree walk behind the converter: children first, then the element's own rule.

This is the walk of ``markdownify`` (which the converter was first built on), kept
to what the rules rely on:

- Comments and the doctype are skipped. A whitespace-only text child is skipped
  when it touches the inside edge of a block container (``p``, ``div``, lists,
  tables, headings...) or sits next to one (or next to a ``<pre>``).
- Each child is converted with ``parent_tags``: the names of all its ancestors,
  plus ``_inline`` below a heading or table cell and ``_noformat`` below
  ``pre``/``code``/``kbd``/``samp``.
- The children's Markdown is joined; outside ``<pre>``, where one child's trailing
  newlines meet the next one's leading newlines, they become one run of
  ``max`` of the two, at most two.
- The element's rule, its ``convert_<name>`` method (``[``, ``]``, ``:`` and ``-`` in
  the name as ``_``; a subclass may map names otherwise in :meth:`Walker.find_rule`),
  then gets ``(el, text, parent_tags)`` and returns its Markdown; without one the
  children's Markdown passes through. The document (``[document]``) strips its outer
  newlines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from .markup import tagset
from .tree import DOCTYPE, Element, Node, Text

ParentTags = frozenset[str]
Rule = Callable[[Any, Element, str, ParentTags], str]  # (walker, el, text, parent_tags)
_Plan = tuple[ParentTags, bool, bool, "Rule | None"]

_HEADING = re.compile(r"h(\d+)")
_BLOCK_EDGE = tagset(
    "p blockquote article div section ol ul li dl dt dd table thead tbody tfoot tr td th"
)
_NOFORMAT = frozenset({"pre", "code", "kbd", "samp"})
_CELLS = frozenset({"td", "th"})
_FN_NAME = re.compile(r"[\[\]:-]")
_MAX_PLANS = 20_000


def trims_inside(name: str) -> bool:
    """Whether whitespace just inside this element is layout (block containers)."""
    return name in _BLOCK_EDGE or _HEADING.match(name) is not None


def trims_outside(node: Node | None) -> bool:
    """Whether whitespace just outside this node is layout (blocks and ``<pre>``)."""
    return type(node) is Element and (trims_inside(node.name) or node.name == "pre")


class Walker:
    """Converts a tree bottom-up with one ``convert_<tag>`` rule per tag name.

    Elements nested ``max_depth`` deep are handed to :meth:`too_deep` instead.
    """

    max_depth: ClassVar[int] = 1 << 30
    # per class: (parent_tags, name) -> (children's parent_tags, trims inside,
    # verbatim (in <pre>), rule)
    _plans: ClassVar[dict[tuple[ParentTags, str], _Plan]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._plans = {}

    def __init__(self) -> None:
        self.depth = 0

    def walk(self, root: Element) -> str:
        """The Markdown of a whole document."""
        return self.process_tag(root, frozenset())

    def process_tag(self, node: Element, parent_tags: ParentTags) -> str:
        """``node``'s Markdown: its children's, joined, through its rule."""
        if self.depth >= self.max_depth:
            return self.too_deep(node)
        plan = self._plans.get((parent_tags, node.name)) or self._plan(parent_tags, node.name)
        tags, inside, verbatim, rule = plan
        strings: list[str] = []
        self.depth += 1
        try:
            for child in node.children:
                if type(child) is Element:
                    out = self.process_tag(child, tags)
                elif type(child) is Text:
                    if child.kind == DOCTYPE or (not child.text.strip() and _drops(child, inside)):
                        continue
                    out = self.process_text(child, tags)
                else:
                    continue  # a comment
                if out:
                    strings.append(out)
        finally:
            self.depth -= 1
        if len(strings) < 2:
            text = strings[0] if strings else ""
        else:
            text = "".join(strings) if verbatim else join_blocks(strings)
        return rule(self, node, text, parent_tags) if rule is not None else text

    def process_text(self, node: Text, parent_tags: ParentTags) -> str:
        raise NotImplementedError

    def too_deep(self, node: Element) -> str:
        raise NotImplementedError

    @classmethod
    def _plan(cls, parent_tags: ParentTags, name: str) -> _Plan:
        if len(cls._plans) >= _MAX_PLANS:  # odd markup can make endless combinations
            cls._plans.clear()
        extra = {name}
        if _HEADING.match(name) is not None or name in _CELLS:
            extra.add("_inline")
        if name in _NOFORMAT:
            extra.add("_noformat")
        verbatim = name == "pre" or "pre" in parent_tags
        plan = (parent_tags | extra, trims_inside(name), verbatim, cls.find_rule(name))
        cls._plans[parent_tags, name] = plan
        return plan

    @classmethod
    def find_rule(cls, name: str) -> Rule | None:
        """The ``convert_<name>`` rule for a tag, if the class has one."""
        rule = getattr(cls, "convert_" + _FN_NAME.sub("_", name.lower()), None)
        return rule if callable(rule) else None

    # -- rules for what markdownify converted itself ----------------------------------

    def convert__document_(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return text.strip("\n")

    def convert_list(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        """``<list>`` (not an HTML element): markdownify's list rule, kept as it was."""
        after = el.next
        while after is not None and not _is_content(after):
            after = after.next
        before_paragraph = after is not None and not (
            type(after) is Element and after.name in ("ul", "ol")
        )
        if "li" in parent_tags:
            return "\n" + text.rstrip()
        return "\n\n" + text + ("\n" if before_paragraph else "")


def _drops(node: Text, inside: bool) -> bool:
    """Whether a whitespace-only text child is dropped (see the module docstring)."""
    if inside and (node.prev is None or node.next is None):
        return True
    return trims_outside(node.prev) or trims_outside(node.next)


def _is_content(node: Node) -> bool:
    if type(node) is Element:
        return True
    return type(node) is Text and node.kind != DOCTYPE and node.text.strip() != ""


def join_blocks(strings: list[str]) -> str:
    """Join children's Markdown; newlines where two meet collapse (at most two)."""
    if len(strings) < 2:
        return strings[0] if strings else ""
    out = [strings[0]]
    prev = strings[0]
    for s in strings[1:]:
        if s[0] == "\n" and prev[-1] == "\n" and prev.strip("\n"):
            trail = len(prev) - len(prev.rstrip("\n"))
            body = s.lstrip("\n")
            lead = len(s) - len(body)
            out[-1] = out[-1][:-trail]
            out.append("\n" * min(2, max(trail, lead)) + body)
        else:
            out.append(s)
        prev = s
    return "".join(out)


