"""The reader on our own fixtures: every field, the edge cases real exports have."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.diagnostics import Reporter
from migrate.errors import NotWxrError, UnsafeXmlError, XmlSyntaxError
from migrate.wxr import WxrReader, read_all

from .conftest import FIXTURES, SEED

WXR = FIXTURES / "wxr"


WP12 = 'xmlns:wp="http://wordpress.org/export/1.2/"'


def wxr(items: str, header: str = "", ns: str = WP12) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" {ns} xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">\n<channel>\n'
        f"<title>T</title><wp:wxr_version>1.2</wp:wxr_version>{header}\n{items}\n"
        "</channel></rss>\n"
    ).encode()


def test_seed_post_site_and_terms() -> None:
    site, posts = read_all(SEED)
    assert site.title == "Deepening Your Love"
    assert site.description == "Supporting Aliveness and Growth in Intimate Relationships"
    assert site.wxr_version == "1.2"
    assert site.base_site_url == site.base_blog_url == "http://deepeningyourlove.com"
    assert [a.author_login for a in site.authors] == ["joelfeldman"]
    assert [(t.taxonomy, t.slug) for t in site.terms][:2] == [
        ("category", "relationships"), ("post_tag", "attachment"),
    ]
    assert len(posts) == 1


def test_seed_post_fields_comments_and_pingbacks() -> None:
    (post,) = read_all(SEED)[1]
    assert post.post_id == 112
    assert post.post_title.startswith("YOUR LOVING RELATIONSHIP IS GIVING YOU LIFE!")
    assert post.creator == ""  # "Posted By on February 2, 2010": no author name
    assert (post.post_date, post.post_date_gmt) == ("2010-02-02 08:15:00", "2010-02-02 16:15:00")
    assert (post.post_type, post.status) == ("post", "publish")
    assert post.post_content.count("\n\n") == 11  # twelve classic-editor paragraphs
    assert "<em>IS</em>" in post.post_content and "http://www.iceeft.com/" in post.post_content
    assert [c.comment_author for c in post.comments] == ["Kathi", "joelfeldman", "Pamela"]
    assert [c.comment_type for c in post.pingbacks] == ["pingback", "pingback"]
    kathi = post.comments[0]
    assert kathi.comment_content.splitlines()[0] == "Joel and Kate,"
    assert [(m.meta_key, m.meta_value) for m in kathi.commentmeta] == [("akismet_result", "false")]
    assert post.comments[1].comment_user_id == 1


def test_wxr_1_0_has_no_author_list_and_keeps_term_domains_verbatim() -> None:
    site, posts = read_all(WXR / "wxr-1.0.xml")
    assert site.wxr_version == "1.0"
    assert site.authors == ()
    assert posts[0].creator == "margaret"
    # the attribute-less <category> duplicates of WXR 1.0 are not terms
    assert [(t.taxonomy, t.slug) for t in posts[0].terms] == [
        ("category", "news"), ("tag", "seed-swap"), ("tag", "tomatoes"),
    ]


def test_wxr_1_1_crlf_is_normalised() -> None:
    site, posts = read_all(WXR / "wxr-1.1.xml")
    assert site.wxr_version == "1.1"
    assert posts[0].comments[0].comment_content == "Lovely.\nWhich tripod do you use?"
    assert not any("\r" in p.post_content for p in posts)


def test_cdata_edge_cases_decode_exactly() -> None:
    posts = read_all(WXR / "cdata.xml")[1]
    meta = {m.meta_key: m.meta_value for m in posts[0].postmeta}
    assert meta["closing_sequence"] == "]]>"
    assert meta["both_sequences"] == "open <![CDATA[ then close ]]> then close again ]]>"
    assert posts[0].comments[0].comment_content == "What about ]]> in a comment?"
    assert posts[1].post_content == "First part, second part, third part."
    assert posts[2].post_content == "Nested lists close like list[list[0]] >"


def test_identifiers_are_trimmed_but_text_is_not() -> None:
    site, posts = read_all(WXR / "authors-multiline.xml")
    assert [(a.author_id, a.author_login) for a in site.authors] == [
        (5, "priya"), (6, "ken"), (7, "lucia"),
    ]
    assert site.authors[1].author_last_name == "  Okafor  "
    assert [p.creator for p in posts] == ["priya", "ken", "lucia", "ghost"]


def test_term_formats() -> None:
    site, _ = read_all(WXR / "term-formats.xml")
    assert [(t.term_id, t.slug, t.parent) for t in site.terms] == [
        (21, "birds", ""), (23, "owls", "raptors"), (22, "raptors", "birds"),
        (31, "night", ""), (32, "migration", ""), (41, "wetlands", ""), (42, "footer", ""),
    ]
    assert site.terms[2].description == "Hawks, eagles,\nand owls"
    assert [(m.meta_key, m.meta_value) for m in site.terms[5].termmeta] == [("map_color", "teal")]


def test_serialized_meta_is_kept_raw() -> None:
    (post,) = read_all(WXR / "serialized-meta.xml")[1]
    assert post.meta("shrug") == 'a:2:{s:5:"shrug";s:13:"¯\\_(ツ)_/¯";s:4:"city";s:7:"Zürich";}'
    assert post.meta("escaped_no_cdata") == 'a:1:{s:5:"quote";s:9:"<q>hi</q>";}'


def test_utf8_and_literal_references_inside_cdata() -> None:
    site, posts = read_all(WXR / "utf8.xml")
    assert site.description == "Snowman outside CDATA: ☃"
    assert posts[0].post_title == "日本語のテスト"
    assert posts[1].post_content.endswith("&#x202E; and &amp; and &lt;b&gt;")
    assert posts[0].post_name.startswith("%e6%97%a5")  # kept encoded, as WordPress stores it


def test_backslashes_and_blank_lines_survive() -> None:
    posts = read_all(WXR / "whitespace.xml")[1]
    assert posts[0].post_title == "C:\\Temp\\ \"quoted\" and 'single'"
    assert posts[0].post_content.startswith("\n\n   Leading")
    assert "\n\n\n\n" in posts[0].post_content
    assert posts[0].post_excerpt == "  An excerpt with padding.  "
    assert posts[2].post_content == "\n \t\n"


def test_zero_dates_are_none() -> None:
    posts = read_all(WXR / "statuses.xml")[1]
    draft = next(p for p in posts if p.status == "draft")
    assert draft.post_date_gmt is None
    assert draft.post_date is not None


def test_elements_match_by_namespace_uri_not_prefix() -> None:
    items = (
        '<item><title>A</title><x:post_id>7</x:post_id><x:post_type>page</x:post_type>'
        '<fake:status xmlns:fake="http://example.com/">draft</fake:status></item>'
    )
    data = wxr(items, ns='xmlns:wp="http://wordpress.org/export/1.2/" '
                       'xmlns:x="https://wordpress.org/export/1.1/"')
    (post,) = read_all(io.BytesIO(data))[1]
    assert (post.post_id, post.post_type, post.status) == (7, "page", "")


def test_declarations_after_items_are_kept() -> None:
    items = (
        "<item><title>A</title><wp:post_id>1</wp:post_id></item>"
        "<wp:term><wp:term_id>9</wp:term_id><wp:term_taxonomy>genre</wp:term_taxonomy>"
        "<wp:term_slug>jazz</wp:term_slug><wp:term_name>Jazz</wp:term_name></wp:term>"
        "<item><title>B</title><wp:post_id>2</wp:post_id></item>"
        "<wp:author><wp:author_login>late</wp:author_login></wp:author>"
    )
    site, posts = read_all(io.BytesIO(wxr(items)))
    assert [p.post_id for p in posts] == [1, 2]
    assert [t.slug for t in site.terms] == ["jazz"]
    assert [a.author_login for a in site.authors] == ["late"]


def test_an_export_without_items_still_has_its_header() -> None:
    header = "<wp:author><wp:author_login>solo</wp:author_login></wp:author>"
    site, posts = read_all(io.BytesIO(wxr("", header)))
    assert posts == []
    assert [a.author_login for a in site.authors] == ["solo"]


def test_comments_and_pings_are_separate() -> None:
    items = "<item><wp:post_id>1</wp:post_id>" + "".join(
        f"<wp:comment><wp:comment_id>{i}</wp:comment_id><wp:comment_type>{t}</wp:comment_type>"
        "</wp:comment>"
        for i, t in enumerate(["", "comment", "pingback", "trackback"], 1)
    ) + "</item>"
    (post,) = read_all(io.BytesIO(wxr(items)))[1]
    assert [c.comment_id for c in post.comments] == [1, 2]
    assert [(c.comment_id, c.comment_type) for c in post.pingbacks] == [
        (3, "pingback"), (4, "trackback"),
    ]


def test_records_pickle_whole() -> None:
    """``--jobs`` workers receive posts pickled: every field, nested records too."""
    site, posts = read_all(SEED)
    again = pickle.loads(pickle.dumps((site, posts), pickle.HIGHEST_PROTOCOL))
    assert again == (site, posts)
    assert again[1][0].comments[0].line == posts[0].comments[0].line
    assert again[1][0].pingbacks and again[0].terms


def test_records_remember_their_line() -> None:
    (post,) = read_all(SEED)[1]
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert lines[post.line - 1].strip() == "<item>"
    assert lines[post.comments[0].line - 1].strip() == "<wp:comment>"


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         b"<rss><channel><item><title>&x;</title></item></channel></rss>",
         UnsafeXmlError, "DOCTYPE"),
        (b"<rss><channel><title>Feed</title><item><title>x</title></item></channel></rss>",
         NotWxrError, "no wp:wxr_version"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>', NotWxrError, "<feed>"),
        (wxr("<item><title>x</title></item>")[:-40], XmlSyntaxError, "not well-formed"),
    ],
)
def test_unusable_inputs_raise_one_family(data: bytes, error: type, words: str) -> None:
    with pytest.raises(error) as exc:
        read_all(io.BytesIO(data))
    assert words in str(exc.value)


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(wxr("<item><title>x</wrong></item>"))
    with pytest.raises(XmlSyntaxError) as exc:
        read_all(path)
    assert exc.value.path == str(path)
    assert exc.value.line == 5 and exc.value.column is not None


def test_control_characters_are_dropped_with_a_located_warning() -> None:
    data = wxr("<item><title>bell\x07 and\x10 dle</title><wp:post_id>1</wp:post_id></item>")
    report = Reporter("x.xml")
    (post,) = read_all(io.BytesIO(data), report=report)[1]
    assert post.post_title == "bell and dle"
    found = [(d.code, d.line) for d in report]
    assert found == [("ILLEGAL_CONTROL_CHAR", 5), ("ILLEGAL_CONTROL_CHAR", 5)]


def test_recover_keeps_intact_items_and_reports_the_damaged_one() -> None:
    items = "".join(
        f"<item><title>T{i}</title><wp:post_id>{i}</wp:post_id></item>\n" for i in range(1, 4)
    )
    data = wxr(items).replace(b"<title>T3</title>", b"<title>T3</titel>")
    report = Reporter()
    posts = list(WxrReader(io.BytesIO(data), report=report, recover=True))
    assert [p.post_id for p in posts] == [1, 2]
    assert {d.code for d in report} >= {"XML_SYNTAX", "ITEM_DROPPED"}



def test_a_damaged_zip_member_fails_cleanly_and_leaves_no_file_open(tmp_path: Path) -> None:
    import gc
    import warnings
    import zipfile

    from migrate.errors import MigrateError
    from migrate.inputs import ExportReader, expand

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(SEED, "site.xml")
    data = bytearray(archive.read_bytes())
    start = 30 + len("site.xml")  # the member's compressed bytes follow its local header
    data[start : start + 8] = b"\xff" * 8
    archive.write_bytes(bytes(data))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            list(ExportReader(expand(archive)))
        except MigrateError as exc:  # handled here so no traceback keeps the file alive
            assert str(exc).startswith(f"{archive}:site.xml")
        else:
            pytest.fail("the damaged member was read")
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"<item>", b"</item>", b"x", b"\n", b"\x01", b"</ite", b"m>"]),
                max_size=60).map(b"".join),
       st.integers(min_value=7, max_value=16))
def test_stream_notes_the_last_item_end_whatever_the_read_size(data: bytes, size: int) -> None:
    """Where the last ``</item>`` ends (line, column of its '>'), found across reads of
    any size from the tag's own length up, even when a read cuts the tag in two."""
    import io

    from migrate.diagnostics import Reporter
    from migrate.source import SafeStream

    stream = SafeStream(io.BytesIO(data), "x.xml", Reporter())
    while stream.read(size):
        pass
    end = data.rfind(b"</item>")
    if end < 0:
        assert stream.last_item_end is None
        return
    gt = end + 6  # the '>'
    line = data.count(b"\n", 0, gt) + 1
    column = gt - data.rfind(b"\n", 0, gt)
    assert stream.last_item_end == (line, column)
