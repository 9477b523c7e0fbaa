"""The Kubernetes runtime: both Kubernetes blueprints plan, their manifests validate against the
Kubernetes schemas, every workload meets Pod Security "restricted", and the guides' values arrive exactly.

Objects are read from the plans (the inputs the program gives the Kubernetes provider), the same data
`stackyard plan --manifests` writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from stacks.manifests import kubernetes_objects
from stacks.mocks import SECRET_MASK
from stacks.plan import Plan
from tests.conftest import plan_of, run_cli

KARIGAR = "blueprints/karigar/Pulumi.k8s-prod.yaml"
NESTJS = "blueprints/nestjs-api/Pulumi.k8s-staging.yaml"
BLUEPRINTS = [KARIGAR, NESTJS]
# The Kubernetes version the manifests are validated against: a current release that EKS and GKE run.
KUBERNETES_VERSION = "1.34.0"


def objects(stack_file: str, kind: str | None = None) -> list[dict[str, Any]]:
    found = kubernetes_objects(plan_of(stack_file))
    return [o for o in found if kind is None or o["kind"] == kind]


def named(stack_file: str, kind: str, name: str) -> dict[str, Any]:
    (found,) = [o for o in objects(stack_file, kind) if o["metadata"]["name"] == name]
    return found


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    if workload["kind"] == "CronJob":
        return workload["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return workload["spec"]["template"]["spec"]


def workloads(stack_file: str) -> list[dict[str, Any]]:
    return objects(stack_file, "Deployment") + objects(stack_file, "CronJob")


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_plan_with_manifests_exits_0_and_every_manifest_is_valid(stack_file: str, tmp_path: Path) -> None:
    result = run_cli("plan", "--config-file", stack_file, "--manifests", str(tmp_path), "--json")
    assert result.returncode == 0, result.stderr
    files = sorted(tmp_path.glob("*.yaml"))
    assert f"wrote {len(files)} Kubernetes manifests" in result.stderr
    kinds = set()
    for path in files:
        manifest = yaml.safe_load(path.read_text())
        kinds.add(manifest["kind"])
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
    assert {"Namespace", "Deployment", "Service", "Ingress", "NetworkPolicy", "ConfigMap", "Secret"} <= kinds


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_secrets_are_written_with_keys_but_never_values(stack_file: str, tmp_path: Path) -> None:
    for secret in objects(stack_file, "Secret"):
        values = {**secret.get("stringData", {}), **secret.get("data", {})}
        assert values and set(values.values()) == {SECRET_MASK}, secret["metadata"]["name"]


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_the_namespace_enforces_pod_security_restricted(stack_file: str) -> None:
    (namespace,) = objects(stack_file, "Namespace")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    names = {o["metadata"].get("namespace") for o in kubernetes_objects(plan_of(stack_file))} - {None}
    assert names == {namespace["metadata"]["name"]}


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_every_workload_meets_pod_security_restricted(stack_file: str) -> None:
    found = workloads(stack_file)
    assert found
    for workload in found:
        spec = pod_spec(workload)
        pod = spec["securityContext"]
        assert pod["runAsNonRoot"] is True and pod["runAsUser"] > 10000
        assert pod["seccompProfile"] == {"type": "RuntimeDefault"}
        assert spec["automountServiceAccountToken"] is False
        assert not spec.get("hostNetwork") and not spec.get("hostPID") and not spec.get("hostIPC")
        for volume in spec.get("volumes", []):
            assert set(volume) - {"name"} <= {"emptyDir", "configMap", "secret", "projected"}, volume
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False
            assert context["privileged"] is False
            assert context["readOnlyRootFilesystem"] is True
            assert context["capabilities"]["drop"] == ["ALL"] and not context["capabilities"].get("add")
            assert {"/tmp"} <= {m["mountPath"] for m in container["volumeMounts"]}


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_every_container_has_requests_limits_and_probes(stack_file: str) -> None:
    for workload in workloads(stack_file):
        for container in pod_spec(workload)["containers"]:
            resources = container["resources"]
            for side in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources[side]), (workload["metadata"]["name"], side)
            if container.get("ports"):
                for probe in ("readinessProbe", "livenessProbe"):
                    assert container[probe]["httpGet"]["path"].startswith("/"), probe


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_every_service_has_a_pdb_and_a_network_policy(stack_file: str) -> None:
    deployments = objects(stack_file, "Deployment")
    budgets = objects(stack_file, "PodDisruptionBudget")
    policies = objects(stack_file, "NetworkPolicy")
    for deployment in deployments:
        labels = deployment["spec"]["selector"]["matchLabels"]
        assert [b for b in budgets if b["spec"]["selector"]["matchLabels"] == labels], labels
        (policy,) = [p for p in policies if p["spec"]["podSelector"].get("matchLabels") == labels]
        assert set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"}


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_no_secret_reaches_a_container_as_a_plain_value(stack_file: str) -> None:
    checked = 0
    for workload in workloads(stack_file):
        for container in pod_spec(workload)["containers"]:
            for entry in container.get("env", []):
                checked += 1
                assert "value" not in entry or entry["value"] != SECRET_MASK, entry["name"]
                assert "secretKeyRef" in entry.get("valueFrom", {}), entry["name"]
    assert checked  # the connection passwords and the app's secrets come by reference


def test_nestjs_staging_has_exactly_the_guides_deployment_values() -> None:
    (deployment,) = objects(NESTJS, "Deployment")
    assert deployment["spec"]["replicas"] == 2
    assert not objects(NESTJS, "HorizontalPodAutoscaler")  # a fixed count: nothing overrides it
    (container,) = pod_spec(deployment)["containers"]
    assert container["image"] == "ghcr.io/example/nestjs-template:staging"
    assert container["resources"]["requests"]["cpu"] == "200m"
    assert container["resources"]["requests"]["memory"] == "256Mi"
    assert container["resources"]["limits"]["cpu"] == "500m"
    assert container["resources"]["limits"]["memory"] == "512Mi"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/readiness"
    assert {p["containerPort"] for p in container["ports"]} == {3000}
    (config_map,) = objects(NESTJS, "ConfigMap")
    assert config_map["data"]["NODE_ENV"] == "staging" and config_map["data"]["PORT"] == "3000"
    sources = [s["configMapRef"]["name"] for s in container["envFrom"] if "configMapRef" in s]
    assert sources == [config_map["metadata"]["name"]]
    (secret,) = objects(NESTJS, "Secret")
    refs = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in container["env"]}
    assert {"JWT_SECRET", "EMAIL_PASSWORD", "DATABASE_PASSWORD"} <= set(refs)
    assert {r["name"] for r in refs.values()} == {secret["metadata"]["name"]}


def test_karigar_scales_2_to_10_at_70_percent_cpu() -> None:
    autoscalers = objects(KARIGAR, "HorizontalPodAutoscaler")
    assert len(autoscalers) == 2
    for hpa in autoscalers:
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 10)
        (cpu,) = [m["resource"] for m in hpa["spec"]["metrics"] if m["resource"]["name"] == "cpu"]
        assert cpu["target"] == {"type": "Utilization", "averageUtilization": 70}
        target = named(KARIGAR, "Deployment", hpa["spec"]["scaleTargetRef"]["name"])
        assert "replicas" not in target["spec"]  # the autoscaler owns the count


def test_karigar_public_services_have_tls_ingresses_on_their_hosts() -> None:
    hosts = {}
    for ingress in objects(KARIGAR, "Ingress"):
        (rule,) = ingress["spec"]["rules"]
        (tls,) = ingress["spec"]["tls"]
        assert tls["hosts"] == [rule["host"]]
        assert ingress["spec"]["ingressClassName"] == "nginx"
        assert ingress["metadata"]["annotations"]["cert-manager.io/cluster-issuer"] == "letsencrypt"
        hosts[rule["host"]] = rule["http"]["paths"][0]["backend"]["service"]["name"]
    assert set(hosts) == {"www.karigar.example.com", "api.karigar.example.com"}


def test_the_cluster_is_private_auto_mode_and_admitted_by_the_data_tier() -> None:
    plan: Plan = plan_of(KARIGAR)
    (cluster,) = plan.of_type("aws:eks/cluster:Cluster")
    assert cluster.inputs["computeConfig"]["enabled"] is True
    access = cluster.inputs["vpcConfig"]
    assert access["endpointPrivateAccess"] is True and access["publicAccessCidrs"] == ["203.0.113.0/24"]
    assert plan.outputs["kubeconfig"] == SECRET_MASK
    rules = plan.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    kubernetes_rules = [r for r in rules if r.name.endswith("kubernetes") or "kubernetes" in r.name]
    assert {r.inputs["fromPort"] for r in kubernetes_rules} >= {5432, 6379}
