"""components.k8s.ContainerService: Deployments and CronJobs that pass Pod Security "restricted", kube-score
and checkov (security contexts, requests and limits, probes, pinned images), settings in a ConfigMap and
secrets only by reference, per-service NetworkPolicies, the Service, Ingress, autoscaler and disruption
budget, explicit names and labels, the provider reaching every object, and argument checks."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from typing import Any, cast

import pulumi
import pulumi_kubernetes as k8s
import pytest

from components.k8s import AppNamespace, ContainerService, ContainerServiceArgs
from stacks.mocks import SECRET_MASK, RecordingMonitor, Registration
from tests.components.k8s import kubernetes_registrations, valid_objects
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

COMPONENT = "stackyard-k8s:index:ContainerService"
ACCOUNT = "kubernetes:core/v1:ServiceAccount"
CONFIG_MAP = "kubernetes:core/v1:ConfigMap"
SECRET = "kubernetes:core/v1:Secret"
SERVICE = "kubernetes:core/v1:Service"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
CRON_JOB = "kubernetes:batch/v1:CronJob"
HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
PDB = "kubernetes:policy/v1:PodDisruptionBudget"
POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
INGRESS = "kubernetes:networking.k8s.io/v1:Ingress"

IMAGE = "ghcr.io/shop/api:1.4.2"
HOST = "api.shop.example.com"
WEB: dict[str, Any] = {"namespace": "shop", "image": IMAGE, "port": 8000}
# Your own ingress controller (Traefik here): its class and its namespace are required.
OWN_CONTROLLER: dict[str, Any] = {"ingress_class": "traefik", "ingress_namespace": "traefik"}
PUBLIC: dict[str, Any] = {**WEB, "public": True, "host": HOST, **OWN_CONTROLLER}
ALB_SOURCES = ["10.20.0.0/24", "10.20.1.0/24"]
ON_EKS: dict[str, Any] = {
    **WEB,
    "public": True,
    "host": HOST,
    "ingress_controller": "eks-auto-mode",
    "ingress_sources": ALB_SOURCES,
}
ON_GKE: dict[str, Any] = {**WEB, "public": True, "host": HOST, "ingress_controller": "gke"}
MANAGED_CERTIFICATE = "kubernetes:networking.gke.io/v1:ManagedCertificate"
FRONTEND_CONFIG = "kubernetes:networking.gke.io/v1beta1:FrontendConfig"
BACKEND_CONFIG = "kubernetes:cloud.google.com/v1:BackendConfig"
RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword"
WORKER: dict[str, Any] = {"namespace": "shop", "image": IMAGE, "command": ["celery", "worker"]}
JOB: dict[str, Any] = {"namespace": "shop", "image": IMAGE, "schedule": "30 2 * * 1-5"}
KINDS = {"web": WEB, "worker": WORKER, "job": JOB}
WORKLOAD = {"web": DEPLOYMENT, "worker": DEPLOYMENT, "job": CRON_JOB}
OUTPUTS = ("deployment_name", "service_name", "service_host", "service_account_name", "url", "namespace")
SELECTOR = {"app.kubernetes.io/name": "shop-api", "app.kubernetes.io/instance": "shop-api"}
DNS_EGRESS = {
    "to": [
        {
            "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
        }
    ],
    "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
}
# A made-up value standing in for a real secret; it must never appear in any recorded input.
SECRET_VALUE = "test-only-db-password-4f1c"


def build(
    args: dict[str, Any], name: str = "shop-api", opts: pulumi.ResourceOptions | None = None
) -> dict[str, Any]:
    """Create a ContainerService under mocks and return its resolved outputs."""
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        service = ContainerService(name, cast(ContainerServiceArgs, args), opts)
        return pulumi.Output.all(**{key: getattr(service, key) for key in OUTPUTS}).apply(resolved.update)

    program()
    assert resolved, "the ContainerService outputs never resolved"
    return resolved


def one(monitor: RecordingMonitor, type_: str) -> Registration:
    (found,) = of_type(monitor, type_)
    return found


def pod_spec(monitor: RecordingMonitor, kind: str = "web") -> dict[str, Any]:
    """The pod template's spec of the one Deployment (web, worker) or CronJob (job)."""
    spec = one(monitor, WORKLOAD[kind]).inputs["spec"]
    template = spec["jobTemplate"]["spec"]["template"] if kind == "job" else spec["template"]
    return template["spec"]


def container(monitor: RecordingMonitor, kind: str = "web") -> dict[str, Any]:
    (found,) = pod_spec(monitor, kind)["containers"]
    return found


# -- what is built, and the outputs --------------------------------------------------------------------------


def test_internal_web_service_objects_and_outputs(monitor: RecordingMonitor) -> None:
    out = build(WEB)
    assert out == {
        "deployment_name": "shop-api",
        "service_name": "shop-api",
        "service_host": "shop-api.shop.svc.cluster.local",
        "service_account_name": "shop-api",
        "url": "",
        "namespace": "shop",
    }
    objects = valid_objects(monitor)
    assert sorted(objects) == [
        "Deployment/shop/shop-api",
        "NetworkPolicy/shop/shop-api",
        "PodDisruptionBudget/shop/shop-api",
        "Service/shop/shop-api",
        "ServiceAccount/shop/shop-api",
    ]
    component = one(monitor, COMPONENT)
    assert all(r.parent == component.urn for r in kubernetes_registrations(monitor))


def test_public_web_service_objects_and_outputs(monitor: RecordingMonitor) -> None:
    out = build({**PUBLIC, "max_count": 4, "environment": {"LOG_LEVEL": "info"}})
    assert out["url"] == f"https://{HOST}" and out["service_host"] == "shop-api.shop.svc.cluster.local"
    assert sorted(valid_objects(monitor)) == [
        "ConfigMap/shop/shop-api-config",
        "Deployment/shop/shop-api",
        "HorizontalPodAutoscaler/shop/shop-api",
        "Ingress/shop/shop-api",
        "NetworkPolicy/shop/shop-api",
        "PodDisruptionBudget/shop/shop-api",
        "Service/shop/shop-api",
        "ServiceAccount/shop/shop-api",
    ]


def test_worker_has_no_service_ingress_ports_or_probes(monitor: RecordingMonitor) -> None:
    out = build(WORKER, name="shop-worker")
    assert out["deployment_name"] == "shop-worker"
    assert out["service_name"] == "" and out["service_host"] == "" and out["url"] == ""
    assert sorted(valid_objects(monitor)) == [
        "Deployment/shop/shop-worker",
        "NetworkPolicy/shop/shop-worker",
        "PodDisruptionBudget/shop/shop-worker",
        "ServiceAccount/shop/shop-worker",
    ]
    app = container(monitor, "worker")
    for key in ("ports", "startupProbe", "livenessProbe", "readinessProbe"):
        assert key not in app
    assert app["args"] == ["celery", "worker"] and "command" not in app


