"""Compact in-memory indexes: what grows with the number of items, in machine arrays.

A dict of Python ints and strings costs 100 to 500 bytes per entry; an export of a
million items must still fit in bounded memory. These keep each entry in a few
machine words:

- ``IdSet``: post or comment ids as bits (8 MiB covers ids below 64 million), the
  rare large or negative id in a Python set.
- ``FirstOwner``: 64-bit keys (hashes) to the id that first had them, open
  addressing in two arrays, about 32 bytes per key; ``KeySet``: the keys alone.
- ``Strings``: an append-only column of strings, UTF-8 in one buffer.
- ``IdRows``: ids to row numbers, sorted once, found by binary search.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import pairwise

BITMAP_LIMIT = 1 << 26
_INT64 = 1 << 63


def digest64(text: str) -> int:
    """A stable 64-bit digest of ``text`` (BLAKE2b: the same on every run and machine,
    unlike ``hash``), the key ``KeySet`` and ``FirstOwner`` keep instead of the text."""
    data = text.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


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

    def get(self, key: int) -> int | None:
        """The id ``key`` was first added for, or None."""
        key = (key & 0xFFFF_FFFF_FFFF_FFFF) or 1
        slot = self._slot(key)
        return self._ids[slot] if self._keys[slot] == key else None

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


class KeySet:
    """A set of 64-bit keys (hashes): open addressing in one array, 8 bytes a slot.

    ``expected``: how many keys will be added, so the table is made once at its final
    size (growing holds the old and the new table at once)."""

    def __init__(self, expected: int = 0) -> None:
        size = 1024
        while size * 2 < expected * 3:
            size *= 2
        self._keys = _zeros(size, "Q")
        self._used = 0

    def add(self, key: int) -> None:
        key = (key & 0xFFFF_FFFF_FFFF_FFFF) or 1
        slot = self._slot(key)
        if self._keys[slot] == key:
            return
        self._keys[slot] = key
        self._used += 1
        if self._used * 3 > len(self._keys) * 2:
            old = self._keys
            self._keys = _zeros(2 * len(old), "Q")
            for k in old:
                if k:
                    self._keys[self._slot(k)] = k

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, int):
            return False
        key = (key & 0xFFFF_FFFF_FFFF_FFFF) or 1
        return self._keys[self._slot(key)] == key

    def _slot(self, key: int) -> int:
        keys = self._keys
        mask = len(keys) - 1
        slot = key & mask
        while keys[slot] != key and keys[slot]:
            slot = (slot + 1) & mask
        return slot

    def __len__(self) -> int:
        return self._used


class Strings:
    """An append-only column of strings: their UTF-8 in one buffer, ends in an array
    (about 8 bytes per string beyond its text, where a ``str`` object costs 49)."""

    __slots__ = ("_data", "_ends")

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("Q")

    def append(self, text: str) -> int:
        """Add ``text``; its row number."""
        self._data += text.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))
        return len(self._ends) - 1

    def __getitem__(self, row: int) -> str:
        start = self._ends[row - 1] if row else 0
        return self._data[start:self._ends[row]].decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self._ends)

    def permuted(self, order: Iterable[int]) -> Strings:
        """A new column holding row ``order[i]`` at row ``i``."""
        out = Strings()
        for row in order:
            out.append(self[row])
        return out


class IdRows:
    """Distinct ids, sorted once; an id's row is its rank (binary search)."""

    __slots__ = ("_ids",)

    def __init__(self, ids: array[int], order: array[int] | None) -> None:
        """``ids`` taken in ``order``, as :func:`sort_order` gave it (None: in order)."""
        self._ids = array("q", ids if order is None else (ids[r] for r in order))

    def row(self, pid: int) -> int | None:
        """The row of ``pid``, or None if it is not here."""
        ids = self._ids
        at = bisect_left(ids, pid)
        return at if at < len(ids) and ids[at] == pid else None

    def __getitem__(self, row: int) -> int:
        return self._ids[row]

    def __contains__(self, pid: object) -> bool:
        return isinstance(pid, int) and self.row(pid) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def sort_order(ids: array[int]) -> array[int] | None:
    """The rows of ``ids`` in ascending id order; None when they are in order already
    (exports list items by id, so the usual case costs no memory)."""
    if all(a < b for a, b in pairwise(ids)):
        return None
    return array("q", sorted(range(len(ids)), key=ids.__getitem__))
