"""A fast path for the YAML the Markdown writer emits, byte-identical to PyYAML's.

Front matter and ``comments.yaml`` hold plain data: mappings with string keys,
lists, strings, whole numbers, booleans, null and timestamps. PyYAML's pure-Python
emitter spends most of a Markdown conversion's non-HTML time analysing such
scalars; :func:`dump` writes the same bytes directly. It mirrors PyYAML's rules
(``Emitter.analyze_scalar`` and ``choose_scalar_style``, block indentation) for the
styles our data needs: plain, single-quoted and literal (``|``, ``|-``, ``|2-``).
Strings with special characters (tabs, control characters) get its double-quoted style.
Anything else (line separators, floats, odd keys, ``|+`` blocks, literal blocks with
trailing spaces) makes :func:`dump` return ``None`` and the caller uses PyYAML itself.
``tests/markdown/test_yamlfast.py`` checks the two agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

# Characters PyYAML writes as they are (with allow_unicode); anything else, and the
# line separators it treats as breaks (\x85, \u2028, \u2029), sends us to PyYAML.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                      "\U00010000-\U0010fffe]")
# Characters that make PyYAML choose double quotes (its "special characters").
_SPECIAL = re.compile("[^\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                      "\U00010000-\U0010fffe]")
# What its double-quoted style escapes, and how (the rest as \xXX, \uXXXX, \UXXXXXXXX).
_DOUBLE_QUOTED_ESCAPE = re.compile('["\\\\\x85\u2028\u2029\ufeff]'
                                   "|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]")
_ESCAPES = {"\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v",
            "\x0c": "f", "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N",
            "\u2028": "L", "\u2029": "P"}
_MAX_DOUBLE_QUOTED = 50_000  # far below the width (a million) where PyYAML would fold
# Indicators that stop a single-line string from being written plain.
_LEADING_INDICATOR = frozenset("#,[]{}&*!|>'\"%@`")
_INNER_INDICATOR = re.compile(r": | #|:$")
_MAX_KEY = 100  # PyYAML writes long keys (over ~120 characters) as "? " complex keys

Resolve = Callable[[str], str]


class _Unsupported(Exception):
    """A value this fast path does not write; PyYAML must."""


def dump(data: Any, resolve: Resolve, number_like: Callable[[str], bool]) -> str | None:
    """``data`` as PyYAML's block-style YAML, or ``None`` when PyYAML must write it.

    ``resolve`` gives the tag a plain scalar would be read as (the dumper's implicit
    resolvers); ``number_like`` says which strings the caller's representer forces
    into single quotes.
    """
    out: list[str] = []
    try:
        if isinstance(data, dict) and data:
            _mapping(data, 0, out, _Scalars(resolve, number_like), first_inline=False)
        elif isinstance(data, list) and data:
            _sequence(data, 0, out, _Scalars(resolve, number_like), first_inline=False)
        else:
            return None
    except _Unsupported:
        return None
    return "".join(out)


# Rendered keys by (resolve, number_like): front matter repeats a few dozen keys.
_KEYS: dict[tuple[Resolve, Callable[[str], bool]], dict[str, str]] = {}
_MAX_KEYS = 4096


class _Scalars:
    """Writes one scalar in the style PyYAML would choose for it."""

    def __init__(self, resolve: Resolve, number_like: Callable[[str], bool]) -> None:
        self.resolve = resolve
        self.number_like = number_like
        self._keys = _KEYS.setdefault((resolve, number_like), {})

    def value(self, value: Any, indent: int) -> str:
        """The scalar after ``key:`` or ``-``: a leading space, the text, no newline."""
        if value is None:
            return " null"
        if value is True or value is False:
            return " true" if value else " false"
        if type(value) is int:
            return f" {value}"
        if isinstance(value, datetime):
            text = value.isoformat()
            if self.resolve(text) != "tag:yaml.org,2002:timestamp":
                raise _Unsupported
            return " " + text
        if isinstance(value, str):
            return " " + self.string(value, indent)
        raise _Unsupported

    def string(self, text: str, indent: int) -> str:
        if _UNUSUAL.search(text):
            if _SPECIAL.search(text) is None:
                raise _Unsupported  # only line separators (\x85, \u2028...): PyYAML decides
            return _double_quoted(text)
        if "\n" in text:
            return _literal(text, indent)
        if self.number_like(text):
            return _single_quoted(text)
        if _plain_allowed(text) and self.resolve(text) == "tag:yaml.org,2002:str":
            return text
        return _single_quoted(text)

    def key(self, key: Any) -> str:
        done = self._keys.get(key) if type(key) is str else None
        if done is not None:
            return done
        if (not isinstance(key, str) or not key or len(key) > _MAX_KEY or "\n" in key
                or _UNUSUAL.search(key)):
            raise _Unsupported
        text = self.string(key, 0)
        if len(self._keys) >= _MAX_KEYS:  # keys from meta or taxonomies may be many
            self._keys.clear()
        self._keys[key] = text
        return text


def _plain_allowed(text: str) -> bool:
    """PyYAML's ``allow_block_plain`` for a non-empty one-line string of usual characters."""
    if not text or text[0] == " " or text[-1] == " " or text.startswith(("---", "...")):
        return False
    first = text[0]
    if first in _LEADING_INDICATOR:
        return False
    if first in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    return _INNER_INDICATOR.search(text, 1) is None


