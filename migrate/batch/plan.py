"""What a batch will do: where each site goes, with which writer and options.

``-o OUTDIR`` gives every site ``OUTDIR/<site-key>/<writer's default name>``; ``-o all.db``
(a multi-site writer's file) puts every site into that one file. A manifest entry's
writer and options override the command line's for that site.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import writers
from ..errors import UnknownWriterError, WriterError
from . import merge
from .discover import SiteSpec, assign_keys, discover
from .manifest import ManifestError, UsageError, load_manifest
from .site import SiteJob

REPORT_NAME = "batch-report.json"
STATE_NAME = ".batch-state.jsonl"


@dataclass(frozen=True, slots=True)
class Target:
    """Where a batch writes: a folder of sites, or one file holding every site."""

    output: Path
    writer: type[writers.Writer]
    single: bool

    @property
    def report_path(self) -> Path:
        if self.single:
            return self.output.with_name(f"{self.output.stem}.{REPORT_NAME}")
        return self.output / REPORT_NAME

    @property
    def state_path(self) -> Path:
        if self.single:
            return self.output.with_name(f".{self.output.name}{STATE_NAME}")
        return self.output / STATE_NAME

    def prepare(self) -> None:
        """Create the output folder, failing early (one line) if it cannot be."""
        folder = self.output.parent if self.single else self.output
        if folder.exists() and not folder.is_dir():
            raise WriterError("exists and is not a folder", path=str(folder))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriterError(f"cannot create folder: {exc.strerror or exc}",
                              path=str(folder)) from None
        if self.single:
            merge.prepare(self.output)

    def output_for(self, key: str, cls: type[writers.Writer]) -> Path:
        """A site's output; for a single file, the site's own database to merge from."""
        if self.single:
            return merge.work_folder(self.output) / f"{key}{self.output.suffix}"
        return self.output / key / cls.default_name


def multi_site(cls: type[writers.Writer]) -> bool:
    """Whether one output of this writer can hold every site: a SQLite database, which
    ``merge`` knows how to add a site's database to."""
    return cls.name == "sqlite"


def target(output: Path, writer: str | None) -> Target:
    """The batch's target for ``-o OUTPUT [--to NAME]``."""
    claimed = _file_writer(output)
    if claimed is not None:
        if not multi_site(claimed):
            raise UsageError(
                f"{output}: batch writes a folder per site (or one database holding every "
                f"site); the {claimed.name} writer's {output.suffix} file holds one site"
            )
        if writer and writers.get(writer) is not claimed:
            raise UsageError(f"{output}: a {output.suffix} output is written by the "
                             f"{claimed.name} writer, not {writer}")
        return Target(output, claimed, True)
    if writer:
        return Target(output, writers.get(writer), False)
    folder = next((c for c in writers.available().values() if c.directory), None)
    if folder is None:
        raise UnknownWriterError(
            f"no folder writer is installed to be the default; choose one with --to "
            f"({', '.join(writers.available())})"
        )
    return Target(output, folder, False)


def _file_writer(output: Path) -> type[writers.Writer] | None:
    if output.is_dir() or not output.suffix:
        return None
    suffix = output.suffix.lower()
    return next((c for c in writers.available().values() if suffix in c.extensions), None)


def find_sites(inputs: Sequence[str | Path], manifest: Path | None) -> list[SiteSpec]:
    """The sites of a manifest and of INPUTs, with unique keys, sorted by key."""
    specs = load_manifest(manifest) if manifest is not None else []
    if inputs:
        specs += discover(inputs)
    return assign_keys(specs)


def jobs(
    sites: Iterable[SiteSpec], where: Target, options: Mapping[str, Any], recover: bool
) -> list[SiteJob]:
    """One job per site: the command line's settings, overridden by the site's own."""
    return [_job(site, where, options, recover) for site in sites]


def _job(site: SiteSpec, where: Target, options: Mapping[str, Any], recover: bool) -> SiteJob:
    cls = where.writer if site.writer is None else writers.get(site.writer)
    if where.single and cls is not where.writer:
        raise ManifestError(f"site {site.key}: every site goes into {where.output} "
                            f"({where.writer.name}); it cannot use the {cls.name} writer")
    own = {o.name: o for o in cls.options}
    merged = {k: v for k, v in options.items() if k in own}
    for given, value in site.options.items():
        name = given.replace("-", "_")
        if name not in own:
            known = ", ".join(sorted(own)) or "none"
            raise ManifestError(f"site {site.key}: {given!r} is not an option of the "
                                f"{cls.name} writer (its options: {known})")
        choices = own[name].choices
        values = value if isinstance(value, list) else [value]
        if choices and any(v not in choices for v in values):
            raise ManifestError(f"site {site.key}: {given} must be one of {', '.join(choices)}")
        merged[name] = value
    return SiteJob(
        key=site.key,
        inputs=site.inputs,
        output=str(where.output_for(site.key, cls)),
        writer=cls.name,
        options=dict(sorted(merged.items())),
        recover=recover if site.recover is None else site.recover,
        error=site.error,
        base_url=site.base_url,
    )
