"""Provider limits that both the components and the stack config check."""

from __future__ import annotations

from .bounds import Between, OneOf

# CloudWatch Logs retention: the only values the service accepts.
RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)
# The bound of an argument that is a CloudWatch Logs retention (`components.bounds`).
RETENTION = OneOf(*RETENTION_DAYS)


def check_retention(component: str, argument: str, days: int) -> None:
    """Raise a ValueError naming `component` and `argument` unless `days` is a valid retention."""
    if days not in RETENTION_DAYS:
        allowed = ", ".join(str(d) for d in RETENTION_DAYS)
        raise ValueError(f"{component} {argument} {days} is not allowed; use one of {allowed}")


# PostgreSQL major versions the managed services offer.
POSTGRES_MAJOR_VERSIONS = ("13", "14", "15", "16", "17")

# Redis / Valkey `maxmemory-policy` values.
MAXMEMORY_POLICIES = (
    "volatile-lru",
    "allkeys-lru",
    "volatile-lfu",
    "allkeys-lfu",
    "volatile-random",
    "allkeys-random",
    "volatile-ttl",
    "noeviction",
)

# Fargate task sizes: vCPU -> allowed memory in GB.
FARGATE_MEMORY_GB: dict[float, tuple[float, ...]] = {
    0.25: (0.5, 1, 2),
    0.5: tuple(float(gb) for gb in range(1, 5)),
    1: tuple(float(gb) for gb in range(2, 9)),
    2: tuple(float(gb) for gb in range(4, 17)),
    4: tuple(float(gb) for gb in range(8, 31)),
    8: tuple(float(gb) for gb in range(16, 61, 4)),
    16: tuple(float(gb) for gb in range(32, 121, 8)),
}


# Cloud Run instance sizes (cloud.google.com/run/docs/configuring/services/cpu, "vCPU and memory table"):
# any vCPU from 0.08 to 1 in steps of 0.01, or a whole 1, 2, 4, 6 or 8; memory in GiB per vCPU below.
# Fractional vCPU also means concurrency 1, request-based billing and the first-generation environment.
CLOUD_RUN_MIN_FRACTIONAL_CPU = 0.08
CLOUD_RUN_WHOLE_CPUS = (1, 2, 4, 6, 8)
# vCPU -> (least, most) memory in GiB. 128 MiB is the first generation's floor, 512 MiB the second's.
CLOUD_RUN_MEMORY_GB: dict[float, tuple[float, float]] = {
    1: (0.5, 4),
    2: (0.5, 8),
    4: (2, 16),
    6: (4, 24),
    8: (4, 32),
}


def cloud_run_memory_range(cpu: float) -> tuple[float, float]:
    """(least, most) memory in GiB that Cloud Run allows with `cpu` vCPUs (a valid size)."""
    if cpu in CLOUD_RUN_MEMORY_GB:
        return CLOUD_RUN_MEMORY_GB[cpu]
    return (0.125, 0.5 if cpu < 0.5 else 1)


def cloud_run_size_problem(cpu: float, memory_gb: float) -> tuple[str, str] | None:
    """Why `cpu` vCPUs with `memory_gb` GiB is not a Cloud Run instance size, as (argument, reason)
    with argument "cpu" or "memory_gb"; None when it is one."""
    fractional = CLOUD_RUN_MIN_FRACTIONAL_CPU <= cpu < 1 and round(cpu * 100) == cpu * 100
    if cpu not in CLOUD_RUN_WHOLE_CPUS and not fractional:
        return (
            "cpu",
            f"{cpu:g} is not offered; use 0.08 to 1 in steps of 0.01, or "
            f"{', '.join(str(c) for c in CLOUD_RUN_WHOLE_CPUS)}",
        )
    least, most = cloud_run_memory_range(cpu)
    if not least <= memory_gb <= most:
        return ("memory_gb", f"{memory_gb:g} does not fit {cpu:g} vCPU; use {least:g} to {most:g} GB")
    return None


# Variables of Cloud Run's container runtime contract: "reserved and cannot be set"
# (cloud.google.com/run/docs/configuring/services/environment-variables), nor any X_GOOGLE_ name.
CLOUD_RUN_RESERVED_ENV = (
    "PORT",
    "K_SERVICE",
    "K_REVISION",
    "K_CONFIGURATION",
    "CLOUD_RUN_JOB",
    "CLOUD_RUN_EXECUTION",
    "CLOUD_RUN_TASK_INDEX",
    "CLOUD_RUN_TASK_ATTEMPT",
    "CLOUD_RUN_TASK_COUNT",
    "CLOUD_RUN_WORKER_POOL",
    "CLOUD_RUN_WORKER_POOL_REVISION",
)

# Namespaces a workload must not use: the default namespace (checkov CKV_K8S_21) and the system ones
# (`kube-*`).
SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")


def system_namespace(name: str) -> bool:
    """Whether `name` is the default namespace or a system one (kube-*), where an app's objects never go."""
    return name in SYSTEM_NAMESPACES or name.startswith("kube-")


# ECS's container health check (Amazon ECS API Reference, "HealthCheck"): ContainerService's
# `health_check_timings` key -> (ECS HealthCheck key, default, least, most). The component's bounds and the
# stack file's `services.<name>.health_check` both read it.
HEALTH_CHECK_TIMINGS = {
    "interval_seconds": ("interval", 30, 5, 300),
    "timeout_seconds": ("timeout", 5, 2, 120),
    "retries": ("retries", 3, 1, 10),
    "start_period_seconds": ("startPeriod", 60, 0, 300),
}
HEALTH_CHECK_BOUNDS = {key: Between(least, most) for key, (_, _, least, most) in HEALTH_CHECK_TIMINGS.items()}
