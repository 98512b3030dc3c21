"""GFM pipe tables, assembled from the cells the converter marked up.

Cells arrive as text prefixed with :data:`CELL` (``<td>``) or :data:`HEAD`
(``<th>``), rows prefixed with :data:`ROW`, a caption wrapped in :data:`CAPTION`.
The first row is the header (GFM requires one) whether or not it used ``<th>``;
short rows are padded so no cell is dropped.
"""

from __future__ import annotations

import re

from .markup import BR

CELL = "\ue002"
HEAD = "\ue003"
ROW = "\ue004"
CAPTION = "\ue005"
_NEWLINE_RUN = re.compile(r"\s*\n\s*")
_CAPTION = re.compile(f"{CAPTION}(.*?){CAPTION}", re.DOTALL)
_CELL_START = re.compile(f"[{CELL}{HEAD}]")


def cell(text: str, *, header: bool, colspan: int = 1) -> str:
    """One cell: single line, ``|`` escaped, ``<br>`` kept as HTML."""
    text = text.strip(" \t\n\r\f\v\u00a0" + BR)
    if "\n" in text:
        text = _NEWLINE_RUN.sub(" ", text)
    text = text.replace(BR, "<br>").replace("|", "\\|")
    marker = HEAD if header else CELL
    return marker + text + CELL * (max(1, colspan) - 1)


def row(text: str) -> str:
    return ROW + text


def caption(text: str) -> str:
    return CAPTION + text.strip() + CAPTION


def table(text: str) -> str:
    """The Markdown for a whole table (caption paragraph first), or '' if it has no cells."""
    title = ""
    m = _CAPTION.search(text) if CAPTION in text else None
    if m is not None:
        title = m.group(1).strip()
        text = text[: m.start()] + text[m.end() :]
    rows = [_cells(r) for r in text.split(ROW)[1:]]
    rows = [r for r in rows if r]
    if not rows:
        return f"\n\n{title}\n\n" if title else ""
    width = max(len(r) for r in rows)
    lines = [_line(r, width) for r in rows]
    lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
    body = "\n".join(lines)
    return f"\n\n{title}\n\n{body}\n\n" if title else f"\n\n{body}\n\n"


def _cells(text: str) -> list[str]:
    parts = _CELL_START.split(text)
    return [p.strip() for p in parts[1:]]


def _line(cells: list[str], width: int) -> str:
    padded = cells + [""] * (width - len(cells))
    return "| " + " | ".join(padded) + " |"
