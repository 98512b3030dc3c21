"""HTML to Markdown rules, on WordPress-shaped HTML."""

from __future__ import annotations

import pytest

from migrate.content import convert, to_markdown_inline


def md(html: str) -> str:
    return convert(html).markdown


def test_headings_are_atx() -> None:
    assert md("<h1>One</h1><h3>Three <em>it</em></h3><h6>Six #</h6>") == (
        "# One\n\n### Three *it*\n\n###### Six \\#\n"
    )


def test_empty_heading_is_dropped() -> None:
    assert md("<h2> </h2><p>x</p>") == "x\n"


def test_emphasis_and_strong_keep_spaces_outside() -> None:
    assert md("<p><em>Right, </em>and <strong>bold<strong> nested</strong></strong></p>") == (
        "*Right,* and **bold nested**\n"
    )


def test_links_keep_titles_and_autolink_bare_urls() -> None:
    html = (
        '<p><a href="https://e.com/a_(b)" title="The &quot;title&quot;">text</a> '
        '<a href="https://e.com/x">https://e.com/x</a> <a href="https://e.com/a b">sp</a></p>'
    )
    assert md(html) == (
        '[text](https://e.com/a_(b) "The \\"title\\"") <https://e.com/x> '
        "[sp](<https://e.com/a b>)\n"
    )


def test_anchor_without_href_is_plain_text() -> None:
    assert md('<a name="top">Top</a>') == "Top\n"


def test_images_keep_alt_and_title_and_links() -> None:
    html = '<a href="big.jpg"><img src="small.jpg" alt="A [b]" title="T" width="10"></a>'
    assert md(html) == '[![A \\[b\\]](small.jpg "T")](big.jpg)\n'


def test_nested_lists_are_indented_for_commonmark() -> None:
    html = (
        '<ol start="8"><li>eight<ul><li>bullet<ol><li>deep</li></ol></li></ul></li>'
        "<li>nine</li><li>ten</li></ol>"
    )
    assert md(html) == "8. eight\n   - bullet\n     1. deep\n9. nine\n10. ten\n"


def test_nested_list_in_classic_markup() -> None:
    source = "<ul>\n\t<li>one\n<ul>\n\t<li>inner</li>\n</ul>\n</li>\n\t<li>two</li>\n</ul>"
    assert md(source) == "- one\n  - inner\n- two\n"


def test_list_item_with_paragraphs() -> None:
    assert md("<ul><li><p>para one</p><p>para two</p></li><li>x</li></ul>") == (
        "- para one\n\n  para two\n- x\n"
    )


def test_adjacent_lists_do_not_merge() -> None:
    assert md("<ul><li>a</li></ul><ul><li>b</li></ul><ol><li>c</li></ol><ol><li>d</li></ol>") == (
        "- a\n\n* b\n\n1. c\n\n1) d\n"
    )


def test_blockquote_with_cite_line() -> None:
    html = (
        '<blockquote>Only one thing.\n<cite><a href="http://q.com/">Mark Twain</a></cite>'
        "</blockquote>"
    )
    assert md(html) == "> Only one thing.\n>\n> — [Mark Twain](http://q.com/)\n"


def test_cite_inside_a_sentence_is_left_inline() -> None:
    assert md("<blockquote><p>As <cite>Someone</cite> said.</p></blockquote>") == (
        "> As Someone said.\n"
    )


def test_nested_blockquotes() -> None:
    assert md("<blockquote><p>a</p><blockquote><p>b</p></blockquote></blockquote>") == (
        "> a\n>\n> > b\n"
    )


@pytest.mark.parametrize(
    ("html", "lang"),
    [
        ('<pre><code class="language-python">x</code></pre>', "python"),
        ('<pre class="lang:php decode:true">x</pre>', "php"),
        ('<pre class="lang-ruby">x</pre>', "ruby"),
        ('<pre class="brush: js; title: ; notranslate">x</pre>', "js"),
        ('<pre lang="go">x</pre>', "go"),
        ('<pre class="wp-block-code"><code>x</code></pre>', ""),
    ],
)
def test_code_language_detection(html: str, lang: str) -> None:
    assert md(html) == f"```{lang}\nx\n```\n"


