"""Fidelity over the WordPress theme unit test data (skipped when the corpus is absent).

The file is GPL and lives in the shared corpus next to the project; it is read in
place, never copied. Every post must keep its links, images, headings and code;
words must match in order on at least 99% (aggregate).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from migrate.content import ContentContext

from .fidelity import Fidelity, aggregate_word_ratio, check, print_table

THEME_DATA = (
    Path(__file__).resolve().parents[3]
    / "shared/corpus/wordpress-importer/phpunit/data/theme-unit-test-data.xml"
)
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_WP_NS = re.compile(r"^\{https?://wordpress\.org/export/1\.\d+/\}(.+)$")

pytestmark = pytest.mark.skipif(
    not THEME_DATA.exists(), reason=f"theme unit test data not found at {THEME_DATA}"
)


def _wp(item: etree._Element, name: str) -> str:
    """Text of the item's ``wp:name`` child, whatever the export version's namespace."""
    for child in item:
        m = _WP_NS.match(child.tag) if isinstance(child.tag, str) else None
        if m is not None and m.group(1) == name:
            return child.text or ""
    return ""


def _meta(item: etree._Element, key: str) -> str:
    for pm in item:
        if isinstance(pm.tag, str) and pm.tag.endswith("}postmeta") and _wp(pm, "meta_key") == key:
            return _wp(pm, "meta_value")
    return ""


def _excerpt(item: etree._Element) -> str:
    for child in item:
        if isinstance(child.tag, str) and child.tag.endswith("/excerpt/}encoded"):
            return child.text or ""
    return ""


def load(path: Path) -> tuple[list[tuple[str, str]], ContentContext]:
    """The (label, content) of every item, and the attachments as context."""
    items = list(etree.parse(str(path)).iter("item"))
    attachments: dict[int, str] = {}
    meta: dict[int, tuple[str, str]] = {}
    for item in items:
        if _wp(item, "post_type") == "attachment" and _wp(item, "post_id").isdigit():
            att_id = int(_wp(item, "post_id"))
            attachments[att_id] = _wp(item, "attachment_url")
            meta[att_id] = (_meta(item, "_wp_attachment_image_alt"), _excerpt(item))
    posts = [
        (f"{_wp(item, 'post_id')} {item.findtext('title') or ''}", item.findtext(CONTENT) or "")
        for item in items
    ]
    return posts, ContentContext(attachments, meta)


@pytest.fixture(scope="module")
def rows() -> list[Fidelity]:
    posts, ctx = load(THEME_DATA)
    return [check(content, ctx, label) for label, content in posts]


def test_every_item_is_checked(rows: list[Fidelity]) -> None:
    assert len(rows) == len(list(etree.parse(str(THEME_DATA)).iter("item")))


def test_structure_matches_for_every_post(rows: list[Fidelity]) -> None:
    print()
    print_table([r for r in rows if r.ref_words or r.problems])
    failing = [f"{r.label}: {r.problems}" for r in rows if not r.structure_ok]
    assert failing == []


def test_words_match_in_order(rows: list[Fidelity]) -> None:
    assert aggregate_word_ratio(rows) >= 0.99
