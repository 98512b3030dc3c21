"""Posts parked on disk between the two passes of a two-pass writer.

A two-pass writer (Markdown) must see every item before it writes the first: items
point forward to later ones. Rather than parse the export twice, the one parse feeds
the writer's first pass and parks each post, pickled, in a temporary file beside the
output; the second pass streams them back, which costs a fraction of a parse. Memory
stays flat (the file holds the posts; the process, one at a time). The file has no
name once created, so it is gone when closed, or if the process dies.
"""

from __future__ import annotations

import pickle
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO

from .errors import WriterError
from .model import Post

PROTOCOL = pickle.HIGHEST_PROTOCOL
BUFFER = 1 << 20
_HEAD = struct.Struct("<QQ")  # a post's input position, its pickle's length


class Spool:
    """``add`` each post (with how far into the input it was read), then ``replay``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            self._file: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115 (closed by close)
                dir=folder, prefix=".wxr-migrate-", suffix=".spool", buffering=BUFFER)
        except OSError as exc:
            raise self._error(exc) from None
        self._count = 0

    def add(self, post: Post, position: int) -> None:
        try:
            data = pickle.dumps(post, PROTOCOL)
            self._file.write(_HEAD.pack(position, len(data)))
            self._file.write(data)
            self._count += 1
        except OSError as exc:
            raise self._error(exc) from None

    def replay(self) -> Iterator[tuple[int, Post]]:
        """The posts in the order they were added, each with its input position."""
        f = self._file
        try:
            f.flush()
            f.seek(0)
            read, loads, head, size = f.read, pickle.loads, _HEAD.unpack, _HEAD.size
            for _ in range(self._count):
                position, length = head(read(size))
                yield position, loads(read(length))
        except OSError as exc:
            raise self._error(exc) from None

    def close(self) -> None:
        self._file.close()

    def _error(self, exc: OSError) -> WriterError:
        return WriterError("cannot use a temporary file here for the posts between the "
                           f"passes: {exc.strerror or exc}", path=str(self.folder))

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
