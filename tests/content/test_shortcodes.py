"""Shortcodes: parsing, the known ones, and unknown ones kept verbatim."""

from __future__ import annotations

import pytest

from migrate.content import ContentContext, convert
from migrate.content.shortcodes import parse_attrs

CTX = ContentContext(
    attachments={1: "http://e.com/1.jpg", 2: "http://e.com/2.jpg", 3: "http://e.com/3.mp3"},
    attachment_meta={1: ("One", "First caption")},
)


def test_parse_attrs_like_wordpress() -> None:
    named, bare = parse_attrs(' a="x y" B=\'z\' c=plain bare "quoted" ')
    assert named == {"a": "x y", "b": "z", "c": "plain"}
    assert bare == ("bare", "quoted")


def test_caption_with_linked_image() -> None:
    source = (
        '[caption id="attachment_5" align="aligncenter" width="300"]'
        '<a href="http://e.com/big.jpg"><img src="http://e.com/small.jpg" alt="A cat" '
        'title="Cat" width="300" /></a> A fine cat[/caption]'
    )
    assert convert(source).markdown == (
        '[![A cat](http://e.com/small.jpg "Cat")](http://e.com/big.jpg)\n\n*A fine cat*\n'
    )


def test_caption_attribute_style() -> None:
    source = '[caption id="a" caption="Old style"]<img src="x.jpg" alt="X" />[/caption]'
    assert convert(source).markdown == "![X](x.jpg)\n\n*Old style*\n"


def test_caption_with_emphasis_inside_uses_underscores() -> None:
    source = '[caption]<img src="x.jpg" alt="X" /> A <em>fine</em> one[/caption]'
    assert convert(source).markdown == "![X](x.jpg)\n\n_A *fine* one_\n"


def test_gallery_resolves_ids_and_records_missing_ones() -> None:
    result = convert('[gallery ids="1,2,99" link="file"]', CTX)
    assert result.markdown == (
        "[![One](http://e.com/1.jpg)](http://e.com/1.jpg)\n\n*First caption*\n\n"
        "[![](http://e.com/2.jpg)](http://e.com/2.jpg)\n"
    )
    assert result.missing_attachments == (99,)
    assert result.media == ("http://e.com/1.jpg", "http://e.com/2.jpg")
    assert not result.unknown_shortcodes


def test_gallery_without_ids_is_kept_verbatim_and_counted() -> None:
    result = convert('Before\n\n[gallery columns="2"]\n\nAfter', CTX)
    assert result.markdown == 'Before\n\n[gallery columns="2"]\n\nAfter\n'
    assert result.unknown_shortcodes == {"gallery": 1}


def test_embed_shortcode_is_a_link() -> None:
    assert convert("[embed]https://www.youtube.com/watch?v=abc[/embed]").markdown == (
        "<https://www.youtube.com/watch?v=abc>\n"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=SQEQr7c0-dw",
        "https://youtu.be/ex8fMxXJDJw",
        "https://vimeo.com/123456",
        "https://twitter.com/nacin/status/319508408669708289",
        "https://x.com/someone/status/1",
        "https://wordpress.tv/2009/03/16/anatomy/",
    ],
)
def test_bare_embeddable_url_on_its_own_line_is_a_link(url: str) -> None:
    assert convert(f"Look:\n\n{url}\n\nNice.").markdown == f"Look:\n\n<{url}>\n\nNice.\n"


def test_other_bare_urls_stay_text() -> None:
    assert convert("http://example.com/a_b").markdown == "http://example.com/a_b\n"


