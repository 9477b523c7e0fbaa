"""The Kubernetes rules (policy/stackyard_policy/kubernetes/): one passing and one failing case per rule,
the details that decide them (containers of every kind, pod-level settings, unknown values, selectors),
and every stack file and blueprint free of MANDATORY violations."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from stackyard_policy import MANDATORY, Resource, evaluate
from stackyard_policy.kubernetes import (
    CONFIG_MAP,
    CRON_JOB,
    DAEMON_SET,
    DEPLOYMENT,
    HPA,
    INGRESS,
    INGRESS_CLASS,
    JOB,
    NAMESPACE,
    NETWORK_POLICY,
    PDB,
    POD,
    REPLICA_SET,
    REPLICATION_CONTROLLER,
    RULES,
    SERVICE,
    SERVICE_ACCOUNT,
    STATEFUL_SET,
    WORKLOADS,
    pod_spec,
    secret_like,
)
from tests.conftest import plan_of
from tests.helpers.released import released
from tests.policy import STACK_FILES, resource, stack_resources

BY_NAME = {r.name: r for r in RULES}
DELETE = object()
SELECTOR = {"app.kubernetes.io/name": "shop-api", "app.kubernetes.io/instance": "shop-api"}
POD_LABELS = {**SELECTOR, "app.kubernetes.io/part-of": "shop", "environment": "prod"}
DIGEST = "sha256:" + "a" * 64


# -- builders: a compliant Deployment like components.k8s.ContainerService renders, then one change --------


def _changed(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if value is DELETE:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def security(**changes: Any) -> dict[str, Any]:
    """A container securityContext meeting Pod Security restricted and kube-score."""
    base = {
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "runAsUser": 10001,
        "runAsGroup": 10001,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    return _changed(base, changes)


def pod_security(**changes: Any) -> dict[str, Any]:
    base = {
        "runAsNonRoot": True,
        "runAsUser": 10001,
        "runAsGroup": 10001,
        "fsGroup": 10001,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    return _changed(base, changes)


def container(**changes: Any) -> dict[str, Any]:
    base = {
        "name": "app",
        "image": f"ghcr.io/shop/api:1.4.2@{DIGEST}",
        "imagePullPolicy": "Always",
        "ports": [{"name": "http", "containerPort": 8000, "protocol": "TCP"}],
        "resources": {
            "requests": {"cpu": "500m", "memory": "512Mi", "ephemeral-storage": "1Gi"},
            "limits": {"cpu": "500m", "memory": "512Mi", "ephemeral-storage": "1Gi"},
        },
        "securityContext": security(),
        "livenessProbe": {"httpGet": {"path": "/health", "port": "http"}, "periodSeconds": 10},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}, "periodSeconds": 5},
        "envFrom": [{"configMapRef": {"name": "shop-api-config"}}],
        "env": [
            {
                "name": "DATABASE_PASSWORD",
                "valueFrom": {"secretKeyRef": {"name": "shop-api-secrets", "key": "DATABASE_PASSWORD"}},
            }
        ],
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    return _changed(base, changes)


def worker_container(**changes: Any) -> dict[str, Any]:
    """A container without ports (a worker or a job), so without probes."""
    return container(ports=DELETE, livenessProbe=DELETE, readinessProbe=DELETE, **changes)


def spec(**changes: Any) -> dict[str, Any]:
    """A pod spec."""
    base = {
        "serviceAccountName": "shop-api",
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "hostNetwork": False,
        "hostPID": False,
        "hostIPC": False,
        "securityContext": pod_security(),
        "containers": [container()],
        "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}}],
    }
    return _changed(base, changes)


def metadata(name: str = "shop-api", namespace: Any = "shop", environment: str = "prod") -> dict[str, Any]:
    result: dict[str, Any] = {"name": name, "labels": {**POD_LABELS, "environment": environment}}
    if namespace is not DELETE:
        result["namespace"] = namespace
    return result


def deployment(
    pod: dict[str, Any] | None = None,
    replicas: Any = 2,
    labels: Any = None,
    name: str = "shop-api",
    namespace: Any = "shop",
    environment: str = "prod",
    kind: str = "Deployment",
) -> Resource:
    body: dict[str, Any] = {
        "selector": {"matchLabels": SELECTOR},
        "template": {"metadata": {"labels": POD_LABELS if labels is None else labels}, "spec": pod or spec()},
    }
    if replicas is not DELETE:
        body["replicas"] = replicas
    type_ = STATEFUL_SET if kind == "StatefulSet" else DEPLOYMENT
    inputs = {
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": metadata(name, namespace, environment),
        "spec": body,
    }
    return resource(type_, inputs, name)


def cron_job(pod: dict[str, Any] | None = None) -> Resource:
    template = {"metadata": {"labels": POD_LABELS}, "spec": pod or spec(containers=[worker_container()])}
    inputs = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": metadata("shop-nightly"),
        "spec": {"schedule": "30 2 * * *", "jobTemplate": {"spec": {"template": template}}},
    }
    return resource(CRON_JOB, inputs, "shop-nightly")


def bare_pod() -> Resource:
    inputs = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {**metadata(), "labels": POD_LABELS},
        "spec": spec(),
    }
    return resource(POD, inputs, "shop-api-pod")


def pdb(selector: Any = None, namespace: str = "shop", **budget: Any) -> Resource:
    body = {"selector": {"matchLabels": SELECTOR} if selector is None else selector, **budget}
    if not budget:
        body["maxUnavailable"] = 1
    inputs = {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": metadata(namespace=namespace),
    }
    return resource(PDB, {**inputs, "spec": body}, "shop-api-budget")


def network_policy(
    pod_selector: Any = None,
    types: Any = ("Ingress", "Egress"),
    name: str = "shop-api",
    namespace: str = "shop",
) -> Resource:
    body: dict[str, Any] = {
        "podSelector": {"matchLabels": SELECTOR} if pod_selector is None else pod_selector
    }
    if types is not DELETE:
        body["policyTypes"] = list(types)
    inputs = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": metadata(name, namespace),
    }
    return resource(NETWORK_POLICY, {**inputs, "spec": body}, f"{name}-network")


DEFAULT_DENY = network_policy(pod_selector={}, name="default-deny")


def hpa(target: str = "shop-api", min_replicas: Any = 2, kind: str = "Deployment") -> Resource:
    body: dict[str, Any] = {
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": target},
        "maxReplicas": 10,
        "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization"}}}],
    }
    if min_replicas is not DELETE:
        body["minReplicas"] = min_replicas
    inputs = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": metadata()}
    return resource(HPA, {**inputs, "spec": body}, "shop-api-autoscaler")


def service_account(**changes: Any) -> Resource:
    inputs = _changed(
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": metadata(),
            "automountServiceAccountToken": False,
        },
        changes,
    )
    return resource(SERVICE_ACCOUNT, inputs, "shop-api-sa")


def service(service_type: str = "ClusterIP") -> Resource:
    body = {
        "type": service_type,
        "selector": SELECTOR,
        "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
    }
    return resource(
        SERVICE, {"apiVersion": "v1", "kind": "Service", "metadata": metadata(), "spec": body}, "svc"
    )


ALB_CLASS = resource(
    INGRESS_CLASS,
    {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IngressClass",
        "metadata": {"name": "alb"},
        "spec": {
            "controller": "eks.amazonaws.com/alb",
            "parameters": {"apiGroup": "eks.amazonaws.com", "kind": "IngressClassParams", "name": "alb"},
        },
    },
    "shop-ingress-class",
)
WEB_ACL_ARN = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop-prod-eks-alb/0a1b2c3d"


def alb_ingress(
    web_acl_arn: Any = WEB_ACL_ARN,
    class_name: Any = "alb",
    environment: str = "prod",
    name: str = "shop-api",
    depends_on: tuple[Resource, ...] = (ALB_CLASS,),
) -> Resource:
    """An Ingress as ContainerService renders it for EKS Auto Mode (`web_acl_arn` DELETE: none)."""
    annotations = {
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
    }
    if web_acl_arn is not DELETE:
        annotations["alb.ingress.kubernetes.io/wafv2-acl-arn"] = web_acl_arn
    body = {
        "ingressClassName": class_name,
        "rules": [{"host": "api.shop.example.com", "http": {"paths": []}}],
    }
    inputs = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {**metadata(name, environment=environment), "annotations": annotations},
        "spec": body,
    }
    return resource(INGRESS, inputs, f"{name}-ingress", depends_on=depends_on)


def config_map(data: Any) -> Resource:
    inputs = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata("shop-api-config"), "data": data}
    return resource(CONFIG_MAP, inputs, "shop-api-config")


def namespace(enforce: str | None = "restricted") -> Resource:
    labels = {"app.kubernetes.io/managed-by": "stackyard", "environment": "prod"}
    if enforce is not None:
        labels["pod-security.kubernetes.io/enforce"] = enforce
    inputs = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": labels}}
    return resource(NAMESPACE, inputs, "shop")


def with_container(**changes: Any) -> Resource:
    """A Deployment whose one container has `changes`."""
    return deployment(spec(containers=[container(**changes)]))


def with_security(**changes: Any) -> Resource:
    return with_container(securityContext=security(**changes))


def with_init(**changes: Any) -> Resource:
    """A Deployment with an init container that has `changes`."""
    init = worker_container(name="migrate", **changes)
    return deployment(spec(initContainers=[init]))


# -- one passing and one failing case per rule -------------------------------------------------------------

COMPLIANT = [deployment(), pdb(), DEFAULT_DENY, network_policy(), service_account(), service(), namespace()]

CASES: dict[str, tuple[list[Resource], list[Resource]]] = {
    "kubernetes-pod-run-as-non-root": (
        [
            deployment(
                spec(
                    securityContext=pod_security(),
                    containers=[container(securityContext=security(runAsNonRoot=DELETE))],
                )
            )
        ],
        [
            deployment(
                spec(
                    securityContext=pod_security(runAsNonRoot=DELETE),
                    containers=[container(securityContext=security(runAsNonRoot=DELETE))],
                )
            )
        ],
    ),
    "kubernetes-pod-run-as-user-not-root": ([deployment()], [with_security(runAsUser=0)]),
    "kubernetes-container-no-privilege-escalation": (
        [with_init()],
        [with_init(securityContext=security(allowPrivilegeEscalation=DELETE))],
    ),
    "kubernetes-container-drop-all-capabilities": (
        [with_security(capabilities={"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]})],
        [with_security(capabilities={"drop": ["ALL"], "add": ["SYS_ADMIN"]})],
    ),
    "kubernetes-pod-seccomp-profile": (
        [with_security(seccompProfile=DELETE)],
        [
            deployment(
                spec(
                    securityContext=pod_security(seccompProfile=DELETE),
                    containers=[container(securityContext=security(seccompProfile=DELETE))],
                )
            )
        ],
    ),
    "kubernetes-container-not-privileged": ([deployment()], [with_security(privileged=True)]),
    "kubernetes-pod-no-host-namespaces": ([deployment()], [deployment(spec(hostNetwork=True))]),
    "kubernetes-pod-no-host-ports": (
        [deployment()],
        [with_container(ports=[{"name": "http", "containerPort": 8000, "hostPort": 8000}])],
    ),
    "kubernetes-pod-restricted-volume-types": (
        [deployment(spec(volumes=[{"name": "settings", "configMap": {"name": "shop-api-config"}}]))],
        [deployment(spec(volumes=[{"name": "docker", "hostPath": {"path": "/var/run/docker.sock"}}]))],
    ),
    "kubernetes-pod-baseline-security-options": (
        [
            deployment(
                spec(
                    securityContext=pod_security(
                        sysctls=[{"name": "net.ipv4.tcp_keepalive_time", "value": "60"}]
                    )
                )
            )
        ],
        [
            deployment(
                spec(securityContext=pod_security(sysctls=[{"name": "kernel.msgmax", "value": "65536"}]))
            )
        ],
    ),
    "kubernetes-container-resources": (
        [deployment()],
        [
            with_container(
                resources={"requests": {"cpu": "500m", "memory": "512Mi"}, "limits": {"memory": "512Mi"}}
            )
        ],
    ),
    "kubernetes-container-ephemeral-storage": (
        [deployment()],
        [
            with_container(
                resources={"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}}
            )
        ],
    ),
    "kubernetes-container-probes": ([deployment()], [with_container(readinessProbe=DELETE)]),
    "kubernetes-container-probes-differ": (
        [deployment()],
        [with_container(readinessProbe={"httpGet": {"path": "/health", "port": "http"}, "periodSeconds": 5})],
    ),
    "kubernetes-container-read-only-root-filesystem": (
        [deployment()],
        [with_security(readOnlyRootFilesystem=False)],
    ),
    "kubernetes-container-high-user-id": ([deployment()], [with_security(runAsUser=1000)]),
    "kubernetes-container-image-pinned": (
        [with_container(image=f"ghcr.io/shop/api@{DIGEST}")],
        [with_container(image="ghcr.io/shop/api:latest")],
    ),
    "kubernetes-container-image-digest": (
        [deployment()],
        [with_container(image="ghcr.io/shop/api:1.4.2")],
    ),
    "kubernetes-container-image-pull-always": (
        [deployment()],
        [with_container(imagePullPolicy="IfNotPresent")],
    ),
    "kubernetes-container-no-secret-env": (
        [with_container(env=[{"name": "LOG_LEVEL", "value": "info"}])],
        [with_container(env=[{"name": "DATABASE_PASSWORD", "value": "[secret]"}])],
    ),
    "kubernetes-configmap-no-secrets": (
        [config_map({"LOG_LEVEL": "info", "JWT_EXPIRATION": "15m", "REFRESH_TOKEN_EXPIRATION": "7d"})],
        [config_map({"LOG_LEVEL": "info", "STRIPE_API_KEY": "sk_live_example"})],
    ),
    "kubernetes-not-default-namespace": ([deployment()], [deployment(namespace="default")]),
    "kubernetes-pod-not-default-service-account": (
        [deployment()],
        [deployment(spec(serviceAccountName="default"))],
    ),
    "kubernetes-service-account-token-not-mounted": (
        [deployment(spec(automountServiceAccountToken=DELETE)), service_account()],
        [
            deployment(spec(automountServiceAccountToken=DELETE)),
            service_account(automountServiceAccountToken=DELETE),
        ],
    ),
    "kubernetes-no-bare-pod": ([deployment()], [bare_pod()]),
    "kubernetes-service-cluster-ip": ([service()], [service("LoadBalancer")]),
    "kubernetes-pdb-allows-disruption": ([pdb()], [pdb(maxUnavailable=0)]),
    "kubernetes-namespace-pod-security-enforced": ([namespace()], [namespace("baseline")]),
    "kubernetes-deployment-disruption-budget": (
        [deployment(replicas=DELETE), hpa(min_replicas=3), pdb()],
        [deployment(replicas=DELETE), hpa(min_replicas=3), pdb(selector={"matchLabels": {"app": "other"}})],
    ),
    "kubernetes-workload-network-policy": (
        [deployment(), DEFAULT_DENY],
        [deployment(), network_policy(types=["Ingress"])],
    ),
    "kubernetes-hpa-target-no-replicas": (
        [deployment(replicas=DELETE), hpa()],
        [deployment(replicas=3), hpa()],
    ),
    "kubernetes-deployment-min-replicas": ([deployment(replicas=2)], [deployment(replicas=1)]),
    "kubernetes-eks-alb-waf-prod": ([ALB_CLASS, alb_ingress()], [ALB_CLASS, alb_ingress(DELETE)]),
}


def violations(resources: list[Resource], rule_name: str) -> list[str]:
    return [v.message for v in evaluate(resources, [BY_NAME[rule_name]])]


def test_every_rule_has_a_case() -> None:
    assert sorted(CASES) == sorted(BY_NAME)


@pytest.mark.parametrize("rule_name", sorted(CASES))
def test_passing_case_passes(rule_name: str) -> None:
    assert violations(CASES[rule_name][0], rule_name) == []


@pytest.mark.parametrize("rule_name", sorted(CASES))
def test_failing_case_fails_with_a_message(rule_name: str) -> None:
    messages = violations(CASES[rule_name][1], rule_name)
    assert messages and all(messages)


def test_compliant_objects_break_no_rule() -> None:
    assert evaluate(COMPLIANT, RULES) == []


def test_rules_are_named_and_explained() -> None:
    assert len(RULES) >= 12
    assert len(BY_NAME) == len(RULES), "rule names are unique"
    for rule_ in RULES:
        assert re.fullmatch(r"kubernetes(-[a-z0-9]+)+", rule_.name), rule_.name
        assert rule_.types and all(t.startswith("kubernetes:") for t in rule_.types), rule_.name
        assert (rule_.check is None) != (rule_.check_stack is None), rule_.name
        for text in (rule_.reason, rule_.fix):
            assert text and "\n" not in text, rule_.name
        assert re.search(r"Pod Security|kube-score|checkov|CKV_|CRP|cdk-nag", rule_.reason), rule_.name


# -- the pod spec of each workload kind --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "kind", "wrap"),
    [
        (POD, "Pod", lambda s: s),
        (DEPLOYMENT, "Deployment", lambda s: {"template": {"spec": s}}),
        (STATEFUL_SET, "StatefulSet", lambda s: {"template": {"spec": s}}),
        (DAEMON_SET, "DaemonSet", lambda s: {"template": {"spec": s}}),
        (REPLICA_SET, "ReplicaSet", lambda s: {"template": {"spec": s}}),
        (REPLICATION_CONTROLLER, "ReplicationController", lambda s: {"template": {"spec": s}}),
        (JOB, "Job", lambda s: {"template": {"spec": s}}),
        (CRON_JOB, "CronJob", lambda s: {"jobTemplate": {"spec": {"template": {"spec": s}}}}),
    ],
)
def test_pod_spec_of_each_workload_kind(type_: str, kind: str, wrap: Any) -> None:
    body = spec(hostPID=True)
    workload = resource(type_, {"kind": kind, "metadata": metadata(), "spec": wrap(body)})
    assert pod_spec(workload) == body
    assert violations([workload], "kubernetes-pod-no-host-namespaces") == ["hostPID is true"]


def test_pod_spec_is_none_for_other_types_and_unknown_templates() -> None:
    assert pod_spec(service()) is None
    assert pod_spec(resource(DEPLOYMENT, {"spec": {"template": "[unknown]"}})) is None
    assert set(WORKLOADS) == {
        POD,
        DEPLOYMENT,
        STATEFUL_SET,
        DAEMON_SET,
        REPLICA_SET,
        REPLICATION_CONTROLLER,
        JOB,
        CRON_JOB,
    }


def test_cron_job_containers_are_checked() -> None:
    job = cron_job(
        spec(containers=[worker_container(securityContext=security(allowPrivilegeEscalation=True))])
    )
    assert violations([job], "kubernetes-container-no-privilege-escalation") == [
        'container "app" sets allowPrivilegeEscalation: true'
    ]
    assert evaluate([cron_job(), DEFAULT_DENY, service_account()], RULES) == []


# -- Pod Security details ----------------------------------------------------------------------------------


def test_run_as_non_root_on_the_pod_covers_containers_and_false_anywhere_fails() -> None:
    only_pod = spec(containers=[container(securityContext=security(runAsNonRoot=DELETE))])
    assert violations([deployment(only_pod)], "kubernetes-pod-run-as-non-root") == []
    only_containers = spec(securityContext=pod_security(runAsNonRoot=DELETE))
    assert violations([deployment(only_containers)], "kubernetes-pod-run-as-non-root") == []
    overridden = spec(containers=[container(securityContext=security(runAsNonRoot=False))])
    assert violations([deployment(overridden)], "kubernetes-pod-run-as-non-root") == [
        'container "app" sets runAsNonRoot: false'
    ]


def test_init_containers_need_run_as_non_root_too() -> None:
    body = spec(
        securityContext=pod_security(runAsNonRoot=DELETE),
        initContainers=[worker_container(name="migrate", securityContext=security(runAsNonRoot=DELETE))],
    )
    assert violations([deployment(body)], "kubernetes-pod-run-as-non-root") == [
        'init container "migrate" may run as root: runAsNonRoot is not true on it or on the pod'
    ]


def test_user_namespaces_waive_the_root_rules() -> None:
    body = spec(
        hostUsers=False,
        securityContext=pod_security(runAsNonRoot=DELETE, runAsUser=0),
        containers=[container(securityContext=security(runAsNonRoot=DELETE, runAsUser=DELETE))],
    )
    assert violations([deployment(body)], "kubernetes-pod-run-as-non-root") == []
    assert violations([deployment(body)], "kubernetes-pod-run-as-user-not-root") == []
    body["hostUsers"] = True
    assert violations([deployment(body)], "kubernetes-pod-run-as-user-not-root") == [
        "the pod sets runAsUser: 0"
    ]


def test_capabilities_must_drop_all_explicitly() -> None:
    assert violations(
        [with_security(capabilities={"drop": ["NET_RAW"]})], "kubernetes-container-drop-all-capabilities"
    ) == ['container "app" does not drop ALL capabilities']
    assert violations([with_security(capabilities=DELETE)], "kubernetes-container-drop-all-capabilities")


def test_seccomp_unconfined_on_a_container_fails_even_with_the_pod_default() -> None:
    unconfined = with_security(seccompProfile={"type": "Unconfined"})
    assert violations([unconfined], "kubernetes-pod-seccomp-profile") == [
        'container "app" sets seccompProfile "Unconfined"'
    ]
    localhost = with_security(seccompProfile={"type": "Localhost", "localhostProfile": "profiles/app.json"})
    assert violations([localhost], "kubernetes-pod-seccomp-profile") == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seLinuxOptions": {"type": "spc_t"}}, 'container "app" sets SELinux type spc_t'),
        ({"seLinuxOptions": {"user": "system_u"}}, 'container "app" sets a SELinux user'),
        ({"appArmorProfile": {"type": "Unconfined"}}, 'container "app" sets AppArmor profile Unconfined'),
        ({"procMount": "Unmasked"}, 'container "app" sets procMount Unmasked'),
        ({"windowsOptions": {"hostProcess": True}}, 'container "app" is a Windows HostProcess'),
    ],
)
def test_baseline_security_options(changes: dict[str, Any], message: str) -> None:
    assert violations([with_security(**changes)], "kubernetes-pod-baseline-security-options") == [message]


def test_apparmor_annotation_unconfined_fails() -> None:
    workload = deployment()
    template = workload.inputs["spec"]["template"]
    template["metadata"]["annotations"] = {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}
    assert violations([workload], "kubernetes-pod-baseline-security-options") == [
        "annotation container.apparmor.security.beta.kubernetes.io/app is unconfined"
    ]
    template["metadata"]["annotations"] = {
        "container.apparmor.security.beta.kubernetes.io/app": "localhost/app"
    }
    assert violations([workload], "kubernetes-pod-baseline-security-options") == []


# -- unknown values make rules pass; absent ones take the Kubernetes default -------------------------------


@pytest.mark.parametrize(
    ("rule_name", "workload"),
    [
        ("kubernetes-pod-run-as-non-root", with_container(securityContext="[unknown]")),
        ("kubernetes-container-no-privilege-escalation", with_security(allowPrivilegeEscalation="[unknown]")),
        ("kubernetes-container-drop-all-capabilities", with_security(capabilities=None)),
        ("kubernetes-container-resources", with_container(resources="[unknown]")),
        ("kubernetes-container-image-pinned", with_container(image="[unknown]")),
        ("kubernetes-not-default-namespace", deployment(namespace="[unknown]")),
        (
            "kubernetes-pod-seccomp-profile",
            deployment(
                spec(
                    securityContext="[unknown]",
                    containers=[container(securityContext=security(seccompProfile=DELETE))],
                )
            ),
        ),
    ],
)
def test_unknown_values_pass(rule_name: str, workload: Resource) -> None:
    assert violations([workload], rule_name) == []


def test_absent_namespace_is_the_default_namespace() -> None:
    assert violations([deployment(namespace=DELETE)], "kubernetes-not-default-namespace") == [
        "no metadata.namespace: it goes to the provider's namespace, default unless configured"
    ]
    assert violations([deployment(namespace="kube-system")], "kubernetes-not-default-namespace")


def test_the_eks_network_policy_switch_may_live_in_kube_system_and_nothing_else() -> None:
    """EKS Auto Mode reads its network policy switch from kube-system/amazon-vpc-cni: that one object is a
    cluster setting, not an app object in the wrong namespace."""

    def in_kube_system(name: str) -> Resource:
        inputs = {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": "kube-system"},
            "data": {"enable-network-policy-controller": "true"},
        }
        return resource(CONFIG_MAP, inputs, name)

    assert violations([in_kube_system("amazon-vpc-cni")], "kubernetes-not-default-namespace") == []
    assert violations([in_kube_system("shop-api-config")], "kubernetes-not-default-namespace") == [
        "it is in the kube-system namespace"
    ]


def test_resource_quantities_of_zero_count_as_missing() -> None:
    workload = with_container(
        resources={"requests": {"cpu": "0", "memory": "512Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}}
    )
    assert violations([workload], "kubernetes-container-resources") == ['container "app" has no requests.cpu']


def test_probes_are_required_only_where_ports_are_served() -> None:
    worker = deployment(spec(containers=[worker_container()]))
    assert violations([worker], "kubernetes-container-probes") == []
    assert violations([with_container(livenessProbe=DELETE)], "kubernetes-container-probes") == [
        'container "app" serves ports without livenessProbe'
    ]


@pytest.mark.parametrize(
    ("image", "pinned"),
    [
        ("ghcr.io/shop/api:1.4.2", True),
        ("ghcr.io/shop/api:latest", False),
        ("ghcr.io/shop/api", False),
        ("localhost:5000/shop/api", False),  # a registry port is not a tag
        ("localhost:5000/shop/api:2", True),
        (f"ghcr.io/shop/api@{DIGEST}", True),
        ("ghcr.io/shop/api@sha256:short", False),
    ],
)
def test_image_pinning(image: str, pinned: bool) -> None:
    assert (violations([with_container(image=image)], "kubernetes-container-image-pinned") == []) is pinned


def test_pull_policy_default_depends_on_the_tag() -> None:
    assert violations([with_container(imagePullPolicy=DELETE)], "kubernetes-container-image-pull-always") == [
        'container "app" has no imagePullPolicy, so IfNotPresent'
    ]
    latest = with_container(imagePullPolicy=DELETE, image="ghcr.io/shop/api:latest")
    assert violations([latest], "kubernetes-container-image-pull-always") == []


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("DATABASE_PASSWORD", True),
        ("JWT_SECRET", True),
        ("GITHUB_TOKEN", True),
        ("STRIPE_API_KEY", True),
        ("dbPassword", True),
        ("JWT_EXPIRATION", False),
        ("REFRESH_TOKEN_EXPIRATION", False),
        ("NEXT_PUBLIC_API_URL", False),
        ("SECRET_NAME", False),
        ("NEXT_PUBLIC_MAPS_API_KEY", False),  # compiled into the browser's JavaScript
        ("LOG_LEVEL", False),
    ],
)
def test_secret_like_names(name: str, secret: bool) -> None:
    assert secret_like(name) is secret


def test_secret_like_env_names_need_a_secret_reference() -> None:
    literal = with_container(env=[{"name": "JWT_SECRET", "value": "change-me"}])
    assert violations([literal], "kubernetes-container-no-secret-env") == [
        'container "app" env JWT_SECRET looks like a secret and has a literal value'
    ]
    assert violations([deployment()], "kubernetes-container-no-secret-env") == []  # secretKeyRef


def test_configmap_with_a_secret_output_fails() -> None:
    assert violations([config_map("[secret]")], "kubernetes-configmap-no-secrets") == [
        "data holds secret values"
    ]
    assert violations([config_map({"DATABASE_URL": "[secret]"})], "kubernetes-configmap-no-secrets") == [
        "data.DATABASE_URL holds a secret value"
    ]


def test_token_mount_set_on_the_pod_wins() -> None:
    mounted = deployment(spec(automountServiceAccountToken=True))
    assert violations([mounted, service_account()], "kubernetes-service-account-token-not-mounted") == [
        "the pod sets automountServiceAccountToken: true"
    ]
    outside = deployment(spec(automountServiceAccountToken=DELETE))
    assert violations([outside], "kubernetes-service-account-token-not-mounted") == [
        "the pod does not set automountServiceAccountToken: false and its ServiceAccount shop-api is not in "
        "the stack"
    ]


# -- stack rules -------------------------------------------------------------------------------------------


def test_disruption_budget_is_needed_from_two_replicas() -> None:
    rule_name = "kubernetes-deployment-disruption-budget"
    assert violations([deployment(replicas=1)], rule_name) == []
    assert violations([deployment(replicas=DELETE)], rule_name) == []  # default 1
    assert violations([deployment(replicas=2)], rule_name) == [
        "it runs 2 replicas (spec.replicas) and no PodDisruptionBudget selects its pods"
    ]
    assert violations([deployment(replicas=DELETE), hpa(min_replicas=2)], rule_name) == [
        "it runs 2 replicas (minReplicas of HorizontalPodAutoscaler shop-api) and no PodDisruptionBudget "
        "selects its pods"
    ]
    assert violations([deployment(replicas=3, kind="StatefulSet")], rule_name)


def test_disruption_budget_must_be_in_the_same_namespace_and_select_the_pods() -> None:
    rule_name = "kubernetes-deployment-disruption-budget"
    assert violations([deployment(), pdb(namespace="other")], rule_name)
    expression = {
        "matchExpressions": [{"key": "app.kubernetes.io/name", "operator": "In", "values": ["shop-api"]}]
    }
    assert violations([deployment(), pdb(selector=expression)], rule_name) == []
    assert violations([deployment(), pdb(selector={})], rule_name) == []  # policy/v1: {} selects every pod
    unknown = deployment(labels="[unknown]")
    assert violations([unknown, pdb()], rule_name) == []


def test_hpa_targeting_needs_kind_name_and_namespace() -> None:
    rule_name = "kubernetes-hpa-target-no-replicas"
    assert violations([deployment(replicas=3), hpa(target="other")], rule_name) == []
    assert violations([deployment(replicas=3), hpa(kind="StatefulSet")], rule_name) == []
    assert violations([deployment(replicas=3), hpa()], rule_name) == [
        "spec.replicas is 3 while HorizontalPodAutoscaler shop-api scales it"
    ]


def test_network_policy_directions_may_come_from_several_policies() -> None:
    rule_name = "kubernetes-workload-network-policy"
    ingress_only = network_policy(types=["Ingress"])
    egress_only = network_policy(types=["Egress"], name="shop-api-egress")
    assert violations([deployment(), ingress_only, egress_only], rule_name) == []
    assert violations([deployment()], rule_name) == ["no NetworkPolicy selects its pods"]
    assert violations([deployment(), ingress_only], rule_name) == [
        "no NetworkPolicy selecting its pods restricts Egress"
    ]
    # Without policyTypes a policy restricts Ingress, and Egress only when it has an egress section.
    assert violations([deployment(), network_policy(types=DELETE)], rule_name) == [
        "no NetworkPolicy selecting its pods restricts Egress"
    ]


def test_default_deny_counts_only_in_its_own_namespace() -> None:
    rule_name = "kubernetes-workload-network-policy"
    elsewhere = network_policy(pod_selector={}, name="default-deny", namespace="other")
    assert violations([deployment(), elsewhere], rule_name) == ["no NetworkPolicy selects its pods"]
    assert violations([cron_job(), DEFAULT_DENY], rule_name) == []
    assert violations([cron_job()], rule_name) == ["no NetworkPolicy selects its pods"]


def test_min_replicas_applies_to_prod_only() -> None:
    rule_name = "kubernetes-deployment-min-replicas"
    assert violations([deployment(replicas=1, environment="staging")], rule_name) == []
    assert violations([deployment(replicas=DELETE), hpa(min_replicas=1)], rule_name) == [
        "it runs 1 replica in prod (minReplicas of HorizontalPodAutoscaler shop-api)"
    ]


def test_pdb_without_a_budget_fails() -> None:
    budgetless = resource(
        PDB, {"kind": "PodDisruptionBudget", "metadata": metadata(), "spec": {"selector": {}}}
    )
    assert violations([budgetless], "kubernetes-pdb-allows-disruption") == [
        "it sets neither minAvailable nor maxUnavailable"
    ]
    assert violations([pdb(minAvailable="100%")], "kubernetes-pdb-allows-disruption")
    assert violations([pdb(minAvailable=1)], "kubernetes-pdb-allows-disruption") == []


# -- EKS Auto Mode's ALB behind a web ACL --------------------------------------------------------------------


def test_the_waf_annotation_is_asked_of_prod_auto_mode_ingresses_only() -> None:
    rule_name = "kubernetes-eks-alb-waf-prod"
    assert violations([ALB_CLASS, alb_ingress(DELETE)], rule_name) == [
        "no alb.ingress.kubernetes.io/wafv2-acl-arn annotation: EKS Auto Mode's ALB is behind no WAF web ACL"
    ]
    assert violations([ALB_CLASS, alb_ingress("")], rule_name)
    # Staging, another controller's class, or no Auto Mode class in the stack: not this rule's business.
    assert violations([ALB_CLASS, alb_ingress(DELETE, environment="staging")], rule_name) == []
    assert violations([ALB_CLASS, alb_ingress(DELETE, class_name="traefik", depends_on=())], rule_name) == []
    traefik = resource(
        INGRESS_CLASS, {"metadata": {"name": "alb"}, "spec": {"controller": "traefik.io/ingress-controller"}}
    )
    assert violations([traefik, alb_ingress(DELETE, depends_on=(traefik,))], rule_name) == []
    # A class name not known yet: the IngressClass the Ingress depends on decides.
    assert violations([ALB_CLASS, alb_ingress(DELETE, class_name="[unknown]")], rule_name)
    assert (
        violations([ALB_CLASS, alb_ingress(DELETE, class_name="[unknown]", depends_on=())], rule_name) == []
    )
    # An ARN not known yet (the web ACL is created in the same deployment) passes.
    assert violations([ALB_CLASS, alb_ingress("[unknown]")], rule_name) == []


def test_every_ingress_of_the_group_names_one_waf_v2_web_acl() -> None:
    rule_name = "kubernetes-eks-alb-waf-prod"
    other = WEB_ACL_ARN.replace("0a1b2c3d", "ffff0000")
    same = [ALB_CLASS, alb_ingress(), alb_ingress(name="shop-web")]
    assert violations(same, rule_name) == []
    (message,) = violations([ALB_CLASS, alb_ingress(), alb_ingress(other, name="shop-web")], rule_name)
    assert "another Ingress of the class alb names" in message and other in message
    classic = "0a1b2c3d-4e5f-6789-abcd-ef0123456789"  # a WAF Classic web ACL id
    assert violations([ALB_CLASS, alb_ingress(classic)], rule_name) == [
        f"alb.ingress.kubernetes.io/wafv2-acl-arn is {classic!r}, not the ARN of a WAF v2 web ACL"
    ]


def test_the_prod_k8s_blueprint_ingresses_name_the_clusters_web_acl() -> None:
    """On karigar's plan: the rule passes, and fails once an Ingress loses its annotation (so it does look
    at the blueprint's Ingresses)."""
    rule_name = "kubernetes-eks-alb-waf-prod"
    resources = stack_resources("blueprints/karigar/Pulumi.k8s-prod.yaml")
    assert violations(resources, rule_name) == []
    stripped = []
    for r in resources:
        if r.type == INGRESS:
            inputs = copy.deepcopy(dict(r.inputs))
            del inputs["metadata"]["annotations"]["alb.ingress.kubernetes.io/wafv2-acl-arn"]
            r = Resource(urn=r.urn, type=r.type, name=r.name, inputs=inputs, dependencies=r.dependencies)
        stripped.append(r)
    assert len(violations(stripped, rule_name)) == 2