def test_scheduled_job_is_a_cron_job(monitor: RecordingMonitor) -> None:
    out = build({**JOB, "timeout_seconds": 1800, "max_retries": 1}, name="shop-nightly")
    assert out["deployment_name"] == "shop-nightly" and out["service_name"] == "" and out["url"] == ""
    assert sorted(valid_objects(monitor)) == [
        "CronJob/shop/shop-nightly",
        "NetworkPolicy/shop/shop-nightly",
        "ServiceAccount/shop/shop-nightly",
    ]
    spec = one(monitor, CRON_JOB).inputs["spec"]
    assert spec["schedule"] == "30 2 * * 1-5" and spec["timeZone"] == "Etc/UTC"
    assert spec["concurrencyPolicy"] == "Forbid"
    assert spec["startingDeadlineSeconds"] == 300
    assert spec["successfulJobsHistoryLimit"] == 3 and spec["failedJobsHistoryLimit"] == 3
    job = spec["jobTemplate"]["spec"]
    assert job["backoffLimit"] == 1 and job["activeDeadlineSeconds"] == 1800
    assert job["template"]["spec"]["restartPolicy"] == "Never"
    app = container(monitor, "job")
    for key in ("ports", "startupProbe", "livenessProbe", "readinessProbe"):
        assert key not in app
    assert "topologySpreadConstraints" not in job["template"]["spec"]


def test_job_defaults(monitor: RecordingMonitor) -> None:
    build(JOB, name="shop-nightly")
    job = one(monitor, CRON_JOB).inputs["spec"]["jobTemplate"]["spec"]
    assert job["backoffLimit"] == 3 and job["activeDeadlineSeconds"] == 600


# -- no image yet: the first `pulumi up` converges ---------------------------------------------------------

SKIP_AWAIT = {"pulumi.com/skipAwait": "true"}


def without_image(args: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in args.items() if key != "image"}


def test_without_an_image_no_pod_starts_and_pulumi_waits_for_none(monitor: RecordingMonitor) -> None:
    out = build({**without_image(ON_EKS), "min_count": 2, "max_count": 6})
    assert out["url"] == f"https://{HOST}"
    deployment = one(monitor, DEPLOYMENT).inputs
    assert deployment["spec"]["replicas"] == 0
    assert deployment["metadata"]["annotations"] == SKIP_AWAIT
    assert one(monitor, SERVICE).inputs["metadata"]["annotations"] == SKIP_AWAIT
    # No autoscaler (it keeps at least one pod) and no budget over pods that do not exist; the Ingress and
    # the NetworkPolicy are there from the first up.
    assert sorted(valid_objects(monitor)) == [
        "Deployment/shop/shop-api",
        "Ingress/shop/shop-api",
        "NetworkPolicy/shop/shop-api",
        "Service/shop/shop-api",
        "ServiceAccount/shop/shop-api",
    ]
    assert container(monitor)["image"] == "registry.k8s.io/pause:3.10"


def test_with_the_image_the_pods_are_awaited(monitor: RecordingMonitor) -> None:
    build({**ON_EKS, "min_count": 2, "max_count": 6})
    assert "annotations" not in one(monitor, DEPLOYMENT).inputs["metadata"]
    assert "replicas" not in one(monitor, DEPLOYMENT).inputs["spec"]  # the autoscaler's
    assert "pulumi.com/skipAwait" not in one(monitor, SERVICE).inputs["metadata"].get("annotations", {})


def test_a_job_without_an_image_is_suspended(monitor: RecordingMonitor) -> None:
    build(without_image(JOB), name="shop-nightly")
    assert one(monitor, CRON_JOB).inputs["spec"]["suspend"] is True
    monitor.registrations.clear()
    build(JOB, name="shop-nightly")
    assert "suspend" not in one(monitor, CRON_JOB).inputs["spec"]  # a deployed CronJob's spec is unchanged


# -- Pod Security "restricted", kube-score and checkov -------------------------------------------------------


