"""Property tests: whatever text a post holds, writing it as WXR and reading it back
gives it back exactly, and no input makes the reader fail outside its error family."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.errors import MigrateError
from migrate.wxr import read_all

# Characters XML 1.0 allows (the reader drops the C0 controls it forbids).
XML_CHARS = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
    "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff\r",
)
TEXT = st.text(XML_CHARS, max_size=200)


def cdata(text: str) -> str:
    """How WordPress writes text: CDATA, with ']]>' split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def export(title: str, content: str, comment: str, meta: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><wp:wxr_version>1.2</wp:wxr_version><item>"
        f"<title>{cdata(title)}</title><content:encoded>{cdata(content)}</content:encoded>"
        f"<wp:post_id>5</wp:post_id><wp:postmeta><wp:meta_key>k</wp:meta_key>"
        f"<wp:meta_value>{cdata(meta)}</wp:meta_value></wp:postmeta>"
        f"<wp:comment><wp:comment_id>9</wp:comment_id>"
        f"<wp:comment_content>{cdata(comment)}</wp:comment_content></wp:comment>"
        "</item></channel></rss>"
    ).encode()


@settings(max_examples=150, deadline=None)
@given(title=TEXT, content=TEXT, comment=TEXT, meta=TEXT)
def test_text_round_trips_exactly(title: str, content: str, comment: str, meta: str) -> None:
    (post,) = read_all(io.BytesIO(export(title, content, comment, meta)))[1]
    assert post.post_title == title
    assert post.post_content == content
    assert post.comments[0].comment_content == comment
    assert post.meta("k") == meta


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400), cut=st.integers(min_value=0, max_value=1200))
def test_any_bytes_give_posts_or_a_migrate_error(data: bytes, cut: int) -> None:
    valid = export("t", "c", "m", "v")
    for blob in (data, valid[:cut] + data, valid[:cut]):
        try:
            read_all(io.BytesIO(blob))
        except MigrateError as exc:
            assert str(exc)
