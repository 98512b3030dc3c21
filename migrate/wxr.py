"""Streaming WXR reader: the channel header into a ``Site``, then one ``Post`` per item.

Built on ``lxml.etree.iterparse`` filtered to ``<item>`` end events, so libxml2 does
the per-element work in C and Python sees one event per item. Each item is cleared
and unlinked once read, so memory stays flat whatever the export's size. Elements
are matched by namespace URI (any WXR 1.0/1.1/1.2 URI, http or https), never by
prefix. Untrusted input is read safely: a DOCTYPE is refused before parsing (a WXR
export never needs one), entities are never resolved, nothing is loaded from the
network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from .diagnostics import Reporter
from .elements import Header, read_item
from .errors import MigrateError, NotWxrError, UnsafeXmlError
from .model import Post, Site
from .source import SafeStream, sniff
from .xmlerrors import ParseErrors, syntax_error

KNOWN_VERSIONS = ("1.0", "1.1", "1.2")
_VERSION = re.compile(r"^1\.\d+$")


def check_version(site: Site, path: str, line: int | None, report: Reporter) -> None:
    """Refuse a document that does not say it is a WXR export of a version we read."""
    version = site.wxr_version
    if not version:
        raise NotWxrError(
            "not a WordPress export: the channel has no wp:wxr_version "
            "(an RSS feed, or an export from another tool?)",
            path=path,
            line=line,
            code="WXR_VERSION_MISSING",
        )
    if not _VERSION.match(version):
        raise NotWxrError(
            f"not a WordPress export: invalid wp:wxr_version {version!r} "
            f"(supported: {', '.join(KNOWN_VERSIONS)})",
            path=path,
            line=line,
            code="WXR_VERSION_INVALID",
        )
    if version not in KNOWN_VERSIONS:
        report.warn(
            "WXR_VERSION_UNKNOWN",
            f"WXR version {version} is newer than the versions this tool knows "
            f"({', '.join(KNOWN_VERSIONS)}); reading it as 1.2",
        )


class WxrReader:
    """Read one export: ``reader.site`` (the header), then ``for post in reader``.

    After iteration, ``reader.site`` also holds authors and terms declared after the
    first item (WordPress never writes those, but hand-made exports do).
    """

    def __init__(
        self,
        source: str | Path | IO[bytes],
        *,
        name: str | None = None,
        report: Reporter | None = None,
        recover: bool = False,
    ) -> None:
        self.name = name or (str(source) if isinstance(source, (str, Path)) else "<stream>")
        self.report = report if report is not None else Reporter(self.name)
        self.recover = recover
        self._source = source
        self._header = Header()
        self._site: Site | None = None
        self._started = False
        self._stream: SafeStream | None = None

    @property
    def site(self) -> Site:
        if self._site is None:
            raise RuntimeError("the header is read with the first item: iterate first")
        return self._site

    @property
    def has_site(self) -> bool:
        return self._site is not None

    @property
    def bytes_read(self) -> int:
        """Bytes of the input consumed so far (for progress)."""
        return self._stream.consumed if self._stream is not None else 0

    def __iter__(self) -> Iterator[Post]:
        if self._started:
            raise RuntimeError("a WxrReader can be iterated only once")
        self._started = True
        return self._posts()

    def _posts(self) -> Iterator[Post]:
        stream = self._stream = SafeStream.open(self._source, self.name, self.report)
        try:
            sniff(stream, self.name)
            yield from self._parse(stream)
        finally:
            stream.close()

    def _parse(self, stream: SafeStream) -> Iterator[Post]:
        # recover=True keeps libxml2 going past namespace problems real exports have
        # (undeclared prefixes, non-ASCII namespace URIs); every other error is still
        # fatal unless --recover, decided by ParseErrors from libxml2's error log.
        events = etree.iterparse(
            _Chunks(stream),
            events=("end",),
            tag="item",
            recover=True,
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=True,
            remove_pis=True,
        )
        errors = ParseErrors(events, self.name, self.report, strict=not self.recover,
                             stream=stream)
        channel = None
        held: Post | None = None
        for _, item in self._events(events):
            parent = item.getparent()
            if parent is None or parent.tag != "channel":
                continue  # an <item> outside the channel is not an RSS item
            if channel is None:
                channel = parent
                self._start(channel, item.sourceline)
            self._take_late(item)
            post = read_item(item)
            item.clear()
            errors.collect()
            if held is not None and errors.intact(held, post.line):
                yield held
            held = post
            while item.getprevious() is not None:
                del parent[0]
        root = getattr(events, "root", None)
        if root is not None:
            self._refuse_dtd(root)  # before XML errors: an entity bomb is refused as such
        errors.finish()
        self._finish(events, channel)
        if held is not None and errors.intact(held, None):
            yield held

    def _events(self, events: Any) -> Iterator[tuple[str, Any]]:
        try:
            yield from events
        except etree.XMLSyntaxError as exc:
            raise syntax_error(exc, self.name) from None

    def _start(self, channel: Any, first_item_line: int | None) -> None:
        """Read the header (every channel child before the first item), then check it."""
        self._refuse_dtd(channel)
        for child in channel:
            if child.tag == "item":
                break
            self._header.take(child)
        self._site = self._header.site(self.name)
        check_version(self._site, self.name, first_item_line, self.report)
        for child in list(channel):
            if child.tag == "item":
                break
            channel.remove(child)

    def _refuse_dtd(self, element: Any) -> None:
        """The sniffer refuses a DOCTYPE; this catches one behind a prolog too long to sniff."""
        if element.getroottree().docinfo.internalDTD is not None:
            raise UnsafeXmlError("refused: the export declares a DOCTYPE", path=self.name)

    def _take_late(self, item: Any) -> None:
        """Declarations between items: read them, then drop every earlier sibling."""
        late = False
        prev = item.getprevious()
        while prev is not None:
            late = self._header.take(prev) or late
            prev = prev.getprevious()
        if late:
            self._site = self._header.site(self.name)

    def _finish(self, events: Any, channel: Any) -> None:
        """After the last item: trailing declarations, or the whole header if no items."""
        root = getattr(events, "root", None)
        if root is None:
            return
        if channel is None:
            channel = root.find("channel")
            if root.tag != "rss" or channel is None:
                if self._site is None:
                    raise NotWxrError(
                        f"not a WordPress export: the document is <{root.tag}>, "
                        "not an RSS <channel>",
                        path=self.name,
                        line=root.sourceline,
                    )
                return
            for child in channel:
                self._header.take(child)
            self._site = self._header.site(self.name)
            check_version(self._site, self.name, channel.sourceline, self.report)
            return
        taken = [self._header.take(child) for child in channel if child.tag != "item"]
        if any(taken):
            self._site = self._header.site(self.name)


class _Chunks:
    """The stream as iterparse reads it, in bigger reads than the 32 kB it asks for:
    each read costs the stream's safety filter a fixed amount (iterparse feeds the
    parser whatever a read returns)."""

    SIZE = 1 << 18

    def __init__(self, stream: SafeStream) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(max(size, self.SIZE) if size >= 0 else -1)


def read_all(
    source: str | Path | IO[bytes], *, recover: bool = False, report: Reporter | None = None
) -> tuple[Site, list[Post]]:
    """Convenience for tests and small exports: the site and every post, in memory."""
    reader = WxrReader(source, recover=recover, report=report)
    posts = list(reader)
    return reader.site, posts


__all__ = ["KNOWN_VERSIONS", "MigrateError", "WxrReader", "read_all"]
