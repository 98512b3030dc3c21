"""wpautop: WordPress's display-time paragraphs for classic content."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.content import convert
from migrate.content.wpautop import BLOCK_TAGS, _newlines_to_breaks, needs_autop, wpautop


def test_blank_lines_are_paragraphs_and_newlines_are_breaks() -> None:
    html = "First line\nsecond line\n\nNew paragraph."
    assert wpautop(html) == "<p>First line<br />\nsecond line</p>\n<p>New paragraph.</p>\n"


def test_pre_is_left_exactly_as_it_is() -> None:
    pre = "<pre>\nline one\n\n  line two\n</pre>"
    out = wpautop(f"Before\n{pre}\nAfter")
    assert pre in out
    assert "<p>Before</p>" in out and "<p>After</p>" in out


def test_script_style_textarea_are_left_alone() -> None:
    for raw in (
        "<script>\nvar a = 1;\n\nvar b = 2;\n</script>",
        "<style>\np { color: red; }\n\nb { }\n</style>",
        "<textarea>one\n\ntwo</textarea>",
    ):
        assert raw in wpautop(f"Text\n\n{raw}\n\nMore")


def test_block_elements_are_not_wrapped() -> None:
    out = wpautop("<h2>Title</h2>\nText\n<ul>\n<li>one</li>\n</ul>\n<div>box</div>\n<hr />")
    assert "<p><h2>" not in out and "<p><ul>" not in out and "<p><hr" not in out
    assert "<p>Text</p>" in out
    assert "<li>one</li>" in out


def test_newline_inside_a_tag_is_not_a_break() -> None:
    out = wpautop('A <a href="x"\ntitle="t">link</a> here')
    assert out == '<p>A <a href="x"\ntitle="t">link</a> here</p>\n'


def test_blockquote_content_gets_its_paragraph_inside() -> None:
    out = wpautop("<blockquote>Quote\n<cite>Me</cite></blockquote>")
    assert out == "<blockquote><p>Quote<br />\n<cite>Me</cite></p></blockquote>\n"


def test_existing_br_is_not_doubled() -> None:
    assert wpautop("a<br>\nb<br/>  \nc") == "<p>a<br />\nb<br />\nc</p>\n"


def test_shortcodes_on_their_own_line_survive_classic_conversion() -> None:
    source = (
        "Intro\n\n"
        '[caption id="attachment_1" width="300"]<img src="http://e.com/a.jpg" alt="A" />'
        " The caption[/caption]\n\n[gallery]\n\nOutro"
    )
    assert convert(source).markdown == (
        "Intro\n\n![A](http://e.com/a.jpg)\n\n*The caption*\n\n[gallery]\n\nOutro\n"
    )


def test_needs_autop_decisions() -> None:
    assert needs_autop("plain text\n\nmore")
    assert not needs_autop("<p>One\nline wrapped</p>\n<p>Two</p>")
    assert needs_autop("<p>One</p>\nloose text\nwith a break\n<p>Two</p>")
    assert not needs_autop("  \n ")


def test_content_with_paragraphs_is_not_autopd() -> None:
    assert convert("<p>One\nwrapped line</p>\n\n<p>Two</p>").markdown == (
        "One wrapped line\n\nTwo\n"
    )


def test_block_editor_content_is_not_autopd() -> None:
    source = "<!-- wp:html -->\n<b>a</b>\n<i>b</i>\n<!-- /wp:html -->"
    assert convert(source).markdown == "**a** *b*\n"


# The line-break pass and the block-tag pattern are faster forms of WordPress's regular
# expressions; these tests hold them to the originals.
_WP_NEWLINE = re.compile(r"(?<!<br />)[ \t]*\n(?!$)")
_LINE_PIECES = st.sampled_from([" ", "\t", "\n", "\n\n", "<br />", "a", "</p>", "/>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE_PIECES).map("".join))
def test_newlines_become_breaks_exactly_as_wordpress_pattern_does(text: str) -> None:
    assert _newlines_to_breaks(text) == _WP_NEWLINE.sub("<br />\n", text)


def test_block_tag_pattern_matches_exactly_the_block_tag_names() -> None:
    names = re.compile(f"(?:{BLOCK_TAGS})", re.IGNORECASE)
    for name in ("p", "pre", "col", "colgroup", "h1", "h6", "th", "thead", "wxr-block", "DIV"):
        assert names.fullmatch(name), name
    for name in ("h7", "pr", "tab", "colg", "x", "span", "wxr-blockx", "theader"):
        assert not names.fullmatch(name), name
