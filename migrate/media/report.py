"""``media-report.json``: one entry per media reference, written as posts stream.

Each entry: ``post_id``, ``url`` (as written in the post), ``resolved`` (the
original fetched or copied; the URL itself when no other), ``local`` (output path,
or null), ``status`` (copied, downloaded, cached, missing, failed, linked) and
``reason`` (why missing, failed or only linked; '' otherwise).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from typing import IO

STATUSES = ("copied", "downloaded", "cached", "linked", "missing", "failed")
FAILURES = ("missing", "failed")


@dataclass(frozen=True, slots=True)
class Entry:
    post_id: int
    url: str
    resolved: str
    local: str | None
    status: str
    reason: str = ""


class Report:
    """Streams entries into an open file as a JSON array; counts statuses."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.counts: Counter[str] = Counter()
        self.failures: list[Entry] = []
        out.write("[")

    def add(self, entry: Entry) -> None:
        lead = ",\n  " if sum(self.counts.values()) else "\n  "
        self.out.write(lead + json.dumps(asdict(entry), ensure_ascii=False))
        self.counts[entry.status] += 1
        if entry.status in FAILURES and len(self.failures) < 5:
            self.failures.append(entry)

    @property
    def failed(self) -> int:
        return sum(self.counts[s] for s in FAILURES)

    def close(self) -> None:
        self.out.write("\n]\n" if self.counts else "]\n")
        self.out.close()
