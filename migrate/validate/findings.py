"""The findings of one ``validate`` run: diagnostics with exact counts per code.

Checks add findings by code; the severity comes from ``codes.CODES``. Counts are
always exact; the findings kept are capped per code (``KEEP``) so a pathological
export (a million bad dates) cannot exhaust memory. The report says when it capped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .codes import CODES

KEEP = 100_000


class Findings:
    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self.path: str | None = None  # the part being read, stamped on new findings
        self.counts: Counter[str] = Counter()
        self._items: list[Diagnostic] = []

    def add(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        post_id: int | None = None,
        title: str | None = None,
        path: str | None = None,
        severity: str | None = None,
    ) -> None:
        self.counts[code] += 1
        if self.counts[code] > self.keep:
            return
        self._items.append(Diagnostic(
            code, severity or CODES[code].severity, message, line, column, post_id,
            title or None, path if path is not None else self.path,
        ))

    def append(self, diagnostic: Diagnostic) -> None:
        """Take a diagnostic as it is (from the reader's reporter)."""
        self.counts[diagnostic.code] += 1
        if self.counts[diagnostic.code] <= self.keep:
            self._items.append(diagnostic)

    def remove(self, drop: set[int]) -> None:
        """Forget the findings at these positions (folded into another finding)."""
        for i in drop:
            self.counts[self._items[i].code] -= 1
        self._items = [d for i, d in enumerate(self._items) if i not in drop]
        self.counts = +self.counts

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def by_severity(self) -> Counter[str]:
        """Exact counts per severity (including findings beyond the cap)."""
        out: Counter[str] = Counter()
        severities = {d.code: d.severity for d in self._items}
        for code, n in self.counts.items():
            out[severities.get(code, CODES[code].severity)] += n
        return out

    def capped(self) -> dict[str, int]:
        """Codes whose findings were not all kept: code -> findings left out."""
        return {c: n - self.keep for c, n in self.counts.items() if n > self.keep}
