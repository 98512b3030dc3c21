"""The JSON and JSON Lines writers: the format, its schema, stability, streaming order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from migrate import api
from migrate.writers.json import SCHEMA

from .conftest import FIXTURES, SEED

ALL_FIXTURES = sorted([SEED, *(FIXTURES / "wxr").glob("*.xml")])


def convert(source: Path, out: Path) -> Any:
    api.convert(source, out)
    if out.suffix == ".jsonl":
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return json.loads(out.read_text(encoding="utf-8"))


def test_seed_document(tmp_path: Path) -> None:
    doc = convert(SEED, tmp_path / "seed.json")
    assert list(doc) == ["format", "site", "authors", "terms", "posts"]
    assert doc["format"] == "wxr-migrate/1"
    assert doc["site"]["title"] == "Deepening Your Love"
    assert doc["site"]["wxr_version"] == "1.2"
    assert doc["authors"][0]["author_login"] == "joelfeldman"
    assert {t["element"] for t in doc["terms"]} == {"category", "tag"}
    (post,) = doc["posts"]
    assert post["post_id"] == 112 and post["creator"] == ""
    assert post["is_sticky"] is False
    assert len(post["comments"]) == 3 and len(post["pingbacks"]) == 2
    assert post["comments"][0]["comment_author"] == "Kathi"
    assert post["pingbacks"][0]["comment_type"] == "pingback"
    assert post["terms"][0] == {"taxonomy": "category", "slug": "relationships",
                                "name": "Relationships"}


@pytest.mark.parametrize("source", ALL_FIXTURES, ids=lambda p: p.name)
def test_every_fixture_matches_the_shipped_schema(source: Path, tmp_path: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(convert(source, tmp_path / "out.json"), schema)


def test_schema_rejects_a_wrong_document(tmp_path: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = convert(SEED, tmp_path / "out.json")
    doc["posts"][0]["post_id"] = "112"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_zero_dates_are_null_and_ids_integers(tmp_path: Path) -> None:
    doc = convert(FIXTURES / "wxr" / "statuses.xml", tmp_path / "s.json")
    draft = next(p for p in doc["posts"] if p["status"] == "draft")
    assert draft["post_date_gmt"] is None
    assert isinstance(draft["post_id"], int)


def test_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    source = FIXTURES / "wxr" / "kitchen-sink.xml"
    for suffix in (".json", ".jsonl"):
        api.convert(source, tmp_path / f"a{suffix}")
        api.convert(source, tmp_path / f"b{suffix}")
        a, b = (tmp_path / f"a{suffix}").read_bytes(), (tmp_path / f"b{suffix}").read_bytes()
        assert a == b


def test_unicode_is_written_as_utf8_not_escaped(tmp_path: Path) -> None:
    out = tmp_path / "u.json"
    api.convert(FIXTURES / "wxr" / "utf8.xml", out)
    text = out.read_text(encoding="utf-8")
    assert "日本語のテスト" in text and "\\u65e5" not in text


def test_json_lines_records(tmp_path: Path) -> None:
    records = convert(SEED, tmp_path / "seed.jsonl")
    assert [r["type"] for r in records] == ["site", "author"] + ["term"] * 5 + ["post"]
    assert records[0]["format"] == "wxr-migrate/1"
    assert len(records[-1]["comments"]) == 3


def test_declarations_after_items_reach_the_header(tmp_path: Path) -> None:
    source = tmp_path / "late.xml"
    source.write_text(
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<item><title>A</title><wp:post_id>1</wp:post_id></item>"
        "<wp:tag><wp:term_id>3</wp:term_id><wp:tag_slug>late</wp:tag_slug>"
        "<wp:tag_name>Late</wp:tag_name></wp:tag></channel></rss>",
        encoding="utf-8",
    )
    doc = convert(source, tmp_path / "late.json")
    assert [t["slug"] for t in doc["terms"]] == ["late"]
    assert [p["post_id"] for p in doc["posts"]] == [1]
    lines = convert(source, tmp_path / "late.jsonl")
    assert sorted(r["type"] for r in lines) == ["post", "site", "term"]


REFS = FIXTURES / "wxr" / "media-refs.xml"


def test_posts_list_their_media(tmp_path: Path) -> None:
    doc = convert(REFS, tmp_path / "refs.json")
    posts = {p["post_id"]: p for p in doc["posts"]}
    u = "http://refs.example.com/wp-content/uploads/2024/01/"
    first = posts[300]["media"]
    assert list(first[0]) == ["url", "original", "attachment_id", "kind"]
    assert first[0] == {"url": u + "big-scaled.jpg", "original": u + "big.jpg",
                        "attachment_id": 310, "kind": "img"}
    assert {"url": None, "original": None, "attachment_id": 311, "kind": "gallery"} in first
    assert first[-1] == {"url": None, "original": None, "attachment_id": 311, "kind": "featured"}
    cdn = next(m for m in first if m["url"] and "i0.wp.com" in m["url"])
    assert cdn["original"] == "https://refs.example.com/wp-content/uploads/2024/01/cdn.jpg"
    assert posts[302]["media"] == [] and posts[310]["media"] == []
    # an id whose attachment item comes later is an id: consumers join on post_id
    attachments = {p["post_id"]: p["attachment_url"] for p in doc["posts"]
                   if p["post_type"] == "attachment"}
    assert attachments[311] == u + "pic.jpg"
    lines = convert(REFS, tmp_path / "refs.jsonl")
    assert [r["media"] for r in lines if r["type"] == "post"] == [p["media"] for p in doc["posts"]]


def test_schema_checks_media_references(tmp_path: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = convert(REFS, tmp_path / "refs.json")
    jsonschema.validate(doc, schema)
    for bad in ({"url": None, "original": None, "attachment_id": None, "kind": "gallery"},
                {"url": "a.jpg", "original": None, "attachment_id": None, "kind": "img"},
                {"url": "a.jpg", "original": "a.jpg", "attachment_id": None, "kind": "picture"},
                {"url": "a.jpg", "original": "a.jpg", "kind": "img"}):
        doc["posts"][0]["media"] = [bad]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(doc, schema)


def test_media_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    for suffix in (".json", ".jsonl"):
        api.convert(REFS, tmp_path / f"a{suffix}")
        api.convert(REFS, tmp_path / f"b{suffix}")
        assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes()


def test_the_schema_lists_every_media_kind() -> None:
    from migrate.media.extract import KINDS

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$defs"]["media_ref"]["properties"]["kind"]["enum"] == list(KINDS)
