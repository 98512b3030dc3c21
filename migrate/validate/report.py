"""Rendering a ``validate`` outcome: a readable text report, or JSON with the same facts.

The text report groups findings by severity, then code, at most ``LIMIT`` per code
("... and 812 more INVALID_DATE"), and ends with the summary and the verdict, so the
last lines on a terminal say whether the export can be migrated. JSON lists every
finding kept (see ``findings.KEEP``), in file order.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..diagnostics import SEVERITIES, Diagnostic
from .codes import CODES
from .indexes import short
from .run import Outcome

LIMIT = 20
_HEADINGS = {"error": "errors", "warning": "warnings", "info": "info"}


def _count(n: int, severity: str) -> str:
    return f"{n} {severity if n == 1 or severity == 'info' else _HEADINGS[severity]}"


def to_json(outcome: Outcome, *, strict: bool = False) -> dict[str, Any]:
    order = {name: i for i, name in enumerate(outcome.parts)}
    findings = sorted(
        outcome.findings,
        key=lambda d: (order.get(d.path or "", -1), d.line or 0, d.column or 0, d.code),
    )
    export = outcome.stats.to_dict(outcome.site) if outcome.site is not None else None
    return {
        "inputs": outcome.inputs,
        "parts": outcome.parts,
        "recover": outcome.recover,
        "strict": strict,
        "export": export,
        "encodings": [e.to_dict() for e in outcome.encodings],
        "can_migrate": outcome.migratable(),
        "counts": {s: outcome.findings.by_severity()[s] for s in SEVERITIES},
        "checks": dict(sorted(outcome.findings.counts.items())),
        "findings": [d.to_dict() for d in findings],
        "findings_left_out": outcome.findings.capped(),
        "exit_code": outcome.exit_code(strict),
    }


def to_text(outcome: Outcome, *, strict: bool = False, quiet: bool = False) -> str:
    lines = [] if quiet else _findings(outcome)
    lines += _summary(outcome, strict)
    return "\n".join(lines)


def _findings(outcome: Outcome) -> list[str]:
    groups: dict[str, dict[str, list[Diagnostic]]] = defaultdict(lambda: defaultdict(list))
    for d in outcome.findings:
        groups[d.severity][d.code].append(d)
    single = len(outcome.parts) <= 1
    lines: list[str] = []
    for severity in SEVERITIES:
        codes = groups.get(severity)
        if not codes:
            continue
        total = sum(outcome.findings.counts[c] for c in codes)
        lines.append(f"{_HEADINGS[severity]} ({total})")
        for code in sorted(codes):
            found = codes[code]
            count = outcome.findings.counts[code]
            lines.append(f"  {code} ({count}): {CODES[code].summary}")
            lines += [f"    {_where(d, single)}  {_message(d)}" for d in found[:LIMIT]]
            if count > LIMIT:
                lines.append(f"    ... and {count - LIMIT} more {code}")
        lines.append("")
    return lines


def _where(d: Diagnostic, single: bool) -> str:
    parts: list[Any] = [] if single or d.path is None else [d.path]
    parts += [p for p in (d.line, d.column) if p is not None]
    return ":".join(map(str, parts)) or "-"


def _message(d: Diagnostic) -> str:
    text = " ".join(d.message.split())
    if d.post_id is not None:
        title = f' "{short(d.title, 60)}"' if d.title else ""
        text += f" (item {d.post_id}{title})"
    elif d.title:
        text += f' ("{short(d.title, 60)}")'
    return text


def _summary(outcome: Outcome, strict: bool) -> list[str]:
    name = ", ".join(outcome.inputs)
    lines = [f"{name}"]
    site = outcome.site
    if site is not None:
        title = site.title.strip() or "(untitled)"
        url = site.base_site_url or site.link
        lines.append(f"  site        {short(title, 60)}" + (f" <{url}>" if url else ""))
        lines.append(f"  WXR         {site.wxr_version or '(none)'}")
    for e in outcome.encodings if site is not None else ():
        label = "" if len(outcome.encodings) == 1 else f"  ({e.part})"
        declared = e.declared or "not declared"
        lines.append(f"  encoding    {declared}, bytes {e.detected}{label}")
    if site is not None:
        lines += _items(outcome)
    counts = outcome.findings.by_severity()
    per_code = ", ".join(f"{c} {n}" for c, n in sorted(outcome.findings.counts.items()))
    lines.append(f"  checks      {per_code or 'nothing to report'}")
    lines.append("  findings    " + ", ".join(_count(counts[s], s) for s in SEVERITIES)
                 + (" (--strict: warnings count)" if strict else ""))
    lines.append(f"  can be migrated: {verdict(outcome)}")
    return lines


def _items(outcome: Outcome) -> list[str]:
    facts = outcome.stats.to_dict(outcome.site) if outcome.site else {}
    lines = [f"  items       {facts['items']}"]
    for kind, statuses in facts["items_by_type_and_status"].items():
        detail = ", ".join(f"{s} {n}" for s, n in statuses.items())
        lines.append(f"    {kind:<18} {sum(statuses.values()):>6}  ({detail})")
    lines.append(f"  comments    {facts['comments']}, pingbacks {facts['pingbacks']}")
    return lines


def verdict(outcome: Outcome) -> str:
    """Whether (and how) the export can be migrated, in one line."""
    m = outcome.migratable()
    if outcome.fatal is not None:
        return f"no ({' '.join(outcome.fatal.message.split())})"
    n, dropped = m["items"], m["items_dropped"]
    keeps = f"keeps {n} item{'s' if n != 1 else ''}" + (f", drops {dropped}" if dropped else "")
    cut = "; the file is cut short, so items after the cut are missing" if m["truncated"] else ""
    if not m["convert"]:
        if outcome.recover:
            return f"yes, with --recover, which {keeps}{cut}"
        stop = m["stops_at"]
        at = ":".join(str(stop[k]) for k in ("line", "column") if k in stop)
        return f"no, convert stops at line {at}; convert --recover {keeps}{cut}"
    errors = outcome.findings.by_severity()["error"]
    if errors:
        return f"yes, but look at the {errors} error{'s' if errors != 1 else ''} above first"
    return "yes"
