"""components.gcp.RedisCache: Private Service Access only, AUTH with the AUTH string only in Secret Manager,
TLS, BASIC / STANDARD_HA and read replicas, redis_configs, RDB persistence, maintenance window, protect,
name limits and argument checks."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any, cast

import pulumi
import pytest

from components.gcp.redis import RedisCache, RedisCacheArgs
from components.naming import physical_name
from stacks.mocks import SECRET_MASK, RecordingMonitor, Registration
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

INSTANCE = "gcp:redis/instance:Instance"
SECRET = "gcp:secretmanager/secret:Secret"
VERSION = "gcp:secretmanager/secretVersion:SecretVersion"
COMPONENT = "stackyard-gcp:index:RedisCache"

NETWORK_ID = "projects/stackyard-mock-project/global/networks/shop-net"
NETWORK: RedisCacheArgs = {"network_id": NETWORK_ID}
INSTANCE_ID = re.compile(r"^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$")  # Memorystore: at most 40, a letter first
OUTPUTS = (
    "primary_endpoint",
    "reader_endpoint",
    "port",
    "auth_secret_id",
    "ca_certificate",
    "instance_name",
    "instance_id",
    "url_secret_id",
    "password",
    "url",
)
SECRET_OUTPUTS = ("password", "url")
KMS_KEY = "projects/shop-keys/locations/europe-west1/keyRings/shop/cryptoKeys/redis"


def by_name(monitor: RecordingMonitor, type_: str) -> dict[str, Registration]:
    return {r.name: r for r in of_type(monitor, type_)}


def build(args: dict[str, Any], name: str = "shop") -> dict[str, Any]:
    """Create a RedisCache under mocks and return its resolved outputs, plus `secret` (which outputs are
    Pulumi secrets); `args` go over NETWORK."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        cache = RedisCache(name, cast(RedisCacheArgs, {**NETWORK, **args}))
        outputs = {key: getattr(cache, key) for key in OUTPUTS}
        secret = {
            key: pulumi.Output.from_input(asyncio.ensure_future(output.is_secret()))
            for key, output in outputs.items()
        }
        return pulumi.Output.all(secret=pulumi.Output.all(**secret), **outputs).apply(resolved.update)

    program()
    assert resolved, "the RedisCache outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def instance(monitor: RecordingMonitor) -> Registration:
    return one(monitor, INSTANCE)


def test_defaults_are_private_authenticated_encrypted_and_persistent(monitor: RecordingMonitor) -> None:
    out = build({})
    cache = instance(monitor)
    inputs = cache.inputs
    assert cache.name == "shop" and inputs["name"] == "shop-cache" and inputs["displayName"] == "shop"
    assert "region" not in inputs  # the provider's region
    assert inputs["tier"] == "BASIC" and inputs["memorySizeGb"] == 1
    assert inputs["redisVersion"] == "REDIS_7_2"
    assert "readReplicasMode" not in inputs and "replicaCount" not in inputs
    assert inputs["connectMode"] == "PRIVATE_SERVICE_ACCESS"
    assert inputs["authorizedNetwork"] == NETWORK_ID
    assert "reservedIpRange" not in inputs
    assert inputs["authEnabled"] is True
    assert inputs["transitEncryptionMode"] == "SERVER_AUTHENTICATION"
    assert inputs["redisConfigs"] == {"maxmemory-policy": "volatile-lru"}
    assert inputs["persistenceConfig"] == {"persistenceMode": "RDB", "rdbSnapshotPeriod": "ONE_HOUR"}
    assert inputs["maintenancePolicy"] == {
        "weeklyMaintenanceWindows": [
            {"day": "SUNDAY", "startTime": {"hours": 5, "minutes": 0, "seconds": 0, "nanos": 0}}
        ]
    }
    assert "customerManagedKey" not in inputs
    # Safe by default, as on AWS: deletion protection and Pulumi protect on.
    assert inputs["deletionProtection"] is True
    assert inputs["labels"] == {"managed-by": "stackyard"}
    assert cache.protect

    state = cache.state
    assert out["primary_endpoint"] == state["host"] and out["reader_endpoint"] == state["host"]
    assert out["port"] == 6378
    assert out["instance_name"] == "shop-cache"
    assert out["instance_id"] == "projects/stackyard-mock-project/locations/us-central1/instances/shop-cache"
    assert out["auth_secret_id"] == "projects/stackyard-mock-project/secrets/shop-cache-auth"
    assert out["ca_certificate"] == state["serverCaCerts"][0]["cert"]
    assert out["ca_certificate"].startswith("-----BEGIN CERTIFICATE-----")
    component = one(monitor, COMPONENT)
    assert all(r.parent == component.urn for r in monitor.registrations.values() if r.custom)
    assert {r.type for r in monitor.registrations.values() if r.custom} == {INSTANCE, SECRET, VERSION}


