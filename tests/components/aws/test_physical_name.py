"""`physical_name` on the AWS components: it moves every physical name (tests/physical_names.py) to its
base and leaves the logical names, so the URNs, as they are; a bad value is refused before anything is
registered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import pulumi
import pytest

from components.aws import (
    Alarms,
    Bucket,
    CdnSite,
    Cluster,
    ContainerService,
    LoadBalancer,
    ManagedPostgres,
    RedisCache,
)
from stacks.mocks import RecordingMonitor, Registration
from tests.physical_names import physical_names

VPC = "vpc-0a1b2c3d4e5f60718"
SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]
CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/shop"
LISTENER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8e"
ZONE = "Z0123456789ABCDEFGHIJ"
BASE = "shop-staging"  # what every physical name of the staging stack then contains
# A component named "shop-api" or "shop-uploads" gets "shop-staging-api", "shop-staging-uploads".
PHYSICAL = {"ContainerService": f"{BASE}-api", "Bucket": f"{BASE}-uploads"}

# Component -> (build it named "shop…" with extra args, {resource type: (input key, physical name)}).
Build = Callable[[dict[str, Any]], object]
CASES: dict[str, tuple[Build, dict[str, tuple[str, str]]]] = {
    "ManagedPostgres": (
        lambda extra: ManagedPostgres(
            "shop", cast(Any, {"vpc_id": VPC, "subnet_ids": SUBNETS, "read_replicas": 1, **extra})
        ),
        {"aws:kms/alias:Alias": ("name", "alias/shop-staging-db")},
    ),
    "RedisCache": (
        lambda extra: RedisCache("shop", cast(Any, {"vpc_id": VPC, "subnet_ids": SUBNETS, **extra})),
        {
            "aws:elasticache/replicationGroup:ReplicationGroup": ("replicationGroupId", "shop-staging-redis"),
            "aws:kms/alias:Alias": ("name", "alias/shop-staging-redis"),
        },
    ),
    "LoadBalancer": (
        lambda extra: LoadBalancer(
            "shop",
            cast(
                Any,
                {
                    "vpc_id": VPC,
                    "subnet_ids": SUBNETS,
                    "vpc_cidr": "10.0.0.0/16",
                    "domain": "shop.example.com",
                    "hostnames": ["api.shop.example.com"],
                    "hosted_zone_id": ZONE,
                    **extra,
                },
            ),
        ),
        {
            "aws:lb/loadBalancer:LoadBalancer": ("name", "shop-staging"),
            "aws:s3/bucket:Bucket": ("bucketPrefix", "shop-staging-access-logs-"),
        },
    ),
    "ContainerService": (
        lambda extra: ContainerService(
            "shop-api",
            cast(
                Any,
                {
                    "cluster_arn": CLUSTER_ARN,
                    "cluster_name": "shop",
                    "vpc_id": VPC,
                    "subnet_ids": SUBNETS,
                    "vpc_cidr": "10.0.0.0/16",
                    "port": 8000,
                    "load_balancer": {
                        "listener_arn": LISTENER,
                        "security_group_id": "sg-0lb00000000000000",
                        "priority": 10,
                        "hosts": ["api.shop.example.com"],
                    },
                    "service_connect": {
                        "namespace_arn": "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1"
                    },
                    **extra,
                },
            ),
        ),
        {
            "aws:ecs/service:Service": ("name", "shop-staging-api"),
            "aws:ecs/taskDefinition:TaskDefinition": ("family", "shop-staging-api"),
            "aws:ecr/repository:Repository": ("name", "shop-staging-api"),
        },
    ),
    "Bucket": (
        lambda extra: Bucket("shop-uploads", cast(Any, {"replication_region": "us-west-2", **extra})),
        {"aws:kms/alias:Alias": ("name", "alias/shop-staging-uploads")},
    ),
    "Cluster": (
        lambda extra: Cluster("shop", cast(Any, {"vpc_id": VPC, "exec_logging": True, **extra})),
        {"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": ("name", "shop-staging.internal")},
    ),
    "CdnSite": (
        lambda extra: CdnSite("shop", cast(Any, {"web_acl": True, **extra})),
        {
            "aws:s3/bucket:Bucket": ("bucketPrefix", "shop-staging-site-"),
            "aws:wafv2/webAcl:WebAcl": ("name", "shop-staging-cdn"),
        },
    ),
    "Alarms": (
        lambda extra: Alarms(
            "shop",
            cast(
                Any,
                {
                    "emails": ["ops@example.com"],
                    "database": {"identifier": "shop-db", "allocated_storage_gb": 20},
                    **extra,
                },
            ),
        ),
        {"aws:cloudwatch/dashboard:Dashboard": ("dashboardName", "shop-staging-alarms")},
    ),
}


def render(monitor: RecordingMonitor, build: Build, extra: dict[str, Any]) -> dict[str, Registration]:
    """Build one component under mocks; return its registrations by URN (and forget them)."""

    @pulumi.runtime.test
    def program() -> None:
        build(extra)

    program()
    found = {u: r for u, r in monitor.registrations.items() if r.type != "pulumi:pulumi:Stack"}
    monitor.registrations.clear()
    return found


@pytest.mark.parametrize("component", CASES)
def test_physical_name_moves_the_physical_names_and_keeps_the_urns(
    monitor: RecordingMonitor, component: str
) -> None:
    build, expected = CASES[component]
    before = render(monitor, build, {})
    after = render(monitor, build, {"physical_name": PHYSICAL.get(component, BASE)})
    assert sorted(after) == sorted(before)  # the same logical names, so the same URNs
    old, new = physical_names(before.values()), physical_names(after.values())
    moved = [(urn, key) for urn, names in old.items() for key, value in names.items() if value is not None]
    assert moved
    for urn, key in moved:
        assert BASE not in str(old[urn][key]) and BASE in str(new[urn][key]), (urn, key, new[urn][key])
    for type_, (key, name) in expected.items():
        assert name in [r.inputs.get(key) for r in after.values() if r.type == type_], (type_, key)


def test_the_component_name_as_physical_name_changes_nothing(monitor: RecordingMonitor) -> None:
    for build, _ in CASES.values():
        plain = render(monitor, build, {})
        name = next(r.name for r in plain.values() if not r.custom)
        same = render(monitor, build, {"physical_name": name})
        assert {u: r.inputs for u, r in same.items()} == {u: r.inputs for u, r in plain.items()}


def test_service_connect_keeps_the_name_other_services_call(monitor: RecordingMonitor) -> None:
    build, _ = CASES["ContainerService"]
    after = render(monitor, build, {"physical_name": PHYSICAL["ContainerService"]})
    (service,) = [r for r in after.values() if r.type == "aws:ecs/service:Service"]
    (connect,) = service.inputs["serviceConnectConfiguration"]["services"]
    assert connect["discoveryName"] == "shop-api" and connect["clientAlias"][0]["dnsName"] == "shop-api"


BAD = ["", "Shop-Staging", "shop_staging", "-shop", "shop-", "1shop", "shop.staging", "s" * 64, 42]


@pytest.mark.parametrize("component", CASES)
@pytest.mark.parametrize("value", BAD, ids=repr)
def test_a_bad_physical_name_is_refused_before_anything_is_registered(
    monitor: RecordingMonitor, component: str, value: object
) -> None:
    build, _ = CASES[component]
    message = rf"^{component} physical_name .* is not allowed; use 1-63 lowercase"
    with pytest.raises(ValueError, match=message):
        build({"physical_name": value})
    assert monitor.registrations == {}
