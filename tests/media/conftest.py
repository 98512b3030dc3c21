"""A local HTTP server for the media tests (127.0.0.1 only), and the media export
rewritten to point at it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from migrate import api
from tests.conftest import FIXTURES

EXPORT = FIXTURES / "wxr" / "media.xml"
UPLOADS = FIXTURES / "uploads" / "wp-content" / "uploads"
SITE = "http://media.example.com"
PREFIX = "/wp-content/uploads/"


class Server(ThreadingHTTPServer):
    daemon_threads = True
    slow = True  # slow.jpg answers after 1.5 s (else: 404 at once)

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: list[str] = []
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.hits.append(self.path)
        path = urlsplit(self.path).path
        if path.endswith("/2023/07/moved.jpg"):
            self.send_response(302)
            self.send_header("Location", PREFIX + "2023/05/photo.jpg")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path.endswith("/nolength.jpg"):  # HTTP/1.0: the body ends at close
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 50)
        elif path.endswith("/error.jpg"):
            self._send(500, b"broken")
        elif path.endswith("/2023/07/slow.jpg") and self.server.slow:
            time.sleep(1.5)
            self._send(200, b"slow")
        else:
            self._file(path)

    def _file(self, path: str) -> None:
        relative = path.removeprefix(PREFIX)
        target = UPLOADS.joinpath(*relative.split("/"))
        inside = path.startswith(PREFIX) and ".." not in relative.split("/")
        if inside and target.is_file():
            self._send(200, target.read_bytes())
        else:
            self._send(404, b"not found")

    def _send(self, code: int, body: bytes) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (the slow path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


def export_for(server: Server, folder: Path) -> Path:
    """The media export with its site address replaced by the server's."""
    path = folder / "media.xml"
    text = EXPORT.read_text(encoding="utf-8").replace(SITE, server.base)
    path.write_text(text, encoding="utf-8")
    return path


def convert(export: Path, out: Path, **options: Any) -> api.Result:
    return api.convert(export, out, writer="markdown", options=options)
