"""Posts worked on in worker processes (``--jobs N``), results handed back in export order.

The work is a picklable callable sent to each worker once: usually a whole post's
writing (:class:`.post.FileJob`: convert, link, front matter, files), or only its
conversion (:class:`Renderer`) when the writer must keep the files to itself (media
copied or downloaded). What decides which posts are written, and every report and
count, stays in the writer, which receives the results in the order it gave the
posts, so the output is the same with any number of jobs. Posts travel in chunks
(one task per post would cost more than converting a short one); at most ``window``
posts are in flight, so memory stays bounded.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import tempfile
from array import array
from collections import deque
from collections.abc import Callable, Iterator
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


class Renderer:
    """The work of converting a post's HTML (the writer writes the files)."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def __call__(self, post: Post) -> Rendered:
        return render(post, self.ctx)


_work: Callable[[Post], Any] | None = None


class _StatePickler(pickle.Pickler):
    """Pickles machine arrays (the site index's columns) straight from their memory:
    ``array``'s own reduction first copies each to ``bytes``, and those copies of the
    whole index, however briefly held, leave the writer's memory that much bigger."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is array:
            return _array_from, (obj.typecode, pickle.PickleBuffer(obj))
        return NotImplemented


def _array_from(typecode: str, data: bytearray) -> array[Any]:
    out = array(typecode)
    out.frombytes(data)
    return out


def _start(state: str) -> None:
    """A worker's start: load the work from the file the pipeline wrote."""
    global _work
    with open(state, "rb") as f:
        _work = pickle.load(f)


def _work_all(posts: list[Post]) -> list[Any]:
    assert _work is not None, "worker not started"
    return [_work(post) for post in posts]


class _Chunk:
    """Posts sent to a worker together (one task per post costs more than a small
    post's conversion), and the future of their renderings."""

    __slots__ = ("future", "posts", "size")

    def __init__(self) -> None:
        self.posts: list[Post] = []
        self.size = 0
        self.future: Future[list[Any]] | None = None


class Pipeline:
    """Posts in, (post, tag, result) out in the same order; result ``None`` for posts
    not worked on. ``tag`` is the caller's, carried along."""

    #: A chunk is sent when it holds this many posts or this many characters of content.
    CHUNK_POSTS = 32
    CHUNK_CHARS = 256_000
    #: Posts held in order at most: this many chunks per job.
    WINDOW_CHUNKS = 3

    def __init__(self, jobs: int, work: Callable[[Post], Any],
                 window: int | None = None) -> None:
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        # The work (with the site's index) goes to the workers through a file: passed
        # as an argument, it would be pickled in memory once per worker.
        fd, self._state = tempfile.mkstemp(prefix="wxr-migrate-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as f:
                _StatePickler(f, pickle.HIGHEST_PROTOCOL).dump(work)
        except BaseException:
            os.unlink(self._state)
            raise
        self._pool = ProcessPoolExecutor(jobs, multiprocessing.get_context(method),
                                         initializer=_start, initargs=(self._state,))
        self._window = window or jobs * self.CHUNK_POSTS * self.WINDOW_CHUNKS
        self._open = _Chunk()
        self._queue: deque[tuple[Post, Any, _Chunk | None, int]] = deque()

    def put(self, post: Post, tag: Any, *, work: bool) -> Iterator[tuple[Post, Any, Any]]:
        """Queue a post; yield the posts whose turn has come."""
        if work:
            chunk = self._open
            self._queue.append((post, tag, chunk, len(chunk.posts)))
            chunk.posts.append(post)
            chunk.size += len(post.post_content)
            if len(chunk.posts) >= self.CHUNK_POSTS or chunk.size >= self.CHUNK_CHARS:
                self._send()
        else:
            self._queue.append((post, tag, None, 0))
        while len(self._queue) > self._window:
            yield self._next()

    def drain(self) -> Iterator[tuple[Post, Any, Any]]:
        while self._queue:
            yield self._next()

    def _send(self) -> None:
        chunk = self._open
        if chunk.posts:
            chunk.future = self._pool.submit(_work_all, chunk.posts)
            self._open = _Chunk()

    def _next(self) -> tuple[Post, Any, Any]:
        post, tag, chunk, index = self._queue.popleft()
        if chunk is None:
            return post, tag, None
        if chunk.future is None:
            self._send()
        assert chunk.future is not None
        return post, tag, chunk.future.result()[index]

    def close(self) -> None:
        futures = {id(c): c.future for _, _, c, _ in self._queue
                   if c is not None and c.future}
        for future in futures.values():
            future.cancel()
        self._queue.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)
        with contextlib.suppress(OSError):
            os.unlink(self._state)
