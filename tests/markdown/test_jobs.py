"""``--jobs N`` writes posts in worker processes; the output and the report must not change."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate import api

from ..conftest import FIXTURES, SEED
from .helpers import tree

CASES = [SEED, *(FIXTURES / "wxr" / name for name in (
    "kitchen-sink.xml", "internal-links.xml", "hostile-slugs.xml", "nested-pages.xml"))]


@pytest.mark.parametrize("export", CASES, ids=lambda p: p.stem)
def test_jobs_give_the_same_tree(export: Path, tmp_path: Path) -> None:
    options = {"preset": "hugo", "comments": "all"}
    single = api.convert(export, tmp_path / "one", writer="markdown", options=options)
    result = api.convert(export, tmp_path / "two", writer="markdown",
                         options={**options, "jobs": 2})
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert one == two
    assert any(name.endswith("index.md") for name in two)
    assert result.summary is not None and single.summary is not None
    assert result.summary.counts["posts"] + result.summary.counts["pages"] >= 1
    # The workers' warnings and counts come back in export order, as one job gives them.
    assert result.summary.counts == single.summary.counts
    assert result.summary.notes == single.summary.notes
    assert list(result.report) == list(single.report)


def test_workers_report_what_they_noticed(tmp_path: Path) -> None:
    export = FIXTURES / "wxr" / "media-refs.xml"  # a missing attachment and thumbnail
    single = api.convert(export, tmp_path / "one", writer="markdown")
    double = api.convert(export, tmp_path / "two", writer="markdown", options={"jobs": 2})
    codes = [d.code for d in double.report]
    assert "THUMBNAIL_MISSING" in codes or "ATTACHMENT_MISSING" in codes
    assert codes == [d.code for d in single.report]
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    from migrate.errors import WriterError

    with pytest.raises(WriterError):
        api.convert(SEED, tmp_path / "out", writer="markdown", options={"jobs": 0})
    assert not (tmp_path / "out").exists()


def test_small_chunks_and_window_keep_the_order(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from migrate.writers.markdown.parallel import Pipeline

    export = FIXTURES / "wxr" / "kitchen-sink.xml"
    options = {"preset": "plain", "comments": "all"}
    api.convert(export, tmp_path / "one", writer="markdown", options=options)
    monkeypatch.setattr(Pipeline, "CHUNK_POSTS", 2)  # several chunks, sent as they fill
    monkeypatch.setattr(Pipeline, "CHUNK_CHARS", 400)
    monkeypatch.setattr(Pipeline, "WINDOW_CHUNKS", 1)  # posts leave before the end
    api.convert(export, tmp_path / "two", writer="markdown", options={**options, "jobs": 2})
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_the_workers_state_file_is_removed(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    api.convert(SEED, tmp_path / "out", writer="markdown", options={"jobs": 2})
    assert list(scratch.iterdir()) == []
    from migrate.writers.markdown.run import MarkdownRun

    def broken(*args: object) -> None:
        raise RuntimeError("stopped mid-run")

    monkeypatch.setattr(MarkdownRun, "_take", broken)  # fails once a worker's post is back
    with pytest.raises(RuntimeError, match="stopped mid-run"):
        api.convert(SEED, tmp_path / "out2", writer="markdown", options={"jobs": 2})
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "out2").exists()


def test_the_work_pickles_arrays_from_their_memory() -> None:
    """The site index goes to the workers with its columns written from their own memory,
    not copied to ``bytes`` first (``array``'s reduction), and comes back the same."""
    import io
    import pickle
    from array import array

    from migrate.writers.markdown.parallel import _StatePickler

    arrays = [array("q", [-5, 2**62]), array("Q", [2**64 - 1]), array("B", b"\x00\xff"),
              array("i", [-1, 7]), array("Q")]
    out = io.BytesIO()
    _StatePickler(out, pickle.HIGHEST_PROTOCOL).dump({"columns": arrays})
    again = pickle.loads(out.getvalue())["columns"]
    assert again == arrays
    assert [a.typecode for a in again] == [a.typecode for a in arrays]
    assert b"_array_from" in out.getvalue() and b"_array_reconstructor" not in out.getvalue()
