"""What the converter may know about the site beyond the post body."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .vault import Vault


@dataclass(frozen=True, slots=True)
class ContentContext:
    """Site knowledge the converter uses: attachment ids and their files.

    ``attachments`` maps an attachment post id to its file URL (``wp:attachment_url``);
    it resolves ``[gallery ids=...]``/``[playlist ids=...]`` and ``wp-image-N``
    classes. ``attachment_meta`` optionally maps an id to ``(alt, caption)``.
    """

    attachments: Mapping[int, str] = field(default_factory=dict)
    attachment_meta: Mapping[int, tuple[str, str]] = field(default_factory=dict)


@dataclass(slots=True)
class Expansion:
    """Mutable state of one shortcode-expansion run."""

    ctx: ContentContext
    vault: Vault
    unknown: Counter[str] = field(default_factory=Counter)
    missing: list[int] = field(default_factory=list)
