"""Benchmark ``wxr-migrate batch``: many small sites with -j 1 against -j 2.

    python bench/batch_bench.py [--sites 200] [--posts 100] [--repeat 3] [--to json]

Sites are made with the shared generator (``../shared/bench/gen_wxr.py``): a few
exports of different seeds, each copied under many base URLs, so every site is its
own site. Everything is written under a temporary folder in /tmp and removed after.
Runs alternate between -j 1 and -j 2 (so a busy machine slows both alike); the
figures printed are the best and median wall time of each, and their ratios. Each run
also shows the sum of its sites' own durations: when it grows with -j, other work
held the cores, and the ratio says more about the machine than about the batch.

The default site has 100 posts (about 1 MB of export, some 20 ms of work). Far
smaller sites measure the fixed cost of a run (start-up, discovery, the report:
about 0.45 s here) more than the parallel part: with 20-post sites (5 ms each) the
ratio was 0.73 on an idle 2-core machine, against 0.59 with 100-post sites.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_wxr.py"
BASE = "https://example.com"  # the generator's site URL


def make_sites(folder: Path, sites: int, posts: int, variants: int, generator: Path) -> int:
    """Write ``sites`` exports into ``folder``; return their total size in bytes."""
    texts = []
    for seed in range(1, variants + 1):
        out = folder / f"seed{seed}.tmp"
        subprocess.run([sys.executable, str(generator), "--posts", str(posts), "--seed",
                        str(seed), "-o", str(out)], check=True, capture_output=True)
        texts.append(out.read_text(encoding="utf-8"))
        out.unlink()
    total = 0
    for n in range(sites):
        text = texts[n % variants].replace(BASE, f"https://site{n:04}.example.com")
        path = folder / f"site{n:04}.xml"
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return total


def timed_batch(exports: Path, out: Path, jobs: int, writer: str) -> tuple[float, float]:
    """Wall time of one batch, and the sum of its sites' own durations (from the report):
    if that sum grows with -j, the cores were not free."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "migrate", "batch", str(exports), "-o", str(out),
               "--to", writer, "-j", str(jobs), "-q"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"batch -j {jobs} failed ({done.returncode}): {done.stderr.strip()}")
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    return elapsed, sum(site["duration"] for site in report["sites"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--posts", type=int, default=100, help="posts per site (gen_wxr --posts)")
    parser.add_argument("--variants", type=int, default=10, help="distinct generated exports")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--to", dest="writer", default="json")
    parser.add_argument("--generator", type=Path, default=GENERATOR)
    args = parser.parse_args()
    if not args.generator.exists():
        sys.exit(f"generator not found: {args.generator} (give --generator PATH)")
    work = Path(tempfile.mkdtemp(prefix="wxr-batch-bench-", dir="/tmp"))
    try:
        exports = work / "exports"
        exports.mkdir()
        size = make_sites(exports, args.sites, args.posts, args.variants, args.generator)
        print(f"{args.sites} sites, {args.posts} posts each, {size / 1e6:.1f} MB, "
              f"writer {args.writer}")
        times: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.repeat):
            for jobs in (1, 2):
                elapsed, busy = timed_batch(exports, work / "out", jobs, args.writer)
                times[jobs].append(elapsed)
                print(f"  -j {jobs}: {elapsed:.2f}s  (sites' own time {busy:.2f}s, "
                      f"load average {os.getloadavg()[0]:.1f})", flush=True)
        best = {j: min(t) for j, t in times.items()}
        median = {j: statistics.median(t) for j, t in times.items()}
        for jobs in (1, 2):
            print(f"-j {jobs}: best {best[jobs]:.2f}s, median {median[jobs]:.2f}s")
        print(f"ratio -j 2 / -j 1: best {best[2] / best[1]:.2f}, "
              f"median {median[2] / median[1]:.2f} (target <= 0.65)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
