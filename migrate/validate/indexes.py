"""Compact indexes for cross-item checks: sets of ids and per-name tallies.

Ids in real exports are small non-negative integers, so ``IdSet`` keeps them as bits
(8 MiB covers ids below 64 million) and only the rare large or negative id in a
Python set. ``Tally`` counts occurrences of a name and remembers where it was first
seen, for findings reported once per name ("used by 12 items").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Post
from .findings import Findings

BITMAP_LIMIT = 1 << 26


class IdSet:
    def __init__(self) -> None:
        self._bits = bytearray()
        self._other: set[int] = set()

    def add(self, n: int) -> bool:
        """Add ``n``; False if it was already there."""
        if 0 <= n < BITMAP_LIMIT:
            byte, bit = n >> 3, 1 << (n & 7)
            if byte >= len(self._bits):
                self._bits.extend(bytes(max(byte + 1 - len(self._bits), len(self._bits))))
            if self._bits[byte] & bit:
                return False
            self._bits[byte] |= bit
            return True
        if n in self._other:
            return False
        self._other.add(n)
        return True

    def __contains__(self, n: object) -> bool:
        if not isinstance(n, int):
            return False
        if 0 <= n < BITMAP_LIMIT:
            byte = n >> 3
            return byte < len(self._bits) and bool(self._bits[byte] & (1 << (n & 7)))
        return n in self._other


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
