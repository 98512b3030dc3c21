"""The command line: exit codes, one-line errors, format choice by extension, info."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from migrate.cli import main

from .conftest import FIXTURES, SEED


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_convert_infers_the_format_from_the_extension(tmp_path: Path) -> None:
    code, _, err = run("convert", str(SEED), "-o", str(tmp_path / "seed.json"))
    assert code == 0, err
    assert json.loads((tmp_path / "seed.json").read_text(encoding="utf-8"))["format"]
    assert "1 items, 3 comments, 2 pingbacks" in err


def test_to_overrides_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "seed.txt"
    code, _, err = run("convert", str(SEED), "-o", str(out), "--to", "jsonl")
    assert code == 0, err
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["type"] == "site"


def test_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("convert", str(SEED), "-o", str(tmp_path / "seed.docx"))
    assert code == 2
    assert "no writer for '.docx'" in err and "Traceback" not in err


def test_unknown_writer_names_the_available_ones(tmp_path: Path) -> None:
    code, _, err = run("convert", str(SEED), "-o", str(tmp_path / "x.json"), "--to", "pdf")
    assert code == 2 and "available: " in err and "json" in err


def test_bad_input_is_one_line_with_location_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(SEED.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    out = tmp_path / "out.json"
    code, _, err = run("convert", str(bad), "-o", str(out))
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"wxr-migrate: {bad}:")
    assert "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    code, _, err = run("convert", str(tmp_path / "nope.xml"), "-o", str(tmp_path / "o.json"))
    assert code == 1 and "no such file" in err
    code, _, err = run("info", str(tmp_path))
    assert code == 1 and "is a directory" in err


def test_failed_convert_leaves_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "site.json"
    assert run("convert", str(SEED), "-o", str(out))[0] == 0
    before = out.read_bytes()
    bad = tmp_path / "bad.xml"
    bad.write_bytes(SEED.read_bytes()[:-200])
    assert run("convert", str(bad), "-o", str(out))[0] == 1
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xml", "site.json"]


def test_info_text_and_json() -> None:
    code, out, _ = run("info", str(FIXTURES / "wxr" / "kitchen-sink.xml"))
    assert code == 0
    assert "WXR         1.2" in out and "attachment" in out
    code, out, _ = run("info", "--format", "json", str(SEED))
    facts = json.loads(out)
    assert facts["items_by_type"] == {"post": 1}
    assert (facts["comments"], facts["pingbacks"]) == (3, 2)
    assert facts["site"]["title"] == "Deepening Your Love"


def test_writers_and_schema_commands() -> None:
    code, out, _ = run("writers")
    assert code == 0 and out.splitlines()[0].split()[0] in {"json", "jsonl", "markdown", "sqlite"}
    assert any(line.startswith("json ") for line in out.splitlines())
    code, out, _ = run("schema", "json")
    assert code == 0 and json.loads(out)["title"].startswith("wxr-migrate/1")


def test_usage_errors_exit_2() -> None:
    assert run("convert")[0] == 2
    assert run("frobnicate")[0] == 2


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "migrate", "convert", str(SEED), "-o", str(tmp_path / "s.jsonl")],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "s.jsonl").exists()
    help_text = subprocess.run([sys.executable, "-m", "migrate", "--help"],
                               capture_output=True, text=True, check=True).stdout
    assert help_text.startswith("Usage: wxr-migrate")


def test_no_command_declares_an_option_twice() -> None:
    """Writer options are added to convert and batch; none may clash with their own."""
    for command in ("convert", "batch", "info", "validate", "schema", "writers"):
        proc = subprocess.run(
            [sys.executable, "-W", "error", "-m", "migrate", command, "--help"],
            capture_output=True, text=True, check=False,
        )
        assert proc.returncode == 0, (command, proc.stderr)
        assert "Warning" not in proc.stderr
