"""Stack rules for what relates objects: a PodDisruptionBudget and a NetworkPolicy for the pods of each
workload, HorizontalPodAutoscalers and replicas."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..model import ABSENT, ADVISORY, MANDATORY, Resource, Rule, is_unknown, stack_rule
from .helpers import (
    DEPLOYMENT,
    STATEFUL_SET,
    WORKLOADS,
    _at,
    _list,
    _name,
    _number,
    _of,
    _same_namespace,
    _show,
    pod_labels,
    pod_spec,
)

RULES: list[Rule] = []


PDB = "kubernetes:policy/v1:PodDisruptionBudget"
NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
SCALABLE = (DEPLOYMENT, STATEFUL_SET)  # what a PodDisruptionBudget and an HPA are about here


def _matches(selector: Any, labels: Any) -> bool | None:
    """Whether a label selector (matchLabels, matchExpressions) selects pods with `labels`; None when it
    cannot be known. An absent selector selects nothing, an empty one everything."""
    if selector is ABSENT:
        return False
    if selector is None or labels is None or not isinstance(selector, Mapping):
        return None
    if labels is ABSENT:
        labels = {}
    if not isinstance(labels, Mapping):
        return None
    uncertain = False
    match_labels = _at(selector, "matchLabels")
    if match_labels is ABSENT:
        match_labels = {}
    if not isinstance(match_labels, Mapping):
        uncertain = True
    else:
        for key, value in match_labels.items():
            if is_unknown(value) or (key in labels and is_unknown(labels[key])):
                uncertain = True
            elif labels.get(key) != value:
                return False
    expressions = _list(_at(selector, "matchExpressions"))
    for expression in expressions if expressions is not None else []:
        result = _expression_matches(expression, labels)
        if result is False:
            return False
        uncertain = uncertain or result is None
    if expressions is None:
        uncertain = True
    return None if uncertain else True


def _expression_matches(expression: Any, labels: Mapping[str, Any]) -> bool | None:
    key, operator, values = _at(expression, "key"), _at(expression, "operator"), _at(expression, "values")
    if not isinstance(key, str) or not isinstance(operator, str):
        return None
    if key in labels and is_unknown(labels[key]):
        return None
    if operator == "Exists":
        return key in labels
    if operator == "DoesNotExist":
        return key not in labels
    if not isinstance(values, list) or any(is_unknown(v) for v in values):
        return None
    if operator == "In":
        return key in labels and labels[key] in values
    if operator == "NotIn":
        return key not in labels or labels[key] not in values
    return None


def _kind(resource: Resource) -> str:
    kind = _at(resource.inputs, "kind")
    return kind if isinstance(kind, str) else resource.type.rsplit(":", 1)[-1]


def _hpa_targets(hpa: Resource, workload: Resource) -> bool | None:
    """Whether an HPA scales `workload` (same kind, name and namespace); None when it cannot be known."""
    ref = _at(hpa.inputs, "spec", "scaleTargetRef")
    if ref is None:
        return None
    if not isinstance(ref, Mapping):
        return False
    kind, name = _at(ref, "kind"), _at(ref, "name")
    if kind is None or name is None:
        return None
    if kind != _kind(workload):
        return False
    workload_name = _at(workload.inputs, "metadata", "name")
    if not isinstance(workload_name, str):
        return None  # auto-named, or unknown
    if name != workload_name:
        return False
    return _same_namespace(hpa, workload)


def _replicas(workload: Resource, hpas: Iterable[Resource]) -> tuple[int | None, str]:
    """How many pods a Deployment or StatefulSet runs at least, and where the number comes from: the
    minReplicas of an HPA that scales it, else spec.replicas (default 1). None when it cannot be known."""
    uncertain = False
    for hpa in hpas:
        targets = _hpa_targets(hpa, workload)
        if targets is True:
            minimum = _at(hpa.inputs, "spec", "minReplicas")
            if minimum is ABSENT:
                return 1, f"HorizontalPodAutoscaler {_name(hpa)} minReplicas, default 1"
            if _number(minimum):
                return int(minimum), f"minReplicas of HorizontalPodAutoscaler {_name(hpa)}"
            return None, ""
        uncertain = uncertain or targets is None
    if uncertain:
        return None, ""
    replicas = _at(workload.inputs, "spec", "replicas")
    if replicas is ABSENT:
        return 1, "spec.replicas unset, default 1"
    if _number(replicas):
        return int(replicas), "spec.replicas"
    return None, ""


@stack_rule(
    "kubernetes-deployment-disruption-budget",
    MANDATORY,
    (*SCALABLE, PDB, HPA),
    "Without a PodDisruptionBudget a node drain (upgrades, autoscaler) may evict every replica at once; "
    "kube-score deployment-has-poddisruptionbudget and statefulset-has-poddisruptionbudget (from 2 "
    "replicas).",
    "add a PodDisruptionBudget whose selector matches the pod labels (ContainerService makes one from "
    "2 replicas).",
    RULES,
)
def _disruption_budget(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    budgets, hpas = _of(resources, PDB), _of(resources, HPA)
    for workload in _of(resources, *SCALABLE):
        count, source = _replicas(workload, hpas)
        if count is None or count < 2:
            continue
        labels = pod_labels(workload)
        covered = uncertain = False
        for budget in budgets:
            same = _same_namespace(workload, budget)
            selects = _matches(_at(budget.inputs, "spec", "selector"), labels)
            if same is False or selects is False:
                continue
            if same and selects:
                covered = True
                break
            uncertain = True
        if not covered and not uncertain:
            yield workload, f"it runs {count} replicas ({source}) and no PodDisruptionBudget selects its pods"


def _policy_types(policy: Resource) -> set[str] | None:
    """The directions a NetworkPolicy restricts (policyTypes, or its default: Ingress, plus Egress when it
    has an egress section); None when unknown."""
    spec = _at(policy.inputs, "spec")
    types = _at(spec, "policyTypes")
    if types is ABSENT:
        return {"Ingress"} | ({"Egress"} if _at(spec, "egress") is not ABSENT else set())
    if not isinstance(types, list) or any(is_unknown(t) for t in types):
        return None
    return {t for t in types if isinstance(t, str)}


@stack_rule(
    "kubernetes-workload-network-policy",
    MANDATORY,
    (*WORKLOADS, NETWORK_POLICY),
    "Pods not selected by a NetworkPolicy accept connections from and open them to anything in the "
    "cluster and beyond; kube-score pod-networkpolicy (both Ingress and Egress).",
    "select the pods with NetworkPolicies covering Ingress and Egress (AppNamespace's default-deny plus "
    "ContainerService's own policy).",
    RULES,
)
def _network_policy(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    policies = _of(resources, NETWORK_POLICY)
    for workload in _of(resources, *WORKLOADS):
        if pod_spec(workload) is None:
            continue
        labels = pod_labels(workload)
        found: set[str] = set()
        uncertain = False
        for policy in policies:
            same = _same_namespace(workload, policy)
            selects = _matches(_at(policy.inputs, "spec", "podSelector"), labels)
            if same is False or selects is False:
                continue
            types = _policy_types(policy)
            if same is None or selects is None or types is None:
                uncertain = True
                continue
            found |= types
        missing = [t for t in ("Ingress", "Egress") if t not in found]
        if missing and not uncertain:
            yield (
                workload,
                (
                    "no NetworkPolicy selects its pods"
                    if not found
                    else f"no NetworkPolicy selecting its pods restricts {' or '.join(missing)}"
                ),
            )


@stack_rule(
    "kubernetes-hpa-target-no-replicas",
    ADVISORY,
    (*SCALABLE, HPA),
    "spec.replicas on a workload an HPA scales resets the replica count on every deployment, and the HPA "
    "then scales it back; kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured.",
    "remove spec.replicas from the workload (ContainerService leaves it unset when it autoscales).",
    RULES,
)
def _hpa_target_no_replicas(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    hpas = _of(resources, HPA)
    for workload in _of(resources, *SCALABLE):
        replicas = _at(workload.inputs, "spec", "replicas")
        if replicas is ABSENT or replicas is None:
            continue
        for hpa in hpas:
            if _hpa_targets(hpa, workload) is True:
                yield (
                    workload,
                    (
                        f"spec.replicas is {_show(replicas)} while HorizontalPodAutoscaler "
                        f"{_name(hpa)} scales it"
                    ),
                )
                break


@stack_rule(
    "kubernetes-deployment-min-replicas",
    ADVISORY,
    (*SCALABLE, HPA),
    "In production a single replica is an outage whenever its pod or node goes; kube-score "
    "deployment-replicas and horizontalpodautoscaler-replicas (at least 2; CRP "
    "kubernetes-apps-v1-deployment-configure-minimum-replica-count asks 3).",
    "set app.services.<name>.scale.min to 2 or more in prod (the prod profile does for web services).",
    RULES,
)
def _min_replicas(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    hpas = _of(resources, HPA)
    for workload in _of(resources, *SCALABLE):
        if not workload.is_prod:
            continue
        count, source = _replicas(workload, hpas)
        if count is not None and count < 2:
            yield workload, f"it runs {count} replica{'s' if count != 1 else ''} in prod ({source})"