# -- our stacks --------------------------------------------------------------------------------------------

MANDATORY_RULES = [r for r in RULES if r.level == MANDATORY]


K8S_BLUEPRINTS = ("blueprints/karigar/Pulumi.k8s-prod.yaml", "blueprints/nestjs-api/Pulumi.k8s-staging.yaml")


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_stack_meets_every_mandatory_kubernetes_rule(stack_file: Any) -> None:
    found = evaluate(stack_resources(stack_file), MANDATORY_RULES)
    assert [(v.rule.name, v.urn, v.message) for v in found] == []


@pytest.mark.parametrize("stack_file", K8S_BLUEPRINTS)
def test_a_released_kubernetes_blueprint_meets_every_mandatory_kubernetes_rule(stack_file: str) -> None:
    """Once its images are set (tests/helpers/released.py): the blueprints as committed have none yet."""
    found = evaluate(stack_resources(stack_file, released(stack_file)), MANDATORY_RULES)
    assert [(v.rule.name, v.urn, v.message) for v in found] == []


def test_kubernetes_blueprints_are_checked() -> None:
    """The Kubernetes blueprints render the objects the rules are about, so the tests above mean something."""
    for stack_file in K8S_BLUEPRINTS:
        types = {r.type for r in stack_resources(stack_file, released(stack_file))}
        assert {DEPLOYMENT, PDB, NETWORK_POLICY, SERVICE_ACCOUNT, SERVICE} <= types, stack_file


def test_kubernetes_stack_with_a_worker_and_a_job_meets_every_mandatory_rule() -> None:
    sets = (
        "app.services.worker={image: 'ghcr.io/example/api:1.2.0', command: [node, worker.js]}",
        "app.services.nightly={image: 'ghcr.io/example/api:1.2.0', schedule: '0 3 * * *'}",
    )
    plan = plan_of("blueprints/nestjs-api/Pulumi.k8s-staging.yaml", sets=sets)
    resources = [
        Resource(urn=r.urn, type=r.type, name=r.name, inputs=r.inputs)
        for r in plan.resources
        if r.custom and not r.type.startswith("pulumi:providers:")
    ]
    assert {CRON_JOB, DEPLOYMENT} <= {r.type for r in resources}
    assert [(v.rule.name, v.message) for v in evaluate(resources, MANDATORY_RULES)] == []
