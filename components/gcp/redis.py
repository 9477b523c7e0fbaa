"""`RedisCache`: Memorystore for Redis with secure defaults: reachable only over Private Service Access on the
given network, AUTH on with the AUTH string kept in Secret Manager, TLS with server authentication, RDB
snapshots every hour, a weekly maintenance window; optional standby with automatic failover, read replicas
and a customer-managed encryption key."""

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Required, TypedDict, TypeVar

import pulumi
import pulumi_gcp as gcp

from ..bounds import Between, OneOf, bounds
from ..checks import check_bounds, choice, refuse_unknown_keys
from ..credentials import redis_url
from ..limits import MAXMEMORY_POLICIES
from ..naming import physical_base, physical_name
from .labels import check_labels
from .postgres_settings import DAYS, MAINTENANCE_WINDOW, RANGE_NAME, REGION
from .secret_store import stored_secret_version, version_reference

if TYPE_CHECKING:
    from .alarms.args import AlarmsCache

# Engine versions as users name them -> the API's `redis_version`.
ENGINE_VERSIONS = {"6.x": "REDIS_6_X", "7.0": "REDIS_7_0", "7.2": "REDIS_7_2"}
# Capacity: 1-300 GB on both tiers (cloud.google.com/memorystore/docs/redis/pricing, capacity tiers M1-M5).
MIN_MEMORY_GB, MAX_MEMORY_GB = 1, 300
# Read replicas: 1-5, Standard tier only, only for instances of 5 GB and more
# (cloud.google.com/memorystore/docs/redis/read-replicas, "Caveats and limitations").
MAX_READ_REPLICAS = 5
READ_REPLICA_MIN_MEMORY_GB = 5
PERSISTENCE_MODES = {"rdb": "RDB", "none": "DISABLED"}
# RDB snapshot periods the API offers (provider `persistence_config.rdb_snapshot_period`).
RDB_SNAPSHOT_PERIODS = {1: "ONE_HOUR", 6: "SIX_HOURS", 12: "TWELVE_HOURS", 24: "TWENTY_FOUR_HOURS"}
WEEKDAYS: dict[str, str] = dict(
    zip(DAYS, ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"), strict=True)
)
INSTANCE_ID_LIMIT = 40  # Memorystore instance ids: a lowercase letter first, at most 40 characters
SECRET_ID_LIMIT = 255  # Secret Manager secret ids
SECRET_KEYS = ("password", "url")
KMS_KEY = re.compile(r"^projects/[^/\s]+/locations/[^/\s]+/keyRings/[^/\s]+/cryptoKeys/[^/\s]+$")
MAXMEMORY_POLICY = "maxmemory-policy"

# The `redis_configs` Memorystore for Redis accepts besides maxmemory-policy, with the engine version that
# first takes each (`gcloud redis instances update --update-redis-config`; the API reference's list stops
# at 5.0): config -> (minimum engine version, what its value must be).
_YES_NO = "yes or no"
_COUNT = "a whole number, 0 or more"
_GB = "a number of GB, 20% to 100% of memory_size_gb"
_EVENTS = "Redis keyspace event flags (K, E, g, $, l, s, h, z, t, x, e, m, d, n, A), or empty"
REDIS_CONFIGS: dict[str, tuple[str, str]] = {
    "notify-keyspace-events": ("6.x", _EVENTS),
    "timeout": ("6.x", _COUNT),
    "activedefrag": ("6.x", _YES_NO),
    "lfu-decay-time": ("6.x", _COUNT),
    "lfu-log-factor": ("6.x", _COUNT),
    "maxmemory-gb": ("6.x", _GB),
    "stream-node-max-bytes": ("6.x", _COUNT),
    "stream-node-max-entries": ("6.x", _COUNT),
    "maxmemory-clients": ("7.0", "a limit on client memory, e.g. 5%"),
    "lazyfree-lazy-eviction": ("7.0", _YES_NO),
    "lazyfree-lazy-expire": ("7.0", _YES_NO),
    "lazyfree-lazy-user-del": ("7.0", _YES_NO),
    "lazyfree-lazy-user-flush": ("7.0", _YES_NO),
}
MIN_MAXMEMORY_FRACTION = 0.2  # "maxmemory-gb can be reduced to 20% of the instance capacity"
_EVENT_FLAGS = re.compile(r"^[KEg$lshztxemdnA]*$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")

T = TypeVar("T")


class RedisCacheArgs(TypedDict, total=False):
    network_id: Required[pulumi.Input[str]]
    """The VPC network the instance is connected to (`authorized_network`): the Vpc's `private_network_id`,
    which resolves only once the Private Service Access connection exists (so the instance waits for it).
    Required."""
    reserved_ip_range: pulumi.Input[str] | None
    """Name of the Private Service Access range the instance takes its addresses from (the Vpc's
    `private_service_range_name`). Default None (any PSA range of the network)."""
    region: pulumi.Input[str] | None
    """Region of the instance, e.g. "europe-west1". Default None (the provider's `gcp:region`)."""
    high_availability: bool
    """True: the STANDARD_HA tier, a standby replica in another zone with automatic failover. False: the
    BASIC tier, a single node (its data is lost on a node failure or maintenance, except what the last RDB
    snapshot holds). **Fixed at creation**: changing it replaces the instance (the provider's `tier` forces
    a new one), so the default stays False, unlike AWS's `replicas` 1 with `automatic_failover`: a new
    default would replace every cache deployed with the old one. Default False."""
    read_replicas: int
    """Read replicas, 0-5 (`read_replicas_mode` READ_REPLICAS_ENABLED, `replica_count`), served through
    `reader_endpoint`; one of them is also the failover target. Needs `high_availability` and
    `memory_size_gb` 5 or more. Once an instance has read replicas they cannot be turned off again (going
    back to 0 is refused by the API). Default 0."""
    memory_size_gb: int
    """Capacity in GB, 1-300 on both tiers. Default 1."""
    engine_version: str
    """Redis version: "6.x", "7.0" or "7.2" (`REDIS_6_X`, `REDIS_7_0`, `REDIS_7_2`). Default "7.2".
    Memorystore upgrades in place but never downgrades."""
    maxmemory_policy: str
    """What Redis evicts when memory is full: "volatile-lru", "allkeys-lru", "volatile-lfu", "allkeys-lfu",
    "volatile-random", "allkeys-random", "volatile-ttl" or "noeviction". Use "allkeys-lru" for a pure cache.
    Default "volatile-lru"."""
    parameters: dict[str, str]
    """Extra `redis_configs`, e.g. {"notify-keyspace-events": "Ex", "maxmemory-gb": "4"}. Default {}.
    Memorystore for Redis takes only: notify-keyspace-events, timeout, activedefrag, lfu-decay-time,
    lfu-log-factor, maxmemory-gb (20% to 100% of `memory_size_gb`), stream-node-max-bytes,
    stream-node-max-entries and, from 7.0, maxmemory-clients and lazyfree-lazy-eviction / -expire /
    -user-del / -user-flush. `maxmemory-policy` goes through `maxmemory_policy`."""
    persistence: str
    """"rdb": RDB snapshots every `rdb_snapshot_hours`, restored after a restart or failover; "none": no
    persistence. Default "rdb". Memorystore for Redis has no append-only file (AOF)."""
    rdb_snapshot_hours: int
    """Hours between RDB snapshots: 1, 6, 12 or 24 (at most that much of the writes are lost when the data
    must be restored from a snapshot). Only with `persistence` "rdb". Default 1."""
    maintenance_window: str
    """Weekly one-hour maintenance window, "ddd:HH" UTC (mon ... sun). Default "sun:05"."""
    kms_key_name: pulumi.Input[str] | None
    """Cloud KMS key that encrypts the data at rest (CMEK, `customer_managed_key`):
    "projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>", in the instance's region; the Memorystore
    service agent needs `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it. Default None (Google-managed
    encryption). Changing it replaces the instance."""
    display_name: str
    """Name shown in the Google Cloud console. Default: `physical_name` (the component name unless given)."""
    deletion_protection: bool
    """The provider's `deletion_protection`: Pulumi cannot delete the instance while it is on (Memorystore
    for Redis has no deletion protection of its own). Default True."""
    protect: bool
    """Pulumi `protect` on the instance and the AUTH string secret. Default True."""
    labels: dict[str, str]
    """Labels on the instance and the secret (`managed-by: stackyard` is always added). Keys: a lowercase
    letter, then lowercase letters, digits, _ or -, at most 63; values the same characters. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the instance id
    `<physical_name>-cache`, the secrets `<physical_name>-cache-auth` and `<physical_name>-cache-url`, the
    default `display_name`). Default: the component's name. Give each stack its own (e.g. "shop-staging")
    so that two stacks in one project never collide, while the logical names, and so the URNs, stay the
    same. 1-63 lowercase letters, digits and hyphens, starting with a letter. Changing it on a deployed stack
    replaces the cache."""


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type. `persistence` keeps its own check, which explains 'aof'.
BOUNDS = bounds(
    RedisCacheArgs,
    read_replicas=Between(0, MAX_READ_REPLICAS),
    memory_size_gb=Between(MIN_MEMORY_GB, MAX_MEMORY_GB),
    engine_version=OneOf(*ENGINE_VERSIONS),
    maxmemory_policy=OneOf(*MAXMEMORY_POLICIES),
    rdb_snapshot_hours=OneOf(*RDB_SNAPSHOT_PERIODS),
)


class RedisCache(pulumi.ComponentResource):
    """Memorystore for Redis, reachable only from the network, with AUTH and TLS always on.

    The instance connects through Private Service Access (`connect_mode` PRIVATE_SERVICE_ACCESS) to the
    network given and takes its address from the PSA range; it has no public address, and nothing outside
    the VPC (and its peers) reaches it. AUTH is always enabled; the AUTH string Memorystore generates is
    stored only in Secret Manager (`auth_secret_id`), for services to read by reference. In-transit
    encryption is always SERVER_AUTHENTICATION: clients connect with TLS to `port` (6378) and verify the
    server with
    `ca_certificate`. RDB snapshots are taken every hour by default. With `high_availability` a standby in
    another zone takes over automatically; `read_replicas` add replicas read through `reader_endpoint`.

    The instance id is explicit and derived from `physical_name` (default: the component name;
    `<physical_name>-cache`, at most 40 characters, shortened with a hash beyond that), as is the secret's
    (`<physical_name>-cache-auth`), so a refactor never replaces the cache; two components with the same
    `physical_name` in one project would collide.

    Example:

        cache = RedisCache(
            "shop",
            {
                "network_id": "projects/shop-prod/global/networks/shop",
                "reserved_ip_range": "shop-psa",
                "high_availability": True,
                "memory_size_gb": 5,
                "read_replicas": 1,
                "maxmemory_policy": "allkeys-lru",
            },
        )
        pulumi.export("redisHost", cache.primary_endpoint)
        pulumi.export("redisAuthSecret", cache.auth_secret_id)
    """

    primary_endpoint: pulumi.Output[str]
    """The primary's private IP address (reads and writes)."""
    reader_endpoint: pulumi.Output[str]
    """The read endpoint that spreads reads over the read replicas; the primary's address when there are
    none."""
    port: pulumi.Output[int]
    """The port clients connect to with TLS (6378 with in-transit encryption)."""
    auth_secret_id: pulumi.Output[str]
    """The Secret Manager secret holding the AUTH string: `projects/<project>/secrets/<name>-cache-auth`."""
    url_secret_id: pulumi.Output[str]
    """The Secret Manager secret holding `rediss://:<AUTH string>@<host>:<port>`:
    `projects/<project>/secrets/<name>-cache-url`. Clients verify the server with `ca_certificate`."""
    password: pulumi.Output[str]
    """The AUTH string (a Pulumi secret), for a consumer that cannot read Secret Manager (a Kubernetes
    Secret)."""
    url: pulumi.Output[str]
    """`rediss://:<AUTH string>@<host>:<port>` (a Pulumi secret)."""
    ca_certificate: pulumi.Output[str]
    """The server CA certificates (PEM, one after the other; two while Memorystore rotates its CA) that
    clients verify the TLS connection with. Public, not a secret; "" before the instance reports any."""
    instance_name: pulumi.Output[str]
    """The instance id (`<name>-cache`), as the alarms and `gcloud redis instances` take it."""
    instance_id: pulumi.Output[str]
    """The instance's full name, `projects/<project>/locations/<region>/instances/<id>`."""

    def __init__(self, name: str, args: RedisCacheArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(RedisCache, RedisCacheArgs, name, args, opts)
        settings = _Settings(name, args)
        super().__init__("stackyard-gcp:index:RedisCache", name, None, opts)

        persistence: gcp.redis.InstancePersistenceConfigArgsDict = {
            "persistence_mode": PERSISTENCE_MODES[settings.persistence]
        }
        if settings.persistence == "rdb":
            persistence["rdb_snapshot_period"] = RDB_SNAPSHOT_PERIODS[settings.rdb_snapshot_hours]
        day, hour = settings.maintenance_window
        maintenance: gcp.redis.InstanceMaintenancePolicyArgsDict = {
            "weekly_maintenance_windows": [
                {"day": day, "start_time": {"hours": hour, "minutes": 0, "seconds": 0, "nanos": 0}}
            ]
        }

        instance = gcp.redis.Instance(
            name,
            name=physical_name(f"{settings.base}-cache", INSTANCE_ID_LIMIT),
            display_name=settings.display_name,
            region=settings.region,
            tier="STANDARD_HA" if settings.high_availability else "BASIC",
            memory_size_gb=settings.memory_size_gb,
            redis_version=ENGINE_VERSIONS[settings.engine_version],
            # Private only: the network's Private Service Access range, never direct peering or a public IP.
            connect_mode="PRIVATE_SERVICE_ACCESS",
            authorized_network=settings.network_id,
            reserved_ip_range=settings.reserved_ip_range,
            auth_enabled=True,
            transit_encryption_mode="SERVER_AUTHENTICATION",
            # Set only on STANDARD_HA: the BASIC tier has no replicas of any kind.
            read_replicas_mode=(
                ("READ_REPLICAS_ENABLED" if settings.read_replicas else "READ_REPLICAS_DISABLED")
                if settings.high_availability
                else None
            ),
            replica_count=settings.read_replicas or None,
            # Turning read replicas on for an existing instance needs a range for the replicas' nodes; "auto"
            # takes one from the Private Service Access range (the provider ignores "auto" once a range is
            # set). Source: Memorystore for Redis API, Instance.secondaryIpRange ("Required when enabling read
            # replicas on an existing instance"), and the provider's secondaryIpDiffSuppress.
            secondary_ip_range="auto" if settings.read_replicas else None,
            redis_configs=settings.redis_configs,
            persistence_config=persistence,
            maintenance_policy=maintenance,
            customer_managed_key=settings.kms_key_name,
            deletion_protection=settings.deletion_protection,
            labels={**settings.labels, "managed-by": "stackyard"},
            opts=pulumi.ResourceOptions(parent=self, protect=settings.protect),
        )
        auth = pulumi.Output.secret(instance.auth_string)
        secret, version = stored_secret_version(
            f"{name}-auth",
            secret_id=physical_name(f"{settings.base}-cache-auth", SECRET_ID_LIMIT),
            value=auth,
            parent=self,
            labels=settings.labels,
            protect=settings.protect,
        )
        url = pulumi.Output.secret(
            pulumi.Output.all(auth, instance.host, instance.port).apply(lambda v: redis_url(*v))
        )
        url_secret, url_version = stored_secret_version(
            f"{name}-url",
            secret_id=physical_name(f"{settings.base}-cache-url", SECRET_ID_LIMIT),
            value=url,
            parent=self,
            labels=settings.labels,
            protect=settings.protect,
        )
        self._references = {
            "password": version_reference(secret, version),
            "url": version_reference(url_secret, url_version),
        }

        self.primary_endpoint = instance.host
        self.reader_endpoint = instance.read_endpoint if settings.read_replicas else instance.host
        self.port = instance.port
        self.auth_secret_id = secret.id
        self.url_secret_id = url_secret.id
        self.password = auth
        self.url = url
        self.ca_certificate = instance.server_ca_certs.apply(_pem_bundle)
        self.instance_name = instance.name
        self.instance_id = instance.id
        self._watched: AlarmsCache = {"instance_id": instance.name}
        if settings.region is not None:
            self._watched["region"] = settings.region
        self.register_outputs(
            {
                "primary_endpoint": self.primary_endpoint,
                "reader_endpoint": self.reader_endpoint,
                "port": self.port,
                "auth_secret_id": self.auth_secret_id,
                "url_secret_id": self.url_secret_id,
                "password": self.password,
                "url": self.url,
                "ca_certificate": self.ca_certificate,
                "instance_name": self.instance_name,
                "instance_id": self.instance_id,
            }
        )

    def alarm_target(self) -> "AlarmsCache":
        """This cache as `Alarms`' `cache` watches it: the instance's id and region (Memorystore reports
        memory use as a share of the instance's own `maxmemory`, so no size is needed). Add thresholds to it:
        `{"cache": {**cache.alarm_target(), "memory_percent": 70}}`."""
        return self._watched.copy()

    def secret_reference(self, key: str) -> pulumi.Output[str]:
        """The current version of the "password" (AUTH string) or "url" secret,
        `projects/<project>/secrets/<id>/versions/<n>`, for a Cloud Run container's `secrets`: a new AUTH
        string is a new version, which changes the service and rolls it."""
        if key not in SECRET_KEYS:
            raise ValueError(f"RedisCache secret_reference {key!r} is not allowed; use one of {SECRET_KEYS}")
        return self._references[key]


def _pem_bundle(certs: Sequence[gcp.redis.outputs.InstanceServerCaCert] | None) -> str:
    """The CA certificates' PEM text, each ending in a newline; "" when there are none."""
    pems = [c.cert for c in certs or [] if c.cert]
    return "".join(pem if pem.endswith("\n") else f"{pem}\n" for pem in pems)


class _Settings:
    """The arguments, defaulted and checked: constructed before anything is registered."""

    def __init__(self, name: str, args: Mapping[str, Any]) -> None:
        check_bounds("RedisCache", RedisCacheArgs, args)
        network_id = args.get("network_id")
        if not network_id:
            raise ValueError(
                "RedisCache network_id is required; use the Vpc's private_network_id (the network id that "
                "resolves once Private Service Access is connected)"
            )
        self.network_id: pulumi.Input[str] = network_id
        self.reserved_ip_range = _pattern(
            "reserved_ip_range",
            args.get("reserved_ip_range"),
            RANGE_NAME,
            "the name of the Private Service Access range (lowercase RFC 1035, at most 63 characters)",
        )
        self.region = _pattern(
            "region", args.get("region"), REGION, "a Google Cloud region such as us-central1"
        )

        self.high_availability: bool = args.get("high_availability", False)
        self.memory_size_gb: int = args.get("memory_size_gb", 1)
        self.read_replicas: int = args.get("read_replicas", 0)
        if self.read_replicas and not self.high_availability:
            raise ValueError(
                f"RedisCache read_replicas {self.read_replicas} is not allowed without high_availability; "
                "use high_availability True (read replicas need the STANDARD_HA tier) or read_replicas 0"
            )
        if self.read_replicas and self.memory_size_gb < READ_REPLICA_MIN_MEMORY_GB:
            raise ValueError(
                f"RedisCache read_replicas {self.read_replicas} is not allowed with memory_size_gb "
                f"{self.memory_size_gb}; use memory_size_gb {READ_REPLICA_MIN_MEMORY_GB} or more "
                "(Memorystore offers read replicas only from 5 GB) or read_replicas 0"
            )
        self.engine_version: str = args.get("engine_version", "7.2")
        policy: str = args.get("maxmemory_policy", "volatile-lru")
        self.redis_configs = {
            **_parameters(args.get("parameters") or {}, self.engine_version, self.memory_size_gb),
            MAXMEMORY_POLICY: policy,
        }

        persistence = args.get("persistence", "rdb")
        if persistence == "aof":
            raise ValueError(
                "RedisCache persistence 'aof' is not allowed; Memorystore for Redis has no append-only file "
                "(AOF) persistence, only RDB snapshots: use 'rdb' or 'none'"
            )
        self.persistence: str = choice("RedisCache", "persistence", persistence, tuple(PERSISTENCE_MODES))
        if "rdb_snapshot_hours" in args and self.persistence != "rdb":
            raise ValueError(
                f"RedisCache rdb_snapshot_hours {args['rdb_snapshot_hours']!r} is not allowed with "
                f"persistence {self.persistence!r}; use persistence 'rdb' or leave rdb_snapshot_hours out"
            )
        self.rdb_snapshot_hours: int = args.get("rdb_snapshot_hours", 1)

        window = args.get("maintenance_window", "sun:05")
        match = MAINTENANCE_WINDOW.match(window.lower()) if isinstance(window, str) else None
        if not match:
            raise ValueError(
                f"RedisCache maintenance_window {window!r} is not allowed; use ddd:HH in UTC (ddd one of "
                "mon, tue, wed, thu, fri, sat, sun), e.g. sun:05"
            )
        self.maintenance_window = (WEEKDAYS[match.group(1)], int(match.group(2)))

        self.kms_key_name = _pattern(
            "kms_key_name",
            args.get("kms_key_name"),
            KMS_KEY,
            "a Cloud KMS key name projects/<project>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>",
        )
        self.base = physical_base("RedisCache", name, args.get("physical_name"))
        display_name = args.get("display_name", self.base)
        if not isinstance(display_name, str) or not display_name.strip():
            raise ValueError(
                f"RedisCache display_name {display_name!r} is not allowed; use a non-empty string"
            )
        self.display_name: str = display_name
        self.deletion_protection: bool = args.get("deletion_protection", True)
        self.protect: bool = args.get("protect", True)

        self.labels = check_labels("RedisCache", args.get("labels"))


def _pattern(arg: str, value: Any, pattern: re.Pattern[str], allowed: str) -> pulumi.Input[str] | None:
    """`value` if None, an Output (checked by the service) or a string matching `pattern`."""
    if value is None or isinstance(value, pulumi.Output):
        return value
    if not isinstance(value, str) or not pattern.match(value):
        raise ValueError(f"RedisCache {arg} {value!r} is not allowed; use {allowed}")
    return value


def _parameters(given: Mapping[Any, Any], engine_version: str, memory_size_gb: int) -> dict[str, str]:
    """`given` as `redis_configs`, each key one Memorystore takes on `engine_version`, each value of its
    form; else a ValueError naming the key and what is allowed."""
    versions = tuple(ENGINE_VERSIONS)
    configs: dict[str, str] = {}
    for key, raw in given.items():
        if key == MAXMEMORY_POLICY:
            raise ValueError(
                f"RedisCache parameters {MAXMEMORY_POLICY} {raw!r} is not allowed; use the maxmemory_policy "
                "argument"
            )
        if key not in REDIS_CONFIGS:
            raise ValueError(
                f"RedisCache parameters {key!r} is not allowed; use configs Memorystore for Redis supports: "
                f"{', '.join(REDIS_CONFIGS)} (maxmemory-policy through maxmemory_policy)"
            )
        since, form = REDIS_CONFIGS[key]
        if versions.index(engine_version) < versions.index(since):
            raise ValueError(
                f"RedisCache parameters {key!r} is not allowed with engine_version {engine_version}; use "
                f"engine_version {since} or later"
            )
        value = str(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else raw
        if not isinstance(value, str) or not _valid_value(form, value, memory_size_gb):
            raise ValueError(f"RedisCache parameters {key} {raw!r} is not allowed; use {form}")
        configs[key] = value
    return dict(sorted(configs.items()))


def _valid_value(form: str, value: str, memory_size_gb: int) -> bool:
    if form == _YES_NO:
        return value in ("yes", "no")
    if form == _COUNT:
        return value.isdigit()
    if form == _GB:
        return bool(_NUMBER.match(value)) and (
            MIN_MAXMEMORY_FRACTION * memory_size_gb <= float(value) <= memory_size_gb
        )
    if form == _EVENTS:
        return bool(_EVENT_FLAGS.match(value))
    return bool(value.strip())
