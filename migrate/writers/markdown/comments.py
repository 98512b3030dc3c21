"""A post's comments and pings as data: comments threaded, pingbacks kept apart.

Comments come out flat in reading order (each thread depth-first, oldest first),
each with ``parent`` and ``depth``, so a template can indent them without recursion.
A reply whose parent is not written (unapproved, spam, missing) is shown at the top
level. Pingbacks and trackbacks form their own list, in export order.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ...model import Comment
from .dates import stamp

_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}

ToMarkdown = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Thread:
    comments: list[dict[str, Any]]
    pingbacks: list[dict[str, Any]]

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.comments:
            data["comments"] = self.comments
        if self.pingbacks:
            data["pingbacks"] = self.pingbacks
        return data


def kept(comments: Iterable[Comment], mode: str) -> list[Comment]:
    """The comments ``mode`` keeps: approved ones, or all of them."""
    if mode == "none":
        return []
    if mode == "all":
        return list(comments)
    return [c for c in comments if c.comment_approved == "1"]


def build(
    comments: Iterable[Comment],
    pings: Iterable[Comment],
    *,
    mode: str,
    to_markdown: ToMarkdown,
    offset: int | None,
) -> Thread:
    """The data file's content for one post (empty lists when nothing is kept)."""
    show_status = mode == "all"
    rows = [
        _row(c, depth, to_markdown, offset, show_status)
        for c, depth in _threaded(kept(comments, mode))
    ]
    ping_rows = [_ping(c, to_markdown, offset, show_status) for c in kept(pings, mode)]
    return Thread(rows, ping_rows)


def _threaded(comments: list[Comment]) -> list[tuple[Comment, int]]:
    """Depth-first thread order; replies to a comment not in the list start a thread."""
    ids = {c.comment_id for c in comments}
    children: dict[int, list[Comment]] = {}
    roots: list[Comment] = []
    for c in comments:
        parent = c.comment_parent
        if parent and parent in ids and parent != c.comment_id:
            children.setdefault(parent, []).append(c)
        else:
            roots.append(c)
    out: list[tuple[Comment, int]] = []
    seen: set[int | None] = set()
    stack = [(c, 0) for c in reversed(_in_order(roots))]
    while stack:  # iterative: a 1,000-deep thread must not hit the recursion limit
        c, depth = stack.pop()
        if c.comment_id in seen:
            continue
        seen.add(c.comment_id)
        out.append((c, depth))
        replies = children.get(c.comment_id or 0, [])
        stack.extend((r, depth + 1) for r in reversed(_in_order(replies)))
    # Comments in a parent cycle never reach a root; keep them rather than lose them.
    out.extend((c, 0) for c in _in_order(comments) if c.comment_id not in seen)
    return out


def _in_order(comments: list[Comment]) -> list[Comment]:
    return sorted(comments, key=lambda c: (c.comment_date_gmt or c.comment_date or "",
                                           c.comment_id or 0))


def _common(c: Comment, to_markdown: ToMarkdown, offset: int | None) -> dict[str, Any]:
    return {
        "author": html.unescape(c.comment_author),
        "author_url": c.comment_author_url,
        "date": stamp(c.comment_date, c.comment_date_gmt, offset),
        "content": to_markdown(c.comment_content).strip("\n"),
    }


def _row(
    c: Comment, depth: int, to_markdown: ToMarkdown, offset: int | None, show_status: bool
) -> dict[str, Any]:
    parent = c.comment_parent if depth else 0
    row: dict[str, Any] = {"id": c.comment_id, "parent": parent, "depth": depth}
    row.update(_common(c, to_markdown, offset))
    if show_status:
        row["status"] = _STATUS.get(c.comment_approved, c.comment_approved)
    return row


def _ping(
    c: Comment, to_markdown: ToMarkdown, offset: int | None, show_status: bool
) -> dict[str, Any]:
    row: dict[str, Any] = {"id": c.comment_id, "type": c.comment_type}
    row.update(_common(c, to_markdown, offset))
    if show_status:
        row["status"] = _STATUS.get(c.comment_approved, c.comment_approved)
    return row
