"""Fidelity checker: does our Markdown say what WordPress showed?

For a post body it builds

- the reference: the HTML WordPress displays, modelled as our wpautop with
  shortcodes expanded and block comments removed (``migrate.content.prepare``),
  parsed with ``lxml.html``;
- the candidate: our Markdown rendered back to HTML by markdown-it-py
  (CommonMark plus GFM tables), parsed the same way;

and compares link hrefs (in order), images (src, alt), headings (level, text),
code blocks (exact text) and the word sequence (difflib matching-words ratio).

Where a difference is not a loss, the reference side is adjusted, with the reason
at that spot in the code.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lxml import html as lxml_html
from lxml.html import HtmlElement
from markdown_it import MarkdownIt

from migrate.content import ContentContext, convert
from migrate.content.prepare import prepare


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


WORD = re.compile(r"\w+")
# Elements whose boundaries separate words in rendered text.
_BREAKING = _names(
    "p div blockquote ul ol li dl dt dd table thead tbody tfoot tr td th caption pre "
    "hr h1 h2 h3 h4 h5 h6 figure figcaption section article aside header footer nav "
    "main address center details summary br img iframe video audio object embed form"
)
_MD = MarkdownIt("commonmark").enable("table")


@dataclass
class Fidelity:
    """One post's comparison. ``problems`` names each structural mismatch."""

    label: str
    links: bool = True
    images: bool = True
    headings: bool = True
    code: bool = True
    ref_words: int = 0
    md_words: int = 0
    matched_words: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def word_ratio(self) -> float:
        longest = max(self.ref_words, self.md_words)
        return self.matched_words / longest if longest else 1.0

    @property
    def structure_ok(self) -> bool:
        return self.links and self.images and self.headings and self.code


def _parse(html: str) -> HtmlElement:
    return lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")


def _tag(el: HtmlElement) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _link(url: str) -> str:
    """A URL as markdown-it writes it (percent-encoding, IDNA hosts); idempotent."""
    return str(_MD.normalizeLink(url.strip()))


def links(root: HtmlElement) -> list[str]:
    return [_link(a.get("href", "")) for a in root.iter("a") if a.get("href") is not None]


def images(root: HtmlElement) -> list[tuple[str, str]]:
    return [(_link(i.get("src", "")), " ".join(i.get("alt", "").split())) for i in root.iter("img")]


def _flat_text(el: HtmlElement, br: str = " ") -> str:
    parts = [el.text or ""]
    for child in el:
        tag = _tag(child)
        if tag == "br":
            parts.append(br)
        elif tag:
            parts.append(_flat_text(child, br))
        parts.append(child.tail or "")
    return "".join(parts)


def _is_heading(el: HtmlElement) -> bool:
    return re.fullmatch(r"h[1-6]", _tag(el)) is not None


def headings(root: HtmlElement) -> list[tuple[int, str]]:
    """Level and text of each heading; an empty heading shows nothing and is skipped.

    Browsers close an open heading when another starts, so a heading that lxml nested
    inside another is counted as part of the outer one.
    """
    found = (
        h for h in root.iter() if _is_heading(h) and not any(map(_is_heading, h.iterancestors()))
    )
    pairs = [(int(_tag(h)[1]), " ".join("".join(_word_runs(h)).split())) for h in found]
    return [(level, text) for level, text in pairs if text]


def code_blocks(root: HtmlElement) -> list[str]:
    """Text of each code block. A <pre> nested in another is part of the outer one's text."""
    outer = (
        pre for pre in root.iter("pre") if not any(a.tag == "pre" for a in pre.iterancestors())
    )
    blocks = (_flat_text(pre, "\n") for pre in outer)
    trimmed = (re.sub(r"\A(?:[ \t]*\n)+|(?:\n[ \t]*)+\Z", "", b) for b in blocks)
    return [b if b.strip() else "" for b in trimmed]


def words(root: HtmlElement) -> list[str]:
    return WORD.findall("".join(_word_runs(root)))


