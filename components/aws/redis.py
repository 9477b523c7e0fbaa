"""`RedisCache`: an ElastiCache replication group (Redis OSS or Valkey, cluster mode disabled) in private
subnets, encrypted at rest and in transit, with an AUTH token kept in Secrets Manager."""

import json
import re
from typing import TYPE_CHECKING, Any, Required, TypedDict

import pulumi
import pulumi_aws as aws

from ..checks import refuse_unknown_keys
from ..credentials import FIRST_VERSION, generated_password, redis_url
from ..limits import MAXMEMORY_POLICIES, RETENTION_DAYS
from .access import GroupAccess
from .kms import encryption_key, log_encryption_key
from .naming import physical_base, physical_name
from .redis_snapshots import EVERY_HOURS, function_log_group_name, scheduled_snapshots

if TYPE_CHECKING:
    from .alarms import CacheAlarmsArgs

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

_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_TIME = r"([01]\d|2[0-3]):([0-5]\d)"
_SNAPSHOT_WINDOW = re.compile(rf"^{_TIME}-{_TIME}$")
_MAINTENANCE_WINDOW = re.compile(rf"^({'|'.join(_DAYS)}):{_TIME}-({'|'.join(_DAYS)}):{_TIME}$")
_DAY, _WEEK, _MIN_WINDOW = 24 * 60, 7 * 24 * 60, 60


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
    snapshot_every_hours: int
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


