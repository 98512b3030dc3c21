"""Deciding which of libxml2's complaints end a parse, and which items they damaged.

The reader parses with libxml2's recovery on, so namespace slips that real exports
contain (undeclared ``atom:`` prefixes, non-ASCII namespace URIs) do not stop a
migration; they become warnings. Any other error is fatal in strict mode, raised
where it stands. With ``--recover`` it is reported instead, and every item whose
lines it falls within is dropped (reported too), so what is written is complete.

libxml2 parses ahead of the events lxml hands out, so an error may be logged before
the items that precede it are delivered. An item is judged once the next one starts:
it spans ``[its line, next item's line)``; the last item ends at the last ``</item>``
the input stream saw, so a file cut after it keeps it.
"""

from __future__ import annotations

from typing import Any, Protocol

from lxml import etree

from .diagnostics import Reporter
from .errors import XmlSyntaxError
from .model import Post

HINT = "run `wxr-migrate validate` for a full report, or --recover to salvage what is intact"


def one_line(message: str, limit: int = 160) -> str:
    """libxml2's message on one line: some quote the document, newlines and all."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: libxml2's messages about bytes that do not decode in the declared encoding.
ENCODING_MESSAGES = ("Invalid bytes in character encoding", "Input is not proper UTF-8",
                     "Unsupported encoding", "Document labelled UTF-16 but has UTF-8 content")


def syntax_error(exc: Any, path: str, hint: str = HINT) -> XmlSyntaxError:
    """An XMLSyntaxError (or libxml2 log entry) as our one-line error."""
    line = getattr(exc, "line", None) or getattr(exc, "lineno", None)
    column = getattr(exc, "column", None)
    position = getattr(exc, "position", None)
    if position:
        line, column = position
    message = one_line(getattr(exc, "message", None) or getattr(exc, "msg", None) or str(exc))
    code = "INVALID_ENCODING" if any(m in message for m in ENCODING_MESSAGES) else None
    return XmlSyntaxError(f"not well-formed XML: {message}", path=path, line=line,
                          column=column or None, hint=hint, code=code)


class StreamEnds(Protocol):
    """What the input stream saw: where the last ``</item>`` ended, where a cut input
    stopped (both line, column; None if not seen)."""

    last_item_end: tuple[int, int] | None
    cut_at: tuple[int, int] | None


class ParseErrors:
    """Reads new entries of an iterparse's error log and applies the policy above."""

    def __init__(
        self,
        events: Any,
        path: str,
        report: Reporter,
        *,
        strict: bool,
        stream: StreamEnds | None = None,
    ) -> None:
        self._events = events
        self._stream = stream
        self._path = path
        self._report = report
        self._strict = strict
        self._seen = 0
        self._fatal: list[Any] = []
        self._namespace_messages: set[str] = set()

    def collect(self) -> None:
        log = self._events.error_log
        if len(log) == self._seen:
            return
        entries = list(log)[self._seen :]
        self._seen = len(log)
        for entry in entries:
            self._classify(entry)

    def _classify(self, entry: Any) -> None:
        if entry.domain == etree.ErrorDomains.NAMESPACE or entry.level == etree.ErrorLevels.WARNING:
            if entry.message not in self._namespace_messages:
                self._namespace_messages.add(entry.message)
                self._report.warn("XML_NAMESPACE", one_line(entry.message), line=entry.line,
                                  column=entry.column or None)
            return
        self._fatal.append(entry)
        if not self._strict:
            self._report.add("XML_SYNTAX", "error",
                             f"not well-formed XML: {one_line(entry.message)}",
                             line=entry.line, column=entry.column or None)

    def intact(self, post: Post, end: int | None) -> bool:
        """Whether ``post`` (spanning up to line ``end``) may be delivered."""
        start = post.line or 0
        if self._strict:
            for entry in self._fatal:
                if end is None or entry.line < end:
                    raise self._error(entry)
            return True
        hit = [e for e in self._fatal if e.line >= start and (end is None or e.line < end)]
        if end is None:
            hit = [e for e in hit if not self._after_last_item(start, e)]
        if not hit:
            return True
        self._report.add(
            "ITEM_DROPPED",
            "error",
            f"item dropped: damaged by the XML error at line {hit[0].line}",
            line=post.line,
            post_id=post.post_id,
            title=post.post_title or None,
        )
        return False

    def _after_last_item(self, start: int, entry: Any) -> bool:
        """Whether ``entry`` lies past the last ``</item>`` of the input, which closes the
        last item (starting at ``start``): a break after it leaves that item whole."""
        closed = self._stream.last_item_end if self._stream is not None else None
        if closed is None or closed[0] < start:
            return False
        return (entry.line, entry.column or 0) > closed

    def _error(self, entry: Any) -> XmlSyntaxError:
        error = syntax_error(entry, self._path)
        cut = self._stream.cut_at if self._stream is not None else None
        if cut is not None:
            error.message += f"; the file ends at line {cut[0]}, cut short before </rss>"
        return error

    def finish(self) -> None:
        """At the end of the document: strict mode raises any error not raised yet, and
        so does recover mode when the errors left no document at all to salvage.
        Recover mode reports a cut input (strict mode says so in its error)."""
        self.collect()
        cut = self._stream.cut_at if self._stream is not None else None
        if cut is not None and not self._strict:
            self._report.add("TRUNCATED", "error", "the file ends before the export does (no "
                             "closing </rss>): it was cut short, e.g. by an interrupted "
                             "download or copy", line=cut[0], column=cut[1])
        nothing = getattr(self._events, "root", None) is None
        if self._fatal and (self._strict or nothing):
            raise self._error(self._fatal[0])
        if nothing:
            raise XmlSyntaxError("not well-formed XML: no root element", path=self._path)
