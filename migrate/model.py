"""The records a WXR export is read into: site, authors, terms, posts, comments.

Field names are WXR's own element names without prefix (``post_title`` and
``post_content`` for ``title`` and ``content:encoded``, ``creator`` for
``dc:creator``), so writers and the JSON format share one vocabulary. Text is kept
exactly as the export wrote it; ids are integers (``None`` when absent or not a
number); WordPress's zero date ``0000-00-00 00:00:00`` is ``None``. Every record
remembers the line of the export it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

PING_TYPES = frozenset({"pingback", "trackback"})
R = TypeVar("R")


def _pickled_by_fields(cls: type[R]) -> type[R]:
    """Pickle a record as its class and its field values, rebuilt by the constructor:
    half the cost of the dataclass default, which restores each slot from Python
    (``--jobs`` workers receive every post this way)."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    values = attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)

    def __reduce__(self: R) -> tuple[type[R], Any]:
        return cls, values(self)

    setattr(cls, "__reduce__", __reduce__)  # noqa: B010 (mypy refuses assigning a method)
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Meta:
    """One ``wp:postmeta``/``wp:termmeta``/``wp:commentmeta`` entry; keys may repeat."""

    meta_key: str
    meta_value: str


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Author:
    author_id: int | None
    author_login: str
    author_email: str = ""
    author_display_name: str = ""
    author_first_name: str = ""
    author_last_name: str = ""
    line: int | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Term:
    """A category, tag or custom-taxonomy term declared in the channel header.

    ``element`` names the element that declared it (``category``, ``tag`` or
    ``term``); ``parent`` is the parent term's slug ('' for none).
    """

    term_id: int | None
    taxonomy: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""
    termmeta: tuple[Meta, ...] = ()
    element: str = "term"
    line: int | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class PostTerm:
    """A term attached to an item (``<category domain=... nicename=...>``)."""

    taxonomy: str
    slug: str
    name: str


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Comment:
    """A comment, or (``comment_type`` pingback/trackback) a ping."""

    comment_id: int | None
    comment_author: str = ""
    comment_author_email: str = ""
    comment_author_url: str = ""
    comment_author_IP: str = ""
    comment_date: str | None = None
    comment_date_gmt: str | None = None
    comment_content: str = ""
    comment_approved: str = "1"
    comment_type: str = ""
    comment_parent: int = 0
    comment_user_id: int = 0
    commentmeta: tuple[Meta, ...] = ()
    line: int | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Post:
    """One ``<item>``: a post, page, attachment, menu item or custom-type entry."""

    post_id: int | None
    post_title: str = ""
    link: str = ""
    guid: str = ""
    pub_date: str = ""
    creator: str = ""
    description: str = ""
    post_content: str = ""
    post_excerpt: str = ""
    post_date: str | None = None
    post_date_gmt: str | None = None
    post_modified: str | None = None
    post_modified_gmt: str | None = None
    comment_status: str = ""
    ping_status: str = ""
    post_name: str = ""
    status: str = ""
    post_parent: int = 0
    menu_order: int = 0
    post_type: str = "post"
    post_password: str = ""
    is_sticky: bool = False
    attachment_url: str | None = None
    terms: tuple[PostTerm, ...] = ()
    postmeta: tuple[Meta, ...] = ()
    comments: tuple[Comment, ...] = ()
    pingbacks: tuple[Comment, ...] = ()
    line: int | None = None

    def meta(self, key: str) -> str | None:
        """The first value of a postmeta key, or None."""
        for m in self.postmeta:
            if m.meta_key == key:
                return m.meta_value
        return None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Site:
    """The channel header: everything declared before (or between) the items."""

    title: str = ""
    link: str = ""
    description: str = ""
    pub_date: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    generator: str = ""
    authors: tuple[Author, ...] = ()
    terms: tuple[Term, ...] = ()
    source: str = ""
