"""Memory stays flat: an export 20x the size of another raises peak RSS by at most 1.5x.

Every writer ``wxr-migrate writers`` lists converts two exports made by bench/gen.py, each
in its own process under a small wrapper that reports that process's peak RSS, so nothing
accumulates in the pytest process. Sizes are modest so the test stays quick in CI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

GEN = ROOT / "bench" / "gen.py"
SMALL, LARGE = "1M", "20M"
BOUND = 1.5
# Run argv[1:] and print the peak RSS (KiB on Linux) of that child alone.
WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(rc)\n"
)


def writers() -> list[tuple[str, str]]:
    """(name, output suffix) of each writer; '' for a folder writer."""
    listing = subprocess.run([sys.executable, "-m", "migrate", "writers"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    found = []
    for line in listing.splitlines():
        name, *rest = line.split()
        exts = [w.rstrip(",") for w in rest if w.startswith(".")]
        found.append((name, exts[0] if exts else ""))
    return found


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("memory")
    made = {}
    for size in (SMALL, LARGE):
        made[size] = folder / f"export-{size}.xml"
        subprocess.run([sys.executable, str(GEN), "--size", size, "-q", "-o", str(made[size])],
                       check=True)
    return made


def peak_rss(writer: str, suffix: str, export: Path, out: Path) -> int:
    """Convert ``export`` with ``writer`` in a fresh process; its peak RSS in KiB."""
    argv = [sys.executable, "-m", "migrate", "convert", "-q", str(export),
            "-o", str(out) + suffix, "--to", writer]
    r = subprocess.run([sys.executable, "-c", WRAPPER, *argv], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, f"{writer} failed on {export.name}: {r.stderr.strip()[-500:]}"
    return int(r.stdout.split()[-1])


@pytest.mark.parametrize(("writer", "suffix"), writers())
def test_peak_rss_flat_in_export_size(
    writer: str, suffix: str, exports: dict[str, Path], tmp_path: Path
) -> None:
    small = peak_rss(writer, suffix, exports[SMALL], tmp_path / "small")
    large = peak_rss(writer, suffix, exports[LARGE], tmp_path / "large")
    assert large <= BOUND * small, (
        f"{writer}: peak RSS {large / 1024:.1f} MiB on the {LARGE} export vs "
        f"{small / 1024:.1f} MiB on the {SMALL} one ({large / small:.2f}x > {BOUND}x)"
    )
