"""The stack config model: valid files, profile defaults, overrides, and every kind of invalid input."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from stacks.config import STACKYARD_KEYS, StackConfig, WebService, Worker, load_stack_config
from stacks.errors import ConfigError
from stacks.stackfile import read_stack_file
from tests.conftest import ROOT


def base(environment: str = "staging", **app: Any) -> dict[str, Any]:
    return {
        "stackyard:cloud": "aws",
        "stackyard:environment": environment,
        "aws:region": "us-east-1",
        "stackyard:app": {"name": "shop", "domain": "shop.example.com", **app},
    }


def load(values: dict[str, Any], secret_keys: set[str] | None = None) -> StackConfig:
    wire = {k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in values.items()}
    return load_stack_config(wire, secret_keys or set())


def problems(values: dict[str, Any], secret_keys: set[str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(values, secret_keys)
    return caught.value.problems


@pytest.mark.parametrize("stack", ["staging", "prod"])
def test_root_stack_files_are_valid(stack: str) -> None:
    source = read_stack_file(ROOT / f"Pulumi.{stack}.yaml", project_root=ROOT)
    config = load_stack_config(source.values, source.secret_keys)
    assert config.environment == stack
    assert config.app.name == "shopfront"


def test_staging_profile_defaults() -> None:
    app = load(
        base(
            "staging",
            database={},
            cache={},
            buckets={"uploads": {}},
            services={"api": {"port": 80, "public": True}, "worker": {}, "cron": {"schedule": "0 * * * *"}},
        )
    ).app
    # On AWS the staging network goes out through a NAT instance (`CLOUD_PROFILES`), not a NAT gateway.
    assert (app.network.zones, app.network.nat, app.network.flow_log_retention_days) == (2, "ec2", 14)
    assert app.database is not None and app.cache is not None
    assert not app.cache.protect
    assert not app.database.multi_az and not app.database.deletion_protection and not app.database.protect
    assert app.database.backup_retention_days == 3
    assert (app.cache.replicas, app.cache.automatic_failover) == (0, False)
    assert not app.buckets["uploads"].protect
    assert not app.alarms.enabled
    assert app.services["worker"].spot and app.services["cron"].spot and not app.services["api"].spot
    api = app.services["api"]
    assert isinstance(api, WebService) and api.scale.min == 1


def test_prod_profile_defaults() -> None:
    app = load(
        base(
            "prod",
            database={},
            cache={},
            buckets={"uploads": {}},
            services={"api": {"port": 80, "public": True}, "worker": {}},
        )
    ).app
    assert (app.network.zones, app.network.nat, app.network.flow_log_retention_days) == (3, "per-zone", 365)
    assert app.database is not None and app.cache is not None
    assert app.cache.protect and app.network.flow_logs
    assert app.database.multi_az and app.database.deletion_protection and app.database.final_snapshot
    assert app.database.protect and app.database.point_in_time_recovery
    assert app.database.backup_retention_days >= 14
    assert app.cache.replicas >= 1 and app.cache.automatic_failover
    assert app.buckets["uploads"].protect
    assert app.alarms.enabled
    api, worker = app.services["api"], app.services["worker"]
    assert isinstance(api, WebService) and api.scale.min >= 2
    assert isinstance(worker, Worker) and not worker.spot


def test_sections_absent_from_the_file_stay_absent() -> None:
    app = load(base("prod")).app
    assert app.database is None and app.cache is None and app.site is None and app.buckets == {}


def test_every_profile_value_can_be_overridden() -> None:
    app = load(
        base(
            "prod",
            network={"nat": "single", "zones": 2},
            database={"multi_az": False, "deletion_protection": False, "backup_retention_days": 20},
            services={"api": {"port": 80, "scale": {"min": 1}}},
        )
    ).app
    assert (app.network.nat, app.network.zones) == ("single", 2)
    assert app.database is not None
    assert (app.database.multi_az, app.database.deletion_protection) == (False, False)
    assert app.database.backup_retention_days == 20
    api = app.services["api"]
    assert isinstance(api, WebService)
    assert (api.scale.min, api.scale.max) == (1, 10)  # the profile's max stays where the file is silent
    staging = load(base("staging", database={"multi_az": True})).app
    assert staging.database is not None and staging.database.multi_az


def test_service_kinds_come_from_their_keys() -> None:
    services = load(
        base(services={"web": {"port": 3000}, "jobs": {}, "beat": {"schedule": "*/5 * * * *"}})
    ).app.services
    assert [type(s).__name__ for s in services.values()] == ["WebService", "Worker", "Job"]


def test_misspelled_top_level_key() -> None:
    values = base()
    values["stackyard:enviroment"] = "prod"
    assert "stackyard:enviroment: unknown key; did you mean 'stackyard:environment'?" in problems(values)


@pytest.mark.parametrize(
    ("app", "expected"),
    [
        ({"netwrok": {}}, "stackyard:app.netwrok: unknown key; did you mean 'network'?"),
        ({"network": {"zone": 3}}, "stackyard:app.network.zone: unknown key; did you mean 'zones'?"),
        (
            {"services": {"api": {"port": 80, "helth_path": "/h"}}},
            "stackyard:app.services.api.helth_path: unknown key; did you mean 'health_path'?",
        ),
        (
            {"services": {"worker": {"health_path": "/h"}}},
            "stackyard:app.services.worker.health_path: unknown key for a worker service; "
            "'health_path' belongs to web",
        ),
        (
            {"database": {"verison": "16"}},
            "stackyard:app.database.verison: unknown key; did you mean 'version'?",
        ),
    ],
)
def test_unknown_keys_name_the_path_and_suggest(app: dict[str, Any], expected: str) -> None:
    found = problems(base(**app))
    assert any(line.startswith(expected) for line in found), found


@pytest.mark.parametrize(
    ("app", "expected"),
    [
        (
            {"network": {"nat": "gateway"}},
            "stackyard:app.network.nat: 'gateway' is not allowed; use one of 'none', 'single', 'per-zone'",
        ),
        ({"network": {"zones": 9}}, "stackyard:app.network.zones: 9 is out of range; it must be at most 6"),
        ({"network": {"zones": "three"}}, "stackyard:app.network.zones: 'three' has the wrong type"),
        (
            {"network": {"cidr": "10.0.0.0/8"}},
            "stackyard:app.network.cidr: 10.0.0.0/8 has prefix /8; use /16 to /20",
        ),
        ({"network": {"cidr": "banana"}}, "stackyard:app.network.cidr: 'banana' is not an IPv4 CIDR block"),
        (
            {"database": {"version": "12"}},
            "stackyard:app.database.version: '12' is not a supported major version",
        ),
        (
            {"services": {"api": {"port": 80, "cpu": 3}}},
            "stackyard:app.services.api.cpu: 3 is not a Fargate size; use one of 0.25, 0.5, 1, 2, 4, 8, 16",
        ),
        (
            {"services": {"api": {"port": 80, "cpu": 1, "memory_gb": 16}}},
            "stackyard:app.services.api.memory_gb: 16 does not fit 1 vCPU on Fargate; "
            "use 2 to 8 in steps of 1",
        ),
        (
            {"services": {"beat": {"schedule": "every hour"}}},
            "stackyard:app.services.beat.schedule: 'every hour' is not a cron expression",
        ),
        (
            {"services": {"beat": {"schedule": "61 * * * *"}}},
            "stackyard:app.services.beat.schedule: '61 * * * *' is not a cron expression: '61' is not a "
            "valid minute (0-59)",
        ),
        (
            {"services": {"api": {"port": 80, "secrets": ["NOPE"]}}},
            "stackyard:app.services.api.secrets[0]: NOPE is not declared in stackyard:app.secrets",
        ),
        (
            {"services": {"api": {"port": 80, "scale": {"min": 5, "max": 2}}}},
            "stackyard:app.services.api.scale.min: 5 is above scale.max (2)",
        ),
        ({"services": {"Api": {"port": 80}}}, "stackyard:app.services.Api: 'Api' is not allowed here"),
        (
            {"name": "Shop Front"},
            "stackyard:app.name: 'Shop Front' is not allowed here; use lowercase letters",
        ),
        ({"name": "a" * 41}, "stackyard:app.name:"),
        (
            {"cache": {"replicas": 0, "automatic_failover": True}},
            "stackyard:app.cache.automatic_failover: needs cache.replicas of at least 1",
        ),
        (
            {"network": {"zones": 2, "availability_zones": ["us-east-1a"]}},
            "stackyard:app.network.availability_zones: lists 1 zones but network.zones is 2",
        ),
        (
            {"alarms": {"emails": ["not-an-email"]}},
            "stackyard:app.alarms.emails: not-an-email: not an email address",
        ),
        (
            {"cache": {"eviction": "lru"}},
            "stackyard:app.cache.eviction: 'lru' is not allowed; use one of volatile-lru",
        ),
        (
            {"cache": {"parameters": {"maxmemory-policy": "allkeys-lru"}}},
            "stackyard:app.cache.parameters.maxmemory-policy: set it with cache.eviction instead",
        ),
        (
            {"database": {"parameters": {"rds.force_ssl": "0"}}},
            "stackyard:app.database.parameters.rds.force_ssl: TLS is always enforced",
        ),
        (
            {"network": {"flow_log_retention_days": 10}},
            "stackyard:app.network.flow_log_retention_days: 10 is not a CloudWatch retention",
        ),
        (
            {"network": {"endpoints": ["dynamodb"]}},
            "stackyard:app.network.endpoints[0]: 'dynamodb' is not allowed",
        ),
        (
            {"domain": None, "services": {"api": {"port": 80, "public": True, "host": "api.example.com"}}},
            "stackyard:app.services.api.host: a host of stackyard:app.domain, which is not set",
        ),
        (
            {"services": {"api": {"port": 80, "deployment": "canary"}}},
            "stackyard:app.services.api.deployment: canary shifts load balancer traffic; "
            "it needs public: true",
        ),
        (
            {"buckets": {"photos": {}}, "services": {"api": {"port": 80, "buckets": {"photo": "put"}}}},
            "stackyard:app.services.api.buckets.photo: not a bucket of stackyard:app.buckets; "
            "did you mean 'photos'?",
        ),
        (
            {"services": {"worker": {"buckets": {"photos": "write"}}}, "buckets": {"photos": {}}},
            "stackyard:app.services.worker.buckets.photos: 'write' is not allowed; use one of 'read', 'put'",
        ),
        (
            {"site": {"api_service": "worker"}, "services": {"worker": {}}},
            "stackyard:app.site.api_service: 'worker' is not a public web service",
        ),
        (
            {"alarms": {"custom": [{"name": "queue", "namespace": "N", "metric": "M", "threshold": 1}] * 2}},
            "stackyard:app.alarms.custom: the name 'queue' is used twice",
        ),
        (
            {
                "alarms": {
                    "custom": [
                        {"name": "queue", "namespace": "N", "metric": "M", "threshold": 1, "statistic": "p"}
                    ]
                }
            },
            "stackyard:app.alarms.custom[0].statistic: 'p' is not allowed here",
        ),
    ],
)
def test_invalid_values_name_the_path_and_what_is_allowed(app: dict[str, Any], expected: str) -> None:
    found = problems(base(**app))
    assert any(line.startswith(expected) for line in found), found


def test_invalid_cloud_and_environment() -> None:
    values = base()
    values["stackyard:cloud"] = "azure"
    values["stackyard:environment"] = "production"
    found = problems(values)
    assert "stackyard:cloud: 'azure' is not allowed; use one of 'aws', 'gcp'" in found
    assert "stackyard:environment: 'production' is not allowed; use one of 'staging', 'prod'" in found


def test_missing_required_keys() -> None:
    found = problems({"stackyard:cloud": "aws", "stackyard:environment": "prod"})
    assert "stackyard:app: required key is missing" in found
    assert any(line.startswith("aws:region: required for stackyard:cloud aws") for line in found)


def test_every_problem_is_reported_at_once_one_line_each() -> None:
    found = problems(base(network={"nat": "x", "zones": 1}, services={"api": {"port": 0}}))
    assert len(found) == 3
    message = str(ConfigError(found))
    assert message.splitlines()[0] == "invalid stack configuration (3 problems):"
    assert all(line.startswith("  stackyard:app.") for line in message.splitlines()[1:])


def test_secret_without_a_value_says_how_to_set_it() -> None:
    found = problems(base(secrets=["API_KEY"]))
    assert found == [
        "stackyard:secrets.API_KEY: no value for the secret declared in stackyard:app.secrets; set it with "
        "`pulumi config set --secret --path 'secrets.API_KEY' VALUE`"
    ]


def test_plain_text_secrets_are_refused() -> None:
    values = base(secrets=["API_KEY"])
    values["stackyard:secrets"] = {"API_KEY": "visible"}
    found = problems(values, secret_keys=set())
    assert found[0].startswith("stackyard:secrets: values are stored in plain text")
    assert all("visible" not in line for line in found)
    load(values, secret_keys={"stackyard:secrets"})  # the same values stored as a secret are fine


def test_secret_values_must_be_declared() -> None:
    values = base(secrets=["API_KEY"])
    values["stackyard:secrets"] = {"API_KEY": "x", "API_KYE": "y"}
    found = problems(values, secret_keys={"stackyard:secrets"})
    assert found == [
        "stackyard:secrets.API_KYE: not declared in stackyard:app.secrets; did you mean 'API_KEY'?"
    ]


def test_project_file_declares_every_stackyard_key() -> None:
    project = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())
    declared = project["config"]
    assert {f"stackyard:{key}" for key in declared} == set(STACKYARD_KEYS)
    for declaration in declared.values():
        assert declaration["type"] in {"string", "object"} and declaration["description"]
    assert declared["secrets"]["secret"] is True
    assert project["name"] == "stackyard" and project["runtime"]["name"] == "python"


def test_the_nat_instance_of_the_staging_profile_is_aws_only_and_a_stack_file_overrides_it() -> None:
    gcp = {
        **{k: v for k, v in base("staging").items() if k != "aws:region"},
        "stackyard:cloud": "gcp",
        "gcp:project": "shop-staging",
        "gcp:region": "us-east1",
    }
    assert load(gcp).app.network.nat == "single"  # Cloud NAT: GCP has no NAT instance option
    assert load(base("staging", network={"nat": "single"})).app.network.nat == "single"
    assert load(base("prod")).app.network.nat == "per-zone"
