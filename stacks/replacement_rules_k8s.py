"""The Kubernetes types of the replacement table (`stacks.replacement.REPLACEMENT`): the inputs whose change
makes the provider replace an object, read from pulumi/pulumi-kubernetes, `provider/pkg/provider/diff.go`
(`forceNew`). `_k8s` adds `metadata.name` and `metadata.namespace`, which force replacement on every kind.
"""

from __future__ import annotations

from .replacement_base import (
    Rule,
    _k8s,
)

K8S_RULES: dict[str, Rule] = {
    # -- Kubernetes -----------------------------------------------------------------------------------------
    "kubernetes:core/v1:PersistentVolumeClaim": _k8s("volume", "spec"),
    "kubernetes:core/v1:PersistentVolume": _k8s(
        "volume",
        "spec.awsElasticBlockStore",
        "spec.csi",
        "spec.gcePersistentDisk",
        "spec.hostPath",
        "spec.local",
        "spec.nfs",
    ),
    "kubernetes:apps/v1:StatefulSet": _k8s(
        "volume",
        "spec.podManagementPolicy",
        "spec.revisionHistoryLimit",
        "spec.selector",
        "spec.serviceName",
        "spec.volumeClaimTemplates",
    ),
    "kubernetes:core/v1:Secret": _k8s(None, "type", "stringData", "data"),
    "kubernetes:core/v1:ConfigMap": _k8s(None, "data", "binaryData"),
    "kubernetes:core/v1:Service": _k8s(None, "spec.clusterIP"),
    "kubernetes:apps/v1:Deployment": _k8s(None, "spec.selector"),
    "kubernetes:batch/v1:Job": _k8s(
        None, "spec.completions", "spec.parallelism", "spec.selector", "spec.template"
    ),
}
