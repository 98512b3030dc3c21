"""The ``wxr-migrate batch`` command: many sites (and split exports) in one run.

A skin over ``plan`` (which sites, where) and ``session`` (run, record, report).
Imported by ``migrate.cli`` (whose option bundles it reuses), so import it from there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ..cli import _given, fail, input_options, writer_options_except
from ..errors import MigrateError, WriterError
from . import plan
from .report import Console
from .run import warm_up
from .session import run_batch, summary

INTERRUPTED = "wxr-migrate: interrupted; finished sites are kept (--resume goes on)"


@click.command(name="batch")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Folder to write a folder per site into, or a .db file to hold every site.")
@click.option("--to", "writer", metavar="NAME",
              help="Writer for every site (default: the folder writer, or the .db's).")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None,
              help="Sites converted at once, each in its own process (default: CPU count).")
@click.option("--manifest", type=click.Path(path_type=Path, dir_okay=False),
              help="TOML file listing sites with their own inputs and options.")
@click.option("--resume", is_flag=True,
              help="Skip sites whose inputs and options are unchanged since they last "
                   "succeeded in this output.")
@click.option("--fail-fast", is_flag=True, help="Stop starting sites after the first failure.")
@input_options
@writer_options_except("jobs")  # -j/--jobs here runs sites in parallel
def batch_command(
    inputs: tuple[Path, ...],
    output: Path,
    writer: str | None,
    workers: int | None,
    manifest: Path | None,
    resume: bool,
    fail_fast: bool,
    recover: bool,
    quiet: bool,
    **writer_values: Any,
) -> None:
    """Migrate many sites at once, in parallel, each failure isolated.

    INPUTS are export files, folders (searched for .xml and .zip), zip archives and
    glob patterns. Parts of a split export (same base URL, .000/.001 names) are one
    site. Each site goes to OUTPUT/<site-key>/; a report is written beside them.
    """
    if not inputs and manifest is None:
        raise click.UsageError("give the exports to migrate, or --manifest FILE")
    warm_up()
    try:
        where = plan.target(output, writer)
        options = _given(where.writer, writer_values)
        jobs = plan.jobs(plan.find_sites(inputs, manifest), where, options, recover)
        where.prepare()
        outcome = run_batch(jobs, where, workers=workers or os.cpu_count() or 1,
                            fail_fast=fail_fast, resume=resume,
                            console=Console(len(jobs), quiet=quiet))
    except MigrateError as exc:
        fail(exc)
    except OSError as exc:  # the report or journal cannot be written
        fail(WriterError(f"cannot write: {exc.strerror or exc}", path=exc.filename))
    except KeyboardInterrupt:  # a second Ctrl-C: no report; the journal has every site done
        click.echo(INTERRUPTED, err=True)
        sys.exit(130)
    if not quiet:
        click.echo(summary(outcome), err=True)
        click.echo(f"report: {where.report_path}", err=True)
    if outcome.interrupted:
        click.echo(INTERRUPTED, err=True)
        sys.exit(130)
    if outcome.failed:
        if quiet:
            click.echo(f"wxr-migrate: {outcome.failed} of {len(outcome.results)} sites failed; "
                       f"see {where.report_path}", err=True)
        sys.exit(1)


#: Declared, not inferred: mypy cannot infer it across the import cycle with ``cli``.
batch: click.Command = batch_command
