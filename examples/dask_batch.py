"""Migrate a batch of WordPress sites on a Dask cluster: one ``run_job`` task per site.

    python examples/dask_batch.py INPUT... OUTDIR [--to json] [--scheduler tcp://host:8786]

Without ``--scheduler`` a LocalCluster of two worker processes is started. Planning
(finding the sites, their keys and outputs) runs here; each site is converted on a
worker by ``migrate.batch.run_job``, which never raises; the report is written here,
as ``wxr-migrate batch`` writes it. On a real cluster every worker must see the
inputs and OUTDIR at the same paths (a shared filesystem). Needs ``dask[distributed]``,
which wxr-migrate itself does not depend on. Exit status: 0 if every site succeeded.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dask.distributed import Client, LocalCluster, as_completed

from migrate.batch import SiteResult, find_sites, jobs, run_job, target, write_report
from migrate.batch.report import site_line


def migrate_on_dask(
    client: Client, inputs: list[str], outdir: Path, writer: str
) -> list[SiteResult]:
    """Plan the batch, run one task per site on ``client``, write the report."""
    started = time.monotonic()
    where = target(outdir, writer)
    if where.single:
        sys.exit("a single database takes one site at a time: use `wxr-migrate batch` for it")
    planned = jobs(find_sites(inputs, None), where, {}, recover=False)
    where.prepare()
    # pure=False: a task has effects (files); never reuse an earlier result for it.
    futures = client.map(run_job, planned, pure=False)
    results = []
    for future in as_completed(futures):
        result: SiteResult = future.result()
        print(site_line(result), file=sys.stderr)
        results.append(result)
    write_report(where.report_path, results, output=where.output,
                 duration=time.monotonic() - started)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="INPUT... OUTDIR")
    parser.add_argument("--to", dest="writer", default="json")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    args = parser.parse_args()
    if len(args.paths) < 2:
        parser.error("give at least one INPUT and the OUTDIR")
    *inputs, outdir = args.paths
    if args.scheduler:
        with Client(args.scheduler) as client:
            results = migrate_on_dask(client, inputs, Path(outdir), args.writer)
    else:
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster, \
                Client(cluster) as client:
            results = migrate_on_dask(client, inputs, Path(outdir), args.writer)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
