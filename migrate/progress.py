"""A one-line progress display on stderr, shown only on a terminal and never with --quiet."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total_bytes: int, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.total = total_bytes
        self.started = time.monotonic()
        self._last = 0.0
        self._shown = False
        self._label = ""

    def stage(self, name: str) -> None:
        """A new pass over the input (two-pass writers): its name leads the line, and
        the count and rate start again."""
        self.done()
        self._label = f"{name} "
        self.started = time.monotonic()
        self._last = 0.0

    def update(self, items: int, done_bytes: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.2:
            return
        self._last = now
        elapsed = max(now - self.started, 1e-6)
        share = f"{100 * done_bytes / self.total:3.0f}% " if self.total else ""
        rate = done_bytes / elapsed / 1e6
        self.stream.write(f"\r{self._label}{share}{items:,} items  {rate:.1f} MB/s ")
        self.stream.flush()
        self._shown = True

    def done(self) -> None:
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
