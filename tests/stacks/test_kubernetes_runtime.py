"""`app.runtime: kubernetes` beyond the blueprints: the config rules of the runtime, GKE Autopilot on gcp,
an existing cluster, and the managed runtime left exactly as it was."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stacks.config import load_stack_config
from stacks.errors import ConfigError
from stacks.mocks import SECRET_MASK
from stacks.plan import Plan
from tests.conftest import plan_of_config

API = {"port": 8080, "public": True, "image": "ghcr.io/shop/api:1.2.0", "secrets": ["TOKEN"]}


def stack(cloud: str = "gcp", **app: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "stackyard:cloud": cloud,
        "stackyard:environment": "staging",
        "stackyard:app": {
            "name": "shop",
            "domain": "shop.example.com",
            "runtime": "kubernetes",
            "database": {},
            "cache": {"version": "7.2" if cloud == "gcp" else "7.1"},
            "services": {"api": API},
            "secrets": ["TOKEN"],
            **app,
        },
        "stackyard:secrets": {"TOKEN": "t0ken"},
    }
    values.update({"gcp:project": "shop-dev", "gcp:region": "europe-west1"} if cloud == "gcp" else {})
    values.update({"aws:region": "eu-west-1"} if cloud == "aws" else {})
    return values


def problems(values: dict[str, Any]) -> list[str]:
    wire = {k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in values.items()}
    with pytest.raises(ConfigError) as caught:
        load_stack_config(wire, {"stackyard:secrets"})
    return caught.value.problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"services": {"api": {"port": 8080}}},
            "stackyard:app.services.api.image: required with runtime kubernetes",
        ),
        (
            {"services": {"api": {**API, "image": "ghcr.io/shop/api:latest"}}},
            "stackyard:app.services.api.image: 'ghcr.io/shop/api:latest' is not pinned",
        ),
        (
            {"services": {"api": {**API, "image": "ghcr.io/shop/api"}}},
            "stackyard:app.services.api.image: 'ghcr.io/shop/api' is not pinned",
        ),
        (
            {"services": {"api": {**API, "deployment": "canary"}}},
            "stackyard:app.services.api.deployment: canary is not offered on kubernetes",
        ),
        (
            {"services": {"api": {**API, "cpu": 0.5, "cpu_request": 1}}},
            "stackyard:app.services.api.cpu_request: 1 is above cpu (0.5)",
        ),
        (
            {"services": {"api": {**API, "memory_gb": 1, "memory_request_gb": 2}}},
            "stackyard:app.services.api.memory_request_gb: 2 is above memory_gb (1)",
        ),
        ({"site": {"api_service": "api"}}, "stackyard:app.site.api_service: the site's API route"),
        (
            {"buckets": {"media": {}}, "services": {"api": {**API, "buckets": {"media": "read"}}}},
            "stackyard:app.services.api.buckets: bucket grants need a cloud identity",
        ),
        (
            {"kubernetes": {"api_access_cidrs": ["0.0.0.0/0"]}},
            "stackyard:app.kubernetes.api_access_cidrs: 0.0.0.0/0 opens the cluster's API to the internet",
        ),
        (
            {"kubernetes": {"cluster": "existing", "version": "1.34"}},
            "stackyard:app.kubernetes.version: only for a cluster the stack creates",
        ),
        (
            {"kubernetes": {"admins": ["arn:aws:iam::123456789012:role/ops"]}},
            "stackyard:app.kubernetes.admins",
        ),
    ],
)
def test_kubernetes_runtime_rules(change: dict[str, Any], expected: str) -> None:
    values = stack()
    values["stackyard:app"].update(change)
    found = problems(values)
    assert any(p.startswith(expected) for p in found), found


def test_kubernetes_keys_are_refused_on_the_managed_runtime() -> None:
    values = stack(runtime="managed", kubernetes={}, services={"api": {**API, "readiness_path": "/ready"}})
    found = problems(values)
    assert (
        "stackyard:app.kubernetes: only used with runtime kubernetes; set stackyard:app.runtime: "
        "kubernetes or remove it" in found
    )
    assert "stackyard:app.services.api.readiness_path: only used with runtime kubernetes; remove it" in found


def test_cloud_run_and_fargate_sizes_do_not_apply_to_pods() -> None:
    values = stack(services={"api": {**API, "cpu": 3, "memory_gb": 0.75}})
    config = load_stack_config(
        {k: json.dumps(v) if isinstance(v, dict) else v for k, v in values.items()}, {"stackyard:secrets"}
    )
    assert config.app.services["api"].cpu == 3
    # and the gcp staging profile's scale-to-zero (a Cloud Run trait) is not applied to pods
    assert config.app.services["api"].scale.min == 1


@pytest.fixture(scope="module")
def gke() -> Plan:
    return plan_of_config(stack(), secret_keys=("stackyard:secrets",))


def test_gcp_kubernetes_runs_on_a_private_autopilot_cluster_without_cloud_run(gke: Plan) -> None:
    (cluster,) = gke.of_type("gcp:container/cluster:Cluster")
    assert cluster.inputs["enableAutopilot"] is True
    assert cluster.inputs["privateClusterConfig"]["enablePrivateNodes"] is True
    assert not gke.of_type("gcp:cloudrunv2/service:Service")
    apis = {s.inputs["service"] for s in gke.of_type("gcp:projects/service:Service")}
    assert "container.googleapis.com" in apis and "run.googleapis.com" not in apis
    assert gke.outputs["kubeconfig"] == SECRET_MASK
    (provider,) = gke.of_type("pulumi:providers:kubernetes")
    deployments = gke.of_type("kubernetes:apps/v1:Deployment")
    assert deployments and all(d.provider.startswith(provider.urn) for d in deployments)


def test_gcp_pods_may_reach_cloud_sql_and_memorystore_and_get_their_passwords_by_reference(gke: Plan) -> None:
    (policy,) = [
        p
        for p in gke.of_type("kubernetes:networking.k8s.io/v1:NetworkPolicy")
        if p.inputs["metadata"]["name"] == "shop-api"
    ]
    ports = {p["port"] for rule in policy.inputs["spec"]["egress"] for p in rule.get("ports", [])}
    assert {5432, 6378, 53} <= ports
    (deployment,) = gke.of_type("kubernetes:apps/v1:Deployment")
    (container,) = deployment.inputs["spec"]["template"]["spec"]["containers"]
    by_reference = {e["name"] for e in container["env"] if "secretKeyRef" in e.get("valueFrom", {})}
    assert by_reference == {"DATABASE_PASSWORD", "REDIS_PASSWORD", "TOKEN"}
    (secret,) = gke.of_type("kubernetes:core/v1:Secret")
    assert secret.inputs["stringData"] == SECRET_MASK


def test_an_existing_cluster_gets_no_cluster_and_uses_the_default_provider() -> None:
    plan = plan_of_config(stack(kubernetes={"cluster": "existing"}), secret_keys=("stackyard:secrets",))
    assert not plan.of_type("gcp:container/cluster:Cluster")
    assert not plan.of_type("pulumi:providers:kubernetes")
    assert "kubeconfig" not in plan.outputs
    assert plan.of_type("kubernetes:apps/v1:Deployment")
