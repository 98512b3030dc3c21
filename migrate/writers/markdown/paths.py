"""Slugs and output paths: safe, short, stable, and never two items on one path.

A slug comes from ``post_name`` (percent-decoded: WordPress stores non-Latin slugs
encoded), else the title, else the id, normalised by ``python-slugify``. Slugs hold
only letters, digits and hyphens, so no slug can climb out of the output folder;
Windows device names are avoided and length is capped. :class:`Claims` hands out
paths so that two items never share one (``hello``, ``hello-2``), comparing paths
the way a case-insensitive, normalising file system (macOS, Windows) would.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import unquote

from slugify import slugify

from ...compact import KeySet, digest64

#: Longest slug, in characters and in UTF-8 bytes. File systems allow 255 bytes per
#: name; this leaves room for a Jekyll date, a ``-NN`` suffix and ``.comments.yaml``.
MAX_SLUG = 100
MAX_SLUG_BYTES = 200
# Names Windows reserves whatever the extension (``nul.txt`` is ``nul``).
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$"]
    + [f"{dev}{n}" for dev in ("com", "lpt") for n in "0123456789¹²³"]
)
_TRASHED = re.compile(r"__trashed(?:-\d+)?$")


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug_text(text: str, *, unicode: bool = False) -> str:
    """``text`` as a slug: lower-case letters, digits and single hyphens (may be '')."""
    if len(text) <= MAX_SLUG and _SLUG.fullmatch(text):
        return text  # a slug already (most post_name values): slugify returns it as it is
    slug = slugify(text, allow_unicode=unicode)
    if unicode:
        slug = unicodedata.normalize("NFC", slug)
    return _truncate(slug, MAX_SLUG)


def _truncate(slug: str, limit: int) -> str:
    """At most ``limit`` characters and ``MAX_SLUG_BYTES`` bytes, cut between words
    when a hyphen is near enough, never leaving a hyphen at either end."""
    slug = slug.strip("-")
    n = min(len(slug), limit)
    while len(slug[:n].encode("utf-8")) > MAX_SLUG_BYTES:
        n -= 1
    if n == len(slug):
        return slug
    cut = slug[:n]
    hyphen = cut.rfind("-")
    if slug[n] != "-" and hyphen >= n // 2:
        cut = cut[:hyphen]
    return cut.strip("-")


def item_slug(post_name: str, title: str, post_id: int, *, unicode: bool = False) -> str:
    """The slug of an item: its ``post_name``, else its title, else its id."""
    name = _TRASHED.sub("", unquote(post_name.strip(), errors="replace"))
    for text in (name, title):
        slug = slug_text(text, unicode=unicode)
        if slug:
            return avoid_reserved(slug, post_id)
    return str(post_id)


def avoid_reserved(slug: str, post_id: int) -> str:
    """A Windows device name gets the item's id appended (``con`` -> ``con-4``)."""
    return f"{slug}-{post_id}" if slug.split(".", 1)[0].lower() in _RESERVED else slug


def path_key(path: str) -> str:
    """How a case-insensitive, Unicode-normalising file system sees ``path``."""
    return unicodedata.normalize("NFC", path).casefold()


def claim_key(path: str) -> int:
    """A stable 64-bit digest of ``path_key(path)`` (what :class:`Claims` keeps)."""
    return digest64(path_key(path))


class Claims:
    """The output paths handed out so far; the first claim on a path wins.

    Paths are kept as 64-bit digests in machine arrays (a million items' paths as
    strings would not fit the memory budget); two distinct paths sharing a digest
    is a one-in-10^11 event at that size and would only number a slug.
    """

    def __init__(self, expected: int = 0) -> None:
        self._taken = KeySet(expected)  # ``expected``: how many paths will be claimed

    def take(self, slug: str, paths_for: Callable[[str], Sequence[str]]) -> str:
        """The first of ``slug``, ``slug-2``, ``slug-3``... whose paths are all free.

        ``paths_for(slug)`` lists every path an item with that slug would occupy
        (its Markdown file or bundle, its comments file), relative to the output.
        """
        n = 1
        candidate = slug
        while True:
            keys = [claim_key(p) for p in paths_for(candidate)]
            if len(set(keys)) == len(keys) and not any(k in self._taken for k in keys):
                for key in keys:
                    self._taken.add(key)
                return candidate
            n += 1
            candidate = _numbered(slug, n)

    def reserve(self, path: str) -> None:
        """Keep ``path`` from ever being handed out (a folder a preset uses)."""
        self._taken.add(claim_key(path))


def _numbered(slug: str, n: int) -> str:
    """``slug-n``, trimmed so the suffix never pushes it past ``MAX_SLUG``."""
    suffix = f"-{n}"
    return _truncate(slug, MAX_SLUG - len(suffix)) + suffix


def _joined(root: Path, relative: str) -> Path:
    """``root / relative`` for a relative path of plain names (no ``..``, ``.``, ``\\``)."""
    if not relative or relative.startswith(("/", "\\")) or "\\" in relative:
        raise ValueError(f"unsafe output path {relative!r}")
    parts = relative.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"unsafe output path {relative!r}")
    return root.joinpath(*parts)


def inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would land outside ``root``.

    Slugs cannot produce such a path; this is the last line of defence.
    """
    target = _joined(root, relative)
    if not target.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"unsafe output path {relative!r}")
    return target


class Folder:
    """New files under one root: each path checked as :func:`inside` does, each
    folder made once (not once per file), and never through a link: a folder that
    exists already must be a real folder, checked level by level as it is first used."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._made = KeySet()  # digests of the folders made or checked (Hugo: one a post)

    def place(self, relative: str) -> Path:
        """The path for a new file ``relative`` to the root, its folder made."""
        target = _joined(self.root, relative)
        self._make(target.parent, relative)
        return target

    def _make(self, folder: Path, relative: str) -> None:
        if folder == self.root:
            return
        key = digest64(str(folder))
        if key in self._made:
            return
        self._make(folder.parent, relative)  # the levels above first, each checked
        try:
            os.mkdir(folder)
        except FileExistsError:
            if os.path.islink(folder) or not os.path.isdir(folder):
                raise ValueError(f"unsafe output path {relative!r}") from None
        self._made.add(key)
