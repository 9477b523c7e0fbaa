"""What the cloud does instead: each place where the stack gives something other than what the stack file
asks, because the cloud refuses it, with the nearest documented equivalent that stands in.

`stand_ins(config)` computes them from the validated `StackConfig`; the program (`stacks.program.main`)
logs them once with `pulumi.log.info` under `pulumi up` and `pulumi preview`, and `stackyard plan` shows the
same list (text: a "What the cloud does instead" section; `--json`: the top-level "standIns" list, each
`{"key", "asked", "instead", "reason", "source"}`).

Adding one is one line in `EVERY_CLOUD`, `AWS` or `GCP` below:

    Rule(lambda c: StandIn("app.cache.x", "what the file asks", "what the stack gives", "why", "source")
         if c.app.cache and c.app.cache.x else None),

A rule gets the validated `StackConfig` and returns a `StandIn`, several, or None when it does not apply.
What the stack gives comes from the same functions the builders use (`stacks/data_sizing.py`), so the list
is what `pulumi up` creates. A key the cloud cannot honour at all, with no stand-in, is refused by the config
checks instead (`stacks/cloud_rules.py`, `stacks/unused_keys.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import data_sizing
from .announcements import Announcement
from .config import Cache, Database, StackConfig

HEADING = "What the cloud does instead"

ELASTICACHE_AOF = (
    'Amazon ElastiCache User Guide, "Append only files (AOF)" and "Mitigating failure issues when using '
    'Redis AOF"'
)
ELASTICACHE_MAXMEMORY = (
    'Amazon ElastiCache User Guide, "Redis OSS node-type specific parameters" and "Managing reserved memory"'
)
ELASTICACHE_SNAPSHOTS = (
    'Amazon ElastiCache User Guide, "Scheduling automatic backups" and "Taking manual backups"; AWS '
    'Knowledge Center, "fault tolerance for ElastiCache" (at most 20 manual backups per node a day)'
)
MEMORYSTORE_PERSISTENCE = (
    'Memorystore for Redis, "About RDB snapshots"; API reference, PersistenceConfig.PersistenceMode '
    "(DISABLED or RDB; AOF only in Memorystore for Redis Cluster and for Valkey)"
)
MEMORYSTORE_CONFIGS = 'Memorystore for Redis, "Redis configurations" (maxmemory-gb)'
MEMORYSTORE_REPLICAS = 'Memorystore for Redis, "About read replicas" (caveats and limitations)'
RDS_CLASSES = 'Amazon RDS User Guide, "Hardware specifications for DB instance classes"'
CLOUD_SQL_SHAPES = 'Cloud SQL for PostgreSQL, "Instance settings", custom machine types'
CLOUDFRONT_ORIGIN_TLS = (
    'Amazon CloudFront Developer Guide, "Supported protocols and ciphers between CloudFront and the origin" '
    "(origin protocols SSLv3 to TLSv1.2)"
)


@dataclass(frozen=True)
class StandIn:
    """One ask the cloud refuses, and what the stack gives instead."""

    key: str
    """The stack-file key, e.g. `app.cache.persistence`."""
    asked: str
    """What the stack file asks, e.g. "aof"."""
    instead: str
    """What the stack gives."""
    reason: str
    """Why the ask itself is not possible."""
    source: str
    """Where the cloud documents it."""

    def as_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "asked": self.asked,
            "instead": self.instead,
            "reason": self.reason,
            "source": self.source,
        }

    def text(self) -> str:
        return f"`{self.key}: {self.asked}`: {self.instead}. {self.reason} ({self.source})."


Found = StandIn | Iterable[StandIn] | None


@dataclass(frozen=True)
class Rule:
    """How to find a stand-in: `find(config)` returns one, several, or None."""

    find: Callable[[StackConfig], Found]


# ---------------------------------------------------------------------------------------------------------
# The rules


def _cache(config: StackConfig) -> Cache | None:
    return config.app.cache


def _database(config: StackConfig) -> Database | None:
    return config.app.database


def _hours(hours: list[int]) -> str:
    return ", ".join(f"{h:02d}:00" for h in hours)


def _aws_database_class(config: StackConfig) -> Found:
    database = _database(config)
    if database is None or database.cpu is None or database.memory_gb is None:
        return None
    chosen = data_sizing.database_class(database)
    name, vcpus, gib = next(c for c in data_sizing.RDS_CLASSES if c[0] == chosen)
    if (vcpus, gib) == (database.cpu, database.memory_gb):
        return None
    return StandIn(
        "app.database.cpu, memory_gb",
        f"{database.cpu:g} vCPU / {database.memory_gb:g} GB",
        f"{name}, {vcpus} vCPU / {gib} GiB, the smallest RDS class that has both",
        "RDS offers fixed instance classes only",
        RDS_CLASSES,
    )


def _gcp_database_tier(config: StackConfig) -> Found:
    database = _database(config)
    if database is None or database.cpu is None or database.memory_gb is None:
        return None
    tier = data_sizing.database_tier(database)
    vcpus, mib = (int(part) for part in tier.removeprefix("db-custom-").split("-"))
    if vcpus == database.cpu and mib == database.memory_gb * 1024:
        return None
    return StandIn(
        "app.database.cpu, memory_gb",
        f"{database.cpu:g} vCPU / {database.memory_gb:g} GB",
        f"{tier}, {vcpus} vCPU / {mib / 1024:g} GB, the nearest larger shape",
        "Cloud SQL custom machines take 1 or an even number of vCPUs and 0.9-6.5 GB per vCPU in steps of "
        "256 MB, at least 3.75 GB",
        CLOUD_SQL_SHAPES,
    )


def _aws_aof(config: StackConfig) -> Found:
    cache = _cache(config)
    if cache is None or cache.persistence != "aof":
        return None
    every = data_sizing.aws_snapshot_every_hours(cache)
    snapshots = f"a snapshot every {every} hours" if every else "a daily snapshot"
    kept = f"{snapshots}, kept {cache.snapshot_retention_days} days"
    if cache.replicas >= 1 and cache.automatic_failover:
        instead = f"{kept}, and a replica in another zone with automatic failover (Multi-AZ)"
    else:
        instead = (
            f"{kept} only: set cache.replicas: 1 and automatic_failover: true for the Multi-AZ replica AWS "
            "recommends instead"
        )
    return StandIn(
        "app.cache.persistence",
        "aof",
        instead,
        "ElastiCache has no append-only file on Redis OSS 2.8.22 and later (nor on Valkey) and turns it off "
        "on Multi-AZ groups; AWS recommends a Multi-AZ replica instead",
        ELASTICACHE_AOF,
    )


def _aws_maxmemory(config: StackConfig) -> Found:
    cache = _cache(config)
    if cache is None or cache.maxmemory_mb is None:
        return None
    from components.aws.redis import NODE_MEMORY_GIB, data_memory_mb

    node = data_sizing.aws_node_type(cache)
    data = data_memory_mb(node, dict(cache.parameters))
    return StandIn(
        "app.cache.maxmemory_mb",
        f"{cache.maxmemory_mb} MB",
        f"the {node} node's own maxmemory, {NODE_MEMORY_GIB[node]:g} GiB, of which about {data} MB hold data "
        f"after reserved-memory-percent; {cache.eviction} evicts from there",
        "ElastiCache sets maxmemory from the node type and does not let it be changed",
        ELASTICACHE_MAXMEMORY,
    )


def _aws_snapshots(config: StackConfig) -> Found:
    cache = _cache(config)
    every = data_sizing.aws_snapshot_every_hours(cache) if cache else None
    if cache is None or every is None or cache.snapshot_every_hours is None:
        return None
    from components.aws.redis import DEFAULT_SNAPSHOT_WINDOW as window  # the stack keeps the default
    from components.aws.redis_snapshots import snapshot_hours

    shorter = (
        f", every {every} hours (at most 20 manual snapshots a day)"
        if every != cache.snapshot_every_hours
        else ""
    )
    return StandIn(
        "app.cache.snapshot_every_hours",
        str(cache.snapshot_every_hours),
        f"the daily automatic snapshot ({window} UTC) and scheduled snapshots at "
        f"{_hours(snapshot_hours(every, window))} UTC{shorter} (EventBridge Scheduler and a Lambda "
        f"function), each kept {cache.snapshot_retention_days} days",
        "ElastiCache takes one automatic snapshot a day; more are manual snapshots, which it never deletes "
        "by itself",
        ELASTICACHE_SNAPSHOTS,
    )


def _gcp_persistence(config: StackConfig) -> Found:
    cache = _cache(config)
    if cache is None:
        return None
    hours = data_sizing.gcp_rdb_hours(cache)
    standby = cache.replicas >= 1 or cache.automatic_failover
    if cache.persistence == "aof":
        also = ", and the STANDARD_HA standby in another zone" if standby else " (BASIC tier: no standby)"
        covers = (
            f"; it also covers snapshot_every_hours: {cache.snapshot_every_hours}"
            if cache.snapshot_every_hours not in (None, 1)
            else ""
        )
        return StandIn(
            "app.cache.persistence",
            "aof",
            f"an RDB snapshot every hour, the shortest period{also}{covers}",
            "Memorystore for Redis persists with RDB snapshots only",
            MEMORYSTORE_PERSISTENCE,
        )
    if hours is not None and cache.snapshot_every_hours is not None and hours != cache.snapshot_every_hours:
        return StandIn(
            "app.cache.snapshot_every_hours",
            str(cache.snapshot_every_hours),
            f"an RDB snapshot every {hours} hour{'s' if hours > 1 else ''}, the nearest more frequent period",
            "Memorystore for Redis snapshots every 1, 6, 12 or 24 hours",
            MEMORYSTORE_PERSISTENCE,
        )
    return None


def _gcp_maxmemory(config: StackConfig) -> Found:
    cache = _cache(config)
    given = data_sizing.gcp_maxmemory_gb(cache) if cache else None
    if cache is None or cache.maxmemory_mb is None or given is None:
        return None
    if float(given) <= round(cache.maxmemory_mb / 1024, 2):
        return None  # set as asked
    return StandIn(
        "app.cache.maxmemory_mb",
        f"{cache.maxmemory_mb} MB",
        f"maxmemory-gb {given}, 20 % of the {data_sizing.gcp_memory_gb(cache)} GB instance",
        "Memorystore lowers maxmemory-gb to 20 % of the instance at most",
        MEMORYSTORE_CONFIGS,
    )


def _gcp_read_replicas(config: StackConfig) -> Found:
    cache = _cache(config)
    if (
        cache is None
        or cache.replicas < 1
        or data_sizing.gcp_memory_gb(cache) >= data_sizing.READ_REPLICA_MIN_GB
    ):
        return None
    return StandIn(
        "app.cache.replicas",
        str(cache.replicas),
        f"the STANDARD_HA standby only (automatic failover, no reader endpoint): the instance has "
        f"{data_sizing.gcp_memory_gb(cache)} GB",
        f"Memorystore for Redis offers read replicas only on instances of "
        f"{data_sizing.READ_REPLICA_MIN_GB} GB and more",
        MEMORYSTORE_REPLICAS,
    )


def _aws_site_tls(config: StackConfig) -> Found:
    site = config.app.site
    if site is None or site.min_tls != "1.3" or not (site.service or site.api_service):
        return None
    from components.aws.load_balancer import DEFAULT_SSL_POLICY  # the stack keeps the default

    return StandIn(
        "app.site.min_tls",
        "1.3",
        "TLS 1.3 only at CloudFront (TLSv1.3_2025); the load balancer behind it, which also serves the "
        f"public services' own hosts, takes TLS 1.3 and 1.2 ({DEFAULT_SSL_POLICY}), and inside the private "
        "network it reaches the containers over HTTP",
        "CloudFront connects to its origins with TLS 1.2 at most, so a load balancer that refused TLS 1.2 "
        "would cut the site off from its service",
        CLOUDFRONT_ORIGIN_TLS,
    )


def _declared(config: StackConfig) -> Found:
    """The stack file's own `app.stand_ins`: asks of the guide that no stack key can express."""
    return [
        StandIn(item.key, item.asked, item.instead, item.reason, "declared in the stack file, app.stand_ins")
        for item in config.app.stand_ins
    ]


