"""The ``wxr-migrate validate`` command: report on an export, exit 1 if it has errors.

The report goes to stdout (text or JSON); progress, on a terminal, to stderr. Exit
status: 0 without errors (warnings allowed), 1 with errors, or with warnings under
``--strict``. A broken input is a finding in the report, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import api
from ..progress import Progress
from .report import to_json, to_text
from .run import validate


@click.command(name="validate")
@click.argument("exports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Report format (JSON lists every finding).")
@click.option("--strict", is_flag=True, help="Warnings count as errors for the exit status.")
@click.option("--recover", is_flag=True,
              help="Judge the export as `convert --recover` reads it: XML errors it reads "
                   "past are warnings; lost items stay errors.")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress; the text report shows only the summary.")
def validate_command(
    exports: tuple[Path, ...], fmt: str, strict: bool, recover: bool, quiet: bool
) -> None:
    """Check an export (or the parts of one) and report every problem found.

    Reports not well-formed XML, truncation, bad encodings and control characters,
    duplicate ids, references that lead nowhere, undeclared authors and terms, bad
    dates, duplicate slugs, broken serialized meta and unknown shortcodes and blocks,
    each with a code (see docs/validate.md), the line and the item; and says whether
    the export can be migrated.
    """
    progress = Progress(api.total_size(exports), enabled=not quiet)
    try:
        outcome = validate(exports, recover=recover, progress=progress.update)
    except KeyboardInterrupt:
        progress.done()
        click.echo("wxr-migrate: interrupted", err=True)
        sys.exit(130)
    progress.done()
    if fmt == "json":
        click.echo(json.dumps(to_json(outcome, strict=strict), ensure_ascii=False, indent=2))
    else:
        click.echo(to_text(outcome, strict=strict, quiet=quiet))
    sys.exit(outcome.exit_code(strict))