def test_auth_string_is_only_in_secret_manager(monitor: RecordingMonitor) -> None:
    out = build({"labels": {"team": "checkout"}})
    auth_string = instance(monitor).state["authString"]
    assert auth_string  # the mock generates one only when AUTH is on
    secret = by_name(monitor, SECRET)["shop-auth"]
    assert secret.inputs["secretId"] == "shop-cache-auth"
    assert secret.inputs["replication"] == {"auto": {}}
    assert secret.inputs["labels"] == {"team": "checkout", "managed-by": "stackyard"}
    version = by_name(monitor, VERSION)["shop-auth"]
    assert version.inputs["secretData"] == SECRET_MASK
    assert version.inputs["secret"] == out["auth_secret_id"]
    assert auth_string not in json.dumps([r.inputs for r in monitor.registrations.values()])
    plain = {k: v for k, v in out.items() if k not in ("secret", *SECRET_OUTPUTS)}
    assert auth_string not in json.dumps(plain)
    # Only the AUTH string and the URL are secret outputs; the CA certificate is public.
    assert out["secret"] == {key: key in SECRET_OUTPUTS for key in OUTPUTS}
    host, port = instance(monitor).state["host"], instance(monitor).state["port"]
    assert out["password"] == auth_string and out["url"] == f"rediss://:{auth_string}@{host}:{port}"


def test_the_url_has_a_secret_of_its_own_and_references_pin_versions(monitor: RecordingMonitor) -> None:
    resolved: dict[str, str] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        cache = RedisCache("shop", cast(RedisCacheArgs, NETWORK))
        with pytest.raises(ValueError, match="secret_reference 'token' is not allowed"):
            cache.secret_reference("token")
        refs = {key: cache.secret_reference(key) for key in ("password", "url")}
        return pulumi.Output.all(**refs).apply(resolved.update)

    program()
    secrets, versions = by_name(monitor, SECRET), by_name(monitor, VERSION)
    assert secrets["shop-url"].inputs["secretId"] == "shop-cache-url"
    assert versions["shop-url"].inputs["secretData"] == SECRET_MASK
    for key, logical in (("password", "shop-auth"), ("url", "shop-url")):
        assert resolved[key] == f"{secrets[logical].id}/versions/{versions[logical].state['version']}"


def test_high_availability_uses_the_standard_tier(monitor: RecordingMonitor) -> None:
    out = build({"high_availability": True})
    inputs = instance(monitor).inputs
    assert inputs["tier"] == "STANDARD_HA"
    assert inputs["readReplicasMode"] == "READ_REPLICAS_DISABLED" and "replicaCount" not in inputs
    assert "secondaryIpRange" not in inputs
    assert out["reader_endpoint"] == out["primary_endpoint"] == instance(monitor).state["host"]


