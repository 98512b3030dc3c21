"""WXR elements to records: one function per element kind, matched by namespace URI.

``qname`` maps ``{uri}local`` to a stable qualified name (``wp:post_id``,
``content:encoded``) whatever prefix or WXR version (1.0, 1.1, 1.2; http or https)
the export used; elements of other namespaces are ignored, so a prefix re-bound to a
foreign URI cannot smuggle fields in.
"""

from __future__ import annotations

import re
from typing import Any

from .model import Author, Comment, Meta, Post, PostTerm, Site, Term

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
    if value is None or not _INT.match(value):
        return None
    return int(value)


def to_date(value: str | None) -> str | None:
    """WordPress date text, or None for absent and zero dates."""
    if value is None:
        return None
    value = value.strip()
    return None if value in _ZERO_DATES else value


def fields(el: Any) -> dict[str, Any]:
    """The element's known children by qualified name; repeated names keep the last."""
    out: dict[str, Any] = {}
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            name = qname(tag)
            if name is not None:
                out[name] = child
    return out


def _meta(el: Any) -> Meta:
    f = fields(el)
    return Meta(_txt(f, "wp:meta_key"), _txt(f, "wp:meta_value"))


def _txt(f: dict[str, Any], name: str) -> str:
    el = f.get(name)
    return "" if el is None else text_of(el)


def _id(f: dict[str, Any], name: str) -> int | None:
    el = f.get(name)
    return None if el is None else to_int(text_of(el))


def _metas(el: Any, name: str) -> tuple[Meta, ...]:
    return tuple(_meta(c) for c in el if isinstance(c.tag, str) and qname(c.tag) == name)


def read_author(el: Any) -> Author:
    f = fields(el)
    return Author(
        author_id=_id(f, "wp:author_id"),
        author_login=_txt(f, "wp:author_login").strip(),
        author_email=_txt(f, "wp:author_email").strip(),
        author_display_name=_txt(f, "wp:author_display_name"),
        author_first_name=_txt(f, "wp:author_first_name"),
        author_last_name=_txt(f, "wp:author_last_name"),
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
    f = fields(el)
    if taxonomy.startswith("wp:"):
        taxonomy = _txt(f, taxonomy).strip()
    return Term(
        term_id=_id(f, "wp:term_id"),
        taxonomy=taxonomy,
        slug=_txt(f, slug).strip(),
        name=_txt(f, name),
        parent=_txt(f, parent).strip() if parent else "",
        description=_txt(f, description),
        termmeta=_metas(el, "wp:termmeta"),
        element=element.split(":", 1)[1],
        line=el.sourceline,
    )


def read_comment(el: Any) -> Comment:
    f = fields(el)
    return Comment(
        comment_id=_id(f, "wp:comment_id"),
        comment_author=_txt(f, "wp:comment_author"),
        comment_author_email=_txt(f, "wp:comment_author_email").strip(),
        comment_author_url=_txt(f, "wp:comment_author_url").strip(),
        comment_author_IP=_txt(f, "wp:comment_author_IP").strip(),
        comment_date=to_date(_txt(f, "wp:comment_date")),
        comment_date_gmt=to_date(_txt(f, "wp:comment_date_gmt")),
        comment_content=_txt(f, "wp:comment_content"),
        comment_approved=_txt(f, "wp:comment_approved").strip() if "wp:comment_approved" in f
        else "1",
        comment_type=_txt(f, "wp:comment_type").strip(),
        comment_parent=_id(f, "wp:comment_parent") or 0,
        comment_user_id=_id(f, "wp:comment_user_id") or 0,
        commentmeta=_metas(el, "wp:commentmeta"),
        line=el.sourceline,
    )


def read_item(item: Any) -> Post:
    """One ``<item>`` element to a Post; comments and pings go to separate tuples."""
    f: dict[str, Any] = {}
    terms: list[PostTerm] = []
    postmeta: list[Meta] = []
    comments: list[Comment] = []
    pings: list[Comment] = []
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = _names.get(tag) or qname(tag)
        if name == "category":
            nicename = child.get("nicename")
            if nicename is not None:  # WXR 1.0's attribute-less duplicate is not a term
                terms.append(PostTerm(child.get("domain", ""), nicename, text_of(child)))
        elif name == "wp:postmeta":
            postmeta.append(_meta(child))
        elif name == "wp:comment":
            c = read_comment(child)
            (pings if c.is_ping else comments).append(c)
        elif name is not None:
            f[name] = child
    return _post(f, item.sourceline, terms, postmeta, comments, pings)


def _post(
    f: dict[str, Any],
    line: int | None,
    terms: list[PostTerm],
    postmeta: list[Meta],
    comments: list[Comment],
    pings: list[Comment],
) -> Post:
    def s(name: str) -> str:
        return _txt(f, name).strip()

    url = f.get("wp:attachment_url")
    return Post(
        post_id=_id(f, "wp:post_id"),
        post_title=_txt(f, "title"),
        link=s("link"),
        guid=_txt(f, "guid").strip(),
        pub_date=s("pubDate"),
        creator=s("dc:creator"),
        description=_txt(f, "description"),
        post_content=_txt(f, "content:encoded"),
        post_excerpt=_txt(f, "excerpt:encoded"),
        post_date=to_date(s("wp:post_date")),
        post_date_gmt=to_date(s("wp:post_date_gmt")),
        post_modified=to_date(s("wp:post_modified")),
        post_modified_gmt=to_date(s("wp:post_modified_gmt")),
        comment_status=s("wp:comment_status"),
        ping_status=s("wp:ping_status"),
        post_name=s("wp:post_name"),
        status=s("wp:status"),
        post_parent=_id(f, "wp:post_parent") or 0,
        menu_order=_id(f, "wp:menu_order") or 0,
        post_type=s("wp:post_type"),
        post_password=_txt(f, "wp:post_password"),
        is_sticky=(_id(f, "wp:is_sticky") or 0) != 0,
        attachment_url=None if url is None else text_of(url).strip(),
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
