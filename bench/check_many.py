"""Wall time of `stackyard check` over every stack file: one process per file (what CI did) against one
process for all of them (`stackyard check --config-file A --config-file B …`), as a user runs them (the
console script, imports included). Also checks that both ways give each file the same summary line.

uv run python bench/check_many.py [--runs 1] [STACK_FILE ...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def default_files() -> list[str]:
    files = sorted(ROOT.glob("Pulumi.*.yaml")) + sorted(ROOT.glob("blueprints/*/Pulumi.*.yaml"))
    return [str(p.relative_to(ROOT)) for p in files]


def run(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", help="stack files (default: the root's and the blueprints')")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    files = args.files or default_files()
    stackyard = str(Path(sys.executable).with_name("stackyard"))

    separate, together = [], []
    summaries: dict[str, str] = {}
    for _ in range(args.runs):
        total = 0.0
        for stack_file in files:
            seconds, result = run([stackyard, "check", "--config-file", stack_file])
            total += seconds
            summaries[stack_file] = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
        separate.append(total)
        flags = [word for stack_file in files for word in ("--config-file", stack_file)]
        seconds, result = run([stackyard, "check", *flags])
        together.append(seconds)
        lines = result.stdout.splitlines()
        for stack_file in files:
            (line,) = [ln for ln in lines if ln.startswith(f"{stack_file}: ")]
            if line.removeprefix(f"{stack_file}: ") != summaries[stack_file]:
                raise SystemExit(
                    f"{stack_file}: one process says {line!r}, its own says {summaries[stack_file]!r}"
                )

    def show(times: list[float]) -> str:
        return f"median {statistics.median(times):.1f} s (min {min(times):.1f}, max {max(times):.1f})"

    each, all_ = statistics.median(separate), statistics.median(together)
    print(f"{len(files)} stack files, {args.runs} run(s) each way; each file's summary is the same both ways")
    print(f"  one process per file: {show(separate)}, {each / len(files):.1f} s a file")
    print(f"  one process for all:  {show(together)}, {all_ / len(files):.1f} s a file")
    print(f"  {each / all_:.1f}x faster in one process")


if __name__ == "__main__":
    main()
