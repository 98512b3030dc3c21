"""Non-fatal findings: a stable code, a severity, a message and where it was found.

Fatal problems are exceptions (``errors.py``); everything a run can go on after is a
``Diagnostic`` collected by a ``Reporter``, which writers, the parser and ``validate``
share.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: str
    message: str
    line: int | None = None
    column: int | None = None
    post_id: int | None = None
    title: str | None = None
    path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def render(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line, self.column) if p is not None)
        item = f" (item {self.post_id}" + (f' "{self.title}"' if self.title else "") + ")"
        item = item if self.post_id is not None else ""
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity}[{self.code}]: {self.message}{item}"


class Reporter:
    """Collects diagnostics in the order they were found."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self._items: list[Diagnostic] = []

    def add(
        self,
        code: str,
        severity: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        post_id: int | None = None,
        title: str | None = None,
    ) -> None:
        assert severity in SEVERITIES, severity
        self._items.append(
            Diagnostic(code, severity, message, line, column, post_id, title, self.path)
        )

    def warn(self, code: str, message: str, **where: Any) -> None:
        self.add(code, "warning", message, **where)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