@pytest.mark.parametrize("kind", ["web", "worker", "job"])
def test_pod_security_restricted_fields(monitor: RecordingMonitor, kind: str) -> None:
    build(KINDS[kind])
    spec = pod_spec(monitor, kind)
    pod = spec["securityContext"]
    assert pod["runAsNonRoot"] is True
    assert pod["runAsUser"] == 10001 and pod["runAsGroup"] == 10001 and pod["fsGroup"] == 10001
    assert pod["seccompProfile"] == {"type": "RuntimeDefault"}
    assert spec["hostNetwork"] is False and spec["hostPID"] is False and spec["hostIPC"] is False
    assert spec["automountServiceAccountToken"] is False
    assert spec["serviceAccountName"] == "shop-api"  # its own account, not "default" (CKV_K8S_41)
    assert spec["volumes"] == [{"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}}]  # no hostPath
    app = container(monitor, kind)
    security = app["securityContext"]
    assert security["allowPrivilegeEscalation"] is False
    assert security["privileged"] is False
    assert security["readOnlyRootFilesystem"] is True
    assert security["runAsNonRoot"] is True
    assert security["runAsUser"] == 10001 and security["runAsGroup"] == 10001
    assert security["capabilities"] == {"drop": ["ALL"]}  # nothing added
    assert security["seccompProfile"] == {"type": "RuntimeDefault"}
    assert app["volumeMounts"] == [{"name": "tmp", "mountPath": "/tmp"}]
    assert app["image"] == IMAGE and app["imagePullPolicy"] == "Always"
    account = one(monitor, ACCOUNT).inputs
    assert account["automountServiceAccountToken"] is False
    assert account["metadata"]["name"] == "shop-api"


def test_user_and_group_knobs(monitor: RecordingMonitor) -> None:
    build({**WEB, "run_as_user": 20000, "run_as_group": 30000})
    pod = pod_spec(monitor)["securityContext"]
    assert (pod["runAsUser"], pod["runAsGroup"], pod["fsGroup"]) == (20000, 30000, 30000)
    security = container(monitor)["securityContext"]
    assert (security["runAsUser"], security["runAsGroup"]) == (20000, 30000)


@pytest.mark.parametrize("kind", ["web", "worker", "job"])
def test_requests_equal_limits_by_default(monitor: RecordingMonitor, kind: str) -> None:
    build(KINDS[kind])
    resources = container(monitor, kind)["resources"]
    expected = {"cpu": "500m", "memory": "512Mi", "ephemeral-storage": "1Gi"}
    assert resources == {"requests": expected, "limits": expected}  # Guaranteed QoS


def test_requests_below_limits_and_storage(monitor: RecordingMonitor) -> None:
    build(
        {
            **WEB,
            "cpu": 2,
            "memory_gb": 1.5,
            "cpu_request": 0.25,
            "memory_request_gb": 1,
            "ephemeral_storage_gb": 4,
            "ephemeral_storage_request_gb": 0.5,
        }
    )
    assert container(monitor)["resources"] == {
        "requests": {"cpu": "250m", "memory": "1Gi", "ephemeral-storage": "512Mi"},
        "limits": {"cpu": "2", "memory": "1536Mi", "ephemeral-storage": "4Gi"},
    }
    assert pod_spec(monitor)["volumes"] == [{"name": "tmp", "emptyDir": {"sizeLimit": "4Gi"}}]


def test_pull_secrets_grace_period_and_no_service_links(monitor: RecordingMonitor) -> None:
    build({**WEB, "image_pull_secrets": ["ghcr"], "termination_grace_period_seconds": 60})
    spec = pod_spec(monitor)
    assert spec["imagePullSecrets"] == [{"name": "ghcr"}]
    assert spec["terminationGracePeriodSeconds"] == 60
    assert spec["enableServiceLinks"] is False and spec["restartPolicy"] == "Always"


def test_default_grace_period(monitor: RecordingMonitor) -> None:
    build(WEB)
    assert pod_spec(monitor)["terminationGracePeriodSeconds"] == 30
    assert "imagePullSecrets" not in pod_spec(monitor)


def test_digest_pinned_image(monitor: RecordingMonitor) -> None:
    image = "ghcr.io/shop/api@sha256:" + "a" * 64
    build({**WEB, "image": image})
    assert container(monitor)["image"] == image


# -- probes --------------------------------------------------------------------------------------------------


def test_probes_use_the_health_path_on_the_named_port(monitor: RecordingMonitor) -> None:
    build(WEB)
    app = container(monitor)
    assert app["ports"] == [{"name": "http", "containerPort": 8000, "protocol": "TCP"}]
    assert app["startupProbe"] == {
        "httpGet": {"path": "/health", "port": "http"},
        "periodSeconds": 5,
        "timeoutSeconds": 3,
        "failureThreshold": 60,  # 300 s to start
    }
    assert app["livenessProbe"] == {
        "httpGet": {"path": "/health", "port": "http"},
        "initialDelaySeconds": 0,
        "periodSeconds": 10,
        "timeoutSeconds": 5,
        "failureThreshold": 3,
    }
    assert app["readinessProbe"] == {
        "httpGet": {"path": "/health", "port": "http"},
        "periodSeconds": 5,
        "timeoutSeconds": 3,
        "failureThreshold": 3,
        "successThreshold": 1,
    }
    assert app["readinessProbe"] != app["livenessProbe"]


def test_distinct_readiness_path_and_probe_timing(monitor: RecordingMonitor) -> None:
    build(
        {
            **WEB,
            "health_path": "/livez",
            "readiness_path": "/readyz",
            "startup_timeout_seconds": 62,
            "liveness_initial_delay_seconds": 15,
        }
    )
    app = container(monitor)
    assert app["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert app["livenessProbe"]["httpGet"] == {"path": "/livez", "port": "http"}
    assert app["startupProbe"]["httpGet"] == {"path": "/livez", "port": "http"}
    assert app["startupProbe"]["failureThreshold"] == 13  # ceil(62 / 5)
    assert app["livenessProbe"]["initialDelaySeconds"] == 15


# -- replicas, autoscaler, disruption budget, spreading ------------------------------------------------------


def test_fixed_replicas_without_an_autoscaler(monitor: RecordingMonitor) -> None:
    build({**WEB, "min_count": 3, "max_count": 3})
    spec = one(monitor, DEPLOYMENT).inputs["spec"]
    assert spec["replicas"] == 3
    assert spec["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1},
    }
    assert spec["selector"] == {"matchLabels": SELECTOR}
    assert not of_type(monitor, HPA)


def test_default_is_two_fixed_replicas(monitor: RecordingMonitor) -> None:
    build(WEB)
    assert one(monitor, DEPLOYMENT).inputs["spec"]["replicas"] == 2
    assert not of_type(monitor, HPA)


def test_autoscaler_v2_on_cpu_and_no_replicas_field(monitor: RecordingMonitor) -> None:
    build({**WEB, "max_count": 10})
    assert "replicas" not in one(monitor, DEPLOYMENT).inputs["spec"]
    hpa = one(monitor, HPA).inputs
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["metadata"]["name"] == "shop-api"
    assert hpa["spec"] == {
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "shop-api"},
        "minReplicas": 2,
        "maxReplicas": 10,
        "metrics": [
            {
                "type": "Resource",
                "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}},
            }
        ],
    }


def test_autoscaler_with_memory_target(monitor: RecordingMonitor) -> None:
    build({**WORKER, "min_count": 1, "max_count": 4, "cpu_percent": 60, "memory_percent": 80})
    assert "replicas" not in one(monitor, DEPLOYMENT).inputs["spec"]
    metrics = one(monitor, HPA).inputs["spec"]["metrics"]
    assert [(m["resource"]["name"], m["resource"]["target"]["averageUtilization"]) for m in metrics] == [
        ("cpu", 60),
        ("memory", 80),
    ]


@pytest.mark.parametrize(
    ("args", "budget"),
    [
        ({**WEB, "min_count": 1}, False),
        ({**WEB, "min_count": 1, "max_count": 5}, False),
        ({**WEB, "min_count": 0}, False),
        ({**WEB, "min_count": 2}, True),
        ({**WEB, "min_count": 3, "max_count": 6}, True),
        ({**WORKER, "min_count": 1}, False),
        ({**WORKER, "min_count": 2}, True),
        (JOB, False),
    ],
)
def test_disruption_budget_only_with_two_or_more_replicas(
    monitor: RecordingMonitor, args: dict[str, Any], budget: bool
) -> None:
    build(args)
    budgets = of_type(monitor, PDB)
    assert bool(budgets) == budget
    if budget:
        (found,) = budgets
        assert found.inputs["apiVersion"] == "policy/v1"
        assert found.inputs["spec"] == {
            "maxUnavailable": 1,
            "selector": {"matchLabels": SELECTOR},
            "unhealthyPodEvictionPolicy": "AlwaysAllow",
        }


def test_zero_replicas_pause_the_service(monitor: RecordingMonitor) -> None:
    build({**WEB, "min_count": 0})
    assert one(monitor, DEPLOYMENT).inputs["spec"]["replicas"] == 0


def test_pods_spread_across_zones_and_nodes(monitor: RecordingMonitor) -> None:
    build(WEB)
    spec = pod_spec(monitor)
    spread = {"matchLabels": SELECTOR}
    assert spec["topologySpreadConstraints"] == [
        {
            "maxSkew": 1,
            "topologyKey": "topology.kubernetes.io/zone",
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": spread,
        },
        {
            "maxSkew": 1,
            "topologyKey": "kubernetes.io/hostname",
            "whenUnsatisfiable": "ScheduleAnyway",
            "labelSelector": spread,
        },
    ]
    assert spec["affinity"] == {
        "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {
                    "weight": 100,
                    "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname", "labelSelector": spread},
                }
            ]
        }
    }


# -- network policy ------------------------------------------------------------------------------------------


