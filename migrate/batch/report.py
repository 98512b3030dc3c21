"""How a batch tells what happened: a line per finished site, an overall bar, a summary
table, and ``batch-report.json`` (sites sorted by key, so runs diff cleanly).

The per-site lines are the log and always print unless ``--quiet``; the bar is drawn
only on a terminal. Everything here goes to stderr; the report file is the data.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from .site import SiteResult

FORMAT = "wxr-migrate-batch/1"
STATUSES = ("ok", "failed", "skipped", "cancelled")
#: Beyond this many sites the summary table lists only the failed ones.
TABLE_ROWS = 50


def totals(results: Iterable[SiteResult]) -> dict[str, int]:
    results = list(results)
    counts = {s: sum(r.status == s for r in results) for s in STATUSES}
    for name in ("items", "comments", "pingbacks"):
        counts[name] = sum(r.counts.get(name, 0) for r in results)
    return {"sites": len(results), **counts}


def report_dict(results: Iterable[SiteResult], *, output: Path, duration: float) -> dict[str, Any]:
    ordered = sorted(results, key=lambda r: r.key)
    return {
        "format": FORMAT,
        "output": str(output),
        "totals": totals(ordered),
        "duration": round(duration, 3),
        "sites": [r.to_dict() for r in ordered],
    }


def write_report(path: Path, results: Iterable[SiteResult], *, output: Path,
                 duration: float) -> None:
    """Write the report atomically (a reader never sees half of it)."""
    data = report_dict(results, output=output, duration=duration)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def site_line(result: SiteResult) -> str:
    """One finished site: ``ok  example-com  12 items  30 comments  0.4s``."""
    head = f"{result.status:<9} {result.key}"
    if result.status == "failed":
        return f"{head}  {result.error}"
    if result.status == "skipped":
        return f"{head}  unchanged since its last run"
    counts = result.counts
    text = (f"{head}  {counts.get('items', 0)} items  {counts.get('comments', 0)} comments"
            f"  {result.duration:.1f}s")
    warned = sum(result.warning_counts.values())
    return text + (f"  {warned} warnings" if warned else "")


def summary_table(results: Sequence[SiteResult], duration: float) -> str:
    ordered = sorted(results, key=lambda r: r.key)
    shown = ordered if len(ordered) <= TABLE_ROWS else [r for r in ordered if not r.ok]
    width = max([len(r.key) for r in shown] + [4])
    rows = [f"{'site':<{width}}  {'status':<9} {'items':>7} {'comments':>9} "
            f"{'warnings':>8} {'seconds':>8}"] if shown else []
    for r in shown:
        rows.append(f"{r.key:<{width}}  {r.status:<9} {r.counts.get('items', 0):>7} "
                    f"{r.counts.get('comments', 0):>9} {sum(r.warning_counts.values()):>8} "
                    f"{r.duration:>8.1f}")
    if len(shown) < len(ordered):
        rows.append(f"({len(ordered) - len(shown)} sites succeeded: see the report)")
    t = totals(ordered)
    done = ", ".join(f"{t[s]} {s}" for s in STATUSES if t[s] or s in ("ok", "failed"))
    rows.append(f"{t['sites']} sites: {done}; {t['items']} items, {t['comments']} comments "
                f"in {duration:.1f}s")
    return "\n".join(rows)


class Console:
    """The batch's stderr: per-site lines, and a bar (sites done, items per second)."""

    def __init__(self, total: int, *, quiet: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.lines = not quiet
        self.bar = not quiet and self.stream.isatty()
        self.total = total
        self.done = 0
        self.items = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def site_done(self, result: SiteResult) -> None:
        self.done += 1
        if result.status == "ok":
            self.items += result.counts.get("items", 0)
        if self.lines:
            self._clear()
            self.stream.write(site_line(result) + "\n")
        self.tick(force=True)

    def tick(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not self.bar or (not force and now - self._last < 0.2):
            return
        self._last = now
        elapsed = max(now - self.started, 1e-6)
        filled = 20 * self.done // max(self.total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (20 - filled)}] {self.done}/{self.total} "
                          f"sites  {self.items / elapsed:,.0f} items/s  {elapsed:.0f}s ")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        self._clear()
        self.stream.flush()

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\033[K")
            self._drawn = False
