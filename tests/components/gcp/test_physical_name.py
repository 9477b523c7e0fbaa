"""`physical_name` on the Google Cloud components: it moves every physical name (tests/physical_names.py)
to its base and leaves the logical names, so the URNs, as they are; a bad value is refused before anything
is registered."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import pulumi
import pytest

from components.gcp import (
    Alarms,
    Bucket,
    CdnSite,
    ContainerService,
    KubernetesCluster,
    LoadBalancer,
    ManagedPostgres,
    RedisCache,
    Secrets,
    SecurityPolicy,
    Vpc,
)
from stacks.mocks import RecordingMonitor, Registration
from tests.physical_names import physical_names

PROJECT = "stackyard-mock-project"
NETWORK = f"projects/{PROJECT}/global/networks/shop"
SUBNET = f"projects/{PROJECT}/regions/us-central1/subnetworks/shop-serverless"
BACKEND = f"projects/{PROJECT}/global/backendServices/shop-api"
BASE = "shop-staging"  # what every physical name of the staging stack then contains
# A component named "shop-api" or "shop-uploads" gets "shop-staging-api", "shop-staging-uploads".
PHYSICAL = {
    "ContainerService": f"{BASE}-api",
    "ContainerService (job)": f"{BASE}-nightly",
    "SecurityPolicy": f"{BASE}-api",
    "Bucket": f"{BASE}-uploads",
}

# Component -> (build it named "shop…" with extra args, {resource type: (input key, physical name)}).
Build = Callable[[dict[str, Any]], object]
CASES: dict[str, tuple[Build, dict[str, tuple[str, str]]]] = {
    "ManagedPostgres": (
        lambda extra: ManagedPostgres(
            "shop", cast(Any, {"network_id": NETWORK, "read_replicas": 1, **extra})
        ),
        {
            "gcp:sql/databaseInstance:DatabaseInstance": ("name", "shop-staging-db"),
            "gcp:secretmanager/secret:Secret": ("secretId", "shop-staging-db-password"),
        },
    ),
    "ContainerService": (
        lambda extra: ContainerService(
            "shop-api",
            cast(Any, {"port": 8000, "public": True, "network": NETWORK, "subnetwork": SUBNET, **extra}),
        ),
        {
            "gcp:cloudrunv2/service:Service": ("name", "shop-staging-api"),
            "gcp:serviceaccount/account:Account": ("accountId", "shop-staging-api"),
            "gcp:artifactregistry/repository:Repository": ("repositoryId", "shop-staging-api"),
            "gcp:compute/backendService:BackendService": ("name", "shop-staging-api-backend"),
        },
    ),
    "ContainerService (job)": (
        lambda extra: ContainerService("shop-nightly", cast(Any, {"schedule": "30 2 * * *", **extra})),
        {
            "gcp:cloudrunv2/job:Job": ("name", "shop-staging-nightly"),
            "gcp:cloudscheduler/job:Job": ("name", "shop-staging-nightly-schedule"),
        },
    ),
    "Bucket": (
        lambda extra: Bucket("shop-uploads", cast(Any, {"location": "us-east1", **extra})),
        {},  # its name ends in a hash: see test_a_gcs_bucket_is_named_after_its_physical_name
    ),
    "RedisCache": (
        lambda extra: RedisCache("shop", cast(Any, {"network_id": NETWORK, **extra})),
        {"gcp:redis/instance:Instance": ("name", "shop-staging-cache")},
    ),
    "Vpc": (
        lambda extra: Vpc("shop", cast(Any, extra)),
        {
            "gcp:compute/network:Network": ("name", "shop-staging"),
            "gcp:compute/firewall:Firewall": ("name", "shop-staging-deny-all-ingress"),
        },
    ),
    "LoadBalancer": (
        lambda extra: LoadBalancer(
            "shop",
            cast(Any, {"routes": [{"host": "api.shop.example.com", "backend_service_id": BACKEND}], **extra}),
        ),
        {"gcp:compute/uRLMap:URLMap": ("name", "shop-staging-lb")},
    ),
    "CdnSite": (
        lambda extra: CdnSite("shop", cast(Any, {"domain": "shop.example.com", **extra})),
        {
            "gcp:compute/backendBucket:BackendBucket": ("name", "shop-staging-site"),
            "gcp:storage/bucket:Bucket": ("name", f"{PROJECT}-shop-staging-site"),
        },
    ),
    "SecurityPolicy": (
        lambda extra: SecurityPolicy("shop-api", cast(Any, extra)),
        {"gcp:compute/securityPolicy:SecurityPolicy": ("name", "shop-staging-api")},
    ),
    "KubernetesCluster": (
        lambda extra: KubernetesCluster(
            "shop",
            cast(
                Any,
                {
                    "network": NETWORK,
                    "subnetwork": SUBNET,
                    "ingress": {"hosts": ["api.shop.example.com"]},
                    **extra,
                },
            ),
        ),
        {
            "gcp:container/cluster:Cluster": ("name", "shop-staging"),
            "gcp:compute/sSLPolicy:SSLPolicy": ("name", "shop-staging-ingress-tls"),
        },
    ),
    "Secrets": (
        lambda extra: Secrets("shop", cast(Any, {"values": {"API_KEY": "not-a-real-key"}, **extra})),
        {"gcp:secretmanager/secret:Secret": ("secretId", "shop-staging-api-key")},
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
    moved = [(urn, key) for urn, names in new.items() for key, value in names.items() if value is not None]
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


def test_a_gcs_bucket_is_named_after_its_physical_name(monitor: RecordingMonitor) -> None:
    """Without `physical_name` Pulumi auto-names the bucket (`<name>-<7 random characters>`, no `name`
    input); with one, the name has the same shape, stable: a hash of the project, location and base."""
    build, _ = CASES["Bucket"]
    before = [r for r in render(monitor, build, {}).values() if r.type == "gcp:storage/bucket:Bucket"]
    assert [r.inputs.get("name") for r in before] == [None]
    names = set()
    for location in ("us-east1", "us-east1", "europe-west1"):
        after = render(monitor, build, {"physical_name": "shop-staging-uploads", "location": location})
        (bucket,) = [r for r in after.values() if r.type == "gcp:storage/bucket:Bucket"]
        assert re.fullmatch(r"shop-staging-uploads-[0-9a-f]{7}", bucket.inputs["name"])
        names.add(bucket.inputs["name"])
    assert len(names) == 2  # stable for one location, a new name (created first) for another
    with pytest.raises(ValueError, match="Bucket physical_name 'googly-uploads' is not allowed; GCS refuses"):
        Bucket("uploads", {"physical_name": "googly-uploads"})


def test_alarms_are_displayed_under_the_physical_name(monitor: RecordingMonitor) -> None:
    """Cloud Monitoring names channels, policies and dashboards itself; two stacks in one project tell
    them apart by their display names."""

    def build(extra: dict[str, Any]) -> object:
        args = {
            "emails": ["ops@example.com"],
            "database": {"instance_name": "shop-db", "max_connections": 100},
        }
        return Alarms("shop", cast(Any, {**args, **extra}))

    before = render(monitor, build, {})
    after = render(monitor, build, {"physical_name": BASE})
    assert sorted(after) == sorted(before)
    policies = [r for r in after.values() if r.type == "gcp:monitoring/alertPolicy:AlertPolicy"]
    assert policies and all(r.inputs["displayName"].startswith(f"{BASE} ") for r in policies)
    (channel,) = [
        r for r in after.values() if r.type == "gcp:monitoring/notificationChannel:NotificationChannel"
    ]
    assert channel.inputs["displayName"] == f"{BASE} alarms: ops@example.com"
    (dashboard,) = [r for r in after.values() if r.type == "gcp:monitoring/dashboard:Dashboard"]
    assert f'"displayName": "{BASE}"' in dashboard.inputs["dashboardJson"]
    with pytest.raises(ValueError, match=r"^Alarms physical_name 'Shop' is not allowed"):
        build({"physical_name": "Shop"})


BAD = ["", "Shop-Staging", "shop_staging", "-shop", "shop-", "1shop", "shop.staging", "s" * 64, 42]


@pytest.mark.parametrize("component", CASES)
@pytest.mark.parametrize("value", BAD, ids=repr)
def test_a_bad_physical_name_is_refused_before_anything_is_registered(
    monitor: RecordingMonitor, component: str, value: object
) -> None:
    build, _ = CASES[component]
    kind = component.split(" ")[0]
    with pytest.raises(ValueError, match=rf"^{kind} physical_name .* is not allowed; use 1-63 lowercase"):
        build({"physical_name": value})
    assert monitor.registrations == {}
