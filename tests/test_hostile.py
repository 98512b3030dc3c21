"""Hostile and broken input, end to end through the CLI, for ``convert`` and ``validate``.

Entity attacks are refused fast and flat and leak nothing; encodings, control
characters, cut files, zips and unusable paths end in a clean result or one line
naming the file (and line); a failed or interrupted ``convert`` leaves no partial
output and an earlier output untouched.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import migrate.wxr
from migrate import api
from migrate.cli import main
from migrate.errors import UnsafeXmlError
from migrate.writers.json import JsonWriter
from migrate.wxr import WxrReader

from .conftest import FIXTURES, ROOT

BAD = FIXTURES / "bad"
CLEAN = BAD / "clean.xml"
PASSWD = Path("/etc/passwd")


def cli(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr + result.stdout
    return result


def one_line_error(result: Result, path: Path | str) -> str:
    """The single ``wxr-migrate:`` line a failed command ends with, naming ``path``."""
    assert result.exit_code == 1
    last = result.stderr.rstrip("\n").splitlines()[-1]
    assert last.startswith(f"wxr-migrate: {path}"), result.stderr
    return last


def convert(src: Path | str, out: Path, *more: str) -> Result:
    return cli("convert", src, "-o", out, *more)


def posts_in(out: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(out.read_text("utf-8"))
    posts: list[dict[str, Any]] = data["posts"]
    return posts


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def secret_lines() -> list[str]:
    """Lines of /etc/passwd that must never reach any output."""
    if not PASSWD.exists():
        return ["root:x:0:0:"]
    return [line for line in PASSWD.read_text("utf-8", "replace").splitlines() if len(line) > 8]


def assert_nothing_leaked(*texts: str) -> None:
    for secret in secret_lines():
        for text in texts:
            assert secret not in text


# --------------------------------------------------------------------------- entities, DTDs


@pytest.mark.parametrize("name", ["billion-laughs", "external-entity"])
def test_entity_attacks_are_refused_in_under_a_second(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    started = time.monotonic()
    result = convert(BAD / f"{name}.xml", out)
    checked = cli("validate", "--format", "json", BAD / f"{name}.xml")
    assert time.monotonic() - started < 1.0
    assert "refused: the export declares a DOCTYPE" in one_line_error(result, BAD / f"{name}.xml")
    assert not out.exists() and files_in(tmp_path) == set()
    assert [f["code"] for f in json.loads(checked.stdout)["findings"]] == ["UNSAFE_DTD"]
    assert_nothing_leaked(result.stdout, result.stderr, checked.stdout, checked.stderr)


def peak_rss_kib(*args: str | Path) -> int:
    """Peak RSS of ``python -m migrate ARGS`` run in a child of its own."""
    wrapper = ("import resource, subprocess, sys\n"
               "subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, "
               "stderr=subprocess.DEVNULL)\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    done = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "migrate",
                           *map(str, args)], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    return int(done.stdout.strip())


def laughs_behind(prolog: int, items: bool) -> str:
    """The billion-laughs fixture with a comment of ``prolog`` bytes before its DOCTYPE."""
    text = (BAD / "billion-laughs.xml").read_text("utf-8")
    text = text.replace("<!DOCTYPE", "<!--" + "x" * prolog + "-->\n<!DOCTYPE", 1)
    if not items:
        text = text[: text.index("\t<item>")] + "</channel>\n</rss>\n"
        text = text.replace("<title>Field Notes</title>", "<title>&lol9;</title>")
    return text


def test_refusing_entity_bombs_does_not_grow_memory(tmp_path: Path) -> None:
    far = tmp_path / "far.xml"  # the DOCTYPE is past the sniffer's reach: the reader refuses it
    far.write_text(laughs_behind(1_200_000, items=True), encoding="utf-8")
    clean = peak_rss_kib("validate", CLEAN)
    for path in (BAD / "billion-laughs.xml", far):
        for command in (("validate",), ("convert", "-o", str(tmp_path / "o.json"))):
            grown = peak_rss_kib(command[0], path, *command[1:]) - clean
            assert grown < 16 * 1024, (path.name, command, grown)
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize("prolog", [70_000, 1_200_000], ids=["past-64KiB", "past-1MiB"])
@pytest.mark.parametrize("items", [True, False], ids=["items", "no-items"])
def test_doctype_after_a_long_prolog_is_refused(prolog: int, items: bool, tmp_path: Path) -> None:
    for attack in ("laughs", "passwd"):
        path = tmp_path / f"{attack}.xml"
        text = laughs_behind(prolog, items)
        if attack == "passwd":
            text = text.replace('<!ENTITY lol9', f'<!ENTITY secret SYSTEM "file://{PASSWD}">\n'
                                '\t<!ENTITY lol9').replace("&lol9;", "&secret;")
        path.write_text(text, encoding="utf-8")
        out = tmp_path / "out.json"
        started = time.monotonic()
        result = convert(path, out)
        checked = cli("validate", "--format", "json", path)
        assert time.monotonic() - started < 1.0
        assert "refused: the export declares a DOCTYPE" in one_line_error(result, path)
        codes = [f["code"] for f in json.loads(checked.stdout)["findings"]]
        assert codes == ["UNSAFE_DTD"]
        assert not out.exists()
        assert_nothing_leaked(result.stdout, result.stderr, checked.stdout)


@pytest.mark.parametrize("items", [True, False], ids=["items", "no-items"])
def test_reader_refuses_a_dtd_the_sniffer_missed(items: bool, monkeypatch: Any,
                                                 tmp_path: Path) -> None:
    """The second line of defence: the parsed tree's DOCTYPE, with or without items."""
    monkeypatch.setattr(migrate.wxr, "sniff", lambda stream, name: None)
    path = tmp_path / "x.xml"
    path.write_text(laughs_behind(10, items), encoding="utf-8")
    with pytest.raises(UnsafeXmlError):
        list(WxrReader(path))
    with pytest.raises(UnsafeXmlError):
        list(WxrReader(path, recover=True))


