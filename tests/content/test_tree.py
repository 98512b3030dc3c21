"""The HTML tree the converter walks: structure, text, attributes, navigation."""

from __future__ import annotations

from migrate.content.tree import (
    DOCTYPE,
    Comment,
    Element,
    Node,
    Text,
    descendants,
    find_named,
    get_text,
    parse,
    unwrap,
)


def body(html: str) -> Element:
    root = parse(html).root
    (html_el,) = [c for c in root.children if isinstance(c, Element)]
    body = find_named(html_el, frozenset({"body"}))
    assert body is not None
    return body


def shape(node: Node) -> object:
    """A node as nested tuples: ("tag", attrs, children), text as str, comments as ("!", t)."""
    if isinstance(node, Element):
        return (node.name, node.attrs, [shape(c) for c in node.children])
    if isinstance(node, Comment):
        return ("!", node.text)
    return node.text


def test_fragments_get_libxml2s_html_and_body() -> None:
    doc = parse("<p>Hello <em>world</em></p>")
    assert doc.root.name == "[document]"
    assert shape(doc.root) == (
        "[document]",
        {},
        [("html", {}, [("body", {}, [("p", {}, ["Hello ", ("em", {}, ["world"])])])])],
    )
    assert [el.name for el in doc.elements] == ["html", "body", "p", "em"]


def test_unclosed_and_misnested_tags_are_repaired_by_the_parser() -> None:
    assert shape(body("<p>one<p>two<li>three")) == (
        "body",
        {},
        [("p", {}, ["one"]), ("p", {}, ["two"]), ("li", {}, ["three"])],
    )


def test_entities_are_decoded_and_adjacent_text_is_one_node() -> None:
    (p,) = body("<p>a &amp; b &lt;c&gt; &#42; &bogus;</p>").children
    assert isinstance(p, Element)
    assert [shape(c) for c in p.children] == ["a & b <c> * &bogus;"]


def test_whitespace_only_text_becomes_one_space_or_one_newline() -> None:
    assert shape(body("<div>  <b>x</b>\t\n \n<i>y</i>   </div>")) == (
        "body",
        {},
        [("div", {}, [" ", ("b", {}, ["x"]), "\n", ("i", {}, ["y"]), " "])],
    )


def test_whitespace_is_kept_as_is_in_pre_and_textarea() -> None:
    assert shape(body("<pre>  <b>x</b>\n\n  </pre><textarea> \n </textarea>")) == (
        "body",
        {},
        [("pre", {}, ["  ", ("b", {}, ["x"]), "\n\n  "]), ("textarea", {}, [" \n "])],
    )


def test_attributes_keep_source_order_and_class_lists_are_normalised() -> None:
    html = "<a title=T href='u' class=' x \t y ' rel='no  follow' data-k='a  b'>l</a>"
    (a,) = body(html).children
    assert isinstance(a, Element)
    assert list(a.attrs.items()) == [
        ("title", "T"),
        ("href", "u"),
        ("class", "x y"),
        ("rel", "no follow"),
        ("data-k", "a  b"),
    ]


def test_a_duplicate_attribute_keeps_the_first_value() -> None:
    (p,) = body('<p class="a" id="1" class="b">x</p>').children
    assert isinstance(p, Element)
    assert p.attrs == {"class": "a", "id": "1"}


def test_comments_and_bogus_comments_are_comment_nodes() -> None:
    (p,) = body("<p>a<!-- note -->b<!---->c<?php x ?></p>").children
    assert isinstance(p, Element)
    assert [shape(c) for c in p.children] == [
        "a",
        ("!", " note "),
        "b",
        ("!", " "),  # an empty comment is a space, like empty text
        "c",
        ("!", "?php x ?"),
    ]


def test_the_doctype_is_text_of_its_own_kind_before_html() -> None:
    first = parse("<!DOCTYPE html><p>x</p>").root.children[0]
    assert isinstance(first, Text)
    assert (first.kind, first.text) == (DOCTYPE, "html")


def test_get_text_takes_the_text_of_the_elements_own_kind() -> None:
    div = body("<div>a<script>var s = '<b>';</script><!-- c -->b<style>p{}</style></div>")
    (el,) = div.children
    assert isinstance(el, Element)
    assert get_text(el) == "ab"  # script/style text and comments left out
    script = find_named(el, frozenset({"script"}))
    assert script is not None
    assert get_text(script) == "var s = '<b>';"
    assert [c.kind for c in script.children if isinstance(c, Text)] == ["script"]


def test_siblings_and_parents_are_linked_both_ways() -> None:
    root = parse("<p>a<b>b</b><!--c-->d</p><ul><li>e</li></ul>").root
    for node in descendants(root):
        parent = node.parent
        assert parent is not None
        kids = parent.children
        i = next(n for n, kid in enumerate(kids) if kid is node)
        assert node.prev is (kids[i - 1] if i else None)
        assert node.next is (kids[i + 1] if i + 1 < len(kids) else None)


def test_descendants_are_in_document_order() -> None:
    root = parse("<div><p>a<em>b</em></p>c</div>").root
    names = [n.name if isinstance(n, Element) else n.text for n in descendants(root)]
    assert names == ["html", "body", "div", "p", "a", "em", "b", "c"]


def test_unwrap_puts_the_children_in_place_and_relinks_them() -> None:
    div = body("<div>a<td>b<i>c</i></td>d</div>").children[0]
    assert isinstance(div, Element)
    td = div.children[1]
    assert isinstance(td, Element) and td.name == "td"
    unwrap(td)
    assert shape(div) == ("div", {}, ["a", "b", ("i", {}, ["c"]), "d"])  # not merged
    kids = div.children
    assert all(kid.parent is div for kid in kids)
    assert [kid.prev for kid in kids] == [None, *kids[:-1]]
    assert [kid.next for kid in kids] == [*kids[1:], None]


def test_a_byte_order_mark_is_dropped_and_empty_input_gives_an_empty_document() -> None:
    assert shape(body("\ufeff<p>x</p>")) == ("body", {}, [("p", {}, ["x"])])
    assert parse("").root.children == []