def _double_quoted(text: str) -> str:
    """PyYAML's double-quoted style (its choice for text with special characters: tabs,
    control characters...), escapes as its ``write_double_quoted`` writes them. Long
    text is left to PyYAML, which may fold it."""
    if len(text) > _MAX_DOUBLE_QUOTED:
        raise _Unsupported
    return '"' + _DOUBLE_QUOTED_ESCAPE.sub(_escape, text) + '"'


def _escape(m: re.Match[str]) -> str:
    char = m.group()
    named = _ESCAPES.get(char)
    if named is not None:
        return "\\" + named
    n = ord(char)
    return f"\\x{n:02X}" if n <= 0xFF else f"\\u{n:04X}" if n <= 0xFFFF else f"\\U{n:08X}"


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _literal(text: str, indent: int) -> str:
    """A ``|`` block scalar whose lines sit ``indent + 2`` spaces in."""
    if text.endswith(" ") or " \n" in text:
        raise _Unsupported  # PyYAML double-quotes these
    hints = "2" if text[0] in " \n" else ""
    if not text.endswith("\n"):
        hints += "-"
    elif len(text) == 1 or text[-2] == "\n":
        raise _Unsupported  # "|+" makes PyYAML end the document with "..."
    pad = " " * (indent + 2)
    lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
    return "|" + hints + "\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in lines)


def _node(value: Any, indent: int, out: list[str], scalars: _Scalars, *, in_mapping: bool
          ) -> None:
    """A value after ``key:`` (``in_mapping``) or after ``-``, with its line end."""
    if isinstance(value, dict):
        if not value:
            out.append(" {}\n")
        elif in_mapping:
            out.append("\n")
            _mapping(value, indent + 2, out, scalars, first_inline=False)
        else:
            out.append(" ")
            _mapping(value, indent + 2, out, scalars, first_inline=True)
    elif isinstance(value, list):
        if not value:
            out.append(" []\n")
        elif in_mapping:  # PyYAML's indentless sequence
            out.append("\n")
            _sequence(value, indent, out, scalars, first_inline=False)
        else:
            out.append(" ")
            _sequence(value, indent + 2, out, scalars, first_inline=True)
    else:
        text = scalars.value(value, indent)
        out.append(text if text.endswith("\n") else text + "\n")


def _mapping(data: dict[Any, Any], indent: int, out: list[str], scalars: _Scalars, *,
             first_inline: bool) -> None:
    for n, (key, value) in enumerate(data.items()):
        if n or not first_inline:
            out.append(" " * indent)
        out.append(scalars.key(key) + ":")
        _node(value, indent, out, scalars, in_mapping=True)


def _sequence(items: list[Any], indent: int, out: list[str], scalars: _Scalars, *,
              first_inline: bool) -> None:
    for n, item in enumerate(items):
        if n or not first_inline:
            out.append(" " * indent)
        out.append("-")
        _node(item, indent, out, scalars, in_mapping=False)
