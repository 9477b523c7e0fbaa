"""Alarms watch components (issue #15): the database alarms read what the database owns from the database
itself (`ManagedPostgres.alarm_target()`), never from the stack config: the free-storage threshold from the
instance's allocated storage as the provider reports it (so it follows storage autoscaling), the
connections threshold from the instance's own `max_connections` (its parameter or flag, else the cloud's
default for its size), and every read replica's lag."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from pulumi.runtime import mocks
from pulumi.runtime.stack import wait_for_rpcs

from components.aws.alarms import Alarms as AwsAlarms
from components.aws.postgres import ManagedPostgres as AwsPostgres
from components.aws.postgres_sizes import max_connections as rds_max_connections
from components.aws.redis import RedisCache as AwsRedis
from components.gcp.alarms import Alarms as GcpAlarms
from components.gcp.postgres import ManagedPostgres as GcpPostgres
from components.gcp.postgres_settings import max_connections as cloud_sql_max_connections
from stacks.mocks import RecordingMonitor, StackyardMocks
from tests.conftest import of_type

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
POLICY = "gcp:monitoring/alertPolicy:AlertPolicy"
RDS = "aws:rds/instance:Instance"
GIB = 1024**3
NETWORK = {
    "vpc_id": "vpc-0a1b2c3d4e5f60718",
    "subnet_ids": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
}
GROWN_GB = 250  # what RDS storage autoscaling grew a 100 GB disk to, as a refresh reports it


class _Autoscaled(StackyardMocks):
    """The provider reports the RDS primary's storage as autoscaling left it: larger than the input."""

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        resource_id, state = super().new_resource(args)
        if args.typ == RDS and "replicateSourceDb" not in state:
            state = {**state, "allocatedStorage": GROWN_GB}
        return resource_id, state


@pytest.fixture
def autoscaled() -> Iterator[RecordingMonitor]:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.reset_options()
    pulumi.runtime.set_all_config({"aws:region": "us-east-1"}, [])
    recording = RecordingMonitor(_Autoscaled())
    pulumi.runtime.set_mocks(
        recording.mocks, project="stackyard", stack="test", preview=False, monitor=recording
    )
    yield recording
    loop.run_until_complete(asyncio.wait_for(wait_for_rpcs(), timeout=30))
    recording.close()
    pulumi.runtime.set_all_config({}, [])
    asyncio.set_event_loop(None)
    loop.close()


def aws_alarms(monitor: RecordingMonitor, database: dict[str, Any], **thresholds: Any) -> dict[str, Any]:
    @pulumi.runtime.test
    def program() -> None:
        db = AwsPostgres("shop", {**NETWORK, **database})  # type: ignore[typeddict-item]
        AwsAlarms("shop", {"emails": ["ops@example.com"], "database": {**db.alarm_target(), **thresholds}})

    program()
    return {r.name: r.inputs for r in of_type(monitor, ALARM)}


def test_free_storage_follows_the_size_the_provider_reports(autoscaled: RecordingMonitor) -> None:
    alarms = aws_alarms(autoscaled, {"allocated_storage_gb": 100, "max_allocated_storage_gb": 500})
    free = alarms["shop-db-free-storage"]
    assert free["threshold"] == round(GROWN_GB * GIB * 15 / 100)  # not 100 GB, the size given at creation
    assert f"of its {GROWN_GB} GB storage free" in free["alarmDescription"]
    assert "grows the disk up to 500 GB" in free["alarmDescription"]


def test_free_storage_without_autoscaling_names_no_ceiling(monitor: RecordingMonitor) -> None:
    alarms = aws_alarms(
        monitor, {"allocated_storage_gb": 40, "max_allocated_storage_gb": 40}, free_storage_percent=20
    )
    free = alarms["shop-db-free-storage"]
    assert free["threshold"] == round(40 * GIB * 20 / 100)
    assert "autoscaling" not in free["alarmDescription"]


