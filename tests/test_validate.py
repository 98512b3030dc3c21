"""``wxr-migrate validate``: every check finds its defect, where it is, and nothing else.

The broken fixtures in ``fixtures/bad/`` hold one defect each; the findings expected
of each (code, severity, line) are written beside it in ``<name>.expected.json``,
worked out by reading the fixture. The clean base they are all made from must give
no finding at all, so a check that fires where it should not shows up here too.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.cli import main
from migrate.compact import FirstOwner, IdSet
from migrate.validate.checks import lengths_ok, parse_date
from migrate.validate.codes import CODES
from migrate.validate.findings import Findings

from .conftest import CORPUS, FIXTURES, ROOT, SEED, needs_corpus

BAD = FIXTURES / "bad"
CASES = sorted(p.name.removesuffix(".expected.json") for p in BAD.glob("*.expected.json"))
CLEAN = BAD / "clean.xml"


def validate(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["validate", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def report(*args: str | Path) -> tuple[int, dict[str, Any]]:
    code, out, _ = validate("--format", "json", *args)
    return code, json.loads(out)


def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((BAD / f"{name}.expected.json").read_text("utf-8"))
    return data


def key(f: dict[str, Any]) -> tuple[str, str, int | None]:
    return f["code"], f["severity"], f.get("line")


def test_every_bad_fixture_has_its_expectations() -> None:
    fixtures = {p.stem for p in BAD.glob("*.xml")}
    assert fixtures == set(CASES)
    assert len(CASES) >= 35


@pytest.mark.parametrize("name", CASES)
def test_bad_fixture_gives_exactly_the_expected_findings(name: str) -> None:
    want = expected(name)
    code, facts = report(BAD / f"{name}.xml")
    got = facts["findings"]
    more = set(want.get("more_allowed", ()))
    assert Counter(key(f) for f in got if f["code"] not in more) == Counter(
        key(f) for f in want["findings"] if f["code"] not in more
    )
    for f in want["findings"]:
        match = [g for g in got if key(g) == key(f)]
        assert match, f
        if "column" in f:
            assert f["column"] in {g.get("column") for g in match}
        if "message_contains" in f:
            assert any(f["message_contains"] in g["message"] for g in match), match
    for f in got:  # findings of an allowed code still sit at or after the expected one
        if f["code"] in more:
            first = min(e["line"] for e in want["findings"] if e["code"] in more)
            assert f["line"] >= first
    errors = any(f["severity"] == "error" for f in want["findings"])
    assert code == facts["exit_code"] == (1 if errors else 0)


@pytest.mark.parametrize("name", CASES)
def test_strict_makes_warnings_fail(name: str) -> None:
    want = expected(name)
    severities = {f["severity"] for f in want["findings"]}
    code, _, _ = validate("--strict", "--quiet", BAD / f"{name}.xml")
    assert code == (1 if severities & {"error", "warning"} else 0)


def test_clean_export_has_no_findings_and_says_it_can_be_migrated() -> None:
    code, out, _ = validate(CLEAN)
    assert code == 0
    assert "findings    0 errors, 0 warnings, 0 info" in out
    assert out.rstrip().endswith("can be migrated: yes")
    assert "Field Notes <http://notes.example.com>" in out
    assert re.search(r"post\s+2\s+\(publish 2\)", out)


def test_json_carries_the_summary_facts() -> None:
    _, facts = report(CLEAN)
    assert facts["export"]["wxr_version"] == "1.2"
    assert facts["export"]["site"]["title"] == "Field Notes"
    assert facts["export"]["items_by_type"] == {"attachment": 1, "page": 1, "post": 2}
    assert facts["encodings"] == [{"part": str(CLEAN), "declared": "UTF-8", "bytes": "utf-8"}]
    assert facts["can_migrate"]["convert"] is True
    assert facts["counts"] == {"error": 0, "warning": 0, "info": 0}


def test_text_report_groups_by_severity_then_code() -> None:
    code, out, _ = validate(BAD / "not-well-formed.xml")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "errors (2)"
    assert lines[1].startswith("  ITEM_DROPPED (1): ")
    assert lines[2] == ('    99  item dropped: damaged by the XML error at line 107 '
                        '(item 11 "Curlews")')
    assert lines[3].startswith("  XML_SYNTAX (1): not well-formed XML")
    assert lines[4].startswith("    107:43  not well-formed XML: Opening and ending tag mismatch")


def test_verdict_for_damaged_exports_names_the_line_and_what_recover_keeps() -> None:
    _, out, _ = validate(BAD / "truncated.xml")
    assert out.rstrip().splitlines()[-1] == (
        "  can be migrated: no, convert stops at line 106:29; convert --recover keeps 3 items, "
        "drops 1; the file is cut short, so items after the cut are missing"
    )
    _, out, _ = validate(BAD / "rss-feed.xml")
    assert "can be migrated: no (not a WordPress export: the channel has no wp:wxr_version" in out


def test_recover_judges_the_salvage_run() -> None:
    code, facts = report("--recover", BAD / "not-well-formed.xml")
    severities = {f["code"]: f["severity"] for f in facts["findings"]}
    # the XML error is read past; the item it damaged is still lost
    assert severities == {"XML_SYNTAX": "warning", "ITEM_DROPPED": "error"}
    assert code == 1
    _, facts = report("--recover", BAD / "latin1-in-utf8.xml")
    severities = {f["code"]: f["severity"] for f in facts["findings"]}
    assert severities == {"INVALID_ENCODING": "warning", "ITEM_DROPPED": "error"}
    code, _ = report("--recover", BAD / "control-chars.xml")
    assert code == 0
    _, out, _ = validate("--recover", BAD / "truncated.xml")
    assert "can be migrated: yes, with --recover, which keeps 3 items, drops 1" in out


def many_bad_dates(tmp_path: Path, n: int) -> Path:
    """The clean export with ``n`` more posts, each with an unparseable post_date."""
    text = CLEAN.read_text("utf-8")
    item = text[text.index("\t<item>\n\t\t<title><![CDATA[Curlews]]>"): text.index("</channel>")]
    items = "".join(
        item.replace("<wp:post_id>11</wp:post_id>", f"<wp:post_id>{1000 + i}</wp:post_id>")
        .replace("2024-03-09 17:45:00]]></wp:post_date>", f"soon {i}]]></wp:post_date>")
        .replace("[CDATA[curlews]]", f"[CDATA[curlews-{i}]]")
        for i in range(n)
    )
    path = tmp_path / "dates.xml"
    path.write_text(text.replace("</channel>", items + "</channel>"), encoding="utf-8")
    return path


def test_text_report_caps_each_code_and_json_lists_everything(tmp_path: Path) -> None:
    path = many_bad_dates(tmp_path, 25)
    code, out, _ = validate(path)
    assert code == 0
    shown = [line for line in out.splitlines() if "is not a date" in line]
    assert len(shown) == 20
    assert "    ... and 5 more INVALID_DATE" in out
    assert "INVALID_DATE 25" in out
    _, facts = report(path)
    assert [f["code"] for f in facts["findings"]] == ["INVALID_DATE"] * 25
    assert facts["checks"] == {"INVALID_DATE": 25}


def test_quiet_text_shows_only_the_summary(tmp_path: Path) -> None:
    _, out, _ = validate("--quiet", many_bad_dates(tmp_path, 3))
    assert "is not a date" not in out
    assert "checks      INVALID_DATE 3" in out


def test_findings_kept_are_capped_but_counts_stay_exact() -> None:
    findings = Findings(keep=3)
    for i in range(5):
        findings.add("INVALID_DATE", f"bad {i}", line=i)
    findings.add("EMPTY_TITLE", "t")
    assert findings.counts == {"INVALID_DATE": 5, "EMPTY_TITLE": 1}
    assert len(findings) == 4
    assert findings.capped() == {"INVALID_DATE": 2}
    assert findings.by_severity() == {"warning": 5, "info": 1}


def test_input_problems_are_findings_not_tracebacks(tmp_path: Path) -> None:
    code, facts = report(tmp_path / "missing.xml")
    assert code == 1 and [f["code"] for f in facts["findings"]] == ["FILE_NOT_FOUND"]
    code, facts = report(tmp_path)
    assert code == 1 and [f["code"] for f in facts["findings"]] == ["UNREADABLE"]
    empty_zip = tmp_path / "empty.zip"
    zipfile.ZipFile(empty_zip, "w").close()
    code, facts = report(empty_zip)
    assert code == 1 and [f["code"] for f in facts["findings"]] == ["ZIP_INVALID"]
    assert facts["can_migrate"] == {"convert": False, "convert_recover": False, "items": 0,
                                    "items_dropped": 0, "truncated": False,
                                    "reason": "zip archive holds no .xml export"}


def split_export(tmp_path: Path) -> Path:
    """The clean export as a zip of two parts: the attachment and page move to part 2."""
    text = CLEAN.read_text("utf-8")
    start = text.index("\t<item>\n\t\t<title><![CDATA[rocks]]>")
    end = text.index("\t<item>\n\t\t<title><![CDATA[Curlews]]>")
    first = text[:start] + text[end:]
    second = text[: text.index("\t<item>")] + text[start:end] + "</channel>\n</rss>\n"
    path = tmp_path / "notes.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.wordpress.000.xml", first)
        archive.writestr("notes.wordpress.001.xml", second)
    return path


def test_zip_of_two_parts_is_one_site_with_references_across_parts(tmp_path: Path) -> None:
    path = split_export(tmp_path)
    code, facts = report(path)
    # post 10's thumbnail (30) is in part 2: no MISSING_THUMBNAIL, and no duplicates
    assert code == 0 and facts["findings"] == []
    assert facts["parts"] == [f"{path}:notes.wordpress.000.xml", f"{path}:notes.wordpress.001.xml"]
    assert facts["export"]["items"] == 4


def test_findings_in_a_later_part_name_that_part(tmp_path: Path) -> None:
    path = split_export(tmp_path)
    with zipfile.ZipFile(path) as archive:
        first, second = (archive.read(n).decode() for n in archive.namelist())
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.wordpress.000.xml", first)
        archive.writestr("notes.wordpress.001.xml",
                         second.replace("<wp:post_parent>0</wp:post_parent>",
                                        "<wp:post_parent>404</wp:post_parent>"))
    _, facts = report(path)
    [finding] = facts["findings"]
    assert finding["code"] == "MISSING_POST_PARENT" and finding["post_id"] == 20
    assert finding["path"] == f"{path}:notes.wordpress.001.xml"
    _, out, _ = validate(path)
    assert f"{path}:notes.wordpress.001.xml:" in out


def test_parts_of_different_sites_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text(CLEAN.read_text("utf-8").replace("http://notes.example.com",
                                                      "http://elsewhere.example.com"), "utf-8")
    code, facts = report(CLEAN, other)
    assert code == 1
    assert [f["code"] for f in facts["findings"]] == ["SITE_MISMATCH"]
    assert facts["findings"][0]["path"] == str(other)


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("deepening-your-love.xml", set()),
        ("wxr/nested-pages.xml", {"MISSING_POST_PARENT"}),
        ("wxr/authors-multiline.xml", {"UNDECLARED_AUTHOR"}),
        ("wxr/term-formats.xml", {"UNDECLARED_TERM"}),
        ("wxr/serialized-meta.xml", {"SERIALIZED_META_REPAIRABLE"}),
        ("wxr/hostile-slugs.xml", {"DUPLICATE_SLUG", "EMPTY_TITLE"}),
        ("wxr/kitchen-sink.xml", {"UNKNOWN_POST_TYPE", "UNKNOWN_SHORTCODE"}),
        ("wxr/statuses.xml", set()),
        ("wxr/wxr-1.0.xml", set()),
        ("wxr/wxr-1.1.xml", set()),
        ("wxr/utf8.xml", set()),
    ],
)
def test_project_fixtures_report_their_documented_quirks(name: str, codes: set[str]) -> None:
    code, facts = report(FIXTURES / name)
    assert code == 0
    assert {f["code"] for f in facts["findings"]} == codes


def test_documented_quirks_are_found_where_the_fixtures_say() -> None:
    _, facts = report(FIXTURES / "wxr" / "nested-pages.xml")
    [f] = facts["findings"]
    assert "post_parent 999" in f["message"]
    _, facts = report(FIXTURES / "wxr" / "authors-multiline.xml")
    assert "'ghost'" in facts["findings"][0]["message"]
    _, facts = report(FIXTURES / "wxr" / "serialized-meta.xml")
    assert "'broken_crlf'" in facts["findings"][0]["message"]
    _, facts = report(FIXTURES / "wxr" / "hostile-slugs.xml")
    assert any("'hello'" in f["message"] for f in facts["findings"])
    _, facts = report(FIXTURES / "wxr" / "kitchen-sink.xml")
    assert any("[contact-form-7]" in f["message"] for f in facts["findings"])


def corpus() -> dict[str, Any]:
    path = CORPUS / "expectations.json"
    if not path.exists():
        return {"files": []}
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


REASONS = {
    "malformed XML": {"XML_SYNTAX", "TRUNCATED", "INVALID_ENCODING", "NOT_XML"},
    "missing/invalid WXR version": {"WXR_VERSION_MISSING", "WXR_VERSION_INVALID"},
}
FILES = corpus()["files"]


@needs_corpus
@pytest.mark.parametrize("entry", [f for f in FILES if f["valid"]], ids=lambda f: f["file"])
def test_valid_corpus_files_pass_without_errors(entry: dict[str, Any]) -> None:
    code, facts = report(CORPUS / entry["file"])
    errors = [f for f in facts["findings"] if f["severity"] == "error"]
    assert errors == [] and code == 0
    assert facts["export"]["wxr_version"] == entry["wxr_version"]
    assert facts["can_migrate"]["convert"] is True


@needs_corpus
@pytest.mark.parametrize("entry", [f for f in FILES if not f["valid"]], ids=lambda f: f["file"])
def test_invalid_corpus_files_are_rejected_with_the_right_reason(entry: dict[str, Any]) -> None:
    code, facts = report(CORPUS / entry["file"])
    assert code == 1
    errors = {f["code"] for f in facts["findings"] if f["severity"] == "error"}
    accepted = set().union(*(REASONS[kind] for kind in entry["acceptable_errors"]))
    assert errors & accepted, errors
    assert facts["can_migrate"]["convert"] is False


def test_every_code_is_documented_with_its_severity() -> None:
    doc = (ROOT / "docs" / "validate.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([A-Z0-9_]+)` \| (error|warning|info)[^|]*\|", doc, re.M))
    assert rows == {code: c.severity for code, c in CODES.items()}


def test_source_error_codes_are_known() -> None:
    from migrate import inputs, source
    for module in (source, inputs):
        for value in vars(module).values():
            code = getattr(value, "code", None)
            if isinstance(value, type) and isinstance(code, str):
                assert code in CODES, (value, code)


def test_lengths_ok_checks_every_string_length() -> None:
    assert lengths_ok('a:2:{s:3:"foo";i:1;s:4:"bär";b:0;}')
    assert not lengths_ok('a:1:{s:3:"bär";i:1;}')  # ä is two bytes
    assert lengths_ok('a:1:{s:6:"a"b;c;";i:1;}')  # a quote inside a string
    assert not lengths_ok('a:1:{s:5:"a"b;c;";i:1;}')
    assert lengths_ok('O:8:"stdClass":1:{s:1:"a";s:9:"line\r\ntwo";}')
    assert not lengths_ok('O:8:"stdClass":1:{s:1:"a";s:9:"line\ntwo";}')  # CRLF became LF
    assert lengths_ok('s:20:"a:1:{s:3:"foo";i:1;}";')  # double serialized
    assert not lengths_ok('s:21:"a:1:{s:3:"foo";i:1;}";')


def test_parse_date() -> None:
    assert parse_date("2024-02-29 23:59:59") is not None
    for bad in ("2023-02-29 12:00:00", "2024-13-01 00:00:00", "2024-01-01 24:00:00",
                "09/03/2024 17:45", "2024-01-01", "2024-01-01T10:00:00+02:00"):
        assert parse_date(bad) is None, bad


def test_id_set() -> None:
    ids = IdSet()
    for n in (0, 7, 8, 1 << 20, -3, 1 << 40):
        assert ids.add(n)
        assert not ids.add(n)
        assert n in ids
    assert 9 not in ids and (1 << 41) not in ids and -4 not in ids


def test_seed_validates_cleanly_through_python_m(tmp_path: Path) -> None:
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "migrate", "validate", str(SEED)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "can be migrated: yes" in done.stdout


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(-2**70, 2**70), st.integers(-2**62, 2**62)),
                max_size=3000))
def test_first_owner_answers_like_a_dict(pairs: list[tuple[int, int]]) -> None:
    table = FirstOwner(capacity=4)
    model: dict[int, int] = {}
    for key, owner in pairs:
        folded = (key & 0xFFFF_FFFF_FFFF_FFFF) or 1
        assert table.add(key, owner) == model.get(folded)
        model.setdefault(folded, owner)
    assert len(table) == len(model)


def test_first_owner_keeps_an_id_too_large_for_it_as_unknown() -> None:
    table = FirstOwner()
    assert table.add(7, 2**70) is None
    assert table.add(7, 1) == -1
