"""One ``validate`` run: read the export through, collect every finding, judge it.

The export is always read the way ``--recover`` reads it, so one run reports every
XML error, every item it damages and every other finding over the intact items, and
can say both whether ``convert`` succeeds and what ``convert --recover`` would keep.
The ``recover`` flag only chooses which of those two runs is being judged: with it,
XML errors that --recover reads past are warnings; lost items stay errors. An error
that ends the reading (not WXR, empty, unsafe ...) becomes an error finding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import as_paths
from ..diagnostics import Diagnostic, Reporter
from ..errors import MigrateError
from ..inputs import ExportReader, Part, expand_all
from ..model import Site
from ..stats import Stats
from ..xmlerrors import ENCODING_MESSAGES
from .checks import Checks
from .codes import LOSSES, XML_DAMAGE
from .encoding import Encoding, check_part
from .findings import Findings

ProgressFn = Callable[[int, int], None]


class PartReporter(Reporter):
    """A reporter that stamps each diagnostic with the part being read, and hands its
    diagnostics over as it goes (so they are not held twice)."""

    def __init__(self, where: Callable[[], str | None]) -> None:
        super().__init__()
        self._where = where

    def add(self, code: str, severity: str, message: str, **where: Any) -> None:
        self.path = self._where()
        super().add(code, severity, message, **where)

    def take(self) -> list[Diagnostic]:
        taken, self._items = self._items, []
        return taken


@dataclass(slots=True)
class Outcome:
    inputs: list[str]
    recover: bool
    findings: Findings = field(default_factory=Findings)
    stats: Stats = field(default_factory=Stats)
    parts: list[str] = field(default_factory=list)
    encodings: list[Encoding] = field(default_factory=list)
    site: Site | None = None
    fatal: Diagnostic | None = None

    @property
    def damaged(self) -> Diagnostic | None:
        """The first XML damage: where ``convert`` without --recover stops."""
        hits = [d for d in self.findings if d.code in XML_DAMAGE or d.code == "TRUNCATED"]
        order = {name: i for i, name in enumerate(self.parts)}
        return min(hits, key=lambda d: (order.get(d.path or "", 0), d.line or 0, d.column or 0),
                   default=None)

    def migratable(self) -> dict[str, Any]:
        damage = self.damaged
        dropped = self.findings.counts["ITEM_DROPPED"]
        out: dict[str, Any] = {
            "convert": self.fatal is None and damage is None,
            "convert_recover": self.fatal is None,
            "items": self.stats.items,
            "items_dropped": dropped,
            "truncated": self.findings.counts["TRUNCATED"] > 0,
        }
        if self.fatal is not None:
            out["reason"] = self.fatal.message
        elif damage is not None:
            out["stops_at"] = {k: v for k, v in (("path", damage.path), ("line", damage.line),
                                                 ("column", damage.column)) if v is not None}
        return out

    def exit_code(self, strict: bool = False) -> int:
        counts = self.findings.by_severity()
        failed = self.fatal is not None or counts["error"] > 0
        return 1 if failed or (strict and counts["warning"] > 0) else 0


def validate(
    inputs: Sequence[Path | str] | Path | str,
    *,
    recover: bool = False,
    progress: ProgressFn | None = None,
) -> Outcome:
    paths = as_paths(inputs)
    outcome = Outcome([str(p) for p in paths], recover)
    try:
        parts = expand_all(paths)
    except MigrateError as exc:
        _fail(outcome, exc)
        return outcome
    outcome.parts = [p.name for p in parts]
    for part in parts:
        fact = check_part(part, outcome.findings)
        if fact is not None:
            outcome.encodings.append(fact)
    _read(outcome, parts, progress)
    _fold_truncation(outcome.findings)
    return outcome


def _read(outcome: Outcome, parts: list[Part], progress: ProgressFn | None) -> None:
    reader: ExportReader | None = None

    def current() -> str | None:
        part = reader.current_part if reader is not None else None
        return part.name if part is not None else None

    report = PartReporter(current)
    reader = ExportReader(parts, report=report, recover=True)
    findings, stats = outcome.findings, outcome.stats
    checks = Checks(findings)
    try:
        for post in reader:
            findings.path = current()
            _drain(report, outcome)
            checks.item(post)
            stats.add(post)
            if progress is not None and stats.items % 64 == 0:
                progress(stats.items, reader.bytes_read)
    except MigrateError as exc:
        _drain(report, outcome)
        _fail(outcome, exc)
    _drain(report, outcome)
    if reader.has_site:
        outcome.site = reader.site
        if outcome.fatal is None:
            findings.path = parts[0].name if len(parts) == 1 else None
            checks.finish(reader.site)


def _drain(report: PartReporter, outcome: Outcome) -> None:
    """Move the reader's diagnostics into the findings, in the words of validate."""
    for d in report.take():
        code, severity = d.code, d.severity
        message = d.message
        if code == "XML_SYNTAX" and any(m in message for m in ENCODING_MESSAGES):
            code = "INVALID_ENCODING"
            message += _encoding_hint(outcome, d.path, message)
        if code in XML_DAMAGE:
            severity = "warning" if outcome.recover else "error"
        elif code in LOSSES:
            severity = "error"
        outcome.findings.add(code, message, line=d.line, column=d.column, post_id=d.post_id,
                             title=d.title, path=d.path, severity=severity)


def _encoding_hint(outcome: Outcome, path: str | None, message: str) -> str:
    """For bytes that are not UTF-8 in a file that must be UTF-8: what they likely are."""
    declared = next((e.declared for e in outcome.encodings if e.part == path), None)
    if declared is not None and declared.lower().replace("-", "") != "utf8":
        return ""
    if "Invalid bytes" not in message and "not proper UTF-8" not in message:
        return ""
    how = "declares UTF-8" if declared else "declares no encoding, so it must be UTF-8"
    return (f" (the file {how}, but these bytes are not UTF-8: it is probably Latin-1 or "
            "Windows-1252 text; declare that encoding, or re-save the file as UTF-8)")


def _fold_truncation(findings: Findings) -> None:
    """XML errors at the very point a file is cut short are the cut, said again."""
    cuts = {(d.path, d.line, d.column) for d in findings if d.code == "TRUNCATED"}
    if not cuts:
        return
    drop = {i for i, d in enumerate(findings)
            if d.code == "XML_SYNTAX" and (d.path, d.line, d.column) in cuts}
    findings.remove(drop)


def _fail(outcome: Outcome, exc: MigrateError) -> None:
    fatal = Diagnostic(fatal_code(exc), "error", exc.message, exc.line, exc.column, path=exc.path)
    same = (fatal.code, fatal.message, fatal.line, fatal.column, fatal.path)
    if not any((d.code, d.message, d.line, d.column, d.path) == same for d in outcome.findings):
        outcome.findings.append(fatal)  # recover mode may have reported it already
    outcome.fatal = fatal


def fatal_code(exc: MigrateError) -> str:
    """The finding code for an error that ended the reading."""
    return exc.code
