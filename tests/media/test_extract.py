"""The fast media extractor of the JSON, JSON Lines and SQLite writers (migrate.media.extract).

The differential test holds it to what the Markdown writer collects (the content
engine's ``Converted.media`` plus the featured image) on every export we have. The
intended difference it allows for: where the post names an attachment by id
(``wp-image-N``, ``[gallery ids]``, ``[playlist ids]``, ``_thumbnail_id``), the
Markdown writer lists that attachment's file URL, resolved through its first pass over
the export; the extractor, one pass over one item, lists the id instead (a gallery's,
a playlist's and the featured image's references carry no URL at all). The others,
which none of those exports has, are tested one by one below (``intended_difference``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate import content
from migrate.errors import MigrateError
from migrate.media.extract import (
    MediaRef,
    content_hits,
    media_refs,
    post_media,
    thumbnail_id,
    unique,
)
from migrate.media.htmlscan import attributes, decode, may_hold_media, scan
from migrate.media.refs import post_refs
from migrate.model import Post
from migrate.wxr import read_all

from ..conftest import CORPUS, FIXTURES

EXPORTS = sorted(FIXTURES.rglob("*.xml"))
CORPUS_EXPORTS = sorted(CORPUS.rglob("*.xml")) if CORPUS.is_dir() else []
REFS = FIXTURES / "wxr" / "media-refs.xml"
U = "http://refs.example.com/wp-content/uploads/2024/01/"


def _readable(path: Path) -> tuple[list[Post], dict[int, str]] | None:
    try:
        _, posts = read_all(path)
    except MigrateError:
        return None  # the broken exports of fixtures/bad and the corpus
    attachments: dict[int, str] = {}
    for post in posts:  # as the Markdown writer's index: the first item with an id wins
        if post.post_type == "attachment" and post.post_id is not None:
            attachments.setdefault(post.post_id, (post.attachment_url or post.guid).strip())
    return posts, attachments


def assert_same_as_markdown(path: Path) -> int:
    """Every post of the export: the extractor's URLs are the Markdown writer's, in the
    same order, when the writer knows no attachment; with the attachments known, the
    writer's URLs are exactly those plus the files of the ids the extractor gives."""
    read = _readable(path)
    if read is None:
        return 0
    posts, attachments = read
    with_files = content.ContentContext(attachments=attachments)
    for post in posts:
        refs = post_media(post)
        urls = [r.url for r in refs if r.url is not None]
        alone = post_refs(content.convert(post.post_content).media, None)
        assert urls == alone, (path.name, post.post_id)
        featured = thumbnail_id(post.meta("_thumbnail_id"))
        ids = [h[3] for h in content_hits(post.post_content) if h[3] is not None]
        ids += [featured] if featured is not None else []
        markdown = post_refs(content.convert(post.post_content, with_files).media,
                             attachments.get(featured) if featured is not None else None)
        files = {attachments[i] for i in ids if attachments.get(i)}
        assert set(markdown) == set(urls) | files, (path.name, post.post_id)
    return len(posts)


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_same_references_as_the_markdown_writer(path: Path) -> None:
    assert_same_as_markdown(path)


@pytest.mark.skipif(not CORPUS_EXPORTS, reason=f"no corpus at {CORPUS}")
def test_same_references_as_the_markdown_writer_on_the_corpus() -> None:
    assert sum(assert_same_as_markdown(path) for path in CORPUS_EXPORTS) > 350


@pytest.mark.parametrize("html", [
    "Look:\n\nhttps://i.imgur.com/abc.gif\n\nNice.",
    "<p>https://i.imgur.com/x.png</p>",
    '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
    "https://example.com/clip.mp4\n</div></figure>",
])
def test_intended_difference_auto_embeds(html: str) -> None:
    """A media file's URL alone on its line, on an oEmbed provider's host or in a block
    embed's wrapper: WordPress embeds it and the Markdown writer links to it (and
    lists it); the extractor reads only markup and shortcodes, so it does not."""
    assert len(content.convert(html).media) == 1
    assert media_refs(html, None) == []


