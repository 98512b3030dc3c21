"""WordPress auto-embeds: a media/social URL alone on its line (or alone in a
``<p>``) is shown as an embedded player or card. Markdown has no embed, so such a
URL becomes a link to itself. Inside a block-editor embed wrapper any URL counts;
elsewhere only the hosts of WordPress's built-in oEmbed providers do, as WordPress
leaves other bare URLs as plain text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .handlers import link_to

PROVIDER_HOSTS = (
    "youtube.com", "youtu.be", "vimeo.com", "twitter.com", "x.com", "wordpress.tv",
    "flickr.com", "flic.kr", "instagram.com", "facebook.com", "soundcloud.com",
    "spotify.com", "tiktok.com", "dailymotion.com", "dai.ly", "reddit.com", "tumblr.com",
    "imgur.com", "issuu.com", "kickstarter.com", "mixcloud.com", "scribd.com",
    "slideshare.net", "speakerdeck.com", "ted.com", "videopress.com", "animoto.com",
    "cloudup.com", "crowdsignal.com", "polldaddy.com", "smugmug.com", "amazon.com",
    "pinterest.com", "wolframcloud.com", "screencast.com", "reverbnation.com",
    "pocketcasts.com", "bsky.app", "mastodon.social", "threads.net",
)  # fmt: skip

_OWN_LINE = re.compile(r"(?m)^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$")
_OWN_PARAGRAPH = re.compile(r"(<p(?:\s[^>]*)?>\s*)(https?://[^\s<>\"]+)(\s*</p>)", re.I)
_SKIP = re.compile(
    r"<(pre|code|script|style|textarea|a|wxr-sc)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_WRAPPER = re.compile(r"wp-block-embed__wrapper[^>]*>\s*$")


def is_provider(url: str) -> bool:
    """Whether WordPress would embed ``url`` out of the box."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in PROVIDER_HOSTS)


def autoembed(html: str) -> str:
    """Replace embeddable URLs standing alone with links to them."""
    if "http" not in html:
        return html
    if _OWN_LINE.search(html) is not None:  # else no stretch between tags has one either
        html = _embed_lines(html)
    return _OWN_PARAGRAPH.sub(_paragraph, html)


def _embed_lines(html: str) -> str:
    """Embed the URLs alone on their line, outside tags and code."""
    pieces: list[str] = []
    pos = 0
    for m in _SKIP.finditer(html):
        pieces.append(_embed_text(html, pos, m.start()))
        pieces.append(m.group(0))
        pos = m.end()
    pieces.append(_embed_text(html, pos, len(html)))
    return "".join(pieces)


def _embed_text(html: str, start: int, end: int) -> str:
    """Embed own-line URLs in ``html[start:end]``, a stretch without tags."""
    text = html[start:end]
    if "http" not in text:
        return text
    in_wrapper = _WRAPPER.search(html[max(0, start - 300) : start]) is not None
    line_start = start == 0 or html[start - 1] == "\n"
    line_end = end == len(html) or html[end] == "\n"

    def replace(m: re.Match[str]) -> str:
        url = m.group(2)
        alone = (m.start() > 0 or line_start) and (m.end() < len(text) or line_end)
        if not alone or not (in_wrapper or is_provider(url)):
            return m.group(0)
        return m.group(1) + link_to(url) + m.group(3)

    return _OWN_LINE.sub(replace, text)


def _paragraph(m: re.Match[str]) -> str:
    url = m.group(2)
    return m.group(1) + link_to(url) + m.group(3) if is_provider(url) else m.group(0)
