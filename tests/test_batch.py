"""``wxr-migrate batch``: many sites, split exports, isolated failures, resume, reports."""

from __future__ import annotations

import io
import json
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrate import writers
from migrate.batch import SiteJob, SiteResult, migrate_site, run_job
from migrate.batch.discover import discover, part_order, read_base_url, site_key
from migrate.batch.report import Console
from migrate.batch.run import DIED, Runner
from migrate.cli import main
from migrate.errors import MigrateError
from migrate.inputs import Part
from migrate.wxr import read_all

from .conftest import FIXTURES, ROOT

NS = ('xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
      'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"')


def wxr(base: str, posts: Sequence[int | tuple[int, str]], *, terms: Sequence[str] = ()) -> str:
    """A small WXR 1.2 export: ``posts`` are ids, or (id, category slug); one comment each."""
    declared = "".join(
        f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>{slug}"
        f"</wp:category_nicename><wp:category_parent></wp:category_parent>"
        f"<wp:cat_name>{slug.title()}</wp:cat_name></wp:category>\n"
        for n, slug in enumerate(terms, 1)
    )
    items = []
    for post in posts:
        pid, cat = post if isinstance(post, tuple) else (post, "")
        term = f'<category domain="category" nicename="{cat}">{cat}</category>' if cat else ""
        items.append(
            f"<item><title>Post {pid}</title><link>{base}/?p={pid}</link>"
            f"<dc:creator>admin</dc:creator><guid isPermaLink=\"false\">{base}/?p={pid}</guid>"
            f"<content:encoded><![CDATA[<p>Text of post {pid}.</p>]]></content:encoded>"
            f"<wp:post_id>{pid}</wp:post_id><wp:post_date>2020-01-0{1 + pid % 9} 10:00:00"
            f"</wp:post_date><wp:post_name>post-{pid}</wp:post_name><wp:status>publish"
            f"</wp:status><wp:post_type>post</wp:post_type>{term}"
            f"<wp:comment><wp:comment_id>{pid}</wp:comment_id><wp:comment_author>Reader"
            f"</wp:comment_author><wp:comment_content>Nice.</wp:comment_content>"
            f"<wp:comment_approved>1</wp:comment_approved></wp:comment></item>\n"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" {NS}>\n<channel>\n'
        f"<title>Site</title><link>{base}</link><wp:wxr_version>1.2</wp:wxr_version>\n"
        f"<wp:base_site_url>{base}</wp:base_site_url><wp:base_blog_url>{base}</wp:base_blog_url>\n"
        "<wp:author><wp:author_id>1</wp:author_id><wp:author_login>admin</wp:author_login>"
        f"</wp:author>\n{declared}{''.join(items)}</channel>\n</rss>\n"
    )


BROKEN = wxr("https://broken.example.org", [1, 2, 3, 4])


