"""`stackyard plan STACK` against the bare Pulumi SDK registering the same resources (a "replay").

uv run python bench/plan_vs_replay.py [--runs 5] [--stack prod] [--breakdown]

Both sides are timed the way a user meets them: a new process each run, imports included.

- plan: `stackyard plan STACK --json` (the config model, the program, the components, the provider SDKs).
- replay: this file with `--replay PLAN.json`, which imports only `pulumi` and `stacks.mocks` and, under the
  same mocks (`StackyardMocks`, `RecordingMonitor`) and the same runtime entry (`run_pulumi_func`), registers
  every resource of the plan's own `--json` document: a `pulumi.ComponentResource` per component, a
  `pulumi.CustomResource(type, name, inputs, opts)` per resource, with the same parent, `protect`,
  `retain_on_delete` and dependencies (as `depends_on`); masked secrets are secret again, and the stack
  outputs are exported. It checks that it registered the same URNs, types and parents as the plan.

A second replay, `--replay ... --sdk-modules`, first imports the provider SDK module each resource type
lives in (`aws:ec2/vpc:Vpc` -> `pulumi_aws.ec2`), as a program written against the typed SDK must: the
same resources through the SDK a user would write them with. It runs twice: with the interpreter's default
garbage-collector settings, as a program runs under `pulumi up`, and with the settings a `stackyard` process
uses (stacks/collector.py), which is the like-for-like comparison. Every ratio is printed, on wall time and
on CPU time (user + system: on a busy machine the steadier of the two).

A last replay, `--typed`, registers each resource through its typed SDK class (`aws.ec2.Vpc(name,
opts=..., cidr_block=...)`) instead of a generic `pulumi.CustomResource`: what a program written against
the SDK does. It checks that the input names registered are the plan's. Against it, with the same
collector settings, the target is a ratio of at most 1.1.

It prints the medians and the ratios. `--breakdown` adds, in one warm process, the render alone against the
replay alone (no imports), and the slowest imports of a plan process (`python -X importtime`), which is
where a ratio above 1.1 comes from.
"""

from __future__ import annotations

import argparse
import gc
import heapq
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STACKYARD = str(Path(sys.executable).with_name("stackyard"))


# --- the replay (runs in its own process: `--replay PLAN.json`) -------------------------------------------


