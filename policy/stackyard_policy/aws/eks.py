"""EKS clusters: the Kubernetes API endpoint and the encryption of Kubernetes Secrets."""

from __future__ import annotations

from collections.abc import Mapping

from ..model import MANDATORY, Resource, Rule, rule
from .helpers import _is_world, _items, _mapping, _raw, _strings, _unknown

RULES: list[Rule] = []


EKS_CLUSTER = "aws:eks/cluster:Cluster"


@rule(
    "aws-eks-endpoint-not-world",
    MANDATORY,
    [EKS_CLUSTER],
    "The Kubernetes API endpoint is private or limited to known networks (checkov CKV_AWS_38/39).",
    "set app.kubernetes.api_access_cidrs to your CI and office networks, or leave it empty (private only)",
    RULES,
)
def _eks_endpoint(resource: Resource) -> str | None:
    public = _raw(resource, "vpcConfig.endpointPublicAccess")
    if public is False or _unknown(public):
        return None
    cidrs = _raw(resource, "vpcConfig.publicAccessCidrs")
    if _unknown(cidrs):
        return None
    given = _strings(cidrs)
    if not given:
        return "the public endpoint is on with no publicAccessCidrs (the default is 0.0.0.0/0)"
    world = [c for c in given if _is_world(c)]
    return f"the public endpoint admits {', '.join(world)}" if world else None


@rule(
    "aws-eks-secrets-encrypted",
    MANDATORY,
    [EKS_CLUSTER],
    "Kubernetes Secrets are envelope-encrypted with a customer KMS key (checkov CKV_AWS_58).",
    "set encryptionConfig with resources [secrets] and a KMS key (stackyard's KubernetesCluster does)",
    RULES,
)
def _eks_secrets(resource: Resource) -> str | None:
    config = _raw(resource, "encryptionConfig")
    if _unknown(config):
        return None
    entries = [config] if isinstance(config, Mapping) else _items(config)
    for entry in entries:
        if "secrets" in _strings(_mapping(entry).get("resources")) and _mapping(entry).get("provider"):
            return None
    return "Secrets are not encrypted with a KMS key"
