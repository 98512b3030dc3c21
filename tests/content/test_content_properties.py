"""Property tests: the converter never fails, is deterministic, and plain text survives."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from migrate.content import convert

from .fidelity import check

_MD = MarkdownIt("commonmark").enable("table")
_FRAGMENTS = [
    "<p>", "</p>", "<pre>", "</pre>", "<code>", "</code>", "<ul>", "<li>", "</li>", "</ul>",
    "<ol start=3>", "</ol>", "<br>", "<hr>", "<h2>", "</h2>", "<em>", "</em>", "<strong>",
    "</strong>", "<blockquote>", "</blockquote>", "<cite>", "</cite>", '<a href="u">', "</a>",
    '<img src="i.png" alt="a">', "<table><tr><td>", "</td><td>", "</td></tr></table>",
    "<dl><dt>", "</dt><dd>", "</dd></dl>", "<figure>", "<figcaption>", "</figcaption>",
    '<iframe src="f"></iframe>', '<video src="v">', "</video>", "<script>", "</script>",
    "<!--more-->", "<!--nextpage-->", "<!-- wp:paragraph -->", "<!-- x -->", "&nbsp;", "&amp;",
    "&lt;", "[caption]", "[/caption]", '[gallery ids="1"]', "[code]", "[/code]", "[[x]]",
    "[foo a=1]", "https://youtu.be/x\n", "\n", "\n\n", " ", "\t", "a", "b c", "*", "_", "`",
    "#", ">", "-", "1.", "|", "\\", "[", "]", "(", ")", "~", "=", "!", "\u00a0", "\ue000",
]  # fmt: skip
html_soup = st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    result = convert(text)
    assert result.markdown == "" or result.markdown.endswith("\n")


@SETTINGS
@given(html_soup)
def test_arbitrary_html_is_converted_deterministically(html: str) -> None:
    first, second = convert(html), convert(html)
    assert first == second
    md = first.markdown
    assert md == "" or (md.endswith("\n") and not md.endswith("\n\n"))
    assert not re.search("[\ue000-\ue0ff]", md)
    assert "\r" not in md


_PLAIN = st.text(
    alphabet=st.sampled_from(list("abcxyz019 \n*_#>-+=.!|\\`~():;{}^$%'\"/")), max_size=80
)


def _rendered_text(markdown: str) -> str:
    html = _MD.render(markdown) or "<p></p>"
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split())


@SETTINGS
@given(_PLAIN)
def test_plain_text_reads_back_unchanged(text: str) -> None:
    """Markdown escaping is complete: whatever punctuation, the text renders as typed."""
    assert _rendered_text(convert(text).markdown) == " ".join(text.split())


# Well-formed WordPress-like HTML, nested at random: the fidelity checker must find
# every link, image, heading and code block, and the words in order.
_WORDS = st.sampled_from(
    ["word", "two words", "a_b", "*x*", "1. y", "# h", "- z", "[q]", "`c`", "x|y", "&amp; t",
     "&lt;b&gt;", "\u00a0", "http://e.com/a_b", "(p)", "q.", "\\"]
)  # fmt: skip


def _wrap(tag: str) -> st.SearchStrategy[str]:
    attrs = ' href="http://e.com/x"' if tag == "a" else ""
    return st.lists(st.deferred(lambda: _INLINE), max_size=3).map(
        lambda parts: f"<{tag}{attrs}>{''.join(parts)}</{tag}>"
    )


_INLINE: st.SearchStrategy[str] = st.one_of(
    _WORDS,
    st.just("<br>"),
    st.just('<img src="i.png" alt="A">'),
    _WORDS.map(lambda w: f"<code>{w}</code>"),
    st.deferred(lambda: st.one_of(_wrap("em"), _wrap("strong"), _wrap("a"))),
)
_LINE = st.lists(_INLINE, min_size=1, max_size=4).map("".join)
_LEAF = st.one_of(
    _LINE.map(lambda x: f"<p>{x}</p>"),
    _LINE.map(lambda x: f"<h3>{x}</h3>"),
    _WORDS.map(lambda w: f"<pre>{w}\n  more</pre>"),
    st.lists(st.lists(_LINE, min_size=1, max_size=3), min_size=1, max_size=3).map(
        lambda rows: (
            "<table>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
            + "</table>"
        )
    ),
    _LINE.map(lambda x: f'<figure><img src="f.png" alt="F"><figcaption>{x}</figcaption></figure>'),
    st.just('<iframe src="https://e.com/v"></iframe>'),
)


def _containers(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    kids = st.lists(children, min_size=1, max_size=3).map("".join)
    items = st.lists(st.one_of(_LINE, kids), min_size=1, max_size=3)
    return st.one_of(
        kids.map(lambda c: f"<blockquote>{c}</blockquote>"),
        items.map(lambda xs: "<ul>" + "".join(f"<li>{x}</li>" for x in xs) + "</ul>"),
        items.map(lambda xs: "<ol>" + "".join(f"<li>{x}</li>" for x in xs) + "</ol>"),
        kids.map(lambda c: f"<div>{c}</div>"),
    )


_DOC = st.lists(st.recursive(_LEAF, _containers, max_leaves=6), max_size=4).map(
    lambda blocks: "<!-- wp:html -->" + "\n".join(blocks)
)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(_DOC)
def test_structured_html_keeps_links_images_headings_code_and_words(html: str) -> None:
    row = check(html)
    assert row.problems == []
    assert row.word_ratio == 1.0
