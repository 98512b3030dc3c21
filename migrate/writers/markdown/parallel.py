"""Converting post bodies in worker processes (``--jobs N``), handed back in export order.

Only the pure, costly step runs in the workers: a post's HTML (body, excerpt, comment
texts) to Markdown. Everything that decides paths, writes files or counts stays in the
writer, which receives the posts in the order it gave them, so the output is the same
with any number of jobs. At most ``window`` posts are in flight, so memory stays
bounded.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from ...model import Post


@dataclass(frozen=True, slots=True)
class Rendered:
    """A post's HTML as Markdown: the converted body, the excerpt, each comment's text."""

    converted: Any  # migrate.content.Converted
    excerpt: str
    comments: dict[str, str]


def render(post: Post, ctx: Any, *, with_comments: bool = True) -> Rendered:
    """Convert a post's HTML; comment texts too unless ``with_comments`` is False (the
    writer then converts the comments it keeps as it writes them)."""
    from ... import content  # imported in the worker, on first use

    raw_excerpt = post.post_excerpt.strip()
    excerpt = content.to_markdown_inline(raw_excerpt).strip() if raw_excerpt else ""
    texts = {c.comment_content for c in (*post.comments, *post.pingbacks)} if with_comments \
        else set()
    return Rendered(content.convert(post.post_content, ctx), excerpt,
                    {text: content.to_markdown_inline(text) for text in sorted(texts)})


_context: Any = None


def _start(ctx: Any) -> None:
    global _context
    _context = ctx


def _render(post: Post) -> Rendered:
    return render(post, _context)


class Pipeline:
    """Posts in, (post, rendering) out in the same order; ``None`` for posts not rendered."""

    def __init__(self, jobs: int, ctx: Any, window: int | None = None) -> None:
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        self._pool = ProcessPoolExecutor(jobs, multiprocessing.get_context(method),
                                         initializer=_start, initargs=(ctx,))
        self._window = window or jobs * 16
        self._queue: deque[tuple[Post, Future[Rendered] | None]] = deque()

    def put(self, post: Post, *, render: bool) -> Iterator[tuple[Post, Rendered | None]]:
        """Queue a post; yield the posts whose turn has come."""
        self._queue.append((post, self._pool.submit(_render, post) if render else None))
        while len(self._queue) > self._window:
            yield self._next()

    def drain(self) -> Iterator[tuple[Post, Rendered | None]]:
        while self._queue:
            yield self._next()

    def _next(self) -> tuple[Post, Rendered | None]:
        post, future = self._queue.popleft()
        return post, None if future is None else future.result()

    def close(self) -> None:
        for _, future in self._queue:
            if future is not None:
                future.cancel()
        self._queue.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)
