"""Plain prose skips the pipeline (``plain_inline``) and must come out exactly as the
pipeline makes it; anything else must be left to the pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.content import _NO_CONTEXT, _render, plain_inline, to_markdown_inline
from migrate.wxr import read_all

from ..conftest import CORPUS, FIXTURES

PROSE = list("abcxyzABCXYZéßжДλ日本 0123456789.,;:!?'\"()/%$@‘’“”–—…-")
OTHER = list("<>&*_#[]`~+=|{}\\\t\r\xa0\u200b\u0301\ue000🚀")


def pipeline(text: str) -> str:
    return _render(text, _NO_CONTEXT).markdown.rstrip("\n")


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PROSE), st.sampled_from(["\n", " \n", "\n\n", "  "]),
                          st.sampled_from(OTHER), st.sampled_from(["http://x.org", "1. ",
                                                                   "- ", "www.x.org"])),
                max_size=60).map("".join))
def test_the_quick_path_is_the_pipeline(text: str) -> None:
    quick = plain_inline(text)
    if quick is not None:
        assert quick == pipeline(text)


@pytest.mark.parametrize("text", [
    "Great post!\n\nThanks for sharing, it's what I needed (really).",
    "Line one\nline two\n\n\n  “Quoted” — and … more: 50% off; $5/day?",
    "", "   \n ",
])
def test_prose_takes_the_quick_path(text: str) -> None:
    assert plain_inline(text) is not None
    assert plain_inline(text) == pipeline(text) == to_markdown_inline(text)


@pytest.mark.parametrize("text", [
    "a <em>b</em>", "a &amp; b", "snake_case", "*stars*", "[gallery]", "#tag",
    "1. first", "- item", "see http://example.com", "tab\there", "nbsp\xa0here",
    "2024 was good", "x\n3 items",
])
def test_anything_else_takes_the_pipeline(text: str) -> None:
    assert plain_inline(text) is None


def exports() -> list[Path]:
    found = sorted(FIXTURES.rglob("*.xml"))
    if CORPUS.exists():
        found += sorted(CORPUS.rglob("*.xml"))
    return found


def real_texts() -> Iterator[tuple[str, str]]:
    """(export name, text) for every distinct excerpt and comment text of our fixtures
    (and of the importer's corpus, when present)."""
    for export in exports():
        try:
            _, posts = read_all(export, recover=True)
        except Exception:  # broken fixtures are other tests' business
            continue
        texts = {p.post_excerpt for p in posts} | {
            c.comment_content for p in posts for c in (*p.comments, *p.pingbacks)}
        for text in sorted(texts):
            yield export.name, text


def test_real_comments_and_excerpts() -> None:
    taken = 0
    for name, text in real_texts():
        quick = plain_inline(text)
        if quick is not None:
            taken += 1
            assert quick == pipeline(text), (name, text)
    assert taken > 20