def test_intended_difference_a_tag_written_inside_an_attribute() -> None:
    """Only media tags, comments and raw-text elements are tokenized (the quick scan):
    an ``<img>`` written inside another tag's attribute value counts as a tag, where
    the HTML parser sees text. WordPress's editors escape ``<`` in attribute values,
    so this takes hand-written HTML."""
    html = '<span title="<img src=in-title.jpg>">x</span>'
    assert urls(html) == ["in-title.jpg"]
    assert content.convert(html).media == ()


# ---------------------------------------------------------------------------- the fixture


def refs_of(post_id: int) -> list[MediaRef]:
    _, posts = read_all(REFS)
    post = next(p for p in posts if p.post_id == post_id)
    return post_media(post, "http://refs.example.com")


def test_fixture_post_in_document_order() -> None:
    refs = refs_of(300)
    assert [(r.kind, r.url.removeprefix(U) if r.url else r.attachment_id) for r in refs] == [
        ("img", "big-scaled.jpg"), ("srcset", "big-300x200.jpg"), ("srcset", "big-1024x683.jpg"),
        ("link", "turned-rotated.jpg"), ("img", "turned-150x150.jpg"),
        ("img", "https://i0.wp.com/refs.example.com/wp-content/uploads/2024/01/cdn.jpg"
                "?resize=300%2C200&ssl=1"),
        ("img", "http://i2.wp.com/refs.example.com/wp-content/uploads/2024/01/"
                "cdn-1024x683.jpg?w=640&ver=3"),
        ("img", "landscaped.jpg"), ("img", "my-scaled-model.jpg"), ("link", "keep-300x200.jpg"),
        ("gallery", 311), ("gallery", 312), ("gallery", 999),
        ("video", "clip.mp4"), ("poster", "clip-poster.jpg"), ("video", "clip.webm"),
        ("playlist", 313), ("audio", "/wp-content/uploads/2024/01/talk.mp3"),
        ("source", "intro.mp4"), ("link", "notes.pdf?ver=2"), ("featured", 311),
    ]  # fmt: skip


def test_fixture_originals_and_ids() -> None:
    by_url = {r.url: r for r in refs_of(300)}
    assert by_url[U + "big-scaled.jpg"] == MediaRef(U + "big-scaled.jpg", U + "big.jpg", 310, "img")
    assert by_url[U + "big-300x200.jpg"].original == U + "big.jpg"
    assert by_url[U + "turned-rotated.jpg"].original == U + "turned.jpg"
    cdn = "https://refs.example.com/wp-content/uploads/2024/01/cdn.jpg"  # ssl=1: https
    assert by_url["https://i0.wp.com/refs.example.com/wp-content/uploads/2024/01/cdn.jpg"
                  "?resize=300%2C200&ssl=1"].original == cdn
    assert by_url["http://i2.wp.com/refs.example.com/wp-content/uploads/2024/01/"
                  "cdn-1024x683.jpg?w=640&ver=3"].original == U + "cdn.jpg?ver=3"
    assert by_url[U + "landscaped.jpg"].original == U + "landscaped.jpg"
    assert by_url[U + "my-scaled-model.jpg"].original == U + "my-scaled-model.jpg"
    # the link came first without an id; the image inside it brought the id
    assert by_url[U + "keep-300x200.jpg"] == MediaRef(U + "keep-300x200.jpg", U + "keep.jpg",
                                                       314, "link")
    assert by_url["/wp-content/uploads/2024/01/talk.mp3"].original == U + "talk.mp3"
    assert by_url[None].kind == "featured"  # the last id-only reference stands for the key
    hidden = ("in-a-comment", "in-a-script", "in-a-listing", "in-code", "data:")
    assert not [r for r in refs_of(300) if r.url and any(h in r.url for h in hidden)]


def test_fixture_block_post() -> None:
    assert refs_of(301) == [
        MediaRef(U + "pic-1024x768.jpg", U + "pic.jpg", 311, "img"),
        MediaRef(U + "cover.jpg", U + "cover.jpg", 315, "img"),
        MediaRef(U + "old-cover.jpg", U + "old-cover.jpg", None, "background"),
        MediaRef(U + "manual.pdf", U + "manual.pdf", None, "link"),
        MediaRef(None, None, 999, "featured"),  # not in the export: the id all the same
    ]
    assert refs_of(302) == []


