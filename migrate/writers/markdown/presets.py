"""Where each static-site generator wants things, and what it calls them.

A preset decides, for an item with a given slug, which files it occupies (its
Markdown, its comments data), the URL the generator serves it at (for redirect
maps and rewritten links), where the media manifest and redirect files go, and the
preset's names for front-matter fields. Nothing here reads posts or writes files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ...errors import MigrateError
from .paths import slug_text

POST, PAGE = "post", "page"
_LIQUID = ("{{", "{%")
_HUGO_SHORTCODE = re.compile(r"\{\{([<%])(.*?)([>%])\}\}", re.DOTALL)
# Folder names a custom post type may not take (they are the presets' own).
_RESERVED_FOLDERS = frozenset(
    {"posts", "pages", "content", "data", "static", "layouts", "assets", "media", "comments"}
)


@dataclass(frozen=True, slots=True)
class Place:
    """What a layout needs to know about an item besides its slug."""

    kind: str  # POST, PAGE or a custom post type
    parents: tuple[str, ...]  # ancestors' final slugs, outermost first
    day: str  # YYYY-MM-DD of the local post date ('' if unknown)
    published: bool
    branch: bool  # has children written under it


@dataclass(frozen=True, slots=True)
class Files:
    """Where an item goes, relative to the output folder."""

    markdown: str
    comments: str
    url: str  # root-relative URL the generator serves the item at
    claim: str  # the file or bundle folder that must be the item's alone


def type_folder(post_type: str) -> str:
    """The folder of a custom post type: its slug, kept clear of the presets' folders."""
    folder = slug_text(post_type) or "type"
    return f"type-{folder}" if folder in _RESERVED_FOLDERS else folder


class Preset:
    """Plain layout (also the base of the others): ``posts/<slug>.md``, ``pages/<path>.md``."""

    name: ClassVar[str] = "plain"
    media: ClassVar[str] = "media.json"
    redirects_dir: ClassVar[str] = ""
    comments_format: ClassVar[str] = "yaml"
    #: Canonical field name -> this preset's name for it.
    renames: ClassVar[Mapping[str, str]] = {}
    #: Fields this preset writes as a list even when there is one value.
    list_fields: ClassVar[frozenset[str]] = frozenset()
    #: ``menu_order`` becomes a weight for every page (Hugo: weight 0 means none).
    weights: ClassVar[bool] = False
    #: Fences around TOML front matter, or None if the generator cannot read TOML.
    toml_fences: ClassVar[tuple[str, str] | None] = ("+++", "+++")

    def folder(self, kind: str) -> str:
        return {POST: "posts", PAGE: "pages"}.get(kind) or type_folder(kind)

    def files(self, place: Place, slug: str) -> Files:
        stem = "/".join((self.folder(place.kind), *place.parents, slug))
        md = f"{stem}.md"
        return Files(md, self.comments_file(stem), f"/{stem}/", md)

    def comments_file(self, stem: str) -> str:
        return f"{stem}.comments.yaml"

    def link(self, files: Files, place: Place, slug: str) -> str:
        """What an internal link to this item becomes."""
        return files.url

    def guard(self, body: str) -> tuple[str, dict[str, Any]]:
        """Keep the generator's template language off the text: the body to write and
        any front matter that switches templating off for this file."""
        return body, {}


class EleventyPreset(Preset):
    """Eleventy: the plain layout; comments in a template data file Eleventy merges."""

    name = "eleventy"
    media = "_data/media.json"
    comments_format = "json"
    toml_fences = ("---toml", "---")

    def comments_file(self, stem: str) -> str:
        return f"{stem}.11tydata.json"

    def guard(self, body: str) -> tuple[str, dict[str, Any]]:
        # Eleventy runs Markdown through Liquid first; this file must not be.
        return body, ({"templateEngineOverride": "md"} if any(m in body for m in _LIQUID)
                      else {})


class HugoPreset(Preset):
    """Hugo page bundles: ``content/posts/<slug>/index.md`` with ``comments.yaml`` beside it.

    A page with children is a branch bundle (``_index.md``): a leaf bundle cannot
    hold other pages.
    """

    name = "hugo"
    media = "data/media.json"
    redirects_dir = "static"
    renames: ClassVar[Mapping[str, str]] = {"featured_image": "images", "menu_order": "weight"}
    list_fields = frozenset({"featured_image"})
    weights = True

    def folder(self, kind: str) -> str:
        return "content/" + super().folder(kind)

    def files(self, place: Place, slug: str) -> Files:
        bundle = "/".join((self.folder(place.kind), *place.parents, slug))
        index = "_index.md" if place.branch else "index.md"
        url = "/" + bundle.removeprefix("content/") + "/"
        return Files(f"{bundle}/{index}", f"{bundle}/comments.yaml", url, bundle)

    def guard(self, body: str) -> tuple[str, dict[str, Any]]:
        # A literal {{< name >}} would be run as a shortcode; Hugo's escape shows it as is.
        return _HUGO_SHORTCODE.sub(r"{{\1/*\2*/\3}}", body), {}


class JekyllPreset(Preset):
    """Jekyll: ``_posts/YYYY-MM-DD-<slug>.md``, ``_drafts/<slug>.md``, pages by path.

    Comments go to ``_data/comments/<slug>.yml`` (``site.data.comments[page.slug]``),
    so slugs are unique across the whole site. URLs assume
    ``permalink: /:year/:month/:day/:title/`` for posts and pretty URLs for pages.
    """

    name = "jekyll"
    media = "_data/media.json"
    toml_fences = None
    renames: ClassVar[Mapping[str, str]] = {
        "aliases": "redirect_from",
        "lastmod": "last_modified_at",
        "summary": "excerpt",
        "featured_image": "image",
    }

    def folder(self, kind: str) -> str:
        return "" if kind == PAGE else super().folder(kind)

    def files(self, place: Place, slug: str) -> Files:
        comments = f"_data/comments/{slug}.yml"
        if place.kind == POST:
            if place.published:
                md = f"_posts/{place.day}-{slug}.md"
                url = "/" + "/".join(place.day.split("-")) + f"/{slug}/"
            else:
                md, url = f"_drafts/{slug}.md", f"/drafts/{slug}/"
            return Files(md, comments, url, md)
        stem = "/".join(p for p in (self.folder(place.kind), *place.parents, slug) if p)
        return Files(f"{stem}.md", comments, f"/{stem}/", f"{stem}.md")

    def link(self, files: Files, place: Place, slug: str) -> str:
        # Liquid tags: Jekyll resolves them whatever the site's permalink setting.
        if place.kind == POST:
            return "{% post_url " + files.markdown.removeprefix("_posts/")[:-3] + " %}"
        return "{% link " + files.markdown + " %}"

    def guard(self, body: str) -> tuple[str, dict[str, Any]]:
        # Jekyll runs Liquid over every page; text that looks like Liquid switches it off
        # (and then internal links are written as plain URLs, not link tags).
        return body, ({"render_with_liquid": False} if any(m in body for m in _LIQUID)
                      else {})


PRESETS: dict[str, type[Preset]] = {
    cls.name: cls for cls in (Preset, HugoPreset, JekyllPreset, EleventyPreset)
}


def get(name: str) -> Preset:
    try:
        return PRESETS[name]()
    except KeyError:
        raise MigrateError(
            f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}"
        ) from None
