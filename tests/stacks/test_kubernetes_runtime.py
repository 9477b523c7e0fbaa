"""`app.runtime: kubernetes` beyond the blueprints: the config rules of the runtime, GKE Autopilot on gcp
with GKE's built-in Ingress, an existing cluster and your own ingress controller, and the managed runtime
left exactly as it was."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stacks.config import load_stack_config
from stacks.errors import ConfigError
from stacks.manifests import kubernetes_objects, manifest_problems
from stacks.mocks import SECRET_MASK
from stacks.plan import Plan
from tests.conftest import plan_of_config

API = {"port": 8080, "public": True, "image": "ghcr.io/shop/api:1.2.0", "secrets": ["TOKEN"]}
OWN_CONTROLLER = {"ingress_class": "traefik", "ingress_namespace": "traefik"}


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


def ingress_addresses(plan: Plan) -> list[Any]:
    """The global addresses of GKE's Ingresses (not the network's Private Service Access range)."""
    return [
        a for a in plan.of_type("gcp:compute/globalAddress:GlobalAddress") if "KubernetesCluster" in a.urn
    ]


def problems(values: dict[str, Any]) -> list[str]:
    wire = {k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in values.items()}
    with pytest.raises(ConfigError) as caught:
        load_stack_config(wire, {"stackyard:secrets"})
    return caught.value.problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"services": {"api": {**API, "image_tag": "1.4.2"}}},
            "stackyard:app.services.api.image_tag: tags a registry repository the stack creates, which "
            "runtime kubernetes does not",
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
            {"kubernetes": {"namespace": "default"}},
            "stackyard:app.kubernetes.namespace: default is the default or a system namespace; use the app's "
            "own, e.g. shop-prod",
        ),
        (
            {"kubernetes": {"namespace": "kube-system"}},
            "stackyard:app.kubernetes.namespace: kube-system is the default or a system namespace",
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
        (
            {"kubernetes": {"cluster": "existing"}},
            "stackyard:app.kubernetes.ingress_class: required for public services (api) on an existing",
        ),
        (
            {"kubernetes": {"ingress_class": "traefik"}},
            "stackyard:app.kubernetes.ingress_namespace: required with ingress_class",
        ),
        (
            {"kubernetes": {"ingress_namespace": "traefik"}},
            "stackyard:app.kubernetes.ingress_namespace: only with stackyard:app.kubernetes.ingress_class",
        ),
        (
            {"kubernetes": {"cert_issuer": "letsencrypt-staging"}},
            "stackyard:app.kubernetes.cert_issuer: only with stackyard:app.kubernetes.ingress_class",
        ),
        (
            {"kubernetes": {"ingress_class": "gce", "ingress_namespace": "kube-system"}},
            "stackyard:app.kubernetes.ingress_class: gce is GKE's built-in controller",
        ),
        (
            {"kubernetes": {**OWN_CONTROLLER, "ingress_class": "Traefik"}},
            "stackyard:app.kubernetes.ingress_class",
        ),
        (
            {
                "services": {
                    "api": {**API, "host": "shop.example.com", "paths": ["/api/*"]},
                    "web": {**API, "host": "shop.example.com"},
                }
            },
            "stackyard:app.services.web.host: shop.example.com is also api's; on GKE each public service",
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
    assert by_reference == {"DATABASE_PASSWORD", "DATABASE_URL", "REDIS_PASSWORD", "REDIS_URL", "TOKEN"}
    (secret,) = gke.of_type("kubernetes:core/v1:Secret")
    assert secret.inputs["stringData"] == SECRET_MASK


def test_an_existing_cluster_gets_no_cluster_and_uses_the_default_provider() -> None:
    plan = plan_of_config(
        stack(kubernetes={"cluster": "existing", **OWN_CONTROLLER}), secret_keys=("stackyard:secrets",)
    )
    assert not plan.of_type("gcp:container/cluster:Cluster")
    assert not plan.of_type("pulumi:providers:kubernetes")
    assert "kubeconfig" not in plan.outputs
    assert plan.of_type("kubernetes:apps/v1:Deployment")


def test_an_existing_cluster_without_public_services_needs_no_ingress_class() -> None:
    internal = {**API, "public": False}
    plan = plan_of_config(
        stack(kubernetes={"cluster": "existing"}, services={"api": internal}),
        secret_keys=("stackyard:secrets",),
    )
    assert not plan.of_type("kubernetes:networking.k8s.io/v1:Ingress")


@pytest.mark.parametrize("cloud", ["gcp", "aws"])
@pytest.mark.parametrize("cluster", ["existing", "create"])
def test_your_own_ingress_controller_on_any_cluster(cloud: str, cluster: str) -> None:
    """The override path: `kubernetes.ingress_class` names your controller (here Traefik); the Ingress gets
    cert-manager's certificate, the pods admit the controller's namespace, and the platform's ingress
    objects are not made."""
    settings = {"cluster": cluster, **OWN_CONTROLLER, "cert_issuer": "letsencrypt-staging"}
    plan = plan_of_config(stack(cloud, kubernetes=settings), secret_keys=("stackyard:secrets",))
    found = kubernetes_objects(plan)
    (ingress,) = [o for o in found if o["kind"] == "Ingress"]
    assert ingress["spec"]["ingressClassName"] == "traefik"
    assert ingress["metadata"]["annotations"] == {"cert-manager.io/cluster-issuer": "letsencrypt-staging"}
    assert ingress["spec"]["tls"] == [{"hosts": ["api.shop.example.com"], "secretName": "shop-api-tls"}]
    (policy,) = [o for o in found if o["kind"] == "NetworkPolicy" and o["metadata"]["name"] == "shop-api"]
    assert policy["spec"]["ingress"][0]["from"] == [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "traefik"}}}
    ]
    platform_kinds = {
        "IngressClass",
        "IngressClassParams",
        "ManagedCertificate",
        "FrontendConfig",
        "BackendConfig",
    }
    assert not platform_kinds & {o["kind"] for o in found}
    assert not ingress_addresses(plan)
    assert not plan.of_type("aws:acm/certificate:Certificate")


def test_gke_serves_public_services_with_the_built_in_gce_ingress(gke: Plan) -> None:
    found = kubernetes_objects(gke)
    (ingress,) = [o for o in found if o["kind"] == "Ingress"]
    # Named gce both ways: GKE acts on the annotation (docs: "GKE Ingress controller behavior").
    assert ingress["spec"]["ingressClassName"] == "gce"
    annotations = ingress["metadata"]["annotations"]
    assert annotations["kubernetes.io/ingress.class"] == "gce"
    (address,) = ingress_addresses(gke)
    assert address.inputs["addressType"] == "EXTERNAL" and "region" not in address.inputs
    assert annotations["kubernetes.io/ingress.global-static-ip-name"] == address.inputs["name"]
    assert gke.outputs["ingressAddresses"] == {"api": address.state["address"]}
    (certificate,) = [o for o in found if o["kind"] == "ManagedCertificate"]
    assert certificate["spec"]["domains"] == ["api.shop.example.com"]
    assert annotations["networking.gke.io/managed-certificates"] == certificate["metadata"]["name"]
    (frontend,) = [o for o in found if o["kind"] == "FrontendConfig"]
    (ssl_policy,) = gke.of_type("gcp:compute/sSLPolicy:SSLPolicy")
    assert ssl_policy.inputs["minTlsVersion"] == "TLS_1_2" and ssl_policy.inputs["profile"] == "MODERN"
    assert frontend["spec"] == {
        "redirectToHttps": {"enabled": True, "responseCodeName": "MOVED_PERMANENTLY_DEFAULT"},
        "sslPolicy": ssl_policy.inputs["name"],
    }
    assert annotations["networking.gke.io/v1beta1.FrontendConfig"] == frontend["metadata"]["name"]
    (backend,) = [o for o in found if o["kind"] == "BackendConfig"]
    assert backend["spec"]["healthCheck"]["requestPath"] == "/health"
    assert backend["spec"]["healthCheck"]["port"] == 8080
    (service,) = [o for o in found if o["kind"] == "Service"]
    assert json.loads(service["metadata"]["annotations"]["cloud.google.com/backend-config"]) == {
        "default": backend["metadata"]["name"]
    }
    for manifest in found:
        assert manifest_problems(manifest) == [], manifest["kind"]


def test_gke_pods_admit_google_front_ends_and_health_checkers(gke: Plan) -> None:
    (policy,) = [
        p
        for p in gke.of_type("kubernetes:networking.k8s.io/v1:NetworkPolicy")
        if p.inputs["metadata"]["name"] == "shop-api"
    ]
    assert policy.inputs["spec"]["ingress"] == [
        {
            "from": [{"ipBlock": {"cidr": "130.211.0.0/22"}}, {"ipBlock": {"cidr": "35.191.0.0/16"}}],
            "ports": [{"protocol": "TCP", "port": 8080}],
        }
    ]


def test_gke_ingress_dns_records_in_the_apps_zone() -> None:
    plan = plan_of_config(stack(hosted_zone_id="shop-example-com"), secret_keys=("stackyard:secrets",))
    (record,) = plan.of_type("gcp:dns/recordSet:RecordSet")
    (address,) = ingress_addresses(plan)
    assert (
        record.inputs["name"] == "api.shop.example.com."
        and record.inputs["managedZone"] == "shop-example-com"
    )
    assert record.inputs["rrdatas"] == [address.state["address"]]


def test_eks_serves_public_services_through_the_alb_class_the_stack_creates() -> None:
    plan = plan_of_config(stack("aws"), secret_keys=("stackyard:secrets",))
    found = kubernetes_objects(plan)
    (ingress,) = [o for o in found if o["kind"] == "Ingress"]
    (ingress_class,) = [o for o in found if o["kind"] == "IngressClass"]
    assert (
        ingress["spec"]["ingressClassName"]
        == ingress_class["metadata"]["name"]
        == plan.outputs["ingressClass"]
    )
    assert ingress_class["spec"]["controller"] == "eks.amazonaws.com/alb"
    for manifest in found:
        assert manifest_problems(manifest) == [], manifest["kind"]
