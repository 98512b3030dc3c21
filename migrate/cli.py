"""The ``wxr-migrate`` command line: a thin skin over ``migrate.api``.

Writers' own options are gathered from the registry and added to ``convert``, so a
plug-in writer's options appear in ``--help`` and the CLI never names a format.
Every ``MigrateError`` becomes one line on stderr and its exit code (1 for bad
input, 2 for usage); there is no traceback for anything a user can cause.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from . import __version__, api, writers
from .diagnostics import Reporter
from .errors import MigrateError
from .progress import Progress

F = TypeVar("F", bound=Callable[..., Any])


def fail(error: MigrateError) -> NoReturn:
    click.echo(f"wxr-migrate: {error}", err=True)
    sys.exit(error.exit_code)


def show_warnings(report: Reporter, quiet: bool, limit: int = 20) -> None:
    """Print warnings to stderr, at most ``limit`` per code."""
    if quiet:
        return
    shown: dict[str, int] = {}
    for d in report:
        if d.severity == "info":
            continue
        shown[d.code] = shown.get(d.code, 0) + 1
        if shown[d.code] <= limit:
            click.echo(d.render(), err=True)
    for code, n in shown.items():
        if n > limit:
            click.echo(f"... and {n - limit} more {code}", err=True)


def input_options(f: F) -> F:
    f = click.option("--quiet", "-q", is_flag=True, help="No progress or warnings on stderr.")(f)
    f = click.option(
        "--recover",
        is_flag=True,
        help="Salvage a damaged export: keep every intact item, report what was lost.",
    )(f)
    return f


def writer_options_except(*excluded: str) -> Callable[[F], F]:
    """One ``--name`` option per option any registered writer declares, but for
    ``excluded`` names, which the command itself uses for something else."""

    def decorate(f: F) -> F:
        return _add_writer_options(f, set(excluded))

    return decorate


def _add_writer_options(f: F, seen: set[str]) -> F:
    for cls in writers.available().values():
        for opt in cls.options:
            if opt.name in seen:
                continue
            seen.add(opt.name)
            decl = "--" + opt.name.replace("_", "-")
            help_text = f"[{cls.name}] {opt.help}"
            if opt.flag:
                f = click.option(decl, opt.name, is_flag=True, default=None, help=help_text)(f)
            else:
                kind: Any = click.Choice(opt.choices) if opt.choices else opt.type
                f = click.option(
                    decl, opt.name, type=kind, multiple=opt.multiple, default=None, help=help_text
                )(f)
    return f


writer_options = writer_options_except()


def _given(cls: type[writers.Writer], values: dict[str, Any]) -> dict[str, Any]:
    """The writer options the user set, refusing ones the chosen writer does not take."""
    own = {o.name for o in cls.options}
    given = {k: v for k, v in values.items() if v not in (None, ())}
    for name in given:
        if name not in own:
            owners = [w.name for w in writers.available().values()
                      if any(o.name == name for o in w.options)]
            raise click.UsageError(
                f"--{name.replace('_', '-')} is an option of the {', '.join(owners)} writer, "
                f"not {cls.name}"
            )
    return given


LAZY_COMMANDS: dict[str, tuple[str, str]] = {}


class _Commands(click.Group):
    """The commands, those in ``LAZY_COMMANDS`` imported only when run or listed
    (``convert`` need not import ``batch`` and ``validate``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and name not in self.commands:
            module, attribute = LAZY_COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wxr-migrate")
def main() -> None:
    """Get your writing out of WordPress: WXR exports to Markdown, JSON or SQLite."""


@main.command()
@click.argument("exports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Output file or folder; its extension chooses the format.")
@click.option("--to", "writer", metavar="NAME",
              help="Writer to use, overriding the output's extension (see `writers`).")
@input_options
@writer_options
def convert(
    exports: tuple[Path, ...],
    output: Path,
    writer: str | None,
    recover: bool,
    quiet: bool,
    **writer_values: Any,
) -> None:
    """Convert an export (or the parts of one split export) into OUTPUT.

    EXPORTS are .xml files, .xml.gz files or a .zip of them.
    """
    progress = Progress(api.total_size(exports), enabled=not quiet)
    report = Reporter()
    try:
        cls = api.choose_writer(output, writer)
        options = _given(cls, writer_values)
        result = api.convert(exports, output, writer=cls.name, options=options,
                             recover=recover, report=report, progress=progress.update,
                             stage=progress.stage)
    except MigrateError as exc:
        progress.done()
        show_warnings(report, quiet)
        fail(exc)
    except KeyboardInterrupt:
        progress.done()
        click.echo("wxr-migrate: interrupted; no output was written", err=True)
        sys.exit(130)
    progress.done()
    show_warnings(report, quiet)
    _print_result(result, quiet)


def _print_result(result: api.Result, quiet: bool) -> None:
    if quiet or result.summary is None:
        return
    counts = result.summary.counts
    parts = ", ".join(f"{n} {k}" for k, n in counts.items())
    click.echo(f"wrote {result.summary.output} ({result.writer}): {parts}", err=True)
    for note in result.summary.notes:
        click.echo(f"  {note}", err=True)


@main.command()
@click.argument("exports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Report format.")
@input_options
def info(exports: tuple[Path, ...], fmt: str, recover: bool, quiet: bool) -> None:
    """Summarise an export: site, WXR version, items by type and status, comments."""
    progress = Progress(api.total_size(exports), enabled=not quiet)
    report = Reporter()
    try:
        result = api.inspect(exports, recover=recover, report=report, progress=progress.update)
    except MigrateError as exc:
        progress.done()
        fail(exc)
    progress.done()
    show_warnings(report, quiet)
    facts = result.stats.to_dict(result.site)
    if fmt == "json":
        click.echo(json.dumps(facts, ensure_ascii=False, indent=2))
    else:
        click.echo(render_info(", ".join(map(str, exports)), facts))


APPROVAL = {"1": "approved", "0": "pending"}


def render_info(name: str, facts: dict[str, Any]) -> str:
    site = facts["site"]
    lines = [
        name,
        f"  site        {site['title'] or '(untitled)'} <{site['base_site_url'] or site['link']}>",
        f"  WXR         {facts['wxr_version']}" + (f" ({site['generator']})"
                                                   if site["generator"] else ""),
        f"  authors     {facts['authors']}",
        "  terms       " + (", ".join(f"{k} {n}" for k, n in facts["terms"].items()) or "0"),
        f"  items       {facts['items']}",
    ]
    for kind, statuses in facts["items_by_type_and_status"].items():
        detail = ", ".join(f"{s} {n}" for s, n in statuses.items())
        lines.append(f"    {kind:<18} {sum(statuses.values()):>6}  ({detail})")
    approval = ", ".join(f"{APPROVAL.get(k, k or '(blank)')} {n}"
                         for k, n in facts["comments_by_approval"].items())
    lines.append(f"  comments    {facts['comments']}" + (f"  ({approval})" if approval else ""))
    pings = ", ".join(f"{k} {n}" for k, n in facts["pingbacks_by_type"].items())
    lines.append(f"  pingbacks   {facts['pingbacks']}" + (f"  ({pings})" if pings else ""))
    return "\n".join(lines)


@main.command(name="writers")
def list_writers() -> None:
    """List the available writers and the outputs that choose them."""
    for name, cls in writers.available().items():
        chooses = ", ".join(cls.extensions) + (" folder" if cls.directory else "")
        click.echo(f"{name:<10} {chooses:<22} {cls.description}")


@main.command()
@click.argument("writer", default="sqlite")
def schema(writer: str) -> None:
    """Print a writer's output schema (SQLite DDL, JSON Schema)."""
    try:
        text = writers.get(writer).schema()
    except MigrateError as exc:
        fail(exc)
    if text is None:
        fail(MigrateError(f"the {writer} writer has no schema to print"))
    click.echo(text.rstrip("\n"))


# Commands defined in their own modules: name -> (module, attribute), one line each.
LAZY_COMMANDS["batch"] = ("migrate.batch.command", "batch")
LAZY_COMMANDS["validate"] = ("migrate.validate.command", "validate_command")
