"""A shortcode's attribute text, parsed as WordPress's ``shortcode_parse_atts`` does.

Shared by the content engine (which expands shortcodes) and the media scanner (which
only looks for the media they name).
"""

from __future__ import annotations

import re

_ATTR = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)


def parse_attrs(text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """Split a shortcode's attribute text into named (lower-cased) and bare values."""
    text = re.sub("[\u00a0\u200b]+", " ", text)
    text = re.sub("[\u201c\u201d\u2033]", '"', text)
    if text.startswith("="):  # [name=value], e.g. [youtube=https://...]
        return {"": text[1:].strip().strip("\"'")}, ()
    named: dict[str, str] = {}
    bare: list[str] = []
    for m in _ATTR.finditer(text):
        g = m.groups()
        for key, value in ((g[0], g[1]), (g[2], g[3]), (g[4], g[5])):
            if key is not None:
                named[key.lower()] = value or ""
                break
        else:
            bare.append(next(v for v in g[6:] if v is not None))
    return named, tuple(bare)