def test_read_replicas_are_enabled_and_served_by_the_read_endpoint(monitor: RecordingMonitor) -> None:
    out = build({"high_availability": True, "memory_size_gb": 5, "read_replicas": 3})
    cache = instance(monitor)
    assert cache.inputs["tier"] == "STANDARD_HA" and cache.inputs["memorySizeGb"] == 5
    assert cache.inputs["readReplicasMode"] == "READ_REPLICAS_ENABLED"
    assert cache.inputs["replicaCount"] == 3
    # Needed when an existing instance turns read replicas on; "auto" draws it from the PSA range.
    assert cache.inputs["secondaryIpRange"] == "auto"
    assert out["reader_endpoint"] == cache.state["readEndpoint"] != out["primary_endpoint"]
    assert out["primary_endpoint"] == cache.state["host"]


def test_every_knob_reaches_the_instance(monitor: RecordingMonitor) -> None:
    out = build(
        {
            "region": "europe-west1",
            "reserved_ip_range": "shop-psa",
            "memory_size_gb": 300,
            "engine_version": "6.x",
            "maxmemory_policy": "allkeys-lru",
            "rdb_snapshot_hours": 24,
            "maintenance_window": "Wed:23",
            "kms_key_name": KMS_KEY,
            "display_name": "Shop sessions",
            "deletion_protection": True,
            "labels": {"env": "prod", "team": "checkout"},
        }
    )
    inputs = instance(monitor).inputs
    assert inputs["region"] == "europe-west1"
    assert inputs["reservedIpRange"] == "shop-psa"
    assert inputs["memorySizeGb"] == 300
    assert inputs["redisVersion"] == "REDIS_6_X"
    assert inputs["redisConfigs"] == {"maxmemory-policy": "allkeys-lru"}
    assert inputs["persistenceConfig"] == {"persistenceMode": "RDB", "rdbSnapshotPeriod": "TWENTY_FOUR_HOURS"}
    window = inputs["maintenancePolicy"]["weeklyMaintenanceWindows"]
    assert window == [
        {"day": "WEDNESDAY", "startTime": {"hours": 23, "minutes": 0, "seconds": 0, "nanos": 0}}
    ]
    assert inputs["customerManagedKey"] == KMS_KEY
    assert inputs["displayName"] == "Shop sessions"
    assert inputs["deletionProtection"] is True
    assert inputs["labels"] == {"env": "prod", "team": "checkout", "managed-by": "stackyard"}
    assert out["instance_id"] == "projects/stackyard-mock-project/locations/europe-west1/instances/shop-cache"


@pytest.mark.parametrize(
    ("version", "redis_version"), [("6.x", "REDIS_6_X"), ("7.0", "REDIS_7_0"), ("7.2", "REDIS_7_2")]
)
def test_engine_versions(monitor: RecordingMonitor, version: str, redis_version: str) -> None:
    build({"engine_version": version})
    assert instance(monitor).inputs["redisVersion"] == redis_version


@pytest.mark.parametrize(("hours", "period"), [(1, "ONE_HOUR"), (6, "SIX_HOURS"), (12, "TWELVE_HOURS")])
def test_rdb_snapshot_periods(monitor: RecordingMonitor, hours: int, period: str) -> None:
    build({"persistence": "rdb", "rdb_snapshot_hours": hours})
    assert instance(monitor).inputs["persistenceConfig"] == {
        "persistenceMode": "RDB",
        "rdbSnapshotPeriod": period,
    }


def test_persistence_can_be_turned_off(monitor: RecordingMonitor) -> None:
    build({"persistence": "none"})
    assert instance(monitor).inputs["persistenceConfig"] == {"persistenceMode": "DISABLED"}


def test_parameters_join_the_maxmemory_policy_in_redis_configs(monitor: RecordingMonitor) -> None:
    build(
        {
            "engine_version": "7.0",
            "memory_size_gb": 10,
            "maxmemory_policy": "allkeys-lfu",
            "parameters": {
                "notify-keyspace-events": "Ex",
                "maxmemory-gb": "8.5",
                "timeout": 300,
                "activedefrag": "yes",
                "lazyfree-lazy-eviction": "yes",
                "maxmemory-clients": "5%",
                "stream-node-max-entries": "200",
            },
        }
    )
    assert instance(monitor).inputs["redisConfigs"] == {
        "activedefrag": "yes",
        "lazyfree-lazy-eviction": "yes",
        "maxmemory-clients": "5%",
        "maxmemory-gb": "8.5",
        "maxmemory-policy": "allkeys-lfu",
        "notify-keyspace-events": "Ex",
        "stream-node-max-entries": "200",
        "timeout": "300",
    }


