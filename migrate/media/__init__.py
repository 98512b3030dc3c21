"""Media: the files a post references, brought into the output and every reference
rewritten (``--media copy`` from an uploads folder, ``--media download`` over HTTP).

:mod:`.refs` lists a post's references, :mod:`.resolve` finds the original behind a
resized variant, a ``-scaled`` copy or a CDN URL, :mod:`.names` gives each file a
safe, collision-free local name, :mod:`.copy` and :mod:`.fetch` obtain the bytes,
:mod:`.store` ties them together per post and :mod:`.report` writes
``media-report.json``. For the JSON, JSON Lines and SQLite writers, :mod:`.extract`
finds the same references fast, with the ids the post names, by a scan of the HTML
(:mod:`.htmlscan`) and of the shortcodes (:mod:`.shortcodes`, :mod:`.shortcode_media`).
"""

from __future__ import annotations

from dataclasses import dataclass

MODES = ("none", "link", "copy", "download")
LAYOUTS = ("auto", "bundle", "shared")


@dataclass(frozen=True, slots=True)
class Settings:
    """How :class:`.fetch.Fetcher` downloads (here, so the options need no HTTP import)."""

    jobs: int = 4
    delay: float = 0.0  # seconds between two requests to one host
    max_bytes: int = 100 * 1024 * 1024
    timeout: float = 30.0
    retries: int = 2
    backoff: float = 0.5  # first retry after this many seconds, then doubled
