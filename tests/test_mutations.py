"""Property: whatever is done to a valid export, every run ends cleanly.

Hypothesis mutates small valid exports (cuts them, inserts bytes and markup, flips
bits, duplicates or deletes spans and whole elements; sometimes gzips or zips the
result) and runs ``convert``, ``convert --recover`` and ``validate`` on each. Every run
must end in success or a clean error exit (exit 1, one ``wxr-migrate:`` line, never a
traceback), write nothing outside its output folder, leave that folder empty when it
fails, and ``validate`` must agree with what ``convert`` did.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.cli import main

from .conftest import FIXTURES

BASES = [
    (FIXTURES / "bad" / "clean.xml").read_bytes(),
    (FIXTURES / "wxr" / "wxr-1.0.xml").read_bytes(),
    (FIXTURES / "wxr" / "cdata.xml").read_bytes(),
]
ELEMENT = re.compile(rb"<(item|wp:comment|wp:postmeta|wp:category|category|title|wp:post_id)"
                     rb"[ >].*?</\1>", re.S)
TOKENS = [b"<", b">", b"&", b"]]>", b"<![CDATA[", b"</item>", b"<item>", b"\x00", b"\x0b",
          b"\xe9", b"\xff\xfe", b"<!DOCTYPE rss>", b'<!ENTITY x SYSTEM "file:///etc/passwd">',
          b"&x;", b"<?xml version='1.0'?>", b"\r\n", b"a:1:{s:9:\"x\";}", b"\xf0\x9f\x92"]


@st.composite
def mutated(draw: Any) -> bytes:
    data: bytes = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(1, 3))):
        data = draw(mutation(data))
    return data


def mutation(data: bytes) -> st.SearchStrategy[bytes]:
    n = max(len(data), 1)
    pos = st.integers(0, n)
    elements = [m.span() for m in ELEMENT.finditer(data)]
    options = [
        pos.map(lambda i: data[:i]),  # truncate
        st.tuples(pos, st.one_of(st.sampled_from(TOKENS), st.binary(min_size=1, max_size=8)))
        .map(lambda t: data[: t[0]] + t[1] + data[t[0]:]),  # insert
        st.tuples(st.integers(0, n - 1), st.integers(0, 7))
        .map(lambda t: data[: t[0]] + bytes([data[t[0]] ^ (1 << t[1])]) + data[t[0] + 1:]
             if data else data),  # flip a bit
        st.tuples(pos, st.integers(1, 200))
        .map(lambda t: data[: t[0]] + data[t[0] + t[1]:]),  # delete a span
    ]
    if elements:
        options.append(st.sampled_from(elements).map(  # duplicate an element
            lambda s: data[: s[1]] + data[s[0]: s[1]] + data[s[1]:]))
        options.append(st.tuples(st.sampled_from(elements), pos).map(  # move a copy elsewhere
            lambda t: data[: t[1]] + data[t[0][0]: t[0][1]] + data[t[1]:]))
    return st.one_of(options)


def packed(data: bytes, container: str, folder: Path) -> Path:
    if container == "gzip":
        path = folder / "export.xml.gz"
        path.write_bytes(gzip.compress(data))
    elif container == "zip":
        path = folder / "export.zip"
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as archive:
            archive.writestr("export.000.xml", data)
        path.write_bytes(buf.getvalue())
    else:
        path = folder / "export.xml"
        path.write_bytes(data)
    return path


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    if result.exit_code == 1 and args[0] == "convert":
        lines = result.stderr.rstrip("\n").splitlines()
        ours = [line for line in lines if line.startswith("wxr-migrate: ")]
        assert len(ours) == 1 and lines[-1] == ours[0], result.stderr
    return result


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated(), container=st.sampled_from(["plain", "plain", "gzip", "zip"]))
def test_every_mutation_ends_cleanly(data: bytes, container: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = packed(data, container, folder)
        before = tree(folder)
        out = folder / "out" / "site.json"

        strict = run("convert", src, "-o", out)
        assert tree(folder) - before <= ({"out", "out/site.json"} if strict.exit_code == 0
                                         else {"out"})
        salvaged = run("convert", src, "-o", out, "--recover")
        assert tree(folder) - before <= {"out", "out/site.json"}
        if salvaged.exit_code == 1:
            assert strict.exit_code == 1

        checked = run("validate", "--format", "json", src)
        facts = json.loads(checked.stdout)
        verdict = facts["can_migrate"]
        assert verdict["convert"] == (strict.exit_code == 0), (facts["findings"], strict.stderr)
        assert verdict["convert_recover"] == (salvaged.exit_code == 0), (
            facts["findings"], salvaged.stderr)
        if salvaged.exit_code == 0:
            posts = json.loads(out.read_text("utf-8"))["posts"]
            assert len(posts) == verdict["items"] == facts["export"]["items"]
        text = run("validate", src)
        assert text.exit_code == checked.exit_code
        assert tree(folder) - before <= {"out", "out/site.json"}
