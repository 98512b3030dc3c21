"""WXR elements to records: one function per element kind, matched by namespace URI.

``qname`` maps ``{uri}local`` to a stable qualified name (``wp:post_id``,
``content:encoded``) whatever prefix or WXR version (1.0, 1.1, 1.2; http or https)
the export used; elements of other namespaces are ignored, so a prefix re-bound to a
foreign URI cannot smuggle fields in.
"""

from __future__ import annotations

import re
from typing import Any

from .model import PING_TYPES, Author, Comment, Meta, Post, PostTerm, Site, Term

_WP_NS = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
_EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
_FIXED_NS = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "https://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "https://purl.org/dc/elements/1.1/": "dc",
}
_ZERO_DATES = frozenset({"", "0000-00-00 00:00:00", "0000-00-00"})
_INT = re.compile(r"^\s*[-+]?\d+\s*$")

_names: dict[str, str | None] = {}
_UNSEEN = "\0unseen"


def qname(tag: str) -> str | None:
    """``{uri}local`` to ``wp:local``/``content:encoded``/``title``; None if foreign."""
    try:
        return _names[tag]
    except KeyError:
        pass
    name: str | None
    if tag[:1] != "{":
        name = tag
    else:
        uri, local = tag[1:].split("}", 1)
        if _WP_NS.match(uri):
            name = "wp:" + local
        elif _EXCERPT_NS.match(uri):
            name = "excerpt:" + local
        elif uri in _FIXED_NS:
            name = f"{_FIXED_NS[uri]}:{local}"
        else:
            name = None
    _names[tag] = name
    return name


def text_of(el: Any) -> str:
    """The element's text as written: CDATA sections joined, entities decoded."""
    if len(el):
        return "".join(el.itertext())
    return el.text or ""


