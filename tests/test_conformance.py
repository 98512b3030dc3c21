"""Every fact WordPress importer's own tests assert about its exports holds for our parser.

Reads ``../shared/corpus/expectations.json`` (present in CI) and evaluates each fact
with the corpus's own ``evaluate`` helper against our parse result, presented in the
corpus's result shape. Skips with a reason when the corpus is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from migrate.errors import MigrateError, NotWxrError, XmlSyntaxError
from migrate.model import Comment, Meta, Post, Site, Term
from migrate.source import MissingInputError
from migrate.wxr import read_all

from .conftest import CORPUS, needs_corpus

pytestmark = needs_corpus


def _load() -> dict[str, Any]:
    path = CORPUS / "expectations.json"
    if not path.exists():
        return {"files": [], "inline_cases": []}
    return json.loads(path.read_text(encoding="utf-8"))


DATA = _load()
ERROR_KINDS = {
    XmlSyntaxError: "malformed XML",
    NotWxrError: "missing/invalid WXR version",
    MissingInputError: "file not found",
}


def kind_of(error: MigrateError) -> str:
    for cls, kind in ERROR_KINDS.items():
        if isinstance(error, cls):
            return kind
    return type(error).__name__


def _metas(items: tuple[Meta, ...]) -> list[dict[str, str]]:
    return [{"key": m.meta_key, "value": m.meta_value} for m in items]


def _comment(c: Comment) -> dict[str, Any]:
    return {
        "comment_id": c.comment_id,
        "comment_author": c.comment_author,
        "comment_author_email": c.comment_author_email,
        "comment_author_IP": c.comment_author_IP,
        "comment_author_url": c.comment_author_url,
        "comment_date": c.comment_date,
        "comment_date_gmt": c.comment_date_gmt,
        "comment_content": c.comment_content,
        "comment_approved": c.comment_approved,
        "comment_type": c.comment_type,
        "comment_parent": c.comment_parent,
        "comment_user_id": c.comment_user_id,
        "commentmeta": _metas(c.commentmeta),
    }


def _post(p: Post) -> dict[str, Any]:
    both = sorted(p.comments + p.pingbacks, key=lambda c: c.line or 0)
    out: dict[str, Any] = {
        "post_title": p.post_title,
        "guid": p.guid,
        "post_author": p.creator,
        "post_content": p.post_content,
        "post_excerpt": p.post_excerpt,
        "post_id": p.post_id,
        "post_date": p.post_date,
        "post_date_gmt": p.post_date_gmt,
        "comment_status": p.comment_status,
        "ping_status": p.ping_status,
        "post_name": p.post_name,
        "status": p.status,
        "post_parent": p.post_parent,
        "menu_order": p.menu_order,
        "post_type": p.post_type,
        "post_password": p.post_password,
        "is_sticky": int(p.is_sticky),
        "terms": [{"name": t.name, "slug": t.slug, "domain": t.taxonomy} for t in p.terms],
        "postmeta": _metas(p.postmeta),
        "comments": [_comment(c) for c in both],
    }
    if p.attachment_url is not None:
        out["attachment_url"] = p.attachment_url
    return out


def _category(t: Term) -> dict[str, Any]:
    return {
        "term_id": t.term_id, "category_nicename": t.slug, "category_parent": t.parent,
        "cat_name": t.name, "category_description": t.description,
        "termmeta": _metas(t.termmeta),
    }


def _tag(t: Term) -> dict[str, Any]:
    return {
        "term_id": t.term_id, "tag_slug": t.slug, "tag_name": t.name,
        "tag_description": t.description, "termmeta": _metas(t.termmeta),
    }


def _term(t: Term) -> dict[str, Any]:
    return {
        "term_id": t.term_id, "term_taxonomy": t.taxonomy, "slug": t.slug,
        "term_parent": t.parent, "term_name": t.name, "term_description": t.description,
        "termmeta": _metas(t.termmeta),
    }


def corpus_shape(site: Site, posts: list[Post]) -> dict[str, Any]:
    """Our parse result in the corpus README's result model."""
    return {
        "wxr_version": site.wxr_version,
        "base_url": site.base_site_url,
        "base_blog_url": site.base_blog_url,
        "authors": [
            {k: getattr(a, k) for k in (
                "author_id", "author_login", "author_email", "author_display_name",
                "author_first_name", "author_last_name")}
            for a in site.authors
        ],
        "categories": [_category(t) for t in site.terms if t.element == "category"],
        "tags": [_tag(t) for t in site.terms if t.element == "tag"],
        "terms": [_term(t) for t in site.terms if t.element == "term"],
        "posts": [_post(p) for p in posts],
    }


def _evaluate() -> Any:
    sys.path.insert(0, str(CORPUS))
    try:
        from check_expectations import evaluate
    finally:
        sys.path.remove(str(CORPUS))
    return evaluate


@pytest.mark.parametrize("entry", DATA["files"], ids=lambda e: e["file"].split("/")[-1])
def test_fixture_facts(entry: dict[str, Any]) -> None:
    path = CORPUS / entry["file"]
    if not entry["valid"]:
        with pytest.raises(MigrateError) as exc:
            read_all(path)
        assert kind_of(exc.value) in entry["acceptable_errors"], str(exc.value)
        assert exc.value.path == str(path)
        return
    site, posts = read_all(path)
    result = corpus_shape(site, posts)
    evaluate = _evaluate()
    failures = []
    for fact in entry["facts"]:
        if fact.get("optional"):
            continue
        ok, detail = evaluate(result, fact)
        if not ok:
            failures.append(f'{fact["path"]} {fact["op"]} ({fact["source"]}): {detail}')
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("case", DATA["inline_cases"], ids=lambda c: c["name"])
def test_inline_cases(case: dict[str, Any], tmp_path: Path) -> None:
    if "content" in case:
        path = tmp_path / "inline.xml"
        path.write_text(case["content"], encoding="utf-8")
    else:
        path = tmp_path / case["path"]
    with pytest.raises(MigrateError) as exc:
        read_all(path)
    assert kind_of(exc.value) in case["error_any_of"], str(exc.value)


def test_every_fact_is_checked() -> None:
    """The suite evaluates every non-optional fact; count them so a silent skip shows."""
    total = sum(
        1 for e in DATA["files"] if e["valid"] for f in e["facts"] if not f.get("optional")
    )
    assert total > 700
