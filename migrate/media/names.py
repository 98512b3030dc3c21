"""Safe local names for media files: sanitised, inside the output, never shared.

A name comes from the last segment of the URL's path, reduced to letters, digits,
``.``, ``-`` and ``_``; a name without an extension gets ``.bin``. The same URL
always gets the same path; a different URL wanting a taken name gets
``name-2.ext``, ``name-3.ext``... in the order asked, compared the way a
case-insensitive file system would.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata

from ..compact import FirstOwner, KeySet, Strings, digest64
from .resolve import decoded_path

MAX_NAME = 100
_UNSAFE = re.compile(r"[^\w.-]+")
# Names Windows reserves whatever the extension (``nul.txt`` is ``nul``).
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$"]
    + [f"{dev}{n}" for dev in ("com", "lpt") for n in "0123456789¹²³"]
)
_DATED = re.compile(r"/uploads/(?:sites/\d+/)?(\d{4})/(\d{2})/")


def safe_name(url: str) -> str:
    """The file name for ``url``: never empty, never hidden, never a path."""
    base = decoded_path(url).rstrip("/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = _UNSAFE.sub("-", base).strip(".-_") or "file"
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem:  # no extension: .bin, so no name can be a page's folder
        stem, ext = base, "bin"
    stem = stem.strip(".-_")[: MAX_NAME - len(ext) - 1] or "file"
    ext = ext.lower()[:10]
    if stem.lower() in _RESERVED:
        stem += "-file"  # Windows device names: con.jpg -> con-file.jpg
    return f"{stem}.{ext or 'bin'}"


def path_key(path: str) -> int:
    """How a case-insensitive, Unicode-normalising file system sees ``path``, as a
    stable 64-bit digest (what :class:`Names` keeps)."""
    return digest64(unicodedata.normalize("NFC", path).casefold())


def shared_folder(root: str, url: str) -> str:
    """``root/YYYY/MM`` from a ``/uploads/YYYY/MM/`` URL, else ``root/other``."""
    m = _DATED.search(decoded_path(url))
    return posixpath.join(root, m.group(1), m.group(2)) if m else posixpath.join(root, "other")


class Names:
    """Hands out output paths: one per (folder, URL), never one path to two URLs.

    Paths taken and the (folder, URL) pairs given are kept as 64-bit digests in
    machine arrays, the paths given in one string column: memory stays small
    however many media files an export has.
    """

    def __init__(self) -> None:
        self._given = FirstOwner()  # digest of (folder, URL) -> row in _paths
        self._paths = Strings()
        self._taken = KeySet()

    def reserve(self, path: str) -> None:
        """Keep ``path`` (a Markdown or comments file) from being handed out."""
        self._taken.add(path_key(path))

    def claim(self, folder: str, url: str) -> str:
        """The output path (relative, POSIX) for ``url``'s file in ``folder``."""
        key = digest64(f"{folder}\0{url}")
        row = self._given.get(key)
        if row is not None:
            return self._paths[row]
        name = safe_name(url)
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        n = 1
        path = posixpath.join(folder, name)
        while path_key(path) in self._taken:
            n += 1
            path = posixpath.join(folder, f"{stem}-{n}{dot}{ext}")
        self._taken.add(path_key(path))
        self._given.add(key, self._paths.append(path))
        return path