def to_int(value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    return int(value) if _INT.match(value) else None


def to_date(value: str | None) -> str | None:
    """WordPress date text, or None for absent and zero dates."""
    if value is None:
        return None
    value = value.strip()
    return None if value in _ZERO_DATES else value


def texts(el: Any, metas: list[Meta] | None = None, meta_name: str = "") -> dict[str, str]:
    """The text of each known child by qualified name; a repeated name keeps the last.

    With ``metas``, children named ``meta_name`` are read into it as ``Meta`` records
    instead (one pass over the children for both).
    """
    out: dict[str, str] = {}
    names = _names
    for child in el:
        tag = child.tag
        name = names.get(tag, _UNSEEN) if isinstance(tag, str) else None
        if name is _UNSEEN:
            name = qname(tag)
        if name is None:
            continue
        if metas is not None and name == meta_name:
            metas.append(_meta(child))
        else:
            out[name] = "".join(child.itertext()) if len(child) else (child.text or "")
    return out


def _meta(el: Any) -> Meta:
    """A ``wp:postmeta``-like element (the hottest record: no dict built for it)."""
    key = value = ""
    names = _names
    for child in el:
        tag = child.tag
        name = names.get(tag, _UNSEEN) if isinstance(tag, str) else None
        if name is _UNSEEN:
            name = qname(tag)
        if name == "wp:meta_key":
            key = "".join(child.itertext()) if len(child) else (child.text or "")
        elif name == "wp:meta_value":
            value = "".join(child.itertext()) if len(child) else (child.text or "")
    return Meta(key, value)


def read_author(el: Any) -> Author:
    t = texts(el)
    return Author(
        author_id=to_int(t.get("wp:author_id")),
        author_login=t.get("wp:author_login", "").strip(),
        author_email=t.get("wp:author_email", "").strip(),
        author_display_name=t.get("wp:author_display_name", ""),
        author_first_name=t.get("wp:author_first_name", ""),
        author_last_name=t.get("wp:author_last_name", ""),
        line=el.sourceline,
    )


# element -> (taxonomy or its field, slug field, name field, parent field, description field)
_TERM_FIELDS = {
    "wp:category": (
        "category", "wp:category_nicename", "wp:cat_name", "wp:category_parent",
        "wp:category_description",
    ),
    "wp:tag": ("post_tag", "wp:tag_slug", "wp:tag_name", "", "wp:tag_description"),
    "wp:term": (
        "wp:term_taxonomy", "wp:term_slug", "wp:term_name", "wp:term_parent",
        "wp:term_description",
    ),
}


def read_term(el: Any, element: str) -> Term:
    taxonomy, slug, name, parent, description = _TERM_FIELDS[element]
    metas: list[Meta] = []
    t = texts(el, metas, "wp:termmeta")
    if taxonomy.startswith("wp:"):
        taxonomy = t.get(taxonomy, "").strip()
    return Term(
        term_id=to_int(t.get("wp:term_id")),
        taxonomy=taxonomy,
        slug=t.get(slug, "").strip(),
        name=t.get(name, ""),
        parent=t.get(parent, "").strip() if parent else "",
        description=t.get(description, ""),
        termmeta=tuple(metas),
        element=element.split(":", 1)[1],
        line=el.sourceline,
    )


def read_comment(el: Any) -> Comment:
    metas: list[Meta] = []
    t = texts(el, metas, "wp:commentmeta")
    g = t.get
    return Comment(
        comment_id=to_int(g("wp:comment_id")),
        comment_author=g("wp:comment_author", ""),
        comment_author_email=g("wp:comment_author_email", "").strip(),
        comment_author_url=g("wp:comment_author_url", "").strip(),
        comment_author_IP=g("wp:comment_author_IP", "").strip(),
        comment_date=to_date(g("wp:comment_date")),
        comment_date_gmt=to_date(g("wp:comment_date_gmt")),
        comment_content=g("wp:comment_content", ""),
        comment_approved=g("wp:comment_approved", "1").strip(),
        comment_type=g("wp:comment_type", "").strip(),
        comment_parent=to_int(g("wp:comment_parent")) or 0,
        comment_user_id=to_int(g("wp:comment_user_id")) or 0,
        commentmeta=tuple(metas),
        line=el.sourceline,
    )


def read_item(item: Any) -> Post:
    """One ``<item>`` element to a Post; comments and pings go to separate tuples."""
    t: dict[str, str] = {}
    terms: list[PostTerm] = []
    postmeta: list[Meta] = []
    comments: list[Comment] = []
    pings: list[Comment] = []
    names = _names
    for child in item:
        tag = child.tag
        name = names.get(tag, _UNSEEN) if isinstance(tag, str) else None
        if name is _UNSEEN:
            name = qname(tag)
        if name is None:
            continue
        if name == "wp:postmeta":
            postmeta.append(_meta(child))
        elif name == "wp:comment":
            c = read_comment(child)
            (pings if c.comment_type in PING_TYPES else comments).append(c)
        elif name == "category":
            nicename = child.get("nicename")
            if nicename is not None:  # WXR 1.0's attribute-less duplicate is not a term
                terms.append(PostTerm(child.get("domain", ""), nicename, text_of(child)))
        else:
            t[name] = "".join(child.itertext()) if len(child) else (child.text or "")
    return _post(t, item.sourceline, terms, postmeta, comments, pings)


def _post(
    t: dict[str, str],
    line: int | None,
    terms: list[PostTerm],
    postmeta: list[Meta],
    comments: list[Comment],
    pings: list[Comment],
) -> Post:
    g = t.get
    url = g("wp:attachment_url")
    return Post(
        post_id=to_int(g("wp:post_id")),
        post_title=g("title", ""),
        link=g("link", "").strip(),
        guid=g("guid", "").strip(),
        pub_date=g("pubDate", "").strip(),
        creator=g("dc:creator", "").strip(),
        description=g("description", ""),
        post_content=g("content:encoded", ""),
        post_excerpt=g("excerpt:encoded", ""),
        post_date=to_date(g("wp:post_date")),
        post_date_gmt=to_date(g("wp:post_date_gmt")),
        post_modified=to_date(g("wp:post_modified")),
        post_modified_gmt=to_date(g("wp:post_modified_gmt")),
        comment_status=g("wp:comment_status", "").strip(),
        ping_status=g("wp:ping_status", "").strip(),
        post_name=g("wp:post_name", "").strip(),
        status=g("wp:status", "").strip(),
        post_parent=to_int(g("wp:post_parent")) or 0,
        menu_order=to_int(g("wp:menu_order")) or 0,
        post_type=g("wp:post_type", "").strip(),
        post_password=g("wp:post_password", ""),
        is_sticky=(to_int(g("wp:is_sticky")) or 0) != 0,
        attachment_url=None if url is None else url.strip(),
        terms=tuple(terms),
        postmeta=tuple(postmeta),
        comments=tuple(comments),
        pingbacks=tuple(pings),
        line=line,
    )


_SITE_TEXT = {
    "title": "title",
    "link": "link",
    "description": "description",
    "pubDate": "pub_date",
    "language": "language",
    "generator": "generator",
    "wp:wxr_version": "wxr_version",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}
_STRIPPED = frozenset({"wxr_version", "base_site_url", "base_blog_url", "language", "link"})


class Header:
    """Accumulates channel-level declarations, before and (rarely) between items."""

    def __init__(self) -> None:
        self.text: dict[str, str] = {}
        self.authors: list[Author] = []
        self.terms: list[Term] = []

    def take(self, el: Any) -> bool:
        """Read one channel child; True if it was a declaration this reader knows."""
        tag = el.tag
        if not isinstance(tag, str):
            return False
        name = qname(tag)
        if name == "wp:author":
            self.authors.append(read_author(el))
        elif name in _TERM_FIELDS:
            self.terms.append(read_term(el, name))
        elif name in _SITE_TEXT:
            key = _SITE_TEXT[name]
            value = text_of(el)
            self.text.setdefault(key, value.strip() if key in _STRIPPED else value)
        else:
            return False
        return True

    def site(self, source: str) -> Site:
        t = self.text
        base = t.get("base_site_url", "")
        return Site(
            title=t.get("title", ""),
            link=t.get("link", ""),
            description=t.get("description", ""),
            pub_date=t.get("pub_date", ""),
            language=t.get("language", ""),
            wxr_version=t.get("wxr_version", ""),
            base_site_url=base,
            base_blog_url=t.get("base_blog_url") or base,
            generator=t.get("generator", ""),
            authors=tuple(self.authors),
            terms=tuple(self.terms),
            source=source,
        )
