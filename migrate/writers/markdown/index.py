"""The first pass: a compact index of every item, then a place for each one.

``prepare`` sees every item before anything is written, so a child page listed
before its parent, a ``_thumbnail_id``, ``[gallery ids=...]`` and a link to a later
post all resolve. Per item it keeps a row of machine integers (id, parent, kind,
day, flags), its slug and a hashed permalink, never content (:mod:`migrate.compact`);
``finish`` then gives each item its final slug, parents first, the published item
first when two want the same slug. Files and URLs are derived from the row when
needed.
"""

from __future__ import annotations

import html
from array import array
from collections.abc import Iterator
from functools import partial
from typing import NamedTuple

from ...compact import FirstOwner, IdRows, IdSet, Strings, sort_order
from ...diagnostics import Reporter
from ...errors import WriterError
from ...model import Post
from . import presets
from .attachments import Attachments
from .dates import Offsets, parse
from .links import old_path, path_digest
from .paths import Claims, item_slug

#: Post types that are WordPress's machinery, not writing.
INTERNAL_TYPES = frozenset({
    "revision", "nav_menu_item", "custom_css", "customize_changeset", "oembed_cache",
    "user_request", "wp_block", "wp_template", "wp_template_part", "wp_global_styles",
    "wp_navigation", "wp_font_family", "wp_font_face", "wp_pattern",
})
#: Taxonomies that are machinery too; never written as front matter.
INTERNAL_TAXONOMIES = frozenset({
    "nav_menu", "link_category", "wp_theme", "wp_template_part_area", "wp_pattern_category",
})
CATEGORY, TAGS = "category", frozenset({"post_tag", "tag"})
PUBLISHED, BRANCH = 1, 2
_INT64 = 1 << 63


def kind_of(post: Post) -> str:
    """``post``, ``page`` or the custom post type."""
    return post.post_type or presets.POST


def skip_reason(post: Post, *, include_trash: bool) -> str | None:
    """Why an item gets no Markdown file (None: it gets one)."""
    kind = kind_of(post)
    if post.post_id is None:
        return "no_id"
    if not -_INT64 <= post.post_id < _INT64:
        return "id_out_of_range"  # beyond any database's ids; validate reports it
    if kind == "attachment":
        return "attachment"
    if kind in INTERNAL_TYPES:
        return kind
    if post.status == "trash" and not include_trash:
        return "trash"
    if post.status in ("auto-draft", "inherit"):
        return post.status.replace("-", "_")
    return None


def is_published(post: Post) -> bool:
    """Public on the old site: published and not behind a password."""
    return post.status == "publish" and not post.post_password


def local_day(post: Post) -> int:
    """The local post date as ``YYYYMMDD`` (Jekyll's file names need it)."""
    when = parse(post.post_date) or parse(post.post_modified)
    return when.year * 10000 + when.month * 100 + when.day if when else 19700101


class Item(NamedTuple):
    """What the index knows of an item that gets a file."""

    slug: str  # the final slug (after ``finish``)
    parent: int  # the parent it nests under (or 0)
    kind: str
    day: int
    flags: int  # PUBLISHED | BRANCH


