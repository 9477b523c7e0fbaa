"""Containers: resources, probes, image, identity (kube-score's, checkov's CKV_K8S and Pulumi's compliance
policies for workloads)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..model import ABSENT, ADVISORY, MANDATORY, Resource, Rule, rule
from .helpers import CRON_JOB, JOB, WORKLOADS, _at, _number, _report, containers, pod_spec

RULES: list[Rule] = []


BATCH = (JOB, CRON_JOB)

# kube-score container-security-context-user-group-id: a user or group id below 10000 is "low".
MIN_HIGH_ID = 10000


def _image_parts(image: str) -> tuple[str | None, bool]:
    """(tag, pinned by digest) of an image reference; a registry port is not a tag."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.partition(":")[2] or None
    return tag, bool(re.fullmatch(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}", digest))


def _quantity_is_zero(value: Any) -> bool:
    match = re.match(r"^\+?([0-9]*\.?[0-9]+)", str(value))
    return match is not None and float(match.group(1)) == 0


def _missing_resources(container: Mapping[str, Any], names: Sequence[str]) -> list[str]:
    missing: list[str] = []
    for kind in ("requests", "limits"):
        for name in names:
            value = _at(container, "resources", kind, name)
            if value is ABSENT or (value is not None and _quantity_is_zero(value)):
                missing.append(f"{kind}.{name}")
    return missing


@rule(
    "kubernetes-container-resources",
    MANDATORY,
    WORKLOADS,
    "Without requests the scheduler overcommits nodes, without limits one pod can starve its neighbours; "
    "kube-score container-resources, checkov CKV_K8S_10/11/12/13.",
    "set app.services.<name>.cpu and memory_gb (limits), cpu_request and memory_request_gb (requests; "
    "default: the limits).",
    RULES,
)
def _container_resources(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    return _report(
        [
            f"{label} has no {', '.join(missing)}"
            for label, container in containers(spec, ephemeral=False)
            if (missing := _missing_resources(container, ("cpu", "memory")))
        ]
    )


@rule(
    "kubernetes-container-ephemeral-storage",
    ADVISORY,
    WORKLOADS,
    "Logs, the writable layer and emptyDirs fill the node's disk and get pods evicted unless ephemeral "
    "storage is requested and limited; kube-score container-ephemeral-storage-request-and-limit.",
    "set resources.requests and limits of ephemeral-storage (ContainerService ephemeral_storage_gb does).",
    RULES,
)
def _ephemeral_storage(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    return _report(
        [
            f"{label} has no {', '.join(missing)}"
            for label, container in containers(spec, ephemeral=False)
            if (missing := _missing_resources(container, ("ephemeral-storage",)))
        ]
    )


@rule(
    "kubernetes-container-probes",
    MANDATORY,
    tuple(t for t in WORKLOADS if t not in BATCH),
    "Without a readiness probe a pod gets traffic before it can serve and a broken rollout goes on; "
    "without a liveness probe a hung process is never restarted; kube-score pod-probes, checkov "
    "CKV_K8S_8/9.",
    "give the container a readinessProbe and a livenessProbe (app.services.<name>.health_path and "
    "readiness_path).",
    RULES,
)
def _probes(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec, init=False, ephemeral=False):
        ports = _at(container, "ports")
        if not isinstance(ports, list) or not ports:
            continue
        missing = [p for p in ("readinessProbe", "livenessProbe") if _at(container, p) is ABSENT]
        if missing:
            problems.append(f"{label} serves ports without {' or '.join(missing)}")
    return _report(problems)


_PROBE_HANDLERS = (
    ("httpGet", ("path", "port")),
    ("tcpSocket", ("port",)),
    ("exec", ("command",)),
    ("grpc", ("port", "service")),
)


def _same_probe(first: Any, second: Any) -> bool:
    """Whether two probes run the same check (kube-score pod-probes-identical)."""
    for handler, keys in _PROBE_HANDLERS:
        a, b = _at(first, handler), _at(second, handler)
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            for key in keys:
                x, y = _at(a, key), _at(b, key)
                if handler == "httpGet" and key == "path":  # the path defaults to "/"
                    x, y = ("/" if x is ABSENT else x), ("/" if y is ABSENT else y)
                if x is None or y is None or x != y:
                    return False
            return True
    return False


@rule(
    "kubernetes-container-probes-differ",
    ADVISORY,
    WORKLOADS,
    "With the same check for readiness and liveness an overloaded pod is restarted instead of only taken "
    "out of the Service, which spreads the overload; kube-score pod-probes-identical.",
    "set app.services.<name>.readiness_path to an endpoint other than health_path (e.g. /ready).",
    RULES,
)
def _probes_differ(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    return _report(
        [
            f"{label}'s readiness and liveness probes check the same endpoint"
            for label, container in containers(spec, ephemeral=False)
            if _same_probe(_at(container, "readinessProbe"), _at(container, "livenessProbe"))
        ]
    )


@rule(
    "kubernetes-container-read-only-root-filesystem",
    ADVISORY,
    WORKLOADS,
    "A read-only root filesystem stops an intruder from changing binaries or dropping tools; kube-score "
    "container-security-context-readonlyrootfilesystem, checkov CKV_K8S_22, CRP "
    "kubernetes-apps-v1-deployment-enable-read-only-root-filesystem (Pod Security does not require it).",
    "set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes "
    "(ContainerService mounts /tmp).",
    RULES,
)
def _read_only_root_filesystem(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec, ephemeral=False):
        value = _at(container, "securityContext", "readOnlyRootFilesystem")
        if value is ABSENT or (value is not None and value is not True):
            problems.append(f"{label} has a writable root filesystem")
    return _report(problems)


@rule(
    "kubernetes-container-high-user-id",
    ADVISORY,
    WORKLOADS,
    "User and group ids below 10000 may be those of real users or daemons on the node, which matters after "
    "an escape; kube-score container-security-context-user-group-id (fails below 10000), checkov "
    "CKV_K8S_40.",
    "set runAsUser and runAsGroup to 10000 or more (ContainerService run_as_user, default 10001).",
    RULES,
)
def _high_user_id(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec, ephemeral=False):
        for field, what in (("runAsUser", "user"), ("runAsGroup", "group")):
            value = _at(container, "securityContext", field)
            if value is ABSENT:
                value = _at(spec, "securityContext", field)
            if value is ABSENT:
                problems.append(f"{label} runs with the image's {what} id ({field} unset)")
            elif _number(value) and value < MIN_HIGH_ID:
                problems.append(f"{label} runs with {what} id {value}")
    return _report(problems)


def _images(resource: Resource) -> Iterator[tuple[str, str]]:
    spec = pod_spec(resource)
    if spec is None:
        return
    for label, container in containers(spec):
        image = _at(container, "image")
        if isinstance(image, str):
            yield label, image


@rule(
    "kubernetes-container-image-pinned",
    MANDATORY,
    WORKLOADS,
    "An untagged or :latest image changes under the pods without a deployment, so a restart can run code "
    "nobody reviewed and rollbacks do not roll back; kube-score container-image-tag, checkov CKV_K8S_14.",
    "set app.services.<name>.image to a release tag (ghcr.io/shop/api:1.4.2) or a digest (…@sha256:…).",
    RULES,
)
def _image_pinned(resource: Resource) -> str | None:
    problems: list[str] = []
    for label, image in _images(resource):
        tag, digest = _image_parts(image)
        if not digest and tag in (None, "latest"):
            problems.append(f"{label} image {image} is {'untagged' if tag is None else 'tagged latest'}")
    return _report(problems)


@rule(
    "kubernetes-container-image-digest",
    ADVISORY,
    WORKLOADS,
    "A tag can be moved to another image, a digest cannot: only a digest guarantees the pods run the image "
    "that was built and scanned; checkov CKV_K8S_43.",
    "set app.services.<name>.image to repository@sha256:<digest> (the digest your build pushed).",
    RULES,
)
def _image_digest(resource: Resource) -> str | None:
    return _report(
        [
            f"{label} image {image} has no digest"
            for label, image in _images(resource)
            if not _image_parts(image)[1]
        ]
    )


@rule(
    "kubernetes-container-image-pull-always",
    ADVISORY,
    WORKLOADS,
    "With imagePullPolicy Always the kubelet checks the registry credentials on every start, so a pod "
    "cannot reuse a private image another tenant pulled; kube-score container-image-pull-policy, checkov "
    "CKV_K8S_15.",
    "set imagePullPolicy: Always (ContainerService does).",
    RULES,
)
def _image_pull_always(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec):
        policy = _at(container, "imagePullPolicy")
        image = _at(container, "image")
        if policy is ABSENT and isinstance(image, str):
            tag, digest = _image_parts(image)
            # Kubernetes' default: Always for an untagged or :latest image, IfNotPresent otherwise.
            if digest or tag not in (None, "latest"):
                problems.append(f"{label} has no imagePullPolicy, so IfNotPresent")
        elif isinstance(policy, str) and policy != "Always":
            problems.append(f"{label} has imagePullPolicy {policy}")
    return _report(problems)
