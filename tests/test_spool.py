"""A two-pass writer parses the export once: the posts wait in a spool between passes,
and progress is shown for both passes."""

from __future__ import annotations

import errno
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrate import api
from migrate.cli import main
from migrate.errors import WriterError
from migrate.progress import Progress
from migrate.spool import Spool
from migrate.wxr import WxrReader, read_all

from .conftest import FIXTURES, SEED

KITCHEN = FIXTURES / "wxr" / "kitchen-sink.xml"


def test_posts_come_back_whole_in_order_with_their_positions(tmp_path: Path) -> None:
    _, posts = read_all(KITCHEN)
    with Spool(tmp_path) as spool:
        for n, post in enumerate(posts):
            spool.add(post, n * 1000)
        assert os.listdir(tmp_path) == []  # the file has no name: nothing to leave behind
        again = list(spool.replay())
    assert [p for _, p in again] == posts
    assert [position for position, _ in again] == [n * 1000 for n in range(len(posts))]
    assert os.listdir(tmp_path) == []


def test_markdown_reads_the_export_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real = WxrReader.__init__

    def counting(self: WxrReader, source: Any, **kw: Any) -> None:
        opened.append(str(source))
        real(self, source, **kw)

    monkeypatch.setattr(WxrReader, "__init__", counting)
    result = api.convert(KITCHEN, tmp_path / "site", writer="markdown")
    assert len(opened) == 1
    assert result.stats.items == len(read_all(KITCHEN)[1])
    assert sorted(os.listdir(tmp_path)) == ["site"]  # no spool, no staging left


def test_warnings_of_the_parse_are_reported_once(tmp_path: Path) -> None:
    export = tmp_path / "ctl.xml"
    export.write_bytes(SEED.read_bytes().replace(b"<title>", b"<title>\x01", 1))
    result = api.convert(export, tmp_path / "site", writer="markdown")
    codes = [d.code for d in result.report]
    assert codes == ["ILLEGAL_CONTROL_CHAR"]


def test_no_room_for_the_spool_is_a_clear_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: Any, **kw: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    with pytest.raises(WriterError, match="No space left on device"):
        api.convert(SEED, tmp_path / "site", writer="markdown")
    result = CliRunner().invoke(main, ["convert", str(SEED), "-o", str(tmp_path / "md") + "/"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if "temporary file" in line]
    assert len(lines) == 1 and str(tmp_path) in lines[0]
    assert sorted(os.listdir(tmp_path)) == []  # nothing half-written


def many_items(folder: Path, n: int) -> Path:
    """The seed export with its post repeated ``n`` times (new ids and slugs)."""
    text = SEED.read_text("utf-8")
    start, end = text.index("\t<item>"), text.index("</item>") + len("</item>\n")
    item = text[start:end]
    items = "".join(item.replace(">112</wp:post_id>", f">{1000 + i}</wp:post_id>")
                    .replace("[CDATA[your-loving", f"[CDATA[copy-{i}-your-loving")
                    for i in range(n))
    export = folder / "many.xml"
    export.write_text(text[:start] + items + text[end:], encoding="utf-8")
    return export


def test_both_passes_report_progress(tmp_path: Path) -> None:
    export = many_items(tmp_path, 150)
    events: list[tuple[Any, ...]] = []
    api.convert(export, tmp_path / "site", writer="markdown",
                progress=lambda items, done: events.append(("progress", items, done)),
                stage=lambda name: events.append(("stage", name)))
    assert [e[1] for e in events if e[0] == "stage"] == ["indexing", "writing"]
    cut = events.index(("stage", "writing"))
    size = export.stat().st_size
    for part in (events[1:cut], events[cut + 1:]):
        assert [items for _, items, _ in part] == [64, 128]
        positions = [done for _, _, done in part]
        assert positions == sorted(positions) and 0 < positions[-1] <= size


def test_the_progress_line_names_the_pass() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    progress = Progress(1000, enabled=True, stream=screen)
    progress.stage("indexing")
    progress.update(64, 500)
    progress.stage("writing")
    progress.update(64, 250)
    progress.done()
    shown = screen.getvalue()
    assert "\rindexing  50% 64 items" in shown
    assert "\r\033[K\rwriting  25% 64 items" in shown
    assert shown.endswith("\r\033[K")
