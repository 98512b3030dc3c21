"""Running sites in worker processes (forkserver or spawn), each failure isolated.

At most two sites per worker are handed out; a stop (``--fail-fast``, Ctrl-C) starts
no more, Ctrl-C also interrupts running sites. A site whose worker dies is retried alone
in a fresh pool, and fails if it kills that one too.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from types import FrameType
from typing import Any, TypeAlias

from .site import SiteJob, SiteResult, run_job

#: How often the parent wakes to redraw the progress bar while sites run (seconds).
TICK = 0.5
DIED = ("the worker process converting this site died (out of memory, or a crash in a "
        "native library)")


@cache
def _context() -> multiprocessing.context.BaseContext:
    """Forkserver where there is one: workers fork from a server that has imported the
    converter and the writers once, instead of each importing them again. Spawn
    elsewhere. Both need top-level functions and picklable arguments."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # migrate.cli imports every writer (their options are its options); and a worker
    # started from the `wxr-migrate` script imports that script, hence the CLI, again.
    context.set_forkserver_preload(["migrate.cli"])
    return context


def warm_up() -> None:
    """Start the fork server now: it imports the converter and writers while the parent
    plans the batch, instead of after."""
    if _context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


# In a worker process: the batch's stop flag, set by the parent to stop starting sites.
_stop: Any = None

Work = Callable[[SiteJob], SiteResult]
Running: TypeAlias = "dict[Future[SiteResult | None], SiteJob]"


def _worker_init(stop: Any) -> None:
    global _stop
    _stop = stop
    # An idle worker ignores Ctrl-C (dying would break the pool and print a traceback).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(work: Work, job: SiteJob) -> SiteResult | None:
    """Run one site, or None if the batch stopped before it started. While it runs,
    Ctrl-C interrupts it: the pool hands the KeyboardInterrupt back to the parent."""
    if _stop is not None and _stop.value:
        return None
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return work(job)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


class Runner:
    """Runs jobs on ``workers`` processes; ``on_result`` sees each result as it comes."""

    def __init__(
        self,
        workers: int,
        on_result: Callable[[SiteJob, SiteResult], None],
        *,
        fail_fast: bool = False,
        tick: Callable[[], None] | None = None,
        work: Work = run_job,
    ) -> None:
        self.workers = max(1, workers)
        self.on_result = on_result
        self.fail_fast = fail_fast
        self.tick = tick
        self.work = work  # a top-level function: workers import it by name
        self.stopped = False
        self.interrupted = False
        # Shared memory without a lock: the Ctrl-C handler sets it, workers read it.
        self._stop_flag: Any = _context().RawValue("b", 0)

    def run(self, jobs: Iterable[SiteJob]) -> list[SiteJob]:
        """Run every job; return the ones not run (after a failure with fail-fast, or
        Ctrl-C), sorted by key."""
        todo = deque(jobs)
        with _SigintAsStop(self):
            suspects: list[SiteJob] = []
            while todo and not self.stopped:
                suspects += self._pass(todo, min(self.workers, len(todo)))
            for job in suspects:
                if self.stopped:
                    todo.append(job)
                elif self._pass(deque([job]), 1):
                    self._finish(job, SiteResult(job.key, list(job.inputs), job.output,
                                                 "failed", writer=job.writer, error=DIED))
        return sorted(todo, key=lambda j: j.key)

    def stop(self, *, interrupted: bool = False) -> None:
        """Start no more sites (safe in a signal handler: nothing here takes a lock)."""
        self.stopped = True
        self.interrupted = self.interrupted or interrupted
        self._stop_flag.value = 1

    def _finish(self, job: SiteJob, result: SiteResult) -> None:
        self.on_result(job, result)
        if self.fail_fast and result.status == "failed":
            self.stop()

    def _pass(self, todo: deque[SiteJob], workers: int) -> list[SiteJob]:
        """Run jobs from ``todo`` until it is empty, the batch stops, or a worker dies;
        return the jobs the pool held when a worker died."""
        with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_worker_init,
                                 initargs=(self._stop_flag,)) as pool:
            running: Running = {}
            # A queued site keeps its worker busy while the parent takes a result in;
            # with --fail-fast none is queued, as it could start before the stop.
            window = workers if self.fail_fast else 2 * workers
            while running or (todo and not self.stopped):
                while todo and not self.stopped and len(running) < window:
                    job = todo.popleft()
                    running[pool.submit(_work, self.work, job)] = job
                if self.stopped:
                    self._halt(running, todo)
                if self._collect(running, todo):
                    return list(running.values())
        return []

    def _collect(self, running: Running, todo: deque[SiteJob]) -> bool:
        """Wait a moment for results and hand them on; True if the pool broke."""
        done, _ = wait(running, timeout=TICK, return_when=FIRST_COMPLETED)
        broken = False
        for future in sorted(done, key=lambda f: running[f].key):
            try:
                result = future.result()
            except BrokenProcessPool:
                broken = True
                continue  # stays in ``running``: a suspect
            except KeyboardInterrupt:  # interrupted in its worker: not run
                self.stop(interrupted=True)
                result = None
            job = running.pop(future)
            if result is None:
                todo.append(job)
            else:
                self._finish(job, result)
        if self.tick is not None:
            self.tick()
        return broken

    @staticmethod
    def _halt(running: Running, todo: deque[SiteJob]) -> None:
        """Cancel the sites the pool has not handed to a worker yet."""
        for future in [f for f in running if f.cancel()]:
            todo.append(running.pop(future))


class _SigintAsStop:
    """While a batch runs, the first Ctrl-C stops it gracefully (finished sites are
    recorded, the report is written); a second one interrupts as usual."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.previous: Any = None
        self.active = threading.current_thread() is threading.main_thread()

    def __enter__(self) -> None:
        if self.active:
            self.previous = signal.signal(signal.SIGINT, self._handle)

    def __exit__(self, *exc: object) -> None:
        if self.active and self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.runner.stop(interrupted=True)
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