def creation_order(resources: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The resources (but the root stack) in an order where each comes after its parent and everything it
    depends on, plan order where free. Returns the order and how many dependencies had to be dropped to break
    a cycle (none in the stacks so far)."""
    listed = [r for r in resources if r["type"] != "pulumi:pulumi:Stack"]
    position = {r["urn"]: i for i, r in enumerate(listed)}
    waiting: dict[str, set[str]] = {}
    blocking: dict[str, list[str]] = {}
    for r in listed:
        edges = {d for d in [*r["dependencies"], r["parent"]] if d in position and d != r["urn"]}
        waiting[r["urn"]] = edges
        for edge in edges:
            blocking.setdefault(edge, []).append(r["urn"])
    ready = [position[u] for u, edges in waiting.items() if not edges]
    heapq.heapify(ready)
    order: list[dict[str, Any]] = []
    done: set[str] = set()
    dropped = 0
    while len(order) < len(listed):
        if not ready:  # a cycle: start the earliest waiting resource without what it still waits for
            stuck = min((u for u in waiting if u not in done), key=position.__getitem__)
            dropped += len(waiting[stuck])
            waiting[stuck] = set()
            heapq.heappush(ready, position[stuck])
        urn = listed[heapq.heappop(ready)]["urn"]
        if urn in done:
            continue
        done.add(urn)
        order.append(listed[position[urn]])
        for other in blocking.get(urn, []):
            if other not in done and urn in waiting[other]:
                waiting[other].discard(urn)
                if not waiting[other]:
                    heapq.heappush(ready, position[other])
    return order, dropped


def sdk_class(type_token: str) -> type:
    """The typed SDK class of a resource type: `aws:ec2/vpc:Vpc` -> `pulumi_aws.ec2.Vpc`,
    `aws:lambda/function:Function` -> `pulumi_aws.lambda_.Function`, `random:index/randomPassword:...`
    -> `pulumi_random.RandomPassword`, `kubernetes:apps/v1:Deployment` ->
    `pulumi_kubernetes.apps.v1.Deployment`."""
    import importlib

    provider, middle, name = type_token.split(":")
    package = PROVIDER_PACKAGES[provider]
    module = middle.replace("/", ".") if provider == "kubernetes" else middle.split("/")[0]
    if module in ("index", ""):
        return getattr(importlib.import_module(package), name)
    try:
        found = importlib.import_module(f"{package}.{module}")
    except ModuleNotFoundError:  # a Python keyword: `lambda` is `lambda_`
        found = importlib.import_module(f"{package}.{module}_")
    return getattr(found, name)


def snake_case(name: str) -> str:
    """A Pulumi property name as the typed SDK's keyword argument: `enableDnsHostnames` ->
    `enable_dns_hostnames`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def replay(document: dict[str, Any], typed: bool = False) -> dict[str, Any]:
    """Register `document`'s resources through the bare SDK under the plan's mocks; what was registered.

    `typed`: each resource through its typed SDK class (`aws.ec2.Vpc(name, opts=..., cidr_block=...)`), as
    a program written against the SDK registers it, instead of a generic `pulumi.CustomResource`."""
    import asyncio

    import pulumi
    from pulumi.runtime.stack import run_pulumi_func
    from pulumi.runtime.sync_await import _sync_await

    from stacks.mocks import SECRET_MASK, RecordingMonitor, StackyardMocks

    def value(v: Any) -> Any:
        if v == SECRET_MASK:
            return pulumi.Output.secret(v)
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items()}
        if isinstance(v, list):
            return [value(x) for x in v]
        return v

    order, dropped = creation_order(document["resources"])
    project, stack = document["project"], document["stack"]

    def program() -> None:
        created: dict[str, pulumi.Resource] = {}
        for r in order:
            opts = pulumi.ResourceOptions(
                parent=created.get(r["parent"] or ""),
                protect=r["protect"],
                retain_on_delete=r["retainOnDelete"],
                depends_on=[created[d] for d in r["dependencies"] if d in created],
            )
            if r["custom"] and typed:
                arguments = {snake_case(k): value(v) for k, v in r["inputs"].items()}
                created[r["urn"]] = sdk_class(r["type"])(r["name"], opts=opts, **arguments)
            elif r["custom"]:
                created[r["urn"]] = pulumi.CustomResource(r["type"], r["name"], value(r["inputs"]), opts)
            else:
                component = pulumi.ComponentResource(r["type"], r["name"], None, opts)
                component.register_outputs({})
                created[r["urn"]] = component
        for name, exported in document["outputs"].items():
            pulumi.export(name, value(exported))

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    mocks = StackyardMocks()
    monitor = RecordingMonitor(mocks)
    try:
        pulumi.runtime.reset_options(project=project, stack=stack, preview=False)
        pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=False, monitor=monitor)
        _sync_await(run_pulumi_func(program))
    finally:
        monitor.close()
        asyncio.set_event_loop(None)
        loop.close()
    return {
        "registered": sorted((r.urn, r.type, r.parent) for r in monitor.registrations.values()),
        "input_keys": sorted((r.urn, sorted(r.inputs)) for r in monitor.registrations.values()),
        "dropped": dropped,
    }


PROVIDER_PACKAGES = {
    "aws": "pulumi_aws",
    "gcp": "pulumi_gcp",
    "kubernetes": "pulumi_kubernetes",
    "random": "pulumi_random",
    "command": "pulumi_command",
}


def sdk_modules(document: dict[str, Any]) -> list[str]:
    """The provider SDK modules the plan's resource types live in: `aws:ec2/vpc:Vpc` -> `pulumi_aws.ec2`,
    `kubernetes:apps/v1:Deployment` -> `pulumi_kubernetes.apps.v1`, `random:index/...` -> `pulumi_random`."""
    found: dict[str, None] = {}
    for r in document["resources"]:
        provider, _, rest = r["type"].partition(":")
        package = PROVIDER_PACKAGES.get(provider)
        if package is None or not r["custom"]:
            continue
        middle = rest.rpartition(":")[0]
        module = middle.replace("/", ".") if provider == "kubernetes" else middle.split("/")[0]
        found[package if module in ("index", "") else f"{package}.{module}"] = None
    return list(found)


