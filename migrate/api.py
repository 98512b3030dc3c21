"""The library API the CLI is a skin over: convert an export, count what it holds.

Nothing here prints or exits; failures are ``MigrateError``s, findings are
diagnostics in the ``Reporter`` a caller passes (or gets back in the result).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from . import writers
from .diagnostics import Reporter
from .errors import MigrateError, WriterError
from .inputs import ExportReader, expand_all
from .model import Post, Site
from .output import Staging
from .spool import Spool
from .stats import Stats
from .writers.base import Writer, WriteSummary

ProgressFn = Callable[[int, int], None]  # (items, bytes of the input read so far)
StageFn = Callable[[str], None]  # a two-pass run's stage: "indexing", then "writing"
PROGRESS_EVERY = 64  # items between two progress calls


@dataclass(slots=True)
class Result:
    site: Site
    stats: Stats
    summary: WriteSummary | None
    report: Reporter
    writer: str | None = None


def as_paths(inputs: Sequence[Path | str] | Path | str) -> list[Path]:
    """One input or several, as a list of paths."""
    return [Path(inputs)] if isinstance(inputs, (str, Path)) else [Path(p) for p in inputs]


def choose_writer(output: Path | str, name: str | None = None) -> type[Writer]:
    if name:
        return writers.get(name)
    text = str(output)
    return writers.for_output(Path(text), is_dir_hint=text.endswith(("/", os.sep)))


def convert(
    inputs: Sequence[Path | str] | Path | str,
    output: Path | str,
    *,
    writer: str | None = None,
    options: Mapping[str, Any] | None = None,
    recover: bool = False,
    report: Reporter | None = None,
    progress: ProgressFn | None = None,
    stage: StageFn | None = None,
) -> Result:
    """Read one site (one export, or the parts of a split export) into one output.

    ``progress`` is called as items go by; a two-pass writer's run goes through the
    input twice, and ``stage`` is told which pass the progress is of."""
    report = report if report is not None else Reporter()
    cls = choose_writer(output, writer)
    target = Path(output)
    paths = as_paths(inputs)
    parts = expand_all(paths)
    reader = ExportReader(parts, report=report, recover=recover)
    staging = Staging(target, directory=cls.directory)
    instance = cls(staging.path, target=target, options=options, report=report)
    instance.inputs = tuple(paths)
    try:
        if cls.two_pass:
            stats, summary = _drive_twice(reader, instance, progress, stage)
        else:
            stats, summary = _drive(reader, instance, progress)
        staging.commit()
    except BaseException:
        instance.abort()
        staging.discard()
        raise
    return Result(reader.site, stats, summary, report, writer=cls.name)


def _drive(
    reader: ExportReader, writer: Writer, progress: ProgressFn | None
) -> tuple[Stats, WriteSummary]:
    return _write(((reader.bytes_read, post) for post in reader), reader, writer, progress)


def _drive_twice(
    reader: ExportReader, writer: Writer, progress: ProgressFn | None, stage: StageFn | None
) -> tuple[Stats, WriteSummary]:
    """A two-pass writer: one parse feeds its first pass (``prepare``) and parks the
    posts in a spool, which the second pass (``write``) reads back."""
    folder = Path(writer.target).parent
    with Spool(folder) as spool:
        if stage is not None:
            stage("indexing")
        rest = iter(reader)
        head = next(rest, None)
        first_site = reader.site  # the header as the second pass would see it first
        posts = rest if head is None else chain((head,), rest)
        writer.prepare(first_site, _parked(posts, reader, spool, progress))
        if stage is not None:
            stage("writing")
        return _write(spool.replay(), reader, writer, progress, first_site)


def _parked(posts: Iterator[Post], reader: ExportReader, spool: Spool,
            progress: ProgressFn | None) -> Iterator[Post]:
    for n, post in enumerate(posts, 1):
        spool.add(post, reader.bytes_read)
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(n, reader.bytes_read)
        yield post


def _write(
    posts: Iterator[tuple[int, Post]], reader: ExportReader, writer: Writer,
    progress: ProgressFn | None, site: Site | None = None,
) -> tuple[Stats, WriteSummary]:
    """Each post to the writer (``site``: the header it opens with, else the reader's
    now); ``posts`` pairs each with how far into the input it was read."""
    stats = Stats()
    opened = False
    try:
        for position, post in posts:
            if not opened:
                writer.open(site or reader.site)
                opened = True
            writer.write(post)
            stats.add(post)
            if progress is not None and stats.items % PROGRESS_EVERY == 0:
                progress(stats.items, position)
        if not opened:
            writer.open(reader.site)
        return stats, writer.close(reader.site)
    except MigrateError:
        raise
    except OSError as exc:
        raise WriterError(f"cannot write: {exc.strerror or exc}", path=str(writer.target)) from None


def inspect(
    inputs: Sequence[Path | str] | Path | str,
    *,
    recover: bool = False,
    report: Reporter | None = None,
    progress: ProgressFn | None = None,
) -> Result:
    """Read an export through and count what it holds (the ``info`` command)."""
    report = report if report is not None else Reporter()
    reader = ExportReader(expand_all(as_paths(inputs)), report=report, recover=recover)
    stats = Stats()
    for post in reader:
        stats.add(post)
        if progress is not None and stats.items % PROGRESS_EVERY == 0:
            progress(stats.items, reader.bytes_read)
    return Result(reader.site, stats, None, report)


def total_size(inputs: Sequence[Path | str]) -> int:
    total = 0
    for p in inputs:
        with contextlib.suppress(OSError):
            total += Path(p).stat().st_size
    return total
