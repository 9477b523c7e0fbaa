"""Tests of components.k8s, and `valid_objects`: the checks every Kubernetes object they render must pass."""

from __future__ import annotations

import copy
import re
from typing import Any

import kubernetes_validate

from stacks.manifests import CUSTOM_RESOURCES, custom_resource_problems
from stacks.mocks import SECRET_MASK, RecordingMonitor, Registration

KUBERNETES = "kubernetes:"
# Validated against the oldest Kubernetes version whose API has, as GA, every field the components set
# (PodDisruptionBudget unhealthyPodEvictionPolicy: 1.31; CronJob timeZone: 1.27) and the newest the
# validator knows.
KUBERNETES_VERSIONS = ("1.31", kubernetes_validate.utils.latest_version())
CLUSTER_SCOPED = {"Namespace", "IngressClass"} | {
    kind for (_, kind), custom in CUSTOM_RESOURCES.items() if not custom.namespaced
}
DNS_SUBDOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
RECOMMENDED = (
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/part-of",
    "app.kubernetes.io/managed-by",
)


def kubernetes_registrations(monitor: RecordingMonitor) -> list[Registration]:
    """Every Kubernetes object the program registered (not providers or components)."""
    return [r for r in monitor.registrations.values() if r.custom and r.type.startswith(KUBERNETES)]


def manifest(registration: Registration) -> dict[str, Any]:
    """The object as a manifest: the provider inputs, with a Secret's masked `stringData` kept a map."""
    found = copy.deepcopy(registration.inputs)
    if found.get("kind") == "Secret" and found.get("stringData") == SECRET_MASK:
        found["stringData"] = {}
    return found


def valid_objects(monitor: RecordingMonitor) -> dict[str, dict[str, Any]]:
    """Check the shape of every Kubernetes object and return the manifests by `<kind>/<namespace>/<name>`.

    Each object has the `apiVersion` and `kind` of its Pulumi type, an explicit `metadata.name` (a DNS
    subdomain; Pulumi never auto-names it), a namespace unless cluster-scoped, the recommended labels with
    `managed-by: stackyard`, and passes the Kubernetes OpenAPI schema in strict mode (no unknown field), or
    for a custom resource (GKE's, EKS Auto Mode's, Karpenter's) the schema `stacks.manifests` checks it
    against."""
    objects: dict[str, dict[str, Any]] = {}
    for registration in kubernetes_registrations(monitor):
        found = manifest(registration)
        _, group_version, kind = registration.type.split(":")
        api_version = group_version.removeprefix("core/")
        assert found.get("apiVersion") == api_version, (registration.name, found.get("apiVersion"))
        assert found.get("kind") == kind, (registration.name, found.get("kind"))
        metadata = found.get("metadata") or {}
        name = metadata.get("name")
        assert isinstance(name, str) and DNS_SUBDOMAIN.match(name), (registration.name, name)
        if kind in CLUSTER_SCOPED:
            assert "namespace" not in metadata, registration.name
        else:
            assert isinstance(metadata.get("namespace"), str) and metadata["namespace"], registration.name
        labels = metadata.get("labels") or {}
        assert all(labels.get(key) for key in RECOMMENDED), (registration.name, labels)
        assert labels["app.kubernetes.io/managed-by"] == "stackyard"
        if (found.get("apiVersion"), kind) in CUSTOM_RESOURCES:
            assert custom_resource_problems(found) == [], (registration.name, custom_resource_problems(found))
        else:
            for version in KUBERNETES_VERSIONS:
                kubernetes_validate.validate(found, version, strict=True)
        key = f"{kind}/{metadata.get('namespace', '')}/{name}"
        assert key not in objects, f"two objects are {key}"
        objects[key] = found
    assert objects, "no Kubernetes object was registered"
    return objects
