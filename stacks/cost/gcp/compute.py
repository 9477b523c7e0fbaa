"""Google Cloud compute: Cloud Run services, worker pools and jobs, Artifact Registry repositories
and GKE clusters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import Context, Outcome, Resource, Rule
from ..model import SECONDS_PER_MONTH, Line
from .common import H, cpu_count, gib, registrar

FREE: dict[str, str] = {}

NOT_PRICED: dict[str, str] = {
    "gcp:cloudrunv2/job:Job": (
        "billed per vCPU-second and GiB-second while an execution runs (a migration job for seconds each "
        "deploy); the usage file has no executions"
    ),
}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


def _container_size(containers: list[Mapping[str, Any]]) -> tuple[float, float]:
    cpu = sum(cpu_count((c.get("resources") or {}).get("limits", {}).get("cpu", "1")) for c in containers)
    memory = sum(gib((c.get("resources") or {}).get("limits", {}).get("memory", "512Mi")) for c in containers)
    return cpu, memory


@rule("gcp:cloudrunv2/service:Service")
def cloud_run_service(r: Resource, ctx: Context) -> Outcome:
    containers = [c for c in r.get("template.containers", []) if isinstance(c, Mapping)]
    cpu, memory = _container_size(containers)
    request_based = all((c.get("resources") or {}).get("cpuIdle", True) for c in containers)
    minimum = int(r.get("template.scaling.minInstanceCount", 0) or r.get("scaling.minInstanceCount", 0) or 0)
    concurrency = float(r.get("template.maxInstanceRequestConcurrency", 80) or 80)
    usage = ctx.usage_of(r, "cloud_run")
    lines: list[Line] = []
    note = "request-based billing" if request_based else "instance-based billing"
    if minimum:
        bound = (
            "upper bound: priced at the instance-based rate; request-based billing charges idle minimum "
            "instances a lower rate that is not in the table"
            if request_based
            else ""
        )
        ceiling = ", upper bound" if request_based else ""
        lines += [
            ctx.fixed(
                f"Minimum instances, CPU ({minimum} x {cpu:g} vCPU){ceiling}",
                minimum * cpu * SECONDS_PER_MONTH,
                "vCPU-seconds",
                "cloudrun.instance.vcpu_second",
                note=bound,
            ),
            ctx.fixed(
                f"Minimum instances, memory ({minimum} x {memory:g} GiB){ceiling}",
                minimum * memory * SECONDS_PER_MONTH,
                "GiB-seconds",
                "cloudrun.instance.gib_second",
                note=bound,
            ),
        ]
        if request_based:
            note += "; minimum instances: " + bound
    if request_based:
        busy = usage["requests_million"] * 1e6 * usage["request_ms"] / 1000 / concurrency
        lines += [
            ctx.use(
                "Requests",
                usage["requests_million"],
                "1M requests",
                "cloudrun.requests.million",
                "cloud_run.requests_million",
            ),
            ctx.use(
                f"CPU while serving requests ({cpu:g} vCPU, concurrency {concurrency:g})",
                busy * cpu,
                "vCPU-seconds",
                "cloudrun.request.vcpu_second",
                "cloud_run.request_ms",
            ),
            ctx.use(
                f"Memory while serving requests ({memory:g} GiB)",
                busy * memory,
                "GiB-seconds",
                "cloudrun.request.gib_second",
                "cloud_run.request_ms",
            ),
        ]
    else:
        extra = usage["extra_instance_hours"] * 3600
        lines += [
            ctx.use(
                "Instances above the minimum, CPU",
                extra * cpu,
                "vCPU-seconds",
                "cloudrun.instance.vcpu_second",
                "cloud_run.extra_instance_hours",
            ),
            ctx.use(
                "Instances above the minimum, memory",
                extra * memory,
                "GiB-seconds",
                "cloudrun.instance.gib_second",
                "cloud_run.extra_instance_hours",
            ),
        ]
    return Outcome(lines, note=note)


@rule("gcp:cloudrunv2/workerPool:WorkerPool")
def cloud_run_worker_pool(r: Resource, ctx: Context) -> Outcome:
    containers = [c for c in r.get("template.containers", []) if isinstance(c, Mapping)]
    cpu, memory = _container_size(containers)
    count = int(r.get("scaling.manualInstanceCount", 1) or 1)
    return Outcome(
        [
            ctx.fixed(
                f"Instances, CPU ({count} x {cpu:g} vCPU)",
                count * cpu * SECONDS_PER_MONTH,
                "vCPU-seconds",
                "cloudrun.instance.vcpu_second",
            ),
            ctx.fixed(
                f"Instances, memory ({count} x {memory:g} GiB)",
                count * memory * SECONDS_PER_MONTH,
                "GiB-seconds",
                "cloudrun.instance.gib_second",
            ),
        ]
    )


@rule("gcp:artifactregistry/repository:Repository")
def artifact_repository(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "container_registry")
    return Outcome(
        [
            ctx.use(
                "Image storage",
                usage["storage_gb"],
                "GB-months",
                "artifactregistry.storage.gb_month",
                "container_registry.storage_gb",
            )
        ]
    )


@rule("gcp:container/cluster:Cluster")
def gke_cluster(r: Resource, ctx: Context) -> Outcome:
    return Outcome(
        [ctx.fixed("Cluster management fee", H, "hours", "gke.cluster.hour")],
        note=(
            "Autopilot bills each pod's vCPU, memory and storage requests; those rates are not in the table"
            if r.get("enableAutopilot")
            else "node VMs are not priced"
        ),
    )
