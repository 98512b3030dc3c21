"""The first pass's attachments: id -> file URL, alt text and caption, in columns.

Galleries, ``wp-image-N`` classes and featured images name attachments by id, often
ones listed later in the export; the content engine reads this as a plain mapping.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping

from ...compact import IdRows, Strings, sort_order


class Attachments(Mapping[int, str]):
    """Attachment id -> file URL, and each one's alt text and caption, in columns."""

    def __init__(self) -> None:
        self._ids: array[int] | IdRows = array("q")
        self._url, self._alt, self._caption = Strings(), Strings(), Strings()
        self.meta = AttachmentMeta(self)

    def add(self, pid: int, url: str, alt: str, caption: str) -> None:
        assert isinstance(self._ids, array), "add before freeze"
        self._ids.append(pid)
        self._url.append(url)
        self._alt.append(alt)
        self._caption.append(caption)

    def freeze(self) -> None:
        """Sort by id; no more adds."""
        assert isinstance(self._ids, array)
        order = sort_order(self._ids)
        self._ids = IdRows(self._ids, order)
        if order is not None:
            self._url, self._alt, self._caption = (
                col.permuted(order) for col in (self._url, self._alt, self._caption))

    def _row(self, pid: object) -> int | None:
        ids = self._ids
        assert isinstance(ids, IdRows), "lookup before freeze"
        return ids.row(pid) if isinstance(pid, int) else None

    def get(self, pid: object, default: str | None = None) -> str | None:  # type: ignore[override]
        row = self._row(pid)
        return default if row is None else self._url[row]

    def __getitem__(self, pid: int) -> str:
        row = self._row(pid)
        if row is None:
            raise KeyError(pid)
        return self._url[row]

    def __contains__(self, pid: object) -> bool:
        return self._row(pid) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def alt_caption(self, pid: int) -> tuple[str, str] | None:
        row = self._row(pid)
        if row is None:
            return None
        found = self._alt[row], self._caption[row]
        return found if found[0] or found[1] else None


class AttachmentMeta(Mapping[int, tuple[str, str]]):
    """The attachments that have an alt text or a caption: id -> (alt, caption)."""

    def __init__(self, owner: Attachments) -> None:
        self._owner = owner

    def get(self, pid: object, default: tuple[str, str] | None = None  # type: ignore[override]
            ) -> tuple[str, str] | None:
        found = self._owner.alt_caption(pid) if isinstance(pid, int) else None
        return default if found is None else found

    def __getitem__(self, pid: int) -> tuple[str, str]:
        found = self._owner.alt_caption(pid)
        if found is None:
            raise KeyError(pid)
        return found

    def __iter__(self) -> Iterator[int]:
        return (pid for pid in self._owner if self._owner.alt_caption(pid))

    def __len__(self) -> int:
        return sum(1 for _ in self)
