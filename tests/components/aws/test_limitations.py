"""components.aws.limitations: each documented AWS limitation refuses what the cloud refuses, accepts what
it accepts, and the component that can reach it raises before anything is registered."""

from __future__ import annotations

from typing import Any, cast

import pytest

from components.aws import limitations
from components.aws.container_service import ContainerService, ContainerServiceArgs
from components.aws.limitations import (
    RULES,
    bucket_replication_versioning,
    endpoints_without_nat,
    fargate_spot_architecture,
    image_without_nat,
    listener_rule_conditions,
    other_region,
    require,
    storage_autoscaling_ceiling,
)
from components.aws.postgres import ManagedPostgres, ManagedPostgresArgs
from stacks.mocks import RecordingMonitor

ECR_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:1.4.2"
SERVICE: dict[str, Any] = {
    "cluster_arn": "arn:aws:ecs:us-east-1:123456789012:cluster/shop",
    "cluster_name": "shop",
    "vpc_id": "vpc-0123456789abcdef0",
    "subnet_ids": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
    "vpc_cidr": "10.0.0.0/16",
}
ROUTE: dict[str, Any] = {
    "listener_arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c49/f2f7dc8e",
    "security_group_id": "sg-0lb00000000000000",
    "priority": 10,
    "hosts": ["api.shop.example.com"],
}
DATABASE: dict[str, Any] = {
    "vpc_id": "vpc-0a1b2c3d4e5f60718",
    "subnet_ids": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
}


def test_every_rule_is_listed_and_cites_its_source() -> None:
    rules = [
        value
        for name, value in vars(limitations).items()
        if callable(value)
        and getattr(value, "__module__", "") == limitations.__name__
        and name != "require"
        and not name.startswith("_")
    ]
    assert set(rules) == set(RULES)
    for rule in RULES:
        assert rule.__doc__ and "Source" in rule.__doc__, rule.__name__


def test_require_names_the_component_and_argument() -> None:
    require("ManagedPostgres", "max_allocated_storage_gb", None)
    with pytest.raises(ValueError, match=r"^ManagedPostgres max_allocated_storage_gb is not allowed: why$"):
        require("ManagedPostgres", "max_allocated_storage_gb", "why")


# -- RDS storage autoscaling ------------------------------------------------------------------------------


@pytest.mark.parametrize(("allocated", "ceiling"), [(20, 21), (100, 109), (21, 23), (1000, 1099)])
def test_storage_autoscaling_ceiling_below_ten_percent_is_refused(allocated: int, ceiling: int) -> None:
    reason = storage_autoscaling_ceiling(allocated, ceiling)
    assert reason is not None and "at least 10% above" in reason and f"{ceiling} GB" in reason


@pytest.mark.parametrize(("allocated", "ceiling"), [(20, 20), (20, 22), (21, 24), (1000, 1100), (100, 200)])
def test_storage_autoscaling_ceiling_equal_or_ten_percent_above_is_accepted(
    allocated: int, ceiling: int
) -> None:
    assert storage_autoscaling_ceiling(allocated, ceiling) is None


def test_storage_autoscaling_reason_gives_the_least_ceiling() -> None:
    assert "raise the ceiling to 24 GB or more" in (storage_autoscaling_ceiling(21, 23) or "")


def test_postgres_refuses_a_ceiling_rds_refuses_before_registering(monitor: RecordingMonitor) -> None:
    args = {**DATABASE, "allocated_storage_gb": 100, "max_allocated_storage_gb": 105}
    with pytest.raises(
        ValueError, match="ManagedPostgres max_allocated_storage_gb is not allowed: RDS needs"
    ):
        ManagedPostgres("shop", cast(ManagedPostgresArgs, args))
    assert monitor.registrations == {}


def test_postgres_default_ceiling_near_the_maximum_is_refused(monitor: RecordingMonitor) -> None:
    # Twice 60000 is capped at 65536, less than 10% above 60000: RDS would refuse the default ceiling.
    with pytest.raises(ValueError, match="66000 GB or more, or make it equal"):
        ManagedPostgres("shop", cast(ManagedPostgresArgs, {**DATABASE, "allocated_storage_gb": 60000}))
    assert monitor.registrations == {}


# -- Regions of a cross-region replica and of backup replication ------------------------------------------


def test_other_region_refuses_the_database_region() -> None:
    reason = other_region("backup replication", "us-east-1", "us-east-1")
    assert reason is not None and reason.startswith("backup replication must be in another region")
    assert other_region("a cross-region replica", "us-east-1", "us-west-2") is None


