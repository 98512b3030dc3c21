"""Block-editor (Gutenberg) markup and WordPress's special comments.

Block posts are HTML with ``<!-- wp:name {json} -->`` ... ``<!-- /wp:name -->``
delimiters; WordPress shows them without wpautop. The delimiters never reach the
output, nor do other comments. ``<!--more-->`` is handled by the caller (it splits
the summary off); ``<!--nextpage-->`` (a page break) becomes a thematic break.
"""

from __future__ import annotations

import re

MORE = re.compile(r"<!--more(.*?)?-->", re.DOTALL)
_NEXTPAGE = re.compile(r"<!--nextpage-->")
_COMMENTS = re.compile(
    r"(<(script|style|textarea)\b[^>]*>.*?</\2\s*>)|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?>",
    re.IGNORECASE | re.DOTALL,
)


def has_blocks(html: str) -> bool:
    """Whether the content was written in the block editor (WordPress's own test)."""
    return "<!-- wp:" in html


def split_more(html: str) -> tuple[str, str] | None:
    """``(before, whole-without-marker)`` when the post has a more tag, else None."""
    m = MORE.search(html)
    if m is None:
        return None
    return html[: m.start()], html[: m.start()] + html[m.end() :]


def strip_comments(html: str) -> str:
    """Drop block delimiters and other comments; page breaks become ``<hr />``.

    ``<![CDATA[...]]>`` and ``<?...>`` go too: browsers treat them as comments in
    HTML. Text inside ``<script>``, ``<style>`` and ``<textarea>`` is not markup
    and is kept.
    """
    if "<!" not in html and "<?" not in html:
        return html  # nothing to drop (script, style and textarea are kept as they are)
    html = _NEXTPAGE.sub('\n\n<hr class="wp-nextpage" />\n\n', html)
    return _COMMENTS.sub(lambda m: m.group(1) or "", html)
