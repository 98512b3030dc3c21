"""Opening an export safely: clear errors for unusable inputs, and a byte filter.

``SafeStream`` wraps the raw file for lxml. It drops the C0 control characters that
XML 1.0 forbids (U+0000-U+001F except tab, newline, return), which real exports
often contain and which make every strict parser give up, and records each one's
line and column as a warning. Control bytes never occur inside a multi-byte UTF-8
sequence, so dropping them cannot corrupt other text. It also notes where the last
``</item>`` ends and whether the input stops before ``</rss>`` (a cut file).
``sniff`` looks at the first raw bytes to refuse what is not an XML export before
parsing starts. Error classes carry the stable ``code`` that ``validate`` reports.
"""

from __future__ import annotations

import gzip
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO

from .diagnostics import Reporter
from .errors import InputError, NotWxrError, UnsafeXmlError, XmlSyntaxError

CONTROL = bytes(b for b in range(32) if b not in (9, 10, 13))
_CONTROL_RE = re.compile(b"[" + re.escape(CONTROL) + b"]")
MAX_REPORTED = 1000
HEAD = 65536
TAIL = 4096
_ROOT_END = re.compile(rb"</rss\s*>\Z")


class MissingInputError(InputError):
    """The input path does not exist."""

    code = "FILE_NOT_FOUND"


class UnreadableInputError(InputError):
    """The input exists but cannot be read (a folder, no permission, an I/O error)."""

    code = "UNREADABLE"


class EmptyInputError(InputError):
    """The input holds nothing but whitespace."""

    code = "EMPTY_FILE"


class BinaryInputError(InputError):
    """The input is binary data, not text."""

    code = "BINARY_FILE"


class ZipInputError(InputError):
    """A zip archive that cannot be read, or holds no export."""

    code = "ZIP_INVALID"


class NotXmlError(XmlSyntaxError):
    """The input is text, but does not start like an XML document."""

    code = "NOT_XML"


def open_path(path: Path, name: str) -> IO[bytes]:
    """Open a file for reading, turning every OS failure into a one-line InputError."""
    if not path.exists():
        raise MissingInputError("no such file", path=name)
    if path.is_dir():
        raise UnreadableInputError("is a directory, not an export file", path=name)
    try:
        return path.open("rb")
    except OSError as exc:
        raise UnreadableInputError(f"cannot read: {exc.strerror or exc}", path=name) from None


class SafeStream:
    """A read-only byte stream for lxml that filters and reports control characters.

    ``peek`` shows the raw bytes (so ``sniff`` sees NULs and UTF-16 as they are);
    only what ``read`` hands the parser is filtered.
    """

    def __init__(
        self, raw: IO[bytes], name: str, report: Reporter, underlying: IO[bytes] | None = None
    ) -> None:
        self._raw = raw
        self._underlying = underlying  # the file under a GzipFile, which does not close it
        # read1: a cut-short gzip raises EOFError, and read() would drop the data before it.
        self._read = raw.read1 if isinstance(raw, gzip.GzipFile) else raw.read
        self.name = name
        self.report = report
        self._pending = b""  # raw bytes peeked but not yet read
        self._line = 1
        self._tail = 0  # bytes after the last newline read so far (for columns)
        self._dropped = 0
        self._last = b""  # the last bytes handed on (filtered): the document's end at EOF
        self._carry = b""  # the last raw bytes, for an </item> split across reads
        self._ended = False
        self.filter = True
        self.consumed = 0
        self.last_item_end: tuple[int, int] | None = None  # line, column of the last </item>
        self.cut_at: tuple[int, int] | None = None  # where the input ended, if before </rss>

    @classmethod
    def open(cls, source: str | Path | IO[bytes], name: str, report: Reporter) -> SafeStream:
        raw = open_path(Path(source), name) if isinstance(source, (str, Path)) else source
        try:
            magic = _peek(raw, 2)
        except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            raw.close()  # a damaged zip member fails here, before anything would close it
            raise UnreadableInputError(f"cannot read: {_reason(exc)}", path=name) from None
        if magic == b"\x1f\x8b":
            unzipped: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
            return cls(unzipped, name, report, underlying=raw)
        return cls(raw, name, report)

    def peek(self, size: int = HEAD) -> bytes:
        """The first ``size`` raw (unfiltered) bytes, without consuming them."""
        while len(self._pending) < size:
            chunk = self._read_raw(size - len(self._pending))
            if not chunk:
                break
            self._pending += chunk
        return self._pending[:size]

    def read(self, size: int = -1) -> bytes:
        while True:
            if self._pending:
                if size < 0:
                    raw, self._pending = self._pending + self._read_raw(-1), b""
                else:
                    raw, self._pending = self._pending[:size], self._pending[size:]
            else:
                raw = self._read_raw(size)
            data = self._filter(raw)
            if not raw and size != 0:
                self._end()
            # A chunk of nothing but control characters must not look like the end.
            if data or not raw:
                return data

    def _read_raw(self, size: int) -> bytes:
        try:
            chunk = self._read(size)
        except EOFError:
            # A compressed file cut short: hand the parser what there is, like a cut .xml.
            return b""
        except (OSError, zipfile.BadZipFile, zlib.error) as exc:
            raise UnreadableInputError(f"cannot read: {_reason(exc)}", path=self.name) from None
        self.consumed += len(chunk)
        return chunk

    def _end(self) -> None:
        """At the end of the input: note where, if the document stops before ``</rss>``."""
        if self._ended or not self.filter:
            return
        self._ended = True
        if not ends_complete(self._last):
            self.cut_at = (self._line, self._tail + 1)

    def _filter(self, chunk: bytes) -> bytes:
        if not chunk or not self.filter:
            return chunk
        cleaned = chunk.translate(None, CONTROL)
        if len(cleaned) != len(chunk):
            self._note_controls(chunk)
        newlines = self._note_item_end(chunk)
        self._last = cleaned[-TAIL:] if len(cleaned) >= TAIL else (self._last + cleaned)[-TAIL:]
        self._carry = chunk[-6:]
        self._line += newlines
        nl = chunk.rfind(b"\n")
        self._tail = len(chunk) - nl - 1 if nl >= 0 else self._tail + len(chunk)
        return cleaned

    def _note_item_end(self, chunk: bytes) -> int:
        """Remember where the last ``</item>`` ends, so a break after it spares that item.

        Returns the chunk's newline count (counted in two halves around that point).
        """
        carry = self._carry
        pos = chunk.rfind(b"</item>")
        if pos >= 0:
            end = pos + 7  # just past the '>', as an offset into chunk
        else:  # one cut in two by the read
            pos = (carry + chunk[:6]).rfind(b"</item>")
            if pos < 0:
                return chunk.count(b"\n")
            end = pos + 7 - len(carry)
        before = chunk.count(b"\n", 0, end)
        nl = chunk.rfind(b"\n", 0, end - 1)
        column = end - 1 - nl if nl >= 0 else self._tail + end
        self.last_item_end = (self._line + before, column)
        return before + chunk.count(b"\n", end)

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

    def close(self) -> None:
        self._raw.close()
        if self._underlying is not None:
            self._underlying.close()


