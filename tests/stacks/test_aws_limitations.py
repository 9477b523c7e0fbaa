"""stacks.aws_limitations: the documented AWS limitations reported against the stack file's keys, one line
per problem with the full key path, before anything is created."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stacks.config import load_stack_config
from stacks.errors import ConfigError
from stacks.stackfile import read_stack_file
from tests.conftest import ROOT

APP = "stackyard:app"
ECR_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:1.4.2"
AWS_STACK_FILES = sorted(
    path.relative_to(ROOT)
    for path in [*ROOT.glob("Pulumi.*.yaml"), *ROOT.glob("blueprints/*/Pulumi.*.yaml")]
    if "stackyard:cloud: aws" in path.read_text()
)


def values(environment: str = "staging", **app: Any) -> dict[str, Any]:
    return {
        "stackyard:cloud": "aws",
        "stackyard:environment": environment,
        "aws:region": "us-east-1",
        "stackyard:app": json.dumps({"name": "shop", "domain": "shop.example.com", **app}),
    }


def problems(environment: str = "staging", **app: Any) -> list[str]:
    try:
        load_stack_config(values(environment, **app))
    except ConfigError as error:
        return error.problems
    return []


def test_aws_stack_files_were_found() -> None:
    assert Path("Pulumi.prod.yaml") in AWS_STACK_FILES
    assert any(path.parts[0] == "blueprints" for path in AWS_STACK_FILES)


@pytest.mark.parametrize("stack_file", AWS_STACK_FILES, ids=str)
def test_every_aws_stack_file_passes(stack_file: Path) -> None:
    source = read_stack_file(ROOT / stack_file, project_root=ROOT)
    load_stack_config(source.values, source.secret_keys)


# -- Fargate Spot -----------------------------------------------------------------------------------------


def test_arm64_worker_on_the_staging_profiles_spot_is_refused() -> None:
    found = problems("staging", services={"worker": {"architecture": "arm64"}})
    assert found == [
        f"{APP}.services.worker.spot: Fargate Spot runs only X86_64 tasks, not ARM64; run ARM64 tasks on "
        "regular Fargate capacity, or build the image for X86_64 to use Spot (the staging profile puts "
        "workers and jobs on Spot); set spot: false or architecture: x86_64"
    ]


@pytest.mark.parametrize(
    ("environment", "worker"),
    [
        ("staging", {"architecture": "arm64", "spot": False}),
        ("staging", {"architecture": "x86_64"}),
        ("prod", {"architecture": "arm64"}),  # prod workers run on regular Fargate
    ],
)
def test_arm64_without_spot_and_x86_on_spot_are_accepted(environment: str, worker: dict[str, Any]) -> None:
    assert problems(environment, services={"worker": worker}) == []


def test_spot_is_not_checked_for_pods_on_kubernetes() -> None:
    """Fargate Spot's architecture rule is not for pods; the keys themselves are refused as unused there
    (stacks/unused_keys.py)."""
    found = problems(
        "staging",
        runtime="kubernetes",
        services={"worker": {"architecture": "arm64", "spot": True, "image": "ghcr.io/shop/worker:1.0"}},
    )
    assert not any("Fargate Spot runs only" in line for line in found)
    assert any(line.startswith(f"{APP}.services.worker.spot: true is not used here") for line in found)


# -- RDS storage autoscaling ------------------------------------------------------------------------------


def test_storage_ceiling_less_than_ten_percent_above_is_refused() -> None:
    found = problems(database={"storage_gb": 100, "max_storage_gb": 105})
    assert found == [
        f"{APP}.database.max_storage_gb: RDS needs the storage autoscaling ceiling at least 10% above the "
        "allocated storage: 105 GB is less than 110 GB for 100 GB allocated; raise the ceiling to 110 GB or "
        "more, or make it equal to the allocated storage to turn autoscaling off"
    ]


@pytest.mark.parametrize("ceiling", [100, 110, 500, None])
def test_storage_ceiling_off_or_ten_percent_above_is_accepted(ceiling: int | None) -> None:
    database: dict[str, Any] = {"storage_gb": 100}
    if ceiling is not None:
        database["max_storage_gb"] = ceiling
    assert problems(database=database) == []


def test_default_storage_ceiling_is_checked_too() -> None:
    (found,) = problems(database={"storage_gb": 60000})
    assert found.startswith(f"{APP}.database.max_storage_gb (not set: twice storage_gb, at most 65536): ")
    assert "65536 GB is less than 66000 GB" in found


def test_ceiling_below_storage_is_reported_once_by_the_config() -> None:
    found = problems(database={"storage_gb": 100, "max_storage_gb": 50})
    assert found == [f"{APP}.database.max_storage_gb: 50 is below storage_gb (100)"]


# -- Regions ----------------------------------------------------------------------------------------------


def test_replica_and_backups_in_the_stack_region_are_refused() -> None:
    found = problems(database={"cross_region_replica": "us-east-1", "backup_replication_region": "us-east-1"})
    assert found == [
        f"{APP}.database.cross_region_replica: a cross-region replica must be in another region than the "
        "database's own (us-east-1); use a different region (read replicas in the same region are "
        "read_replicas)",
        f"{APP}.database.backup_replication_region: backup replication must be in another region than the "
        "database's own (us-east-1); use a different region (read replicas in the same region are "
        "read_replicas)",
    ]


def test_replica_and_backups_in_another_region_are_accepted() -> None:
    database = {"cross_region_replica": "us-west-2", "backup_replication_region": "us-east-2"}
    assert problems(database=database) == []


# -- ALB listener rules -----------------------------------------------------------------------------------


def test_path_pattern_an_alb_refuses_is_reported_by_index() -> None:
    api = {"port": 8000, "public": True, "paths": ["/api/*", "/orders/{id}"]}
    (found,) = problems(services={"api": api})
    assert found.startswith(f"{APP}.services.api.paths[1]: the path pattern '/orders/{{id}}' is not one")


def test_more_than_five_rule_values_are_refused() -> None:
    api = {"port": 8000, "public": True, "paths": ["/a/*", "/b/*", "/c/*", "/d/*", "/e/*"]}
    (found,) = problems(services={"api": api})
    assert found.startswith(f"{APP}.services.api.paths: an ALB listener rule holds at most 5")
    assert "(1 host, 5 paths)" in found


def test_four_paths_with_the_host_are_accepted() -> None:
    api = {"port": 8000, "public": True, "paths": ["/a/*", "/b/*", "/c/?", "/d"]}
    assert problems(services={"api": api}) == []


def test_host_longer_than_an_alb_rule_takes_is_refused() -> None:
    host = "a" * 60 + "." + "b" * 60 + ".example.com"
    (found,) = problems(services={"api": {"port": 8000, "public": True, "host": host}})
    assert found.startswith(f"{APP}.services.api.host: the host name")


def test_private_web_services_have_no_listener_rule() -> None:
    assert problems(services={"api": {"port": 8000, "paths": ["/orders/{id}"]}}) == []


# -- Private subnets without NAT --------------------------------------------------------------------------


def test_nat_none_without_endpoints_is_refused() -> None:
    found = problems(network={"nat": "none"}, database={}, services={"worker": {}})
    assert found == [
        f"{APP}.network.endpoints: (nat: none) without NAT, Fargate tasks reach AWS only through VPC "
        "endpoints and need ecr.api, ecr.dkr, logs, secretsmanager (the S3 gateway endpoint is always "
        "there); add ecr.api, ecr.dkr, logs, secretsmanager, or use NAT (single, per-zone or ec2)"
    ]


def test_nat_none_with_an_image_outside_ecr_is_refused() -> None:
    services = {"worker": {"image": "ghcr.io/shop/worker:1.0"}}
    found = problems(network={"nat": "none", "endpoints": ["logs"]}, services=services)
    assert found == [
        f"{APP}.services.worker.image: ghcr.io/shop/worker:1.0 is outside Amazon ECR, and without NAT the "
        "private subnets have no route to the internet to pull it; use NAT (single, per-zone or ec2), or "
        "copy the image to ECR"
    ]


def test_nat_none_with_ecr_images_and_the_endpoints_is_accepted() -> None:
    network = {"nat": "none", "endpoints": ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]}
    services = {"api": {"port": 8000, "public": True, "image": ECR_IMAGE}, "worker": {}}
    assert problems(network=network, cache={}, services=services) == []


def test_nat_none_without_services_is_accepted() -> None:
    assert problems(network={"nat": "none"}, database={}) == []


# -- S3 replication ---------------------------------------------------------------------------------------


def test_bucket_replication_without_versioning_is_refused() -> None:
    found = problems(buckets={"photos": {"versioned": False, "replication_region": "us-west-2"}})
    assert found == [
        f"{APP}.buckets.photos.versioned: replication to us-west-2 needs versioning on both buckets; turn "
        "versioning on, or drop the replication"
    ]


def test_bucket_replication_with_versioning_is_accepted() -> None:
    assert problems(buckets={"photos": {"replication_region": "us-west-2"}}) == []
