"""One post's files: its Markdown with front matter, and its comments file.

:class:`PostWriter` holds everything writing a post needs (the index, the front-matter
layout, the link resolver, the output folder) and nothing that changes while posts are
written, so the same object works in the writer's process or, pickled once, in each
``--jobs`` worker. What it notices (warnings, counts, the media a post references) it
returns as an :class:`Outcome` for the writer to report in export order.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import WriterError
from ...media.refs import post_refs
from ...model import Post
from . import comments, frontmatter, links, presets
from .dates import offset_seconds, stamp
from .fields import FrontMatter, Values, alias_path
from .index import SiteIndex, kind_of
from .parallel import Rendered, render
from .paths import Folder

_ID = re.compile(r"[0-9]{1,18}")
#: Brings in a post's media: (post id, files, URLs, (body, summary, featured image))
#: -> the three texts rewritten. None: the writer reports the URLs itself.
MediaStep = Callable[[int, presets.Files, list[str], tuple[str, str | None, str | None]],
                     tuple[str, str | None, str | None]]


@dataclass(slots=True)
class Outcome:
    """What writing one post noticed, for the writer to report in export order."""

    counts: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    media: list[str] | None = None  # URLs left for the writer's media report

    def warn(self, code: str, message: str) -> None:
        self.warnings.append((code, message))


class PostWriter:
    def __init__(self, *, index: SiteIndex, fields: FrontMatter, resolver: links.Resolver,
                 folder: Folder, target: str, front_matter: str, comments_mode: str,
                 ctx: Any) -> None:
        self.index = index
        self.preset = index.preset
        self.fields = fields
        self.resolver = resolver
        self.folder = folder
        self.target = target
        self.format = front_matter
        self.comments_mode = comments_mode
        self.ctx = ctx

    def write(self, post: Post, rendered: Rendered | None = None,
              media_step: MediaStep | None = None) -> Outcome:
        """Write the post's files (``rendered``: its HTML already converted)."""
        assert post.post_id is not None
        files = self.index.files(post.post_id)
        if rendered is None:
            rendered = render(post, self.ctx, with_comments=False)
        out = Outcome()
        self._markdown(post, files, rendered, media_step, out)
        self._comments(post, files, rendered, out)
        return out

    def _markdown(self, post: Post, files: presets.Files, rendered: Rendered,
                  media_step: MediaStep | None, out: Outcome) -> None:
        converted = rendered.converted
        out.unknown.update(converted.unknown_shortcodes)
        if converted.failed:
            out.warn("CONTENT_NOT_CONVERTED", "the body could not be converted and is kept "
                     f"as HTML ({converted.failed})")
        for missing in converted.missing_attachments:
            out.warn("ATTACHMENT_MISSING", f"attachment {missing} (in a gallery or playlist) "
                     "is not in the export")
        body, extra = self.preset.guard(converted.markdown)
        link = self.index.link if not extra else self._plain_link
        body = links.rewrite(body, self.resolver, link)
        featured = self._thumbnail(post, out)
        assert post.post_id is not None
        urls = post_refs(converted.media, featured)
        texts = (body, converted.summary, featured)
        if media_step is None:
            out.media = urls
        else:
            texts = media_step(post.post_id, files, urls, texts)
        body, summary, featured = texts
        values = self._values(post, files, summary, featured, rendered.excerpt, out)
        fm = self.fields.build(post, values, out.warn) | extra
        fences = self.preset.toml_fences or frontmatter.TOML_FENCES
        self.put(files.markdown, frontmatter.document(fm, body, self.format, fences))
        kind = kind_of(post)
        out.counts[{"post": "posts", "page": "pages"}.get(kind, kind)] += 1

    def _plain_link(self, pid: int) -> str | None:
        return self.index.link(pid, liquid=False)

    def _values(self, post: Post, files: presets.Files, more: str | None,
                featured: str | None, excerpt: str, out: Outcome) -> Values:
        usual = self.index.offsets.usual
        date = stamp(post.post_date, post.post_date_gmt, usual)
        if date is None:  # a draft never saved with a date: its last edit stands in
            date = stamp(post.post_modified, post.post_modified_gmt, usual)
        if date is not None and date.tzinfo is None:
            out.counts["dates_without_offset"] += 1
        alias = alias_path(post.link)
        if alias is not None and alias.rstrip("/") == files.url.rstrip("/"):
            alias = None  # the new URL is the old one: nothing to redirect
        assert post.post_id is not None
        item = self.index.item(post.post_id)
        assert item is not None
        return Values(
            date=date,
            lastmod=stamp(post.post_modified, post.post_modified_gmt, usual),
            slug=item.slug,
            summary=excerpt or (more or "").strip() or None,
            featured_image=featured,
            alias=alias,
        )

    def _thumbnail(self, post: Post, out: Outcome) -> str | None:
        raw = (post.meta("_thumbnail_id") or "").strip()
        if not raw or raw == "0":
            return None
        found = self.index.attachments.get(int(raw)) if _ID.fullmatch(raw) else None
        if not found:
            out.warn("THUMBNAIL_MISSING", f"featured image {raw} is not in the export")
            return None
        return found

    def _comments(self, post: Post, files: presets.Files, rendered: Rendered,
                  out: Outcome) -> None:
        own = offset_seconds(post.post_date, post.post_date_gmt)
        thread = comments.build(
            post.comments, post.pingbacks, mode=self.comments_mode,
            to_markdown=lambda text: rendered.comments.get(text) or _inline(text),
            offset=own if own is not None else self.index.offsets.usual,
        )
        data = thread.as_data()
        if not data:
            return
        if self.preset.comments_format == "json":
            text = frontmatter.to_json(data)
        else:
            text = frontmatter.to_yaml(data)
        self.put(files.comments, text)
        out.counts["comment_files"] += 1
        out.counts["comments"] += len(thread.comments)
        out.counts["pingbacks"] += len(thread.pingbacks)

    # ----------------------------------------------------------------- files

    def put(self, relative: str, text: str) -> None:
        """A whole new file (raw ``os`` calls: a text-mode ``open`` costs more than the
        write itself for files this small)."""
        target = self.place(relative)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            raise self.clash(relative) from None
        try:
            data = memoryview(text.encode("utf-8"))
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)

    def place(self, relative: str) -> Path:
        try:
            return self.folder.place(relative)
        except ValueError as exc:
            raise WriterError(str(exc), path=self.target) from None

    def clash(self, relative: str) -> WriterError:
        return WriterError(f"two items were given the same file {relative}", path=self.target)


def _inline(text: str) -> str:
    from ... import content  # imported on first use, as the writer does

    return content.to_markdown_inline(text)


class FileJob:
    """The work of writing a whole post, done in a ``--jobs`` worker."""

    def __init__(self, writer: PostWriter) -> None:
        self.writer = writer

    def __call__(self, post: Post) -> Outcome:
        return self.writer.write(post)
