"""``--media download``: files over HTTP(S), a few at a time, each fetched once ever.

Standard library only: ``urllib.request`` in a ``ThreadPoolExecutor``. Redirects
are followed; 5xx answers, timeouts and dropped connections are retried with
exponential backoff; a per-host delay spaces requests to one server; a body past
the size cap is abandoned. Every answer that will not change on a re-run (the
file, or a 4xx) is kept in the cache directory under the URL's SHA-256: the body
plus a JSON sidecar (final URL, HTTP status, content type, or the failure), so a
second run makes no request at all.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import Settings
from .refs import host_of

CHUNK = 64 * 1024
USER_AGENT = "wxr-migrate (media download)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """The outcome for one URL: ``downloaded``, ``cached`` or ``failed``."""

    url: str
    status: str
    body: Path | None = None
    reason: str = ""
    final_url: str = ""
    content_type: str = ""

    @property
    def ok(self) -> bool:
        return self.body is not None


class _Retry(Exception):
    """A failure worth another try (5xx, timeout, dropped connection)."""


class Fetcher:
    """Downloads into ``cache``; thread-safe; counts the requests it makes."""

    def __init__(self, cache: Path, settings: Settings | None = None) -> None:
        self.cache = cache
        self.settings = settings or Settings()
        self.requests = 0
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        cache.mkdir(parents=True, exist_ok=True)

    def fetch_all(self, urls: Iterable[str]) -> dict[str, Fetched]:
        """Each URL's outcome; several at once (``jobs``), one request per URL at most."""
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return {}
        workers = max(1, min(self.settings.jobs, len(wanted)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return dict(zip(wanted, pool.map(self.fetch, wanted), strict=True))

    def fetch(self, url: str) -> Fetched:
        cached = self._cached(url)
        if cached is not None:
            return cached
        if not url.lower().startswith(("http://", "https://")):
            return Fetched(url, "failed", reason="not an http(s) URL")
        return self._download(url)

    # ----------------------------------------------------------------- cache

    def _key(self, url: str) -> Path:
        return self.cache / hashlib.sha256(url.encode("utf-8")).hexdigest()

    def _cached(self, url: str) -> Fetched | None:
        key = self._key(url)
        try:
            meta = json.loads(key.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict):
            return None
        if meta.get("error"):
            return Fetched(url, "failed", reason=str(meta["error"]) + " (cached)")
        if not key.is_file():
            return None
        return Fetched(url, "cached", key, final_url=str(meta.get("final_url", url)),
                       content_type=str(meta.get("content_type", "")))

    def _remember(self, url: str, meta: dict[str, object]) -> None:
        sidecar = self._key(url).with_suffix(".json")
        tmp = sidecar.with_suffix(f".json.{os.getpid()}.{threading.get_ident()}")
        tmp.write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
        os.replace(tmp, sidecar)

    # ----------------------------------------------------------------- network

    def _download(self, url: str) -> Fetched:
        attempts = self.settings.retries + 1
        reason = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(self.settings.backoff * 2 ** (attempt - 1))
            try:
                return self._once(url)
            except _Retry as exc:
                reason = str(exc)
        return Fetched(url, "failed", reason=reason)

    def _once(self, url: str) -> Fetched:
        self._wait_turn(host_of(url))
        with self._lock:
            self.requests += 1
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as resp:
                return self._save(url, resp)
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                raise _Retry(f"HTTP {exc.code}") from None
            self._remember(url, {"error": f"HTTP {exc.code}", "status": exc.code})
            return Fetched(url, "failed", reason=f"HTTP {exc.code}")
        except TimeoutError:
            raise _Retry("timed out") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise _Retry("timed out") from None
            raise _Retry(f"cannot connect: {exc.reason}") from None
        except (ConnectionError, OSError) as exc:
            raise _Retry(f"connection failed: {exc}") from None

    def _save(self, url: str, resp: http.client.HTTPResponse) -> Fetched:
        limit = self.settings.max_bytes
        length = resp.headers.get("Content-Length")
        if length is not None and length.isdigit() and int(length) > limit:
            return Fetched(url, "failed", reason=f"too large ({length} bytes)")
        key = self._key(url)
        tmp = key.with_suffix(f".part.{os.getpid()}.{threading.get_ident()}")
        try:
            size = _copy_capped(resp, tmp, limit)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        if size > limit:
            tmp.unlink()
            return Fetched(url, "failed", reason=f"too large (over {limit} bytes)")
        os.replace(tmp, key)
        final = resp.geturl()
        ctype = resp.headers.get("Content-Type", "")
        self._remember(url, {"final_url": final, "status": resp.status, "content_type": ctype})
        return Fetched(url, "downloaded", key, final_url=final, content_type=ctype)

    def _wait_turn(self, host: str) -> None:
        """Space requests to one host ``delay`` seconds apart."""
        if self.settings.delay <= 0:
            return
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._last.get(host, 0.0) + self.settings.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[host] = time.monotonic()


def _copy_capped(resp: http.client.HTTPResponse, target: Path, limit: int) -> int:
    """Copy the body to ``target``, stopping once past ``limit``; the bytes read."""
    read = resp.read
    size = 0
    with target.open("wb") as out:
        while chunk := read(CHUNK):
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    return size