# ---------------------------------------------------------------------------- the HTML scan


def urls(html: str) -> list[str]:
    return [hit[1] for hit in scan(html)]


@pytest.mark.parametrize(("html", "want"), [
    ('<IMG SRC="a.jpg"><Img src=b.jpg>', ["a.jpg", "b.jpg"]),
    ('<img src="a.jpg" src="b.jpg">', ["a.jpg"]),  # the first of two wins
    ('<img alt="x > y" src="gt.jpg">', ["gt.jpg"]),
    ('<a title="a<b" href="lt.pdf">x</a>', ["lt.pdf"]),
    ('<a title=">" data-x="<" href="both.pdf">x</a>', ["both.pdf"]),
    ("<img src='q\"uote.jpg'>", ['q"uote.jpg']),
    ('<img src = "sp.jpg" >', ["sp.jpg"]),
    ('<img/src="slash.jpg">', ["slash.jpg"]),
    ('<img src=x.jpg/>', ["x.jpg/"]),
    ('<a href="/page/">photo.jpg</a><a href="doc.PDF#p2">d</a>', ["doc.PDF#p2"]),
    ('<!-- <img src="c.jpg"> --><img src="after.jpg">', ["after.jpg"]),
    ('<script>"<img src=s.jpg>"</script><style>x</style><img src="ok.jpg">', ["ok.jpg"]),
    ('<textarea><img src="t.jpg"></textarea><title><img src=u.jpg></TITLE><img src=v.jpg>',
     ["v.jpg"]),
    ('<iframe><img src="i.jpg"></iframe><noscript><img src="n.jpg"></noscript>', ["n.jpg"]),
    ('<img src="a.jpg"><!-- never closed <img src="b.jpg">', ["a.jpg"]),
    ('<img src="a.jpg"><plaintext><img src="b.jpg">', ["a.jpg"]),
    ('<audio-player src="x.mp3"></audio-player><abbr title="y.jpg">', []),
    ('<video src="v.mp4" poster="p.jpg"><source src="s.webm"><track src="t.vtt"></video>',
     ["v.mp4", "p.jpg", "s.webm", "t.vtt", ""]),
    ('<object data="movie.swf"></object><object data="clip.mp4"></object>', ["clip.mp4"]),
    ('<img srcset="a.jpg 1x, b.jpg 2x,c.jpg">', ["", "a.jpg", "b.jpg", "c.jpg"]),
    ('<p style="background: url(\'bg.png\')"><span style="x:url(s.gif)">', ["bg.png", "s.gif"]),
])  # fmt: skip
def test_scan(html: str, want: list[str]) -> None:
    assert urls(html) == want
    assert may_hold_media(html) or not want


def test_attribute_values_are_decoded_as_html5_does() -> None:
    assert decode("a.jpg?w=1&amp;h=2&#38;x&#x26;y") == "a.jpg?w=1&h=2&x&y"
    assert decode("?a=1&copy=2&lt=3&amp") == "?a=1&copy=2&lt=3&"  # no ";" before "="
    assert decode("&foo;&nbsp;&#128;&#0;") == "&foo;\xa0\u20ac\ufffd"
    assert attributes(' SRC="a" Alt=b data-x="1" src="ignored"') == {
        "src": "a", "alt": "b", "data-x": "1"}
    assert urls('<a href="x&#46;pdf">x</a>') == ["x.pdf"]


def test_wp_image_ids() -> None:
    hits = scan('<img class="size-full wp-image-42" src="a.jpg" srcset="b.jpg 2x">'
                '<img class="wp-image-42x" src="c.jpg"><img class="wp-image-%s" src="d.jpg">'
                % ("9" * 19))
    assert [(h[1], h[3]) for h in hits] == [
        ("a.jpg", 42), ("b.jpg", 42), ("c.jpg", None), ("d.jpg", None)]


# ---------------------------------------------------------------------------- shortcodes


def shortcode_refs(html: str) -> list[tuple[str | None, int | None, str]]:
    return [(r.url, r.attachment_id, r.kind) for r in media_refs(html, None)]


