"""The stack config on gcp: the same model, Cloud Run sizes instead of Fargate's, a staging profile that
scales to zero, and a clear line for every AWS-only setting a GCP stack asks for (and the reverse)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stacks.config import WebService, load_stack_config
from stacks.errors import ConfigError


def gcp(environment: str = "staging", **app: Any) -> dict[str, Any]:
    return {
        "stackyard:cloud": "gcp",
        "stackyard:environment": environment,
        "gcp:project": "shop-project",
        "gcp:region": "europe-west1",
        "stackyard:app": {"name": "shop", "domain": "shop.example.com", **app},
    }


def load(values: dict[str, Any]) -> Any:
    wire = {k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in values.items()}
    return load_stack_config(wire, set())


def problems(values: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(values)
    return caught.value.problems


def test_gcp_needs_project_and_region() -> None:
    values = gcp()
    del values["gcp:project"], values["gcp:region"]
    found = problems(values)
    assert any(p.startswith("gcp:project: required for stackyard:cloud gcp") for p in found)
    assert any(p.startswith("gcp:region: required for stackyard:cloud gcp") for p in found)


def test_gcp_staging_web_services_scale_to_zero_but_workers_keep_one() -> None:
    app = load(gcp(services={"api": {"port": 8080}, "worker": {}})).app
    assert app.services["api"].scale.min == 0
    assert app.services["worker"].scale.min == 1


def test_gcp_workers_default_to_a_whole_vcpu_and_refuse_a_fraction() -> None:
    app = load(gcp(services={"worker": {}})).app
    assert app.services["worker"].cpu == 1
    found = problems(gcp(services={"worker": {"cpu": 0.5}}))
    assert found == [
        "stackyard:app.services.worker.cpu: 0.5 is not allowed for a worker on gcp: Cloud Run worker pools "
        "take whole vCPUs; use one of 1, 2, 4, 6, 8"
    ]


def test_aws_staging_and_gcp_prod_keep_a_running_copy() -> None:
    aws = gcp(services={"api": {"port": 8080, "cpu": 0.5, "memory_gb": 1}})
    aws.update({"stackyard:cloud": "aws", "aws:region": "us-east-1"})
    assert load(aws).app.services["api"].scale.min == 1
    prod = gcp("prod", services={"api": {"port": 8080}}, alarms={"emails": ["ops@shop.example.com"]})
    assert load(prod).app.services["api"].scale.min == 2


@pytest.mark.parametrize(
    ("cpu", "memory", "expected"),
    [
        (3, 2, "stackyard:app.services.api.cpu: "),
        (1, 64, "stackyard:app.services.api.memory_gb: "),
    ],
)
def test_cloud_run_sizes_are_checked_instead_of_fargate(cpu: float, memory: float, expected: str) -> None:
    found = problems(gcp(services={"api": {"port": 8080, "cpu": cpu, "memory_gb": memory}}))
    assert len(found) == 1 and found[0].startswith(expected) and found[0].endswith("on Cloud Run"), found


def test_a_size_valid_on_cloud_run_but_not_on_fargate_passes_on_gcp() -> None:
    app = load(gcp(services={"api": {"port": 8080, "cpu": 1, "memory_gb": 0.5}})).app
    service = app.services["api"]
    assert isinstance(service, WebService) and (service.cpu, service.memory_gb) == (1, 0.5)


@pytest.mark.parametrize(
    ("app", "expected"),
    [
        ({"network": {"nat": "ec2"}}, "stackyard:app.network.nat: ec2 is an AWS NAT instance"),
        (
            {"network": {"endpoints": ["logs"]}},
            "stackyard:app.network.endpoints: interface endpoints are AWS's",
        ),
        (
            {"network": {"zones": 2, "availability_zones": ["a", "b"]}},
            "stackyard:app.network.availability_zones: GCP subnets are regional",
        ),
        (
            {"database": {"size": "db.t4g.small"}},
            "stackyard:app.database.size: 'db.t4g.small' is not a Cloud SQL",
        ),
        ({"cache": {"engine": "valkey"}}, "stackyard:app.cache.engine: Memorystore for Redis runs redis"),
        ({"cache": {"version": "7.1"}}, "stackyard:app.cache.version: 7.1 is not a Memorystore for Redis"),
        (
            {"cache": {"size": "cache.t4g.small"}},
            "stackyard:app.cache.size: 'cache.t4g.small' is not allowed",
        ),
        (
            {"services": {"api": {"port": 80, "architecture": "arm64"}}},
            "stackyard:app.services.api.architecture: Cloud Run runs x86_64 images only",
        ),
        (
            {"services": {"api": {"port": 80, "public": True, "deployment": "blue_green"}}},
            "stackyard:app.services.api.deployment: blue_green is an ECS strategy",
        ),
        (
            {"alarms": {"custom": [{"name": "queue", "metric": "Backlog", "threshold": 1}]}},
            "stackyard:app.alarms.custom[0].metric: 'Backlog' is not a Cloud Monitoring metric type",
        ),
        (
            {"alarms": {"custom": [{"name": "queue", "namespace": "X", "metric": "a/b", "threshold": 1}]}},
            "stackyard:app.alarms.custom[0].namespace: CloudWatch only",
        ),
        (
            {"alarms": {"custom": [{"name": "queue", "metric": "a/b", "statistic": "p90", "threshold": 1}]}},
            "stackyard:app.alarms.custom[0].statistic: p90 has no Cloud Monitoring aligner",
        ),
        ({"alarms": {"enabled": True}}, "stackyard:app.alarms.emails: alarms are on"),
    ],
)
def test_aws_only_settings_are_refused_on_gcp(app: dict[str, Any], expected: str) -> None:
    found = problems(gcp(**app))
    assert any(p.startswith(expected) for p in found), found


def test_a_site_on_gcp_needs_the_domain() -> None:
    values = gcp(site={})
    del values["stackyard:app"]["domain"]
    assert (
        "stackyard:app.site: on gcp the site is served at app.domain; set stackyard:app.domain"
        in problems(values)
    )


def test_gcp_only_settings_are_refused_on_aws() -> None:
    values = gcp(
        services={"api": {"port": 80, "cpu": 0.5, "memory_gb": 1, "stable_revision": "shop-api-00001-abc"}},
        alarms={"custom": [{"name": "queue", "metric": "Backlog", "threshold": 1}]},
    )
    values.update({"stackyard:cloud": "aws", "aws:region": "us-east-1"})
    found = problems(values)
    assert any(
        p.startswith("stackyard:app.services.api.stable_revision: a Cloud Run revision") for p in found
    )
    assert any(p.startswith("stackyard:app.alarms.custom[0].namespace: required on aws") for p in found)


def test_gcp_sizes_and_persistence_are_accepted() -> None:
    app = load(
        gcp(
            database={"size": "db-custom-4-8192"},
            cache={"size": "5", "version": "7.2", "persistence": "none"},
            services={
                "api": {"port": 80, "public": True, "deployment": "canary", "stable_revision": "shop-api-1"}
            },
        )
    ).app
    assert app.database.size == "db-custom-4-8192"
    assert (app.cache.size, app.cache.persistence) == ("5", "none")


def test_an_append_only_file_is_accepted_on_gcp_with_its_stand_in() -> None:
    """Memorystore for Redis has no AOF: `persistence: aof` is planned as hourly RDB snapshots, and the plan
    says so (tests/stacks/test_stand_ins.py)."""
    assert load(gcp(cache={"persistence": "aof"})).app.cache.persistence == "aof"
