"""One batch run from start to end: skip what ``--resume`` allows, run the rest, record
each finished site in the journal, and write the report (also after Ctrl-C).

For a single-file target (``-o all.db``) workers write each site to a database of its
own, merged into the target in key order (``merge``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MigrateError
from . import merge
from .plan import Target
from .report import Console, summary_table, write_report
from .resume import Journal
from .run import Runner
from .site import SiteJob, SiteResult


@dataclass(slots=True)
class Outcome:
    results: list[SiteResult] = field(default_factory=list)
    interrupted: bool = False
    duration: float = 0.0

    @property
    def failed(self) -> int:
        return sum(r.status == "failed" for r in self.results)


def run_batch(
    jobs: Sequence[SiteJob],
    where: Target,
    *,
    workers: int,
    fail_fast: bool = False,
    resume: bool = False,
    console: Console | None = None,
) -> Outcome:
    """Run a planned batch into ``where``; the report and journal are written there."""
    started = time.monotonic()
    console = console if console is not None else Console(len(jobs), quiet=True)
    journal = Journal(where.state_path)
    outcome = Outcome()

    merger = merge.Merger(where.output) if where.single else None

    def finished(job: SiteJob, result: SiteResult) -> None:
        if merger is not None:
            _merge(result, merger)
        journal.record(job, result)
        outcome.results.append(result)
        console.site_done(result)

    todo = []
    for job in jobs:
        skipped = journal.unchanged(job) if resume else None
        if skipped is None:
            todo.append(job)
        else:
            outcome.results.append(skipped)
            console.site_done(skipped)
    # Sites enter a shared database in key order, so their ids do not depend on which
    # worker finished first.
    ordered = _InKeyOrder(todo, finished) if merger is not None else None
    runner = Runner(workers, finished if ordered is None else ordered.add,
                    fail_fast=fail_fast, tick=console.tick)
    try:
        not_run = runner.run(todo)
    finally:
        if ordered is not None:
            ordered.flush()
        console.close()
        journal.close()
        if merger is not None:
            merger.close()
    outcome.interrupted = runner.interrupted
    outcome.results += [_cancelled(job, where) for job in not_run]
    outcome.duration = time.monotonic() - started
    write_report(where.report_path, outcome.results, output=where.output,
                 duration=outcome.duration)
    return outcome


def _merge(result: SiteResult, merger: merge.Merger) -> None:
    """Move a finished site's own database into the shared one; a failed merge fails
    the site."""
    if result.status == "ok":
        try:
            merger.add(Path(result.output))
        except MigrateError as exc:
            result.status, result.error = "failed", str(exc)
    result.output = str(merger.target)


def _cancelled(job: SiteJob, where: Target) -> SiteResult:
    output = str(where.output) if where.single else job.output
    return SiteResult(job.key, list(job.inputs), output, "cancelled", writer=job.writer)


class _InKeyOrder:
    """Passes results on in the jobs' order, holding back those that finish early."""

    def __init__(self, jobs: Sequence[SiteJob], then: Callable[[SiteJob, SiteResult], None]):
        self.keys = [job.key for job in jobs]
        self.then = then
        self.next = 0
        self.waiting: dict[str, tuple[SiteJob, SiteResult]] = {}

    def add(self, job: SiteJob, result: SiteResult) -> None:
        self.waiting[job.key] = (job, result)
        while self.next < len(self.keys) and self.keys[self.next] in self.waiting:
            self.then(*self.waiting.pop(self.keys[self.next]))
            self.next += 1

    def flush(self) -> None:
        """After a stop: pass on what finished, in order (the rest never will)."""
        for key in self.keys[self.next:]:
            if key in self.waiting:
                self.then(*self.waiting.pop(key))
        self.next = len(self.keys)


def summary(outcome: Outcome) -> str:
    return summary_table(outcome.results, outcome.duration)