@pytest.mark.parametrize(("html", "want"), [
    ('[gallery ids="1, 2" link="file"]', [(None, 1, "gallery"), (None, 2, "gallery")]),
    ('[gallery include="3"][gallery]', [(None, 3, "gallery")]),
    ("[[gallery ids=4]] [playlist ids='5' type=video]", [(None, 5, "playlist")]),
    ('[audio mp3="a.mp3" ogg="a.ogg"]<a href="gone.mp3">x</a>[/audio]',
     [("a.mp3", None, "audio"), ("a.ogg", None, "audio")]),
    ('[audio]<a href="kept.mp3">x</a>[/audio]', [("kept.mp3", None, "link")]),
    ('[video src="v.mp4" poster="0"] [video=https://x.test/w.webm]',
     [("v.mp4", None, "video"), ("https://x.test/w.webm", None, "video")]),
    ("[embed]https://x.test/clip.mp4[/embed] [embed]https://youtu.be/abc[/embed]",
     [("https://x.test/clip.mp4", None, "link")]),
    ('[youtube https://x.test/talk.mp3] [vimeo 1234]', [("https://x.test/talk.mp3", None, "link")]),
    ('<pre>[gallery ids="6"]</pre><code>[audio src=b.mp3]</code><!-- [gallery ids=7] -->', []),
    ('<a title="[gallery ids=8]" href="/">x</a>', []),
    ('[code]<img src="listed.jpg">[gallery ids=9][/code]<img src="shown.jpg">',
     [("shown.jpg", None, "img")]),
    ('[sourcecode lang="html"]<img src="listed.jpg">[/sourcecode]', []),
    ('[code][gallery ids="10"] [audio src="a.mp3"][/code] [gallery ids="11"]',
     [(None, 11, "gallery")]),
    ('[CAPTION]<img src="upper.jpg">[/CAPTION] [caption Caption="x"]<img src="i.jpg"> t[/caption]',
     [("upper.jpg", None, "img"), ("i.jpg", None, "img")]),
    ('[php]<img src="listed.jpg">[/php] [html]<img src="open.jpg">',
     [("open.jpg", None, "img")]),
    ('[caption id="x" caption="With <a href=\'c.pdf\'>a PDF</a>"]<img src="i.jpg"> '
     '<img src="dropped.jpg">[/caption]', [("i.jpg", None, "img"), ("c.pdf", None, "link")]),
    ('[caption]<img src="i.jpg"> [audio src="in-caption.mp3"][/caption]',
     [("i.jpg", None, "img"), ("in-caption.mp3", None, "audio")]),
])  # fmt: skip
def test_shortcodes(html: str, want: list[tuple[str | None, int | None, str]]) -> None:
    assert shortcode_refs(html) == want
    urls_only = [u for u, _, _ in want if u is not None]
    assert post_refs(content.convert(html).media, None) == urls_only


# ---------------------------------------------------------------------------- the rules


def test_repeats_data_urls_and_the_featured_image() -> None:
    hits = [(0, " a.jpg", "link", None), (1, "a.jpg", "img", 7), (2, "a.jpg", "img", 8),
            (3, "data:image/gif;base64,x", "img", None), (4, "", "img", 9),
            (5, "", "gallery", 7), (6, "", "featured", 7), (7, "", "gallery", 7)]
    assert unique(hits, "") == [
        MediaRef("a.jpg", "a.jpg", 7, "link"),
        MediaRef(None, None, 9, "img"),  # <img class="wp-image-9" src="">: the id alone
        MediaRef(None, None, 7, "gallery"), MediaRef(None, None, 7, "featured")]
    assert [thumbnail_id(v) for v in (" 12 ", "0", "", None, "x", "1" * 19)] == [
        12, None, None, None, None, None]
    assert media_refs("", "5") == [MediaRef(None, None, 5, "featured")]


def test_originals_are_absolute() -> None:
    refs = media_refs('<img src="/wp-content/uploads/a-10x10.png"><img src="b.gif">',
                      None, "https://site.test/blog")
    assert [r.original for r in refs] == [
        "https://site.test/wp-content/uploads/a.png", "https://site.test/blog/b.gif"]
    assert media_refs('<img src="http://[bad/x.jpg">', None)[0].original == "http://[bad/x.jpg"
