"""`RedisCache`'s first step: its arguments (the `RedisCacheArgs` TypedDict the docs and the Pulumi schema are
read from), the node types and limits they are held to, and the checks that settle them into plain `_Settings`
before anything is registered."""

import re
from typing import Required, TypedDict

import pulumi

from ...bounds import Between, OneOf, bounds
from ...checks import check_bounds
from ...credentials import FIRST_VERSION
from ...limits import MAXMEMORY_POLICIES, RETENTION, RETENTION_DAYS
from ..naming import physical_base, physical_name
from ..redis_snapshots import EVERY_HOURS
from .windows import _DAY, _WEEK, _maintenance_window, _overlap, _snapshot_window

PORT = 6379
ENGINE_VERSIONS = {"redis": ("6.2", "7.0", "7.1"), "valkey": ("7.2", "8.0", "8.1")}
DEFAULT_VERSIONS = {"redis": "7.1", "valkey": "8.0"}
SMALL_FAMILIES, SMALL_SIZES = ("t3", "t4g"), ("micro", "small", "medium")
LARGE_FAMILIES = ("m6g", "m7g", "r6g", "r7g")
LARGE_SIZES = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")
NODE_TYPES = frozenset(
    [f"cache.{f}.{s}" for f in SMALL_FAMILIES for s in SMALL_SIZES]
    + [f"cache.{f}.{s}" for f in LARGE_FAMILIES for s in LARGE_SIZES]
)
# Memory of each node type in GiB (Amazon ElastiCache User Guide, "Supported node types", and the node-type
# specific `maxmemory` of "Redis OSS node-type specific parameters"): ElastiCache sets `maxmemory` from the
# node type and it cannot be changed. t3 = t4g, m6g = m7g, r6g = r7g.
_GIB_BY_SIZE = {
    "t": {"micro": 0.5, "small": 1.37, "medium": 3.09},
    "m": {
        "large": 6.38,
        "xlarge": 12.93,
        "2xlarge": 26.04,
        "4xlarge": 52.26,
        "8xlarge": 103.68,
        "12xlarge": 157.12,
        "16xlarge": 209.55,
    },
    "r": {
        "large": 13.07,
        "xlarge": 26.32,
        "2xlarge": 52.82,
        "4xlarge": 105.81,
        "8xlarge": 209.55,
        "12xlarge": 317.77,
        "16xlarge": 419.09,
    },
}
NODE_MEMORY_GIB = {
    node: _GIB_BY_SIZE[node.split(".")[1][0]][node.split(".")[2]] for node in sorted(NODE_TYPES)
}
# The default `reserved-memory-percent` of the parameter group families (Redis OSS 2.8.22 and later, and
# Valkey): memory kept back from the data for snapshots and replication (ElastiCache User Guide, "Managing
# reserved memory"). A parameter of that name overrides it.
RESERVED_MEMORY_PERCENT = 25
MAX_REPLICAS = 5
DEFAULT_SNAPSHOT_WINDOW = "03:00-05:00"
MAX_SNAPSHOT_RETENTION_DAYS = 35
LOG_RETENTION_DAYS = RETENTION_DAYS
GROUP_ID_LIMIT = 40  # ElastiCache replication group ids
GROUP_NAME_LIMIT = 255  # ElastiCache subnet and parameter group names
AUTH_SECRET_RECOVERY_DAYS = 7
AUTH_TOKEN_LENGTH = 64
SECRET_KEYS = ("host", "port", "password", "url")


