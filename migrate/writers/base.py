"""What a writer is: a class that receives the site once, then each post, then finishes.

The driver (``migrate.api.convert``) owns atomicity: it hands the writer a staging
``path`` to write into and moves it onto ``target`` only when ``close`` returns, so a
writer never has to think about half-written output. ``target`` is given so a writer
that extends existing output (SQLite adding a site) can start from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..diagnostics import Reporter
from ..model import Post, Site


@dataclass(frozen=True, slots=True)
class WriterOption:
    """An option a writer accepts; the CLI turns each into ``--name`` on ``convert``."""

    name: str
    help: str
    default: Any = None
    choices: tuple[str, ...] | None = None
    multiple: bool = False
    flag: bool = False
    type: type = str


@dataclass(slots=True)
class WriteSummary:
    """What a writer produced: the output, counts of what it wrote, and notes."""

    output: str
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class Writer:
    """Base class for writers. Subclasses set the class attributes and the three calls."""

    name: ClassVar[str]
    description: ClassVar[str]
    #: Output file extensions this writer is chosen for (``-o site.json``).
    extensions: ClassVar[tuple[str, ...]] = ()
    #: True when the output is a directory (chosen for ``-o site/``).
    directory: ClassVar[bool] = False
    #: Default output name under a folder, for ``batch`` and ``demo`` (``site.json``).
    default_name: ClassVar[str] = "site"
    options: ClassVar[tuple[WriterOption, ...]] = ()
    #: True when the writer needs to see every item before writing (forward references:
    #: parents, featured images, internal links); the driver then calls ``prepare``
    #: with every post, then ``open``, ``write`` and ``close`` as for any writer (the
    #: export is parsed once: the posts wait in a spool between the two passes).
    two_pass: ClassVar[bool] = False

    #: The input files of this run (all parts of a split export), set by the driver.
    inputs: tuple[Path, ...] = ()

    def __init__(
        self,
        path: Path,
        *,
        target: Path | None = None,
        options: Mapping[str, Any] | None = None,
        report: Reporter | None = None,
    ) -> None:
        self.path = path
        self.target = target if target is not None else path
        self.opts: dict[str, Any] = {o.name: o.default for o in self.options}
        self.opts.update(options or {})
        self.report = report if report is not None else Reporter()

    @classmethod
    def schema(cls) -> str | None:
        """The output's schema as text (JSON Schema, SQL DDL), if it has one."""
        return None

    def prepare(self, site: Site, posts: Iterable[Post]) -> None:
        """First pass for ``two_pass`` writers: every post, in order.

        Keep only a compact index here; the posts come again, streamed, to ``write``.
        """

    def open(self, site: Site) -> None:
        """Called once, after the channel header, before the first post."""
        raise NotImplementedError

    def write(self, post: Post) -> None:
        """Called once per item, in export order, as the parser streams."""
        raise NotImplementedError

    def close(self, site: Site) -> WriteSummary:
        """Finish the output. ``site`` includes declarations found after the items."""
        raise NotImplementedError

    def abort(self) -> None:
        """Release resources after a failure; the driver removes the staging output."""
