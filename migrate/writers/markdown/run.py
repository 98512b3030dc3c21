"""One Markdown conversion, behind :class:`.writer.MarkdownWriter` (imported only when
Markdown is written, so other commands do not pay for its imports).

The first pass (``prepare``) builds the compact index that places every item; the
second streams the posts again (from the driver's spool) and writes each one's
Markdown (and comments file) at once (:mod:`.post`, in ``--jobs`` workers or here),
and its media-manifest entry or redirect lines; ``--media`` copies or downloads each
post's media files and rewrites the references (:mod:`.media`). ``close`` finishes
those files and sums up.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from ...compact import IdSet
from ...errors import WriterError
from ...model import Post, Site
from ..base import Writer, WriteSummary
from . import links, media, presets
from .fields import FrontMatter
from .index import PUBLISHED, SiteIndex, kind_of, skip_reason
from .parallel import Pipeline, Renderer
from .paths import Folder, inside
from .post import FileJob, Outcome, PostWriter


def engine() -> ModuleType:
    """The content engine, imported on first use: only this writer needs it, and
    other commands should not pay for its import."""
    from ... import content

    return content


#: What becomes of a post in the second pass (else ``skipped_<reason>`` or None).
WRITE, MEDIA, DUPLICATE = "write", "media", "duplicate"


class MarkdownRun:
    """The state of one conversion: the writer's options, report and output folder."""

    def __init__(self, writer: Writer) -> None:
        self.opts = writer.opts
        self.report = writer.report
        self.path = writer.path
        self.target = writer.target

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
        self.format = str(self.opts["front_matter"])
        if self.format == "toml" and self.preset.toml_fences is None:
            self.report.warn("TOML_FRONT_MATTER", f"{self.preset.name} cannot read TOML front "
                             "matter; written anyway as asked (use YAML for this preset)")
        meta = self.opts["meta"]
        meta_keys = [meta] if isinstance(meta, str) else list(meta or ())
        authors = {a.author_login.strip(): html.unescape(a.author_display_name).strip()
                   for a in site.authors if a.author_display_name.strip()}
        fields = FrontMatter(self.preset, self.opts["front_matter_fields"], meta_keys,
                             authors, self.index.taxonomies)
        hosts = links.site_hosts([site.link, site.base_site_url, site.base_blog_url])
        resolver = links.Resolver(hosts, self.index.by_path, self.index.knows)
        self.posts = PostWriter(index=self.index, fields=fields, resolver=resolver,
                                folder=Folder(self.path), target=str(self.target),
                                front_matter=self.format,
                                comments_mode=str(self.opts["comments"]), ctx=self.ctx)
        self.counts: Counter[str] = Counter()
        self.unknown: Counter[str] = Counter()
        self.written = IdSet()
        self._media = self._open(self.preset.media)
        self._media.write("[")
        self._redirects = self._open_redirects() if self.opts["redirects"] else None
        self.media_store = media.setup(
            self.opts, self.preset.name, [site.link, site.base_site_url, site.base_blog_url],
            self.path, self._open, self._inside)
        jobs = 1 if self.opts["jobs"] is None else int(self.opts["jobs"])
        if jobs < 1:
            raise WriterError("--jobs must be at least 1", path=str(self.target))
        self.pipeline = self._pipeline(jobs) if jobs > 1 else None

    def _pipeline(self, jobs: int) -> Pipeline:
        """Workers write whole posts, unless media files are copied or downloaded: the
        writer then places them itself and the workers only convert."""
        store = self.media_store
        whole = store is None or store.config.mode == "link"
        return Pipeline(jobs, FileJob(self.posts) if whole else Renderer(self.ctx))

    def write(self, post: Post) -> None:
        action = self._action(post)
        if self.pipeline is None:
            self._finish(post, action, None)
            return
        for ready, act, result in self.pipeline.put(post, action, work=action == WRITE):
            self._finish(ready, act, result)

    def _action(self, post: Post) -> str | None:
        """What becomes of a post, decided in export order: WRITE, MEDIA (an
        attachment's manifest line), DUPLICATE, ``skipped_<reason>``, or None."""
        reason = skip_reason(post, include_trash=bool(self.opts["include_trash"]))
        pid = post.post_id
        if reason == "attachment":
            assert pid is not None
            if pid in self.written:
                return None
            self.written.add(pid)
            return MEDIA
        if reason is not None:
            return f"skipped_{reason}"
        assert pid is not None
        if pid in self.written or pid not in self.index.rows:
            return DUPLICATE
        self.written.add(pid)
        return WRITE

    def _finish(self, post: Post, action: str | None, result: Any) -> None:
        """Report what became of a post (``result``: the worker's, if any)."""
        if action == MEDIA:
            self._add_media(post)
        elif action == DUPLICATE:
            self.counts["skipped_duplicate_id"] += 1
            self.report.warn("DUPLICATE_ID", "an earlier item has the same id; not written",
                             line=post.line, post_id=post.post_id)
        elif action == WRITE:
            if not isinstance(result, Outcome):
                result = self.posts.write(post, result, self._media_step)
            self._take(post, result)
            if self._redirects is not None:
                self._add_redirects(post)
        elif action is not None:
            self.counts[action] += 1

    def _media_step(self, pid: int, files: presets.Files, urls: list[str],
                    texts: tuple[str, str | None, str | None]
                    ) -> tuple[str, str | None, str | None]:
        return media.apply(self.media_store, pid, files, urls, texts)

    def _take(self, post: Post, outcome: Outcome) -> None:
        for code, message in outcome.warnings:
            self.report.warn(code, message, line=post.line, post_id=post.post_id)
        self.counts.update(outcome.counts)
        self.unknown.update(outcome.unknown)
        if outcome.media is not None and self.media_store is not None:
            # A worker wrote the post (media linked, texts unchanged): report its media.
            assert post.post_id is not None
            markdown = self.index.files(post.post_id).markdown
            self.media_store.post(post.post_id, markdown, outcome.media)

    # ----------------------------------------------------------------- media

    def _add_media(self, post: Post) -> None:
        """One manifest line per attachment, in export order."""
        pid = post.post_id
        assert pid is not None
        url = self.index.attachments.get(pid) or ""
        parent = self.index.files(post.post_parent) if post.post_parent in self.index.rows \
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

    def _inside(self, root: Path, relative: str) -> Path:
        try:
            return inside(root, relative)
        except ValueError as exc:
            raise WriterError(str(exc), path=str(self.target)) from None

    def _open(self, relative: str) -> IO[str]:
        """A new file in the output; never an existing one, never outside the folder."""
        target = self.posts.place(relative)
        try:
            return target.open("x", encoding="utf-8", newline="\n")
        except FileExistsError:
            raise self.posts.clash(relative) from None

    # ----------------------------------------------------------------- redirects

    def _open_redirects(self) -> tuple[IO[str], IO[str]]:
        folder = self.preset.redirects_dir
        netlify = self._open(f"{folder}/_redirects" if folder else "_redirects")
        nginx = self._open("redirects.nginx.conf")
        netlify.write(links.NETLIFY_HEAD)
        nginx.write(links.NGINX_HEAD)
        return netlify, nginx

    def _add_redirects(self, post: Post) -> None:
        assert self._redirects is not None and post.post_id is not None
        item = self.index.item(post.post_id)
        if item is None or not item.flags & PUBLISHED:
            return  # not public on the old site: no old URL to keep alive
        files = self.index.files(post.post_id)
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
            for ready, action, result in self.pipeline.drain():
                self._finish(ready, action, result)
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
