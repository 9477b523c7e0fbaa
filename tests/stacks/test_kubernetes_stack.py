"""The Kubernetes runtime: both Kubernetes blueprints plan, their manifests validate against the
Kubernetes schemas (and the custom resources against stacks/manifests.py's), every workload meets Pod
Security "restricted", every Ingress names a class the stack creates for EKS Auto Mode's ALB, the cluster
enforces NetworkPolicies, and the guides' values arrive exactly.

Objects are read from the plans (the inputs the program gives the Kubernetes provider), the same data
`stackyard plan --manifests` writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from stacks.manifests import CUSTOM_RESOURCES, kubernetes_objects, manifest_problems
from stacks.mocks import SECRET_MASK
from stacks.plan import Plan
from stacks.released import STAND_IN_REGISTRY
from tests.conftest import ROOT, plan_of, run_cli
from tests.helpers.released import TAG, released

KARIGAR = "blueprints/karigar/Pulumi.k8s-prod.yaml"
NESTJS = "blueprints/nestjs-api/Pulumi.k8s-staging.yaml"
BLUEPRINTS = [KARIGAR, NESTJS]
# The Kubernetes version the manifests are validated against: a current release that EKS and GKE run.
KUBERNETES_VERSION = "1.34.0"


def objects(stack_file: str, kind: str | None = None) -> list[dict[str, Any]]:
    """The objects of the running system: the plan once each service has its image (the blueprints as
    committed name none yet: tests/helpers/released.py)."""
    found = kubernetes_objects(plan_of(stack_file, released(stack_file)))
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


def validate_manifests(*paths: Path) -> subprocess.CompletedProcess[str]:
    """The CI step: `python -m stacks.manifests` over manifest files."""
    command = [sys.executable, "-m", "stacks.manifests", "--kubernetes-version", KUBERNETES_VERSION]
    return subprocess.run(
        [*command, *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


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
        assert manifest_problems(manifest, KUBERNETES_VERSION) == [], path.name
    assert {"Namespace", "Deployment", "Service", "Ingress", "NetworkPolicy", "ConfigMap", "Secret"} <= kinds
    # EKS Auto Mode's custom resources are checked too (kubernetes-validate has no schema for them).
    assert {"IngressClass", "IngressClassParams", "NodeClass", "NodePool"} <= kinds
    checked = validate_manifests(*files)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{len(files)} of {len(files)} manifests valid" in checked.stdout


def test_the_manifest_check_fails_on_a_bad_custom_resource_or_an_unknown_kind(tmp_path: Path) -> None:
    """The CI step is honest: a custom resource is checked field by field, and a kind with neither a
    Kubernetes schema nor an entry in CUSTOM_RESOURCES fails instead of being skipped with a warning."""
    bad_pool = tmp_path / "pool.yaml"
    bad_pool.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "karpenter.sh/v1",
                "kind": "NodePool",
                "metadata": {"name": "workloads"},
                "spec": {"template": {"spec": {"requirements": [], "nodeClass": "default"}}},
            }
        )
    )
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(
        yaml.safe_dump(
            {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {}}
        )
    )
    result = validate_manifests(bad_pool, unknown)
    assert result.returncode == 1
    assert "spec.template.spec.nodeClassRef: required" in result.stdout
    assert "spec.template.spec.nodeClass: unknown field" in result.stdout
    assert "example.com/v1 Widget: no Kubernetes schema" in result.stdout
    assert ("karpenter.sh/v1", "NodePool") in CUSTOM_RESOURCES


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_secrets_are_written_with_keys_but_never_values(stack_file: str, tmp_path: Path) -> None:
    for secret in objects(stack_file, "Secret"):
        values = {**secret.get("stringData", {}), **secret.get("data", {})}
        assert values and set(values.values()) == {SECRET_MASK}, secret["metadata"]["name"]


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_the_namespace_enforces_pod_security_restricted(stack_file: str) -> None:
    (namespace,) = objects(stack_file, "Namespace")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    outside = {
        (o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"])
        for o in kubernetes_objects(plan_of(stack_file))
        if o["metadata"].get("namespace") not in (None, namespace["metadata"]["name"])
    }
    # Only EKS Auto Mode's network policy switch lives elsewhere, where the platform reads it.
    assert outside == {("ConfigMap", "kube-system", "amazon-vpc-cni")}


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
    assert container["image"] == f"{STAND_IN_REGISTRY}/api:{TAG}"  # the image the release sets
    assert container["resources"]["requests"]["cpu"] == "200m"
    assert container["resources"]["requests"]["memory"] == "256Mi"
    assert container["resources"]["limits"]["cpu"] == "500m"
    assert container["resources"]["limits"]["memory"] == "512Mi"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/readiness"
    assert {p["containerPort"] for p in container["ports"]} == {3000}
    (config_map,) = [c for c in objects(NESTJS, "ConfigMap") if c["metadata"]["namespace"] != "kube-system"]
    assert config_map["data"]["NODE_ENV"] == "staging" and config_map["data"]["PORT"] == "3000"
    sources = [s["configMapRef"]["name"] for s in container["envFrom"] if "configMapRef" in s]
    assert sources == [config_map["metadata"]["name"]]
    (secret,) = objects(NESTJS, "Secret")
    refs = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in container["env"]}
    # The guide's names (its variables table and the replica URL, here the primary's: no replica in staging).
    assert set(refs) == {"JWT_SECRET", "EMAIL_PASSWORD", "DATABASE_URL", "DATABASE_URL_REPLICA"}
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


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_every_ingress_names_the_alb_class_the_stack_creates(stack_file: str) -> None:
    """No Ingress is left to a controller nobody installed: each names an IngressClass of the plan whose
    controller is EKS Auto Mode's ALB, configured by IngressClassParams the plan creates too."""
    classes = {c["metadata"]["name"]: c for c in objects(stack_file, "IngressClass")}
    params = {p["metadata"]["name"]: p for p in objects(stack_file, "IngressClassParams")}
    ingresses = objects(stack_file, "Ingress")
    assert ingresses
    for ingress in ingresses:
        ingress_class = classes[ingress["spec"]["ingressClassName"]]
        assert ingress_class["spec"]["controller"] == "eks.amazonaws.com/alb"
        reference = ingress_class["spec"]["parameters"]
        assert (reference["apiGroup"], reference["kind"]) == ("eks.amazonaws.com", "IngressClassParams")
        assert params[reference["name"]]["spec"]["scheme"] == "internet-facing"
        annotations = ingress["metadata"]["annotations"]
        assert "cert-manager.io/cluster-issuer" not in annotations and "tls" not in ingress["spec"]
        assert annotations["alb.ingress.kubernetes.io/target-type"] == "ip"
        assert annotations["alb.ingress.kubernetes.io/ssl-redirect"] == "443"
        assert json.loads(annotations["alb.ingress.kubernetes.io/listen-ports"]) == [
            {"HTTP": 80},
            {"HTTPS": 443},
        ]
        service = named(
            stack_file,
            "Service",
            ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"],
        )
        (deployment,) = [
            d
            for d in objects(stack_file, "Deployment")
            if d["spec"]["selector"]["matchLabels"] == service["spec"]["selector"]
        ]
        (container,) = pod_spec(deployment)["containers"]
        assert (
            annotations["alb.ingress.kubernetes.io/healthcheck-path"]
            == container["livenessProbe"]["httpGet"]["path"]
        )