# --------------------------------------------------------------------------- encodings


def test_utf16_export_converts(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert convert(BAD / "utf16.xml", out).exit_code == 0
    assert [p["post_title"] for p in posts_in(out)] == [
        "Low tide at the point", "rocks", "About these notes", "Curlews"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-8-sig"])
def test_other_unicode_forms_convert(codec: str, tmp_path: Path) -> None:
    """UTF-16 without a byte-order mark (told by its zero bytes), and UTF-8 with one."""
    src, out = tmp_path / "x.xml", tmp_path / "out.json"
    text = CLEAN.read_text("utf-8")
    if codec.startswith("utf-16"):
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    src.write_bytes(text.encode(codec))
    assert convert(src, out).exit_code == 0
    assert len(posts_in(out)) == 4
    checked = cli("validate", "--format", "json", src)
    assert checked.exit_code == 0 and json.loads(checked.stdout)["findings"] == []


def test_latin1_declared_converts_to_the_right_text(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert convert(BAD / "latin1-declared.xml", out).exit_code == 0
    assert posts_in(out)[2]["post_title"] == "À propos des notes, détails"


def test_latin1_bytes_in_a_utf8_file_name_the_line(tmp_path: Path) -> None:
    src, out = BAD / "latin1-in-utf8.xml", tmp_path / "out.json"
    line = one_line_error(convert(src, out), src)
    assert line.startswith(f"wxr-migrate: {src}:86:")
    assert "Invalid bytes in character encoding" in line and "--recover" in line
    assert not out.exists()
    result = convert(src, out, "--recover")
    assert result.exit_code == 0
    assert [p["post_id"] for p in posts_in(out)] == [10, 30, 11]
    assert "ITEM_DROPPED" in result.stderr and "(item 20" in result.stderr


def test_control_characters_are_dropped_with_a_warning_and_every_post_kept(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.json"
    result = convert(BAD / "control-chars.xml", out)
    assert result.exit_code == 0
    assert "102:43: warning[ILLEGAL_CONTROL_CHAR]: dropped control character U+000B" in (
        result.stderr)
    assert "102:61: warning[ILLEGAL_CONTROL_CHAR]: dropped control character U+0001" in (
        result.stderr)
    posts = posts_in(out)
    assert len(posts) == 4
    assert posts[3]["post_content"] == "<p>Two curlews on the mud, then none.</p>"


# --------------------------------------------------------------------------- cut and damaged


def test_truncated_export_names_the_line_and_recover_salvages(tmp_path: Path) -> None:
    src, out = BAD / "truncated.xml", tmp_path / "out.json"
    result = convert(src, out)
    line = one_line_error(result, src)
    assert line.startswith(f"wxr-migrate: {src}:106:")
    assert "the file ends at line 106, cut short before </rss>" in line
    assert result.stderr.count("\n") == 1
    assert not out.exists()
    result = convert(src, out, "--recover")
    assert result.exit_code == 0
    assert [p["post_id"] for p in posts_in(out)] == [10, 30, 20]
    assert "item dropped: damaged by the XML error at line 106" in result.stderr
    assert "3 items" in result.stderr


def test_a_cut_after_the_last_item_keeps_that_item(tmp_path: Path) -> None:
    text = CLEAN.read_text("utf-8")
    src, out = tmp_path / "cut.xml", tmp_path / "out.json"
    src.write_text(text[: text.index("</channel>") + 5], encoding="utf-8")
    result = convert(src, out, "--recover")
    assert result.exit_code == 0 and len(posts_in(out)) == 4
    assert "ITEM_DROPPED" not in result.stderr and "TRUNCATED" in result.stderr


def test_truncated_gzip_is_salvaged_like_a_truncated_file(tmp_path: Path) -> None:
    data = gzip.compress(CLEAN.read_bytes())
    cut = data[: len(data) * 9 // 10]
    complete = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(cut).count(b"</item>")
    assert 1 <= complete < 4
    src, out = tmp_path / "cut.xml.gz", tmp_path / "out.json"
    src.write_bytes(cut)
    assert one_line_error(convert(src, out), src)
    result = convert(src, out, "--recover")
    assert result.exit_code == 0
    assert len(posts_in(out)) == complete
    assert "TRUNCATED" in result.stderr


# --------------------------------------------------------------------------- zips and paths


def zip_of(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_with_two_parts_converts_as_one_site(tmp_path: Path) -> None:
    text = CLEAN.read_text("utf-8")
    head = text[: text.index("\t<item>")]
    cut = text.index("\t<item>\n\t\t<title><![CDATA[About")
    first = text[:cut] + "</channel>\n</rss>\n"
    second = head + text[cut:]
    src = zip_of(tmp_path / "site.zip", {"site.000.xml": first.encode(),
                                         "site.001.xml": second.encode(),
                                         "__MACOSX/._site.000.xml": b"\x00\x05"})
    out = tmp_path / "out.json"
    result = convert(src, out)
    assert result.exit_code == 0, result.stderr
    assert [p["post_id"] for p in posts_in(out)] == [10, 30, 20, 11]
    checked = cli("validate", src)
    assert checked.exit_code == 0 and "can be migrated: yes" in checked.stdout


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({}, "zip archive holds no .xml export"),
        ({"readme.txt": b"hello"}, "zip archive holds no .xml export"),
        ({"site.xml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, "not an XML file (binary data)"),
        ({"site.xml": b""}, "empty file"),
    ],
    ids=["empty", "no-xml", "binary-member", "empty-member"],
)
def test_unusable_zips_get_one_line(members: dict[str, bytes], message: str,
                                    tmp_path: Path) -> None:
    src = zip_of(tmp_path / "site.zip", members)
    out = tmp_path / "out" / "site.json"
    assert message in one_line_error(convert(src, out), src)
    assert not out.parent.exists() or files_in(out.parent) == set()
    checked = cli("validate", src)
    assert checked.exit_code == 1 and message in checked.stdout


def test_damaged_zip_gets_one_line(tmp_path: Path) -> None:
    whole = zip_of(tmp_path / "whole.zip", {"site.xml": CLEAN.read_bytes()}).read_bytes()
    src = tmp_path / "cut.zip"
    src.write_bytes(whole[: len(whole) // 2])
    assert "zip archive" in one_line_error(convert(src, tmp_path / "o.json"), src)


def test_paths_that_are_not_exports_get_one_line(tmp_path: Path) -> None:
    out = tmp_path / "o.json"
    cases = {
        tmp_path / "missing.xml": "no such file",
        tmp_path: "is a directory",
        BAD / "binary.xml": "not an XML file (binary data)",
        BAD / "empty.xml": "empty file",
        BAD / "not-xml.xml": "not an XML file: it starts with 'Export failed",
        BAD / "html-page.xml": "this is an HTML page",
    }
    for path, message in cases.items():
        assert message in one_line_error(convert(path, out), path)
        assert not out.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_unreadable_file_gets_one_line(tmp_path: Path) -> None:
    src = tmp_path / "locked.xml"
    src.write_bytes(CLEAN.read_bytes())
    src.chmod(0)
    try:
        assert "cannot read" in one_line_error(convert(src, tmp_path / "o.json"), src)
        checked = cli("validate", "--format", "json", src)
        assert [f["code"] for f in json.loads(checked.stdout)["findings"]] == ["UNREADABLE"]
    finally:
        src.chmod(0o644)


def expectations() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(BAD.glob("*.expected.json")):
        data = json.loads(path.read_text("utf-8"))
        out.append((path.name.removesuffix(".expected.json"), data))
    return out


@pytest.mark.parametrize(("name", "want"), expectations(), ids=lambda v: v if isinstance(v, str)
                         else "")
def test_convert_ends_as_each_bad_fixture_expects(name: str, want: dict[str, Any],
                                                  tmp_path: Path) -> None:
    src = BAD / f"{name}.xml"
    for flags, expect in (((), want["convert"]), (("--recover",), want["convert_recover"])):
        out = tmp_path / "out" / "site.json"
        result = convert(src, out, *flags)
        assert result.exit_code == expect["exit_code"], result.stderr
        if expect["exit_code"]:
            one_line_error(result, src)
            assert not out.exists()
        else:
            assert len(posts_in(out)) == expect["items"]
        assert files_in(tmp_path) <= {"out", "out/site.json"}
        assert_nothing_leaked(result.stdout, result.stderr,
                              out.read_text("utf-8") if out.exists() else "")


# --------------------------------------------------------------------------- atomic output


def test_failed_convert_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "site.json"
    assert convert(CLEAN, out).exit_code == 0
    before = out.read_bytes()
    assert convert(BAD / "truncated.xml", out).exit_code == 1
    assert out.read_bytes() == before
    assert files_in(tmp_path) == {"site.json"}


def test_ctrl_c_in_a_writer_leaves_the_previous_output_untouched(monkeypatch: Any,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "site.json"
    assert convert(CLEAN, out).exit_code == 0
    before = out.read_bytes()
    real = JsonWriter.write
    seen: list[int] = []

    def interrupted(self: JsonWriter, post: Any) -> None:
        seen.append(post.post_id)
        if len(seen) == 3:
            raise KeyboardInterrupt
        real(self, post)

    monkeypatch.setattr(JsonWriter, "write", interrupted)
    result = convert(CLEAN, out)
    assert result.exit_code == 130
    assert result.stderr.strip().splitlines()[-1] == (
        "wxr-migrate: interrupted; no output was written")
    assert seen == [10, 30, 20]
    assert out.read_bytes() == before
    assert files_in(tmp_path) == {"site.json"}


def test_ctrl_c_from_a_progress_callback_leaves_nothing(tmp_path: Path) -> None:
    text = CLEAN.read_text("utf-8")
    item = text[text.index("\t<item>\n\t\t<title><![CDATA[Curlews]]>"): text.index("</channel>")]
    many = "".join(item.replace(">11</wp:post_id>", f">{1000 + i}</wp:post_id>")
                   .replace("[CDATA[curlews]]", f"[CDATA[curlews-{i}]]") for i in range(200))
    src = tmp_path / "many.xml"
    src.write_text(text.replace("</channel>", many + "</channel>"), encoding="utf-8")
    out = tmp_path / "out" / "site.jsonl"
    out.parent.mkdir()
    out.write_text("previous\n", encoding="utf-8")

    def progress(items: int, done: int) -> None:
        if items >= 128:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        api.convert(src, out, progress=progress)
    assert out.read_text("utf-8") == "previous\n"
    assert files_in(out.parent) == {"site.jsonl"}


def test_validate_never_writes_anything(tmp_path: Path) -> None:
    before = files_in(BAD)
    for path in sorted(BAD.glob("*.xml")):
        result = CliRunner().invoke(main, ["validate", "-q", str(path)])
        assert result.exit_code in (0, 1)
    assert files_in(BAD) == before
