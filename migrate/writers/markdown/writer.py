"""The Markdown writer: one file per post, page and custom-type item, plus data files.

This class is what the registry and the CLI load (its options, in :mod:`.options`);
the conversion itself is :class:`.run.MarkdownRun`, imported when a first pass starts,
so the other commands never import the content engine, YAML or the media code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...errors import WriterError
from ...model import Post, Site
from ..base import Writer, WriteSummary
from .options import writer_options
from .presets import PRESETS

if TYPE_CHECKING:
    from .run import MarkdownRun


class MarkdownWriter(Writer):
    name = "markdown"
    description = "Markdown with front matter (plain, Hugo, Jekyll, Eleventy), comments as data"
    directory = True
    default_name = "markdown"
    two_pass = True
    options = writer_options(tuple(PRESETS))

    _run: MarkdownRun | None = None

    def prepare(self, site: Site, posts: Iterable[Post]) -> None:
        from .run import MarkdownRun

        self._run = MarkdownRun(self)
        self._run.prepare(site, posts)

    def open(self, site: Site) -> None:
        if self._run is None:
            raise WriterError("the Markdown writer needs its first pass (prepare) to run")
        self._run.open(site)

    def write(self, post: Post) -> None:
        assert self._run is not None, "write before open"
        self._run.write(post)

    def close(self, site: Site) -> WriteSummary:
        assert self._run is not None, "close before open"
        return self._run.close(site)

    def abort(self) -> None:
        if self._run is not None:
            self._run.abort()

    @property
    def run(self) -> MarkdownRun:
        """The conversion under way (after ``prepare``)."""
        if self._run is None:
            raise WriterError("the Markdown writer needs its first pass (prepare) to run")
        return self._run