def test_url_inside_a_sentence_is_not_embedded() -> None:
    assert convert("See https://youtu.be/x now").markdown == "See https://youtu.be/x now\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            '[code lang="php"]<?php echo "a_b *c*"; ?>[/code]',
            '```php\n<?php echo "a_b *c*"; ?>\n```\n',
        ),
        (
            '[sourcecode language="python"]\nif a < b:\n    print("x")\n\n    pass\n[/sourcecode]',
            '```python\nif a < b:\n    print("x")\n\n    pass\n```\n',
        ),
        ("[source lang=js]var x = 1 &amp;&amp; 2;[/source]", "```js\nvar x = 1 && 2;\n```\n"),
        ("[code]plain[/code]", "```\nplain\n```\n"),
        ("[php]$a = 1;[/php]", "```php\n$a = 1;\n```\n"),
    ],
)
def test_code_shortcodes_are_fenced_with_language(source: str, expected: str) -> None:
    assert convert(source).markdown == expected


def test_code_shortcode_is_not_touched_by_wpautop() -> None:
    source = "Text\n\n[code]line 1\nline 2\n\nline 4[/code]\n\nMore"
    assert convert(source).markdown == "Text\n\n```\nline 1\nline 2\n\nline 4\n```\n\nMore\n"


def test_audio_shortcode_forms() -> None:
    assert convert("[audio https://e.com/a.mp3]").markdown == (
        '<audio controls src="https://e.com/a.mp3">\n</audio>\n'
    )
    assert convert(
        '[audio mp3="http://e.com/a.mp3" ogg="http://e.com/a.ogg" loop="on"]'
    ).markdown == (
        '<audio controls src="http://e.com/a.mp3" loop>\n<source src="http://e.com/a.ogg"/></audio>\n'
    )


def test_video_shortcode() -> None:
    source = '[video mp4="http://e.com/v.mp4" poster="http://e.com/p.jpg" width="640"][/video]'
    result = convert(source)
    assert result.markdown == (
        '<video controls src="http://e.com/v.mp4" poster="http://e.com/p.jpg" width="640">\n'
        "</video>\n"
    )
    assert result.media == ("http://e.com/v.mp4", "http://e.com/p.jpg")


def test_playlist_resolves_attachments() -> None:
    assert convert('[playlist ids="3"]', CTX).markdown == (
        '<audio controls src="http://e.com/3.mp3">\n</audio>\n'
    )


def test_unknown_shortcodes_are_verbatim_unescaped_and_counted() -> None:
    source = "Hello [foo bar=\"a_b\" baz='*x*'] and [unknown]*in*[/unknown] [foo /]"
    result = convert(source)
    assert result.markdown == (
        "Hello [foo bar=\"a_b\" baz='*x*'] and [unknown]\\*in\\*[/unknown] [foo /]\n"
    )
    assert result.unknown_shortcodes == {"foo": 2, "unknown": 1}


def test_escaped_shortcode_is_literal() -> None:
    result = convert("Use [[gallery]] to show images.")
    assert result.markdown == "Use [gallery] to show images.\n"
    assert not result.unknown_shortcodes


def test_verbatim_shortcode_cannot_turn_into_a_link() -> None:
    assert convert("[note](not a link)").markdown == "[note]\\(not a link)\n"


def test_shortcodes_in_code_and_attributes_are_left_alone() -> None:
    source = '<code>[gallery ids="1"]</code> <a href="http://e.com/?q=[x]">l</a>'
    result = convert(source, CTX)
    assert result.markdown == '`[gallery ids="1"]` [l](http://e.com/?q=[x])\n'
    assert not result.unknown_shortcodes


def test_escaped_enclosing_shortcode_is_literal_with_its_content() -> None:
    result = convert("Write [[code]x_y[/code]] or [[caption]A *b*[/caption]].")
    assert result.markdown == "Write [code]x_y[/code] or [caption]A \\*b\\*[/caption].\n"
    assert not result.unknown_shortcodes


def test_extra_closing_bracket_is_text() -> None:
    # a "]" ending its block needs no escape: nothing after it can make a link
    assert convert('[gallery ids="1"]]', CTX).markdown == (
        "![One](http://e.com/1.jpg)\n\n*First caption*\n\n]\n"
    )
