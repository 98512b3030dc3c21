"""The declared encoding of each part, checked against the bytes of its head.

The parser reports bytes that are invalid in the encoding it uses (INVALID_ENCODING,
with line and column). What it cannot see is a declaration that is wrong but still
decodes: a file of UTF-8 bytes declared ISO-8859-1 parses, and every accented letter
comes out garbled ("Ã©" for "é"). That is found here, from the first 64 KiB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Reporter
from ..errors import MigrateError
from ..inputs import Part
from ..source import SafeStream, wide_encoding
from .findings import Findings

_DECLARATION = re.compile(
    rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([\w.:-]+)[\"']"
)
_SINGLE_BYTE = re.compile(r"^(iso[-_]?8859|latin|windows-125|cp125|us-ascii|ascii)", re.I)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


@dataclass(frozen=True, slots=True)
class Encoding:
    part: str
    declared: str | None  # None: no declaration (so UTF-8, or what the BOM says)
    detected: str  # what the bytes are: utf-8, utf-16-le, ..., or 8-bit

    def to_dict(self) -> dict[str, str | None]:
        return {"part": self.part, "declared": self.declared, "bytes": self.detected}


def head_of(part: Part, size: int = 65536) -> bytes | None:
    """The first bytes of a part (decompressed), or None if it cannot be opened."""
    try:
        stream = SafeStream.open(part.open(), part.name, Reporter())
    except MigrateError:
        return None
    try:
        return stream.peek(size)
    except MigrateError:
        return None
    finally:
        stream.close()


def check_part(part: Part, out: Findings) -> Encoding | None:
    head = head_of(part)
    if not head:
        return None
    wide = wide_encoding(head)
    if wide:
        text = head.decode(wide, "replace").lstrip("\ufeff").encode()
        m = _DECLARATION.match(text)
        return Encoding(part.name, m.group(1).decode() if m else None, wide)
    m = _DECLARATION.match(head)
    declared = m.group(1).decode() if m else None
    detected = "utf-8" if _is_utf8(head) else "8-bit"
    fact = Encoding(part.name, declared, detected)
    if declared is None:
        return fact
    if declared.lower().startswith(("utf-16", "utf-32", "ucs")):
        out.add("ENCODING_MISMATCH",
                f"the file declares {declared}, but its bytes are 8-bit text: the declaration "
                "is wrong (it is most likely UTF-8)", line=1, path=part.name)
    elif _SINGLE_BYTE.match(declared) and detected == "utf-8" and _UTF8_MULTIBYTE.search(head):
        out.add("ENCODING_MISMATCH",
                f"the file declares {declared}, but its text is UTF-8: accented letters would "
                "come out garbled ('Ã©' for 'é'); change the declaration to UTF-8",
                line=1, path=part.name)
    return fact


def _is_utf8(head: bytes) -> bool:
    """Whether ``head`` is UTF-8 (a character cut at the end of the window is allowed)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.start >= len(head) - 3
    return True