def test_code_block_text_is_exact() -> None:
    html = "<pre>\n\tif (a &lt; b &amp;&amp; c) {\n\t\t*p = a_b;  \n\n\t}\n</pre>"
    assert md(html) == "```\n\tif (a < b && c) {\n\t\t*p = a_b;  \n\n\t}\n```\n"


def test_code_fence_is_longer_than_any_backtick_run() -> None:
    assert md("<pre>a ``` b ```` c</pre>") == "`````\na ``` b ```` c\n`````\n"


def test_pre_with_br_and_markup_inside() -> None:
    assert md('<pre class="wp-block-verse">One<br>  Two<br><cite>Three</cite></pre>') == (
        "```\nOne\n  Two\nThree\n```\n"
    )


def test_inline_code_is_not_escaped() -> None:
    assert md("<p>Use <code>a_b *c* `d`</code> and <code>&lt;p&gt;</code></p>") == (
        "Use `` a_b *c* `d` `` and `<p>`\n"
    )


def test_tables_with_header_pipes_and_breaks() -> None:
    html = (
        "<table><thead><tr><th>Name</th><th>Note</th></tr></thead><tbody>"
        '<tr><td>a|b</td><td>line<br>two</td></tr><tr><td colspan="2">wide</td></tr>'
        "</tbody><tfoot><tr><td>f</td><td></td></tr></tfoot></table>"
    )
    assert md(html) == (
        "| Name | Note |\n| --- | --- |\n| a\\|b | line<br>two |\n| wide |  |\n| f |  |\n"
    )


def test_table_without_th_uses_first_row_as_header() -> None:
    assert md("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>") == (
        "| 1 | 2 |\n| --- | --- |\n| 3 |  |\n"
    )


def test_horizontal_rule_and_hard_breaks() -> None:
    assert md("<p>a<br>b<br/><br/>c<br></p><hr><p>d</p>") == "a\\\nb\n\nc\n\n* * *\n\nd\n"


def test_definition_list() -> None:
    assert md("<dl><dt>Term</dt><dd>Def <em>one</em></dd><dt>T2</dt><dd>D2</dd></dl>") == (
        "**Term**\n: Def *one*\n\n**T2**\n: D2\n"
    )


def test_footnote_pattern_keeps_link_and_text() -> None:
    html = (
        '<p>Claim<sup><a href="#fn1" id="r1">1</a></sup>.</p>'
        '<ol class="footnotes"><li id="fn1">Source. <a href="#r1">↩</a></li></ol>'
    )
    assert md(html) == "Claim<sup>[1](#fn1)</sup>.\n\n1. Source. [↩](#r1)\n"


@pytest.mark.parametrize(
    ("html", "raw"),
    [
        (
            '<iframe src="https://e.com/e" width="560" allowfullscreen></iframe>',
            '<iframe src="https://e.com/e" width="560" allowfullscreen></iframe>',
        ),
        (
            '<video controls src="v.mp4"><source src="v.webm"></video>',
            '<video controls src="v.mp4">\n<source src="v.webm"/></video>',
        ),
        (
            '<object data="m.swf"><param name="a" value="b"><embed src="m.swf"></object>',
            '<object data="m.swf">\n<param name="a" value="b"/><embed src="m.swf"/></object>',
        ),
        (
            '<form action="/s"><input name="q"><button>Go</button></form>',
            '<form action="/s"><input name="q"/><button>Go</button></form>',
        ),
        (
            "<script>\nvar a = 1 < 2;\n\nx();\n</script>",
            "<script>\nvar a = 1 < 2;\n\nx();\n</script>",
        ),
    ],
)
def test_raw_html_stays_raw_on_its_own_block(html: str, raw: str) -> None:
    assert md(f"<p>Before</p>{html}<p>After</p>") == f"Before\n\n{raw}\n\nAfter\n"


def test_raw_html_inside_a_paragraph_gets_its_own_block() -> None:
    assert md('<p>Intro <iframe src="x"></iframe> outro</p>') == (
        'Intro\n\n<iframe src="x"></iframe>\n\noutro\n'
    )


def test_entities_are_decoded() -> None:
    assert md("<p>&amp; &#8217; a&nbsp;b &lt;tag&gt; &copy;</p>") == "& ’ a\u00a0b \\<tag> ©\n"