# -- Fargate Spot -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("capacity", ["FARGATE_SPOT", "mixed"])
def test_fargate_spot_refuses_arm64(capacity: str) -> None:
    assert "only X86_64" in (fargate_spot_architecture(capacity, "ARM64") or "")


@pytest.mark.parametrize(("capacity", "architecture"), [("FARGATE", "ARM64"), ("FARGATE_SPOT", "X86_64")])
def test_fargate_spot_accepts_x86_and_fargate_accepts_arm64(capacity: str, architecture: str) -> None:
    assert fargate_spot_architecture(capacity, architecture) is None


def test_container_service_refuses_arm64_on_spot_before_registering(monitor: RecordingMonitor) -> None:
    args = {**SERVICE, "architecture": "ARM64", "capacity": "FARGATE_SPOT"}
    with pytest.raises(ValueError, match="ContainerService capacity is not allowed: Fargate Spot runs only"):
        ContainerService("shop-worker", cast(ContainerServiceArgs, args))
    assert monitor.registrations == {}


# -- ALB listener rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/items/{id}", "/api/v1/*.json?x=1#y", "/with space", "/" + "a" * 128, "/caf\u00e9"]
)
def test_listener_rule_refuses_paths_an_alb_refuses(path: str) -> None:
    assert "is not one an ALB accepts" in (listener_rule_conditions([], [path]) or "")


def test_listener_rule_refuses_long_host_names() -> None:
    host = "a" * 120 + ".example.com"
    assert "is not one an ALB rule accepts" in (listener_rule_conditions([host], ["/*"]) or "")


def test_listener_rule_refuses_more_than_five_values() -> None:
    reason = listener_rule_conditions(["api.example.com"], ["/a/*", "/b/*", "/c/*", "/d/*", "/e/*"])
    assert reason is not None and "at most 5" in reason and "has 6" in reason


def test_listener_rule_accepts_what_an_alb_accepts() -> None:
    paths = ["/*", "/api/v?/*", "/~user/$x", "/a-b_c.d/@me:+&'\""]
    assert listener_rule_conditions(["api.shop.example.com"], paths) is None
    assert listener_rule_conditions([], ["/" + "a" * 127]) is None


def test_container_service_refuses_a_path_the_alb_refuses_before_registering(
    monitor: RecordingMonitor,
) -> None:
    args = {**SERVICE, "port": 8000, "load_balancer": {**ROUTE, "paths": ["/orders/{id}"]}}
    with pytest.raises(ValueError, match="ContainerService load_balancer is not allowed: the path pattern"):
        ContainerService("shop-api", cast(ContainerServiceArgs, args))
    assert monitor.registrations == {}


# -- Private subnets without NAT --------------------------------------------------------------------------


@pytest.mark.parametrize("image", ["ghcr.io/shop/api:1.4.2", "nginx:1.27", "public.ecr.aws/nginx/nginx:1"])
def test_image_outside_ecr_without_nat_is_refused(image: str) -> None:
    assert "outside Amazon ECR" in (image_without_nat("none", image) or "")


def test_image_in_ecr_or_with_nat_is_accepted() -> None:
    assert image_without_nat("none", ECR_IMAGE) is None
    assert image_without_nat("none", None) is None  # the service's own ECR repository
    assert image_without_nat("single", "ghcr.io/shop/api:1.4.2") is None


def test_endpoints_without_nat_lists_the_missing_ones() -> None:
    reason = endpoints_without_nat("none", ["ecr.api"], pulls_from_ecr=True, reads_secrets=True)
    assert reason is not None
    assert "need ecr.api, ecr.dkr, logs, secretsmanager" in reason
    assert "add ecr.dkr, logs, secretsmanager" in reason


def test_endpoints_without_nat_accepts_the_full_set_or_nat() -> None:
    full = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]
    assert endpoints_without_nat("none", full, pulls_from_ecr=True, reads_secrets=True) is None
    assert endpoints_without_nat("none", ["logs"], pulls_from_ecr=False, reads_secrets=False) is None
    assert endpoints_without_nat("ec2", [], pulls_from_ecr=True, reads_secrets=True) is None


# -- S3 replication ---------------------------------------------------------------------------------------


def test_bucket_replication_needs_versioning() -> None:
    assert "needs versioning on both buckets" in (bucket_replication_versioning(False, "us-west-2") or "")
    assert bucket_replication_versioning(True, "us-west-2") is None
    assert bucket_replication_versioning(False, None) is None
