"""Deciding which of libxml2's complaints end a parse, and which items they damaged.

The reader parses with libxml2's recovery on, so namespace slips that real exports
contain (undeclared ``atom:`` prefixes, non-ASCII namespace URIs) do not stop a
migration; they become warnings. Any other error is fatal in strict mode, raised
where it stands. With ``--recover`` it is reported instead, and every item whose
lines it falls within is dropped (reported too), so what is written is complete.

libxml2 parses ahead of the events lxml hands out, so an error may be logged before
the items that precede it are delivered. An item is judged once the next one starts:
it spans ``[its line, next item's line)``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .diagnostics import Reporter
from .errors import XmlSyntaxError
from .model import Post

HINT = "run `wxr-migrate validate` for a full report, or --recover to salvage what is intact"


def syntax_error(exc: Any, path: str, hint: str = HINT) -> XmlSyntaxError:
    """An XMLSyntaxError (or libxml2 log entry) as our one-line error."""
    line = getattr(exc, "line", None) or getattr(exc, "lineno", None)
    column = getattr(exc, "column", None)
    position = getattr(exc, "position", None)
    if position:
        line, column = position
    message = (getattr(exc, "message", None) or getattr(exc, "msg", None) or str(exc)).strip()
    return XmlSyntaxError(
        f"not well-formed XML: {message}", path=path, line=line, column=column or None, hint=hint
    )


class ParseErrors:
    """Reads new entries of an iterparse's error log and applies the policy above."""

    def __init__(self, events: Any, path: str, report: Reporter, *, strict: bool) -> None:
        self._events = events
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
                self._report.warn("XML_NAMESPACE", entry.message.strip(), line=entry.line,
                                  column=entry.column or None)
            return
        self._fatal.append(entry)
        if not self._strict:
            self._report.add("XML_SYNTAX", "error", f"not well-formed XML: {entry.message.strip()}",
                             line=entry.line, column=entry.column or None)

    def intact(self, post: Post, end: int | None) -> bool:
        """Whether ``post`` (spanning up to line ``end``) may be delivered."""
        start = post.line or 0
        if self._strict:
            for entry in self._fatal:
                if end is None or entry.line < end:
                    raise syntax_error(entry, self._path)
            return True
        hit = [e for e in self._fatal if e.line >= start and (end is None or e.line < end)]
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

    def finish(self) -> None:
        """At the end of the document: strict mode raises any error not raised yet."""
        self.collect()
        if self._strict and self._fatal:
            raise syntax_error(self._fatal[0], self._path)
