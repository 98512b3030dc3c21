"""The plain text of post and comment HTML, as the SQLite writer stores it for search
(``posts.content_text`` and the full-text tables): tags, comments and shortcode syntax
removed, entities decoded, whitespace collapsed. Fast enough to run on every post.
"""

from __future__ import annotations

import html
import re

_HIDDEN = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_ATTRS = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>"""  # quoted values may hold ">"
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|table|thead|tbody|tfoot|tr|td|th|caption"
    r"|blockquote|pre|figure|figcaption|section|article|header|footer|aside|nav|img)\b" + _ATTRS,
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[a-zA-Z][\w:-]*" + _ATTRS)
_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:[\s=][^\[\]]*?)?)(/?)\]")
# Core shortcodes are syntax even when written bare ("[gallery]"); another bare
# "[word]" is kept as text ("[sic]") unless a closing "[/word]" follows.
_CORE_SHORTCODES = frozenset({"caption", "wp_caption", "gallery", "audio", "video",
                              "playlist", "embed"})


def plain_text(markup: str) -> str:
    """The text a reader sees in post HTML, on one line: for search, not for display.

    Comments (block-editor delimiters included), scripts and styles are dropped, tags
    removed (block-level ones leave a space), shortcode tags removed (the text they
    enclose is kept), entities decoded, whitespace collapsed.
    """
    if "<" in markup:
        markup = _HIDDEN.sub(" ", markup)
        markup = _TAG.sub("", _BLOCK_TAG.sub(" ", markup))
    if "[" in markup:
        markup = _SHORTCODE.sub(_shortcode_tag, markup)
    if "&" in markup:
        markup = html.unescape(markup)
    return " ".join(markup.split())


def _shortcode_tag(m: re.Match[str]) -> str:
    closing, name, attrs, self_closing = m.groups()
    if closing or attrs or self_closing or name in _CORE_SHORTCODES:
        return " "
    return " " if f"[/{name}]" in m.string else m.group(0)
