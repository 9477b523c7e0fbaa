"""AWS compute: EC2 instances and EBS volumes, ECR repositories, ECS services and EventBridge
Scheduler tasks on Fargate (and Fargate Spot), EKS clusters and Lambda functions."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from ..context import Context, Outcome, Resource, Rule, free, not_priced
from ..model import Line
from .common import ON_DEMAND, SPOT, H, registrar

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "aws:appautoscaling/policy:Policy",
            "aws:appautoscaling/target:Target",
            "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
            "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        ),
        "configuration with no charge (the tasks it scales or places are priced)",
    ),
    "aws:ecs/taskDefinition:TaskDefinition": (
        "priced through the service or schedule that runs it (Fargate vCPU and GB)"
    ),
    "aws:ecs/cluster:Cluster": (
        "ECS has no charge for the cluster; Container Insights metrics are billed as CloudWatch usage "
        "(not modelled)"
    ),
    "aws:eks/addon:Addon": (
        "add-ons have no charge; the logs and metrics they send are billed as CloudWatch usage"
    ),
    "aws:eks/accessEntry:AccessEntry": "configuration of the cluster",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": "configuration of the cluster",
}

NOT_PRICED: dict[str, str] = {}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


@rule("aws:ec2/instance:Instance")
def ec2_instance(r: Resource, ctx: Context) -> Outcome:
    type_ = str(r.get("instanceType", "?"))
    if r.get("instanceMarketOptions.marketType") == "spot":
        return not_priced(f"a Spot {type_} instance; Spot prices are not in the table")
    size = float(r.get("rootBlockDevice.volumeSize", 8))
    volume = str(r.get("rootBlockDevice.volumeType", "gp3"))
    lines = [
        ctx.fixed(f"Instance ({type_}, on-demand)", H, "hours", f"ec2.instance.{type_}.hour"),
        ctx.fixed(f"Root volume ({volume})", size, "GB-months", f"ec2.ebs.{volume}.gb_month"),
    ]
    if r.get("associatePublicIpAddress"):
        lines.append(ctx.fixed("Public IPv4 address", H, "hours", "ec2.public_ipv4.hour"))
    return Outcome(lines)


@rule("aws:ebs/volume:Volume")
def ebs_volume(r: Resource, ctx: Context) -> Outcome:
    volume = str(r.get("type", "gp3"))
    return Outcome(
        [ctx.fixed(f"Volume ({volume})", float(r.get("size", 0)), "GB-months", f"ec2.ebs.{volume}.gb_month")]
    )


@rule("aws:ecr/repository:Repository")
def ecr_repository(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "container_registry")
    return Outcome(
        [
            ctx.use(
                "Image storage",
                usage["storage_gb"],
                "GB-months",
                "ecr.storage.gb_month",
                "container_registry.storage_gb",
            )
        ]
    )


def _task_definitions(ctx: Context) -> dict[str, Resource]:
    return {str(t.get("family")): t for t in ctx.of_type("aws:ecs/taskDefinition:TaskDefinition")}


def _family(task_definition_arn: Any) -> str:
    """`arn:aws:ecs:…:task-definition/shop-api:3` → `shop-api`."""
    tail = str(task_definition_arn).rsplit("/", 1)[-1]
    return tail.split(":", 1)[0]


def _task_size(task: Resource) -> tuple[float, float, str]:
    """(vCPU, GB, architecture) of a Fargate task definition (`cpu` in CPU units, `memory` in MiB)."""
    vcpu = float(task.get("cpu", 256)) / 1024
    memory = float(task.get("memory", 512)) / 1024
    arch = str(task.get("runtimePlatform.cpuArchitecture", "X86_64"))
    return vcpu, memory, "linux_arm" if arch == "ARM64" else "linux_x86"


def _split(strategies: list[Mapping[str, Any]], tasks: float) -> dict[str, float]:
    """How many of `tasks` each capacity provider runs: each provider's `base` first, the rest by `weight`."""
    if not strategies:
        return {ON_DEMAND: tasks}
    counts: dict[str, float] = {}
    remaining = tasks
    for strategy in strategies:
        base = min(float(strategy.get("base", 0) or 0), remaining)
        if base:
            counts[strategy["capacityProvider"]] = counts.get(strategy["capacityProvider"], 0) + base
            remaining -= base
    weights = {s["capacityProvider"]: float(s.get("weight", 0) or 0) for s in strategies}
    total = sum(weights.values())
    if remaining and total:
        for provider, weight in weights.items():
            counts[provider] = counts.get(provider, 0) + remaining * weight / total
    return {provider: count for provider, count in counts.items() if count}


