"""The Markdown writer's options, in a module that imports nothing heavy: the CLI reads
every writer's options each time it starts."""

from __future__ import annotations

from ...media import LAYOUTS, MODES, Settings
from ..base import WriterOption

#: Front matter formats.
FORMATS = ("yaml", "toml")
#: Which comments are kept (``--comments``).
COMMENT_MODES = ("approved", "all", "none")
_FETCH = Settings()

MEDIA = (
    WriterOption("media", "media files: none, link (keep URLs, list them in "
                 "media-report.json), copy (from --uploads-dir) or download",
                 default="link", choices=MODES),
    WriterOption("uploads_dir", "a local copy of wp-content/uploads, for --media copy"),
    WriterOption("media_layout", "where media files go: bundle (beside the Markdown, Hugo "
                 "only), shared (static/uploads/YYYY/MM/) or auto (bundle for Hugo)",
                 default="auto", choices=LAYOUTS),
    WriterOption("media_cache", "download cache folder (a re-run downloads nothing twice); "
                 "default $XDG_CACHE_HOME or ~/.cache, then wxr-migrate/media"),
    WriterOption("media_jobs", "concurrent downloads", default=_FETCH.jobs, type=int),
    WriterOption("media_delay", "seconds between two requests to one host",
                 default=_FETCH.delay, type=float),
    WriterOption("media_max_bytes", "largest file to download, in bytes",
                 default=_FETCH.max_bytes, type=int),
    WriterOption("media_timeout", "seconds to wait for a server", default=_FETCH.timeout,
                 type=float),
    WriterOption("strict_media", "fail the run if any media file is missing or failed",
                 flag=True, default=False),
)


def writer_options(presets: tuple[str, ...]) -> tuple[WriterOption, ...]:
    return (
        WriterOption("preset", "layout and field names: plain, hugo, jekyll or eleventy",
                     default="plain", choices=presets),
        WriterOption("front_matter", "front matter format", default="yaml", choices=FORMATS),
        WriterOption("front_matter_fields",
                     "front matter fields to write, FIELD or FIELD:NEWNAME, comma-separated "
                     "(e.g. title,date,tags:keywords)"),
        WriterOption("meta", "add this postmeta key to the front matter (repeatable)",
                     multiple=True, default=()),
        WriterOption("comments", "comments to keep: approved, all (with spam and trash) or none",
                     default="approved", choices=COMMENT_MODES),
        WriterOption("redirects", "write redirect maps from old URLs (Netlify _redirects, "
                     "nginx map)", flag=True, default=False),
        WriterOption("include_trash", "also write items from the trash", flag=True,
                     default=False),
        WriterOption("unicode_slugs", "keep non-Latin letters in slugs instead of "
                     "transliterating them", flag=True, default=False),
        WriterOption("jobs", "write posts in N worker processes (same output)",
                     default=1, type=int),
        *MEDIA,
    )
