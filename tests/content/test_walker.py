"""The tree walk: which children are converted, with what context, and how they join."""

from __future__ import annotations

from migrate.content.tree import Element, Text, parse
from migrate.content.walker import ParentTags, Walker, join_blocks


class Recorder(Walker):
    """Writes each text node as ``[text|context]``; elements pass their children through."""

    def process_text(self, node: Text, parent_tags: ParentTags) -> str:
        pseudo = sorted(t for t in parent_tags if t.startswith("_"))
        return f"[{node.text}|{','.join(pseudo)}]"

    def convert_b(self, el: Element, text: str, parent_tags: ParentTags) -> str:
        return f"\n\n{text}\n\n"


def walk(html: str) -> str:
    return Recorder().walk(parse(html).root)


def test_whitespace_next_to_blocks_is_dropped_but_kept_between_inline_elements() -> None:
    assert walk("<div> <p>a</p> <p>b</p> </div>") == "[a|][b|]"
    assert walk("<p><em>a</em> <em>b</em></p>") == "[a|][ |][b|]"
    assert walk("<p> <em>a</em> </p>") == "[a|]"  # at the inside edges of a block


def test_headings_and_cells_are_inline_code_and_pre_are_not_formatted() -> None:
    assert walk("<h2>h</h2><table><tr><td>c</td></tr></table>") == "[h|_inline][c|_inline]"
    assert walk("<pre>p</pre><code>c</code><kbd>k</kbd><tt>t</tt>") == (
        "[p|_noformat][c|_noformat][k|_noformat][t|]"
    )


def test_comments_and_the_doctype_are_skipped() -> None:
    assert walk("<!DOCTYPE html><p>a<!-- x -->b</p>") == "[a|][b|]"


def test_newlines_where_children_meet_collapse_to_at_most_two() -> None:
    assert join_blocks(["a\n", "\n\n\nb"]) == "a\n\nb"
    assert join_blocks(["a\n\n\n", "\nb\n", "\nc"]) == "a\n\nb\nc"
    assert join_blocks(["\n\n\n", "\nb"]) == "\n\n\n\nb"  # a run of newlines only does not
    assert join_blocks(["a", "b"]) == "ab"
    assert walk("<p>x<b>y</b><b>z</b></p>") == "[x|]\n\n[y|]\n\n[z|]"


def test_inside_pre_children_join_as_they_are() -> None:
    # (the document strips the outer newlines)
    assert walk("<pre><b>y</b><b>z</b></pre>") == "[y|_noformat]\n\n\n\n[z|_noformat]"


def test_the_document_strips_its_outer_newlines() -> None:
    assert walk("<b>x</b>") == "[x|]"
