"""Block-editor markup, the more tag and page breaks."""

from __future__ import annotations

from migrate.content import ContentContext, convert


def test_block_comments_never_reach_the_output() -> None:
    source = (
        "<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:spacer {"height":40} -->\n<div style="height:40px" class="wp-block-spacer">'
        "</div>\n<!-- /wp:spacer -->\n\n<!-- wp:site-title /-->"
    )
    assert convert(source).markdown == "Hello\n"


def test_image_block_with_caption() -> None:
    source = (
        '<!-- wp:image {"id":7} -->\n<figure class="wp-block-image"><img src="http://e.com/a.jpg"'
        ' alt="Alt" class="wp-image-7"/><figcaption>Cap</figcaption></figure>\n<!-- /wp:image -->'
    )
    result = convert(source, ContentContext({7: "http://e.com/full.jpg"}))
    assert result.markdown == "![Alt](http://e.com/a.jpg)\n\n*Cap*\n"
    assert result.media == ("http://e.com/a.jpg", "http://e.com/full.jpg")


def test_gallery_block_is_flattened_to_images() -> None:
    source = (
        '<figure class="wp-block-gallery"><ul class="blocks-gallery-grid">'
        '<li class="blocks-gallery-item"><figure><img src="a.jpg" alt="A"/>'
        "<figcaption>One</figcaption></figure></li>"
        '<li class="blocks-gallery-item"><figure><img src="b.jpg" alt="B"/></figure></li>'
        "</ul></figure>"
    )
    assert convert(source).markdown == "![A](a.jpg)\n\n*One*\n\n![B](b.jpg)\n"


def test_embed_block_becomes_a_link() -> None:
    source = (
        '<!-- wp:embed {"url":"https://example.org/v/1"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://example.org/v/1\n</div><figcaption>A video</figcaption></figure>\n"
        "<!-- /wp:embed -->"
    )
    assert convert(source).markdown == "<https://example.org/v/1>\n\n*A video*\n"


def test_code_table_quote_separator_blocks() -> None:
    source = (
        '<!-- wp:code -->\n<pre class="wp-block-code"><code>a &lt; b\n  c</code></pre>\n'
        "<!-- /wp:code -->\n\n<!-- wp:table -->\n"
        '<figure class="wp-block-table"><table><tbody><tr><td>x</td><td>y</td></tr>'
        "</tbody></table></figure>\n<!-- /wp:table -->\n\n"
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>Q</p><cite>C</cite>'
        "</blockquote>\n<!-- /wp:quote -->\n\n"
        '<!-- wp:separator -->\n<hr class="wp-block-separator"/>\n<!-- /wp:separator -->'
    )
    assert convert(source).markdown == (
        "```\na < b\n  c\n```\n\n| x | y |\n| --- | --- |\n\n> Q\n>\n> — C\n\n* * *\n"
    )


def test_columns_are_flattened_in_document_order() -> None:
    source = (
        '<!-- wp:columns -->\n<div class="wp-block-columns"><!-- wp:column -->\n'
        '<div class="wp-block-column"><p>Left</p></div>\n<!-- /wp:column -->\n'
        '<!-- wp:column -->\n<div class="wp-block-column"><p>Right</p></div>\n'
        "<!-- /wp:column --></div>\n<!-- /wp:columns -->"
    )
    assert convert(source).markdown == "Left\n\nRight\n"


def test_buttons_are_links() -> None:
    source = (
        '<div class="wp-block-buttons"><div class="wp-block-button">'
        '<a class="wp-block-button__link" href="https://e.com/go">Go</a></div>'
        '<div class="wp-block-button"><a class="wp-block-button__link">No link</a></div></div>'
    )
    assert convert(source).markdown == "[Go](https://e.com/go)\n\nNo link\n"


def test_more_tag_splits_summary_from_body() -> None:
    result = convert("Intro *text*.\n\n<!--more-->\n\nThe rest.")
    assert result.summary == "Intro \\*text\\*.\n"
    assert result.markdown == "Intro \\*text\\*.\n\nThe rest.\n"


def test_more_tag_with_custom_text_and_block_wrapper() -> None:
    source = (
        "<!-- wp:paragraph -->\n<p>Teaser</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:more {"customText":"Go"} -->\n<!--more Go-->\n<!-- /wp:more -->\n\n'
        "<!-- wp:paragraph -->\n<p>Body</p>\n<!-- /wp:paragraph -->"
    )
    result = convert(source)
    assert result.summary == "Teaser\n"
    assert result.markdown == "Teaser\n\nBody\n"


def test_no_more_tag_means_no_summary() -> None:
    assert convert("Just text").summary is None


def test_nextpage_is_a_thematic_break() -> None:
    assert convert("Page 1\n\n<!--nextpage-->\n\nPage 2").markdown == "Page 1\n\n* * *\n\nPage 2\n"


def test_other_comments_are_dropped() -> None:
    assert convert("a <!-- secret --> b").markdown == "a b\n"
