"""Indexes for cross-item checks: ``Tally`` counts occurrences of a name and remembers
where it was first seen, for findings reported once per name ("used by 12 items").
The id sets and first-owner tables are :mod:`migrate.compact`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compact import FirstOwner, IdSet
from ..model import Post
from .findings import Findings

__all__ = ["First", "FirstOwner", "IdSet", "Tally", "short"]


@dataclass(slots=True)
class First:
    """Where something was first seen, and how often it was seen."""

    count: int
    line: int | None
    post_id: int | None
    title: str
    path: str | None


class Tally:
    """Occurrences per name, and the item each name was first seen in."""

    def __init__(self, out: Findings) -> None:
        self.out = out  # for the part being read
        self.names: dict[str, First] = {}

    def add(self, name: str, post: Post, times: int = 1) -> None:
        seen = self.names.get(name)
        if seen is None:
            self.names[name] = First(times, post.line, post.post_id, short(post.post_title),
                                     self.out.path)
        else:
            seen.count += times


def short(text: str, limit: int = 80) -> str:
    """A title cut to one short line, for findings kept until the end of the run."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