class RedisCacheArgs(TypedDict, total=False):
    vpc_id: Required[pulumi.Input[str]]
    """The VPC the cache's security group is created in. Required."""
    subnet_ids: Required[pulumi.Input[list[str]]]
    """Private (data) subnet ids for the cache's subnet group, in at least 2 zones when `automatic_failover`
    is on, e.g. `net.private_subnet_ids`. Required."""
    engine: str
    """"redis" (Redis OSS) or "valkey". Default "redis"."""
    engine_version: str
    """Engine version: "6.2", "7.0" or "7.1" for redis, "7.2", "8.0" or "8.1" for valkey. Default "7.1" for
    redis, "8.0" for valkey."""
    node_type: str
    """Node size: cache.t3 / cache.t4g .micro, .small or .medium, or cache.m6g / cache.m7g / cache.r6g /
    cache.r7g .large to .16xlarge. Default "cache.t4g.small"."""
    replicas: int
    """Read replicas besides the primary, 0-5 (`num_cache_clusters` = 1 + replicas). Default 1."""
    automatic_failover: bool
    """Promote a replica automatically when the primary fails, with replicas in other zones (Multi-AZ).
    Needs at least 1 replica. Default True."""
    kms_key_arn: pulumi.Input[str]
    """KMS key that encrypts the data at rest, snapshots and the AUTH token secret. Default: a new
    customer-managed key with yearly rotation."""
    maxmemory_policy: str
    """What Redis evicts when memory is full: "volatile-lru", "allkeys-lru", "volatile-lfu", "allkeys-lfu",
    "volatile-random", "allkeys-random", "volatile-ttl" or "noeviction". Use "allkeys-lru" for a pure cache.
    Default "volatile-lru"."""
    parameters: dict[str, str]
    """Extra engine parameters for the cache's parameter group, e.g. {"notify-keyspace-events": "Ex"}
    (`maxmemory-policy` goes through `maxmemory_policy`). Default {}."""
    snapshot_retention_days: int
    """Days automatic daily snapshots are kept, 0 (no snapshots) to 35. Default 7."""
    snapshot_window: str
    """Daily snapshot time range, "hh:mm-hh:mm" in UTC, at least 60 minutes, not overlapping
    `maintenance_window`. Default "03:00-05:00"."""
    snapshot_every_hours: int | None
    """More snapshots than the daily automatic one: every 2, 3, 4, 6, 8 or 12 hours from the start of
    `snapshot_window` (leaving out the hours of the window itself), taken by a small Lambda function that
    EventBridge Scheduler starts, and deleted by it after `snapshot_retention_days` (ElastiCache keeps
    manual snapshots until they are deleted, and takes at most 20 a day per node). Needs
    `snapshot_retention_days` 1 or more. Default None (the daily snapshot only)."""
    maintenance_window: str
    """Weekly maintenance time range, "ddd:hh:mm-ddd:hh:mm" in UTC, at least 60 minutes.
    Default "sun:05:00-sun:06:00"."""
    final_snapshot: bool
    """Take a snapshot named "<replication group id>-final" when the cache is deleted. Default True."""
    protect: bool
    """Pulumi `protect` on the replication group and its KMS key, so `pulumi destroy` or a replacement
    cannot delete the data. Default True."""
    apply_immediately: bool
    """Apply changes now instead of in the next maintenance window (some cause a restart). Default False."""
    log_retention_days: int
    """Days the slow log (and the log of the `snapshot_every_hours` function) is kept in CloudWatch Logs, one
    of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, ..., 2557). Default 30."""
    log_kms_key_arn: pulumi.Input[str]
    """Your own KMS key for the log groups (with `encrypt_logs`); its key policy must allow CloudWatch Logs.
    Default: with `encrypt_logs`, a key of the cache's own."""
    encrypt_logs: bool
    """Encrypt the log groups (the slow log, the snapshot function's log) with a customer-managed KMS key:
    `log_kms_key_arn`, or a key of the cache's own (alias `alias/<physical_name>-redis-logs`, yearly
    rotation) whose key policy lets only CloudWatch Logs in the cache's region use it, for these log groups.
    About $1 a month. Default True; the staging profile turns it off (CloudWatch Logs' own encryption)."""
    auth_token_version: int
    """The AUTH token's version, 1 or more. Default 1. Set a new value to rotate: a new token is generated,
    ElastiCache accepts both tokens while the change applies (`ROTATE`), the secret gets a new version, and
    services that reference that version (`secret_reference`) roll to it."""
    tags: dict[str, str]
    """Tags added to every resource. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the replication group id
    `<physical_name>-redis`, its subnet and parameter groups, `alias/<physical_name>-redis`, the AUTH secret
    `<physical_name>/redis-auth-…`, the slow-log group). Default: the component's name. Give each stack its
    own (e.g. "shop-staging") so that two stacks in one account never collide, while the logical names, and
    so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a letter. Changing
    it on a deployed stack replaces the cache."""


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type. `engine_version` (which depends on `engine`) is checked in `_check_args`.
BOUNDS = bounds(
    RedisCacheArgs,
    engine=OneOf(*ENGINE_VERSIONS),
    node_type=OneOf(
        *sorted(NODE_TYPES),
        what=f"cache.<{'|'.join(SMALL_FAMILIES)}>.<{'|'.join(SMALL_SIZES)}> or "
        f"cache.<{'|'.join(LARGE_FAMILIES)}>.<{'|'.join(LARGE_SIZES)}>",
        listed=False,
    ),
    replicas=Between(0, MAX_REPLICAS),
    maxmemory_policy=OneOf(*MAXMEMORY_POLICIES),
    snapshot_retention_days=Between(
        0, MAX_SNAPSHOT_RETENTION_DAYS, what=f"0 (no snapshots) to {MAX_SNAPSHOT_RETENTION_DAYS}"
    ),
    snapshot_every_hours=OneOf(*EVERY_HOURS),
    log_retention_days=RETENTION,
    auth_token_version=Between(FIRST_VERSION),
)


