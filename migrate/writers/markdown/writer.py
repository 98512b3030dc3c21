"""The Markdown writer: one file per post, page and custom-type item, plus data files.

The first pass (``prepare``) builds the compact index that places every item; the
second streams the posts again and writes each one's Markdown (and comments file)
at once, and its media-manifest entry or redirect lines; ``--media`` copies or
downloads each post's media files and rewrites the references (:mod:`.media`).
``close`` finishes those files and sums up.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import IO

from ...errors import WriterError
from ...media.refs import post_refs
from ...model import Post, Site
from ..base import Writer, WriterOption, WriteSummary
from . import comments, frontmatter, links, media, presets
from .dates import offset_seconds, stamp
from .fields import FrontMatter, Values, alias_path
from .index import PUBLISHED, SiteIndex, kind_of, skip_reason
from .parallel import Pipeline, Rendered, render
from .paths import Folder, inside


def engine() -> ModuleType:
    """The content engine, imported on first use: only this writer needs it, and
    other commands should not pay for its import."""
    from ... import content

    return content

Warn = Callable[[str, str], None]
_ID = re.compile(r"[0-9]{1,18}")


class MarkdownWriter(Writer):
    name = "markdown"
    description = "Markdown with front matter (plain, Hugo, Jekyll, Eleventy), comments as data"
    directory = True
    default_name = "markdown"
    two_pass = True
    prepare_reads_content = False  # the index holds ids, slugs, paths and attachments
    options = (
        WriterOption("preset", "layout and field names: plain, hugo, jekyll or eleventy",
                     default="plain", choices=tuple(presets.PRESETS)),
        WriterOption("front_matter", "front matter format", default="yaml",
                     choices=frontmatter.FORMATS),
        WriterOption("front_matter_fields",
                     "front matter fields to write, FIELD or FIELD:NEWNAME, comma-separated "
                     "(e.g. title,date,tags:keywords)"),
        WriterOption("meta", "add this postmeta key to the front matter (repeatable)",
                     multiple=True, default=()),
        WriterOption("comments", "comments to keep: approved, all (with spam and trash) or none",
                     default="approved", choices=comments.MODES),
        WriterOption("redirects", "write redirect maps from old URLs (Netlify _redirects, "
                     "nginx map)", flag=True, default=False),
        WriterOption("include_trash", "also write items from the trash", flag=True,
                     default=False),
        WriterOption("unicode_slugs", "keep non-Latin letters in slugs instead of "
                     "transliterating them", flag=True, default=False),
        WriterOption("jobs", "convert post bodies in N worker processes (same output)",
                     default=1, type=int),
        *media.OPTIONS,
    )

    # ----------------------------------------------------------------- first pass

    def prepare(self, site: Site, posts: Iterable[Post]) -> None:
        self.preset = presets.get(str(self.opts["preset"]))
        self.index = SiteIndex(self.preset, unicode_slugs=bool(self.opts["unicode_slugs"]),
                               include_trash=bool(self.opts["include_trash"]),
                               report=self.report)
        for post in posts:
            self.index.add(post)
        self.index.finish()
        self.ctx = engine().ContentContext(attachments=self.index.attachments,
                                  attachment_meta=self.index.attachment_meta)

    # ----------------------------------------------------------------- second pass

    def open(self, site: Site) -> None:
        if not hasattr(self, "index"):
            raise WriterError("the Markdown writer needs its first pass (prepare) to run")
        self.format = str(self.opts["front_matter"])
        self._folder = Folder(self.path)
        if self.format == "toml" and self.preset.toml_fences is None:
            self.report.warn("TOML_FRONT_MATTER", f"{self.preset.name} cannot read TOML front "
                             "matter; written anyway as asked (use YAML for this preset)")
        meta = self.opts["meta"]
        meta_keys = [meta] if isinstance(meta, str) else list(meta or ())
        authors = {a.author_login.strip(): html.unescape(a.author_display_name).strip()
                   for a in site.authors if a.author_display_name.strip()}
        self.fields = FrontMatter(self.preset, self.opts["front_matter_fields"], meta_keys,
                                  authors, self.index.taxonomies)
        hosts = links.site_hosts([site.link, site.base_site_url, site.base_blog_url])
        self.resolver = links.Resolver(hosts, self.index.by_path, self.index.knows)
        self.counts: Counter[str] = Counter()
        self.unknown: Counter[str] = Counter()
        self.written: set[int] = set()
        self._media = self._open(self.preset.media)
        self._media.write("[")
        self._redirects = self._open_redirects() if self.opts["redirects"] else None
        self.media_store = media.setup(
            self.opts, self.preset.name, [site.link, site.base_site_url, site.base_blog_url],
            self.path, self._open, self._inside)
        jobs = 1 if self.opts["jobs"] is None else int(self.opts["jobs"])
        if jobs < 1:
            raise WriterError("--jobs must be at least 1", path=str(self.target))
        self.pipeline = Pipeline(jobs, self.ctx) if jobs > 1 else None

    def write(self, post: Post) -> None:
        reason = skip_reason(post, include_trash=bool(self.opts["include_trash"]))
        if self.pipeline is None:
            self._write(post, reason, None)
            return
        for ready, rendered in self.pipeline.put(post, render=reason is None):
            self._write(ready, self._reason(ready), rendered)

    def _reason(self, post: Post) -> str | None:
        return skip_reason(post, include_trash=bool(self.opts["include_trash"]))

    def _write(self, post: Post, reason: str | None, rendered: Rendered | None) -> None:
        if reason == "attachment":
            self._add_media(post)
            return
        if reason is not None:
            self.counts[f"skipped_{reason}"] += 1
            return
        assert post.post_id is not None
        if post.post_id in self.written or post.post_id not in self.index.items:
            self._duplicate(post)
            return
        self.written.add(post.post_id)
        files = self.index.files(post.post_id)
        if rendered is None:
            rendered = render(post, self.ctx, with_comments=False)
        self._write_markdown(post, files, rendered)
        self._write_comments(post, files, rendered)
        if self._redirects is not None:
            self._add_redirects(post, files)

    def _duplicate(self, post: Post) -> None:
        self.counts["skipped_duplicate_id"] += 1
        self.report.warn("DUPLICATE_ID", "an earlier item has the same id; not written",
                         line=post.line, post_id=post.post_id)

    def _write_markdown(self, post: Post, files: presets.Files, rendered: Rendered) -> None:
        converted = rendered.converted
        self.unknown.update(converted.unknown_shortcodes)
        warn = self._warner(post)
        if converted.failed:
            warn("CONTENT_NOT_CONVERTED", "the body could not be converted and is kept as "
                 f"HTML ({converted.failed})")
        for missing in converted.missing_attachments:
            warn("ATTACHMENT_MISSING", f"attachment {missing} (in a gallery or playlist) is "
                 "not in the export")
        body, extra = self.preset.guard(converted.markdown)
        link = self.index.link if not extra else self._plain_link
        body = links.rewrite(body, self.resolver, link)
        featured = self._thumbnail(post, warn)
        assert post.post_id is not None
        body, summary, featured = media.apply(
            self.media_store, post.post_id, files, post_refs(converted.media, featured),
            (body, converted.summary, featured))
        values = self._values(post, files, summary, featured, rendered.excerpt)
        fm = self.fields.build(post, values, warn) | extra
        fences = self.preset.toml_fences or frontmatter.TOML_FENCES
        self._put(files.markdown, frontmatter.document(fm, body, self.format, fences))
        kind = kind_of(post)
        self.counts[{"post": "posts", "page": "pages"}.get(kind, kind)] += 1

    def _plain_link(self, pid: int) -> str | None:
        return self.index.link(pid, liquid=False)

    def _values(self, post: Post, files: presets.Files, more: str | None,
                featured: str | None, excerpt: str) -> Values:
        usual = self.index.offsets.usual
        date = stamp(post.post_date, post.post_date_gmt, usual)
        if date is None:  # a draft never saved with a date: its last edit stands in
            date = stamp(post.post_modified, post.post_modified_gmt, usual)
        if date is not None and date.tzinfo is None:
            self.counts["dates_without_offset"] += 1
        alias = alias_path(post.link)
        if alias is not None and alias.rstrip("/") == files.url.rstrip("/"):
            alias = None  # the new URL is the old one: nothing to redirect
        assert post.post_id is not None
        return Values(
            date=date,
            lastmod=stamp(post.post_modified, post.post_modified_gmt, usual),
            slug=self.index.items[post.post_id].slug,
            summary=excerpt or (more or "").strip() or None,
            featured_image=featured,
            alias=alias,
        )

    def _thumbnail(self, post: Post, warn: Warn) -> str | None:
        raw = (post.meta("_thumbnail_id") or "").strip()
        if not raw or raw == "0":
            return None
        found = self.index.attachments.get(int(raw)) if _ID.fullmatch(raw) else None
        if not found:
            warn("THUMBNAIL_MISSING", f"featured image {raw} is not in the export")
            return None
        return found

    def _write_comments(self, post: Post, files: presets.Files, rendered: Rendered) -> None:
        own = offset_seconds(post.post_date, post.post_date_gmt)
        thread = comments.build(
            post.comments, post.pingbacks, mode=str(self.opts["comments"]),
            to_markdown=lambda text: rendered.comments.get(text)
            or engine().to_markdown_inline(text),
            offset=own if own is not None else self.index.offsets.usual,
        )
        data = thread.as_data()
        if not data:
            return
        if self.preset.comments_format == "json":
            text = frontmatter.to_json(data)
        else:
            text = frontmatter.to_yaml(data)
        self._put(files.comments, text)
        self.counts["comment_files"] += 1
        self.counts["comments"] += len(thread.comments)
        self.counts["pingbacks"] += len(thread.pingbacks)

    def _warner(self, post: Post) -> Warn:
        def warn(code: str, message: str) -> None:
            self.report.warn(code, message, line=post.line, post_id=post.post_id)
        return warn

    # ----------------------------------------------------------------- media

    def _add_media(self, post: Post) -> None:
        """One manifest line per attachment, in export order."""
        pid = post.post_id
        if pid is None or pid in self.written:
            return
        self.written.add(pid)
        url = self.index.attachments.get(pid, "")
        parent = self.index.files(post.post_parent) if post.post_parent in self.index.items \
            else None
        entry: dict[str, object] = {
            "id": pid,
            "url": url,
            "parent": post.post_parent,
            "title": html.unescape(post.post_title),
            "alt": post.meta("_wp_attachment_image_alt") or "",
            "caption": post.post_excerpt,
        }
        local = media.attachment(self.media_store, pid, url, parent)
        if local is not None:
            entry["local"] = local
        lead = ",\n  " if self.counts["media"] else "\n  "
        self._media.write(lead + json.dumps(entry, ensure_ascii=False))
        self.counts["media"] += 1

    # ----------------------------------------------------------------- files

    def _put(self, relative: str, text: str) -> None:
        """A whole new file (raw ``os`` calls: a text-mode ``open`` costs more than the
        write itself for files this small)."""
        target = self._place(relative)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            raise self._clash(relative) from None
        try:
            data = memoryview(text.encode("utf-8"))
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)

    def _inside(self, root: Path, relative: str) -> Path:
        try:
            return inside(root, relative)
        except ValueError as exc:
            raise WriterError(str(exc), path=str(self.target)) from None

    def _open(self, relative: str) -> IO[str]:
        """A new file in the output; never an existing one, never outside the folder."""
        target = self._place(relative)
        try:
            return target.open("x", encoding="utf-8", newline="\n")
        except FileExistsError:
            raise self._clash(relative) from None

    def _place(self, relative: str) -> Path:
        try:
            return self._folder.place(relative)
        except ValueError as exc:
            raise WriterError(str(exc), path=str(self.target)) from None

    def _clash(self, relative: str) -> WriterError:
        return WriterError(f"two items were given the same file {relative}",
                           path=str(self.target))

    # ----------------------------------------------------------------- redirects

    def _open_redirects(self) -> tuple[IO[str], IO[str]]:
        folder = self.preset.redirects_dir
        netlify = self._open(f"{folder}/_redirects" if folder else "_redirects")
        nginx = self._open("redirects.nginx.conf")
        netlify.write(links.NETLIFY_HEAD)
        nginx.write(links.NGINX_HEAD)
        return netlify, nginx

    def _add_redirects(self, post: Post, files: presets.Files) -> None:
        assert self._redirects is not None and post.post_id is not None
        if not self.index.items[post.post_id].flags & PUBLISHED:
            return  # not public on the old site: no old URL to keep alive
        netlify, nginx = self._redirects
        old = links.old_path(post.link)
        if old is not None and old != files.url:
            netlify.write(links.netlify_line(old, files.url))
            nginx.write(links.nginx_line(old, files.url))
            self.counts["redirects"] += 1
        key = "page_id" if kind_of(post) == presets.PAGE else "p"
        nginx.write(links.nginx_line(f"/?{key}={post.post_id}", files.url))

    # ----------------------------------------------------------------- finish

    def close(self, site: Site) -> WriteSummary:
        if self.pipeline is not None:
            for ready, rendered in self.pipeline.drain():
                self._write(ready, self._reason(ready), rendered)
            self.pipeline.close()
            self.pipeline = None
        self._media.write("\n]\n" if self.counts["media"] else "]\n")
        self._media.close()
        if self._redirects is not None:
            self._redirects[1].write(links.NGINX_TAIL)
        media_counts, media_notes = media.finish(self.media_store, bool(self.opts["strict_media"]))
        self.abort()
        return WriteSummary(str(self.target), self._ordered_counts() | media_counts,
                            self._notes() + media_notes)

    def _ordered_counts(self) -> dict[str, int]:
        first = ["posts", "pages"]
        later = ["comment_files", "comments", "pingbacks", "media", "redirects"]
        kinds = sorted(k for k in self.counts if k not in first + later
                       and not k.startswith(("skipped_", "dates_")))
        skipped = sorted(k for k in self.counts if k.startswith("skipped_"))
        return {k: self.counts[k] for k in [*first, *kinds, *later, *skipped]
                if self.counts[k] or k in first}

    def _notes(self) -> list[str]:
        notes: list[str] = []
        if self.unknown:
            ranked = sorted(self.unknown.items(), key=lambda kv: (-kv[1], kv[0]))
            notes.append("unknown shortcodes kept verbatim: "
                         + ", ".join(f"{name} ×{n}" for name, n in ranked))
        if self.counts["dates_without_offset"]:
            notes.append(f"{self.counts['dates_without_offset']} dates written without a UTC "
                         "offset (the export has no GMT dates to derive it from)")
        return notes

    def abort(self) -> None:
        pipeline = getattr(self, "pipeline", None)
        if pipeline is not None:
            pipeline.close()
            self.pipeline = None
        store = getattr(self, "media_store", None)
        report = store.report.out if store is not None else None
        for f in (getattr(self, "_media", None), report,
                  *(getattr(self, "_redirects", None) or ())):
            if f is not None and not f.closed:
                f.close()
        self._redirects = None
