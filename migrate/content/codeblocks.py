"""Code: language detection, fences, and the code-listing shortcodes.

Languages are read from ``class="language-x"``/``lang-x``/``lang:x``, Syntax-
Highlighter's ``brush: x``, and ``lang``/``data-lang``/``data-language`` attributes
(on ``<pre>`` or its ``<code>``). ``[code]``, ``[sourcecode]``, ``[source]`` and the
SyntaxHighlighter brush shortcodes (``[php]...[/php]``, only with a closing tag)
become ``<pre><code class="language-x">`` before wpautop can touch them.
"""

from __future__ import annotations

import html
import re

from ..wpsyntax import BRUSHES, CODE_SHORTCODES
from .context import Expansion
from .shortcodes import Shortcode, Spec, expand

_CLASS_LANG = re.compile(r"(?:^|\s)(?:language|lang)[-:]([\w+#.-]+)", re.IGNORECASE)
_BRUSH = re.compile(r"brush\s*:\s*([\w+#.-]+)", re.IGNORECASE)
_SAFE_LANG = re.compile(r"[^\w+#.-]")


def language_of(classes: str, *attrs: str) -> str:
    """The language named by a class string or by explicit language attributes."""
    for value in attrs:
        if value.strip():
            return _clean(value)
    m = _CLASS_LANG.search(classes) or _BRUSH.search(classes)
    return _clean(m.group(1)) if m else ""


def _clean(lang: str) -> str:
    return _SAFE_LANG.sub("", lang.strip().lower())


def fence(code: str, lang: str = "") -> str:
    """A fenced code block for ``code``, with a fence longer than any backtick run."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    marker = "`" * max(3, longest + 1)
    body = code if code.endswith("\n") or not code else code + "\n"
    return f"{marker}{lang}\n{body}{marker}"


def code_text(content: str) -> str:
    """The code a listing shortcode shows.

    Content typed in the visual editor is stored entity-encoded (``&lt;``); content
    with a raw ``<`` was typed as code and is taken literally.
    """
    text = content if "<" in content else html.unescape(content)
    text = re.sub(r"^[ \t]*\n", "", text, count=1)
    return re.sub(r"\n[ \t]*$", "", text, count=1)


def code_shortcode(sc: Shortcode, st: Expansion) -> str | None:
    if sc.content is None:
        return None
    lang = sc.attrs.get("language") or sc.attrs.get("lang") or sc.attrs.get("") or ""
    if sc.name in BRUSHES:
        lang = sc.name
    cls = f' class="language-{html.escape(_clean(lang))}"' if _clean(lang) else ""
    pre = f"<pre><code{cls}>{html.escape(code_text(sc.content), quote=False)}</code></pre>"
    return st.vault.keep(pre, block=True)


SPECS: dict[str, Spec] = {
    name: Spec(code_shortcode) for name in CODE_SHORTCODES
}
# What every code shortcode tag (opening, closing or escaped) contains.
_CODE_TAG = re.compile(r"\[\[?/?(?:" + "|".join(sorted(SPECS)) + r")(?![\w-])")


def expand_code(html_text: str, st: Expansion) -> str:
    """Turn code shortcodes into ``<pre>``; every other shortcode is left for later."""
    if "[" not in html_text or _CODE_TAG.search(html_text) is None:
        return html_text
    return expand(html_text, SPECS, st, leave_others=True)
