"""Serialising elements back to HTML for raw HTML blocks."""

from __future__ import annotations

from migrate.content import convert
from migrate.content.rawhtml import open_tag, raw_block, raw_inline, serialise
from migrate.content.tree import Element, find_named, parse


def element(html: str, name: str) -> Element:
    el = find_named(parse(html).root, frozenset({name}))
    assert el is not None
    return el


def test_attributes_in_source_order_empty_ones_bare_but_class_kept() -> None:
    html = '<video src="v.mp4" controls="" class="" autoplay data-x="">t</video>'
    assert serialise(element(html, "video")) == (
        '<video src="v.mp4" controls class="" autoplay data-x>t</video>'
    )


def test_values_are_quoted_to_survive_and_text_is_escaped() -> None:
    html = """<form title='say "hi"' alt="it's" data-both="a&quot;b'c">1 < 2 &amp; 3 > 2</form>"""
    assert serialise(element(html, "form")) == (
        """<form title='say "hi"' alt="it's" data-both="a&quot;b'c">"""
        "1 &lt; 2 &amp; 3 &gt; 2</form>"
    )


def test_void_elements_close_themselves_and_comments_are_kept() -> None:
    html = '<form><input name="q"><br><!-- note --><select><option>a</select></form>'
    assert serialise(element(html, "form")) == (
        '<form><input name="q"/><br/><!-- note --><select><option>a</option></select></form>'
    )


def test_script_and_style_text_is_not_escaped() -> None:
    html = "<script>if (a < b && c) { x = '<p>'; }</script>"
    assert serialise(element(html, "script")) == html


def test_a_meta_charset_declares_the_encoding_written() -> None:
    html = (
        '<form><meta charset="latin1">'
        '<meta http-equiv="Content-Type" content="text/html; charset=x"></form>'
    )
    assert serialise(element(html, "form")) == (
        '<form><meta charset="utf-8"/>'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/></form>'
    )


def test_open_tag_is_just_the_start_tag() -> None:
    el = element('<a href="u?a=1&amp;b=2" title="T">x <b>y</b></a>', "a")
    assert open_tag(el) == '<a href="u?a=1&amp;b=2" title="T">'


def test_inline_form_writes_markdown_characters_as_references() -> None:
    el = element('<iframe src="https://e.com/a_b*c" title="x|y">[t]</iframe>', "iframe")
    assert raw_inline(el) == (
        '<iframe src="https://e.com/a&#95;b&#42;c" title="x&#124;y">&#91;t&#93;</iframe>'
    )
    pre = element("<table><tr><td><pre>a\n  b</pre></td></tr></table>", "pre")
    assert raw_inline(pre) == "<pre>a&#10;  b</pre>"


def test_raw_block_puts_a_non_block_start_tag_on_its_own_line() -> None:
    el = element('<video src="v.mp4"><source src="w.webm"></video>', "video")
    assert raw_block(el) == '<video src="v.mp4">\n<source src="w.webm"/></video>'


def test_deeply_nested_raw_html_is_serialised_whole() -> None:
    html = "<svg>" + "<g>" * 3000 + "</svg>"
    markdown = convert(html).markdown
    assert markdown.count("<g>") == 3000 and markdown.count("</g>") == 3000