def ends_complete(tail: bytes) -> bool:
    """Whether a document ending in ``tail`` ends as a WXR export does: ``</rss>``, then
    only comments, processing instructions and space (a trailing comment longer than
    the tail cannot be judged, and is taken as complete)."""
    tail = tail.rstrip()
    while tail.endswith((b"-->", b"?>")):
        start = tail.rfind(b"<!--" if tail.endswith(b"-->") else b"<?")
        if start < 0:
            return True
        tail = tail[:start].rstrip()
    return _ROOT_END.search(tail) is not None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


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
# Byte-order marks and BOM-less starts of ``<?`` in the wide encodings.
_WIDE = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)
# A prolog (comments, processing instructions) longer than this is left to the parser;
# the reader then refuses a DOCTYPE from the parsed tree.
MAX_PROLOG = 16 * HEAD


def wide_encoding(head: bytes) -> str | None:
    """The UTF-16/UTF-32 codec a document starting with ``head`` is in, if any."""
    for start, codec in _WIDE:
        if head.startswith(start):
            return codec
    return None


def _prolog(stream: SafeStream, codec: str | None) -> tuple[bytes, bytes]:
    """The head as UTF-8, and what follows its prolog; reads on while the prolog is unfinished."""
    size = HEAD
    while True:
        raw = stream.peek(size)
        head = raw.decode(codec, "replace").lstrip("\ufeff").encode() if codec else raw
        rest = head[_PROLOG.match(head).end() :]  # type: ignore[union-attr]
        unfinished = not rest or rest.startswith((b"<!--", b"<?"))
        if not unfinished or len(raw) < size or size >= MAX_PROLOG:
            return head, rest
        size *= 4


def sniff(stream: SafeStream, name: str) -> None:
    """Refuse, before parsing, inputs that cannot be a WXR export."""
    first = stream.peek()
    if not first.strip():
        raise EmptyInputError("empty file: there is nothing to read", path=name)
    codec = wide_encoding(first)
    if codec:
        stream.filter = False  # UTF-16/32: zero bytes are part of characters
    elif first.startswith(b"PK\x03\x04"):
        raise ZipInputError("is a zip archive that cannot be opened (damaged, or cut short "
                            "while downloading?)", path=name)
    elif b"\x00" in first[:4096]:
        raise BinaryInputError("not an XML file (binary data)", path=name)
    head, rest = _prolog(stream, codec)
    line = head[: len(head) - len(rest)].count(b"\n") + 1
    if not rest or rest.startswith((b"<!--", b"<?")):
        return  # the prolog is longer than we sniff: the parser and reader judge it
    if rest[:14].lower() == b"<!doctype html":
        raise NotWxrError("not a WordPress export: this is an HTML page (a login or error "
                          "page saved instead of the export?)", path=name, line=line)
    if rest.startswith(b"<!DOCTYPE"):
        raise UnsafeXmlError(
            "refused: the export declares a DOCTYPE (a WXR export never has one; "
            "DTDs and entities could read local files or expand without bound)",
            path=name,
            line=line,
        )
    root = _ROOT.match(rest)
    if root is None:
        preview = rest[:40].decode("utf-8", "replace").splitlines()[0] if rest.strip() else ""
        raise NotXmlError(f"not an XML file: it starts with {preview!r}", path=name, line=line)
    tag = root.group(1).decode("ascii", "replace")
    if tag != "rss":
        raise NotWxrError(
            f"not a WordPress export: the root element is <{tag}>, not <rss>",
            path=name,
            line=line,
        )
