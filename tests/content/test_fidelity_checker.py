"""The fidelity checker itself: it must see every kind of loss."""

from __future__ import annotations

from migrate.content import ContentContext

from .fidelity import aggregate_word_ratio, check, format_table

SOURCE = (
    '<h2>Title</h2>\n<p>Hello <a href="http://a.com/b c">link</a> '
    '<img src="x.png" alt="Alt"> world foo bar</p>\n<pre>code  x</pre>'
)


def test_faithful_conversion_passes() -> None:
    row = check(SOURCE, label="good")
    assert row.structure_ok and row.word_ratio == 1.0 and row.problems == []


def test_losses_are_reported() -> None:
    row = check(SOURCE, label="bad", markdown="## Title\n\nHello link world bar\n\n    code x\n")
    assert not row.links and not row.images and not row.code
    assert row.headings
    assert row.word_ratio == 7 / 8
    assert len(row.problems) == 3


def test_heading_level_and_text_are_compared() -> None:
    assert not check("<h2>A</h2>", markdown="### A\n").headings
    assert not check("<h2>A</h2>", markdown="## B\n").headings


def test_reference_models_shortcodes_and_wpautop() -> None:
    ctx = ContentContext({1: "http://e.com/1.jpg"})
    row = check('Line one\nline two\n\n[gallery ids="1"]\n\n[unknown thing]', ctx)
    assert row.structure_ok and row.word_ratio == 1.0


def test_table_and_aggregate() -> None:
    rows = [check(SOURCE, label="a"), check("<p>x y</p>", label="b", markdown="x\n")]
    assert 0 < aggregate_word_ratio(rows) < 1
    table = format_table(rows)
    assert "aggregate word match" in table and table.count("\n") >= 3
