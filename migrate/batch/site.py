"""The unit of work of a batch: migrate one site, never raise, return plain data.

``migrate_site`` is what every executor runs (our process pool, Dask, Ray, a queue
worker): top-level, picklable arguments, a picklable ``SiteResult``. A site's
``MigrateError`` or any unexpected exception becomes a failed result, so one broken
site can never take a batch down.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import api
from ..diagnostics import Reporter
from ..errors import MigrateError
from ..source import open_path
from .discover import site_key

#: Warnings kept per site (the report is for reading; counts by code are complete).
WARNINGS_KEPT = 20


@dataclass(slots=True)
class SiteResult:
    """What happened to one site: ``status`` is ok, failed, skipped or cancelled."""

    key: str
    inputs: list[str]
    output: str
    status: str
    writer: str | None = None
    base_url: str = ""
    sha256: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    warning_counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    duration: float = 0.0
    #: For an unexpected exception (a bug): the traceback, kept for the report only.
    traceback: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "skipped")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)  # not frozen: frozen slots dataclasses do not unpickle on 3.10
class SiteJob:
    """The arguments of one ``migrate_site`` call, as plain data."""

    key: str
    inputs: tuple[str, ...]
    output: str
    writer: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    recover: bool = False
    #: Known before running: the site cannot be converted (recorded as failed).
    error: str | None = None
    #: The base URL discovery read, reported for a site that fails before its header.
    base_url: str = ""


def run_job(job: SiteJob) -> SiteResult:
    """``migrate_site`` for a ``SiteJob``: hand this to ``Client.map`` or ``ray.remote``."""
    if job.error is not None:
        return SiteResult(job.key, list(job.inputs), job.output, "failed", writer=job.writer,
                          base_url=job.base_url, error=job.error)
    result = migrate_site(list(job.inputs), job.output, writer=job.writer,
                          options=job.options, site_key=job.key, recover=job.recover)
    result.base_url = result.base_url or job.base_url
    return result


def migrate_site(
    inputs: Sequence[str],
    output: str,
    *,
    writer: str | None = None,
    options: dict[str, Any] | None = None,
    site_key: str | None = None,
    recover: bool = False,
) -> SiteResult:
    """Convert one site (one export, or the parts of a split export) into ``output``.

    Never raises for a failing site: the error is in the result. ``site_key`` names
    the site in the result; without it, the key comes from the site's base URL.
    """
    started = time.monotonic()
    result = SiteResult(site_key or "", list(inputs), output, "failed", writer=writer)
    report = Reporter()
    folder = Path(output).parent
    made_folder = not folder.exists()
    try:
        _convert(result, report, options=options or {}, recover=recover)
    finally:  # also on Ctrl-C: a site that did not finish leaves nothing behind
        if made_folder and result.status == "failed":
            _remove_if_empty(folder)
    _keep_warnings(result, report)
    result.key = result.key or _default_key(result)
    result.duration = round(time.monotonic() - started, 3)
    return result


def _convert(result: SiteResult, report: Reporter, *, options: dict[str, Any],
             recover: bool) -> None:
    """Convert into ``result``: its status, counts and hashes, or its error."""
    try:
        result.sha256 = [sha256_of(Path(p)) for p in result.inputs]
        done = api.convert(result.inputs, result.output, writer=result.writer,
                           options=options, recover=recover, report=report)
    except MigrateError as exc:
        result.error = str(exc)
    except OSError as exc:
        result.error = f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
    except Exception as exc:  # a bug must fail this site only, and say so
        result.error = f"internal error ({type(exc).__name__}: {exc}); please report it"
        result.traceback = traceback.format_exc()
    else:
        result.status, result.writer = "ok", done.writer
        result.base_url = done.site.base_site_url
        result.counts = {"items": done.stats.items, "comments": done.stats.comments,
                         "pingbacks": done.stats.pingbacks, "authors": len(done.site.authors),
                         "terms": len(done.site.terms)}


def _keep_warnings(result: SiteResult, report: Reporter) -> None:
    found = [d for d in report if d.severity != "info"]
    result.warning_counts = dict(sorted(Counter(d.code for d in found).items()))
    result.warnings = [d.render() for d in found[:WARNINGS_KEPT]]


def _default_key(result: SiteResult) -> str:
    first = Path(result.inputs[0]).name if result.inputs else "site"
    return site_key(result.base_url, first)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open_path(path, str(path)) as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
