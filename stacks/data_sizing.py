"""What the data tier's asks become on each cloud: the database class for `database.cpu` / `memory_gb`, the
cache's snapshot schedule (`cache.snapshot_every_hours`, `persistence: aof`) and its `maxmemory_mb`.

The builders (`stacks/aws.py`, `stacks/gcp.py`) give the components what these functions return;
`stacks/stand_ins.py` reads the same functions to say where that differs from the ask, and
`problems(...)` refuses what no stand-in can meet (a cache node too small for `maxmemory_mb`). One place
decides, so the plan's "What the cloud does instead" is what the stack builds.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Cache, Database

APP = "stackyard:app"

# RDS classes ManagedPostgres offers, as (class, vCPUs, GiB), in the order they are tried for
# `database.cpu` / `memory_gb` (fewest vCPUs, then least memory). Amazon RDS User Guide, "Hardware
# specifications for DB instance classes".
RDS_CLASSES: tuple[tuple[str, int, int], ...] = (
    ("db.t4g.micro", 2, 1),
    ("db.t4g.small", 2, 2),
    ("db.t4g.medium", 2, 4),
    ("db.m7g.large", 2, 8),
    ("db.r7g.large", 2, 16),
    ("db.m7g.xlarge", 4, 16),
    ("db.r7g.xlarge", 4, 32),
    ("db.m7g.2xlarge", 8, 32),
    ("db.r7g.2xlarge", 8, 64),
    ("db.m7g.4xlarge", 16, 64),
    ("db.r7g.4xlarge", 16, 128),
    ("db.m7g.8xlarge", 32, 128),
    ("db.r7g.8xlarge", 32, 256),
    ("db.m7g.12xlarge", 48, 192),
    ("db.r7g.12xlarge", 48, 384),
    ("db.m7g.16xlarge", 64, 256),
    ("db.r7g.16xlarge", 64, 512),
)
# The config's t-shirt sizes on AWS (`stacks/aws.py`). Any other value is taken as the instance class / node
# type itself.
DATABASE_CLASSES = {
    "micro": "db.t4g.micro",
    "small": "db.t4g.small",
    "medium": "db.t4g.medium",
    "large": "db.m7g.large",
    "xlarge": "db.m7g.xlarge",
}
CACHE_NODE_TYPES = {
    "micro": "cache.t4g.micro",
    "small": "cache.t4g.small",
    "medium": "cache.t4g.medium",
    "large": "cache.m7g.large",
    "xlarge": "cache.m7g.xlarge",
}
# The config's t-shirt sizes on Cloud SQL (ENTERPRISE edition; `stacks/gcp.py`). Any other value is the
# tier itself.
DATABASE_TIERS = {
    "micro": "db-f1-micro",
    "small": "db-g1-small",
    "medium": "db-custom-2-7680",
    "large": "db-custom-4-15360",
    "xlarge": "db-custom-8-30720",
}
# The config's t-shirt sizes as Memorystore memory in GB. A number is taken as the size in GB.
CACHE_MEMORY_GB = {"micro": 1, "small": 1, "medium": 5, "large": 10, "xlarge": 25}
# Memorystore serves reads from replicas only from 5 GB up; smaller caches get the standby only.
READ_REPLICA_MIN_GB = 5
# Memorystore for Redis RDB snapshot periods, and the one each other `snapshot_every_hours` takes: the
# nearest that is at least as frequent (API: PersistenceConfig.rdbSnapshotPeriod).
RDB_PERIODS = (1, 6, 12, 24)
# Memorystore's maxmemory-gb floor: 20 % of the instance ("Redis configurations", maxmemory-gb).
MIN_MAXMEMORY_FRACTION = 0.2
# ElastiCache: at most 20 manual snapshots per node in 24 hours, so hourly becomes every 2 hours.
AWS_SHORTEST_EVERY_HOURS = 2


# ---------------------------------------------------------------------------------------------------------
# Database


def rds_class(cpu: float, memory_gb: float) -> tuple[str, int, int] | None:
    """The first of `RDS_CLASSES` with at least `cpu` vCPUs and `memory_gb` GiB; None past the largest."""
    return next((c for c in RDS_CLASSES if c[1] >= cpu and c[2] >= memory_gb), None)


def database_class(database: Database) -> str:
    """The RDS instance class: from cpu / memory_gb when given, else `size` (a t-shirt size or a class)."""
    if database.cpu is not None and database.memory_gb is not None:
        found = rds_class(database.cpu, database.memory_gb)
        assert found is not None, "problems() refuses a database larger than every class"
        return found[0]
    return DATABASE_CLASSES.get(database.size, database.size)


def cloud_sql_shape(cpu: float, memory_gb: float) -> tuple[int, int] | None:
    """(vCPUs, MiB) of the smallest db-custom machine with at least `cpu` vCPUs and `memory_gb` GB: vCPUs
    1 or even up to 96, memory a multiple of 256 MiB, at least 3840 and 0.9-6.5 GB per vCPU (Cloud SQL
    for PostgreSQL, "Instance settings", custom machine types); None when no shape holds it."""
    from components.gcp.postgres_settings import (
        MAX_CUSTOM_VCPUS,
        MAX_MIB_PER_VCPU,
        MIB_STEP,
        MIN_CUSTOM_MIB,
        MIN_MIB_PER_VCPU_X10,
    )

    vcpus = 1 if cpu <= 1 else 2 * math.ceil(cpu / 2)
    asked_mib = math.ceil(memory_gb * 1024 / MIB_STEP) * MIB_STEP
    while vcpus <= MAX_CUSTOM_VCPUS:
        floor = math.ceil(MIN_MIB_PER_VCPU_X10 * vcpus / 10 / MIB_STEP) * MIB_STEP
        mib = max(asked_mib, floor, MIN_CUSTOM_MIB)
        if mib <= MAX_MIB_PER_VCPU * vcpus:
            return vcpus, mib
        vcpus = 2 if vcpus == 1 else vcpus + 2
    return None


def database_tier(database: Database) -> str:
    """The Cloud SQL tier: db-custom-<vCPUs>-<MiB> from cpu / memory_gb when given, else `size`."""
    if database.cpu is not None and database.memory_gb is not None:
        shape = cloud_sql_shape(database.cpu, database.memory_gb)
        assert shape is not None, "problems() refuses a database larger than every machine type"
        return f"db-custom-{shape[0]}-{shape[1]}"
    return DATABASE_TIERS.get(database.size, database.size)


# ---------------------------------------------------------------------------------------------------------
# Cache


def aws_node_type(cache: Cache) -> str:
    return CACHE_NODE_TYPES.get(cache.size, cache.size)


def aws_snapshot_every_hours(cache: Cache) -> int | None:
    """Hours between the scheduled snapshots that RedisCache adds to the daily one; None for daily only."""
    every = cache.snapshot_every_hours
    if every is None or every == 24 or cache.persistence == "none":
        return None
    return max(every, AWS_SHORTEST_EVERY_HOURS)


def gcp_rdb_hours(cache: Cache) -> int | None:
    """The RDB snapshot period of a Memorystore instance, or None for RedisCache's default (every hour):
    `persistence: aof` takes the shortest (its nearest equivalent), else the shortest period that is at
    least as frequent as `snapshot_every_hours`."""
    if cache.persistence == "none":
        return None
    if cache.persistence == "aof":
        return RDB_PERIODS[0]
    every = cache.snapshot_every_hours
    if every is None:
        return None
    return max(p for p in RDB_PERIODS if p <= every)


def cache_memory_gb(size: str) -> int:
    """Memorystore memory in GB of a `cache.size`: a t-shirt size or a number of GB."""
    return CACHE_MEMORY_GB.get(size) or int(size)


def gcp_memory_gb(cache: Cache) -> int:
    return cache_memory_gb(cache.size)


def gcp_maxmemory_gb(cache: Cache) -> str | None:
    """The `maxmemory-gb` redis config for `cache.maxmemory_mb`: the ask in GB (two decimals), at least the
    20 % of the instance Memorystore allows."""
    if cache.maxmemory_mb is None:
        return None
    memory = gcp_memory_gb(cache)
    gb = max(round(cache.maxmemory_mb / 1024, 2), math.ceil(MIN_MAXMEMORY_FRACTION * memory * 100) / 100)
    return f"{gb:g}"


# ---------------------------------------------------------------------------------------------------------
# What no stand-in meets


def problems(cloud: Any, database: Database | None, cache: Cache | None) -> list[str]:
    """One line per problem, with the key path, of the keys above."""
    found: list[str] = []
    if database is not None:
        found += _database_problems(cloud, database)
    if cache is not None:
        found += _cache_problems(cloud, cache)
    return found


def _database_problems(cloud: Any, database: Database) -> list[str]:
    path = f"{APP}.database"
    cpu, memory = database.cpu, database.memory_gb
    if cpu is None and memory is None:
        return []
    if cpu is None or memory is None:
        missing = "cpu" if cpu is None else "memory_gb"
        return [
            f"{path}.{missing}: required with {'memory_gb' if cpu is None else 'cpu'}; give both, or size"
        ]
    if "size" in database.model_fields_set:
        return [f"{path}.size: give size or cpu and memory_gb, not both"]
    if cloud == "aws" and rds_class(cpu, memory) is None:
        return [f"{path}.cpu: {cpu:g} vCPUs with {memory:g} GB is more than any RDS class offers (64 / 512)"]
    if cloud == "gcp" and cloud_sql_shape(cpu, memory) is None:
        return [
            f"{path}.memory_gb: {memory:g} GB with {cpu:g} vCPUs fits no Cloud SQL custom machine "
            "(at most 96 vCPUs and 6.5 GB per vCPU)"
        ]
    return []


def _cache_problems(cloud: Any, cache: Cache) -> list[str]:
    path = f"{APP}.cache"
    found = []
    if cache.persistence == "none" and cache.snapshot_every_hours is not None:
        found.append(f"{path}.snapshot_every_hours: not with persistence: none; remove one of them")
    if cache.maxmemory_mb is not None and "maxmemory-gb" in cache.parameters:
        found.append(f"{path}.parameters.maxmemory-gb: set it with cache.maxmemory_mb instead")
    if cloud == "aws":
        found += _aws_cache_problems(path, cache)
    elif cloud == "gcp" and cache.maxmemory_mb is not None and (cache.size.isdigit() or _named(cache)):
        memory = gcp_memory_gb(cache)
        if cache.maxmemory_mb > memory * 1024:
            found.append(
                f"{path}.maxmemory_mb: {cache.maxmemory_mb} is more than the {memory} GB instance "
                f"(cache.size); use a size of at least {math.ceil(cache.maxmemory_mb / 1024)}"
            )
    return found


def _named(cache: Cache) -> bool:
    from .cloud_rules import NAMED_SIZES

    return cache.size in NAMED_SIZES


def _aws_cache_problems(path: str, cache: Cache) -> list[str]:
    from components.aws.redis import NODE_MEMORY_GIB, data_memory_mb

    found = []
    every = cache.snapshot_every_hours
    if every is not None and every < 24 and cache.snapshot_retention_days == 0:
        found.append(
            f"{path}.snapshot_every_hours: {every} needs snapshot_retention_days of at least 1 (the "
            "scheduled snapshots are kept as long as the daily ones)"
        )
    node = aws_node_type(cache)
    if cache.maxmemory_mb is None or node not in NODE_MEMORY_GIB:
        return found  # an unknown node type is reported by RedisCache's own check
    parameters = dict(cache.parameters)
    if cache.maxmemory_mb > data_memory_mb(node, parameters):
        fits = [
            size
            for size in ("micro", "small", "medium", "large", "xlarge")
            if data_memory_mb(aws_node_type(cache.model_copy(update={"size": size})), parameters)
            >= cache.maxmemory_mb
        ]
        hint = f"size {fits[0]} or larger" if fits else "a larger node type"
        found.append(
            f"{path}.maxmemory_mb: {cache.maxmemory_mb} MB does not fit {node}: ElastiCache fixes maxmemory "
            f"by node type ({NODE_MEMORY_GIB[node]:g} GiB, {data_memory_mb(node, parameters)} MB for data "
            f"after reserved-memory-percent); use {hint}"
        )
    return found