class RedisCache(pulumi.ComponentResource):
    """A Redis OSS or Valkey replication group (cluster mode disabled) for sessions, queues and caching.

    Secure by default: the private subnets given, its own security group with no ingress until `allow_from` is
    called (security group references only, never CIDR ranges); TLS required; an AUTH token (64 random
    letters and digits) kept in Secrets Manager and rotated without downtime (`ROTATE`); encryption at rest
    with a customer-managed KMS key; a replica with automatic failover across zones; daily snapshots, a final
    snapshot and Pulumi `protect`; the slow log delivered to CloudWatch Logs. The replication group id is
    derived from `physical_name` (default: the component name; at most 40 characters), so it never changes
    between runs.

    Applications get the host from `primary_endpoint` and the port from `port`, and read the secret
    `auth_secret_arn` (JSON: {"host", "port", "password", "url"}, `url` being `rediss://:<token>@host:port`)
    by reference, pinned to its current version (`secret_reference("url")`), so that a new
    `auth_token_version` rolls them.

    Example:

        from stackyard.aws import Vpc

        net = Vpc("shop", {"nat": "single"})
        cache = RedisCache(
            "shop",
            {**net.isolated, "maxmemory_policy": "allkeys-lru"},
        )
        api = aws.ec2.SecurityGroup("shop-api", vpc_id=net.vpc_id, description="shop api tasks")
        cache.allow_from("api", api.id)
        pulumi.export("redisHost", cache.primary_endpoint)
        pulumi.export("redisAuthSecretArn", cache.auth_secret_arn)
    """

    primary_endpoint: pulumi.Output[str]
    """Host name of the primary node (reads and writes)."""
    reader_endpoint: pulumi.Output[str]
    """Host name that spreads reads over the replicas."""
    port: pulumi.Output[int]
    """The port clients connect to with TLS (6379)."""
    auth_secret_arn: pulumi.Output[str]
    """ARN of the Secrets Manager secret holding {"host", "port", "password", "url"} as JSON."""
    auth_secret_version_id: pulumi.Output[str]
    """The secret's current version id; it changes with the token (or the endpoint)."""
    password: pulumi.Output[str]
    """The AUTH token (a Pulumi secret), for a consumer that cannot read Secrets Manager (a Kubernetes
    Secret)."""
    url: pulumi.Output[str]
    """`rediss://:<token>@<primary endpoint>:<port>` (a Pulumi secret)."""
    security_group_id: pulumi.Output[str]
    """The cache's security group; `allow_from` adds ingress rules to it."""
    kms_key_arn: pulumi.Output[str]
    """The KMS key that encrypts the data at rest and the AUTH token secret."""
    replication_group_id: pulumi.Output[str]
    """The replication group id (at most 40 characters)."""

    def __init__(self, name: str, args: RedisCacheArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(RedisCache, RedisCacheArgs, name, args, opts)
        engine = args.get("engine", "redis")
        automatic_failover = args.get("automatic_failover", True)
        replicas = args.get("replicas", 1)
        parameters = dict(args.get("parameters") or {})
        maxmemory_policy = args.get("maxmemory_policy", "volatile-lru")
        snapshot_window = args.get("snapshot_window", DEFAULT_SNAPSHOT_WINDOW)
        maintenance_window = args.get("maintenance_window", "sun:05:00-sun:06:00")
        snapshot_retention_days = args.get("snapshot_retention_days", 7)
        log_retention_days = args.get("log_retention_days", 30)
        protect = args.get("protect", True)
        final_snapshot = args.get("final_snapshot", True)
        apply_immediately = args.get("apply_immediately", False)
        _check_args(args, engine)
        snapshot_every_hours = args.get("snapshot_every_hours")
        base = physical_base("RedisCache", name, args.get("physical_name"))
        version = args.get("engine_version", DEFAULT_VERSIONS[engine])
        tags = dict(args.get("tags") or {})
        super().__init__("stackyard-aws:index:RedisCache", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        label = "Redis" if engine == "redis" else "Valkey"
        group_id = physical_name(f"{base}-redis", GROUP_ID_LIMIT)
        family = _family(engine, version)

        def named(suffix: str) -> dict[str, str]:
            return {**tags, "Name": f"{name}-{suffix}"}

        kms_key_arn: pulumi.Input[str]
        given_key = args.get("kms_key_arn")
        if given_key is not None:
            kms_key_arn = given_key
        else:
            kms_key_arn = encryption_key(
                f"{name}-redis",
                f"{label} cache data and AUTH token",
                self,
                tags,
                protect=protect,
                alias=f"{base}-redis",
            ).arn

        subnet_group = aws.elasticache.SubnetGroup(
            f"{name}-subnets",
            name=physical_name(f"{base}-redis", GROUP_NAME_LIMIT),
            description=f"{label} cache {name}, managed by stackyard",
            subnet_ids=args["subnet_ids"],
            tags=named("subnets"),
            opts=child,
        )
        parameter_group = aws.elasticache.ParameterGroup(
            f"{name}-params",
            # The family is part of the name: a major upgrade creates a new group before deleting the old one.
            name=physical_name(f"{base}-redis-{family}", GROUP_NAME_LIMIT),
            family=family,
            description=f"{label} cache {name} ({family}), managed by stackyard",
            parameters=[
                {"name": "maxmemory-policy", "value": maxmemory_policy},
                *({"name": key, "value": value} for key, value in sorted(parameters.items())),
            ],
            tags=named("params"),
            opts=child,
        )
        security_group = aws.ec2.SecurityGroup(
            f"{name}-sg",
            vpc_id=args["vpc_id"],
            description=f"{label} cache {name}: ingress only from allowed security groups",
            tags=named("sg"),
            opts=child,
        )
        self._access = GroupAccess(self, "RedisCache", name, security_group.id, PORT, f"{label} (TLS)", tags)
        slow_log_name = f"/aws/elasticache/{group_id}/slow-log"
        log_key: pulumi.Input[str] | None = None
        if args.get("encrypt_logs", True):
            log_key = args.get("log_kms_key_arn")
            if log_key is None:
                groups = [slow_log_name]
                if snapshot_every_hours is not None:
                    groups.append(function_log_group_name(base))
                log_key = log_encryption_key(
                    f"{name}-redis-logs",
                    f"{label} cache logs",
                    self,
                    tags,
                    groups,
                    alias=f"{base}-redis-logs",
                ).arn
        slow_log = aws.cloudwatch.LogGroup(
            f"{name}-slow-log",
            name=slow_log_name,
            retention_in_days=log_retention_days,
            kms_key_id=log_key,
            tags=named("slow-log"),
            opts=child,
        )
        # Letters and digits only: ElastiCache rejects some symbols (@, ", /) in an AUTH token.
        auth_token = generated_password(
            f"{name}-auth", self, AUTH_TOKEN_LENGTH, args.get("auth_token_version", FIRST_VERSION)
        )

        group = aws.elasticache.ReplicationGroup(
            name,
            replication_group_id=group_id,
            description=f"{label} cache {name}, managed by stackyard",
            engine=engine,
            engine_version=version,
            node_type=args.get("node_type", "cache.t4g.small"),
            num_cache_clusters=1 + replicas,
            automatic_failover_enabled=automatic_failover,
            multi_az_enabled=automatic_failover,
            port=PORT,
            subnet_group_name=subnet_group.name,
            security_group_ids=[security_group.id],
            parameter_group_name=parameter_group.name,
            at_rest_encryption_enabled=True,
            kms_key_id=kms_key_arn,
            transit_encryption_enabled=True,
            # Redis 6.2 has no transit encryption mode (AWS needs 7.0.5+): with TLS on it accepts only TLS.
            transit_encryption_mode=None if version == "6.2" else "required",
            auth_token=auth_token,
            auth_token_update_strategy="ROTATE",
            snapshot_retention_limit=snapshot_retention_days,
            snapshot_window=snapshot_window,
            maintenance_window=maintenance_window,
            final_snapshot_identifier=f"{group_id}-final" if final_snapshot else None,
            auto_minor_version_upgrade=True,
            apply_immediately=apply_immediately,
            log_delivery_configurations=[
                {
                    "destination": slow_log.name,
                    "destination_type": "cloudwatch-logs",
                    "log_format": "json",
                    "log_type": "slow-log",
                }
            ],
            tags=named("redis"),
            opts=pulumi.ResourceOptions(parent=self, protect=protect),
        )
        if snapshot_every_hours is not None:
            scheduled_snapshots(
                self,
                name,
                base,
                group,
                snapshot_every_hours,
                snapshot_retention_days,
                snapshot_window,
                kms_key_arn,
                tags,
                log_retention_days=log_retention_days,
                log_kms_key_arn=log_key,
            )
        port = group.port.apply(lambda value: PORT if value is None else value)

        secret = aws.secretsmanager.Secret(
            f"{name}-auth",
            name_prefix=f"{base}/redis-auth-",
            description=f"AUTH token and endpoint of the {label} cache {name}, managed by stackyard",
            kms_key_id=kms_key_arn,
            recovery_window_in_days=AUTH_SECRET_RECOVERY_DAYS,
            tags=named("auth"),
            opts=child,
        )
        secret_version = aws.secretsmanager.SecretVersion(
            f"{name}-auth",
            secret_id=secret.id,
            secret_string=pulumi.Output.secret(
                pulumi.Output.all(group.primary_endpoint_address, port, auth_token).apply(_connection_json)
            ),
            opts=child,
        )

        self.primary_endpoint = group.primary_endpoint_address
        self.reader_endpoint = group.reader_endpoint_address
        self.port = port
        self.auth_secret_arn = secret.arn
        self.auth_secret_version_id = secret_version.version_id
        self.password = auth_token
        self.url = pulumi.Output.secret(
            pulumi.Output.all(auth_token, group.primary_endpoint_address, port).apply(lambda v: redis_url(*v))
        )
        self.security_group_id = security_group.id
        self.kms_key_arn = pulumi.Output.from_input(kms_key_arn)
        self.replication_group_id = group.replication_group_id
        self._watched: CacheAlarmsArgs = {
            "replication_group_id": group.replication_group_id,
            "nodes": 1 + replicas,
        }
        self.register_outputs(
            {
                "primary_endpoint": self.primary_endpoint,
                "reader_endpoint": self.reader_endpoint,
                "port": self.port,
                "auth_secret_arn": self.auth_secret_arn,
                "auth_secret_version_id": self.auth_secret_version_id,
                "password": self.password,
                "url": self.url,
                "security_group_id": self.security_group_id,
                "kms_key_arn": self.kms_key_arn,
                "replication_group_id": self.replication_group_id,
            }
        )

    def alarm_target(self) -> "CacheAlarmsArgs":
        """This cache as `Alarms`' `cache` watches it, read from its own settings: the replication group and
        its node count (1 + `replicas`; ElastiCache publishes metrics per node). Add thresholds to it:
        `{"cache": {**cache.alarm_target(), "memory_percent": 70}}`."""
        return self._watched.copy()

    def allow_from(self, name: str, security_group_id: pulumi.Input[str]) -> None:
        """Let the security group `security_group_id` (e.g. a service's) connect to the cache on TCP 6379.
        `name` (e.g. "api") names the rule and must be unique per cache."""
        self._access.allow(name, security_group_id)

    def secret_reference(self, key: str) -> pulumi.Output[str]:
        """A reference to one key of the AUTH secret ("url", "password", "host" or "port") for an ECS
        container's `secrets` (`<secret ARN>:<key>::<version id>`): pinned to the current version, so a new
        token changes the task definition and the service rolls."""
        if key not in SECRET_KEYS:
            raise ValueError(f"RedisCache secret_reference {key!r} is not allowed; use one of {SECRET_KEYS}")
        return pulumi.Output.all(self.auth_secret_arn, self.auth_secret_version_id).apply(
            lambda parts: f"{parts[0]}:{key}::{parts[1]}"
        )


def data_memory_mb(node_type: str, parameters: dict[str, str] | None = None) -> int:
    """The memory of `node_type` that holds data, in MB (MiB): the node's `maxmemory` less its
    `reserved-memory-percent` (the parameter when given, else 25)."""
    reserved = int((parameters or {}).get("reserved-memory-percent", RESERVED_MEMORY_PERCENT))
    return int(NODE_MEMORY_GIB[node_type] * 1024 * (100 - reserved) / 100)


def _family(engine: str, version: str) -> str:
    """The parameter group family: "redis6.x", "redis7", "valkey7" or "valkey8"."""
    return "redis6.x" if (engine, version) == ("redis", "6.2") else f"{engine}{version.split('.')[0]}"


def _connection_json(values: list[Any]) -> str:
    host, port, password = values
    return json.dumps(
        {"host": host, "port": port, "password": password, "url": redis_url(password, host, port)}
    )


def _check_args(args: RedisCacheArgs, engine: str) -> None:
    for required, what in (
        ("vpc_id", "the id of the VPC the cache lives in"),
        ("subnet_ids", "private subnet ids in at least 2 zones"),
    ):
        if args.get(required) is None:
            raise ValueError(f"RedisCache {required} is required: {what}")
    if engine not in ENGINE_VERSIONS:
        raise ValueError(
            f"RedisCache engine {engine!r} is not allowed; use one of {', '.join(ENGINE_VERSIONS)}"
        )
    versions = ENGINE_VERSIONS[engine]
    version = args.get("engine_version", DEFAULT_VERSIONS[engine])
    if version not in versions:
        raise ValueError(
            f"RedisCache engine_version {version!r} is not allowed for {engine}; "
            f"use one of {', '.join(versions)}"
        )
    node_type = args.get("node_type", "cache.t4g.small")
    if node_type not in NODE_TYPES:
        raise ValueError(
            f"RedisCache node_type {node_type!r} is not allowed; use cache.<{'|'.join(SMALL_FAMILIES)}>."
            f"<{'|'.join(SMALL_SIZES)}> or cache.<{'|'.join(LARGE_FAMILIES)}>.<{'|'.join(LARGE_SIZES)}>"
        )
    for flag in ("automatic_failover", "final_snapshot", "protect", "apply_immediately"):
        value = args.get(flag, True)
        if not isinstance(value, bool):
            raise ValueError(f"RedisCache {flag} {value!r} is not allowed; use True or False")
    token_version = args.get("auth_token_version", FIRST_VERSION)
    if not _is_int(token_version) or token_version < FIRST_VERSION:
        raise ValueError(f"RedisCache auth_token_version {token_version!r} is not allowed; use 1 or more")
    replicas = args.get("replicas", 1)
    if not _is_int(replicas) or not 0 <= replicas <= MAX_REPLICAS:
        raise ValueError(f"RedisCache replicas {replicas!r} is not allowed; use 0 to {MAX_REPLICAS}")
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
    policy = args.get("maxmemory_policy", "volatile-lru")
    if policy not in MAXMEMORY_POLICIES:
        raise ValueError(
            f"RedisCache maxmemory_policy {policy!r} is not allowed; "
            f"use one of {', '.join(MAXMEMORY_POLICIES)}"
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
    if not _is_int(retention) or not 0 <= retention <= MAX_SNAPSHOT_RETENTION_DAYS:
        raise ValueError(
            f"RedisCache snapshot_retention_days {retention!r} is not allowed; "
            f"use 0 (no snapshots) to {MAX_SNAPSHOT_RETENTION_DAYS}"
        )
    every = args.get("snapshot_every_hours")
    if every is not None and (not _is_int(every) or every not in EVERY_HOURS):
        raise ValueError(
            f"RedisCache snapshot_every_hours {every!r} is not allowed; use one of "
            f"{', '.join(map(str, EVERY_HOURS))} (ElastiCache takes at most 20 manual snapshots a day per "
            "node), or leave it out for the daily snapshot only"
        )
    if every is not None and retention == 0:
        raise ValueError(
            f"RedisCache snapshot_every_hours {every} is not allowed with snapshot_retention_days 0; use "
            "snapshot_retention_days 1 or more (the scheduled snapshots are kept as long as the daily ones)"
        )
    encrypt_logs = args.get("encrypt_logs", True)
    if not isinstance(encrypt_logs, bool):
        raise ValueError(f"RedisCache encrypt_logs {encrypt_logs!r} is not allowed; use True or False")
    if args.get("log_kms_key_arn") is not None and not encrypt_logs:
        raise ValueError(
            "RedisCache log_kms_key_arn is not allowed with encrypt_logs False; leave the key out, or keep "
            "encrypt_logs True"
        )
    log_retention = args.get("log_retention_days", 30)
    if not _is_int(log_retention) or log_retention not in LOG_RETENTION_DAYS:
        raise ValueError(
            f"RedisCache log_retention_days {log_retention!r} is not allowed; "
            f"use one of {', '.join(map(str, LOG_RETENTION_DAYS))}"
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


def _snapshot_window(window: object) -> tuple[int, int]:
    """(start minute of the day, length in minutes) of a "hh:mm-hh:mm" window."""
    found = _SNAPSHOT_WINDOW.match(window) if isinstance(window, str) else None
    if found:
        h1, m1, h2, m2 = map(int, found.groups())
        length = (h2 * 60 + m2 - h1 * 60 - m1) % _DAY
        if length >= _MIN_WINDOW:
            return h1 * 60 + m1, length
    raise ValueError(
        f"RedisCache snapshot_window {window!r} is not allowed; use hh:mm-hh:mm in UTC, "
        'at least 60 minutes, e.g. "03:00-05:00"'
    )


def _maintenance_window(window: object) -> tuple[int, int]:
    """(start minute of the week, length in minutes) of a "ddd:hh:mm-ddd:hh:mm" window."""
    found = _MAINTENANCE_WINDOW.match(window) if isinstance(window, str) else None
    if found:
        d1, h1, m1, d2, h2, m2 = found.groups()
        start = _DAYS.index(d1) * _DAY + int(h1) * 60 + int(m1)
        end = _DAYS.index(d2) * _DAY + int(h2) * 60 + int(m2)
        length = (end - start) % _WEEK
        if length >= _MIN_WINDOW:
            return start, length
    raise ValueError(
        f"RedisCache maintenance_window {window!r} is not allowed; use ddd:hh:mm-ddd:hh:mm in UTC "
        '(ddd = sun, mon, ... sat), at least 60 minutes, e.g. "sun:05:00-sun:06:00"'
    )


def _overlap(a: tuple[int, int], b: tuple[int, int], period: int) -> bool:
    """Whether two (start, length) intervals on a circle of `period` minutes overlap (touching is fine)."""
    return (b[0] - a[0]) % period < a[1] or (a[0] - b[0]) % period < b[1]
