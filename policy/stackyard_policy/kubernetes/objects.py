"""Namespaces, service accounts and object kinds: not the default namespace, not the default
ServiceAccount, no mounted token, no bare Pod, ClusterIP Services, PodDisruptionBudgets that allow
evictions, and Pod Security enforced on namespaces."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..model import ABSENT, ADVISORY, MANDATORY, Resource, Rule, rule, stack_rule
from .helpers import POD, WORKLOADS, _at, _name, _number, _of, _same_namespace, _show, pod_spec
from .relations import HPA, NETWORK_POLICY, PDB
from .secrets import CONFIG_MAP

RULES: list[Rule] = []


SERVICE = "kubernetes:core/v1:Service"
SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount"
SECRET = "kubernetes:core/v1:Secret"
NAMESPACE = "kubernetes:core/v1:Namespace"
INGRESS = "kubernetes:networking.k8s.io/v1:Ingress"
ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role"
ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
NAMESPACED = (
    *WORKLOADS,
    SERVICE,
    SERVICE_ACCOUNT,
    CONFIG_MAP,
    SECRET,
    INGRESS,
    PDB,
    NETWORK_POLICY,
    HPA,
    ROLE,
    ROLE_BINDING,
)

SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")
# Cluster settings the platform reads from a fixed object in a system namespace, not application objects
# (type, namespace, name): EKS Auto Mode enforces NetworkPolicies once the ConfigMap
# kube-system/amazon-vpc-cni holds enable-network-policy-controller: "true" (EKS User Guide, "Use Network
# Policies with EKS Auto Mode").
PLATFORM_SETTINGS = frozenset({(CONFIG_MAP, "kube-system", "amazon-vpc-cni")})
PSA_ENFORCE_LABEL = "pod-security.kubernetes.io/enforce"


@rule(
    "kubernetes-not-default-namespace",
    MANDATORY,
    NAMESPACED,
    "The default namespace (and the kube-* system ones) is shared with everything else in the cluster, so "
    "its RBAC, quotas, NetworkPolicies and Pod Security labels cannot be the app's own; checkov CKV_K8S_21.",
    "set metadata.namespace to the app's namespace (app.kubernetes.namespace; default <app>-<environment>).",
    RULES,
)
def _not_default_namespace(resource: Resource) -> str | None:
    namespace = _at(resource.inputs, "metadata", "namespace")
    if namespace is ABSENT or namespace == "":
        return "no metadata.namespace: it goes to the provider's namespace, default unless configured"
    if namespace in SYSTEM_NAMESPACES:
        key = (resource.type, namespace, _at(resource.inputs, "metadata", "name"))
        return None if key in PLATFORM_SETTINGS else f"it is in the {namespace} namespace"
    return None


@rule(
    "kubernetes-pod-not-default-service-account",
    ADVISORY,
    WORKLOADS,
    "Pods that share the namespace's default ServiceAccount share whatever RBAC anyone grants it; checkov "
    "CKV_K8S_41.",
    "set serviceAccountName to a ServiceAccount of the workload's own (ContainerService makes one).",
    RULES,
)
def _not_default_service_account(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    account = _at(spec, "serviceAccountName")
    if account is ABSENT:
        account = _at(spec, "serviceAccount")  # the deprecated alias
    if account is ABSENT or account == "":
        return "no serviceAccountName: the pods run as the namespace's default ServiceAccount"
    if account == "default":
        return "the pods run as the default ServiceAccount"
    return None


@stack_rule(
    "kubernetes-service-account-token-not-mounted",
    ADVISORY,
    (*WORKLOADS, SERVICE_ACCOUNT),
    "A mounted ServiceAccount token lets anyone who takes over the container call the Kubernetes API as "
    "the pod; checkov CKV_K8S_38.",
    "set automountServiceAccountToken: false on the pod or its ServiceAccount (ContainerService sets both).",
    RULES,
)
def _token_not_mounted(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    accounts = _of(resources, SERVICE_ACCOUNT)
    for workload in _of(resources, *WORKLOADS):
        spec = pod_spec(workload)
        if spec is None:
            continue
        mount = _at(spec, "automountServiceAccountToken")
        if mount is True:
            yield workload, "the pod sets automountServiceAccountToken: true"
        if mount is not ABSENT:
            continue
        account_name = _at(spec, "serviceAccountName")
        if account_name is ABSENT or account_name == "":
            account_name = "default"
        if not isinstance(account_name, str):
            continue
        found = [
            a
            for a in accounts
            if _at(a.inputs, "metadata", "name") == account_name and _same_namespace(a, workload) is not False
        ]
        settings = [_at(a.inputs, "automountServiceAccountToken") for a in found]
        if any(setting is False or setting is None for setting in settings):
            continue  # the ServiceAccount does not mount it (or it is unknown)
        where = (
            f"its ServiceAccount {account_name} mounts it"
            if found
            else f"its ServiceAccount {account_name} is not in the stack"
        )
        yield workload, f"the pod does not set automountServiceAccountToken: false and {where}"


@rule(
    "kubernetes-no-bare-pod",
    ADVISORY,
    (POD,),
    "A bare Pod is not recreated when its node fails or is drained, and cannot be rolled out; CRP "
    "kubernetes-core-v1-pod-disallow-pod.",
    "run the container from a Deployment, Job or CronJob (components.k8s.ContainerService).",
    RULES,
)
def _no_bare_pod(resource: Resource) -> str | None:
    return f"{_name(resource)} is a bare Pod"


@rule(
    "kubernetes-service-cluster-ip",
    ADVISORY,
    (SERVICE,),
    "A LoadBalancer or NodePort Service opens the pods to the network around the Ingress, its TLS and its "
    "host routing; CRP kubernetes-core-v1-service-disallow-load-balancer, kube-score service-type.",
    "use a ClusterIP Service behind the Ingress (app.services.<name>.public: true makes one).",
    RULES,
)
def _service_cluster_ip(resource: Resource) -> str | None:
    service_type = _at(resource.inputs, "spec", "type")
    if service_type in ("LoadBalancer", "NodePort"):
        return f"type is {service_type}"
    return None


def _percent(value: Any) -> float | None:
    if isinstance(value, str) and value.endswith("%"):
        try:
            return float(value[:-1])
        except ValueError:
            return None
    return None


@rule(
    "kubernetes-pdb-allows-disruption",
    ADVISORY,
    (PDB,),
    "A PodDisruptionBudget without a budget does nothing, and one that allows no eviction blocks node "
    "drains, so cluster upgrades stall; kube-score poddisruptionbudget-has-policy, CRP "
    "kubernetes-policy-v1-poddisruptionbudget-disallow-zero-voluntary-disruption.",
    "set spec.maxUnavailable: 1 (ContainerService does for 2 replicas or more).",
    RULES,
)
def _pdb_allows_disruption(resource: Resource) -> str | None:
    max_unavailable = _at(resource.inputs, "spec", "maxUnavailable")
    min_available = _at(resource.inputs, "spec", "minAvailable")
    if max_unavailable is ABSENT and min_available is ABSENT:
        return "it sets neither minAvailable nor maxUnavailable"
    if (_number(max_unavailable) and max_unavailable == 0) or _percent(max_unavailable) == 0:
        return f"maxUnavailable {_show(max_unavailable)} allows no eviction"
    if _percent(min_available) == 100:
        return f"minAvailable {_show(min_available)} allows no eviction"
    return None


@rule(
    "kubernetes-namespace-pod-security-enforced",
    ADVISORY,
    (NAMESPACE,),
    "The namespace label pod-security.kubernetes.io/enforce: restricted makes the API server refuse pods "
    "that break Pod Security restricted, whatever created them (Pod Security admission).",
    "label the namespace pod-security.kubernetes.io/enforce: restricted (components.k8s.AppNamespace does).",
    RULES,
)
def _namespace_pod_security(resource: Resource) -> str | None:
    labels = _at(resource.inputs, "metadata", "labels")
    if labels is None:
        return None
    level = _at(labels, PSA_ENFORCE_LABEL) if isinstance(labels, Mapping) else ABSENT
    if level is ABSENT:
        return f"no {PSA_ENFORCE_LABEL} label"
    if level is not None and level != "restricted":
        return f"{PSA_ENFORCE_LABEL} is {level}"
    return None
