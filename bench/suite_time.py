"""Wall time of the test suite as CI runs it (`pytest` with the project's addopts: `-n auto --dist loadfile`).

uv run python bench/suite_time.py [--runs 1] [-- PYTEST ARGS…]

Prints pytest's own "in N s" figure and the process's wall and CPU time per run, then the medians. The
machine's load average is printed too: on a shared machine, other work slows the suite down.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    args = parser.parse_args()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args.pytest_args]
    environment = dict(os.environ)
    walls, reported = [], []
    for run in range(1, args.runs + 1):
        load = os.getloadavg()[0]
        cpu, start = children_cpu(), time.perf_counter()
        result = subprocess.run(
            command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False
        )
        wall, cpu = time.perf_counter() - start, children_cpu() - cpu
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
        found = re.search(r" in ([\d.]+)s", summary)
        if result.returncode != 0 or not found:
            sys.exit(
                f"pytest failed (exit {result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
            )
        walls.append(wall)
        reported.append(float(found.group(1)))
        print(
            f"run {run}: pytest {reported[-1]:.1f} s, process {wall:.1f} s wall, {cpu:.0f} s CPU "
            f"(load average {load:.2f} before) — {summary.strip('= ')}"
        )
    print(
        f"suite: median pytest time {statistics.median(reported):.1f} s, "
        f"process {statistics.median(walls):.1f} s over {args.runs} run(s) on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
