"""Front matter: dates with the site's offset, statuses, fields chosen and renamed,
custom fields, presets' names, and the seed post exactly."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate import api
from migrate.cli import main
from migrate.errors import MigrateError
from migrate.writers.markdown.dates import Offsets, offset_seconds, stamp
from tests.conftest import FIXTURES, SEED

from .helpers import Convert, front_matter

WXR = FIXTURES / "wxr"
SEED_SLUG = "your-loving-relationship-is-giving-you-life-or-the-neurobiology-of-secure-love"


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


def test_seed_post(md: Convert) -> None:
    out = md(SEED, preset="hugo")
    fm, body = front_matter(out / "content" / "posts" / SEED_SLUG / "index.md")
    assert fm == {
        "title": "YOUR LOVING RELATIONSHIP IS GIVING YOU LIFE! or The Neurobiology of Secure Love",
        "date": datetime(2010, 2, 2, 8, 15, tzinfo=tz(-8)),
        "lastmod": datetime(2010, 2, 2, 9, 2, 11, tzinfo=tz(-8)),
        "slug": SEED_SLUG,
        "categories": ["Relationships"],
        "tags": ["Attachment", "Emotionally Focused Therapy", "Neurobiology", "Oxytocin"],
        "aliases": [f"/2010/02/02/{SEED_SLUG}/"],
        "wordpress_id": 112,
    }  # no author: the export's dc:creator is empty
    text = (out / "content" / "posts" / SEED_SLUG / "index.md").read_text(encoding="utf-8")
    assert "date: 2010-02-02T08:15:00-08:00\n" in text
    paragraphs = [p for p in body.strip().split("\n\n") if p.strip()]
    assert len(paragraphs) == 12
    assert "[Sue Johnson](http://www.iceeft.com/)" in body
    assert "*IS*" in body and "**LOVE**" in body


def test_offsets_follow_each_item_and_daylight_saving(md: Convert) -> None:
    out = md(WXR / "internal-links.xml")
    assert front_matter(out / "posts" / "start-here.md")[0]["date"] == datetime(
        2024, 1, 4, 9, 0, tzinfo=tz(1))
    assert front_matter(out / "pages" / "about" / "team.md")[0]["date"] == datetime(
        2024, 6, 1, 10, 0, tzinfo=tz(2))
    # The draft's GMT date is 0000-00-00: the site's usual offset stands in.
    assert front_matter(out / "posts" / "a-draft.md")[0]["date"] == datetime(
        2024, 1, 7, 9, 0, tzinfo=tz(1))


def test_offset_arithmetic() -> None:
    assert offset_seconds("2010-02-02 08:15:00", "2010-02-02 16:15:00") == -8 * 3600
    assert offset_seconds("2020-01-01 05:45:00", "2020-01-01 00:00:00") == 5 * 3600 + 2700
    assert offset_seconds("2020-01-01 05:46:10", "2020-01-01 00:00:00") == 5 * 3600 + 2700
    assert offset_seconds("2020-01-02 00:00:00", "2020-01-01 00:00:00") is None  # > 14 h
    assert offset_seconds("2020-01-01 00:00:00", None) is None
    offsets = Offsets()
    for local, gmt in [("2020-01-01 01:00:00", "2020-01-01 00:00:00")] * 2 + [
            ("2020-06-01 02:00:00", "2020-06-01 00:00:00")]:
        offsets.add(local, gmt)
    assert offsets.usual == 3600
    assert stamp("2020-03-01 10:00:00", None, None) == datetime(2020, 3, 1, 10)
    assert stamp(None, None, 3600) is None


def test_no_gmt_dates_at_all_writes_local_time_and_says_so(tmp_path: Path) -> None:
    text = (WXR / "statuses.xml").read_text(encoding="utf-8")
    no_gmt = re.sub(r"<wp:post(?:_modified)?_date_gmt>.*?</wp:post(?:_modified)?_date_gmt>",
                    "", text)
    export = tmp_path / "no-gmt.xml"
    export.write_text(no_gmt, encoding="utf-8")
    result = api.convert(export, tmp_path / "out", writer="markdown")
    fm, _ = front_matter(tmp_path / "out" / "posts" / "read-this-first.md")
    assert fm["date"] == datetime(2023, 6, 2, 8, 0)  # naive: no zone invented
    assert result.summary is not None
    assert any("without a UTC offset" in note for note in result.summary.notes)


def test_statuses(md: Convert) -> None:
    out = md(WXR / "statuses.xml")
    seen = {}
    for path in (out / "posts").glob("*.md"):
        fm, _ = front_matter(path)
        seen[fm["wordpress_id"]] = (fm.get("draft"), fm.get("status"))
    assert seen == {
        102: (True, None),  # draft
        103: (True, "private"),
        104: (True, "pending"),
        105: (True, "future"),
        106: (True, "protected"),  # published behind a password: not public
        107: (None, None),
    }  # 170 (trash) skipped


def test_trash_on_request(md: Convert) -> None:
    result_dir = md(WXR / "statuses.xml", include_trash=True)
    fm, _ = front_matter(result_dir / "posts" / "old-announcement.md")
    assert (fm["draft"], fm["status"], fm["wordpress_id"]) == (True, "trash", 170)


def test_jekyll_names_and_unpublished_pages(md: Convert) -> None:
    out = md(WXR / "nested-pages.xml", preset="jekyll")
    fm, _ = front_matter(out / "kitchen" / "pantry.md")
    assert fm["published"] is False and fm["draft"] is True
    assert "last_modified_at" in fm and "lastmod" not in fm
    out = md(WXR / "kitchen-sink.xml", preset="jekyll")
    fm, _ = front_matter(out / "_posts" / "2023-05-10-hello-from-the-kitchen.md")
    assert fm["excerpt"] == "A first look at the test kitchen."
    assert fm["image"].endswith("/soup-bowl.jpg")
    assert "redirect_from" not in fm  # Jekyll's URL is the old permalink: nothing to redirect
    fm, _ = front_matter(out / "portfolio" / "bakery-rebrand.md")
    assert fm["type"] == "portfolio" and fm["genre"] == ["Space Opera"]
    out = md(WXR / "statuses.xml", preset="jekyll")
    fm, _ = front_matter(out / "_drafts" / "members-only-the-secret-sauce.md")
    assert fm["redirect_from"] == ["/2023/06/01/members-only-the-secret-sauce/"]


def test_summary_from_more_tag(tmp_path: Path, md: Convert) -> None:
    text = (WXR / "kitchen-sink.xml").read_text(encoding="utf-8")
    export = tmp_path / "no-excerpt.xml"
    export.write_text(text.replace("A first look at the test kitchen.", ""), encoding="utf-8")
    fm, body = front_matter(md(export) / "posts" / "hello-from-the-kitchen.md")
    assert fm["summary"] == ("Welcome to the test kitchen. This first paragraph is the teaser "
                             "that shows on the front page.")
    assert "<!--more-->" not in body


def test_fields_chosen_and_renamed(md: Convert) -> None:
    out = md(WXR / "kitchen-sink.xml", front_matter_fields="title, date, tags:keywords")
    fm, _ = front_matter(out / "posts" / "hello-from-the-kitchen.md")
    assert list(fm) == ["title", "date", "keywords", "wordpress_id"]
    assert fm["keywords"] == ["Quick", "Vegan"]


def test_custom_taxonomy_chosen_by_its_key(md: Convert) -> None:
    out = md(WXR / "kitchen-sink.xml", front_matter_fields="title,genre:genres")
    fm, _ = front_matter(out / "portfolio" / "bakery-rebrand.md")
    assert fm == {"title": "Bakery rebrand", "genres": ["Space Opera"], "wordpress_id": 150}


@pytest.mark.parametrize(("spec", "message"), [
    ("title,nonsense", "unknown field 'nonsense'"),
    ("title,tags:title", "two fields named title"),
    ("title:has space", "is not FIELD or FIELD:NAME"),
])
def test_bad_field_lists_are_errors(md: Convert, spec: str, message: str) -> None:
    with pytest.raises(MigrateError, match=message):
        md(WXR / "kitchen-sink.xml", front_matter_fields=spec)


def test_bad_field_list_on_the_command_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(SEED), "-o", str(tmp_path / "o") + "/",
                                       "--front-matter-fields", "title,nope", "-q"])
    assert result.exit_code == 1
    assert "unknown field 'nope'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_meta_php_values_decoded(md: Convert) -> None:
    out = md(WXR / "serialized-meta.xml",
             meta=["layout", "broken_crlf", "object", "looks_serialized", "plain_number"])
    fm, _ = front_matter(next((out / "posts").glob("*.md")))
    assert fm["layout"]["layout"]["gutters"] == ["16px", "24px"]
    assert fm["layout"]["nothing"] is None and fm["layout"]["enabled"] is True
    assert fm["broken_crlf"] == {"note": "First line\nSecond line"}  # repaired
    assert fm["object"] == {"__class__": "stdClass", "name": "widget", "count": 2}
    assert fm["looks_serialized"] == "a:3 minutes read"
    assert fm["plain_number"] == "42"


def test_repeated_meta_key_becomes_a_list(md: Convert) -> None:
    fm, _ = front_matter(md(WXR / "internal-links.xml", meta=["ingredients"])
                         / "posts" / "second-post.md")
    assert fm["ingredients"] == [["flour", "water"], {"salt": "pinch"}]


def test_toml_front_matter(md: Convert) -> None:
    tomllib = pytest.importorskip("tomllib")
    out = md(SEED, preset="hugo", front_matter="toml")
    text = (out / "content" / "posts" / SEED_SLUG / "index.md").read_text(encoding="utf-8")
    assert text.startswith("+++\n")
    data = tomllib.loads(text[4:].split("\n+++\n", 1)[0])
    assert data["date"] == datetime(2010, 2, 2, 8, 15, tzinfo=tz(-8))
    assert "date = 2010-02-02T08:15:00-08:00\n" in text


def test_wxr_10_authors_fall_back_to_the_login(md: Convert) -> None:
    fm, _ = front_matter(md(WXR / "wxr-1.0.xml") / "posts" / "spring-seed-swap-is-on.md")
    assert fm["author"] == "margaret"
    assert fm["tags"] == ["seed swap", "tomatoes"]


@pytest.mark.parametrize("text", [
    "2010-02-02 08:15:00", " 2010-02-02 08:15:00\n", "0000-00-00 00:00:00",
    "2010-02-30 08:15:00", "2010-02-02 24:00:00", "2010-2-2 8:15:00", "2010-02-02",
    "2010-02-02T08:15:00", "", "٢٠١٠-٠٢-٠٢ ٠٨:١٥:٠٠",
])
def test_date_parsing_matches_strptime(text: str) -> None:
    from datetime import datetime

    from migrate.writers.markdown.dates import parse
    try:
        expected = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S") if text else None
    except ValueError:
        expected = None
    assert parse(text) == expected


@settings(max_examples=2000, deadline=None)
@given(st.one_of(
    st.from_regex(r"\A\s?[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\s?\Z"),
    st.text(alphabet="0123456789 -:T\n", max_size=21),
))
def test_date_parsing_matches_strptime_for_any_text(text: str) -> None:
    """The fast path (fromisoformat behind the strict pattern) agrees with strptime,
    invalid days, hours and seconds included."""
    from migrate.writers.markdown.dates import parse
    try:
        expected = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S") if text.strip() else None
    except ValueError:
        expected = None
    assert parse(text) == expected
