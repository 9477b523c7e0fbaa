"""`RedisCache`: an ElastiCache replication group (Redis OSS or Valkey, cluster mode disabled) in private
subnets, encrypted at rest and in transit, with an AUTH token kept in Secrets Manager.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled; `windows`
checks the snapshot and maintenance windows), `key` (the KMS key), `network` (the subnet group, then the
security group), `parameters` (the parameter group), `logs` (the slow log's group and the log key), `secret`
(the AUTH token, then the secret that keeps it), `replication_group` (the nodes), and the scheduled snapshots
of `snapshot_every_hours` (`components.aws.redis_snapshots`)."""

from typing import TYPE_CHECKING

import pulumi
import pulumi_aws as aws  # noqa: F401  (the docstring example's `aws`)

from ...checks import refuse_unknown_keys
from ...credentials import redis_url
from ..redis_snapshots import scheduled_snapshots
from .key import cache_key
from .logs import slow_log
from .network import cache_security_group, subnet_group
from .parameters import _family as _family  # the old module's helpers, importable from here as before
from .parameters import parameter_group
from .replication_group import client_port, replication_group
from .secret import _connection_json as _connection_json
from .secret import auth_secret, auth_token
from .settings import _GIB_BY_SIZE as _GIB_BY_SIZE
from .settings import (
    AUTH_SECRET_RECOVERY_DAYS,
    AUTH_TOKEN_LENGTH,
    DEFAULT_SNAPSHOT_WINDOW,
    DEFAULT_VERSIONS,
    ENGINE_VERSIONS,
    GROUP_ID_LIMIT,
    GROUP_NAME_LIMIT,
    LARGE_FAMILIES,
    LARGE_SIZES,
    LOG_RETENTION_DAYS,
    MAX_REPLICAS,
    MAX_SNAPSHOT_RETENTION_DAYS,
    NODE_MEMORY_GIB,
    NODE_TYPES,
    PORT,
    RESERVED_MEMORY_PERCENT,
    SECRET_KEYS,
    SMALL_FAMILIES,
    SMALL_SIZES,
    RedisCacheArgs,
    _Settings,
    data_memory_mb,
)
from .settings import _check_args as _check_args
from .settings import _is_int as _is_int
from .windows import _DAY as _DAY
from .windows import _DAYS as _DAYS
from .windows import _MAINTENANCE_WINDOW as _MAINTENANCE_WINDOW
from .windows import _MIN_WINDOW as _MIN_WINDOW
from .windows import _SNAPSHOT_WINDOW as _SNAPSHOT_WINDOW
from .windows import _TIME as _TIME
from .windows import _WEEK as _WEEK
from .windows import _maintenance_window as _maintenance_window
from .windows import _overlap as _overlap
from .windows import _snapshot_window as _snapshot_window

if TYPE_CHECKING:
    from ..alarms import CacheAlarmsArgs

__all__ = [
    "AUTH_SECRET_RECOVERY_DAYS",
    "AUTH_TOKEN_LENGTH",
    "DEFAULT_SNAPSHOT_WINDOW",
    "DEFAULT_VERSIONS",
    "ENGINE_VERSIONS",
    "GROUP_ID_LIMIT",
    "GROUP_NAME_LIMIT",
    "LARGE_FAMILIES",
    "LARGE_SIZES",
    "LOG_RETENTION_DAYS",
    "MAX_REPLICAS",
    "MAX_SNAPSHOT_RETENTION_DAYS",
    "NODE_MEMORY_GIB",
    "NODE_TYPES",
    "PORT",
    "RESERVED_MEMORY_PERCENT",
    "SECRET_KEYS",
    "SMALL_FAMILIES",
    "SMALL_SIZES",
    "RedisCache",
    "RedisCacheArgs",
    "data_memory_mb",
]


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
        settings = _Settings(name, args)
        super().__init__("stackyard-aws:index:RedisCache", name, None, opts)

        kms_key_arn = cache_key(self, name, settings)
        subnets = subnet_group(self, name, settings)
        parameters = parameter_group(self, name, settings)
        firewall = cache_security_group(self, name, settings)
        self._access = firewall.access
        logs = slow_log(self, name, settings)
        token = auth_token(self, name, settings)
        group = replication_group(
            self, name, settings, kms_key_arn, subnets, parameters, firewall, logs, token
        )
        if settings.snapshot_every_hours is not None:
            scheduled_snapshots(
                self,
                name,
                settings.base,
                group,
                settings.snapshot_every_hours,
                settings.snapshot_retention_days,
                settings.snapshot_window,
                kms_key_arn,
                settings.tags,
                log_retention_days=settings.log_retention_days,
                log_kms_key_arn=logs.key,
            )
        port = client_port(group)
        secret = auth_secret(self, name, settings, group, port, token, kms_key_arn)

        self.primary_endpoint = group.primary_endpoint_address
        self.reader_endpoint = group.reader_endpoint_address
        self.port = port
        self.auth_secret_arn = secret.secret.arn
        self.auth_secret_version_id = secret.version.version_id
        self.password = token
        self.url = pulumi.Output.secret(
            pulumi.Output.all(token, group.primary_endpoint_address, port).apply(lambda v: redis_url(*v))
        )
        self.security_group_id = firewall.security_group.id
        self.kms_key_arn = pulumi.Output.from_input(kms_key_arn)
        self.replication_group_id = group.replication_group_id
        self._watched: CacheAlarmsArgs = {
            "replication_group_id": group.replication_group_id,
            "nodes": 1 + settings.replicas,
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
