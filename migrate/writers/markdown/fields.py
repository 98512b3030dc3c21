"""The front matter of one item: which fields, under which names, with which values.

Canonical field names are the issue's (``title``, ``date``, ``summary``,
``aliases``...); a preset renames some (Jekyll's ``redirect_from``), and
``--front-matter-fields title,date,tags:keywords`` chooses and renames them.
``wordpress_id`` is always written. ``--meta KEY`` adds a postmeta value, PHP
serialized values decoded into lists and maps.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from ... import phpserial
from ...errors import MigrateError
from ...model import Post
from .index import CATEGORY, INTERNAL_TAXONOMIES, TAGS, is_published, kind_of
from .links import old_path
from .presets import PAGE, POST, Preset

CANONICAL = (
    "title", "date", "lastmod", "draft", "published", "status", "slug", "author",
    "categories", "tags", "taxonomies", "summary", "featured_image", "aliases", "type",
    "sticky", "menu_order", "wordpress_id",
)
# Fields a user may not give another field's name to, and statuses worth stating.
_SHOWN_STATUS = frozenset({"private", "pending", "future", "trash"})
_NAME = re.compile(r"[A-Za-z_][\w-]*")


@dataclass(frozen=True, slots=True)
class Values:
    """Per-item facts computed by the writer, beyond what the post itself holds."""

    date: datetime | None
    lastmod: datetime | None
    slug: str
    summary: str | None
    featured_image: str | None
    alias: str | None


def parse_spec(text: str | None) -> list[tuple[str, str | None]] | None:
    """``title,date,tags:keywords`` -> ``[("title", None), ..., ("tags", "keywords")]``."""
    if text is None or not text.strip():
        return None
    spec: list[tuple[str, str | None]] = []
    for part in text.split(","):
        name, _, rename = (p.strip() for p in part.partition(":"))
        if not _NAME.fullmatch(name) or (rename and not _NAME.fullmatch(rename)):
            raise MigrateError(
                f"--front-matter-fields: {part.strip()!r} is not FIELD or FIELD:NAME",
                hint="for example title,date,tags:keywords",
            )
        spec.append((name, rename or None))
    return spec


class FrontMatter:
    """Builds each item's front matter for one preset and one field selection."""

    def __init__(self, preset: Preset, spec: str | None, meta_keys: Sequence[str],
                 authors: Mapping[str, str], taxonomies: set[str]) -> None:
        self.preset = preset
        self.authors = authors
        self.meta_keys = tuple(dict.fromkeys(meta_keys))
        self.taxonomies = sorted(taxonomies)
        self.layout = self._layout(parse_spec(spec))

    def _layout(self, spec: list[tuple[str, str | None]] | None) -> list[tuple[str, str]]:
        """``(source, output name)`` pairs in output order; sources are canonical field
        names, ``tax:NAME`` for a custom taxonomy or ``meta:KEY`` for a postmeta key."""
        known = {n: n for n in CANONICAL} | {t: f"tax:{t}" for t in self.taxonomies}
        known |= {k: f"meta:{k}" for k in self.meta_keys}
        if spec is None:
            spec = [(n, None) for n in CANONICAL]
        layout: list[tuple[str, str]] = []
        for name, rename in spec:
            if name not in known:
                raise MigrateError(
                    f"--front-matter-fields: unknown field {name!r}; known: "
                    + ", ".join(known),
                )
            if name == "taxonomies":
                layout += [(f"tax:{t}", t) for t in self.taxonomies
                           if all(s != f"tax:{t}" for s, _ in layout)]
                continue
            layout.append((known[name], rename or self.preset.renames.get(name, name)))
        for source in ("wordpress_id", *(f"meta:{k}" for k in self.meta_keys)):
            if all(s != source for s, _ in layout):
                layout.append((source, source.removeprefix("meta:")))
        names = [out for _, out in layout]
        clash = sorted({n for n in names if names.count(n) > 1})
        if clash:
            raise MigrateError(f"front matter would have two fields named {', '.join(clash)}",
                               hint="rename one with --front-matter-fields FIELD:NAME")
        return layout

    def build(self, post: Post, values: Values, warn: Callable[[str, str], None]) -> dict[str, Any]:
        known = self._values(post, values)
        out: dict[str, Any] = {}
        for source, name in self.layout:
            if source.startswith("tax:"):
                value: Any = _terms(post, source[4:].__eq__)
            elif source.startswith("meta:"):
                value = meta_value(post, source[5:], warn)
            else:
                value = known[source]
            if value is None or value == []:
                continue
            if source in self.preset.list_fields and not isinstance(value, list):
                value = [value]
            out[name] = value
        return out

    def _values(self, post: Post, v: Values) -> dict[str, Any]:
        """Every canonical field's value for ``post`` (None: leave the field out)."""
        published = is_published(post)
        creator = post.creator.strip()
        kind = kind_of(post)
        return {
            "title": html.unescape(post.post_title),
            "date": v.date,
            "lastmod": v.lastmod,
            "draft": None if published else True,
            "published": self._published_flag(kind, published),
            "status": _status(post),
            "slug": v.slug,
            "author": self.authors.get(creator, creator) or None,
            "categories": _terms(post, lambda t: t == CATEGORY),
            "tags": _terms(post, lambda t: t in TAGS),
            "summary": v.summary or None,
            "featured_image": v.featured_image,
            "aliases": [v.alias] if v.alias else None,
            "type": None if kind in (POST, PAGE) else kind,
            "sticky": True if post.is_sticky else None,
            "menu_order": self._order(post),
            "wordpress_id": post.post_id,
        }

    def _order(self, post: Post) -> int | None:
        """``menu_order``; as Hugo's ``weight`` for pages, shifted so that 0 is not
        Hugo's "no weight" (which sorts last) and page order is kept."""
        order = post.menu_order
        if self.preset.weights and kind_of(post) == PAGE:
            return order + 1 if order >= 0 else order
        return order or None

    def _published_flag(self, kind: str, published: bool) -> bool | None:
        """Jekyll has drafts for posts only; other unpublished items say published: false."""
        if self.preset.name != "jekyll" or published or kind == POST:
            return None
        return False