def _fargate_lines(
    ctx: Context,
    task: Resource,
    tasks_by_provider: dict[str, float],
    hours: float,
    kind: str,
    usage_key: str | None,
) -> list[Line]:
    vcpu, memory, platform = _task_size(task)
    lines: list[Line] = []
    for provider, tasks in tasks_by_provider.items():
        if provider not in (ON_DEMAND, SPOT):
            continue
        prefix = "fargate_spot" if provider == SPOT else "fargate"
        label = "Fargate Spot" if provider == SPOT else "Fargate"
        platform_label = "ARM" if platform == "linux_arm" else "x86"
        count = f"{tasks:g} task{'s' if tasks != 1 else ''}"
        for what, size, unit, item in (
            ("vCPU", vcpu, "vCPU-hours", f"{prefix}.{platform}.vcpu_hour"),
            ("Memory", memory, "GB-hours", f"{prefix}.{platform}.gb_hour"),
        ):
            name = f"{label} {what} ({count} x {size:g} {what if what == 'vCPU' else 'GB'}, {platform_label})"
            quantity = tasks * size * hours
            if kind == "fixed":
                lines.append(ctx.fixed(name, quantity, unit, item))
            else:
                lines.append(ctx.use(name, quantity, unit, item, usage_key or ""))
    return lines


@rule("aws:ecs/service:Service")
def ecs_service(r: Resource, ctx: Context) -> Outcome:
    task = _task_definitions(ctx).get(_family(r.get("taskDefinition", "")))
    if task is None:
        return not_priced("its task definition is not in the plan")
    strategies = list(r.get("capacityProviderStrategies", []))
    if not strategies and r.get("launchType", "FARGATE") != "FARGATE":
        return not_priced("runs on EC2 capacity, which is priced with its instances")
    tasks = float(r.get("desiredCount", 1))
    resource_id = f"/{r.get('name')}"
    ranges = [
        target
        for target in ctx.of_type("aws:appautoscaling/target:Target")
        if str(target.get("resourceId", "")).endswith(resource_id)
    ]
    for target in ranges:
        tasks = max(tasks, float(target.get("minCapacity", 0)))
    if tasks == 0 and ranges and all(float(t.get("maxCapacity", 0)) == 0 for t in ranges):
        # components.aws.ContainerService before the first push (`image_tag` "bootstrap").
        return free(
            "runs no task until its first image is deployed (image_tag bootstrap); Fargate is billed from "
            "then on, for scale.min tasks and more"
        )
    split = _split(strategies, tasks)
    lines = _fargate_lines(ctx, task, split, H, "fixed", None)
    others = sorted(set(split) - {ON_DEMAND, SPOT})
    if others:
        return not_priced(f"tasks on {', '.join(others)} are priced with that capacity", lines)
    note = (
        "Fargate Spot: AWS may stop a task with a two-minute warning; the service starts a replacement"
        if SPOT in split
        else ""
    )
    return Outcome(lines, note=note)


