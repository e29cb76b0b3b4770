"""Benchmark the pipeline on a synthetic corpus against the physical floor and the
tools a user would otherwise run.

    python -m scripts.tools.bench [--sources 10000]        (make bench N=10000)

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

from scripts.check import cache
from scripts.schema.registry import ROOT, record_tables
from scripts.site.home import results_table
from scripts.tools.synth import generate

BENCH_DIR = ROOT / "build" / "bench"
FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("data/sources/*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


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
    results = rounded(results)
    results["ratios"] = {
        "check_over_floor": round(results["check_s"] / results["parse_floor_s"], 2),
        "check_unchanged_over_floor": round(results["check_unchanged_s"] / results["parse_floor_s"], 3),
        "check_one_changed_over_floor": round(results["check_one_changed_s"] / results["parse_floor_s"], 3),
        "frictionless_over_own_validate": round(results["frictionless_validate_s"] / results["own_validate_s"], 2),
    }
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    results["machine"] = {"cpus": os.cpu_count(), "memory_gib": round(memory, 1), "python": platform.python_version(),
                          "system": f"{platform.system()} {platform.machine()}"}
    return results


def rounded(results: dict) -> dict:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in results.items()}


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
            # never written before, so that no verdict remembered from an earlier bench (on the same bytes) is reused
            mark = f"{time.time_ns()}-{os.getpid()}"
            edited = original.replace("notes: Generated for tests", f"notes: Edited ({mark}), generated for tests")
            if edited == original:
                raise SystemExit(f"{changed}: the bench's edit found no `notes: Generated for tests` to change")
            changed.write_text(edited, encoding="utf-8")
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


DOCS = """
import json, resource, sys
from pathlib import Path
from scripts.site.build import build_site
build_site(Path(sys.argv[1]), Path(sys.argv[2]))
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"peak_mb": peak / 1024}))
"""


def docs(cli: list[str], sizes: tuple[int, ...] = (1000, 10_000)) -> dict:
    """The site of a corpus of each size: wall time, size on disk, and the peak memory of
    the build (the generator and mkdocs, each process at its highest)."""
    python = cli[0]
    results = {}
    for sources in sizes:
        say(f"docs for {sources:,} sources ...")
        root = corpus(sources)
        timed(cli + ["build", "--no-cache", "--root", str(root)])
        site = BENCH_DIR / f"site-{sources}"
        shutil.rmtree(site, ignore_errors=True)
        started = time.perf_counter()
        done = subprocess.run([python, "-c", DOCS, str(root), str(site)], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"the site of {sources} sources failed:\n{done.stderr[-2000:]}")
        results[f"docs_{sources}_s"] = time.perf_counter() - started
        results[f"docs_{sources}_mb"] = size_mb(site / "site")
        results[f"docs_{sources}_peak_mb"] = json.loads(done.stdout.strip().splitlines()[-1])["peak_mb"]
        shutil.rmtree(site, ignore_errors=True)
    if len(sizes) == 2:
        small, large = sizes
        results["docs_growth"] = {"time": round(results[f"docs_{large}_s"] / results[f"docs_{small}_s"], 2),
                                  "size": round(results[f"docs_{large}_mb"] / results[f"docs_{small}_mb"], 2)}
    return results


# figure -> (its target in words, whether the results meet it), as the issues set them
TARGETS = {
    "check_s": ("at most 2 x parse_floor_s", lambda r: r["check_s"] <= 2 * r["parse_floor_s"]),
    "check_unchanged_s": ("at most 0.1 x parse_floor_s", lambda r: r["check_unchanged_s"] <= 0.1 * r["parse_floor_s"]),
    "check_one_changed_s": ("at most 0.15 x parse_floor_s",
                            lambda r: r["check_one_changed_s"] <= 0.15 * r["parse_floor_s"]),
    "own_validate_s": ("at least 15 x faster than frictionless_validate_s",
                       lambda r: r["frictionless_validate_s"] >= 15 * r["own_validate_s"]),
    "docs_1000_s": ("at most 60 s", lambda r: r["docs_1000_s"] <= 60),
    "docs_1000_mb": ("at most 200 MB", lambda r: r["docs_1000_mb"] <= 200),
    "docs_10000_s": ("at most 12 x docs_1000_s", lambda r: r["docs_10000_s"] <= 12 * r["docs_1000_s"]),
    "docs_10000_mb": ("at most 12 x docs_1000_mb", lambda r: r["docs_10000_mb"] <= 12 * r["docs_1000_mb"]),
    "docs_10000_peak_mb": ("at most 1024 MB", lambda r: r["docs_10000_peak_mb"] <= 1024),
    "peak_rss_mb": ("at most 1024 MB", lambda r: r["peak_rss_mb"] <= 1024),
}


def judged(r: dict) -> dict:
    """The results with each target in words and whether it is met (for the figures they hold):
    the file carries its own verdicts, which the site's Performance page shows."""
    targets = {}
    for key, (words, met) in TARGETS.items():
        try:
            targets[key] = {"target": words, "met": bool(met(r))}
        except KeyError:
            continue
    return {**{k: v for k, v in r.items() if k != "targets"}, "targets": targets}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--docs-only", action="store_true",
                        help="measure only the site (1,000 and 10,000 sources) and update those figures")
    args = parser.parse_args()
    if args.docs_only:
        previous = json.loads((ROOT / "bench-results.json").read_text(encoding="utf-8"))
        results = {**previous, **rounded(docs([sys.executable, "-m", "scripts"]))}
    else:
        results = run(args.sources)
    results = judged(results)
    (ROOT / "bench-results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(results_table(results))
    print("\nwritten to bench-results.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
