"""Golden trees: each fixture through each preset must give exactly the reviewed files.

Regenerate with ``pytest tests/markdown/test_golden.py --update-golden`` (or
``UPDATE_GOLDEN=1``), then read the diff before committing it. The bodies come from
the content engine (``migrate.content``), so a change there shows up here too.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, SEED

from .helpers import GOLDEN, Convert, tree

WXR = FIXTURES / "wxr"
EXPORTS = {
    "deepening-your-love": (SEED, {}),
    "kitchen-sink": (WXR / "kitchen-sink.xml", {}),
    "nested-pages": (WXR / "nested-pages.xml", {}),
    "statuses": (WXR / "statuses.xml", {}),
    "hostile-slugs": (WXR / "hostile-slugs.xml", {}),
    "internal-links": (WXR / "internal-links.xml", {"redirects": True, "meta": ["ingredients"]}),
}
PRESETS = ("plain", "hugo", "jekyll", "eleventy")
CASES: dict[str, tuple[Path, dict[str, Any]]] = {
    f"{name}-{preset}": (export, {"preset": preset, **options})
    for name, (export, options) in EXPORTS.items()
    for preset in PRESETS
}
CASES["kitchen-sink-hugo-toml"] = (
    WXR / "kitchen-sink.xml",
    {"preset": "hugo", "front_matter": "toml", "comments": "all", "meta": ["client"]},
)


def _diff(name: str, got: dict[str, bytes], want: dict[str, bytes]) -> str:
    lines = []
    for path in sorted(set(got) | set(want)):
        if path not in want:
            lines.append(f"unexpected file {path}")
        elif path not in got:
            lines.append(f"missing file {path}")
        elif got[path] != want[path]:
            diff = difflib.unified_diff(
                want[path].decode().splitlines(), got[path].decode().splitlines(),
                f"golden/{path}", f"output/{path}", lineterm="",
            )
            lines.extend(list(diff)[:40])
    return f"{name} differs from its golden tree (--update-golden to rewrite):\n" + "\n".join(
        lines
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_tree(name: str, md: Convert, update_golden: bool) -> None:
    export, options = CASES[name]
    out = md(export, **options)
    golden = GOLDEN / name
    if update_golden:
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(out, golden, ignore=shutil.ignore_patterns(".wxr-migrate"))
    got, want = tree(out), tree(golden)
    assert want, f"no golden tree at {golden}; run with --update-golden and review it"
    assert got == want, _diff(name, got, want)


def test_output_is_byte_identical_across_runs(md: Convert) -> None:
    export, options = CASES["internal-links-jekyll"]
    assert tree(md(export, **options)) == tree(md(export, **options))
