"""Benchmark the pipeline on a synthetic corpus against the physical floor and the
tools a user would otherwise run.

    python -m scripts.bench [--sources 10000]        (make bench N=10000)

Every figure is the wall time of a fresh process, as a user would run it, on the
machine at hand; timings that can be repeated cheaply are the best of two or three
runs, with the files already in the page cache. The corpus is generated once per size under build/bench/.
Results are printed as a table and written to bench-results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from scripts import cache
from scripts.registry import ROOT, record_tables
from scripts.synth import generate

BENCH_DIR = ROOT / "build" / "bench"
FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("data/sources/*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""
TARGETS = {  # figure -> (limit, how it is compared), as the scale issue sets them
    "check_s": "at most 2.5 x parse_floor_s",
    "check_one_changed_s": "at most 1 s",
    "own_validate_s": "at least 10 x faster than frictionless_validate_s",
    "docs_1000_s": "at most 60 s",
    "docs_1000_mb": "at most 200 MB",
    "peak_rss_mb": "at most 1024 MB",
}


def say(message: str) -> None:
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


def timed(command: list[str], ok: tuple[int, ...] = (0,), repeat: int = 1) -> float:
    """The best wall time of `repeat` runs (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        best = min(best, time.perf_counter() - started)
        if result.returncode not in ok:
            raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return best


def corpus(sources: int) -> Path:
    root = BENCH_DIR / f"corpus-{sources}"
    marker = root / "generated"
    if not marker.is_file():
        say(f"generating a corpus of {sources} sources in {root} ...")
        shutil.rmtree(root, ignore_errors=True)
        generate(root, sources, progress=sys.stderr.isatty())
        marker.write_text(str(sources), encoding="utf-8")
    shutil.rmtree(cache.folder(root), ignore_errors=True)  # every run starts cold
    return root


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def run(sources: int) -> dict:
    python = sys.executable
    cli = [python, "-m", "scripts"]
    root = corpus(sources)
    entries = sorted((root / "data" / "sources").glob("*.yaml"))
    results: dict = {"sources": len(entries)}

    say("parse floor ...")
    for path in (root / "data" / "sources").iterdir():  # every run reads from the page cache, not the disk
        path.read_bytes()
    results["parse_floor_s"] = timed([python, "-c", FLOOR, str(root)], repeat=3)
    say("build (cold) ...")
    results["build_s"] = timed(cli + ["build", "--no-cache", "--root", str(root)])
    records = 0
    for name in record_tables():
        with (root / "data" / f"{name}.csv").open(encoding="utf-8") as handle:
            records += sum(1 for _ in handle) - 1
    results["records"] = records
    results.update(checks(cli, root, entries))
    results.update(validation(cli, root))
    results.update(docs(cli))
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    results = {k: round(v, 3) if isinstance(v, float) else v for k, v in results.items()}
    results["ratios"] = {
        "check_over_floor": round(results["check_s"] / results["parse_floor_s"], 2),
        "frictionless_over_own_validate": round(results["frictionless_validate_s"] / results["own_validate_s"], 2),
    }
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    results["machine"] = {"cpus": os.cpu_count(), "memory_gib": round(memory, 1), "python": platform.python_version(),
                          "system": f"{platform.system()} {platform.machine()}"}
    return results


def checks(cli: list[str], root: Path, entries: list[Path]) -> dict:
    """The check, cold, filling the cache, unchanged, and after one entry is edited."""
    results = {}
    say("check (cold) ...")
    results["check_s"] = timed(cli + ["check", "--no-cache", "--root", str(root)], repeat=2)
    say("check (fills the cache) ...")
    results["check_filling_cache_s"] = timed(cli + ["check", "--root", str(root)])
    say("one entry edited, checked again ...")
    time.sleep(2.5)  # the files the cache now describes are settled (see runner._signature)
    timed(cli + ["check", "--root", str(root)])  # records their signatures
    results["check_unchanged_s"] = timed(cli + ["check", "--root", str(root)], repeat=2)
    changed = entries[len(entries) // 2]
    original = changed.read_text(encoding="utf-8")
    try:
        best = best_named = float("inf")
        for attempt in range(3):  # a new edit each time, so that each run has a changed entry to check
            changed.write_text(original.replace("notes: Generated for benchmarks",
                                                f"notes: Edited {attempt + 1} times; generated for benchmarks"),
                               encoding="utf-8")
            best = min(best, timed(cli + ["check", "--root", str(root)], ok=(2,)))  # 2: the package is now stale
            best_named = min(best_named, timed(cli + ["check", "--root", str(root), str(changed)]))
        results["check_one_changed_s"] = best
        results["check_named_file_s"] = best_named
    finally:
        changed.write_text(original, encoding="utf-8")
    return results


def validation(cli: list[str], root: Path) -> dict:
    python = cli[0]
    results = {}
    say("validating the built package: ours, then frictionless ...")
    results["own_validate_s"] = timed(cli + ["verify", "--root", str(root)], repeat=2)
    results["frictionless_validate_s"] = timed([str(Path(python).parent / "frictionless"), "validate",
                                                str(root / "datapackage.yaml")], repeat=2)
    return results


def docs(cli: list[str]) -> dict:
    """The site of a 1,000-source corpus: time and size."""
    python = cli[0]
    results = {}
    say("docs for 1,000 sources ...")
    small = corpus(1000)
    timed(cli + ["build", "--no-cache", "--root", str(small)])
    site = BENCH_DIR / "site-1000"
    shutil.rmtree(site, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([python, "-c", "import sys; from pathlib import Path; from scripts.docs import build_site; "
                    "build_site(Path(sys.argv[1]), Path(sys.argv[2]))", str(small), str(site)],
                   cwd=ROOT, check=True, capture_output=True)
    results["docs_1000_s"] = time.perf_counter() - started
    results["docs_1000_mb"] = size_mb(site / "site")
    return results


def verdicts(r: dict) -> dict[str, bool]:
    return {
        "check_s": r["check_s"] <= 2.5 * r["parse_floor_s"],
        "check_one_changed_s": r["check_one_changed_s"] <= 1.0,
        "own_validate_s": r["frictionless_validate_s"] >= 10 * r["own_validate_s"],
        "docs_1000_s": r["docs_1000_s"] <= 60,
        "docs_1000_mb": r["docs_1000_mb"] <= 200,
        "peak_rss_mb": r["peak_rss_mb"] <= 1024,
    }


def table(r: dict) -> str:
    met = verdicts(r)
    lines = ["| figure | value | target | met |", "|---|---:|---|---|"]
    for key, value in r.items():
        if isinstance(value, dict):
            continue
        target = TARGETS.get(key, "")
        lines.append(f"| `{key}` | {value} | {target} | {'yes' if met.get(key) else 'no' if key in met else ''} |")
    yes = {True: "yes", False: "no"}
    lines.append(f"| check / parse floor | {r['ratios']['check_over_floor']} x | at most 2.5 x | {yes[met['check_s']]} |")
    lines.append(f"| frictionless / ours | {r['ratios']['frictionless_over_own_validate']} x | at least 10 x | "
                 f"{yes[met['own_validate_s']]} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=10_000)
    args = parser.parse_args()
    results = run(args.sources)
    (ROOT / "bench-results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print("\nwritten to bench-results.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