class _Settings:
    """The plain arguments, defaulted and checked (in the order `RedisCache` always read them): constructed
    before anything is registered."""

    def __init__(self, name: str, args: RedisCacheArgs) -> None:
        check_bounds("RedisCache", RedisCacheArgs, args)
        self.engine = args.get("engine", "redis")
        self.automatic_failover = args.get("automatic_failover", True)
        self.replicas = args.get("replicas", 1)
        self.parameters = dict(args.get("parameters") or {})
        self.maxmemory_policy = args.get("maxmemory_policy", "volatile-lru")
        self.snapshot_window = args.get("snapshot_window", DEFAULT_SNAPSHOT_WINDOW)
        self.maintenance_window = args.get("maintenance_window", "sun:05:00-sun:06:00")
        self.snapshot_retention_days = args.get("snapshot_retention_days", 7)
        self.log_retention_days = args.get("log_retention_days", 30)
        self.protect = args.get("protect", True)
        self.final_snapshot = args.get("final_snapshot", True)
        self.apply_immediately = args.get("apply_immediately", False)
        _check_args(args, self.engine)
        self.snapshot_every_hours = args.get("snapshot_every_hours")
        self.base = physical_base("RedisCache", name, args.get("physical_name"))
        """The base of the physical names."""
        self.version = args.get("engine_version", DEFAULT_VERSIONS[self.engine])
        self.tags = dict(args.get("tags") or {})
        self.vpc_id: pulumi.Input[str] = args["vpc_id"]
        self.subnet_ids: pulumi.Input[list[str]] = args["subnet_ids"]
        self.node_type = args.get("node_type", "cache.t4g.small")
        self.kms_key_arn = args.get("kms_key_arn")
        self.encrypt_logs = args.get("encrypt_logs", True)
        self.log_kms_key_arn = args.get("log_kms_key_arn")
        self.auth_token_version = args.get("auth_token_version", FIRST_VERSION)
        self.label = "Redis" if self.engine == "redis" else "Valkey"
        """How descriptions name the engine."""
        self.group_id = physical_name(f"{self.base}-redis", GROUP_ID_LIMIT)
        """The replication group id (at most 40 characters)."""


def _named(tags: dict[str, str], name: str, suffix: str) -> dict[str, str]:
    return {**tags, "Name": f"{name}-{suffix}"}