def _status(post: Post) -> str | None:
    if post.status == "publish" and post.post_password:
        return "protected"
    return post.status if post.status in _SHOWN_STATUS else None


def _terms(post: Post, wanted: Callable[[str], bool]) -> list[str]:
    """Display names of the post's terms in one taxonomy, in export order, once each."""
    names = [html.unescape(t.name).strip() for t in post.terms
             if wanted(t.taxonomy) and t.taxonomy not in INTERNAL_TAXONOMIES]
    return list(dict.fromkeys(n for n in names if n))


def meta_value(post: Post, key: str, warn: Callable[[str, str], None]) -> Any:
    """A postmeta value (a list when the key repeats), PHP serialized values decoded."""
    values = [_decode(m.meta_value, key, warn) for m in post.postmeta if m.meta_key == key]
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def _decode(text: str, key: str, warn: Callable[[str, str], None]) -> Any:
    if not phpserial.looks_serialized(text):
        return text
    for candidate in (text, phpserial.repair(text)):
        if candidate is None:
            continue
        try:
            return _plain(phpserial.loads(candidate))
        except phpserial.PhpSerializeError:
            continue
    warn("META_UNREADABLE", f"postmeta {key!r} looks PHP-serialized but cannot be read; "
         "written as text")
    return text


def _plain(value: Any) -> Any:
    """Maps with string keys (TOML and most YAML readers want them), lists as lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def alias_path(link: str) -> str | None:
    """The old permalink's path, decoded (the form a web server looks files up by)."""
    path = old_path(link)
    if path is None:
        return None
    decoded = unquote(path, errors="replace")
    if any(ch in decoded for ch in "\\\n\r\t\0") or "//" in decoded:
        return None
    return decoded
