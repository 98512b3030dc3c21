"""Placeholders that keep finished HTML out of reach of later text passes.

wpautop must not touch ``<pre>`` or the HTML a shortcode expanded to (WordPress
runs ``do_shortcode`` after ``wpautop``), so such snippets are parked in a
:class:`Vault` and replaced by an empty custom element until the passes are done.
``<wxr-block>`` counts as block-level for wpautop (never wrapped in ``<p>``),
``<wxr-inline>`` as inline.
"""

from __future__ import annotations

import itertools
import re

_PLACEHOLDER = re.compile(r'<wxr-(?:block|inline) n="(\d+)-(\d+)"></wxr-(?:block|inline)>')
_VAULT_IDS = itertools.count()

# Characters this package uses as in-band markers; stripped from all input.
PRIVATE_CHARS = re.compile("[\ue000-\ue0ff]")


class Vault:
    """Stores HTML snippets and hands out placeholders for them."""

    def __init__(self) -> None:
        self._items: list[str] = []
        self._id = str(next(_VAULT_IDS))

    def keep(self, html: str, *, block: bool) -> str:
        """Park ``html`` and return the placeholder element that stands for it."""
        self._items.append(html)
        kind = "block" if block else "inline"
        return f'<wxr-{kind} n="{self._id}-{len(self._items) - 1}"></wxr-{kind}>'

    def restore(self, text: str) -> str:
        """Put every parked snippet back (snippets may hold placeholders themselves)."""

        def put_back(m: re.Match[str]) -> str:
            return self._items[int(m.group(2))] if m.group(1) == self._id else m.group(0)

        if "<wxr-" not in text:
            return text  # no placeholder (of any vault)
        for _ in range(len(self._items) + 1):
            restored = _PLACEHOLDER.sub(put_back, text)
            if restored == text:
                break
            text = restored
        return text
