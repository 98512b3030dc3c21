"""All-or-nothing output: write beside the target, then move into place.

A writer writes into a staging path next to the final output (same folder, so the
final move is an atomic rename). Only a finished run is moved onto the target; a
failure or Ctrl-C removes the staging copy and leaves any earlier output untouched.
A folder output replaces a previous folder only if that folder was made by this
tool (it carries ``MARKER``), so ``-o ~/`` can never wipe a home directory.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import WriterError

MARKER = ".wxr-migrate"


class Staging:
    def __init__(self, target: Path, *, directory: bool) -> None:
        self.target = target
        self.directory = directory
        parent = target.parent
        self.path = parent / f".{target.name}.{os.getpid()}.partial"
        self._old = parent / f".{target.name}.{os.getpid()}.old"
        self._check_target()
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriterError(f"cannot create folder: {exc.strerror}", path=str(parent)) from None
        self.discard()
        if directory:
            self.path.mkdir()
            (self.path / MARKER).write_text("made by wxr-migrate\n", encoding="utf-8")

    def _check_target(self) -> None:
        t = self.target
        if self.directory:
            if t.exists() and not t.is_dir():
                raise WriterError("exists and is not a folder", path=str(t))
            if t.is_dir() and any(t.iterdir()) and not (t / MARKER).exists():
                raise WriterError(
                    "folder exists and was not made by wxr-migrate; "
                    "choose an empty or new folder",
                    path=str(t),
                )
        elif t.is_dir():
            raise WriterError("is a folder; give a file name for this format", path=str(t))

    def commit(self) -> None:
        """Move the finished output onto the target."""
        if not self.directory:
            _fsync(self.path)
            os.replace(self.path, self.target)
            return
        if self.target.exists():
            os.replace(self.target, self._old)
        os.replace(self.path, self.target)
        if self._old.exists():
            shutil.rmtree(self._old)

    def discard(self) -> None:
        """Remove the staging copy; if a commit was cut between its two renames,
        put the previous folder back."""
        if self.path.is_dir():
            shutil.rmtree(self.path)
        elif self.path.exists():
            self.path.unlink()
        if self._old.exists():
            if self.target.exists():
                shutil.rmtree(self._old)
            else:
                os.replace(self._old, self.target)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
