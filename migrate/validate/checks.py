"""The checks ``validate`` runs over the stream of items, one class per family.

Each check sees every item once (``item``) and reports what it can right away;
cross-item questions (does this parent exist? was this author declared?) are kept in
compact indexes (bit sets of ids, one tally per distinct name, a short record per
still-unresolved reference) and answered in ``finish`` once the whole export is read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain
from typing import Protocol
from urllib.parse import unquote

from ..elements import to_int
from ..model import Meta, Post, Site
from ..phpserial import check as check_serialized
from ..phpserial import looks_serialized
from .findings import Findings
from .indexes import FirstOwner, IdSet, Tally, short
from .wordpress import (
    CORE_BLOCKS,
    CORE_POST_TYPES,
    CORE_SHORTCODES,
    CORE_STATUSES,
    UNIQUE_SLUG_EXEMPT_STATUSES,
    UNIQUE_SLUG_EXEMPT_TYPES,
    UNTITLED_TYPES,
)


@dataclass(slots=True)
class Reference:
    """An item's reference to another item, not resolved when it was read."""

    post_id: int | None
    target: int
    line: int | None
    title: str
    path: str | None
    seq: int  # the order it was read in


def _in_order(pending: dict[int, list[Reference]]) -> list[Reference]:
    """Unresolved references in the order they were read."""
    return sorted((ref for refs in pending.values() for ref in refs), key=lambda ref: ref.seq)


class References:
    """Duplicate ids, and references between items and comments that lead nowhere."""

    def __init__(self, out: Findings) -> None:
        self.out = out
        self.posts = IdSet()
        self.comments = IdSet()
        # references to items not seen yet, by target; dropped when the target appears,
        # so only references still unresolved are held (most point a few items ahead)
        self.parents: dict[int, list[Reference]] = {}
        self.thumbnails: dict[int, list[Reference]] = {}
        self._seq = 0

    def item(self, post: Post) -> None:
        pid = post.post_id
        if pid is not None and not self.posts.add(pid):
            self.out.add("DUPLICATE_POST_ID",
                         f"post id {pid} is also used by an earlier item; outputs keyed by id "
                         "keep the first", line=post.line, post_id=pid, title=post.post_title)
        if pid is not None:
            self.parents.pop(pid, None)
            self.thumbnails.pop(pid, None)
        if post.post_parent and post.post_parent not in self.posts:
            self.parents.setdefault(post.post_parent, []).append(self._ref(post, post.post_parent))
        thumbnail = to_int(post.meta("_thumbnail_id")) if post.postmeta else None
        if thumbnail is not None and thumbnail > 0 and thumbnail not in self.posts:
            self.thumbnails.setdefault(thumbnail, []).append(self._ref(post, thumbnail))
        if post.post_type == "attachment" and not post.attachment_url:
            self.out.add("ATTACHMENT_NO_URL",
                         "attachment has no wp:attachment_url: its file cannot be fetched",
                         line=post.line, post_id=pid, title=post.post_title)
        if post.comments or post.pingbacks:
            self._comments(post)

    def _ref(self, post: Post, target: int) -> Reference:
        self._seq += 1
        return Reference(post.post_id, target, post.line, short(post.post_title), self.out.path,
                         self._seq)

    def _comments(self, post: Post) -> None:
        own: set[int] = set()
        for c in chain(post.comments, post.pingbacks):
            if c.comment_id is None:
                continue
            own.add(c.comment_id)
            if not self.comments.add(c.comment_id):
                self.out.add("DUPLICATE_COMMENT_ID",
                             f"comment id {c.comment_id} is also used by an earlier comment",
                             line=c.line, post_id=post.post_id, title=post.post_title)
        for c in chain(post.comments, post.pingbacks):
            if c.comment_parent and c.comment_parent not in own:
                self.out.add(
                    "MISSING_COMMENT_PARENT",
                    f"comment {c.comment_id} replies to comment {c.comment_parent}, which this "
                    "post does not have: it will be shown as a top-level comment",
                    line=c.line, post_id=post.post_id, title=post.post_title)

    def finish(self, site: Site) -> None:
        for ref in _in_order(self.parents):
            if ref.target not in self.posts:
                self.out.add("MISSING_POST_PARENT",
                             f"post_parent {ref.target} is not in the export: the item will "
                             "have no parent", line=ref.line, post_id=ref.post_id,
                             title=ref.title, path=ref.path)
        for ref in _in_order(self.thumbnails):
            if ref.target not in self.posts:
                self.out.add("MISSING_THUMBNAIL",
                             f"_thumbnail_id {ref.target} is not in the export: the featured "
                             "image is lost", line=ref.line, post_id=ref.post_id,
                             title=ref.title, path=ref.path)