def test_karigar_public_services_share_one_alb_with_a_certificate_for_their_hosts() -> None:
    plan: Plan = plan_of(KARIGAR)
    hosts = {ingress["spec"]["rules"][0]["host"] for ingress in objects(KARIGAR, "Ingress")}
    assert hosts == {"www.karigar.example.com", "api.karigar.example.com"}
    (params,) = objects(KARIGAR, "IngressClassParams")
    spec = params["spec"]
    # One IngressGroup (one ALB for both Ingresses), named after the stack's cluster.
    assert spec["group"] == {"name": "karigar-k8s-prod"}
    assert spec["sslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06" and spec["targetType"] == "ip"
    (certificate,) = plan.of_type("aws:acm/certificate:Certificate")
    assert {certificate.inputs["domainName"], *certificate.inputs["subjectAlternativeNames"]} == hosts
    assert spec["certificateARNs"] == [certificate.state["arn"]]
    public_subnets = [
        s for s in plan.of_type("aws:ec2/subnet:Subnet") if s.inputs["tags"].get("stackyard:tier") == "public"
    ]
    assert spec["subnets"]["ids"] == [s.id for s in public_subnets]


def test_prod_puts_the_alb_behind_a_logged_web_acl_that_every_public_ingress_names() -> None:
    """Issue #18 (the prod profile's load_balancer_waf): EKS Auto Mode associates the cluster's regional web
    ACL with the ALB through each Ingress's wafv2-acl-arn annotation, one value for the whole group; its
    requests are logged to aws-waf-logs-..., credentials redacted. Staging gets none of it."""
    plan: Plan = plan_of(KARIGAR)
    (acl,) = plan.of_type("aws:wafv2/webAcl:WebAcl")
    assert acl.inputs["scope"] == "REGIONAL"
    (logging,) = plan.of_type("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")
    assert logging.inputs["resourceArn"] == acl.state["arn"]
    (group,) = [
        g
        for g in plan.of_type("aws:cloudwatch/logGroup:LogGroup")
        if g.state["arn"] in logging.inputs["logDestinationConfigs"]
    ]
    assert group.inputs["name"].startswith("aws-waf-logs-")
    assert group.inputs["retentionInDays"] == 365 and group.inputs["kmsKeyId"]  # the prod profile
    redacted = {f["singleHeader"]["name"] for f in logging.inputs["redactedFields"]}
    assert redacted == {"authorization", "cookie"}
    ingresses = objects(KARIGAR, "Ingress")
    assert len(ingresses) == 2
    for ingress in ingresses:
        annotations = ingress["metadata"]["annotations"]
        assert annotations["alb.ingress.kubernetes.io/wafv2-acl-arn"] == acl.state["arn"]

    staging: Plan = plan_of(NESTJS)
    assert not [r for r in staging.resources if r.type.startswith("aws:wafv2/")]
    assert objects(NESTJS, "Ingress")
    for ingress in objects(NESTJS, "Ingress"):
        assert "alb.ingress.kubernetes.io/wafv2-acl-arn" not in ingress["metadata"]["annotations"]


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_the_cluster_enforces_network_policies(stack_file: str) -> None:
    """EKS User Guide, "Use Network Policies with EKS Auto Mode": the controller ConfigMap, a NodeClass with
    networkPolicy, and the NodePool the pods run on using it (the built-in general-purpose pool is off)."""
    (switch,) = [c for c in objects(stack_file, "ConfigMap") if c["metadata"]["name"] == "amazon-vpc-cni"]
    assert switch["metadata"]["namespace"] == "kube-system"
    assert switch["data"] == {"enable-network-policy-controller": "true"}
    (node_class,) = objects(stack_file, "NodeClass")
    assert node_class["spec"]["networkPolicy"] == "DefaultAllow"
    (node_pool,) = objects(stack_file, "NodePool")
    assert node_pool["spec"]["template"]["spec"]["nodeClassRef"] == {
        "group": "eks.amazonaws.com",
        "kind": "NodeClass",
        "name": node_class["metadata"]["name"],
    }
    (cluster,) = plan_of(stack_file).of_type("aws:eks/cluster:Cluster")
    assert cluster.inputs["computeConfig"]["nodePools"] == ["system"]


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_public_services_admit_the_alb_subnets_only(stack_file: str) -> None:
    """With target type ip the ALB's nodes in the public subnets connect to the pods: the policy admits
    those networks on the container port (kubelet probes need no rule), nothing else."""
    plan = plan_of(stack_file)
    public_cidrs = [
        s.inputs["cidrBlock"]
        for s in plan.of_type("aws:ec2/subnet:Subnet")
        if s.inputs["tags"].get("stackyard:tier") == "public"
    ]
    assert public_cidrs
    for ingress in objects(stack_file, "Ingress"):
        name = ingress["metadata"]["name"]
        (rule,) = named(stack_file, "NetworkPolicy", name)["spec"]["ingress"]
        assert rule["from"] == [{"ipBlock": {"cidr": cidr}} for cidr in public_cidrs]
        (container,) = pod_spec(named(stack_file, "Deployment", name))["containers"]
        assert rule["ports"] == [{"protocol": "TCP", "port": container["ports"][0]["containerPort"]}]


@pytest.mark.parametrize("stack_file", BLUEPRINTS)
def test_a_changed_secret_rolls_the_pods_through_a_readable_checksum(stack_file: str) -> None:
    with_secrets = [
        d
        for d in objects(stack_file, "Deployment")
        if any("valueFrom" in e for c in pod_spec(d)["containers"] for e in c.get("env") or [])
    ]
    assert with_secrets  # (Karigar's frontend reads no credential, so it has no Secret to follow)
    for deployment in with_secrets:
        checksum = deployment["spec"]["template"]["metadata"]["annotations"]["checksum/secrets"]
        assert checksum != SECRET_MASK and len(checksum) == 64


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
