"""Records as plain, JSON-ready dicts in the ``wxr-migrate/1`` vocabulary.

One place decides field names and order for every writer that emits records (JSON,
JSON Lines, the SQLite writer's rows): WXR's element names without prefix, ids as
integers, dates as the export's text (``None`` for zero dates), lists in document
order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .media.extract import MediaRef
from .model import Author, Comment, Meta, Post, PostTerm, Site, Term

FORMAT = "wxr-migrate/1"

SITE_FIELDS = (
    ("title", "title"), ("link", "link"), ("description", "description"),
    ("pubDate", "pub_date"), ("language", "language"), ("wxr_version", "wxr_version"),
    ("base_site_url", "base_site_url"), ("base_blog_url", "base_blog_url"),
    ("generator", "generator"),
)
AUTHOR_FIELDS = (
    "author_id", "author_login", "author_email", "author_display_name",
    "author_first_name", "author_last_name",
)
COMMENT_FIELDS = (
    "comment_id", "comment_author", "comment_author_email", "comment_author_url",
    "comment_author_IP", "comment_date", "comment_date_gmt", "comment_content",
    "comment_approved", "comment_type", "comment_parent", "comment_user_id",
)
POST_FIELDS = (
    ("post_id", "post_id"), ("post_title", "post_title"), ("link", "link"), ("guid", "guid"),
    ("pubDate", "pub_date"), ("creator", "creator"), ("description", "description"),
    ("post_content", "post_content"), ("post_excerpt", "post_excerpt"),
    ("post_date", "post_date"), ("post_date_gmt", "post_date_gmt"),
    ("post_modified", "post_modified"), ("post_modified_gmt", "post_modified_gmt"),
    ("comment_status", "comment_status"), ("ping_status", "ping_status"),
    ("post_name", "post_name"), ("status", "status"), ("post_parent", "post_parent"),
    ("menu_order", "menu_order"), ("post_type", "post_type"),
    ("post_password", "post_password"), ("is_sticky", "is_sticky"),
    ("attachment_url", "attachment_url"),
)


def site_dict(site: Site) -> dict[str, Any]:
    return {key: getattr(site, attr) for key, attr in SITE_FIELDS}


def author_dict(author: Author) -> dict[str, Any]:
    return {key: getattr(author, key) for key in AUTHOR_FIELDS}


def meta_list(metas: tuple[Meta, ...]) -> list[dict[str, str]]:
    return [{"meta_key": m.meta_key, "meta_value": m.meta_value} for m in metas]


def term_dict(term: Term) -> dict[str, Any]:
    return {
        "term_id": term.term_id,
        "taxonomy": term.taxonomy,
        "slug": term.slug,
        "name": term.name,
        "parent": term.parent,
        "description": term.description,
        "termmeta": meta_list(term.termmeta),
        "element": term.element,
    }


def post_term_dict(term: PostTerm) -> dict[str, str]:
    return {"taxonomy": term.taxonomy, "slug": term.slug, "name": term.name}


def comment_dict(comment: Comment) -> dict[str, Any]:
    out = {key: getattr(comment, key) for key in COMMENT_FIELDS}
    out["commentmeta"] = meta_list(comment.commentmeta)
    return out


def post_dict(post: Post, media: Sequence[MediaRef]) -> dict[str, Any]:
    """An item, with ``media``: its media references (:mod:`migrate.media.extract`)."""
    out = {key: getattr(post, attr) for key, attr in POST_FIELDS}
    out["terms"] = [post_term_dict(t) for t in post.terms]
    out["postmeta"] = meta_list(post.postmeta)
    out["comments"] = [comment_dict(c) for c in post.comments]
    out["pingbacks"] = [comment_dict(c) for c in post.pingbacks]
    out["media"] = [ref.as_dict() for ref in media]
    return out
