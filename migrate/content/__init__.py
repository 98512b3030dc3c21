"""Content conversion: a WordPress post body (``post_content``) to Markdown.

The pipeline (:func:`convert`):

1. ``<!--more-->`` (or ``<!--more Custom text-->``) splits off the summary, which
   is converted on its own like WordPress's teaser; the body is the whole post
   without the marker.
2. :func:`.prepare.prepare` makes the HTML WordPress would display: block-editor
   delimiters and other comments dropped, code shortcodes to ``<pre>``, other
   shortcodes expanded, auto-embed URLs linked, wpautop for classic content.
3. :func:`.tree.parse` parses that HTML with libxml2 (through an lxml parser target)
   into a small tree of our own: elements, text and comments, linked both ways.
4. :func:`.media.collect_media` lists the media the tree references.
5. :class:`.html2md.WordPressConverter` writes CommonMark with GFM tables: the walk
   in :mod:`.walker` converts children first, then calls the element's
   ``convert_<tag>`` rule; finished blocks (code, raw HTML in :mod:`.rawhtml`) are
   parked as placeholders and put back last.

Every step is plain Python plus regular expressions, written for speed (comments go
through the same pipeline via :func:`to_markdown_inline`): tests that cannot change
the outcome come first, so most text skips most passes.

What things become:

- ``[caption]``: the (linked) image, then the caption as an emphasised paragraph.
- ``[gallery ids=...]``: each attachment's image (alt/caption from
  ``ContentContext.attachment_meta``), ids that do not resolve skipped and listed
  in ``Converted.missing_attachments``; ``[gallery]`` without ids stays verbatim.
- ``[embed]URL[/embed]``, ``[youtube]``, ``[vimeo]``, a provider URL alone on its
  line, and block-editor embeds: an autolink ``<URL>``.
- ``[code]``, ``[sourcecode]``, ``[source]``, SyntaxHighlighter brush shortcodes:
  fenced code with the language.
- ``[audio]``, ``[video]``, ``[playlist]``: raw ``<audio controls>``/``<video
  controls>`` HTML.
- Unknown shortcodes: kept verbatim (never escaped) and counted by name in
  ``Converted.unknown_shortcodes`` (so is ``[gallery]`` without ids).
- ``<!--nextpage-->``: a thematic break (``* * *``) between the pages.
- ``<iframe>``, ``<video>``, ``<audio>``, ``<object>``, ``<embed>``, forms,
  ``<script>``, ``<style>``, ``<svg>``: raw HTML blocks; a ``<pre>`` holding links,
  images or headings too (a code block would lose them).
- ``javascript:``/``data:`` links: their text only (Markdown renderers refuse them).
- Block-editor columns, groups, covers and media-text flatten in document order;
  cover background images are not written (they are listed in ``media``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .blocks import split_more
from .context import ContentContext
from .html2md import WordPressConverter
from .media import collect_media
from .prepare import prepare
from .quick import plain_inline, simple_inline
from .tree import parse

__all__ = [
    "ContentContext", "Converted", "convert", "plain_inline", "simple_inline",
    "to_markdown_inline",
]
_NO_CONTEXT = ContentContext()


@dataclass(frozen=True, slots=True)
class Converted:
    """A converted post body.

    ``markdown`` is the whole body (text before ``<!--more-->`` included), ending in
    exactly one newline, or ``""`` when empty. ``summary`` is the Markdown before the
    more tag (``None`` without one). ``unknown_shortcodes`` counts shortcodes kept
    verbatim by name; ``missing_attachments`` lists gallery/playlist ids that
    ``ContentContext.attachments`` could not resolve; ``media`` lists every media
    URL referenced, in order, without repeats. ``failed`` names the error when the
    HTML could not be converted; ``markdown`` then holds the HTML as it was (raw HTML
    is valid Markdown), so no post is lost to a converter bug.
    """

    markdown: str
    summary: str | None = None
    unknown_shortcodes: Counter[str] = field(default_factory=Counter)
    media: tuple[str, ...] = ()
    missing_attachments: tuple[int, ...] = ()
    failed: str | None = None


def _render(html: str, ctx: ContentContext) -> Converted:
    prepared = prepare(html, ctx)
    # Markup-free text goes in a <p> (as the converter has always parsed it).
    markup = prepared.html if "<" in prepared.html else f"<p>{prepared.html}</p>"
    doc = parse(markup)
    media = collect_media(doc, ctx)
    markdown = WordPressConverter().render(doc)
    return Converted(
        markdown=markdown + "\n" if markdown else "",
        unknown_shortcodes=prepared.unknown_shortcodes,
        media=media,
        missing_attachments=prepared.missing_attachments,
    )


def _unconverted(html: str, exc: Exception) -> Converted:
    text = html.strip("\n")
    return Converted(text + "\n" if text else "", failed=f"{type(exc).__name__}: {exc}"[:200])


def convert(html: str, ctx: ContentContext | None = None) -> Converted:
    """Convert a post body to Markdown (see the module docstring for the steps).

    Never raises for any input: a converter error gives the HTML back (``failed``).
    """
    try:
        return _convert(html, ctx or _NO_CONTEXT)
    except Exception as exc:  # untrusted input must not stop the run
        return _unconverted(html, exc)


def _convert(html: str, ctx: ContentContext) -> Converted:
    parts = split_more(html)
    if parts is None:
        return _render(html, ctx)
    before, whole = parts
    body = _render(whole, ctx)
    summary = _render(before, ctx).markdown
    return Converted(
        body.markdown, summary, body.unknown_shortcodes, body.media, body.missing_attachments
    )


def to_markdown_inline(html: str) -> str:
    """Markdown for a short fragment (a comment, an excerpt), no final newline.

    Same pipeline as :func:`convert` without site context; the result may still
    hold several paragraphs. Prose, and prose with simple inline markup, skip it
    (:mod:`.quick`).
    """
    quick = simple_inline(html)
    if quick is not None:
        return quick
    try:
        return _render(html, _NO_CONTEXT).markdown.rstrip("\n")
    except Exception:  # as in convert: the text is kept as it was
        return html.strip("\n")