class Declarations:
    """Authors and terms that items use but the channel does not declare."""

    def __init__(self, out: Findings) -> None:
        self.out = out
        self.creators = Tally(out)
        self.terms = Tally(out)

    def item(self, post: Post) -> None:
        if post.creator:
            self.creators.add(post.creator, post)
        for term in post.terms:
            # WordPress never declares post formats: it creates them from the slug
            if term.slug and term.taxonomy != "post_format":
                self.terms.add(f"{_taxonomy(term.taxonomy)}\0{term.slug}", post)

    def finish(self, site: Site) -> None:
        self._authors(site)
        declared = {(t.taxonomy, t.slug) for t in site.terms}
        loose = {(t.taxonomy, _loose(t.slug)) for t in site.terms}
        for key, first in self.terms.names.items():
            taxonomy, slug = key.split("\0", 1)
            if (taxonomy, slug) in declared or (taxonomy, _loose(slug)) in loose:
                continue
            self.out.add("UNDECLARED_TERM",
                         f"{taxonomy} {slug!r} is used by {_times(first.count, 'item')} but not "
                         "declared in the channel", line=first.line, post_id=first.post_id,
                         title=first.title, path=first.path)
        for t in site.terms:
            if t.parent and (t.taxonomy, t.parent) not in declared:
                self.out.add("MISSING_TERM_PARENT",
                             f"{t.taxonomy} {t.slug!r} has parent {t.parent!r}, which is not "
                             "declared: it will be a top-level term", line=t.line)

    def _authors(self, site: Site) -> None:
        if not site.authors and site.wxr_version == "1.0":
            return  # WXR 1.0 has no author declarations at all
        logins = {a.author_login for a in site.authors}
        for login, first in self.creators.names.items():
            if login not in logins:
                self.out.add("UNDECLARED_AUTHOR",
                             f"author {login!r} of {_times(first.count, 'item')} is not "
                             "declared as a wp:author", line=first.line, post_id=first.post_id,
                             title=first.title, path=first.path)


def _taxonomy(domain: str) -> str:
    return "post_tag" if domain == "tag" else domain  # WXR 1.0 writes tags as domain="tag"


def _loose(slug: str) -> str:
    return unquote(slug).lower()


def _times(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


_DATE = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
)
MAX_OFFSET = timedelta(hours=14)  # the widest time zone offset (UTC+14)


def parse_date(text: str) -> datetime | None:
    """WordPress's ``YYYY-MM-DD HH:MM:SS``, or None if ``text`` is not such a date."""
    if _DATE.fullmatch(text) is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:  # a day the month does not have
        return None


class Dates:
    """Dates that do not parse, local and GMT dates that disagree, undated published items.

    Every date is matched against WordPress's format (ranges included); only the two
    that are compared become datetimes (which also catches days a month lacks).
    """

    def __init__(self, out: Findings) -> None:
        self.out = out

    def item(self, post: Post) -> None:
        match = _DATE.fullmatch
        for name in ("post_date", "post_date_gmt", "post_modified", "post_modified_gmt"):
            value = getattr(post, name)
            if value is not None and match(value) is None:
                self._invalid(post, name, value, post.line)
        local, gmt = post.post_date, post.post_date_gmt
        if local is not None and gmt is not None and match(local) and match(gmt):
            self._compare(post, local, gmt)
        if post.status == "publish" and (local is None or gmt is None):
            missing = [n for n, v in (("post_date", local), ("post_date_gmt", gmt)) if v is None]
            self.out.add("ZERO_DATE", f"published, but {' and '.join(missing)} "
                         f"{'is' if len(missing) == 1 else 'are'} zero or missing",
                         line=post.line, post_id=post.post_id, title=post.post_title)
        for c in chain(post.comments, post.pingbacks):
            for name, value in (("comment_date", c.comment_date),
                                ("comment_date_gmt", c.comment_date_gmt)):
                if value is not None and match(value) is None:
                    self._invalid(post, name, value, c.line)

    def _compare(self, post: Post, local: str, gmt: str) -> None:
        try:
            apart = abs(datetime.fromisoformat(local) - datetime.fromisoformat(gmt))
        except ValueError:  # a day the month does not have
            bad = "post_date" if parse_date(local) is None else "post_date_gmt"
            self._invalid(post, bad, local if bad == "post_date" else gmt, post.line)
            return
        if apart > MAX_OFFSET:
            self.out.add("DATE_GMT_MISMATCH",
                         f"post_date {local} and post_date_gmt {gmt} are "
                         f"{apart / timedelta(hours=1):.0f} hours apart (time zones differ by "
                         "at most 14)", line=post.line, post_id=post.post_id,
                         title=post.post_title)

    def _invalid(self, post: Post, name: str, value: str, line: int | None) -> None:
        self.out.add("INVALID_DATE", f"{name} {value[:40]!r} is not a date (YYYY-MM-DD HH:MM:SS)",
                     line=line, post_id=post.post_id, title=post.post_title)

    def finish(self, site: Site) -> None:
        pass