def test_protect_covers_the_instance_and_the_auth_secret(monitor: RecordingMonitor) -> None:
    build({"protect": True})
    protected = {(r.type, r.name) for r in monitor.registrations.values() if r.protect}
    assert protected == {(INSTANCE, "shop"), (SECRET, "shop-auth"), (SECRET, "shop-url")}


def test_region_and_range_may_come_from_other_resources(monitor: RecordingMonitor) -> None:
    out = build(
        {
            "region": pulumi.Output.from_input("asia-south1"),
            "reserved_ip_range": pulumi.Output.from_input("net-psa"),
            "kms_key_name": pulumi.Output.from_input(KMS_KEY),
        }
    )
    inputs = instance(monitor).inputs
    assert inputs["region"] == "asia-south1" and inputs["reservedIpRange"] == "net-psa"
    assert inputs["customerManagedKey"] == KMS_KEY
    assert out["instance_id"].startswith("projects/stackyard-mock-project/locations/asia-south1/")


@pytest.mark.parametrize(
    "name", ["checkout-service-production-europe-west-cache", "Checkout_Service_Production_Europe_West_2"]
)
def test_a_long_component_name_gives_a_valid_instance_id(monitor: RecordingMonitor, name: str) -> None:
    assert len(f"{name}-cache") > 40
    out = build({}, name=name)
    instance_id = instance(monitor).inputs["name"]
    assert len(instance_id) <= 40 and INSTANCE_ID.match(instance_id), instance_id
    assert instance_id == physical_name(f"{name}-cache", 40) == out["instance_name"]
    secret_id = by_name(monitor, SECRET)[f"{name}-auth"].inputs["secretId"]
    assert len(secret_id) <= 255 and re.match(r"^[A-Za-z0-9_-]+$", secret_id)
    assert secret_id == physical_name(f"{name}-cache-auth", 255)


