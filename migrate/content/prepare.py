"""Post HTML as WordPress would display it, ready for Markdown conversion.

The order mirrors WordPress's ``the_content`` filters: code listings are taken out
first (as syntax-highlighter plugins do), shortcodes expand, URLs standing alone
auto-embed, and classic content gets wpautop. Expanded output is kept away from
wpautop (WordPress runs ``do_shortcode`` after it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import codeblocks, handlers
from .blocks import has_blocks, strip_comments
from .context import ContentContext, Expansion
from .embeds import autoembed
from .shortcodes import expand
from .vault import PRIVATE_CHARS, Vault
from .wpautop import needs_autop, wpautop


@dataclass(frozen=True, slots=True)
class Prepared:
    """Displayable HTML plus what expansion noticed on the way."""

    html: str
    unknown_shortcodes: Counter[str]
    missing_attachments: tuple[int, ...]


def normalise(source: str) -> str:
    """Unix newlines, and no characters this package uses as markers."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    return PRIVATE_CHARS.sub("", text)


def prepare(source: str, ctx: ContentContext | None = None) -> Prepared:
    """Expand shortcodes and embeds, drop block comments, apply wpautop to classic posts."""
    text = normalise(source)
    blocks = has_blocks(text)
    state = Expansion(ctx or ContentContext(), Vault())
    text = codeblocks.expand_code(text, state)  # first: listings hold "<?php" and "<!--"
    text = strip_comments(text)
    if "[" in text:
        text = expand(text, handlers.SPECS, state)
    text = autoembed(text)
    if not blocks and needs_autop(text):
        text = wpautop(text)
    html = state.vault.restore(text)
    return Prepared(html, state.unknown, tuple(state.missing))
