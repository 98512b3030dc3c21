"""The first pass: a compact index of every item, then a place for each one.

``prepare`` sees every item before anything is written, so a child page listed
before its parent, a ``_thumbnail_id``, ``[gallery ids=...]`` and a link to a later
post all resolve. Per item it keeps one small tuple (slug, parent, kind, day,
flags) and a hashed permalink, never content; ``finish`` then gives each item its
final slug, parents first, the published item first when two want the same slug.
Files and URLs are derived from the tuple when needed.
"""

from __future__ import annotations

import html
import sys
from functools import partial
from typing import NamedTuple

from ...diagnostics import Reporter
from ...model import Post
from . import presets
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


def kind_of(post: Post) -> str:
    """``post``, ``page`` or the custom post type."""
    return post.post_type or presets.POST


def skip_reason(post: Post, *, include_trash: bool) -> str | None:
    """Why an item gets no Markdown file (None: it gets one)."""
    kind = kind_of(post)
    if post.post_id is None:
        return "no_id"
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
    """What the index keeps of an item that gets a file."""

    slug: str  # the wanted slug; the final one after ``finish``
    parent: int  # post_parent; after ``finish``, the parent it nests under (or 0)
    kind: str
    day: int
    flags: int  # PUBLISHED | BRANCH


class SiteIndex:
    def __init__(self, preset: presets.Preset, *, unicode_slugs: bool, include_trash: bool,
                 report: Reporter) -> None:
        self.preset = preset
        self.unicode_slugs = unicode_slugs
        self.include_trash = include_trash
        self.report = report
        self.items: dict[int, Item] = {}
        self.attachments: dict[int, str] = {}  # id -> file URL
        self.attachment_meta: dict[int, tuple[str, str]] = {}  # id -> (alt, caption)
        self.by_path: dict[int, int] = {}  # digest of an old permalink path -> id
        self.taxonomies: set[str] = set()
        self.offsets = Offsets()

    def add(self, post: Post) -> None:
        self.offsets.add(post.post_date, post.post_date_gmt)
        pid = post.post_id
        if pid is None or pid in self.items or pid in self.attachments:
            return
        if kind_of(post) == "attachment":
            self._add_attachment(pid, post)
            return
        if skip_reason(post, include_trash=self.include_trash) is not None:
            return
        slug = item_slug(post.post_name, html.unescape(post.post_title), pid,
                         unicode=self.unicode_slugs)
        flags = PUBLISHED if is_published(post) else 0
        self.items[pid] = Item(slug, post.post_parent, sys.intern(kind_of(post)),
                               local_day(post), flags)
        for term in post.terms:
            if term.taxonomy != CATEGORY and term.taxonomy not in TAGS | INTERNAL_TAXONOMIES:
                self.taxonomies.add(term.taxonomy)
        self._add_path(post.link, pid)

    def _add_attachment(self, pid: int, post: Post) -> None:
        self.attachments[pid] = (post.attachment_url or post.guid).strip()
        alt, caption = post.meta("_wp_attachment_image_alt") or "", post.post_excerpt
        if alt or caption:
            self.attachment_meta[pid] = (alt, caption)
        self._add_path(post.link, pid)  # a link to the attachment's page leads to its file

    def _add_path(self, link: str, pid: int) -> None:
        path = old_path(link)
        if path is not None:
            self.by_path.setdefault(path_digest(path), pid)

    # ----------------------------------------------------------------- placing

    def finish(self) -> None:
        """Give every item its final slug, parents before children."""
        nesting = self._nesting()
        depth = {pid: _depth(pid, nesting) for pid in self.items}
        branches = set(nesting.values())
        claims = Claims()
        order = sorted(self.items, key=lambda p: (depth[p], not self.items[p].flags & PUBLISHED, p))
        for pid in order:
            item = self.items[pid]
            flags = item.flags | (BRANCH if pid in branches else 0)
            placing = item._replace(parent=nesting.get(pid, 0), flags=flags)
            self.items[pid] = placing  # parents are final already: they sort first
            slug = claims.take(item.slug, partial(self._claimed, placing))
            self.items[pid] = placing._replace(slug=slug)

    def _claimed(self, item: Item, slug: str) -> list[str]:
        files = self.preset.files(self._place(item), slug)
        return [files.claim, files.comments]

    def _nesting(self) -> dict[int, int]:
        """Child id -> the parent it nests under (written, same kind, no cycle)."""
        nesting: dict[int, int] = {}
        for pid, item in sorted(self.items.items()):
            parent = self.items.get(item.parent)
            if item.parent and parent is None:
                self.report.warn(
                    "PARENT_MISSING",
                    f"parent {item.parent} is not written (not in the export, or skipped); "
                    "written at the top level",
                    post_id=pid,
                )
            elif parent is not None and parent.kind == item.kind:
                nesting[pid] = item.parent
        for pid in [p for p in nesting if _in_cycle(p, nesting)]:
            self.report.warn("PARENT_CYCLE", "parents form a cycle; written at the top level",
                             post_id=pid)
            del nesting[pid]
        return nesting

    # ----------------------------------------------------------------- lookups

    def _place(self, item: Item) -> presets.Place:
        parents: list[str] = []
        parent = item.parent
        while parent:
            above = self.items[parent]
            parents.append(above.slug)
            parent = above.parent
        day = f"{item.day // 10000:04d}-{item.day // 100 % 100:02d}-{item.day % 100:02d}"
        return presets.Place(item.kind, tuple(reversed(parents)), day,
                             bool(item.flags & PUBLISHED), bool(item.flags & BRANCH))

    def files(self, pid: int) -> presets.Files:
        item = self.items[pid]
        return self.preset.files(self._place(item), item.slug)

    def link(self, pid: int, *, liquid: bool = True) -> str | None:
        """What a link to item ``pid`` becomes (None: leave it alone).

        Only items public on the old site are link targets; an attachment's page
        becomes its file. ``liquid=False`` asks for a plain URL even from Jekyll.
        """
        item = self.items.get(pid)
        if item is None:
            return self.attachments.get(pid) or None
        if not item.flags & PUBLISHED:
            return None
        place = self._place(item)
        files = self.preset.files(place, item.slug)
        return self.preset.link(files, place, item.slug) if liquid else files.url

    def knows(self, pid: int) -> bool:
        return pid in self.items or pid in self.attachments


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

