"""``--media copy``: files from a local copy of ``wp-content/uploads``, no network.

``https://example.com/wp-content/uploads/2023/05/x.jpg`` is looked up as
``UPLOADS/2023/05/x.jpg``; a path that would leave the uploads folder is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from .resolve import decoded_path, is_unsafe

_UPLOADS = re.compile(r"/wp-content/uploads/(.+)$")


def uploads_relative(url: str) -> str | None:
    """The part of ``url``'s path after ``/wp-content/uploads/`` (None: not there)."""
    m = _UPLOADS.search(decoded_path(url))
    return m.group(1) if m else None


def source(uploads: Path, url: str) -> Path | None:
    """The file in ``uploads`` for ``url``, or None when it is not there (or unsafe)."""
    relative = uploads_relative(url)
    if relative is None or is_unsafe(url):
        return None
    root = uploads.resolve()
    path = root.joinpath(*relative.split("/"))
    try:
        if not path.resolve().is_relative_to(root) or not path.is_file():
            return None
    except OSError:
        return None
    return path
