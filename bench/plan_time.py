"""Wall time of `stackyard plan STACK` as a user runs it (a new process each time, imports included).

uv run python bench/plan_time.py [--runs 5] [STACK ...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("stacks", nargs="*", default=["staging", "prod"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    command = str(Path(sys.executable).with_name("stackyard"))
    for stack in args.stacks:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([command, "plan", stack, "--json"], cwd=ROOT, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        print(
            f"stackyard plan {stack} --json: median {statistics.median(times):.2f} s, "
            f"min {min(times):.2f} s, max {max(times):.2f} s over {args.runs} runs"
        )


if __name__ == "__main__":
    main()