def test_escaping_only_where_meaning_would_change() -> None:
    html = "<p>snake_case x_1 and http://e.com/a_b_c and *stars* and _u_ and 5 * 3 and `t`</p>"
    assert md(html) == (
        "snake_case x_1 and http://e.com/a_b_c and \\*stars\\* and \\_u\\_ and 5 * 3 and \\`t\\`\n"
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("2014) a year", "2014\\) a year"),
        ("- not a bullet", "\\- not a bullet"),
        ("+ nor this", "\\+ nor this"),
        ("> not a quote", "\\> not a quote"),
        ("===", "\\==="),
        ("[1]: http://not.a/definition", "[1\\]: http://not.a/definition"),
    ],
)
def test_line_start_markers_are_escaped(text: str, escaped: str) -> None:
    assert md(f"<p>{text}</p>") == escaped + "\n"
    assert md(f"<p>a<br>{text}</p>") == f"a\\\n{escaped}\n"


def test_output_is_tidy() -> None:
    html = "<p>a  </p>\n\n\n\n<div><div><p>b</p></div></div>\n\n<p></p><p>&nbsp;</p><p>c</p>"
    assert md(html) == "a\n\nb\n\nc\n"


def test_empty_input() -> None:
    assert md("") == ""
    assert md("  \n<!-- only a comment -->\n") == ""


def test_newlines_are_normalised() -> None:
    assert md("a\r\nb\r\n\r\nc") == "a\\\nb\n\nc\n"


def test_media_list_in_order_without_repeats() -> None:
    html = (
        '<p><img src="a.jpg" srcset="a-300.jpg 300w, a.jpg 1000w"> '
        '<a href="doc.pdf">pdf</a> <a href="page.html">page</a> <a href="a.jpg">again</a></p>'
        '<div class="wp-block-cover" style="background-image:url(bg.png)"></div>'
    )
    assert convert(html).media == ("a.jpg", "a-300.jpg", "doc.pdf", "bg.png")


def test_to_markdown_inline() -> None:
    assert to_markdown_inline("Nice <strong>post</strong>!\nThanks") == "Nice **post**!\\\nThanks"
    assert to_markdown_inline("") == ""


@pytest.mark.parametrize(
    "html",
    ["<div>" * 3000 + "deep" + "</div>" * 3000, "<p><font>deep" * 2000, "<em>" * 3000 + "deep"],
)
def test_pathological_nesting_is_converted(html: str) -> None:
    assert "deep" in md(html)


def test_many_adjacent_lists_alternate_markers() -> None:
    assert md("<ul><li>a</li></ul>" * 3) == "- a\n\n* a\n\n- a\n"


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    "text",
    ["<!-- wp:x -->https://example.com/page<!-- /wp:x -->", "<!-- wp:x -->a.html<!-- /wp:x -->"],
)
def test_text_that_looks_like_a_url_or_file_parses_quietly(text: str) -> None:
    assert md(text).strip()


def test_a_blocks_final_bracket_is_not_escaped_but_still_reads_as_text() -> None:
    from markdown_it import MarkdownIt

    from migrate.content import to_markdown_inline

    pingback = "[...] Your loving relationship [...]"
    out = to_markdown_inline(pingback)
    assert out == pingback
    assert MarkdownIt("commonmark").render(out) == f"<p>{pingback}</p>\n"
    # before a link in the same paragraph the escape stays: "[a][b](u)" would change
    mid = to_markdown_inline('[a]<a href="u">(b)</a>')
    assert MarkdownIt("commonmark").render(mid).count("<a ") == 1
    assert "[a]" in MarkdownIt("commonmark").render(mid)


def test_a_second_body_tag_is_converted_not_a_crash() -> None:
    # lxml.html asserts on a fragment holding two <body> elements (wpautop's look at it)
    assert convert("<p>x</p></body>y<body>z").markdown == "x\n\nyz\n"


def test_a_converter_error_keeps_the_html(monkeypatch: pytest.MonkeyPatch) -> None:
    import migrate.content as engine

    def broken(html: str, ctx: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(engine, "_render", broken)
    out = convert("<p>kept <b>as is</b></p>\n")
    assert out.markdown == "<p>kept <b>as is</b></p>\n"
    assert out.failed is not None and out.failed.startswith("RecursionError")
    assert to_markdown_inline("<span>c</span>\n") == "<span>c</span>"  # not a quick-path text