def data_memory_mb(node_type: str, parameters: dict[str, str] | None = None) -> int:
    """The memory of `node_type` that holds data, in MB (MiB): the node's `maxmemory` less its
    `reserved-memory-percent` (the parameter when given, else 25)."""
    reserved = int((parameters or {}).get("reserved-memory-percent", RESERVED_MEMORY_PERCENT))
    return int(NODE_MEMORY_GIB[node_type] * 1024 * (100 - reserved) / 100)


def _check_args(args: RedisCacheArgs, engine: str) -> None:
    for required, what in (
        ("vpc_id", "the id of the VPC the cache lives in"),
        ("subnet_ids", "private subnet ids in at least 2 zones"),
    ):
        if args.get(required) is None:
            raise ValueError(f"RedisCache {required} is required: {what}")
    versions = ENGINE_VERSIONS[engine]
    version = args.get("engine_version", DEFAULT_VERSIONS[engine])
    if version not in versions:
        raise ValueError(
            f"RedisCache engine_version {version!r} is not allowed for {engine}; "
            f"use one of {', '.join(versions)}"
        )
    replicas = args.get("replicas", 1)
    automatic_failover = args.get("automatic_failover", True)
    if automatic_failover and replicas == 0:
        raise ValueError(
            "RedisCache automatic_failover True is not allowed with replicas 0; "
            f"use replicas 1 to {MAX_REPLICAS}, or automatic_failover False"
        )
    subnet_ids = args.get("subnet_ids")
    if isinstance(subnet_ids, list):
        if not subnet_ids:
            raise ValueError(
                "RedisCache subnet_ids [] is not allowed; use private subnet ids in at least 2 zones"
            )
        if automatic_failover and len(subnet_ids) < 2:
            raise ValueError(
                f"RedisCache subnet_ids has {len(subnet_ids)} subnet; automatic_failover (Multi-AZ) needs "
                "subnets in at least 2 zones: use 2 or more subnets, or automatic_failover False"
            )
    parameters = args.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise ValueError(f"RedisCache parameters {parameters!r} is not allowed; use a dict of name -> value")
    for key, value in parameters.items():
        if key == "maxmemory-policy":
            raise ValueError(
                "RedisCache parameters 'maxmemory-policy' is not allowed; use the maxmemory_policy argument"
            )
        if not isinstance(key, str) or not re.match(r"^[a-z][a-z0-9-]*$", key) or not isinstance(value, str):
            raise ValueError(
                f"RedisCache parameters {key!r}: {value!r} is not allowed; use lowercase parameter names "
                'and string values, e.g. {"timeout": "300"}'
            )
    retention = args.get("snapshot_retention_days", 7)
    every = args.get("snapshot_every_hours")
    if every is not None and retention == 0:
        raise ValueError(
            f"RedisCache snapshot_every_hours {every} is not allowed with snapshot_retention_days 0; use "
            "snapshot_retention_days 1 or more (the scheduled snapshots are kept as long as the daily ones)"
        )
    encrypt_logs = args.get("encrypt_logs", True)
    if args.get("log_kms_key_arn") is not None and not encrypt_logs:
        raise ValueError(
            "RedisCache log_kms_key_arn is not allowed with encrypt_logs False; leave the key out, or keep "
            "encrypt_logs True"
        )
    snapshot = _snapshot_window(args.get("snapshot_window", "03:00-05:00"))
    maintenance = _maintenance_window(args.get("maintenance_window", "sun:05:00-sun:06:00"))
    snapshot_start, snapshot_length = snapshot
    for day in range(7):
        if _overlap((day * _DAY + snapshot_start, snapshot_length), maintenance, _WEEK):
            raise ValueError(
                f"RedisCache maintenance_window {args.get('maintenance_window', 'sun:05:00-sun:06:00')!r} is "
                f"not allowed; it overlaps snapshot_window {args.get('snapshot_window', '03:00-05:00')!r}: "
                "use windows that do not overlap"
            )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