def runs_per_month(expression: str) -> float | None:
    """How often an EventBridge Scheduler expression fires in a month; None for one it cannot read."""
    rate = re.fullmatch(r"rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)", expression.strip())
    if rate:
        every = int(rate.group(1)) * {"m": 1 / 60, "h": 1.0, "d": 24.0}[rate.group(2)[0]]
        return H / every
    if expression.strip().startswith("at("):
        return 0.0
    cron = re.fullmatch(r"cron\((.+)\)", expression.strip())
    if not cron:
        return None
    fields = cron.group(1).split()
    if len(fields) != 6:
        return None
    minute, hour, day, month, weekday, _year = fields
    counts = [_count(minute, 60), _count(hour, 24)]
    if any(c is None for c in counts):
        return None
    per_day = math.prod(c for c in counts if c is not None)
    days = 365 / 12
    if weekday not in ("*", "?"):
        weekdays = _count(weekday.split("#")[0], 7)
        if weekdays is None:
            return None
        days = weekdays * 365 / 12 / 7
    elif day not in ("*", "?"):
        month_days = _count(day, 31)
        if month_days is None:
            return None
        days = month_days
    months = _count(month, 12)
    if months is None:
        return None
    return per_day * days * months / 12


_CRON_NAMES = {
    name: str(number)
    for names in (
        ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"),
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
    )
    for number, name in enumerate(names, start=1)
}


def _count(field: str, size: int) -> int | None:
    """How many values a cron field matches, out of `size`."""
    total = 0
    field = re.sub(r"[A-Za-z]{3}", lambda m: _CRON_NAMES.get(m.group(0).upper(), m.group(0)), field)
    for part in field.split(","):
        if part in ("*", "?"):
            total += size
        elif re.fullmatch(r"(\*|\d+)/\d+", part):
            start, step = part.split("/")
            first = 0 if start == "*" else int(start)
            total += len(range(first, size, int(step)))
        elif re.fullmatch(r"\d+-\d+", part):
            low, high = (int(x) for x in part.split("-"))
            total += high - low + 1
        elif re.fullmatch(r"[0-9A-Za-z]+", part):
            total += 1
        else:
            return None
    return total


@rule("aws:scheduler/schedule:Schedule")
def schedule(r: Resource, ctx: Context) -> Outcome:
    ecs = r.get("target.ecsParameters")
    if not isinstance(ecs, Mapping):
        return free("invocations: $1.00 per million after 14 million free a month (not modelled)")
    task = _task_definitions(ctx).get(_family(ecs.get("taskDefinitionArn", "")))
    if task is None:
        return not_priced("the task definition it runs is not in the plan")
    runs = runs_per_month(str(r.get("scheduleExpression", "")))
    if runs is None:
        return not_priced(f"cannot read the schedule {r.get('scheduleExpression')!r}")
    usage = ctx.usage_of(r, "scheduled_task")
    hours = runs * usage["minutes_per_run"] / 60
    tasks = float(ecs.get("taskCount", 1))
    split = _split(list(ecs.get("capacityProviderStrategies", [])), tasks)
    lines = _fargate_lines(ctx, task, split, hours, "usage", "scheduled_task.minutes_per_run")
    return Outcome(
        lines,
        note=f"{runs:g} runs a month of {usage['minutes_per_run']:g} minutes each",
    )


@rule("aws:eks/cluster:Cluster")
def eks_cluster(r: Resource, ctx: Context) -> Outcome:
    return Outcome(
        [ctx.fixed("EKS cluster (standard support)", H, "hours", "eks.cluster.hour")],
        note=(
            "Auto Mode nodes (EC2 instances and their management fee) are chosen at run time and priced with "
            "the workloads (not priced)"
            if r.get("computeConfig.enabled")
            else ""
        ),
    )


@rule("aws:lambda/function:Function")
def lambda_function(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "function")
    arch = "arm" if "arm64" in r.get("architectures", []) else "x86"
    memory_gb = float(r.get("memorySize", 128)) / 1024
    requests = usage["requests_million"]
    return Outcome(
        [
            ctx.use(
                "Requests", requests, "1M requests", "lambda.requests.million", "function.requests_million"
            ),
            ctx.use(
                f"Duration ({memory_gb * 1024:g} MB, {arch})",
                requests * 1e6 * usage["duration_ms"] / 1000 * memory_gb,
                "GB-seconds",
                f"lambda.{arch}.gb_second",
                "function.duration_ms",
            ),
        ]
    )
