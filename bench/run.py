"""Benchmarks: every command the issue measures, timed against the floor in the same run.

Each measured command alternates with bench/floor.py (a bare lxml iterparse) over the same
generated export, each in its own process; prints a Markdown table of median wall time,
MB/s, median ratio to the floor and peak RSS against the targets. See bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEN, FLOOR = ROOT / "bench" / "gen.py", ROOT / "bench" / "floor.py"
PY = sys.executable
TIME = "/usr/bin/time"
RSS_MIB, GROWTH_MIB, STARTUP_S = 100, 32, 0.3
# Run argv[2:], then write "<seconds> <peak RSS of the child>" to argv[1].
WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL)\n"
    "t = time.perf_counter() - t\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "open(sys.argv[1], 'w').write(f'{t} {rss}')\n"
    "sys.exit(rc)\n"
)


# ----------------------------------------------------------------------------- measuring


@dataclass
class Sample:
    seconds: float
    rss_kib: int
    rc: int
    error: str = ""


def gnu_time() -> bool:
    """True when /usr/bin/time is GNU time (``-f %M`` gives the child's peak RSS)."""
    try:
        cmd = [TIME, "-f", "%M", "-o", os.devnull, "true"]
        return subprocess.run(cmd, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


USE_TIME = gnu_time()


def measure(argv: list[str], timeout: float) -> Sample:
    """Run ``argv`` once in a fresh process; its wall time and its own peak RSS."""
    fd, note = tempfile.mkstemp(prefix="rss-")
    os.close(fd)
    try:
        if USE_TIME:
            cmd = [TIME, "-f", "%M", "-o", note, *argv]
        else:
            cmd = [PY, "-c", WRAPPER, note, *argv]
        t0 = time.perf_counter()
        try:
            r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=timeout, cwd=ROOT)
        except subprocess.TimeoutExpired:
            return Sample(timeout, 0, -1, f"timed out after {timeout:.0f} s")
        wall = time.perf_counter() - t0
        return sample(r, wall, Path(note).read_text())
    finally:
        os.unlink(note)


def sample(r: subprocess.CompletedProcess[bytes], wall: float, note: str) -> Sample:
    words = note.split()
    if USE_TIME:
        seconds, rss = wall, int(words[-1]) if words else 0  # GNU time may note the exit first
    else:
        seconds, rss = (float(words[0]), int(words[1])) if len(words) == 2 else (wall, 0)
        if sys.platform == "darwin":
            rss //= 1024  # bytes there, KiB on Linux
    lines = r.stderr.decode(errors="replace").strip().splitlines()
    error = lines[-1][:200] if r.returncode and lines else ""
    return Sample(seconds, rss, r.returncode, error)


# ----------------------------------------------------------------------------- what to run


def migrate(*args: str) -> str:
    """``python -m migrate ARGS`` stdout, or '' if it fails (command not there yet)."""
    r = subprocess.run([PY, "-m", "migrate", *args], capture_output=True, text=True, cwd=ROOT)
    return r.stdout if r.returncode == 0 else ""


@dataclass
class Caps:
    """What the installed tool offers right now: writers, commands, convert's options."""

    writers: set[str]
    commands: set[str]
    convert_help: str
    validate_quiet: bool

    @classmethod
    def probe(cls) -> Caps:
        top = migrate("--help")
        listed = top.split("Commands:", 1)[1] if "Commands:" in top else ""
        commands = set(re.findall(r"^  ([a-z][\w-]*)", listed, re.M))
        quiet = "validate" in commands and "--quiet" in migrate("validate", "--help")
        writers = {line.split()[0] for line in migrate("writers").splitlines() if line.strip()}
        return cls(writers, commands, migrate("convert", "--help"), quiet)

    def option(self, name: str) -> bool:
        return re.search(rf"{re.escape(name)}\b", self.convert_help) is not None


@dataclass
class Spec:
    """One measured command: ``args`` follow ``python -m migrate``; {IN} and {OUT} filled in."""

    key: str
    group: str
    label: str
    args: list[str]
    ratio: float
    skip: str = ""


def specs(caps: Caps) -> list[Spec]:
    def conv(ext: str) -> list[str]:
        return ["convert", "-q", "{IN}", "-o", "{OUT}/out" + ext]

    md = ["convert", "-q", "{IN}", "-o", "{OUT}/site", "--to", "markdown"]
    has_plain = caps.option("--preset") and "plain" in caps.convert_help
    plain = ["--preset", "plain"] if has_plain else []
    no_md = "" if "markdown" in caps.writers else "no markdown writer yet"
    validate = ["validate", *(["-q"] if caps.validate_quiet else []), "{IN}"]
    return [
        Spec("json", "json", "convert → JSON", conv(".json"), 2,
             "" if "json" in caps.writers else "no json writer"),
        Spec("jsonl", "jsonl", "convert → JSON Lines", conv(".jsonl"), 2,
             "" if "jsonl" in caps.writers else "no jsonl writer"),
        Spec("sqlite", "sqlite", "convert → SQLite", conv(".db"), 3,
             "" if "sqlite" in caps.writers else "no sqlite writer yet"),
        Spec("md-plain", "markdown", "convert → Markdown (plain)", md + plain, 8, no_md),
        Spec("md-hugo", "markdown", "convert → Markdown (hugo)", [*md, "--preset", "hugo"], 8,
             no_md or ("" if "hugo" in caps.convert_help else "no --preset hugo")),
        Spec("md-jobs2", "markdown", "convert → Markdown --jobs 2", [*md, *plain, "--jobs", "2"],
             4, no_md or ("" if caps.option("--jobs") else "no --jobs option yet")),
        Spec("validate", "validate", "validate", validate, 2,
             "" if "validate" in caps.commands else "no validate command yet"),
        Spec("info", "info", "info", ["info", "-q", "{IN}"], 2,
             "" if "info" in caps.commands else "no info command"),
    ]


def selected(spec_key: str, group: str, only: set[str] | None) -> bool:
    return only is None or spec_key in only or group in only


# ----------------------------------------------------------------------------- inputs


def parse_size(text: str) -> int:
    text = text.strip().upper().removesuffix("B")
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    return int(float(text.rstrip("KMG")) * scale)


def ensure_input(cache: Path, size: str, seed: int) -> Path:
    """The cached export for ``size``; (re)generated when missing or gen.py changed."""
    stamp = hashlib.sha256(GEN.read_bytes()).hexdigest()[:10]
    path = cache / f"wxr-{size}-s{seed}-{stamp}.xml"
    if path.exists():
        return path
    for stale in cache.glob(f"wxr-{size}-s{seed}-*.xml"):
        stale.unlink()
    part = path.with_suffix(".part")
    log(f"generating {path} ...")
    subprocess.run([PY, str(GEN), "--size", size, "--seed", str(seed), "-o", str(part)],
                   check=True)
    part.replace(path)
    return path


# ----------------------------------------------------------------------------- running


@dataclass
class Result:
    key: str
    label: str
    size: str
    nbytes: int
    target_ratio: float | None = None
    skip: str = ""
    error: str = ""
    seconds: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    floor_rss_kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def ratio(self) -> float:
        return statistics.median(c / f for c, f in zip(self.seconds, self.floor, strict=True))

    @property
    def rss_mib(self) -> float:
        return max(self.rss_kib) / 1024


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def floor_argv(path: Path) -> list[str]:
    return [PY, str(FLOOR), str(path)]


def set_aside(out: Path, cache: Path) -> None:
    """Move a run's output out of the way, to be deleted when the whole benchmark is over.

    Deleting tens of thousands of files at once (a Markdown output) leaves some file
    systems slow to create files for minutes after (ext4 mounted with ``discard`` on a
    virtual disk: creating a file went from 16 µs to 200-500 µs here), which the next
    measured run would pay for. So nothing is deleted while commands are timed."""
    spent = cache / "spent"
    spent.mkdir(exist_ok=True)
    if out.exists():
        out.rename(spent / f"{len(list(spent.iterdir())):04d}-{out.name}")
    os.sync()  # the output's own writeback must not land in the next measured run


def run_spec(spec: Spec, path: Path, out: Path, res: Result, opts: argparse.Namespace) -> None:
    """``repeat`` pairs: the floor, then the command, each a fresh process."""
    argv = [PY, "-m", "migrate", *(a.replace("{IN}", str(path)).replace("{OUT}", str(out))
                                   for a in spec.args)]
    for i in range(opts.repeat):
        log(f"  {res.size} {spec.key} {i + 1}/{opts.repeat}")
        f = measure(floor_argv(path), opts.timeout)
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        c = measure(argv, opts.timeout)
        set_aside(out, opts.cache)
        if f.rc or c.rc:
            res.error = (c.error or f"exit {c.rc}") if c.rc else f"floor failed: {f.error}"
            return
        res.floor.append(f.seconds)
        res.floor_rss_kib.append(f.rss_kib)
        res.seconds.append(c.seconds)
        res.rss_kib.append(c.rss_kib)


def bench_size(size: str, path: Path, todo: list[Spec], opts: argparse.Namespace) -> list[Result]:
    nbytes = path.stat().st_size
    measure(floor_argv(path), opts.timeout)  # warm the page cache
    floor = Result("floor", "floor (bare lxml iterparse)", size, nbytes)
    results = [floor]
    for spec in todo:
        res = Result(spec.key, spec.label, size, nbytes, spec.ratio, spec.skip)
        results.append(res)
        if not spec.skip:
            run_spec(spec, path, opts.cache / "out" / spec.key, res, opts)
            floor.seconds += res.floor
            floor.rss_kib += res.floor_rss_kib
    while len(floor.seconds) < opts.repeat:  # nothing ran: still show the floor
        s = measure(floor_argv(path), opts.timeout)
        floor.seconds.append(s.seconds)
        floor.rss_kib.append(s.rss_kib)
    floor.floor = list(floor.seconds)
    return results


def startup(opts: argparse.Namespace) -> Result:
    """``wxr-migrate --help``: median of 10 after one warm-up run."""
    script = Path(PY).with_name("wxr-migrate")
    argv = [str(script), "--help"] if script.exists() else [PY, "-m", "migrate", "--help"]
    res = Result("startup", "`wxr-migrate --help` (startup)", "—", 0)
    measure(argv, opts.timeout)
    for _ in range(10):
        s = measure(argv, opts.timeout)
        if s.rc:
            res.error = s.error or f"exit {s.rc}"
            break
        res.seconds.append(s.seconds)
        res.rss_kib.append(s.rss_kib)
    return res


# ----------------------------------------------------------------------------- reporting


def fmt_s(s: float) -> str:
    return f"{s:.3f}" if s < 1 else f"{s:.2f}" if s < 100 else f"{s:.0f}"


def fmt_ratio(res: Result) -> str:
    """Two decimals, or three when two would hide that the target was missed."""
    text = f"{res.ratio:.2f}"
    if res.target_ratio is not None and res.ratio > res.target_ratio >= float(text):
        text = f"{res.ratio:.3f}"
    return text + "×"


def verdict(res: Result) -> tuple[str, str]:
    """The target and whether it was met: ✓, or ✗ naming what missed."""
    if res.key == "startup":
        return f"< {STARTUP_S} s", "✓" if res.median < STARTUP_S else "✗"
    target = f"≤ {res.target_ratio:g}× · ≤ {RSS_MIB} MiB"
    missed = [what for what, bad in (("time", res.ratio > (res.target_ratio or 0)),
                                     ("RSS", res.rss_mib > RSS_MIB)) if bad]
    return target, "✓" if not missed else "✗ " + ", ".join(missed)


def row(res: Result) -> str:
    if res.skip or res.error or not res.seconds:
        why = f"skipped: {res.skip}" if res.skip else f"**failed**: {res.error or 'no runs'}"
        why = why.replace("|", "\\|")
        return f"| {res.label} | {res.size} | {why} | | | | | |"
    if res.key == "startup":
        target, met = verdict(res)
        return (f"| {res.label} | — | {fmt_s(res.median)} | | | {res.rss_mib:.1f} | {target} "
                f"| {met} |")
    mbps = res.nbytes / 1e6 / res.median
    target, met = ("—", "") if res.key == "floor" else verdict(res)
    return (f"| {res.label} | {res.size} | {fmt_s(res.median)} | {mbps:.1f} | {fmt_ratio(res)} "
            f"| {res.rss_mib:.1f} | {target} | {met} |")


def growth(results: list[Result], sizes: list[str]) -> list[str]:
    """RSS at the largest size minus RSS at the one before (target only for 100M -> 1G)."""
    if len(sizes) < 2:
        return []
    lo, hi = sizes[-2], sizes[-1]
    by = {(r.key, r.size): r for r in results if r.rss_kib and not r.error}
    gated = (parse_size(lo), parse_size(hi)) == (100 << 20, 1 << 30)
    lines = [f"\nPeak RSS growth, {hi} vs {lo}" + (f" (target ≤ {GROWTH_MIB} MiB):" if gated
                                                   else " (informational):"),
             "", "| command | RSS growth MiB | met |", "|---|---:|---|"]
    for (key, size), res in by.items():
        if size == hi and (key, lo) in by:
            d = res.rss_mib - by[key, lo].rss_mib
            met = ("✓" if d <= GROWTH_MIB else "✗") if gated and key != "floor" else ""
            lines.append(f"| {res.label} | {d:+.1f} | {met} |")
    return lines


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        names = [ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text()
                 .splitlines() if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    try:
        ram = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        ram = ""
    load = f", load {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return (f"{cpu}, {os.cpu_count()} cores{ram}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}{load}")


def table(results: list[Result], sizes: list[str], repeat: int) -> str:
    head = [f"Machine: {machine()}",
            f"Median of {repeat} runs, each paired with a floor run; × floor = median of per-pair "
            f"ratios; MB/s = 10^6 bytes/s; peak RSS = the largest child process "
            f"({'GNU time %M' if USE_TIME else 'getrusage(RUSAGE_CHILDREN)'}).", "",
            "| command | size | median s | MB/s | × floor | peak RSS MiB | target | met |",
            "|---|---|---:|---:|---:|---:|---|---|"]
    return "\n".join(head + [row(r) for r in results] + growth(results, sizes))


# ----------------------------------------------------------------------------- main


def options(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10M,100M", help="export sizes (default 10M,100M)")
    ap.add_argument("--big", action="store_true", help="add the 1G export")
    ap.add_argument("--only", help="comma list of keys or groups: json, jsonl, sqlite, "
                    "markdown (md-plain, md-hugo, md-jobs2), validate, info, startup (or help)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per command and size (default 3)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--cache", type=Path, default=default_cache(),
                    help="inputs and outputs go here (default $WXR_BENCH_DIR, else "
                    "$XDG_CACHE_HOME/wxr-bench or ~/.cache/wxr-bench)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed per run")
    ap.add_argument("--json", type=Path, help="also save the raw results here")
    opts = ap.parse_args(argv)
    opts.cache = opts.cache.resolve()
    if opts.cache.is_relative_to(ROOT):
        ap.error(f"--cache {opts.cache} is inside the repository; pick a folder outside it")
    opts.size_list = [s.strip() for s in opts.sizes.split(",") if s.strip()]
    if opts.big and "1G" not in opts.size_list:
        opts.size_list.append("1G")
    opts.size_list.sort(key=parse_size)
    opts.only_set = {s.strip() for s in opts.only.split(",")} if opts.only else None
    return opts


def default_cache() -> Path:
    """``$WXR_BENCH_DIR``, else the user's cache folder (generated inputs are kept
    between runs; /tmp may be cleared, or be a small tmpfs)."""
    if os.environ.get("WXR_BENCH_DIR"):
        return Path(os.environ["WXR_BENCH_DIR"])
    root = os.environ.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(root) / "wxr-bench"


def main(argv: list[str] | None = None) -> int:
    opts = options(argv)
    opts.cache.mkdir(parents=True, exist_ok=True)
    every = specs(Caps.probe())
    unknown = (opts.only_set or set()) - {n for s in every for n in (s.key, s.group)}
    if unknown - {"startup", "help"}:
        log(f"run.py: unknown --only {', '.join(sorted(unknown))}; known: "
            f"{', '.join(s.key for s in every)}, markdown, startup")
        return 2
    todo = [s for s in every if selected(s.key, s.group, opts.only_set)]
    results: list[Result] = []
    for size in opts.size_list if todo else []:
        path = ensure_input(opts.cache, size, opts.seed)
        log(f"{size}: {path}")
        results += bench_size(size, path, todo, opts)
    if selected("startup", "help", opts.only_set):
        results.append(startup(opts))
    for folder in ("out", "spent"):
        shutil.rmtree(opts.cache / folder, ignore_errors=True)
    print(table(results, opts.size_list, opts.repeat))
    if opts.json:
        raw = {"machine": machine(), "results": [asdict(r) for r in results]}
        opts.json.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
