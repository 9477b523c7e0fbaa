"""Kubernetes objects: free on their own, except what makes the cloud create something billed.

An Ingress served by EKS Auto Mode's ALB controller becomes an Application Load Balancer (one per ingress
group), priced like the stack's own ALB. Pods run on nodes the cluster provisions at run time (EKS Auto
Mode picks EC2 instances, GKE Autopilot bills pod requests), which the plan cannot know: workloads are "not
priced", with what they request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .aws import load_balancer_lines
from .context import Context, Outcome, Resource, Rule, free, not_priced
from .gcp import cpu_count, gib

EKS_ALB_CONTROLLER = "eks.amazonaws.com/alb"

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "kubernetes:core/v1:Namespace",
            "kubernetes:core/v1:ConfigMap",
            "kubernetes:core/v1:Secret",
            "kubernetes:core/v1:ServiceAccount",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "kubernetes:policy/v1:PodDisruptionBudget",
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            "kubernetes:networking.k8s.io/v1:IngressClass",
            "kubernetes:rbac.authorization.k8s.io/v1:Role",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
        ),
        "a Kubernetes object: no charge of its own",
    ),
    "kubernetes:eks.amazonaws.com/v1:IngressClassParams": "its load balancer is priced on its Ingress",
    "kubernetes:eks.amazonaws.com/v1:NodeClass": "its nodes are chosen at run time (see the workloads)",
    "kubernetes:karpenter.sh/v1:NodePool": "the nodes it launches are chosen at run time (see the workloads)",
    "pulumi:providers:kubernetes": "a Pulumi provider, not a cloud resource",
}

WORKLOADS = (
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:batch/v1:Job",
    "kubernetes:batch/v1:CronJob",
)

RULES: dict[str, Rule] = {}


def rule(*types: str):
    def register(function: Rule) -> Rule:
        for type_ in types:
            RULES[type_] = function
        return function

    return register


def _named(ctx: Context, type_: str, name: Any) -> Resource | None:
    for resource in ctx.of_type(type_):
        if resource.get("metadata.name") == name:
            return resource
    return None


def _alb_group(ingress: Resource, ctx: Context) -> tuple[str, Resource | None] | None:
    """(group key, IngressClassParams) of an Ingress that EKS Auto Mode serves with an ALB; None otherwise."""
    ingress_class = _named(
        ctx, "kubernetes:networking.k8s.io/v1:IngressClass", ingress.get("spec.ingressClassName")
    )
    if ingress_class is None or ingress_class.get("spec.controller") != EKS_ALB_CONTROLLER:
        return None
    params = _named(
        ctx, "kubernetes:eks.amazonaws.com/v1:IngressClassParams", ingress_class.get("spec.parameters.name")
    )
    annotations = ingress.get("metadata.annotations", {})
    group = (params.get("spec.group.name") if params is not None else None) or annotations.get(
        "alb.ingress.kubernetes.io/group.name"
    )
    return (f"group:{group}" if group else f"ingress:{ingress.urn}"), params


@rule("kubernetes:networking.k8s.io/v1:Ingress")
def ingress(r: Resource, ctx: Context) -> Outcome:
    found = _alb_group(r, ctx)
    if found is None:
        return not_priced(
            "its controller creates a load balancer at run time that the plan does not describe; not priced"
        )
    key, params = found
    first = next(other for other in ctx.of_type(r.type) if (_alb_group(other, ctx) or ("",))[0] == key)
    if first.urn != r.urn:
        return free(f"shares the ALB of its ingress group, priced on {first.name}")
    subnets = len(params.get("spec.subnets.ids", [])) if params is not None else 0
    public = params is None or params.get("spec.scheme", "internet-facing") == "internet-facing"
    return Outcome(
        load_balancer_lines(r, ctx, "application", subnets or 2, public),
        note="EKS Auto Mode creates one Application Load Balancer per ingress group",
    )


@rule("kubernetes:core/v1:Service")
def service(r: Resource, ctx: Context) -> Outcome:
    if r.get("spec.type", "ClusterIP") == "LoadBalancer":
        return not_priced(
            "a LoadBalancer Service makes the cloud create a load balancer at run time; not priced"
        )
    return free("a cluster-internal Service: no charge")


def _requests(spec: Mapping[str, Any]) -> tuple[float, float]:
    containers = spec.get("containers", []) if isinstance(spec, Mapping) else []
    cpu = memory = 0.0
    for container in containers:
        requests = (container.get("resources") or {}).get("requests") or {}
        cpu += cpu_count(requests.get("cpu", "0"))
        memory += gib(requests.get("memory", "0"))
    return cpu, memory


@rule(*WORKLOADS)
def workload(r: Resource, ctx: Context) -> Outcome:
    spec = r.get("spec.jobTemplate.spec.template.spec") or r.get("spec.template.spec") or {}
    cpu, memory = _requests(spec)
    replicas = int(r.get("spec.replicas", 1) or 1)
    for hpa in ctx.of_type("kubernetes:autoscaling/v2:HorizontalPodAutoscaler"):
        if hpa.get("spec.scaleTargetRef.name") == r.get("metadata.name"):
            replicas = max(replicas, int(hpa.get("spec.minReplicas", 1)))
    runs = "per run" if r.type.startswith("kubernetes:batch") else f"x {replicas} replicas"
    return not_priced(
        f"its pods run on nodes the cluster provisions at run time, which the plan does not describe; they "
        f"request {cpu:g} vCPU and {memory:g} GiB {runs}"
    )