# One line per stand-in; the order here is the order shown.
EVERY_CLOUD: list[Rule] = [Rule(_declared)]
AWS: list[Rule] = [
    Rule(_aws_database_class),
    Rule(_aws_aof),
    Rule(_aws_maxmemory),
    Rule(_aws_snapshots),
    Rule(_aws_site_tls),
]
GCP: list[Rule] = [
    Rule(_gcp_database_tier),
    Rule(_gcp_persistence),
    Rule(_gcp_maxmemory),
    Rule(_gcp_read_replicas),
]
BY_CLOUD: dict[str, list[Rule]] = {"aws": AWS, "gcp": GCP}


# ---------------------------------------------------------------------------------------------------------
# Computing and printing


def stand_ins(config: StackConfig) -> list[StandIn]:
    """Every stand-in of the stack, in the order of the rules."""
    found: list[StandIn] = []
    for rule in [*EVERY_CLOUD, *BY_CLOUD.get(config.cloud, [])]:
        result = rule.find(config)
        found += [result] if isinstance(result, StandIn) else list(result or ())
    return found


def log_message(found: list[StandIn]) -> str:
    return "\n".join([f"{HEADING} of what this stack file asks:", *(f"- {s.text()}" for s in found)])


_ANNOUNCEMENT: Announcement[StandIn] = Announcement("stackyard_stand_ins", log_message)
collecting = _ANNOUNCEMENT.collecting
"""Within this block `announce` collects the stand-ins instead of logging them (`stackyard plan`)."""
announce = _ANNOUNCEMENT.announce
"""Log the stand-ins once with `pulumi.log.info`, or hand them to `stackyard plan`."""
