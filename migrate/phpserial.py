"""Read, check and repair PHP ``serialize()`` values found in WordPress meta fields.

WordPress stores arrays and objects in postmeta, termmeta and commentmeta as the text PHP's
``serialize()`` produces (``a:2:{s:3:"foo";i:1;s:3:"bar";b:0;}``). A string's declared length
``s:N:`` counts UTF-8 *bytes*, so an export whose CRLF newlines became LF, or whose text was
re-encoded or search-and-replaced, no longer parses. This module:

* :func:`looks_serialized` -- a cheap test in the spirit of WordPress's ``is_serialized()``;
* :func:`loads` -- a safe, iterative decoder that never instantiates anything;
* :func:`check` -- ``loads`` as a verdict: ok, or repairable, and why not;
* :func:`repair` -- recompute every string length from the actual content;
* :func:`to_json_text` -- the decoded value as compact JSON, or ``None``.

Decisions:

* Like WordPress's ``maybe_unserialize()``, surrounding whitespace (PHP's ``trim()`` set) is
  ignored; anything else after a complete value is an error.
* An array whose keys are exactly ``0..n-1`` in order becomes a ``list`` (so ``a:0:{}`` is
  ``[]``); any other array a ``dict`` with ``int`` and ``str`` keys as PHP stored them.
* ``O:`` objects become ``{"__class__": name, **properties}`` (property names are kept raw,
  including the NUL-wrapped names PHP uses for private and protected members; a property
  named ``__class__`` cannot override the class). ``C:`` objects become
  ``{"__class__": name, "__data__": payload}`` and PHP 8.1 ``E:`` enum cases
  ``{"__class__": enum, "__case__": case}``.
* References ``r:N;`` / ``R:N;`` resolve to the referenced value when it is a scalar (``None``,
  ``bool``, ``int``, ``float``, ``str``: a copy is indistinguishable), and to the placeholder
  ``{"__ref__": N}`` when it is an array or object, so the result never shares or cycles.
  ``N`` is PHP's 1-based slot number (every value except array keys and ``R:`` gets a slot).
* Error offsets are byte offsets into the UTF-8 encoding of the text.
* :func:`repair` rewrites only length digits (``s:``, ``E:`` and class names), never counts,
  content or ``C:`` payload sizes. Each string may end at any ``";``; it tries first the end
  its declared length gives, then the end that length gives if every LF in the content was a
  CRLF (or every CRLF an LF), then the other ``";`` nearest the declared end, backtracking
  when the rest does not parse. The search is bounded (a step budget proportional to the
  number of tokens, at most 64 alternative ends per string, at most 8 complete parses
  verified) and gives up with ``None``: a multi-megabyte value that cannot be repaired takes
  a few seconds to reject.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, NoReturn

__all__ = [
    "Check",
    "PhpSerializeError",
    "check",
    "loads",
    "looks_serialized",
    "repair",
    "to_json_text",
]

_PHP_WS: Final = " \t\n\r\0\x0b"
_PHP_WS_BYTES: Final = _PHP_WS.encode("ascii")
_INT_MIN: Final = -(2**63)
_INT_MAX: Final = 2**63 - 1
_MAX_DEPTH: Final = 64
_MIN_ENTRY_BYTES: Final = 6  # the shortest key plus value: `i:0;N;`

# Every repetition is bounded, so a failed match gives up after a few bytes.
_UIV: Final = rb"([0-9]{1,19})"
_RE_INT: Final = re.compile(rb"i:([+-]?[0-9]{1,40});")
_RE_BOOL: Final = re.compile(rb"b:([01]);")
_RE_FLOAT: Final = re.compile(
    rb"d:(NAN|-?INF|[+-]?(?:[0-9]{1,400}(?:\.[0-9]{0,400})?|\.[0-9]{1,400})"
    rb"(?:[eE][+-]?[0-9]{1,9})?);"
)
_RE_STRING: Final = re.compile(rb"s:" + _UIV + rb':"')
_RE_ENUM: Final = re.compile(rb"E:" + _UIV + rb':"')
_RE_ARRAY: Final = re.compile(rb"a:" + _UIV + rb":\{")
_RE_CLASS: Final = re.compile(rb"[OC]:" + _UIV + rb':"')
_RE_MEMBERS: Final = re.compile(rb'":' + _UIV + rb":\{")
_RE_REF: Final = re.compile(rb"[rR]:" + _UIV + rb";")

# looks_serialized() works on str and only looks at the head and the tail.
_LOOK_SCALAR: Final = re.compile(
    r"N;|b:[01];|i:[+-]?[0-9]{1,40};"
    r"|d:(?:NAN|-?INF|[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?);"
)
_LOOK_STRING: Final = re.compile(r'[sE]:[0-9]{1,19}:"')
_LOOK_ARRAY: Final = re.compile(r"a:[0-9]{1,19}:\{")
_LOOK_OBJECT: Final = re.compile(r'[OC]:[0-9]{1,19}:"[^"]{1,1024}":[0-9]{1,19}:\{')

# repair() gives up after about (BASE + PER_TOKEN * tokens) parse steps in all, a token being
# roughly one `;` or `}` of the input, trying at most ALTERNATIVES ends per string beyond the
# ones that explain its declared length, and verifying at most CANDIDATES complete parses.
_REPAIR_STEPS_BASE: Final = 10_000
_REPAIR_STEPS_PER_TOKEN: Final = 4
_REPAIR_ALTERNATIVES: Final = 64
_REPAIR_CANDIDATES: Final = 8
_MAX_CLASS_NAME: Final = 1024


class PhpSerializeError(ValueError):
    """A value is not valid PHP ``serialize()`` output, or exceeds a safety limit."""

    def __init__(self, reason: str, offset: int) -> None:
        super().__init__(f"{reason} (at byte {offset})")
        self.reason = reason
        self.offset = offset


@dataclass(frozen=True)
class Check:
    """Verdict on one serialized value.

    ``ok``: :func:`loads` accepts it. ``repairable``: :func:`repair` returns a string
    :func:`loads` accepts (true whenever ``ok``). ``reason``/``offset``: why and where
    :func:`loads` failed (byte offset), ``None`` when ``ok``.
    """

    ok: bool
    repairable: bool
    reason: str | None = None
    offset: int | None = None


# --------------------------------------------------------------------------- shared helpers


def _encode(text: str) -> bytes:
    # surrogatepass keeps lone surrogates encodable; strict decoding later rejects them.
    return text.encode("utf-8", "surrogatepass")


def _bounds(data: bytes) -> tuple[int, int]:
    """The span of ``data`` without PHP ``trim()`` whitespace on either side."""
    start = len(data) - len(data.lstrip(_PHP_WS_BYTES))
    end = len(data.rstrip(_PHP_WS_BYTES))
    return start, max(start, end)


def _fail(reason: str, offset: int) -> NoReturn:
    raise PhpSerializeError(reason, offset)


def _match(
    pattern: re.Pattern[bytes], data: bytes, pos: int, end: int, what: str
) -> re.Match[bytes]:
    found = pattern.match(data, pos, end)
    if found is None:
        _fail(f"malformed {what}" if pos < end else "unexpected end of data", pos)
    return found


def _decode(raw: bytes, offset: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        _fail("invalid UTF-8 in string", offset + err.start)


def _parse_int(digits: bytes, offset: int) -> int:
    value = int(digits)
    if not _INT_MIN <= value <= _INT_MAX:
        _fail("integer out of 64-bit range", offset)
    return value


def _check_count(count: int, pos: int, end: int) -> None:
    if count * _MIN_ENTRY_BYTES + 1 > end - pos:
        _fail(f"declared count {count} exceeds the remaining data", pos)


# --------------------------------------------------------------------------- loads


@dataclass(frozen=True)
class _Target:
    """Slot content for an array or object: references to it become a placeholder."""

    index: int


@dataclass
class _Open:
    """An array or object whose entries are being read."""

    class_name: str | None
    remaining: int
    keys: list[int | str] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    key: int | str | None = None
    has_key: bool = False

    def add(self, value: Any) -> None:
        assert self.key is not None
        self.keys.append(self.key)
        self.values.append(value)
        self.key, self.has_key = None, False
        self.remaining -= 1

    def build(self) -> Any:
        if self.class_name is None:
            if all(key == index for index, key in enumerate(self.keys)):
                return self.values
            return dict(zip(self.keys, self.values, strict=True))
        obj: dict[int | str, Any] = {"__class__": self.class_name}
        for key, value in zip(self.keys, self.values, strict=True):
            if key != "__class__":
                obj[key] = value
        return obj


_SCALAR_TYPES: Final = (type(None), bool, int, float, str)


class _Reader:
    """Iterative decoder over ``data[:end]``: nesting lives on a list, not the call stack."""

    def __init__(self, data: bytes, end: int, max_depth: int, max_items: int) -> None:
        self.data = data
        self.end = end
        self.max_depth = max_depth
        self.max_items = max_items
        self.items = 0
        self.slots: list[Any] = []
        self.readers: dict[int, Callable[[int], tuple[Any, int]]] = {
            ord("N"): self._null,
            ord("b"): self._bool,
            ord("i"): self._int,
            ord("d"): self._float,
            ord("s"): self._string,
            ord("a"): self._array,
            ord("O"): self._object,
            ord("C"): self._custom,
            ord("E"): self._enum,
        }

    def read(self, pos: int) -> Any:
        stack: list[_Open] = []
        while True:
            top = stack[-1] if stack else None
            if top is not None and not top.has_key:
                if top.remaining > 0:
                    top.key, pos = self._key(pos)
                    top.has_key = True
                    continue
                pos = self._expect(pos, b"}")
                stack.pop()
                value = top.build()
            else:
                value, pos = self._value(pos)
                if isinstance(value, _Open):
                    if len(stack) >= self.max_depth:
                        _fail(f"nesting deeper than {self.max_depth}", pos)
                    stack.append(value)
                    continue
            if not stack:
                if pos != self.end:
                    _fail("trailing data after value", pos)
                return value
            stack[-1].add(value)

    def _expect(self, pos: int, token: bytes) -> int:
        if not self.data.startswith(token, pos) or pos + len(token) > self.end:
            _fail(f"expected {token.decode()!r}", pos)
        return pos + len(token)

    def _peek(self, pos: int) -> int:
        if pos >= self.end:
            _fail("unexpected end of data", pos)
        return self.data[pos]

    def _key(self, pos: int) -> tuple[int | str, int]:
        tag = self._peek(pos)
        if tag == ord("i"):
            return self._int(pos)
        if tag == ord("s"):
            return self._string(pos)
        _fail("array key must be an integer or a string", pos)

    def _value(self, pos: int) -> tuple[Any, int]:
        tag = self._peek(pos)
        if tag in b"rR":
            return self._reference(pos)
        reader = self.readers.get(tag)
        if reader is None:
            _fail(f"unknown type {chr(tag)!r}", pos)
        self.slots.append(_Target(len(self.slots) + 1))
        index = len(self.slots) - 1
        value, pos = reader(pos)
        if isinstance(value, _SCALAR_TYPES):
            self.slots[index] = value
        return value, pos

    def _reference(self, pos: int) -> tuple[Any, int]:
        found = _match(_RE_REF, self.data, pos, self.end, "reference")
        number = int(found[1])
        if not 1 <= number <= len(self.slots):
            _fail(f"reference to unknown value {number}", pos)
        target = self.slots[number - 1]
        if self.data[pos] == ord("r"):  # r: takes a slot of its own, R: does not
            self.slots.append(target)
        if isinstance(target, _Target):
            return {"__ref__": target.index}, found.end()
        return target, found.end()

    def _null(self, pos: int) -> tuple[Any, int]:
        return None, self._expect(pos, b"N;")

    def _bool(self, pos: int) -> tuple[Any, int]:
        found = _match(_RE_BOOL, self.data, pos, self.end, "boolean")
        return found[1] == b"1", found.end()

    def _int(self, pos: int) -> tuple[int, int]:
        found = _match(_RE_INT, self.data, pos, self.end, "integer")
        return _parse_int(found[1], pos), found.end()

    def _float(self, pos: int) -> tuple[Any, int]:
        found = _match(_RE_FLOAT, self.data, pos, self.end, "float")
        return float(found[1]), found.end()  # _RE_FLOAT admits only forms PHP reads alike

    def _take(self, pos: int, length: int, closer: bytes) -> tuple[bytes, int]:
        """``length`` raw bytes at ``pos``, which ``closer`` must follow."""
        stop = pos + length
        if stop + len(closer) > self.end:
            _fail(f"declared length {length} runs past the end of the data", pos)
        if not self.data.startswith(closer, stop):
            _fail(f"declared length {length} does not end at {closer.decode()!r}", stop)
        return self.data[pos:stop], stop + len(closer)

    def _string(self, pos: int) -> tuple[str, int]:
        found = _match(_RE_STRING, self.data, pos, self.end, "string")
        raw, after = self._take(found.end(), int(found[1]), b'";')
        return _decode(raw, found.end()), after

    def _enum(self, pos: int) -> tuple[Any, int]:
        found = _match(_RE_ENUM, self.data, pos, self.end, "enum")
        raw, after = self._take(found.end(), int(found[1]), b'";')
        name, colon, case = _decode(raw, found.end()).partition(":")
        if not (name and colon and case):
            _fail("enum value must be 'Class:Case'", found.end())
        return {"__class__": name, "__case__": case}, after

    def _class_head(self, pos: int) -> tuple[str, int, int]:
        """``O:N:"name":count:{`` or the ``C:`` equivalent: name, count, position after ``{``."""
        found = _match(_RE_CLASS, self.data, pos, self.end, "object")
        length = int(found[1])
        if length == 0:
            _fail("empty class name", found.end())
        raw, after = self._take(found.end(), length, b'"')
        members = _match(_RE_MEMBERS, self.data, after - 1, self.end, "object header")
        return _decode(raw, found.end()), int(members[1]), members.end()

    def _reserve(self, count: int, pos: int) -> None:
        _check_count(count, pos, self.end)
        self.items += count
        if self.items > self.max_items:
            _fail(f"more than {self.max_items} items", pos)

    def _array(self, pos: int) -> tuple[Any, int]:
        found = _match(_RE_ARRAY, self.data, pos, self.end, "array")
        count = int(found[1])
        self._reserve(count, found.end())
        return _Open(None, count), found.end()

    def _object(self, pos: int) -> tuple[Any, int]:
        name, count, after = self._class_head(pos)
        self._reserve(count, after)
        return _Open(name, count), after

    def _custom(self, pos: int) -> tuple[Any, int]:
        name, length, after = self._class_head(pos)
        raw, after = self._take(after, length, b"}")
        return {"__class__": name, "__data__": _decode(raw, after - 1 - length)}, after


def loads(text: str, *, max_depth: int = _MAX_DEPTH, max_items: int = 1_000_000) -> Any:
    """Decode one PHP-serialized value; raise :class:`PhpSerializeError` if it is not one.

    Never instantiates anything. ``max_depth`` bounds array/object nesting, ``max_items``
    the total number of array/object entries declared.
    """
    if not isinstance(text, str):
        raise TypeError(f"loads() expects str, not {type(text).__name__}")
    data = _encode(text)
    start, end = _bounds(data)
    value = _quick(data[start:end], max_depth, max_items)
    if value is _DEFER:
        value = _Reader(data, end, max_depth, max_items).read(start)
    return value


# The common case (arrays of strings, ints, floats, booleans and nulls, all well-formed)
# read from one regex pass over the whole value (``findall``: the tokenizing runs in C);
# anything else, or any doubt, is left to _Reader, which also says precisely what is
# wrong. Both give the same value for what both read. A string's text is taken up to
# the first '";' and must be exactly its declared length: a string holding '";' comes
# out short, and goes to _Reader.
_QUICK: Final = re.compile(
    rb'(s:([0-9]{1,19}):"(.*?)";|i:([+-]?[0-9]{1,40});|a:([0-9]{1,19}):\{|\}|b:([01]);|N;'
    rb"|d:(NAN|-?INF|[+-]?(?:[0-9]{1,400}(?:\.[0-9]{0,400})?|\.[0-9]{1,400})"
    rb"(?:[eE][+-]?[0-9]{1,9})?);)",
    re.DOTALL,
)
_DEFER: Final = object()
_NO_KEY: Final = object()


def _quick(data: bytes, max_depth: int, max_items: int) -> Any:
    """``data`` decoded if it is simple and well-formed, else ``_DEFER``."""
    tokens = _QUICK.findall(data)
    if sum(len(t[0]) for t in tokens) != len(data):  # something between tokens
        return _DEFER
    stack: list[list[Any]] = []  # per open array: [keys, values, remaining, pending key]
    items, last = 0, len(tokens) - 1
    for n, (whole, length, text, integer, count, boolean, number) in enumerate(tokens):
        keyable = False
        if length:  # s:N:"...";
            if len(text) != int(length):
                return _DEFER
            try:
                value: Any = text.decode("utf-8")
            except UnicodeDecodeError:
                return _DEFER
            keyable = True
        elif integer:
            value = int(integer)
            if not _INT_MIN <= value <= _INT_MAX:
                return _DEFER
            keyable = True
        elif count:  # a:N:{
            items += int(count)
            key_expected = bool(stack) and stack[-1][3] is _NO_KEY
            if len(stack) >= max_depth or items > max_items or key_expected:
                return _DEFER
            stack.append([[], [], int(count), _NO_KEY])
            continue
        elif whole == b"}":
            if not stack or stack[-1][2] or stack[-1][3] is not _NO_KEY:
                return _DEFER
            keys, values, _, _ = stack.pop()
            listed = all(k == i for i, k in enumerate(keys))
            value = values if listed else dict(zip(keys, values, strict=True))
        elif boolean:
            value = boolean == b"1"
        elif whole == b"N;":
            value = None
        else:
            value = float(number)
        if not stack:
            return value if n == last else _DEFER
        top = stack[-1]
        if top[3] is _NO_KEY:  # this value is a key
            if not keyable or not top[2]:
                return _DEFER
            top[3] = value
        else:
            top[0].append(top[3])
            top[1].append(value)
            top[2] -= 1
            top[3] = _NO_KEY
    return _DEFER


# --------------------------------------------------------------------------- repair


@dataclass(frozen=True)
class _Level:
    """One open container while repairing (immutable, so backtracking just restores it)."""

    remaining: int
    want_key: bool
    keyed: bool
    depth: int
    parent: _Level | None

    def after_key(self) -> _Level:
        return _Level(self.remaining, False, self.keyed, self.depth, self.parent)

    def after_value(self) -> _Level:
        return _Level(self.remaining - 1, self.keyed, self.keyed, self.depth, self.parent)


@dataclass
class _Choice:
    """Where a string may end, at some ``";``: first the stops that explain the declared length
    (exactly, or with every LF counted as a former CRLF, or every CRLF as a former LF), then
    every other ``";`` nearest the declared end first."""

    after: _Level
    spans: int
    content: int
    digits: tuple[int, int]
    target: int
    lo: int
    hi: int
    lo_min: int
    preferred: list[int]
    skip: tuple[int, ...]
    alternatives: int = _REPAIR_ALTERNATIVES


class _Repairer:
    """Re-parse left to right, letting each string end at any ``";``, with bounded backtracking.

    Yields each complete parse as text with every ``s:``/``E:`` length and class-name length
    rewritten to the byte length actually found; the caller verifies it with :func:`loads`.
    """

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self.data = data
        self.end = end
        self.ends = _closing_quotes(data, start, end)
        self.pos = start
        self.level: _Level = _Level(1, False, False, 0, None)
        self.spans: list[tuple[int, int, int]] = []
        self.choices: list[_Choice] = []
        self.tokens = 1 + data.count(b";", start, end) + data.count(b"}", start, end)
        self.budget = _REPAIR_STEPS_BASE + _REPAIR_STEPS_PER_TOKEN * self.tokens

    def candidates(self) -> Iterator[str]:
        while self.budget > 0:
            self.budget -= 1
            try:
                done = self._step()
            except PhpSerializeError:
                done = False
                if not self._backtrack():
                    return
            if done:
                yield self._render()
                self.budget -= self.tokens  # the caller's verification reads it all again
                if not self._backtrack():
                    return

    def _step(self) -> bool:
        level = self.level
        if level.remaining == 0:
            if level.parent is None:
                if self.pos != self.end:
                    _fail("trailing data after value", self.pos)
                return True
            self._expect(b"}")
            self.level = level.parent
        elif level.want_key:
            self._key(level)
        else:
            self._value(level)
        return False

    def _expect(self, token: bytes) -> None:
        if self.pos + len(token) > self.end or not self.data.startswith(token, self.pos):
            _fail(f"expected {token.decode()!r}", self.pos)
        self.pos += len(token)

    def _token(self, pattern: re.Pattern[bytes], what: str) -> re.Match[bytes]:
        found = _match(pattern, self.data, self.pos, self.end, what)
        self.pos = found.end()
        return found

    def _key(self, level: _Level) -> None:
        tag = self.data[self.pos] if self.pos < self.end else -1
        if tag == ord("i"):
            self._token(_RE_INT, "integer")
            self.level = level.after_key()
        elif tag == ord("s"):
            self._string(_RE_STRING, level.after_key())
        else:
            _fail("array key must be an integer or a string", self.pos)

    def _value(self, level: _Level) -> None:
        tag = self.data[self.pos] if self.pos < self.end else -1
        after = level.after_value()
        if tag in (ord("s"), ord("E")):
            self._string(_RE_STRING if tag == ord("s") else _RE_ENUM, after)
            return
        if tag == ord("a"):
            count = int(self._token(_RE_ARRAY, "array")[1])
            self._open(count, after)
            return
        if tag in (ord("O"), ord("C")):
            count = self._class_head()
            if tag == ord("O"):
                self._open(count, after)
                return
            self.pos += count
            self._expect(b"}")
        else:
            self._scalar(tag)
        self.level = after

    def _scalar(self, tag: int) -> None:
        if tag == ord("N"):
            self._expect(b"N;")
            return
        patterns = {ord("b"): _RE_BOOL, ord("i"): _RE_INT, ord("d"): _RE_FLOAT}
        pattern = patterns.get(tag, _RE_REF)
        self._token(pattern, "value")

    def _open(self, count: int, after: _Level) -> None:
        _check_count(count, self.pos, self.end)
        if after.depth >= _MAX_DEPTH:
            _fail("nesting too deep", self.pos)
        self.level = _Level(count, True, True, after.depth + 1, after)

    def _class_head(self) -> int:
        """Read ``O:N:"name":count:{`` fixing N from the name; return count (C: payload size)."""
        head = self._token(_RE_CLASS, "object")
        stop = self.data.find(b'":', self.pos, min(self.end, self.pos + _MAX_CLASS_NAME))
        if stop <= self.pos:
            _fail("malformed class name", self.pos)
        self.spans.append((head.start(1), head.end(1), stop - self.pos))
        self.pos = stop
        return int(self._token(_RE_MEMBERS, "object header")[1])

    def _string(self, pattern: re.Pattern[bytes], after: _Level) -> None:
        head = self._token(pattern, "string")
        content = self.pos
        declared = int(head[1])
        target = content + declared
        hi = bisect_left(self.ends, target)
        preferred = [
            stop
            for stop in dict.fromkeys(
                (target, self._lf_stop(content, declared), self._crlf_stop(content, declared))
            )
            if self._is_end(stop)
        ]
        choice = _Choice(
            after=after,
            spans=len(self.spans),
            content=content,
            digits=head.span(1),
            target=target,
            lo=hi - 1,
            hi=hi,
            lo_min=bisect_left(self.ends, content),
            preferred=preferred,
            skip=tuple(preferred),
        )
        if not self._advance(choice):
            _fail("string has no closing '\";'", content)
        self.choices.append(choice)

    def _is_end(self, stop: int) -> bool:
        index = bisect_left(self.ends, stop)
        return index < len(self.ends) and self.ends[index] == stop

    def _lf_stop(self, content: int, declared: int) -> int:
        """The end at which ``declared`` counts each LF of the content as two bytes, or -1."""
        newlines, pos = 0, content
        while True:
            stop = content + declared - newlines
            if stop < pos:
                return -1
            found = self.data.find(b"\n", pos, min(stop, self.end))
            if found < 0:
                self.budget -= (min(stop, self.end) - content) // 32
                return stop
            newlines, pos = newlines + 1, found + 1

    def _crlf_stop(self, content: int, declared: int) -> int:
        """The end at which ``declared`` counts each CRLF of the content as one byte, or -1."""
        pairs, pos = 0, content
        while True:
            stop = content + declared + pairs
            if stop > self.end:
                self.budget -= (self.end - content) // 32
                return -1
            found = self.data.find(b"\r\n", pos, stop)
            if found < 0:
                self.budget -= (stop - content) // 32
                return stop
            pairs, pos = pairs + 1, found + 2

    def _next_stop(self, choice: _Choice) -> int:
        if choice.preferred:
            return choice.preferred.pop(0)
        while choice.alternatives > 0:
            left = choice.lo >= choice.lo_min
            right = choice.hi < len(self.ends)
            if not (left or right):
                return -1
            target = choice.target
            if right and (
                not left or self.ends[choice.hi] - target < target - self.ends[choice.lo]
            ):
                stop = self.ends[choice.hi]
                choice.hi += 1
            else:
                stop = self.ends[choice.lo]
                choice.lo -= 1
            if stop not in choice.skip:
                choice.alternatives -= 1
                return stop
        return -1

    def _advance(self, choice: _Choice) -> bool:
        """End ``choice``'s string at its next candidate; False when none are left."""
        stop = self._next_stop(choice)
        if stop < 0:
            return False
        del self.spans[choice.spans :]
        self.spans.append((choice.digits[0], choice.digits[1], stop - choice.content))
        self.pos = stop + 2
        self.level = choice.after
        return True

    def _backtrack(self) -> bool:
        while self.choices:
            if self._advance(self.choices[-1]):
                return True
            self.choices.pop()
        return False

    def _render(self) -> str:
        out = bytearray()
        done = 0
        for first, last, length in self.spans:
            out += self.data[done:first]
            out += str(length).encode("ascii")
            done = last
        out += self.data[done:]
        return out.decode("utf-8", "surrogatepass")


def _closing_quotes(data: bytes, start: int, end: int) -> list[int]:
    """Every position in ``data[start:end]`` where ``";`` begins, in order."""
    found: list[int] = []
    pos = data.find(b'";', start, end)
    while pos >= 0:
        found.append(pos)
        pos = data.find(b'";', pos + 1, end)
    return found


def _repair_broken(text: str) -> str | None:
    data = _encode(text)
    start, end = _bounds(data)
    for tried, candidate in enumerate(_Repairer(data, start, end).candidates()):
        if tried >= _REPAIR_CANDIDATES:
            break
        try:
            loads(candidate)
        except PhpSerializeError:
            continue
        return candidate
    return None


# --------------------------------------------------------------------------- public helpers


def looks_serialized(text: str) -> bool:
    """Whether ``text`` has the shape of a serialized value (cheap; does not validate it)."""
    data = text.strip(_PHP_WS)
    if len(data) < 2 or (data != "N;" and data[1:2] != ":"):
        return False
    tag = data[0]
    if tag in "sE":
        return _LOOK_STRING.match(data) is not None and data.endswith('";')
    if tag == "a":
        return _LOOK_ARRAY.match(data) is not None and data.endswith("}")
    if tag in "OC":
        return _LOOK_OBJECT.match(data) is not None and data.endswith("}")
    return _LOOK_SCALAR.fullmatch(data) is not None


def check(text: str) -> Check:
    """Whether ``text`` decodes, and if not whether :func:`repair` can fix it. Never raises."""
    try:
        loads(text)
    except PhpSerializeError as err:
        repairable = _repair_broken(text) is not None
        return Check(ok=False, repairable=repairable, reason=err.reason, offset=err.offset)
    return Check(ok=True, repairable=True)


def repair(text: str) -> str | None:
    """``text`` with every string length recomputed from its content, or ``None``.

    A value :func:`loads` already accepts comes back unchanged. Otherwise each string may end
    at any ``";`` (the one at its declared length first, then one that length explains as
    CRLF->LF or LF->CRLF damage, then the nearest), backtracking when the rest does not
    parse; the work is bounded and gives up with ``None``. Only length digits change, so
    newline, re-encoding and search-and-replace damage are fixed while the content is kept
    as found (LF stays LF). Never raises.
    """
    try:
        loads(text)
    except PhpSerializeError:
        return _repair_broken(text)
    return text


def to_json_text(text: str) -> str | None:
    """The decoded value as compact JSON (INF/NAN as ``null``), or ``None``. Never raises."""
    if not looks_serialized(text):
        return None
    try:
        value = loads(text)
    except PhpSerializeError:
        return None
    return json.dumps(_json_safe(value), ensure_ascii=False, separators=(",", ":"))


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    return value