def _word_runs(el: HtmlElement) -> Iterable[str]:
    """Rendered text; element boundaries that break a line also break words."""
    yield el.text or ""
    for child in el:
        tag = _tag(child)
        if tag in _BREAKING:
            yield " "
        if tag:
            yield from _word_runs(child)
        if tag in _BREAKING:
            yield " "
        yield child.tail or ""


def reference_html(source: str, ctx: ContentContext) -> str:
    """What WordPress displays for ``source``, as modelled by ``migrate.content.prepare``.

    That model is WordPress's own order of display filters: code shortcodes first,
    then shortcodes (WordPress prints shortcodes it has no handler for as plain text,
    so unknown ones stay in the reference as their literal text), auto-embeds (an
    embed becomes a link to its URL: the player itself cannot be exported), and
    wpautop for classic posts. Block-editor comments and other comments render as
    nothing.
    """
    return prepare(source, ctx).html


def _reference(source: str, ctx: ContentContext) -> HtmlElement:
    root = _parse(reference_html(source, ctx))
    for a in list(root.iter("a")):
        # javascript:, vbscript:, file: and data: links do not survive Markdown: every
        # renderer (markdown-it, GitHub) refuses them, so the converter keeps only their
        # text. Their text still counts as words.
        if a.get("href") is not None and not _MD.validateLink(_link(a.get("href", ""))):
            del a.attrib["href"]
    return root


def check(
    source: str, ctx: ContentContext | None = None, label: str = "", markdown: str | None = None
) -> Fidelity:
    """Compare the Markdown for ``source`` (ours unless given) with its reference rendering."""
    ctx = ctx or ContentContext()
    ref = _reference(source, ctx)
    if markdown is None:
        markdown = convert(source, ctx).markdown
    ours = _parse(_MD.render(markdown))
    row = Fidelity(label)
    row.links = _same(row, "links", links(ref), links(ours))
    row.images = _same(row, "images", images(ref), images(ours))
    row.headings = _same(row, "headings", headings(ref), headings(ours))
    row.code = _same(row, "code", code_blocks(ref), code_blocks(ours))
    ref_words, md_words = words(ref), words(ours)
    matcher = difflib.SequenceMatcher(None, ref_words, md_words, autojunk=False)
    row.ref_words, row.md_words = len(ref_words), len(md_words)
    row.matched_words = sum(block.size for block in matcher.get_matching_blocks())
    return row


def _same(row: Fidelity, what: str, expected: Sequence[object], got: Sequence[object]) -> bool:
    if list(expected) == list(got):
        return True
    missing = [x for x in expected if x not in got][:3]
    extra = [x for x in got if x not in expected][:3]
    row.problems.append(f"{what}: missing {missing!r} extra {extra!r}")
    return False


def aggregate_word_ratio(rows: Sequence[Fidelity]) -> float:
    """Matched words over the longer side, summed over all posts."""
    longest = sum(max(r.ref_words, r.md_words) for r in rows)
    return sum(r.matched_words for r in rows) / longest if longest else 1.0


def format_table(rows: Sequence[Fidelity]) -> str:
    """A plain-text table: one line per post, then the totals."""
    mark = {True: "ok", False: "FAIL"}
    lines = [
        f"{'post':<48} {'links':>5} {'imgs':>5} {'head':>5} {'code':>5} {'words':>7} {'ratio':>7}"
    ]
    for r in rows:
        lines.append(
            f"{r.label[:48]:<48} {mark[r.links]:>5} {mark[r.images]:>5} {mark[r.headings]:>5} "
            f"{mark[r.code]:>5} {r.ref_words:>7} {r.word_ratio:>7.2%}"
        )
        lines.extend(f"    {p}" for p in r.problems)
    passed = sum(r.structure_ok for r in rows)
    lines.append(
        f"{len(rows)} posts, {passed} structurally identical, "
        f"{sum(r.ref_words for r in rows)} reference words, "
        f"aggregate word match {aggregate_word_ratio(rows):.2%}"
    )
    return "\n".join(lines)


def print_table(rows: Sequence[Fidelity]) -> None:
    """Print :func:`format_table` (visible with ``pytest -s``)."""
    print(format_table(rows))
