"""Compact indexes for cross-item checks: sets of ids, first owners, per-name tallies.

Ids in real exports are small non-negative integers, so ``IdSet`` keeps them as bits
(8 MiB covers ids below 64 million) and only the rare large or negative id in a
Python set. ``FirstOwner`` maps 64-bit keys (hashes) to the id that first had them in
two machine-integer arrays, about 32 bytes per key where a dict of ints takes ~100.
``Tally`` counts occurrences of a name and remembers where it was first seen, for
findings reported once per name ("used by 12 items").
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from ..model import Post
from .findings import Findings

BITMAP_LIMIT = 1 << 26
_INT64 = 1 << 63


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


class FirstOwner:
    """64-bit key -> the first id added with it (open addressing, linear probing)."""

    _EMPTY = 0

    def __init__(self, capacity: int = 1024) -> None:
        self._keys, self._ids = _zeros(capacity, "Q"), _zeros(capacity, "q")
        self._used = 0

    def add(self, key: int, owner: int) -> int | None:
        """Add ``key`` for ``owner``; if it was already there, the id it was added for."""
        key = (key & 0xFFFF_FFFF_FFFF_FFFF) or 1  # a hash as unsigned, never the empty mark
        slot = self._slot(key)
        if self._keys[slot] == key:
            return self._ids[slot]
        self._keys[slot] = key
        self._ids[slot] = owner if -_INT64 <= owner < _INT64 else -1  # -1: no usable id
        self._used += 1
        if self._used * 3 > len(self._keys) * 2:
            self._grow()
        return None

    def _slot(self, key: int) -> int:
        """Where ``key`` is, or the empty slot where it would go."""
        keys = self._keys
        mask = len(keys) - 1
        slot = key & mask
        while keys[slot] != key and keys[slot] != self._EMPTY:
            slot = (slot + 1) & mask
        return slot

    def _grow(self) -> None:
        old = zip(self._keys, self._ids, strict=True)
        size = 2 * len(self._keys)
        self._keys, self._ids = _zeros(size, "Q"), _zeros(size, "q")
        for key, owner in old:
            if key != self._EMPTY:
                slot = self._slot(key)
                self._keys[slot], self._ids[slot] = key, owner

    def __len__(self) -> int:
        return self._used


def _zeros(n: int, kind: str) -> array[int]:
    return array(kind, bytes(8 * n))


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
