"""WordPress markup conventions shared by the content engine (which expands shortcodes
and converts HTML) and the media scanner (which only looks for the media they name):
shortcode tags and their attributes (as ``shortcode_parse_atts`` reads them), the spans
shortcode parsing skips, SyntaxHighlighter's brush shortcodes, media file extensions.
"""

from __future__ import annotations

import re

# [name attrs], [/name], [name /]; "[[name]]" is escaped (the outer pair only counts
# when the opening one is there, so "[name]]" leaves its last bracket as text).
SHORTCODE_TAG = re.compile(r"\[(\[)?(/?)([A-Za-z][\w-]*)((?:[\s=][^\[\]]*?)?)(/?)\](?(1)(\]?))")
# Where a shortcode is never recognised: code and raw-text elements, comments, tags.
PROTECTED = re.compile(
    r"<(pre|code|script|style|textarea|wxr-sc)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<[a-zA-Z/!][^>]*>",
    re.IGNORECASE | re.DOTALL,
)
#: SyntaxHighlighter's brush shortcodes (``[php]...[/php]``), code listings like ``[code]``.
BRUSHES = (
    "php", "python", "py", "js", "javascript", "css", "html", "xml", "xhtml", "bash",
    "shell", "sql", "java", "ruby", "perl", "cpp", "csharp", "plain", "text",
    "powershell", "go", "rust", "swift", "kotlin", "scala", "diff", "yaml", "json",
)  # fmt: skip
#: The shortcodes that show their content as code.
CODE_SHORTCODES = ("code", "sourcecode", "source", *BRUSHES)
#: File extensions of images, audio, video and PDF: what makes a link a media reference.
MEDIA_EXTENSIONS = frozenset((
    "jpg", "jpeg", "jpe", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "ico",
    "heic", "heif", "mp3", "m4a", "ogg", "oga", "wav", "flac", "aac", "opus", "wma", "mp4",
    "m4v", "mov", "webm", "ogv", "avi", "wmv", "mkv", "3gp", "flv", "mpg", "mpeg", "pdf",
))  # fmt: skip

_ATTR = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)


def parse_attrs(text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """Split a shortcode's attribute text into named (lower-cased) and bare values."""
    text = re.sub("[\u00a0\u200b]+", " ", text)
    text = re.sub("[\u201c\u201d\u2033]", '"', text)
    if text.startswith("="):  # [name=value], e.g. [youtube=https://...]
        return {"": text[1:].strip().strip("\"'")}, ()
    named: dict[str, str] = {}
    bare: list[str] = []
    for m in _ATTR.finditer(text):
        g = m.groups()
        for key, value in ((g[0], g[1]), (g[2], g[3]), (g[4], g[5])):
            if key is not None:
                named[key.lower()] = value or ""
                break
        else:
            bare.append(next(v for v in g[6:] if v is not None))
    return named, tuple(bare)
