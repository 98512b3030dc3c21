"""What earlier batches in this output did, so ``--resume`` can skip unchanged sites.

A JSON Lines journal, one line appended per finished site (the last per key wins), so
an interrupted batch knows what it completed. A site is skipped when its last run
succeeded and its inputs' sha256, options and output are unchanged.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from ..errors import MigrateError
from .site import SiteJob, SiteResult, sha256_of

FORMAT = 1


def fingerprint(job: SiteJob) -> dict[str, Any]:
    """Everything besides the inputs that decides a site's output."""
    return {"output": job.output, "writer": job.writer, "options": job.options,
            "recover": job.recover}


class Journal:
    """The per-site state of one batch output (folder or database)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries = self._load()
        self._out: IO[str] | None = None

    def _load(self) -> dict[str, dict[str, Any]]:
        entries: dict[str, dict[str, Any]] = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return entries
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash: that site simply runs again
            if isinstance(entry, dict) and entry.get("format") == FORMAT and "key" in entry:
                entries[entry["key"]] = entry
        return entries

    def unchanged(self, job: SiteJob) -> SiteResult | None:
        """The last result of ``job`` if it succeeded and nothing about it changed."""
        entry = self.entries.get(job.key)
        if entry is None or entry.get("status") != "ok":
            return None
        if entry.get("fingerprint") != _plain(fingerprint(job)):
            return None
        output = Path(entry.get("output") or job.output)
        if list(entry.get("inputs", [])) != list(job.inputs) or not output.exists():
            return None
        try:
            current = [sha256_of(Path(p)) for p in job.inputs]
        except (MigrateError, OSError):  # unreadable now: run it, and it reports why
            return None
        if current != entry.get("sha256"):
            return None
        return SiteResult(job.key, list(job.inputs), str(output), "skipped", writer=job.writer,
                          base_url=entry.get("base_url", ""), sha256=current,
                          counts=entry.get("counts", {}))

    def record(self, job: SiteJob, result: SiteResult) -> None:
        """Append one finished site, at once: a batch killed right after still knows it."""
        entry = {"format": FORMAT, "key": result.key, "status": result.status,
                 "inputs": list(job.inputs), "sha256": result.sha256,
                 "fingerprint": fingerprint(job), "output": result.output,
                 "base_url": result.base_url,
                 "counts": result.counts}
        self.entries[result.key] = _plain(entry)
        if self._out is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._out = self.path.open("a", encoding="utf-8")
        self._out.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        self._out.flush()

    def close(self) -> None:
        """Close the journal, rewritten with one line per site (the latest), by key."""
        if self._out is not None:
            self._out.close()
            self._out = None
        if not self.entries:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for key in sorted(self.entries):
                out.write(json.dumps(self.entries[key], ensure_ascii=False, sort_keys=True) + "\n")
        os.replace(tmp, self.path)


def _plain(value: Any) -> Any:
    """``value`` as it reads back from JSON (tuples become lists), for comparing."""
    return json.loads(json.dumps(value, ensure_ascii=False))
