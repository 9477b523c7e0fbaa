"""Keys a stack file sets that its cloud or runtime would not use are refused, never silently dropped
(stacks/unused_keys.py); what only the profile fills in, and values that are what the cloud does anyway,
pass."""

from __future__ import annotations

from typing import Any

import pytest

from stacks.config import load_stack_config
from stacks.errors import ConfigError

APP = "stackyard:app"
IMAGE = "ghcr.io/shop/api:1.0"


def values(cloud: str, environment: str = "staging", **app: Any) -> dict[str, Any]:
    region = {"aws": {"aws:region": "us-east-1"}, "gcp": {"gcp:project": "shop", "gcp:region": "us-east1"}}
    return {
        "stackyard:cloud": cloud,
        "stackyard:environment": environment,
        **region[cloud],
        "stackyard:app": {"name": "shop", "domain": "shop.example.com", **app},
    }


def problems(config: dict[str, Any]) -> list[str]:
    try:
        load_stack_config(config)
    except ConfigError as error:
        return error.problems
    return []


def web(**keys: Any) -> dict[str, Any]:
    return {"services": {"api": {"port": 8000, **keys}}}


@pytest.mark.parametrize(
    ("cloud", "app", "expected"),
    [
        ("gcp", {"services": {"worker": {"spot": True}}}, "services.worker.spot: true is not used here"),
        ("gcp", web(read_only_root_filesystem=True), "services.api.read_only_root_filesystem: true"),
        ("gcp", web(log_retention_days=90), "services.api.log_retention_days: 90 is not used here"),
        ("gcp", web(bake_minutes=5), "services.api.bake_minutes: 5 is not used here"),
        ("gcp", web(canary_percent=20), "services.api.canary_percent: 20 is not used here"),
        ("gcp", web(scale={"cpu_percent": 60}), "services.api.scale.cpu_percent: 60 is not used here"),
        ("gcp", web(scale={"memory_percent": 60}), "services.api.scale.memory_percent: 60"),
        ("gcp", {"network": {"zones": 3}}, "network.zones: 3 is not used here: GCP subnets are regional"),
        ("gcp", {"network": {"flow_log_retention_days": 90}}, "network.flow_log_retention_days: 90"),
        ("gcp", {"cache": {"snapshot_retention_days": 7}}, "cache.snapshot_retention_days: 7"),
        ("aws", web(bake_minutes=5), "services.api.bake_minutes: 5 is not used here"),
        ("aws", web(image=IMAGE, image_tag="v2"), "services.api.image_tag: v2 is not used here"),
        ("aws", web(deployment="blue_green", public=True, canary_percent=20), "services.api.canary_percent"),
        ("aws", {"database": {"point_in_time_recovery": False}}, "database.point_in_time_recovery: false"),
        ("aws", {"site": {"rate_limit": 500}}, "site.rate_limit: 500 is not used here"),
        ("aws", {"site": {"api_path": "/v1/*"}}, "site.api_path: /v1/* is not used here"),
    ],
)
def test_an_unused_key_is_refused_with_its_path(cloud: str, app: dict[str, Any], expected: str) -> None:
    found = problems(values(cloud, **app))
    assert any(p.startswith(f"{APP}.{expected}") for p in found), found


@pytest.mark.parametrize(
    ("runtime_app", "expected"),
    [
        (web(image=IMAGE, spot=True), "services.api.spot: true is not used here"),
        (
            # On an existing cluster (the stack's own EKS cluster keeps the pods' logs in CloudWatch).
            {**web(image=IMAGE, log_retention_days=30), "kubernetes": {"cluster": "existing"}},
            "services.api.log_retention_days: 30 is not used here",
        ),
        (web(image=IMAGE, read_only_root_filesystem=False), "services.api.read_only_root_filesystem: false"),
        (web(image=IMAGE, image_tag="v2"), "services.api.image_tag: v2 is not used here"),
        (web(image=IMAGE, architecture="arm64"), "services.api.architecture: arm64 is not used here"),
    ],
)
def test_keys_the_kubernetes_runtime_does_not_use_are_refused(
    runtime_app: dict[str, Any], expected: str
) -> None:
    found = problems(values("aws", runtime="kubernetes", **runtime_app))
    assert any(p.startswith(f"{APP}.{expected}") for p in found), found


@pytest.mark.parametrize(
    ("cloud", "app"),
    [
        # The staging profile puts workers on Spot for every cloud: not the file's ask.
        ("gcp", {"services": {"worker": {}}, "network": {}, "cache": {}}),
        # What the cloud does anyway.
        ("gcp", {"services": {"worker": {"spot": False, "log_retention_days": 30}}}),
        ("gcp", web(read_only_root_filesystem=False)),
        ("gcp", {"network": {"flow_log_retention_days": 30}}),
        # Used where they are.
        ("aws", web(public=True, deployment="canary", canary_percent=20, bake_minutes=5)),
        ("aws", {"services": {"worker": {"spot": True, "log_retention_days": 90}}, "network": {"zones": 3}}),
        ("aws", {"site": {"waf": True, "rate_limit": 500}}),
        ("aws", {"database": {"point_in_time_recovery": True}, "cache": {"snapshot_retention_days": 7}}),
    ],
)
def test_used_and_profile_filled_keys_pass(cloud: str, app: dict[str, Any]) -> None:
    assert not [p for p in problems(values(cloud, **app)) if "is not used here" in p]