class Slugs:
    """Slugs WordPress would have made unique, and items without a title."""

    def __init__(self, out: Findings) -> None:
        self.out = out
        # hash of (type, parent, slug) -> the first item's id: ints only, whatever the slugs
        self.seen = FirstOwner()

    def item(self, post: Post) -> None:
        if (post.post_name and post.status not in UNIQUE_SLUG_EXEMPT_STATUSES
                and post.post_type not in UNIQUE_SLUG_EXEMPT_TYPES):
            key = hash((post.post_type, post.post_parent, post.post_name))
            first = self.seen.add(key, -1 if post.post_id is None else post.post_id)
            if first is not None:  # every item is seen once, so a known key is another item's
                self.out.add("DUPLICATE_SLUG",
                             f"slug {short(post.post_name, 60)!r} is also used by "
                             f"{post.post_type or 'post'} {first if first >= 0 else '(no id)'} "
                             "with the same parent", line=post.line, post_id=post.post_id,
                             title=post.post_title)
        if (not post.post_title.strip() and post.post_type not in UNTITLED_TYPES
                and post.status != "auto-draft"):
            self.out.add("EMPTY_TITLE", "item has no title", line=post.line,
                         post_id=post.post_id)

    def finish(self, site: Site) -> None:
        pass


class Kinds:
    """Statuses and post types WordPress core does not define (info, one per name)."""

    def __init__(self, out: Findings) -> None:
        self.out = out
        self.statuses = Tally(out)
        self.types = Tally(out)

    def item(self, post: Post) -> None:
        if post.status not in CORE_STATUSES:
            self.statuses.add(post.status, post)
        if post.post_type not in CORE_POST_TYPES:
            self.types.add(post.post_type, post)

    def finish(self, site: Site) -> None:
        for status, first in self.statuses.names.items():
            self.out.add("UNKNOWN_STATUS",
                         f"status {status or '(none)'!r} of {_times(first.count, 'item')} is not "
                         "one of WordPress core's", line=first.line, post_id=first.post_id,
                         title=first.title, path=first.path)
        for kind, first in self.types.names.items():
            what = f"post type {kind!r}" if kind else "no wp:post_type"
            self.out.add("UNKNOWN_POST_TYPE",
                         f"{_times(first.count, 'item')} with {what}"
                         + (" (a plugin's or theme's type)" if kind else " (imported as posts)"),
                         line=first.line, post_id=first.post_id, title=first.title,
                         path=first.path)


class SerializedMeta:
    """PHP-serialized meta values that no longer decode (the CRLF breakage)."""

    def __init__(self, out: Findings) -> None:
        self.out = out

    def item(self, post: Post) -> None:
        for m in post.postmeta:
            # most values fail this before any function call: a serialized one is "x:..."
            if m.meta_value[1:2] == ":" or m.meta_value == "N;":
                self._check("postmeta", m, post.line, post)
        for c in chain(post.comments, post.pingbacks):
            for m in c.commentmeta:
                if m.meta_value[1:2] == ":" or m.meta_value == "N;":
                    self._check("commentmeta", m, c.line, post)

    def finish(self, site: Site) -> None:
        for t in site.terms:
            for m in t.termmeta:
                self._check(f"termmeta of {t.taxonomy} {t.slug!r}", m, t.line, None)

    def _check(self, where: str, meta: Meta, line: int | None, post: Post | None) -> None:
        value = meta.meta_value
        if not looks_serialized(value) or lengths_ok(value):
            return
        verdict = check_serialized(value)
        if verdict.ok:
            return
        detail = f"{verdict.reason} at byte {verdict.offset}"
        if verdict.repairable:
            code, tail = "SERIALIZED_META_REPAIRABLE", "repairable: the lengths can be recomputed"
        else:
            code, tail = "SERIALIZED_META_BROKEN", "not repairable: it can only be kept as text"
        self.out.add(code, f"{where} {short(meta.meta_key, 60)!r}: PHP-serialized value does "
                     f"not decode ({detail}); {tail}", line=line,
                     post_id=post.post_id if post else None,
                     title=post.post_title if post else None)