def test_long_names_sharing_a_prefix_stay_distinct() -> None:
    first = physical_name("checkout-service-production-europe-west-a-cache", 40)
    second = physical_name("checkout-service-production-europe-west-b-cache", 40)
    assert first != second and all(INSTANCE_ID.match(n) and len(n) <= 40 for n in (first, second))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"network_id": ""}, "network_id is required; use the Vpc's private_network_id"),
        (
            {"reserved_ip_range": "10.0.0.0/29"},
            "reserved_ip_range '10.0.0.0/29' is not allowed; use the name",
        ),
        ({"region": "moon-base"}, "region 'moon-base' is not allowed; use a Google Cloud region"),
        ({"high_availability": "yes"}, "high_availability 'yes' is not allowed; use True or False"),
        ({"memory_size_gb": 0}, "memory_size_gb 0 is not allowed; use 1 to 300"),
        ({"memory_size_gb": 301}, "memory_size_gb 301 is not allowed; use 1 to 300"),
        ({"memory_size_gb": 2.5}, "memory_size_gb 2.5 is not allowed; use 1 to 300"),
        ({"memory_size_gb": True}, "memory_size_gb True is not allowed"),
        (
            {"high_availability": True, "memory_size_gb": 5, "read_replicas": 6},
            "read_replicas 6 is not allowed; use 0 to 5",
        ),
        ({"read_replicas": -1}, "read_replicas -1 is not allowed; use 0 to 5"),
        (
            {"memory_size_gb": 5, "read_replicas": 1},
            "read_replicas 1 is not allowed without high_availability; use high_availability True",
        ),
        (
            {"high_availability": True, "memory_size_gb": 4, "read_replicas": 2},
            "read_replicas 2 is not allowed with memory_size_gb 4; use memory_size_gb 5 or more",
        ),
        ({"engine_version": "7.1"}, r"engine_version '7.1' is not allowed; use one of 6.x, 7.0, 7.2"),
        ({"engine_version": 7}, "engine_version 7 is not allowed"),
        ({"maxmemory_policy": "lru"}, "maxmemory_policy 'lru' is not allowed; use one of volatile-lru"),
        (
            {"parameters": {"maxmemory-policy": "allkeys-lru"}},
            "parameters maxmemory-policy 'allkeys-lru' is not allowed; use the maxmemory_policy argument",
        ),
        ({"parameters": {"appendonly": "yes"}}, "parameters 'appendonly' is not allowed; use configs"),
        ({"parameters": {"maxmemory": "1gb"}}, "parameters 'maxmemory' is not allowed"),
        (
            {"engine_version": "6.x", "parameters": {"lazyfree-lazy-expire": "yes"}},
            "parameters 'lazyfree-lazy-expire' is not allowed with engine_version 6.x; use engine_version 7",
        ),
        (
            {"parameters": {"maxmemory-gb": "0.1"}},
            r"parameters maxmemory-gb '0.1' is not allowed; use a number",
        ),
        ({"parameters": {"maxmemory-gb": "2"}}, "parameters maxmemory-gb '2' is not allowed"),
        ({"parameters": {"maxmemory-gb": "lots"}}, "parameters maxmemory-gb 'lots' is not allowed"),
        (
            {"parameters": {"activedefrag": "true"}},
            "parameters activedefrag 'true' is not allowed; use yes or no",
        ),
        ({"parameters": {"timeout": "-1"}}, "parameters timeout '-1' is not allowed; use a whole number"),
        ({"parameters": {"notify-keyspace-events": "Ex!"}}, "parameters notify-keyspace-events 'Ex!' is not"),
        ({"parameters": {"activedefrag": True}}, "parameters activedefrag True is not allowed"),
        (
            {"persistence": "aof"},
            "persistence 'aof' is not allowed; Memorystore for Redis has no append-only",
        ),
        ({"persistence": "always"}, "persistence 'always' is not allowed; use one of rdb, none"),
        ({"rdb_snapshot_hours": 2}, "rdb_snapshot_hours 2 is not allowed; use one of 1, 6, 12, 24"),
        (
            {"persistence": "none", "rdb_snapshot_hours": 6},
            "rdb_snapshot_hours 6 is not allowed with persistence 'none'",
        ),
        ({"maintenance_window": "sunday:05"}, "maintenance_window 'sunday:05' is not allowed; use ddd:HH"),
        ({"maintenance_window": "sun:24"}, "maintenance_window 'sun:24' is not allowed"),
        ({"kms_key_name": "redis-key"}, "kms_key_name 'redis-key' is not allowed; use a Cloud KMS key name"),
        ({"display_name": " "}, "display_name ' ' is not allowed"),
        ({"deletion_protection": 1}, "deletion_protection 1 is not allowed; use True or False"),
        ({"protect": "true"}, "protect 'true' is not allowed; use True or False"),
        ({"labels": {"Env": "prod"}}, "labels {'Env': 'prod'} is not allowed"),
        ({"labels": {"env": "Prod Env"}}, "labels .* is not allowed"),
    ],
)
def test_bad_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^RedisCache {message}"):
        RedisCache("bad", cast(RedisCacheArgs, {**NETWORK, **args}))
    assert monitor.registrations == {}


def test_network_id_is_required(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match=r"^RedisCache network_id is required"):
        RedisCache("bad", cast(RedisCacheArgs, {}))
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(RedisCache)
    inputs = instance(monitor).inputs
    assert inputs["tier"] == "STANDARD_HA" and inputs["replicaCount"] == 1
    assert inputs["reservedIpRange"] == "shop-psa"
    assert inputs["redisConfigs"] == {"maxmemory-policy": "allkeys-lru"}
    assert {v.inputs["secretData"] for v in of_type(monitor, VERSION)} == {SECRET_MASK}
