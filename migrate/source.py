"""Opening an export safely: clear errors for unusable inputs, and a byte filter.

``SafeStream`` wraps the raw file for lxml. It drops the C0 control characters that
XML 1.0 forbids (U+0000-U+001F except tab, newline, return), which real exports
often contain and which make every strict parser give up, and records each one's
line and column as a warning. Control bytes never occur inside a multi-byte UTF-8
sequence, so dropping them cannot corrupt other text. ``sniff`` looks at the first
bytes to refuse what is not an XML export before parsing starts.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import IO

from .diagnostics import Reporter
from .errors import InputError, NotWxrError, UnsafeXmlError, XmlSyntaxError

CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13))
_CONTROL_RE = re.compile(b"[" + re.escape(CONTROL) + b"]")
MAX_REPORTED = 1000
HEAD = 65536


class MissingInputError(InputError):
    """The input path does not exist."""


def open_path(path: Path, name: str) -> IO[bytes]:
    """Open a file for reading, turning every OS failure into a one-line InputError."""
    if not path.exists():
        raise MissingInputError("no such file", path=name)
    if path.is_dir():
        raise InputError("is a directory, not an export file", path=name)
    try:
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None


class SafeStream:
    """A read-only byte stream for lxml that filters and reports control characters."""

    def __init__(self, raw: IO[bytes], name: str, report: Reporter) -> None:
        self._raw = raw
        self.name = name
        self.report = report
        self._pending = b""
        self._line = 1
        self._tail = 0  # bytes after the last newline read so far (for columns)
        self._dropped = 0
        self.filter = True
        self.consumed = 0

    @classmethod
    def open(cls, source: str | Path | IO[bytes], name: str, report: Reporter) -> SafeStream:
        raw = open_path(Path(source), name) if isinstance(source, (str, Path)) else source
        try:
            magic = _peek(raw, 2)
        except OSError as exc:
            raw.close()
            raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None
        if magic == b"\x1f\x8b":
            raw = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
        return cls(raw, name, report)

    def peek(self, size: int = HEAD) -> bytes:
        """The first ``size`` bytes, filtered, without consuming them."""
        while len(self._pending) < size:
            chunk = self._read_raw(size - len(self._pending))
            if not chunk:
                break
            self._pending += chunk
        return self._pending[:size]

    def read(self, size: int = -1) -> bytes:
        if self._pending:
            if size < 0 or size >= len(self._pending):
                data, self._pending = self._pending, b""
                if size >= 0:
                    return data
                return data + self._read_raw(-1)
            data, self._pending = self._pending[:size], self._pending[size:]
            return data
        return self._read_raw(size)

    def _read_raw(self, size: int) -> bytes:
        try:
            chunk = self._raw.read(size)
        except (OSError, EOFError) as exc:
            raise InputError(f"cannot read: {exc}", path=self.name) from None
        self.consumed += len(chunk)
        if not chunk or not self.filter:
            return chunk
        cleaned = chunk.translate(None, CONTROL)
        if len(cleaned) != len(chunk):
            self._note_controls(chunk)
        self._line += chunk.count(b"\n")
        nl = chunk.rfind(b"\n")
        self._tail = len(chunk) - nl - 1 if nl >= 0 else self._tail + len(chunk)
        return cleaned

    def _note_controls(self, chunk: bytes) -> None:
        line = self._line
        last_nl = -1
        pos = 0
        for m in _CONTROL_RE.finditer(chunk):
            line += chunk.count(b"\n", pos, m.start())
            last_nl = chunk.rfind(b"\n", 0, m.start())
            pos = m.start()
            self._dropped += 1
            if self._dropped <= MAX_REPORTED:
                column = m.start() - last_nl if last_nl >= 0 else self._tail + m.start() + 1
                self.report.warn(
                    "ILLEGAL_CONTROL_CHAR",
                    f"dropped control character U+{m.group()[0]:04X}, which XML forbids",
                    line=line,
                    column=column,
                )
            elif self._dropped == MAX_REPORTED + 1:
                self.report.warn(
                    "ILLEGAL_CONTROL_CHAR",
                    f"more control characters dropped; only the first {MAX_REPORTED} are listed",
                    line=line,
                )

    @property
    def dropped(self) -> int:
        return self._dropped

    def close(self) -> None:
        self._raw.close()


def _peek(raw: IO[bytes], n: int) -> bytes:
    peek = getattr(raw, "peek", None)
    if peek is not None:
        return bytes(peek(n)[:n])
    if raw.seekable():
        pos = raw.tell()
        data = raw.read(n)
        raw.seek(pos)
        return data
    return b""


_PROLOG = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL
)
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")


def sniff(stream: SafeStream, name: str) -> None:
    """Refuse, before parsing, inputs that cannot be a WXR export."""
    head = stream.peek()
    if not head.strip():
        raise InputError("empty file: there is nothing to read", path=name)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        stream.filter = False  # UTF-16: control bytes are part of characters
        return
    if head.startswith(b"PK\x03\x04"):
        raise InputError("is a zip archive; pass it as an input to convert or batch", path=name)
    if b"\x00" in head[:4096]:
        raise InputError("not an XML file (binary data)", path=name)
    rest = head[_PROLOG.match(head).end() :]  # type: ignore[union-attr]
    if not rest:
        return  # the prolog is longer than the sniffed head: let the parser judge
    if rest.startswith(b"<!DOCTYPE"):
        line = head[: len(head) - len(rest)].count(b"\n") + 1
        raise UnsafeXmlError(
            "refused: the export declares a DOCTYPE (a WXR export never has one; "
            "DTDs and entities could read local files or expand without bound)",
            path=name,
            line=line,
        )
    root = _ROOT.match(rest)
    if root is None:
        preview = rest[:40].decode("utf-8", "replace").splitlines()[0] if rest else ""
        raise XmlSyntaxError(f"not an XML file: it starts with {preview!r}", path=name, line=1)
    tag = root.group(1).decode("ascii", "replace")
    if tag != "rss":
        line = head[: len(head) - len(rest)].count(b"\n") + 1
        raise NotWxrError(
            f"not a WordPress export: the root element is <{tag}>, not <rss>",
            path=name,
            line=line,
        )

