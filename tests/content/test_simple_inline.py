"""Prose with simple inline markup skips the pipeline (``simple_inline``) and must come out
exactly as the pipeline makes it; anything else must be left to the pipeline."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.content import simple_inline, to_markdown_inline

from .test_plain_inline import PROSE, pipeline, real_texts

WORDS = ["word", "Ünïcode", "日本", "x", "42", "it’s", "(aside)", "end.", "a/b", "50%",
         "cafe\u0301", "\u2764\ufe0f", "\U0001f469\u200d\U0001f4bb", "\u2615", "\u0301x"]
SPACING = [" ", "  ", "\n", " \n", "\n\n", "\n \n"]
TAGS = ["em", "i", "strong", "b", "code", "a", "span", "p", "br", "EM"]
OPENERS = ['<a href="https://example.com/a_b/">', '<a href="http://x.org/?p=1#c">',
           '<a href="https://x.org/" rel="nofollow">', '<a href="https://x.org/(a)">',
           '<a href="javascript:x">', '<a href="https://x.org/" title="t">', "<a>",
           '<a href="mailto:a@b.org">', "<em >", "<br />", "<p>"]
REFERENCES = ["&#8230;", "&#8217;", "&#x2019;", "&#65;", "&#60;", "&#38;", "&#42;", "&#95;",
              "&#10;", "&#32;", "&#0;", "&#150;", "&#1114112;", "&amp;", "&eacute;", "&#91;",
              "&#8230", "&mdash;", "&hellip;", "&rsquo;", "&ldquo;", "&nbsp;", "&MDASH;",
              "&mdash", "&lt;"]
ODD = [*"<>&*_#[]`~+=|{}\\\t\r\xa0\ue000", "[&#8230;]", "[…]", "://", "1. ", "- ",
       "http://x.org", "[gallery]", "[…]("]


def tag(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from([f"<{name}>", f"</{name}>"])


PIECE = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(PROSE), st.sampled_from(SPACING),
    st.sampled_from(TAGS).flatmap(tag), st.sampled_from(OPENERS), st.just("</a>"),
    st.sampled_from(REFERENCES), st.sampled_from(ODD),
)
# Well-formed spans, so that the quick path is taken often enough to be tested.
SPAN = st.tuples(st.sampled_from(["em", "i", "strong", "b", "code", "a"]),
                 st.lists(st.sampled_from([*WORDS, " ", "&#8217;", "-"]), min_size=1,
                          max_size=4).map("".join),
                 st.sampled_from(OPENERS[:4])).map(
    lambda t: f"{t[2]}{t[1]}</a>" if t[0] == "a" else f"<{t[0]}>{t[1]}</{t[0]}>")


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.one_of(PIECE, SPAN, SPAN), max_size=40).map("".join))
def test_the_quick_path_is_the_pipeline(text: str) -> None:
    quick = simple_inline(text)
    if quick is not None:
        assert quick == pipeline(text)


@pytest.mark.parametrize("text", [
    "[&#8230;] Their <a href=\"https://a.example.net/b/\">post</a> says it [&#8230;]",
    "It&#8217;s <em>really</em> good, <strong>thanks</strong>! See <code>get(post)</code>.",
    "<a href=\"https://x.org/p\" rel=\"nofollow ugc\">Ann</a> wrote:\n\n<i>Quote</i> here\nand "
    "there &#8230;",
    "No markup at all, just a reference: caf&#233;.",
])
def test_typical_comments_take_the_quick_path(text: str) -> None:
    assert simple_inline(text) is not None
    assert simple_inline(text) == pipeline(text) == to_markdown_inline(text)


@pytest.mark.parametrize("text", [
    "a <em> spaced </em> b", "a<em>b</em>", "<em>a</em>b", "<em>a <b>b</b></em>",
    "a &amp; b", "caf&eacute;", "<a href=\"https://x.org/\">https://x.org/</a>",
    "<a href=\"https://x.org/\" title=\"t\">x</a>", "[&#8230;]\nnext line", "[&#8230;]: x",
    "<span>x</span>", "<em>*</em>", "x [gallery] y", "1. <em>first</em>", "&#60;b&#62;",
    "<a href=\"https://x.org/?a=1&b=2\">x</a>", "<code>wp_head()</code>",
])
def test_anything_else_takes_the_pipeline(text: str) -> None:
    assert simple_inline(text) is None


def test_real_comments_and_excerpts() -> None:
    taken = 0
    for name, text in real_texts():
        quick = simple_inline(text)
        if quick is not None and ("<" in text or "&" in text or "[" in text):
            taken += 1
            assert quick == pipeline(text), (name, text)
    assert taken >= 3


# Texts made only of what the quick path accepts, to test it on many more of its own.
LIKELY = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(SPACING), SPAN, st.sampled_from(PROSE),
    st.sampled_from(["[&#8230;]", " [&#8230;] ", "&mdash;", "&#8217;", "&hellip;", "&amp;"]),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(LIKELY, max_size=30).map("".join))
def test_the_quick_path_is_the_pipeline_on_likely_texts(text: str) -> None:
    quick = simple_inline(text)
    if quick is not None:
        assert quick == pipeline(text)