def three_sites(root: Path) -> Path:
    """A folder with a site, a two-part split export, and a truncated export."""
    exports = root / "exports"
    (exports / "split").mkdir(parents=True)
    (exports / "solo.xml").write_text(wxr("https://solo.example.com", [1, 2]))
    split = exports / "split" / "big.wordpress.2024-01-01"
    # Part 1 declares "news", which only part 2 uses; part 2 declares "recipes".
    Path(f"{split}.000.xml").write_text(wxr("https://example.com/blog", [1, (2, "travel")],
                                            terms=["news", "travel"]))
    Path(f"{split}.001.xml").write_text(wxr("https://example.com/blog",
                                            [(3, "news"), (4, "recipes")], terms=["recipes"]))
    (exports / "broken.xml").write_text(BROKEN[: len(BROKEN) * 2 // 3])
    return exports


def batch(*args: str | Path) -> Any:
    return CliRunner().invoke(main, ["batch", *map(str, args)])


def report(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    return data


def by_key(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["key"]: s for s in data["sites"]}


GOOD = ("example-com-blog", "solo-example-com")


def test_three_sites_one_split_one_broken(tmp_path: Path) -> None:
    exports, out = three_sites(tmp_path), tmp_path / "out"
    result = batch(exports, "-o", out, "--to", "json", "-j", "2")
    assert result.exit_code == 1, result.output
    data = report(out)
    assert [s["key"] for s in data["sites"]] == ["broken-example-org", *GOOD]
    sites = by_key(data)
    assert {k: s["status"] for k, s in sites.items()} == {
        "broken-example-org": "failed", "example-com-blog": "ok", "solo-example-com": "ok"}
    assert data["totals"] == {"sites": 3, "ok": 2, "failed": 1, "skipped": 0, "cancelled": 0,
                              "items": 6, "comments": 6, "pingbacks": 0}
    broken = sites["broken-example-org"]
    assert broken["error"].startswith(str(exports / "broken.xml") + ":")
    assert broken["inputs"] == [str(exports / "broken.xml")]
    assert not (out / "broken-example-org").exists()  # a failed site leaves nothing
    split = sites["example-com-blog"]
    assert [Path(p).name for p in split["inputs"]] == [
        "big.wordpress.2024-01-01.000.xml", "big.wordpress.2024-01-01.001.xml"]
    assert split["counts"] == {"items": 4, "comments": 4, "pingbacks": 0, "authors": 1,
                               "terms": 3}
    assert split["duration"] >= 0 and len(split["sha256"]) == 2
    assert "failed    broken-example-org" in result.output
    assert "ok        solo-example-com  2 items  2 comments" in result.output
    assert "3 sites: 2 ok, 1 failed; 6 items, 6 comments" in result.output


def test_split_export_is_merged_with_terms_across_parts(tmp_path: Path) -> None:
    exports, out = three_sites(tmp_path), tmp_path / "out"
    batch(exports, "-o", out, "--to", "json")
    site = json.loads((out / "example-com-blog" / "site.json").read_text(encoding="utf-8"))
    assert [p["post_id"] for p in site["posts"]] == [1, 2, 3, 4]
    assert [a["author_login"] for a in site["authors"]] == ["admin"]
    declared = {(t["taxonomy"], t["slug"]) for t in site["terms"]}
    assert declared == {("category", "news"), ("category", "travel"), ("category", "recipes")}
    used = {(t["taxonomy"], t["slug"]) for p in site["posts"] for t in p["terms"]}
    assert used == {("category", "news"), ("category", "travel"), ("category", "recipes")}


def test_resume_reruns_only_the_fixed_site(tmp_path: Path) -> None:
    exports, out = three_sites(tmp_path), tmp_path / "out"
    assert batch(exports, "-o", out, "--to", "json", "-j", "2").exit_code == 1
    stamps = {k: (out / k / "site.json").stat().st_mtime_ns for k in GOOD}
    (exports / "broken.xml").write_text(BROKEN)
    result = batch(exports, "-o", out, "--to", "json", "-j", "2", "--resume")
    assert result.exit_code == 0, result.output
    sites = by_key(report(out))
    assert {k: s["status"] for k, s in sites.items()} == {
        "broken-example-org": "ok", "example-com-blog": "skipped", "solo-example-com": "skipped"}
    assert sites["example-com-blog"]["counts"]["items"] == 4  # from its last run
    assert {k: (out / k / "site.json").stat().st_mtime_ns for k in GOOD} == stamps
    assert sites["broken-example-org"]["counts"]["items"] == 4


def test_resume_reruns_a_site_whose_input_options_or_output_changed(tmp_path: Path) -> None:
    exports, out = three_sites(tmp_path), tmp_path / "out"
    (exports / "broken.xml").unlink()
    assert batch(exports, "-o", out, "--to", "json").exit_code == 0

    def statuses(*more: str) -> dict[str, str]:
        assert batch(exports, "-o", out, "--to", "json", "--resume", *more).exit_code == 0
        return {k: s["status"] for k, s in by_key(report(out)).items()}

    (exports / "solo.xml").write_text(wxr("https://solo.example.com", [1, 2, 3]))
    assert statuses() == {"example-com-blog": "skipped", "solo-example-com": "ok"}
    assert statuses("--recover") == {"example-com-blog": "ok", "solo-example-com": "ok"}
    (out / "solo-example-com" / "site.json").unlink()
    assert statuses("--recover") == {"example-com-blog": "skipped", "solo-example-com": "ok"}


def test_without_resume_every_site_runs(tmp_path: Path) -> None:
    exports, out = three_sites(tmp_path), tmp_path / "out"
    (exports / "broken.xml").unlink()
    batch(exports, "-o", out, "--to", "json")
    assert batch(exports, "-o", out, "--to", "json").exit_code == 0
    assert {s["status"] for s in report(out)["sites"]} == {"ok"}


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    exports, out = three_sites(tmp_path), tmp_path / "out"
    # One worker; sites run in key order, and the broken one sorts first.
    result = batch(exports, "-o", out, "--to", "json", "-j", "1", "--fail-fast")
    assert result.exit_code == 1
    assert {k: s["status"] for k, s in by_key(report(out)).items()} == {
        "broken-example-org": "failed", "example-com-blog": "cancelled",
        "solo-example-com": "cancelled"}
    assert not any((out / k).exists() for k in GOOD)
    # The cancelled sites run on --resume; the broken one fails again.
    assert batch(exports, "-o", out, "--to", "json", "--resume").exit_code == 1
    assert {s["status"] for s in report(out)["sites"]} == {"ok", "failed"}


def needs_sqlite() -> None:
    if "sqlite" not in writers.available():
        pytest.skip(f"the sqlite writer is not importable yet: {writers.BROKEN.get('sqlite')}")


def db_sites(db: Path) -> list[tuple[int, str, int]]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(
            "SELECT s.site_id, s.base_site_url, (SELECT count(*) FROM posts p "
            "WHERE p.site_id = s.site_id) FROM sites s ORDER BY s.base_site_url").fetchall()


def test_single_database_holds_every_good_site(tmp_path: Path) -> None:
    needs_sqlite()
    exports, db = three_sites(tmp_path), tmp_path / "all.db"
    result = batch(exports, "-o", db, "-j", "2")
    assert result.exit_code == 1, result.output
    data = json.loads((tmp_path / "all.batch-report.json").read_text(encoding="utf-8"))
    assert {s["key"]: (s["status"], s["output"]) for s in data["sites"]} == {
        "broken-example-org": ("failed", str(db)), "example-com-blog": ("ok", str(db)),
        "solo-example-com": ("ok", str(db))}
    sites = db_sites(db)
    assert [(url, posts) for _, url, posts in sites] == [
        ("https://example.com/blog", 4), ("https://solo.example.com", 2)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".all.db.batch-state.jsonl", "all.batch-report.json", "all.db", "exports"]
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        found = con.execute("SELECT post_id FROM posts_fts WHERE posts_fts MATCH 'post' "
                            "AND site_id = ?", (sites[0][0],)).fetchall()
        assert sorted(found) == [(1,), (2,), (3,), (4,)]

    # Fixed and run again: the fixed site is added, the others replace themselves.
    (exports / "broken.xml").write_text(BROKEN)
    assert batch(exports, "-o", db, "-j", "2").exit_code == 0
    assert [(url, n) for _, url, n in db_sites(db)] == [
        ("https://broken.example.org", 4), ("https://example.com/blog", 4),
        ("https://solo.example.com", 2)]
    assert {i for i, _, _ in db_sites(db)} == {1, 2, 3}
    assert batch(exports, "-o", db, "--resume").exit_code == 0
    assert {s["status"] for s in json.loads(
        (tmp_path / "all.batch-report.json").read_text(encoding="utf-8"))["sites"]} == {"skipped"}


def test_single_database_refuses_a_foreign_database(tmp_path: Path) -> None:
    needs_sqlite()
    exports, db = three_sites(tmp_path), tmp_path / "notes.db"
    with closing(sqlite3.connect(db)) as con:
        con.execute("CREATE TABLE notes (body TEXT)")
    result = batch(exports, "-o", db)
    assert result.exit_code == 1
    assert "not made by wxr-migrate" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("name", ["markdown", "jsonl"])
def test_other_writers(tmp_path: Path, name: str) -> None:
    if name not in writers.available():
        pytest.skip(f"the {name} writer is not importable yet: {writers.BROKEN.get(name)}")
    exports, out = three_sites(tmp_path), tmp_path / "out"
    (exports / "broken.xml").unlink()
    assert batch(exports, "-o", out, "--to", name).exit_code == 0
    default = writers.get(name).default_name
    assert all((out / key / default).exists() for key in GOOD)


def test_manifest_sites_with_their_own_options(tmp_path: Path) -> None:
    three_sites(tmp_path)
    out = tmp_path / "out"
    manifest = tmp_path / "sites.toml"
    manifest.write_text(
        '[[sites]]\nname = "The Big Blog"\ninputs = ["exports/split/*.xml"]\n'
        '[[sites]]\ninputs = "exports/solo.xml"\nto = "jsonl"\n'
        '[[sites]]\nname = "broken"\ninputs = ["exports/broken.xml"]\nrecover = true\n',
        encoding="utf-8",
    )
    result = batch("--manifest", manifest, "-o", out, "--to", "json")
    assert result.exit_code == 0, result.output
    sites = by_key(report(out))
    assert sorted(sites) == ["broken", "solo-example-com", "the-big-blog"]
    assert sites["the-big-blog"]["counts"]["items"] == 4
    assert (out / "solo-example-com" / "site.jsonl").exists()
    assert sites["broken"]["status"] == "ok"  # salvaged by the site's own recover = true
    assert sites["broken"]["warning_counts"]


@pytest.mark.parametrize(("text", "message"), [
    ('[[sites]]\ninputs = ["x.xml"]\nbogus = 1\n', "site 1: unknown key 'bogus'"),
    ('[[sites]]\nname = "a"\n', "site 1: 'inputs' must be a path or a list of paths"),
    ('[[sites]]\ninputs = "exports/solo.xml"\noptions = { nope = 1 }\n',
     "'nope' is not an option of the json writer"),
    ("[[sites]\n", "not valid TOML"),
    ('[[sites]]\nname = "a"\ninputs = "exports/solo.xml"\n'
     '[[sites]]\nname = "A"\ninputs = "exports/solo.xml"\n', "two sites are named 'a'"),
])
def test_manifest_mistakes_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    three_sites(tmp_path)
    manifest = tmp_path / "sites.toml"
    manifest.write_text(text, encoding="utf-8")
    result = batch("--manifest", manifest, "-o", tmp_path / "out", "--to", "json")
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_usage_errors(tmp_path: Path) -> None:
    exports = three_sites(tmp_path)
    one_site = batch(exports, "-o", tmp_path / "x.json")
    assert one_site.exit_code == 2
    assert "holds one site" in one_site.output
    assert batch("-o", tmp_path / "out").exit_code == 2
    missing = batch(tmp_path / "nothing-*.xml", "-o", tmp_path / "out", "--to", "json")
    assert missing.exit_code == 1
    assert "no files match this pattern" in missing.output


# -- discovery -------------------------------------------------------------------------


def test_site_keys() -> None:
    assert site_key("https://example.com/blog", "a.xml") == "example-com-blog"
    assert site_key("http://Example.COM:8080/", "a.xml") == "example-com-8080"
    assert site_key("", "site.wordpress.2024-01-01.000.xml") == "site-wordpress-2024-01-01-000"
    assert site_key("", "export.xml.gz") == "export"


def test_keys_are_unique_and_deterministic(tmp_path: Path) -> None:
    # Two sites whose base URLs differ only in case and slash share a key.
    (tmp_path / "b.xml").write_text(wxr("https://EXAMPLE.com/blog/", [1]))
    (tmp_path / "a.xml").write_text(wxr("https://example.com/blog", [1]))
    first = discover([tmp_path])
    assert [(s.key, Path(s.inputs[0]).name) for s in first] == [
        ("example-com-blog", "a.xml"), ("example-com-blog-2", "b.xml")]
    assert discover([tmp_path / "b.xml", tmp_path / "a.xml"]) == first


def test_part_order_is_numeric() -> None:
    names = ["s.010.xml", "s.002.xml", "s.1000.xml", "s.000.xml"]
    ordered = sorted((Part(Path(n)) for n in names), key=part_order)
    assert [p.path.name for p in ordered] == ["s.000.xml", "s.002.xml", "s.010.xml", "s.1000.xml"]


def test_inputs_mix_files_globs_and_zips(tmp_path: Path) -> None:
    exports = three_sites(tmp_path)
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in sorted((exports / "split").iterdir()):
            z.write(part, part.name)
    assert len(discover([str(tmp_path / "**" / "*.wordpress.*.xml")])) == 1
    sites = discover([archive, str(tmp_path / "exports" / "s*.xml")])
    assert [(s.key, [Path(p).name for p in s.inputs]) for s in sites] == [
        ("example-com-blog", ["big.zip"]), ("solo-example-com", ["solo.xml"])]
    assert not sites[0].error


def test_a_zip_of_several_sites_fails_its_sites_only(tmp_path: Path) -> None:
    exports = three_sites(tmp_path)
    archive = tmp_path / "mixed.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(exports / "solo.xml", "solo.xml")
        z.write(exports / "split" / "big.wordpress.2024-01-01.000.xml", "big.xml")
    (tmp_path / "other.xml").write_text(wxr("https://other.example.net", [7]))
    out = tmp_path / "out"
    result = batch(archive, tmp_path / "other.xml", "-o", out, "--to", "json")
    assert result.exit_code == 1
    sites = by_key(report(out))
    assert {k: s["status"] for k, s in sites.items()} == {
        "example-com-blog": "failed", "solo-example-com": "failed", "other-example-net": "ok"}
    assert sites["solo-example-com"]["error"] == (
        f"{archive}: the archive holds exports of several sites; unzip it and give the "
        "folder instead")
    assert not (out / "solo-example-com").exists()


@pytest.mark.parametrize("fixture", sorted(FIXTURES.rglob("*.xml")), ids=lambda p: p.name)
def test_header_scan_agrees_with_the_reader(fixture: Path) -> None:
    found = read_base_url(Part(fixture))
    try:
        site, _ = read_all(fixture)
    except MigrateError:  # refused by the reader: the scan only must not raise
        assert found is None or isinstance(found, str)
    else:
        assert found == site.base_site_url


def test_unreadable_header_is_a_site_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "cut.xml").write_text(BROKEN[:200])  # cut inside the channel header
    (tmp_path / "empty.xml").write_text("")
    (tmp_path / "a.xml").write_text(wxr("https://a.example", [1]))
    assert [(s.key, s.base_url) for s in discover([tmp_path])] == [
        ("a-example", "https://a.example"), ("cut", ""), ("empty", "")]


def test_console_draws_a_bar_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    ok = SiteResult("a-example", ["a.xml"], "out/a", "ok", counts={"items": 3, "comments": 1},
                    duration=0.25)
    failed = SiteResult("b-example", ["b.xml"], "out/b", "failed", error="b.xml:3:1: broken")
    shown = Terminal()
    console = Console(2, quiet=False, stream=shown)
    console.site_done(ok)
    console.site_done(failed)
    console.close()
    text = shown.getvalue()
    assert "[##########..........] 1/2 sites" in text and "2/2 sites" in text
    lines = [line.split("\r")[-1] for line in text.replace("\033[K", "").split("\n")]
    assert lines[:2] == ["ok        a-example  3 items  1 comments  0.2s",
                         "failed    b-example  b.xml:3:1: broken"]
    piped = io.StringIO()
    console = Console(2, quiet=False, stream=piped)
    console.site_done(ok)
    console.close()
    assert piped.getvalue() == "ok        a-example  3 items  1 comments  0.2s\n"
    quiet = Terminal()
    Console(2, quiet=True, stream=quiet).site_done(ok)
    assert quiet.getvalue() == ""


# -- the unit of work and the executor ----------------------------------------------------


def test_migrate_site_never_raises_and_pickles(tmp_path: Path) -> None:
    missing = migrate_site([str(tmp_path / "gone.xml")], str(tmp_path / "o" / "site.json"),
                           writer="json", options={})
    assert missing.status == "failed"
    assert missing.error == f"{tmp_path / 'gone.xml'}: no such file"
    assert missing.key == "gone"
    (tmp_path / "a.xml").write_text(wxr("https://a.example/x", [1, 2]))
    ok = migrate_site([str(tmp_path / "a.xml")], str(tmp_path / "o" / "site.json"),
                      writer="json", options={})
    assert (ok.status, ok.key, ok.counts["items"]) == ("ok", "a-example-x", 2)
    assert pickle.loads(pickle.dumps(ok)) == ok
    assert json.loads(json.dumps(ok.to_dict()))["counts"] == ok.counts


def crash_on_doomed(job: SiteJob) -> SiteResult:
    """A worker function for the crash test: the site named 'doomed' kills its process."""
    if job.key == "doomed":
        os._exit(3)
    return run_job(job)


def test_a_worker_that_dies_fails_only_its_site(tmp_path: Path) -> None:
    jobs = []
    for key in ("a", "b", "doomed", "c"):
        (tmp_path / f"{key}.xml").write_text(wxr(f"https://{key}.example", [1]))
        jobs.append(SiteJob(key, (str(tmp_path / f"{key}.xml"),),
                            str(tmp_path / "out" / key / "site.json"), writer="json"))
    results: dict[str, SiteResult] = {}
    runner = Runner(2, lambda job, r: results.__setitem__(job.key, r), work=crash_on_doomed)
    assert runner.run(jobs) == []
    assert {k: r.status for k, r in results.items()} == {
        "a": "ok", "b": "ok", "c": "ok", "doomed": "failed"}
    assert results["doomed"].error == DIED


# -- interruption ----------------------------------------------------------------------


def test_ctrl_c_cancels_pending_sites_and_keeps_finished_ones(tmp_path: Path) -> None:
    exports, out = tmp_path / "exports", tmp_path / "out"
    exports.mkdir()
    for n in range(24):
        (exports / f"s{n:02}.xml").write_text(wxr(f"https://s{n:02}.example", range(1, 400)))
    command = [sys.executable, "-m", "migrate", "batch", str(exports), "-o", str(out),
               "--to", "json", "-j", "2"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stderr is not None
    first = proc.stderr.readline()
    assert first.startswith("ok "), first
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    rest = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130, rest
    assert "interrupted" in rest and "Traceback" not in rest
    sites = by_key(report(out))
    assert len(sites) == 24
    done = sorted(k for k, s in sites.items() if s["status"] == "ok")
    assert 1 <= len(done) < 24
    assert {s["status"] for s in sites.values()} == {"ok", "cancelled"}
    written = {p.parent.name: p for p in out.glob("*/site.json")}
    assert set(done) <= set(written)
    assert all(len(json.loads(p.read_text())["posts"]) == 399 for p in written.values())
    assert not [p for p in out.rglob("*") if p.name.endswith((".partial", ".old"))]
    resumed = batch(exports, "-o", out, "--to", "json", "-j", "2", "--resume")
    assert resumed.exit_code == 0
    statuses = [s["status"] for s in report(out)["sites"]]
    assert (statuses.count("skipped"), statuses.count("ok")) == (len(done), 24 - len(done))


# -- Dask ------------------------------------------------------------------------------


def test_dask_example_on_a_local_cluster(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    exports, out = three_sites(tmp_path), tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "dask_batch.py"), str(exports), str(out),
         "--to", "json"],
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 1, proc.stderr  # the broken site fails there too
    sites = by_key(report(out))
    assert {k: s["status"] for k, s in sites.items()} == {
        "broken-example-org": "failed", "example-com-blog": "ok", "solo-example-com": "ok"}
    assert sites["example-com-blog"]["counts"]["items"] == 4
