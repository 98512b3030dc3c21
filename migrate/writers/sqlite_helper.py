"""Runs the SQLite writer's ``Loader`` in a helper process, so that SQLite and the meta JSON
work run beside the parser. The writer pickles batches into the helper's stdin from a
sender thread (it never waits while the helper is busy) and reads one answer at the end.
The helper is a plain ``python -I -c`` child: ``multiprocessing`` would re-run a caller's
``__main__`` script.
"""

from __future__ import annotations

import contextlib
import pickle
import queue
import signal
import subprocess
import sys
import threading
import traceback
from pathlib import Path
from typing import IO, Any

from ..errors import MigrateError, WriterError
from .sqlite_load import Declarations, Loader, OpenArgs, PostRows, Summary, Warn

PROTOCOL = pickle.HIGHEST_PROTOCOL


class HelperGone(Exception):
    """The helper process ended without an answer (it could not start, or it died)."""


def spawn() -> subprocess.Popen[bytes] | None:
    """Start the helper, or None if no Python can be started here."""
    # -I: no current folder or PYTHON* variables on the path; then this very package first.
    root = str(Path(__file__).resolve().parents[2])
    code = f"import sys; sys.path.insert(0, {root!r}); from {__name__} import serve; serve()"
    if not sys.executable:
        return None
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-c", code],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    except OSError:
        return None


class RemoteLoader:
    """A ``Loader`` in the helper process, with the same four calls."""

    def __init__(self, child: subprocess.Popen[bytes], warn: Warn) -> None:
        assert child.stdin is not None and child.stdout is not None
        self._child, self._stdin, self._stdout = child, child.stdin, child.stdout
        self._warn = warn
        self._queue: queue.Queue[tuple[str, Any] | None] = queue.Queue(maxsize=1)
        self._broken = False
        self._sender = threading.Thread(target=self._send_all, daemon=True)

    def open(self, args: OpenArgs) -> None:
        """Raises ``HelperGone`` if the helper is not working (the caller then loads here)."""
        try:
            pickle.dump(("open", args), self._stdin, PROTOCOL)
            self._stdin.flush()
        except OSError:
            self.abort()
            raise HelperGone from None
        self._answer()
        self._sender.start()

    def insert(self, batch: list[PostRows]) -> None:
        if self._broken:  # the helper stopped: its answer says why
            self._answer()
        self._queue.put(("insert", batch))

    def close(self, decls: Declarations) -> Summary:
        self._queue.put(("close", decls))
        self._queue.put(None)
        self._sender.join()
        answer: tuple[Summary, list[tuple[str, str, dict[str, Any]]]] = self._answer()
        summary, warnings = answer
        for code, message, where in warnings:  # in the order the helper found them
            self._warn(code, message, **where)
        self._stop()
        return summary

    def abort(self) -> None:
        self._child.kill()
        if self._sender.is_alive():
            self._queue.put(None)  # its pending write fails at once: the helper is gone
            self._sender.join(timeout=5)
        self._stop()

    def _send_all(self) -> None:
        """The sender thread: pickle each message to the helper; after a failure, only
        drain the queue (the main thread learns of it from ``_broken``)."""
        while (message := self._queue.get()) is not None:
            if self._broken:
                continue
            try:
                pickle.dump(message, self._stdin, PROTOCOL)
                self._stdin.flush()
            except Exception:  # whatever it is, the main thread must not wait on the queue
                self._broken = True

    def _answer(self) -> Any:
        """The helper's answer: its payload, or its error raised here."""
        if self._broken:  # nothing more will be sent: a helper still reading must stop
            with contextlib.suppress(OSError):
                self._stdin.close()
        try:
            kind, *rest = pickle.load(self._stdout)
        except (OSError, EOFError, pickle.UnpicklingError):
            self._stop()
            raise HelperGone(f"exit code {self._child.returncode}") from None
        if kind == "ok":
            return rest[0]
        self._stop()
        if kind == "error":
            message, path, line = rest
            raise WriterError(message, path=path, line=line)
        raise RuntimeError(f"the SQLite helper process failed:\n{rest[0]}")

    def _stop(self) -> None:
        for stream in (self._stdin, self._stdout):
            with contextlib.suppress(OSError):
                stream.close()  # the helper exits at the end of its input
        try:
            self._child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait()


def serve() -> None:
    """The helper process: run a ``Loader`` on the messages read from stdin."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    warnings: list[tuple[str, str, dict[str, Any]]] = []
    loader = Loader(lambda code, message, **where: warnings.append((code, message, where)))
    try:
        _serve(loader, stdin, stdout, warnings)
    except MigrateError as exc:
        loader.abort()
        _reply(stdout, ("error", exc.message, exc.path, exc.line))
    except Exception:
        loader.abort()
        _reply(stdout, ("bug", traceback.format_exc()))


def _serve(loader: Loader, stdin: IO[bytes], stdout: IO[bytes], warnings: list[Any]) -> None:
    while True:
        try:
            kind, payload = pickle.load(stdin)
        except EOFError:  # the writer gave up: leave the staging file to be removed
            loader.abort()
            return
        if kind == "open":
            loader.open(payload)
            _reply(stdout, ("ok", None))
        elif kind == "insert":
            loader.insert(payload)
        else:
            _reply(stdout, ("ok", (loader.close(payload), warnings)))
            return


def _reply(stdout: IO[bytes], answer: tuple[Any, ...]) -> None:
    with contextlib.suppress(OSError):
        pickle.dump(answer, stdout, PROTOCOL)
        stdout.flush()
