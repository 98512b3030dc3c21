"""Rewriting a post's media URLs to the local files, wherever Markdown put them:
link destinations (escaped as CommonMark wants) and raw HTML (``&`` as ``&amp;``)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

# A URL ends where a URL character does not follow (so a.jpg never matches a.jpg.bak).
_END = r"(?![\w/.%~+-])"


def rewrite(text: str, mapping: Mapping[str, str]) -> str:
    """``text`` with every form of each URL in ``mapping`` replaced, longest first."""
    if not mapping or not text:
        return text
    from ..content.escape import escape_url

    forms: dict[str, str] = {}
    for url, local in mapping.items():
        for form in (url, escape_url(url), html.escape(url, quote=True)):
            forms.setdefault(form, local)
    pattern = re.compile(
        "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")" + _END
    )
    return pattern.sub(lambda m: forms[m.group(0)], text)
