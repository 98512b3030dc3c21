"""Comments and pings as data files: threaded, filtered by --comments, per preset."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from migrate.model import Comment
from migrate.writers.markdown.comments import build
from tests.conftest import FIXTURES, SEED

from .helpers import Convert

SINK = FIXTURES / "wxr" / "kitchen-sink.xml"
SEED_SLUG = "your-loving-relationship-is-giving-you-life-or-the-neurobiology-of-secure-love"


def load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(("preset", "where"), [
    ("plain", f"posts/{SEED_SLUG}.comments.yaml"),
    ("hugo", f"content/posts/{SEED_SLUG}/comments.yaml"),
    ("jekyll", f"_data/comments/{SEED_SLUG}.yml"),
    ("eleventy", f"posts/{SEED_SLUG}.11tydata.json"),
])
def test_seed_comments_and_pingbacks(md: Convert, preset: str, where: str) -> None:
    data = load(md(SEED, preset=preset) / where)
    comments, pings = data["comments"], data["pingbacks"]
    assert [c["id"] for c in comments] == [201, 204, 205]
    assert [p["id"] for p in pings] == [202, 203]
    assert {p["type"] for p in pings} == {"pingback"}
    first = comments[0]
    assert first["author"] == "Kathi" and first["author_url"] == "http://kathi.example.com/"
    assert first["parent"] == 0 and first["depth"] == 0
    assert first["content"].startswith("Joel and Kate,")
    when = first["date"]
    if isinstance(when, str):  # JSON has no dates
        when = datetime.fromisoformat(when)
    assert when == datetime(2010, 2, 3, 9, 42, 17, tzinfo=timezone(timedelta(hours=-8)))


def test_threads_and_modes(md: Convert) -> None:
    approved = load(md(SINK) / "posts" / "hello-from-the-kitchen.comments.yaml")
    assert [(c["id"], c["parent"], c["depth"]) for c in approved["comments"]] == [
        (1001, 0, 0), (1002, 1001, 1), (1003, 1002, 2)]
    assert [(p["id"], p["type"]) for p in approved["pingbacks"]] == [
        (1004, "pingback"), (1005, "trackback")]
    assert approved["pingbacks"][0]["author"] == "Another Food Blog » Weekly soup roundup"
    assert "status" not in approved["comments"][0]
    everything = load(md(SINK, comments="all") / "posts" / "hello-from-the-kitchen.comments.yaml")
    assert [(c["id"], c["status"]) for c in everything["comments"]][3:] == [
        (1006, "spam"), (1007, "pending")]
    none = md(SINK, comments="none")
    assert not list(none.rglob("*.comments.yaml"))


def test_reply_to_an_unwritten_comment_starts_a_thread(md: Convert) -> None:
    data = load(md(FIXTURES / "wxr" / "internal-links.xml") / "posts"
                / "second-post.comments.yaml")
    assert [(c["id"], c["parent"], c["depth"]) for c in data["comments"]] == [
        (71, 0, 0), (73, 71, 1), (74, 0, 0)]  # 74 answers 72, still in moderation


def _c(cid: int, parent: int, date: str) -> Comment:
    return Comment(cid, comment_author=f"a{cid}", comment_date=date, comment_date_gmt=date,
                   comment_parent=parent, comment_content=f"c{cid}")


def test_thread_order_cycles_and_depth() -> None:
    comments = [
        _c(1, 0, "2020-01-01 10:00:00"),
        _c(2, 1, "2020-01-01 12:00:00"),
        _c(3, 1, "2020-01-01 11:00:00"),  # older reply first
        _c(4, 0, "2020-01-01 09:00:00"),
        _c(5, 6, "2020-01-02 00:00:00"),  # 5 and 6 answer each other: kept, not lost
        _c(6, 5, "2020-01-02 00:00:01"),
    ]
    thread = build(comments, [], mode="approved", to_markdown=str, offset=0)
    assert [(c["id"], c["depth"]) for c in thread.comments] == [
        (4, 0), (1, 0), (3, 1), (2, 1), (5, 0), (6, 0)]


def test_a_deep_thread_does_not_recurse() -> None:
    chain = [_c(i, i - 1, f"2020-01-01 00:00:{i % 60:02d}") for i in range(1, 3001)]
    thread = build(chain, [], mode="approved", to_markdown=str, offset=0)
    assert thread.comments[-1]["depth"] == 2999