def policy_spec(monitor: RecordingMonitor) -> dict[str, Any]:
    policy = one(monitor, POLICY).inputs
    assert (
        policy["metadata"]["name"] == policy["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
    )
    return policy["spec"]


def test_internal_web_service_admits_its_own_namespace_only(monitor: RecordingMonitor) -> None:
    build(WEB)
    spec = policy_spec(monitor)
    assert spec["podSelector"] == {"matchLabels": SELECTOR}
    assert spec["policyTypes"] == ["Ingress", "Egress"]
    assert spec["ingress"] == [{"from": [{"podSelector": {}}], "ports": [{"protocol": "TCP", "port": 8000}]}]
    assert spec["egress"] == [DNS_EGRESS]
    # The pods start only once their policy exists.
    assert one(monitor, POLICY).urn in one(monitor, DEPLOYMENT).dependencies


def test_public_web_service_admits_the_ingress_controller_only(monitor: RecordingMonitor) -> None:
    build({**PUBLIC, "ingress_namespace": "traefik"})
    spec = policy_spec(monitor)
    assert spec["policyTypes"] == ["Ingress", "Egress"]
    assert spec["ingress"] == [
        {
            "from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "traefik"}}}],
            "ports": [{"protocol": "TCP", "port": 8000}],
        }
    ]
    assert spec["egress"] == [DNS_EGRESS]


@pytest.mark.parametrize("missing", ["ingress_class", "ingress_namespace"])
def test_your_own_controller_needs_its_class_and_namespace(monitor: RecordingMonitor, missing: str) -> None:
    """No default controller is assumed (ingress-nginx, the old default, was retired in March 2026): an
    Ingress nothing serves, or a NetworkPolicy admitting a namespace nothing runs in, is refused."""
    args = {key: value for key, value in PUBLIC.items() if key != missing}
    with pytest.raises(ValueError, match=f"^ContainerService {missing} is required with public and "):
        ContainerService("bad", cast(ContainerServiceArgs, args))
    assert monitor.registrations == {}


@pytest.mark.parametrize("kind", ["worker", "job"])
def test_workers_and_jobs_admit_nothing(monitor: RecordingMonitor, kind: str) -> None:
    build(KINDS[kind])
    spec = policy_spec(monitor)
    assert spec["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in spec  # Ingress isolated with no rule: nothing may connect
    assert spec["egress"] == [DNS_EGRESS]


def test_egress_to_given_networks_and_the_internet(monitor: RecordingMonitor) -> None:
    build(
        {
            **WORKER,
            "egress": [
                {"cidr": "10.20.0.0/24", "ports": [5432, 6379]},
                {"cidr": "10.30.0.3/32", "ports": [8125], "protocol": "UDP"},
            ],
            "internet_egress": True,
        }
    )
    assert policy_spec(monitor)["egress"] == [
        DNS_EGRESS,
        {
            "to": [{"ipBlock": {"cidr": "10.20.0.0/24"}}],
            "ports": [{"protocol": "TCP", "port": 5432}, {"protocol": "TCP", "port": 6379}],
        },
        {"to": [{"ipBlock": {"cidr": "10.30.0.3/32"}}], "ports": [{"protocol": "UDP", "port": 8125}]},
        {
            "to": [
                {
                    "ipBlock": {
                        "cidr": "0.0.0.0/0",
                        "except": ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"],
                    }
                }
            ],
            "ports": [{"protocol": "TCP", "port": 443}],
        },
    ]


def test_egress_cidr_from_an_output(monitor: RecordingMonitor) -> None:
    build({**WORKER, "egress": [{"cidr": pulumi.Output.from_input("10.40.0.0/16"), "ports": [5432]}]})
    assert policy_spec(monitor)["egress"][1]["to"] == [{"ipBlock": {"cidr": "10.40.0.0/16"}}]


def test_each_service_has_its_own_policy(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        ContainerService("shop-api", cast(ContainerServiceArgs, PUBLIC))
        ContainerService("shop-worker", cast(ContainerServiceArgs, WORKER))

    program()
    selected = sorted(
        r.inputs["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/instance"]
        for r in of_type(monitor, POLICY)
    )
    assert selected == ["shop-api", "shop-worker"]


# -- Service and Ingress -------------------------------------------------------------------------------------


def test_service_is_cluster_ip_on_port_80(monitor: RecordingMonitor) -> None:
    build(WEB)
    assert one(monitor, SERVICE).inputs["spec"] == {
        "type": "ClusterIP",
        "selector": SELECTOR,
        "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}],
    }
    assert not of_type(monitor, INGRESS)


def test_public_ingress_with_class_tls_and_issuer(monitor: RecordingMonitor) -> None:
    build({**PUBLIC, "paths": ["/", "/api"]})
    ingress = one(monitor, INGRESS).inputs
    assert ingress["apiVersion"] == "networking.k8s.io/v1"
    assert ingress["metadata"]["annotations"] == {"cert-manager.io/cluster-issuer": "letsencrypt"}
    backend = {"service": {"name": "shop-api", "port": {"number": 80}}}
    assert ingress["spec"] == {
        "ingressClassName": "traefik",
        "tls": [{"hosts": [HOST], "secretName": "shop-api-tls"}],
        "rules": [
            {
                "host": HOST,
                "http": {
                    "paths": [
                        {"path": "/", "pathType": "Prefix", "backend": backend},
                        {"path": "/api", "pathType": "Prefix", "backend": backend},
                    ]
                },
            }
        ],
    }


def test_ingress_class_and_issuer_knobs(monitor: RecordingMonitor) -> None:
    build({**PUBLIC, "ingress_class": "traefik", "cert_issuer": "letsencrypt-staging"})
    ingress = one(monitor, INGRESS).inputs
    assert ingress["spec"]["ingressClassName"] == "traefik"
    assert ingress["metadata"]["annotations"] == {"cert-manager.io/cluster-issuer": "letsencrypt-staging"}


def test_ingress_without_cert_manager(monitor: RecordingMonitor) -> None:
    build({**PUBLIC, "cert_issuer": None})
    ingress = one(monitor, INGRESS).inputs
    assert "annotations" not in ingress["metadata"]
    assert ingress["spec"]["tls"] == [{"hosts": [HOST], "secretName": "shop-api-tls"}]


def test_eks_auto_mode_ingress_uses_the_alb_class_and_auto_mode_annotations(
    monitor: RecordingMonitor,
) -> None:
    build({**ON_EKS, "health_path": "/healthz", "paths": ["/", "/api"]})
    ingress = one(monitor, INGRESS).inputs
    assert ingress["spec"]["ingressClassName"] == "alb"
    # Certificate, TLS policy and group come from the class's IngressClassParams: no TLS Secret, no
    # cert-manager, no group.name annotation (which Auto Mode does not support).
    assert "tls" not in ingress["spec"]
    assert ingress["metadata"]["annotations"] == {
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/healthcheck-path": "/healthz",
        "alb.ingress.kubernetes.io/success-codes": "200-399",
        "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
    }
    assert [p["path"] for p in ingress["spec"]["rules"][0]["http"]["paths"]] == ["/", "/api"]
    assert "annotations" not in one(monitor, SERVICE).inputs["metadata"]
    valid_objects(monitor)


WEB_ACL_ARN = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop-prod-eks-alb/0a1b2c3d-4e5f-6789-abcd"


@pytest.mark.parametrize("arn", [WEB_ACL_ARN, pulumi.Output.from_input(WEB_ACL_ARN)])
def test_eks_auto_mode_ingress_names_the_web_acl(monitor: RecordingMonitor, arn: Any) -> None:
    """EKS Auto Mode associates a WAF v2 web ACL with the ALB through the Ingress annotation only."""
    build({**ON_EKS, "web_acl_arn": arn})
    annotations = one(monitor, INGRESS).inputs["metadata"]["annotations"]
    assert annotations["alb.ingress.kubernetes.io/wafv2-acl-arn"] == WEB_ACL_ARN
    assert annotations["alb.ingress.kubernetes.io/target-type"] == "ip"  # the others stay
    valid_objects(monitor)


def test_eks_auto_mode_pods_admit_the_alb_subnets_only(monitor: RecordingMonitor) -> None:
    """Target type ip: the ALB's nodes in its subnets connect to the pod IPs, so the policy admits those
    networks, on the container port, and no namespace."""
    build(ON_EKS)
    assert policy_spec(monitor)["ingress"] == [
        {
            "from": [{"ipBlock": {"cidr": "10.20.0.0/24"}}, {"ipBlock": {"cidr": "10.20.1.0/24"}}],
            "ports": [{"protocol": "TCP", "port": 8000}],
        }
    ]


def test_eks_auto_mode_class_and_sources_from_outputs(monitor: RecordingMonitor) -> None:
    build(
        {
            **ON_EKS,
            "ingress_class": pulumi.Output.from_input("shop-alb"),
            "ingress_sources": pulumi.Output.from_input(["10.30.0.0/24"]),
        }
    )
    assert one(monitor, INGRESS).inputs["spec"]["ingressClassName"] == "shop-alb"
    assert policy_spec(monitor)["ingress"][0]["from"] == [{"ipBlock": {"cidr": "10.30.0.0/24"}}]


def test_gke_ingress_is_served_by_gce_with_its_certificate_redirect_and_health_check(
    monitor: RecordingMonitor,
) -> None:
    build({**ON_GKE, "health_path": "/healthz", "static_ip_name": "shop-api-ip", "ssl_policy": "shop-tls"})
    ingress = one(monitor, INGRESS)
    # GKE acts on the annotation (and ignores ingressClassName, which must then match it).
    assert ingress.inputs["spec"]["ingressClassName"] == "gce"
    assert ingress.inputs["metadata"]["annotations"] == {
        "kubernetes.io/ingress.class": "gce",
        "kubernetes.io/ingress.global-static-ip-name": "shop-api-ip",
        "networking.gke.io/managed-certificates": "shop-api",
        "networking.gke.io/v1beta1.FrontendConfig": "shop-api",
    }
    assert "tls" not in ingress.inputs["spec"]
    certificate = one(monitor, MANAGED_CERTIFICATE)
    assert certificate.inputs["metadata"]["name"] == "shop-api"
    assert certificate.inputs["spec"] == {"domains": [HOST]}
    frontend = one(monitor, FRONTEND_CONFIG)
    assert frontend.inputs["spec"] == {
        "redirectToHttps": {"enabled": True, "responseCodeName": "MOVED_PERMANENTLY_DEFAULT"},
        "sslPolicy": "shop-tls",
    }
    backend = one(monitor, BACKEND_CONFIG)
    assert backend.inputs["spec"]["healthCheck"] == {
        "type": "HTTP",
        "requestPath": "/healthz",
        "port": 8000,  # with NEGs the load balancer checks the pods themselves
        "checkIntervalSec": 10,
        "timeoutSec": 5,
        "healthyThreshold": 1,
        "unhealthyThreshold": 3,
    }
    service = one(monitor, SERVICE).inputs["metadata"]["annotations"]
    assert json.loads(service["cloud.google.com/neg"]) == {"ingress": True}
    assert json.loads(service["cloud.google.com/backend-config"]) == {"default": "shop-api"}
    assert {certificate.urn, frontend.urn, backend.urn} <= set(ingress.dependencies)
    objects = valid_objects(monitor)
    assert {
        "ManagedCertificate/shop/shop-api",
        "FrontendConfig/shop/shop-api",
        "BackendConfig/shop/shop-api",
    } <= set(objects)


def test_gke_pods_admit_google_front_ends_and_health_checkers(monitor: RecordingMonitor) -> None:
    build(ON_GKE)
    assert policy_spec(monitor)["ingress"] == [
        {
            "from": [{"ipBlock": {"cidr": "130.211.0.0/22"}}, {"ipBlock": {"cidr": "35.191.0.0/16"}}],
            "ports": [{"protocol": "TCP", "port": 8000}],
        }
    ]
    ingress = one(monitor, INGRESS).inputs
    assert "kubernetes.io/ingress.global-static-ip-name" not in ingress["metadata"]["annotations"]
    assert "sslPolicy" not in one(monitor, FRONTEND_CONFIG).inputs["spec"]


# -- settings and secrets ------------------------------------------------------------------------------------


@pytest.fixture
def api_key(monitor: RecordingMonitor) -> None:
    """The secret config value `stackyard:apiKey`, which the docstring example and the secrets test read
    (after the monitor fixture has reset the config)."""
    pulumi.runtime.set_all_config({"stackyard:apiKey": "example"}, ["stackyard:apiKey"])


@pytest.mark.usefixtures("api_key")
@pytest.mark.parametrize("kind", ["web", "worker", "job"])
def test_settings_in_a_config_map_and_secrets_only_by_reference(monitor: RecordingMonitor, kind: str) -> None:
    host = pulumi.Output.from_input("10.20.0.3")
    build(
        {
            **KINDS[kind],
            "environment": {"LOG_LEVEL": "info", "DATABASE_HOST": host},
            "secrets": {
                "DATABASE_PASSWORD": pulumi.Output.secret(SECRET_VALUE),
                "API_KEY": pulumi.Config().require_secret("apiKey"),
            },
        }
    )
    config_map = one(monitor, CONFIG_MAP).inputs
    assert config_map["metadata"]["name"] == "shop-api-config"
    assert config_map["data"] == {"LOG_LEVEL": "info", "DATABASE_HOST": "10.20.0.3"}
    secret = one(monitor, SECRET)
    assert secret.inputs["metadata"]["name"] == "shop-api-secrets" and secret.inputs["type"] == "Opaque"
    assert secret.inputs["stringData"] == SECRET_MASK  # masked in every recorded input
    assert secret.state["stringData"] == {"API_KEY": "example", "DATABASE_PASSWORD": SECRET_VALUE}

    app = container(monitor, kind)
    assert app["envFrom"] == [{"configMapRef": {"name": "shop-api-config"}}]
    assert app["env"] == [
        {"name": name, "valueFrom": {"secretKeyRef": {"name": "shop-api-secrets", "key": name}}}
        for name in ("API_KEY", "DATABASE_PASSWORD")
    ]
    assert all("value" not in entry for entry in app["env"])
    recorded = json.dumps([r.inputs for r in monitor.registrations.values()])
    assert SECRET_VALUE not in recorded and '"example"' not in recorded
    workload = one(monitor, WORKLOAD[kind])
    assert {one(monitor, CONFIG_MAP).urn, secret.urn} <= set(workload.dependencies)


def test_no_config_map_or_secret_without_values(monitor: RecordingMonitor) -> None:
    build(WEB)
    assert not of_type(monitor, CONFIG_MAP) and not of_type(monitor, SECRET)
    app = container(monitor)
    assert "env" not in app and "envFrom" not in app
    annotations = one(monitor, DEPLOYMENT).inputs["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {"kubectl.kubernetes.io/default-container": "app"}


def test_a_changed_setting_changes_the_pod_template(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        ContainerService(
            "shop-one", cast(ContainerServiceArgs, {**WORKER, "environment": {"LOG_LEVEL": "info"}})
        )
        ContainerService(
            "shop-two", cast(ContainerServiceArgs, {**WORKER, "environment": {"LOG_LEVEL": "debug"}})
        )
        ContainerService(
            "shop-three", cast(ContainerServiceArgs, {**WORKER, "environment": {"LOG_LEVEL": "info"}})
        )

    program()
    checksums = {
        r.name: r.inputs["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
        for r in of_type(monitor, DEPLOYMENT)
    }
    assert len(checksums["shop-one"]) == 64
    assert checksums["shop-one"] == checksums["shop-three"] != checksums["shop-two"]


def secrets_checksums(monitor: RecordingMonitor) -> dict[str, str]:
    return {
        r.name: r.inputs["spec"]["template"]["metadata"]["annotations"]["checksum/secrets"]
        for r in of_type(monitor, DEPLOYMENT)
    }


def test_a_changed_secret_rolls_the_pods_without_revealing_it(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        for name, value in (("shop-one", SECRET_VALUE), ("shop-two", SECRET_VALUE + "-rotated")):
            ContainerService(
                name,
                cast(
                    ContainerServiceArgs, {**WORKER, "secrets": {"DB_PASSWORD": pulumi.Output.secret(value)}}
                ),
            )

    program()
    checksums = secrets_checksums(monitor)
    assert set(checksums) == {"shop-one", "shop-two"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", c) for c in checksums.values())  # readable, not "[secret]"
    assert checksums["shop-one"] != checksums["shop-two"]
    # Not a plain hash of the values, which could be guessed offline: the key is each service's own
    # pulumi-random value.
    for value in (SECRET_VALUE, SECRET_VALUE + "-rotated"):
        for plain in (value, json.dumps({"DB_PASSWORD": value}, sort_keys=True)):
            assert hashlib.sha256(plain.encode()).hexdigest() not in checksums.values()
    keys = of_type(monitor, RANDOM_PASSWORD)
    assert sorted(k.name for k in keys) == ["shop-one-secrets-checksum-key", "shop-two-secrets-checksum-key"]
    assert all(
        k.inputs["length"] == 32 and k.parent.endswith("ContainerService::" + k.name[:8]) for k in keys
    )
    recorded = json.dumps([r.inputs for r in monitor.registrations.values()])
    assert SECRET_VALUE not in recorded


def test_the_secrets_checksum_is_the_keyed_hmac_of_every_name_and_value(monitor: RecordingMonitor) -> None:
    build({**WORKER, "secrets": {"B": pulumi.Output.secret("2"), "A": pulumi.Output.secret("1")}})
    key = one(monitor, RANDOM_PASSWORD).state["result"]
    expected = hmac.new(
        key.encode(), json.dumps({"A": "1", "B": "2"}, sort_keys=True).encode(), hashlib.sha256
    )
    assert secrets_checksums(monitor) == {"shop-api": expected.hexdigest()}


def test_no_secrets_checksum_without_secrets(monitor: RecordingMonitor) -> None:
    build({**WORKER, "environment": {"A": "b"}})
    assert not of_type(monitor, RANDOM_PASSWORD)
    annotations = one(monitor, DEPLOYMENT).inputs["spec"]["template"]["metadata"]["annotations"]
    assert "checksum/secrets" not in annotations and "checksum/config" in annotations


def test_entrypoint_and_command(monitor: RecordingMonitor) -> None:
    build({**WEB, "entrypoint": ["/bin/app"], "command": ["serve", "--port", "8000"]})
    app = container(monitor)
    assert app["command"] == ["/bin/app"] and app["args"] == ["serve", "--port", "8000"]


# -- names, labels, namespace, provider ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["web", "worker", "job"])
def test_explicit_names_namespace_and_labels_on_every_object(monitor: RecordingMonitor, kind: str) -> None:
    build(
        {
            **KINDS[kind],
            "environment": {"A": "b"},
            "labels": {"team": "payments", "example.com/tier": "backend"},
            "part_of": "shop",
        }
    )
    registrations = kubernetes_registrations(monitor)
    assert registrations
    for registration in registrations:
        metadata = registration.inputs["metadata"]
        assert metadata["name"] in ("shop-api", "shop-api-config"), registration.name
        assert metadata["namespace"] == "shop"
        assert metadata["labels"] == {
            "team": "payments",
            "example.com/tier": "backend",
            "app.kubernetes.io/name": "shop-api",
            "app.kubernetes.io/instance": "shop-api",
            "app.kubernetes.io/part-of": "shop",
            "app.kubernetes.io/managed-by": "stackyard",
            "app.kubernetes.io/component": kind,
        }
    template = one(monitor, WORKLOAD[kind]).inputs["spec"]
    template = template["jobTemplate"]["spec"]["template"] if kind == "job" else template["template"]
    assert template["metadata"]["labels"]["team"] == "payments"
    assert template["metadata"]["labels"]["app.kubernetes.io/part-of"] == "shop"
    valid_objects(monitor)


@pytest.mark.parametrize(("kind", "limit"), [("web", 63), ("job", 52)])
def test_long_names_are_shortened_stably(monitor: RecordingMonitor, kind: str, limit: int) -> None:
    name = "checkout-service-production-europe-west-nightly-reconciliation-job"
    out = build(KINDS[kind], name=name)
    names = {r.inputs["metadata"]["name"] for r in kubernetes_registrations(monitor)}
    base = out["deployment_name"]
    assert len(base) == limit and base.startswith("checkout-service-production")
    assert names <= {base, f"{base}-config", f"{base}-secrets"}
    assert out["service_account_name"] == base
    valid_objects(monitor)


def test_namespace_from_app_namespace(monitor: RecordingMonitor) -> None:
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        shop = AppNamespace("shop-prod", {})
        api = ContainerService("shop-api", cast(ContainerServiceArgs, {**WEB, "namespace": shop.namespace}))
        return pulumi.Output.all(api.namespace, api.service_host).apply(lambda v: resolved.update(values=v))

    program()
    assert resolved["values"] == ["shop-prod", "shop-api.shop-prod.svc.cluster.local"]
    namespace_urn = one(monitor, "kubernetes:core/v1:Namespace").urn
    for registration in kubernetes_registrations(monitor):
        if registration.parent == one(monitor, COMPONENT).urn:
            assert registration.inputs["metadata"]["namespace"] == "shop-prod"
            assert namespace_urn in registration.dependencies


def test_cluster_domain(monitor: RecordingMonitor) -> None:
    out = build({**WEB, "cluster_domain": "cluster.example"})
    assert out["service_host"] == "shop-api.shop.svc.cluster.example"


@pytest.mark.parametrize("kind", ["web", "worker", "job"])
def test_provider_reaches_every_object(monitor: RecordingMonitor, kind: str) -> None:
    @pulumi.runtime.test
    def program() -> None:
        cluster = k8s.Provider("cluster", kubeconfig="~/.kube/config")
        args = {**KINDS[kind], "environment": {"A": "b"}, "secrets": {"B": pulumi.Output.secret("c")}}
        if kind == "web":
            args.update(ON_GKE, max_count=3)  # GKE's custom resources get the provider too
        ContainerService(
            "shop-api", cast(ContainerServiceArgs, args), pulumi.ResourceOptions(provider=cluster)
        )

    program()
    (provider,) = of_type(monitor, "pulumi:providers:kubernetes")
    registrations = kubernetes_registrations(monitor)
    assert len(registrations) >= 5
    for registration in registrations:
        assert registration.provider.startswith(f"{provider.urn}::"), registration.name


# -- bad arguments -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"namespace": None}, "namespace None is not allowed"),
        ({"namespace": "default"}, "namespace 'default' is not allowed; use the application's own namespace"),
        ({"namespace": "kube-system"}, "namespace 'kube-system' is not allowed"),
        ({"namespace": "Shop"}, "namespace 'Shop' is not allowed; use a namespace name"),
        ({"image": "ghcr.io/shop/api"}, "image 'ghcr.io/shop/api' is not allowed; use a pinned"),
        ({"image": "ghcr.io/shop/api:latest"}, "image 'ghcr.io/shop/api:latest' is not allowed"),
        ({"image": "localhost:5000/api"}, "image 'localhost:5000/api' is not allowed"),
        ({"image": "ghcr.io/Shop/api:1"}, "image 'ghcr.io/Shop/api:1' is not allowed"),
        ({"image": "api:1 --privileged"}, "image 'api:1 --privileged' is not allowed"),
        ({"image_pull_secrets": "ghcr"}, "image_pull_secrets 'ghcr' is not allowed"),
        ({"port": 0}, "port 0 is not allowed; use 1-65535"),
        ({"port": 70000}, "port 70000 is not allowed"),
        ({"port": "8000"}, "port '8000' is not allowed"),
        ({"public": "yes"}, "public 'yes' is not allowed; use True or False"),
        ({"public": True}, "host is required with public"),
        ({"public": True, "host": "*.shop.example.com"}, "host '\\*.shop.example.com' is not allowed"),
        ({"public": True, "host": "API.shop.example.com"}, "host 'API.shop.example.com' is not allowed"),
        ({"public": True, "host": "localhost"}, "host 'localhost' is not allowed"),
        ({"host": HOST}, "host is not allowed without public"),
        ({"paths": ["/"]}, "paths is not allowed without public"),
        ({"cert_issuer": None}, "cert_issuer is not allowed without public"),
        ({"ingress_namespace": "x"}, "ingress_namespace is not allowed without public"),
        ({"ingress_class": "x"}, "ingress_class is not allowed without public"),
        ({"public": True, "host": HOST, "paths": ["api"]}, "paths \\['api'\\] is not allowed"),
        ({"public": True, "host": HOST, "paths": []}, "paths \\[\\] is not allowed"),
        ({**PUBLIC, "ingress_class": "Nginx"}, "ingress_class 'Nginx' is not allowed"),
        ({**PUBLIC, "cert_issuer": "Lets Encrypt"}, "cert_issuer 'Lets Encrypt' is not"),
        ({**PUBLIC, "ingress_namespace": "a.b"}, "ingress_namespace 'a.b' is not allowed"),
        ({**PUBLIC, "ingress_controller": "nginx"}, "ingress_controller 'nginx' is not allowed; use one of"),
        ({"ingress_controller": "gke"}, "ingress_controller is not allowed without public"),
        ({"ingress_sources": ALB_SOURCES}, "ingress_sources is not allowed without public"),
        (
            {**PUBLIC, "ingress_sources": ALB_SOURCES},
            "ingress_sources is not allowed with ingress_controller own",
        ),
        ({**PUBLIC, "static_ip_name": "ip"}, "static_ip_name is not allowed with ingress_controller own"),
        ({**ON_EKS, "ssl_policy": "tls"}, "ssl_policy is not allowed with ingress_controller eks-auto-mode"),
        ({**ON_EKS, "cert_issuer": "x"}, "cert_issuer is not allowed with ingress_controller eks-auto-mode"),
        (
            {**ON_GKE, "web_acl_arn": WEB_ACL_ARN},
            "web_acl_arn is not allowed with ingress_controller gke: it is for ingress_controller "
            "eks-auto-mode",
        ),
        ({**PUBLIC, "web_acl_arn": WEB_ACL_ARN}, "web_acl_arn is not allowed with ingress_controller own"),
        ({"web_acl_arn": WEB_ACL_ARN}, "web_acl_arn is not allowed without public"),
        (
            {**ON_EKS, "web_acl_arn": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/0a1b"},
            "web_acl_arn '.*global/webacl.*' is not allowed; use the ARN of a regional WAF v2 web ACL",
        ),
        ({**ON_EKS, "web_acl_arn": "shop-waf"}, "web_acl_arn 'shop-waf' is not allowed"),
        (
            {**ON_GKE, "ingress_namespace": "x"},
            "ingress_namespace is not allowed with ingress_controller gke",
        ),
        (
            {key: value for key, value in ON_EKS.items() if key != "ingress_sources"},
            "ingress_sources is required with ingress_controller eks-auto-mode",
        ),
        ({**ON_EKS, "ingress_sources": []}, "ingress_sources \\[\\] is not allowed"),
        ({**ON_EKS, "ingress_sources": ["0.0.0.0/0"]}, "ingress_sources \\['0.0.0.0/0'\\] is not allowed"),
        ({**ON_EKS, "ingress_sources": ["10.0.0.1/16"]}, "ingress_sources \\['10.0.0.1/16'\\] is not"),
        ({**ON_GKE, "ingress_class": "nginx"}, "ingress_class 'nginx' is not allowed; use gce"),
        ({**ON_GKE, "static_ip_name": "My IP"}, "static_ip_name 'My IP' is not allowed"),
        ({"health_path": "health"}, "health_path 'health' is not allowed; use a URL path starting with /"),
        ({"readiness_path": "/ready now"}, "readiness_path '/ready now' is not allowed"),
        ({"startup_timeout_seconds": 4}, "startup_timeout_seconds 4 is not allowed; use 5 to 3600"),
        ({"liveness_initial_delay_seconds": -1}, "liveness_initial_delay_seconds -1 is not allowed"),
        ({"cpu": 0}, "cpu 0 is not allowed; use 0.01 to 128"),
        ({"cpu": 0.0005}, "cpu 0.0005 is not allowed"),
        ({"cpu": True}, "cpu True is not allowed"),
        ({"memory_gb": 0}, "memory_gb 0 is not allowed"),
        ({"memory_gb": "1Gi"}, "memory_gb '1Gi' is not allowed"),
        ({"memory_gb": 1.0001}, "memory_gb 1.0001 is not allowed; use 0.0625 to 1024 \\(GiB in whole MiB\\)"),
        ({"cpu_request": 1}, "cpu_request 1 is not allowed; use at most cpu \\(0.5\\)"),
        (
            {"memory_gb": 1, "memory_request_gb": 2},
            "memory_request_gb 2 is not allowed; use at most memory_gb",
        ),
        ({"ephemeral_storage_gb": 0}, "ephemeral_storage_gb 0 is not allowed"),
        (
            {"ephemeral_storage_request_gb": 2},
            "ephemeral_storage_request_gb 2 is not allowed; use at most ephemeral_storage_gb \\(1\\)",
        ),
        ({"min_count": -1}, "min_count -1 is not allowed; use 0 to 1000"),
        ({"max_count": 1001}, "max_count 1001 is not allowed; use 0 to 1000"),
        ({"min_count": 3, "max_count": 2}, "max_count 2 is not allowed with min_count 3"),
        ({"min_count": 0, "max_count": 2}, "min_count 0 is not allowed with autoscaling"),
        ({"max_count": 4, "cpu_percent": 5}, "cpu_percent 5 is not allowed; use 10 to 95"),
        ({"max_count": 4, "cpu_percent": 96}, "cpu_percent 96 is not allowed; use 10 to 95"),
        ({"max_count": 4, "memory_percent": 99}, "memory_percent 99 is not allowed; use 10 to 95"),
        ({"environment": {"1X": "a"}}, "environment name '1X' is not allowed"),
        ({"environment": {"A": 1}}, "environment A is not allowed: its value is not a string"),
        ({"environment": ["A"]}, "environment \\['A'\\] is not allowed"),
        (
            {"secrets": {"DB_PASSWORD": "plain"}},
            "secrets DB_PASSWORD is not allowed: its value is not an Output",
        ),
        ({"secrets": {"bad-name": "x"}}, "secrets name 'bad-name' is not allowed"),
        ({"command": "celery worker"}, "command 'celery worker' is not allowed; use a non-empty list"),
        ({"entrypoint": []}, "entrypoint \\[\\] is not allowed"),
        ({"timeout_seconds": 60}, "timeout_seconds is not allowed without schedule"),
        ({"max_retries": 1}, "max_retries is not allowed without schedule"),
        ({"egress": {"cidr": "10.0.0.0/8"}}, "egress \\{'cidr': '10.0.0.0/8'\\} is not allowed"),
        ({"egress": [{"cidr": "10.0.0.0/8"}]}, "egress ports None is not allowed"),
        ({"egress": [{"cidr": "10.0.0.1/8", "ports": [1]}]}, "egress cidr '10.0.0.1/8' is not allowed"),
        ({"egress": [{"cidr": "10.0.0.300/32", "ports": [1]}]}, "egress cidr '10.0.0.300/32' is not allowed"),
        ({"egress": [{"cidr": "0.0.0.0/0", "ports": [443]}]}, "egress cidr '0.0.0.0/0' is not allowed"),
        ({"egress": [{"cidr": "10.0.0.0/8", "ports": [0]}]}, "egress ports \\[0\\] is not allowed"),
        ({"egress": [{"cidr": "10.0.0.0/8", "ports": []}]}, "egress ports \\[\\] is not allowed"),
        (
            {"egress": [{"cidr": "10.0.0.0/8", "ports": [1], "protocol": "ICMP"}]},
            "egress\\[0\\].protocol 'ICMP'",
        ),
        (
            {"egress": [{"cidr": "10.0.0.0/8", "ports": [1], "to": "x"}]},
            "`egress\\[0\\].to` is not an argument of ContainerService; use one of cidr, ports, protocol",
        ),
        ({"internet_egress": 1}, "internet_egress 1 is not allowed; use True or False"),
        ({"run_as_user": 0}, "run_as_user 0 is not allowed; use 10001 to 2147483647"),
        ({"run_as_user": 1000}, "run_as_user 1000 is not allowed"),
        ({"run_as_group": 10000}, "run_as_group 10000 is not allowed"),
        ({"termination_grace_period_seconds": 0}, "termination_grace_period_seconds 0 is not allowed"),
        ({"cluster_domain": "Cluster Local"}, "cluster_domain 'Cluster Local' is not allowed"),
        ({"labels": {"team": "a b"}}, "labels \\{'team': 'a b'\\} is not allowed"),
        ({"labels": {"-team": "a"}}, "labels \\{'-team': 'a'\\} is not allowed"),
        ({"labels": {"app.kubernetes.io/name": "x"}}, "labels 'app.kubernetes.io/name' is not allowed"),
        ({"labels": {"kubernetes.io/team": "x"}}, "labels 'kubernetes.io/team' is not allowed"),
        ({"labels": ["team"]}, "labels \\['team'\\] is not allowed"),
        ({"part_of": "my shop"}, "part_of 'my shop' is not allowed"),
    ],
)
def test_bad_web_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^ContainerService:? {message}"):
        ContainerService("bad", cast(ContainerServiceArgs, {**WEB, **args}))
    assert monitor.registrations == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({**JOB, "schedule": "0 3 * *"}, "schedule '0 3 \\* \\*' is not allowed; use 5 fields"),
        ({**JOB, "schedule": "61 3 * * *"}, "schedule .* '61' is not a valid minute"),
        ({**JOB, "schedule": 300}, "schedule 300 is not allowed"),
        ({**JOB, "port": 8000}, "port is not allowed with schedule"),
        ({**JOB, "min_count": 1}, "min_count is not allowed with schedule"),
        ({**JOB, "max_count": 2}, "max_count is not allowed with schedule"),
        ({**JOB, "cpu_percent": 50}, "cpu_percent is not allowed with schedule"),
        ({**JOB, "timeout_seconds": 0}, "timeout_seconds 0 is not allowed; use 1 to 86400"),
        ({**JOB, "max_retries": 11}, "max_retries 11 is not allowed; use 0 to 10"),
        ({**WORKER, "public": True}, "public is not allowed without port"),
        ({**WORKER, "health_path": "/health"}, "health_path is not allowed without port"),
        ({**WORKER, "readiness_path": "/ready"}, "readiness_path is not allowed without port"),
        ({**WORKER, "host": HOST}, "host is not allowed without port"),
        ({**JOB, "startup_timeout_seconds": 60}, "startup_timeout_seconds is not allowed without port"),
    ],
)
def test_bad_worker_and_job_arguments_raise_clear_errors(
    monitor: RecordingMonitor, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^ContainerService {message}"):
        ContainerService("bad", cast(ContainerServiceArgs, args))
    assert monitor.registrations == {}


def test_missing_arguments_are_refused(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match=r"^ContainerService namespace None is not allowed"):
        ContainerService("bad", cast(ContainerServiceArgs, {"image": IMAGE}))
    assert monitor.registrations == {}


# -- the docstring example -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("api_key")
def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    run_docstring_example(ContainerService)
    assert len(of_type(monitor, COMPONENT)) == 3
    objects = valid_objects(monitor)
    assert "Ingress/shop/shop-api" in objects and "HorizontalPodAutoscaler/shop/shop-api" in objects
    assert "Deployment/shop/shop-worker" in objects and "CronJob/shop/shop-nightly" in objects
    api = objects["Deployment/shop/shop-api"]["spec"]["template"]["spec"]["containers"][0]
    assert api["readinessProbe"]["httpGet"]["path"] == "/ready" != api["livenessProbe"]["httpGet"]["path"]
