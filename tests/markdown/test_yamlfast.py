"""The fast YAML path must write exactly what PyYAML writes, or step aside."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.writers.markdown import frontmatter, yamlfast


def pyyaml(data: Any) -> str:
    text: str = yaml.dump(data, Dumper=frontmatter._Dumper, allow_unicode=True,
                          sort_keys=False, width=1_000_000)
    return text


def fast(data: Any) -> str | None:
    return yamlfast.dump(data, frontmatter._resolve, frontmatter._number_like)


# Characters that decide YAML styles, plus ordinary and non-ASCII text.
ALPHABET = st.sampled_from(
    [*"ab Z09:#-?'\"\n\t.,[]{}&*!|>%@`~=<+_/\\",
     "é", "日", "🎉", "\x85", "\u2028", "\ufeff", "\x7f", "\r", "\x00", "\xa0"]
)
TEXT = st.text(ALPHABET, max_size=12) | st.sampled_from(
    ["yes", "No", "null", "~", "123", "0o17", "1.5", "1e3", ".inf", "2020-01-02", "<<",
     "=", "---x", "...", "- a", "a: b", "a #b", "a#b", "x:y", "http://x.example/a?b=c#d",
     "it's", "", " lead", "trail ", "a\n", "a\n\n", "\na", "a \nb", "a\n b", "a\n\n\nb"]
)
ZONES = st.sampled_from([None, timezone.utc, timezone(timedelta(hours=-8))])
DATES = st.builds(
    lambda d, tz: d.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)), ZONES)
SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | TEXT | DATES
KEYS = st.sampled_from(["title", "date", "tags", "id", "content"]) | TEXT
DATA = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(KEYS, DATA, min_size=1, max_size=6) | st.lists(DATA, min_size=1))
def test_fast_path_agrees_with_pyyaml(data: Any) -> None:
    out = fast(data)
    if out is not None:
        assert out == pyyaml(data)


FRONT_MATTER = {
    "title": "Crème brûlée: a love story — part 2",
    "date": datetime(2010, 2, 2, 8, 15, tzinfo=timezone(timedelta(hours=-8))),
    "draft": False,
    "slug": "creme-brulee",
    "categories": ["Uncategorized", "Food & Drink"],
    "tags": [],
    "aliases": ["/2010/02/02/creme-brulee/"],
    "summary": "First line.\n\nSecond *line*\\\nthird.",
    "wordpress_id": 102,
    "params": {"custom": "x", "empty": None},
}
COMMENTS = {
    "comments": [
        {"id": 201, "parent": 0, "author": "Kathi", "author_url": "",
         "date": datetime(2010, 2, 3, 9, 42, 17), "content": "Joel and Kate,\\\nThanks!"},
        {"id": 202, "parent": 201, "author": "日本語", "author_url": "http://x.example/",
         "date": datetime(2010, 2, 3, 9, 42, 17), "content": "[...] quoted 'text' [...]"},
    ],
    "pingbacks": [{"id": 3, "type": "pingback", "content": "- a list?\n\n  indented"}],
}


@pytest.mark.parametrize("data", [FRONT_MATTER, COMMENTS], ids=["front-matter", "comments"])
def test_usual_documents_take_the_fast_path(data: dict[str, Any]) -> None:
    out = fast(data)
    assert out is not None
    assert out == pyyaml(data)
    assert yaml.safe_load(out) is not None


@pytest.mark.parametrize("value", ["tab\there", "a\tb\n\x07 🎉 \"q\" \\ \x85\u2028 é\xa0",
                                   "- \x00"])
def test_special_characters_are_double_quoted_as_pyyaml_does(value: str) -> None:
    out = fast({"k": value, "l": [value]})
    assert out is not None and out.startswith('k: "')
    assert out == pyyaml({"k": value, "l": [value]})
    assert yaml.safe_load(out) == {"k": value, "l": [value]}


@pytest.mark.parametrize("value", ["multi-line\ntrailing space ",
                                   "space \nbreak", "a\n\n", "\x85", 1.5, ("tu", "ple")])
def test_what_it_cannot_write_goes_to_pyyaml(value: Any) -> None:
    assert fast({"k": value}) is None
    assert frontmatter.to_yaml({"k": value}) == pyyaml({"k": value})