def test_connections_follow_the_instance_class(monitor: RecordingMonitor) -> None:
    alarms = aws_alarms(monitor, {"instance_class": "db.r7g.large"}, connections_percent=50)
    limit = 16 * GIB // 9531392  # RDS: LEAST(DBInstanceClassMemory / 9531392, 5000); r7g.large has 16 GiB
    assert rds_max_connections("db.r7g.large") == limit
    assert alarms["shop-db-connections"]["threshold"] == limit * 50 / 100
    assert f"of its {limit} connections" in alarms["shop-db-connections"]["alarmDescription"]


def test_connections_follow_the_max_connections_parameter(monitor: RecordingMonitor) -> None:
    alarms = aws_alarms(monitor, {"parameters": {"max_connections": "300"}})
    assert alarms["shop-db-connections"]["threshold"] == 240  # 80 % of the parameter, not of the class


def test_every_read_replica_is_watched_for_lag(monitor: RecordingMonitor) -> None:
    alarms = aws_alarms(monitor, {"read_replicas": 2})
    lag = {name: inputs for name, inputs in alarms.items() if name.endswith("-lag")}
    assert set(lag) == {"shop-db-replica-1-lag", "shop-db-replica-2-lag"}
    replicas = sorted(
        r.state["identifier"] for r in of_type(monitor, RDS) if r.inputs.get("replicateSourceDb") is not None
    )
    assert sorted(inputs["dimensions"]["DBInstanceIdentifier"] for inputs in lag.values()) == replicas


def gcp_policies(monitor: RecordingMonitor, database: dict[str, Any]) -> dict[str, Any]:
    @pulumi.runtime.test
    def program() -> None:
        db = GcpPostgres("shop", {"network_id": "projects/p/global/networks/n", **database})  # type: ignore[typeddict-item]
        GcpAlarms("shop", {"emails": ["ops@example.com"], "database": db.alarm_target()})

    program()
    return {r.name: r.inputs for r in of_type(monitor, POLICY)}


@pytest.mark.parametrize(
    ("database", "limit"),
    [
        ({"tier": "db-custom-2-7680"}, 400),  # 7.5 GiB
        ({"tier": "db-g1-small"}, 50),
        ({"tier": "db-custom-2-7680", "parameters": {"max_connections": "250"}}, 250),
    ],
)
def test_gcp_connections_follow_the_tier_or_the_flag(
    monitor: RecordingMonitor, database: dict[str, Any], limit: int
) -> None:
    policies = gcp_policies(monitor, database)
    (condition,) = policies["shop-db-connections"]["conditions"]
    assert condition["conditionThreshold"]["thresholdValue"] == limit * 80 / 100
    assert cloud_sql_max_connections(database["tier"], database.get("parameters", {})) == limit


def test_gcp_tier_of_unknown_memory_has_no_connections_alarm(monitor: RecordingMonitor) -> None:
    policies = gcp_policies(monitor, {"edition": "ENTERPRISE_PLUS", "tier": "db-perf-optimized-N-2"})
    assert "shop-db-connections" not in policies and "shop-db-disk" in policies


def test_cache_alarms_watch_every_node_the_cache_has(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        cache = AwsRedis("shop", {**NETWORK, "replicas": 2})  # type: ignore[typeddict-item]
        AwsAlarms("shop", {"emails": ["ops@example.com"], "cache": cache.alarm_target()})

    program()
    (group,) = of_type(monitor, "aws:elasticache/replicationGroup:ReplicationGroup")
    alarms = {r.name: r.inputs for r in of_type(monitor, ALARM)}
    nodes = [
        q["metric"]["dimensions"]["CacheClusterId"] for q in alarms["shop-cache-cpu"]["metricQueries"][:-1]
    ]
    group_id = group.state["replicationGroupId"]
    assert nodes == [f"{group_id}-001", f"{group_id}-002", f"{group_id}-003"]  # 1 + replicas