_STRING = re.compile(rb's:(\d{1,19}):"')


def lengths_ok(value: str) -> bool:
    """Whether every string of a serialized value ends where its ``s:N:`` says.

    The classic breakage (CRLF turned LF, re-encoding, search-and-replace) changes a
    string's byte length and nothing else, so this is what is checked for every value;
    only values that fail are decoded in full, to say why and whether they can be
    repaired (other structural damage goes unnoticed). Fast path, all in C: when no
    string holds a quote (and there is no object), the text between quotes is exactly
    the strings, in order. Anything else is decided by a scan that jumps over each
    string's content.
    """
    data = value.encode("utf-8", "surrogatepass")
    numbers = _STRING.findall(data)
    texts = data.split(b'"')[1::2]
    if len(numbers) == len(texts) and list(map(int, numbers)) == list(map(len, texts)):
        return True
    pos = 0
    while True:
        m = _STRING.search(data, pos)
        if m is None:
            return True
        end = m.end() + int(m.group(1))
        if data[end : end + 2] != b'";':
            return False
        pos = end + 2


# A literal first lets the regex engine skip ahead; escapes ([[name]]) and Markdown-style
# links ([text](url)) are told apart per match, which is rare enough to be cheap.
_SHORTCODE = re.compile(r"\[([A-Za-z][\w-]*)(?=[\s\]/])")
_BLOCK = re.compile(r"<!-- wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(?=[\s/]|-->)")


def _escaped(text: str, start: int, end: int) -> bool:
    """``[[name]]`` (WordPress's escape), or ``[name](url)``: text, not a shortcode."""
    return text[start - 1 : start] == "[" or text[end : end + 2] == "]("


class Content:
    """Shortcodes and block types that WordPress core does not define (info, counted)."""

    def __init__(self, out: Findings) -> None:
        self.out = out
        self.shortcodes = Tally(out)
        self.blocks = Tally(out)

    def item(self, post: Post) -> None:
        text = post.post_content
        # findall and Counter do the per-match work in C; Python sees distinct names only
        if "[" in text and not CORE_SHORTCODES.issuperset(_SHORTCODE.findall(text)):
            for m in _SHORTCODE.finditer(text):
                name = m.group(1)
                if name not in CORE_SHORTCODES and not _escaped(text, m.start(), m.end()):
                    self.shortcodes.add(name, post)
        if "<!-- wp:" in text:
            for name, n in Counter(_BLOCK.findall(text)).items():
                if name.removeprefix("core/") not in CORE_BLOCKS:
                    self.blocks.add(name, post, n)

    def finish(self, site: Site) -> None:
        for name, first in sorted(self.shortcodes.names.items()):
            self.out.add("UNKNOWN_SHORTCODE",
                         f"shortcode [{name}] is not one of WordPress core's: used "
                         f"{_times(first.count, 'time')}; it needs the plugin that defined it",
                         line=first.line, post_id=first.post_id, title=first.title,
                         path=first.path)
        for name, first in sorted(self.blocks.names.items()):
            self.out.add("UNKNOWN_BLOCK",
                         f"block type {name!r} is not one of WordPress core's: used "
                         f"{_times(first.count, 'time')}", line=first.line,
                         post_id=first.post_id, title=first.title, path=first.path)


class Family(Protocol):
    def item(self, post: Post) -> None: ...

    def finish(self, site: Site) -> None: ...


class Checks:
    """Every check family, fed the same stream."""

    def __init__(self, out: Findings) -> None:
        self.families: tuple[Family, ...] = (
            References(out), Declarations(out), Dates(out), Slugs(out), Kinds(out),
            SerializedMeta(out), Content(out),
        )

        self._item = tuple(family.item for family in self.families)

    def item(self, post: Post) -> None:
        for item in self._item:
            item(post)

    def finish(self, site: Site) -> None:
        for family in self.families:
            family.finish(site)
