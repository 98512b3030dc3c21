"""The Markdown writer's side of ``--media``: options, setup, and per-post rewriting.

``link`` (the default) keeps every URL and lists it in ``media-report.json``;
``none`` keeps them and writes no report; ``copy`` and ``download`` bring the files
into the output (see :mod:`migrate.media`) and rewrite each reference to the local
file: relative to the Markdown file in a Hugo bundle and with the plain preset,
else the URL the generator serves the shared tree at (see ``SERVED_AT``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ...errors import WriterError
from ...media import Settings
from ...media.fetch import Fetcher
from ...media.report import Report
from ...media.rewrite import rewrite
from ...media.store import Config, Media
from . import links
from .options import MEDIA
from .presets import Files

REPORT = "media-report.json"
#: Where each generator serves ``static/uploads`` (Hugo serves ``static/`` at the root;
#: Jekyll copies the folder as it is; Eleventy, given a passthrough copy of ``static``).
#: The plain preset has no server: its references are relative to the Markdown file.
SERVED_AT = {"hugo": "/uploads", "jekyll": "/static/uploads", "eleventy": "/static/uploads"}

Opener = Callable[[str], IO[str]]


def setup(opts: Mapping[str, Any], preset: str, site_urls: Sequence[str], out: Path,
          opener: Opener, inside: Callable[[Path, str], Path]) -> Media | None:
    """The per-run media handler (None for ``--media none``)."""
    mode = str(opts.get("media") or "link")
    if mode == "none":
        return None
    layout = str(opts.get("media_layout") or "auto")
    if layout == "bundle" and preset != "hugo":
        raise WriterError("--media-layout bundle needs --preset hugo (page bundles); "
                          "use shared")
    bundle = preset == "hugo" and layout != "shared"
    config = Config(
        mode=mode, bundle=bundle, shared_root="static/uploads",
        served_at=SERVED_AT.get(preset),
        uploads=_uploads(opts, mode), base=next((u for u in site_urls if u), ""),
        hosts=links.site_hosts(site_urls),
    )
    fetcher = _fetcher(opts) if mode == "download" else None
    return Media(out, config, Report(opener(REPORT)), fetcher, inside)


def _uploads(opts: Mapping[str, Any], mode: str) -> Path | None:
    raw = opts.get("uploads_dir")
    if mode != "copy":
        if raw:
            raise WriterError("--uploads-dir is for --media copy")
        return None
    if not raw:
        raise WriterError("--media copy needs --uploads-dir (a copy of wp-content/uploads)")
    path = Path(str(raw))
    if not path.is_dir():
        raise WriterError(f"--uploads-dir {path} is not a folder")
    return path


def _fetcher(opts: Mapping[str, Any]) -> Fetcher:
    settings = Settings(
        jobs=_number(opts, "media_jobs", int, 1), delay=_number(opts, "media_delay", float, 0),
        max_bytes=_number(opts, "media_max_bytes", int, 1),
        timeout=_number(opts, "media_timeout", float, 0.001),
    )
    cache = Path(str(opts.get("media_cache") or default_cache()))
    try:
        return Fetcher(cache, settings)
    except OSError as exc:
        raise WriterError(f"cannot use the media cache {cache}: {exc.strerror}") from None


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/wxr-migrate/media``, else ``~/.cache/wxr-migrate/media``."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(root) / "wxr-migrate" / "media"


def _number(opts: Mapping[str, Any], name: str, kind: type[Any], least: float) -> Any:
    default = next(o.default for o in MEDIA if o.name == name)
    value = opts.get(name)
    value = default if value is None else value
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise WriterError(f"--{name.replace('_', '-')} must be a number") from None
    if number < least:
        raise WriterError(f"--{name.replace('_', '-')} must be at least {least}")
    return number


def apply(media: Media | None, post_id: int, files: Files, urls: Sequence[str],
          texts: tuple[str, str | None, str | None]) -> tuple[str, str | None, str | None]:
    """Bring in one post's media; ``texts`` (body, summary, featured image) rewritten."""
    if media is None:
        return texts
    if media.config.mode != "link":
        media.names.reserve(files.comments)
    mapping = {url: p.reference for url, p in media.post(post_id, files.markdown, urls).items()}
    if not mapping:
        return texts
    body, summary, featured = texts
    return (rewrite(body, mapping), rewrite(summary, mapping) if summary else summary,
            rewrite(featured, mapping) if featured else featured)


def attachment(media: Media | None, attachment_id: int, url: str,
               parent: Files | None) -> str | None:
    """Bring in an attachment item's file (copy and download only): into its parent's
    bundle when the parent is written and the layout is bundle, else the shared tree.
    The output path, or None."""
    if media is None or media.config.mode == "link" or not url:
        return None
    if parent is not None:
        media.names.reserve(parent.markdown)
        media.names.reserve(parent.comments)
    where = parent.markdown if parent is not None else "."
    placed = media.post(attachment_id, where, [url], shared=parent is None)
    return placed[url].local if url in placed else None


def finish(media: Media | None, strict: bool) -> tuple[dict[str, int], list[str]]:
    """Close the report; counts and notes for the run summary (raises when strict)."""
    if media is None:
        return {}, []
    report = media.report
    report.close()
    if media.config.mode == "link":
        return {}, []
    counts = {f"media_{k}": v for k, v in sorted(report.counts.items()) if k != "linked"}
    notes: list[str] = []
    if report.failed:
        shown = "; ".join(f"{e.url} ({e.status}: {e.reason})" for e in report.failures)
        notes.append(f"{report.failed} media references missing or failed (see {REPORT}): "
                     + shown)
        if strict:
            raise WriterError(f"{report.failed} media references missing or failed: {shown}",
                              hint="without --strict-media the output is written anyway")
    return counts, notes