def replay_main(
    path: Path, report: Path | None, with_sdk_modules: bool, quiet_collector: bool, typed: bool
) -> None:
    import importlib

    from stacks import collector

    if quiet_collector:  # the collector settings of a `stackyard` process (stacks/collector.py)
        collector.quiet_collector()
    document = json.loads(path.read_text())
    if with_sdk_modules:
        for name in sdk_modules(document):
            # `pulumi_aws.ec2` and the like are lazy modules: importing one only registers it; its first
            # attribute access runs it, as the program's `aws.ec2.Vpc(...)` does.
            getattr(importlib.import_module(name), "__all__", None)
    if quiet_collector:
        collector.quiet_collector()
    result = replay(document, typed)
    if report is not None:
        report.write_text(json.dumps(result))
    if quiet_collector:
        collector.settle_for_exit()


# --- the benchmark ----------------------------------------------------------------------------------------


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess[bytes]]:
    """Run `command`; its wall time, its CPU time (user + system, the machine's load hardly changes it) and
    its result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    return elapsed, cpu, result


def check_same_resources(document: dict[str, Any], report: dict[str, Any]) -> str:
    planned = sorted((r["urn"], r["type"], r["parent"]) for r in document["resources"])
    registered = sorted(tuple(x) for x in report["registered"])
    if planned != registered:
        missing = sorted(set(planned) - set(registered))[:5]
        extra = sorted(set(registered) - set(planned))[:5]
        sys.exit(f"the replay registered other resources than the plan: missing {missing}, extra {extra}")
    planned_keys = sorted((r["urn"], sorted(r["inputs"])) for r in document["resources"] if r["custom"])
    custom = {urn for urn, _ in planned_keys}
    registered_keys = sorted((urn, keys) for urn, keys in report["input_keys"] if urn in custom)
    if planned_keys != registered_keys:
        differ = [a for a, b in zip(planned_keys, registered_keys, strict=False) if a != b][:3]
        sys.exit(f"the replay registered other inputs than the plan: {differ}")
    return f"{len(planned)} resources, the same URNs, types, parents and input names as the plan"


def breakdown(document: dict[str, Any], stack: str, runs: int) -> None:
    """Warm, in one process: the render alone against the typed replay alone; then a plan process's
    imports."""
    from stacks.collector import quiet_collector
    from stacks.plan import render
    from stacks.stackfile import read_stack_file

    source = read_stack_file(ROOT / f"Pulumi.{stack}.yaml", stack=stack, project_root=ROOT)
    render(source, ROOT / "__main__.py")  # warm: imports, lazy provider modules
    replay(document, typed=True)
    quiet_collector()  # as in a `stackyard` process
    renders, replays = [], []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        render(source, ROOT / "__main__.py")
        renders.append(time.perf_counter() - start)
        gc.collect()
        start = time.perf_counter()
        replay(document, typed=True)
        replays.append(time.perf_counter() - start)
    r, p = min(renders), min(replays)
    medians = f"medians {statistics.median(renders):.2f} s and {statistics.median(replays):.2f} s"
    print(
        f"warm, in one process (best of {runs}; no imports): render {r:.2f} s, typed replay {p:.2f} s, "
        f"ratio {r / p:.2f}x ({medians})"
    )

    result = subprocess.run(
        [sys.executable, "-X", "importtime", STACKYARD, "plan", stack, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    print("imports of one `stackyard plan` process (python -X importtime, which inflates them somewhat):")
    for line in import_report(result.stderr):
        print(f"  {line}")


def import_report(importtime: str) -> list[str]:
    """The stackyard modules slowest to import, and the provider subpackages by the time their modules take
    and by who loads them: a stackyard module while it is imported, or the program while it runs (the
    provider SDKs load a subpackage such as `pulumi_aws.wafv2` on first use)."""
    rows = []
    for line in importtime.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if found:
            depth = (len(found.group(3)) - 1) // 2
            rows.append((int(found.group(1)), int(found.group(2)), depth, found.group(4)))
    ours = ("stacks", "components")
    lines = [
        f"{sum(r[0] for r in rows) / 1000:.0f} ms in {len(rows)} modules; stackyard's slowest (cumulative):"
    ]
    for _, cumulative, _, name in sorted(
        (r for r in rows if r[3].split(".")[0] in ours), key=lambda r: -r[1]
    )[:8]:
        lines.append(f"  {cumulative / 1000:6.0f} ms  {name}")
    by_package: dict[tuple[str, str], list[int]] = {}
    chain: list[str] = []
    for own, _, depth, name in reversed(rows):  # an importer comes before what it imports
        chain = [*chain[:depth], name]
        if name.split(".")[0].startswith("pulumi_") and name.count(".") >= 2:
            importers = [m for m in chain[:-1] if m.split(".")[0] in ours]
            loader = f"at import of {importers[-1]}" if importers else "while the program runs"
            entry = by_package.setdefault((".".join(name.split(".")[:2]), loader), [0, 0])
            entry[0] += own
            entry[1] += 1
    lines.append("provider subpackages (self time of their modules):")
    for (package, loader), (own, count) in sorted(by_package.items(), key=lambda x: -x[1][0])[:14]:
        lines.append(f"  {own / 1000:6.0f} ms  {package} ({count} modules) {loader}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stack", default="prod")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--breakdown", action="store_true", help="also time the parts (see above)")
    parser.add_argument("--replay", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sdk-modules", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--quiet-collector", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--typed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.replay is not None:
        replay_main(args.replay, args.report, args.sdk_modules, args.quiet_collector, args.typed)
        return

    with tempfile.TemporaryDirectory(prefix="stackyard-bench-") as scratch:
        plan_file, report_file = Path(scratch, "plan.json"), Path(scratch, "report.json")
        plan_command = [STACKYARD, "plan", args.stack, "--json"]
        replay_command = [sys.executable, __file__, "--replay", str(plan_file), "--report", str(report_file)]
        sides = {
            "bare": replay_command,
            "sdk": [*replay_command, "--sdk-modules"],
            "sdk, same collector": [*replay_command, "--sdk-modules", "--quiet-collector"],
            "typed SDK, same collector": [*replay_command, "--sdk-modules", "--quiet-collector", "--typed"],
        }
        _, _, first = timed(plan_command)  # also warms the page cache
        plan_file.write_bytes(first.stdout)
        document = json.loads(first.stdout)
        for command in (replay_command, sides["typed SDK, same collector"]):
            timed(command)
            print(check_same_resources(document, json.loads(report_file.read_text())))
        walls: dict[str, list[float]] = {"plan": [], **{side: [] for side in sides}}
        cpus: dict[str, list[float]] = {side: [] for side in walls}
        for _ in range(args.runs):  # interleaved, so a change in the machine's load hits every side
            for side, command in {"plan": plan_command, **sides}.items():
                wall, cpu, _ = timed(command)
                walls[side].append(wall)
                cpus[side].append(cpu)
    wall = {side: statistics.median(times) for side, times in walls.items()}
    cpu = {side: statistics.median(times) for side, times in cpus.items()}
    count = len(document["resources"])
    labels = {
        "plan": f"stackyard plan {args.stack} --json",
        "bare": f"bare SDK replay of its {count} resources",
        "sdk": "replay with the provider SDK modules of its types (default collector, as under `pulumi up`)",
        "sdk, same collector": "the same replay with the collector settings of `stackyard` "
        "(stacks/collector.py)",
        "typed SDK, same collector": "the same, each resource through its typed SDK class (aws.ec2.Vpc(...))",
    }
    for side, label in labels.items():
        print(
            f"{label}: median {wall[side]:.2f} s wall (min {min(walls[side]):.2f}, "
            f"max {max(walls[side]):.2f}), {cpu[side]:.2f} s CPU"
        )
    print(f"over {args.runs} runs each; ratios plan / replay, wall and CPU (target <= 1.10x):")
    for side in sides:
        print(f"  plan / {side}: {wall['plan'] / wall[side]:.2f}x wall, {cpu['plan'] / cpu[side]:.2f}x CPU")
    print(
        f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
    )
    if args.breakdown:
        breakdown(document, args.stack, args.runs)


if __name__ == "__main__":
    main()