class SiteIndex:
    """Per item a row in machine arrays (id, parent, kind, day, flags) and its slug in a
    string column: well under 150 bytes an item, where tuples in a dict took ~500."""

    def __init__(self, preset: presets.Preset, *, unicode_slugs: bool, include_trash: bool,
                 report: Reporter) -> None:
        self.preset = preset
        self.unicode_slugs = unicode_slugs
        self.include_trash = include_trash
        self.report = report
        self._seen = IdSet()
        self._ids: array[int] = array("q")
        self._parent, self._day = array("q"), array("i")  # day: YYYYMMDD
        self._kind, self._flags = array("B"), array("B")
        self._kinds: list[str] = []
        self._slug = Strings()  # wanted slugs; ``finish`` keeps the changed ones apart
        self._final: dict[int, str] = {}  # row -> final slug, where it differs
        self.rows = IdRows(array("q"), None)
        self.attachments = Attachments()
        self.attachment_meta = self.attachments.meta
        self.by_path = FirstOwner()  # digest of an old permalink path -> id
        self.taxonomies: set[str] = set()
        self.offsets = Offsets()

    def __getstate__(self) -> dict[str, object]:
        """Pickled for ``--jobs`` workers without the report (only the first pass warns)."""
        return {k: v for k, v in self.__dict__.items() if k != "report"}

    def add(self, post: Post) -> None:
        self.offsets.add(post.post_date, post.post_date_gmt)
        pid = post.post_id
        if pid is None or not -_INT64 <= pid < _INT64 or pid in self._seen:
            return
        if kind_of(post) == "attachment":
            self._seen.add(pid)
            self._add_attachment(pid, post)
            return
        if skip_reason(post, include_trash=self.include_trash) is not None:
            return
        self._seen.add(pid)
        slug = item_slug(post.post_name, html.unescape(post.post_title), pid,
                         unicode=self.unicode_slugs)
        self._ids.append(pid)
        self._parent.append(self._parent_of(post))
        self._kind.append(self._kind_code(kind_of(post)))
        self._day.append(local_day(post))
        self._flags.append(PUBLISHED if is_published(post) else 0)
        self._slug.append(slug)
        for term in post.terms:
            if term.taxonomy != CATEGORY and term.taxonomy not in TAGS | INTERNAL_TAXONOMIES:
                self.taxonomies.add(term.taxonomy)
        self._add_path(post.link, pid)

    def _parent_of(self, post: Post) -> int:
        if -_INT64 <= post.post_parent < _INT64:
            return post.post_parent
        self.report.warn("PARENT_MISSING", f"parent {post.post_parent} is not a usable id; "
                         "written at the top level", post_id=post.post_id)
        return 0

    def _kind_code(self, kind: str) -> int:
        if kind not in self._kinds:
            if len(self._kinds) == 255:
                raise WriterError("more than 255 post types in one export")
            self._kinds.append(kind)
        return self._kinds.index(kind)

    def _add_attachment(self, pid: int, post: Post) -> None:
        self.attachments.add(pid, (post.attachment_url or post.guid).strip(),
                             post.meta("_wp_attachment_image_alt") or "", post.post_excerpt)
        self._add_path(post.link, pid)  # a link to the attachment's page leads to its file

    def _add_path(self, link: str, pid: int) -> None:
        path = old_path(link)
        if path is not None:
            self.by_path.add(path_digest(path), pid)

    # ----------------------------------------------------------------- placing

    def finish(self) -> None:
        """Sort the rows by id, then give every item its final slug, parents first."""
        self._sort()
        self.attachments.freeze()
        nesting = self._nesting()
        depth = {row: _depth(row, nesting) for row in nesting}
        for row in set(nesting.values()):
            self._flags[row] |= BRANCH
        for row in range(len(self.rows)):
            self._parent[row] = self.rows[nesting[row]] if row in nesting else 0
        claims = Claims(expected=2 * len(self.rows))
        for row in self._placing_order(depth):  # parents are final already: they come first
            wanted = self._slug[row]
            slug = claims.take(wanted, partial(self._claimed, row))
            if slug != wanted:
                self._final[row] = slug

    def _placing_order(self, depth: dict[int, int]) -> Iterator[int]:
        """Rows by (depth, published first, id): top-level rows straight from the
        columns, the few nested ones sorted."""
        flags, rows = self._flags, range(len(self.rows))
        yield from (r for r in rows if r not in depth and flags[r] & PUBLISHED)
        yield from (r for r in rows if r not in depth and not flags[r] & PUBLISHED)
        yield from sorted(depth, key=lambda r: (depth[r], not flags[r] & PUBLISHED, r))

    def _sort(self) -> None:
        order = sort_order(self._ids)
        self.rows = IdRows(self._ids, order)
        self._ids = array("q")  # the rows hold them now
        if order is None:
            return
        for name in ("_parent", "_day", "_kind", "_flags"):
            column = getattr(self, name)
            setattr(self, name, array(column.typecode, (column[r] for r in order)))
        self._slug = self._slug.permuted(order)

    def _claimed(self, row: int, slug: str) -> list[str]:
        files = self.preset.files(self._place(row), slug)
        return [files.claim, files.comments]

    def _nesting(self) -> dict[int, int]:
        """Child row -> the row of the parent it nests under (written, same kind, no
        cycle)."""
        nesting: dict[int, int] = {}
        for row, parent_id in enumerate(self._parent):
            if not parent_id:
                continue
            parent = self.rows.row(parent_id)
            if parent is None:
                self.report.warn(
                    "PARENT_MISSING",
                    f"parent {parent_id} is not written (not in the export, or skipped); "
                    "written at the top level",
                    post_id=self.rows[row],
                )
            elif self._kind[parent] == self._kind[row]:
                nesting[row] = parent
        for row in [r for r in nesting if _in_cycle(r, nesting)]:
            self.report.warn("PARENT_CYCLE", "parents form a cycle; written at the top level",
                             post_id=self.rows[row])
            del nesting[row]
        return nesting

    # ----------------------------------------------------------------- lookups

    def item(self, pid: int) -> Item | None:
        """What the index knows of item ``pid`` (None: it gets no file)."""
        row = self.rows.row(pid)
        if row is None:
            return None
        return Item(self._slug_of(row), self._parent[row], self._kinds[self._kind[row]],
                    self._day[row], self._flags[row])

    def _slug_of(self, row: int) -> str:
        return self._final.get(row) or self._slug[row]

    def _place(self, row: int) -> presets.Place:
        parents: list[str] = []
        parent = self._parent[row]
        while parent:
            above = self.rows.row(parent)
            assert above is not None
            parents.append(self._slug_of(above))
            parent = self._parent[above]
        day = self._day[row]
        return presets.Place(self._kinds[self._kind[row]], tuple(reversed(parents)),
                             f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}",
                             bool(self._flags[row] & PUBLISHED),
                             bool(self._flags[row] & BRANCH))

    def files(self, pid: int) -> presets.Files:
        row = self.rows.row(pid)
        assert row is not None, f"item {pid} is not in the index"
        return self.preset.files(self._place(row), self._slug_of(row))

    def link(self, pid: int, *, liquid: bool = True) -> str | None:
        """What a link to item ``pid`` becomes (None: leave it alone).

        Only items public on the old site are link targets; an attachment's page
        becomes its file. ``liquid=False`` asks for a plain URL even from Jekyll.
        """
        row = self.rows.row(pid)
        if row is None:
            return self.attachments.get(pid) or None
        if not self._flags[row] & PUBLISHED:
            return None
        place = self._place(row)
        slug = self._slug_of(row)
        files = self.preset.files(place, slug)
        return self.preset.link(files, place, slug) if liquid else files.url

    def knows(self, pid: int) -> bool:
        return pid in self.rows or pid in self.attachments


def _in_cycle(pid: int, nesting: dict[int, int]) -> bool:
    seen: set[int] = set()
    current = pid
    while current in nesting and current not in seen:
        seen.add(current)
        current = nesting[current]
        if current == pid:
            return True
    return False


def _depth(pid: int, nesting: dict[int, int]) -> int:
    depth = 0
    while pid in nesting:
        pid = nesting[pid]
        depth += 1
    return depth

