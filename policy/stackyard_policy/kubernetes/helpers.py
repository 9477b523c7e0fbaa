"""What the Kubernetes rules share: the workload types and where each keeps its pod template, and how the
rules read objects (the package's docstring says what absent and unknown values mean): pod templates,
pod specs and their containers, names and namespaces."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..model import ABSENT, UNKNOWN, Resource, lookup

POD = "kubernetes:core/v1:Pod"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
STATEFUL_SET = "kubernetes:apps/v1:StatefulSet"
DAEMON_SET = "kubernetes:apps/v1:DaemonSet"
REPLICA_SET = "kubernetes:apps/v1:ReplicaSet"
REPLICATION_CONTROLLER = "kubernetes:core/v1:ReplicationController"
JOB = "kubernetes:batch/v1:Job"
CRON_JOB = "kubernetes:batch/v1:CronJob"

# Where each workload kind keeps its pod template (the Pod itself for a bare Pod).
_TEMPLATE_PATHS: dict[str, tuple[str, ...]] = {
    POD: (),
    DEPLOYMENT: ("spec", "template"),
    STATEFUL_SET: ("spec", "template"),
    DAEMON_SET: ("spec", "template"),
    REPLICA_SET: ("spec", "template"),
    REPLICATION_CONTROLLER: ("spec", "template"),
    JOB: ("spec", "template"),
    CRON_JOB: ("spec", "jobTemplate", "spec", "template"),
}
WORKLOADS = tuple(_TEMPLATE_PATHS)


def _at(obj: Any, *path: str) -> Any:
    """The value at `path`: ABSENT when a key along it is missing, None when it (or a parent) is unknown."""
    found = lookup(obj, *path)
    return None if isinstance(found, str) and found == UNKNOWN else found


def _list(value: Any) -> list[Any] | None:
    """A list field: [] when absent, None when unknown or not a list."""
    if value is ABSENT:
        return []
    return value if isinstance(value, list) else None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _show(value: Any) -> str:
    """A value as it reads in a manifest (true, "x", 0)."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return str(value)


def _report(problems: Sequence[str]) -> str | None:
    return "; ".join(problems) if problems else None


def _name(resource: Resource) -> str:
    name = _at(resource.inputs, "metadata", "name")
    return name if isinstance(name, str) else resource.name


def pod_template(resource: Resource) -> Mapping[str, Any] | None:
    """The pod template of a workload (the object itself for a bare Pod); None for other types, or when
    it is unknown."""
    path = _TEMPLATE_PATHS.get(resource.type)
    if path is None:
        return None
    template = _at(resource.inputs, *path) if path else resource.inputs
    return template if isinstance(template, Mapping) else None


def pod_spec(resource: Resource) -> Mapping[str, Any] | None:
    """The pod spec of a workload: `spec` of a Pod, `spec.template.spec` of a Deployment, StatefulSet,
    DaemonSet, ReplicaSet, ReplicationController or Job, `spec.jobTemplate.spec.template.spec` of a
    CronJob; None for other types, or when it is unknown."""
    spec = _at(pod_template(resource), "spec")
    return spec if isinstance(spec, Mapping) else None


def pod_labels(resource: Resource) -> Any:
    """The labels of a workload's pods: a mapping, ABSENT, or None when unknown."""
    template = pod_template(resource)
    return None if template is None else _at(template, "metadata", "labels")


_CONTAINER_LISTS = (
    ("containers", "container"),
    ("initContainers", "init container"),
    ("ephemeralContainers", "ephemeral container"),
)


def containers(
    spec: Mapping[str, Any], *, init: bool = True, ephemeral: bool = True
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(label, container) for each container of a pod spec: regular, then init and ephemeral ones."""
    for key, kind in _CONTAINER_LISTS:
        if (key == "initContainers" and not init) or (key == "ephemeralContainers" and not ephemeral):
            continue
        items = _at(spec, key)
        if not isinstance(items, list):
            continue
        for index, container in enumerate(items):
            if isinstance(container, Mapping):
                name = container.get("name")
                yield (f'{kind} "{name}"' if isinstance(name, str) else f"{kind} {index}"), container


def _namespace(resource: Resource) -> str | None:
    """The object's namespace ("default" when it names none); None when unknown."""
    namespace = _at(resource.inputs, "metadata", "namespace")
    if namespace is ABSENT or namespace == "":
        return "default"
    return namespace if isinstance(namespace, str) else None


def _same_namespace(a: Resource, b: Resource) -> bool | None:
    first, second = _namespace(a), _namespace(b)
    return None if first is None or second is None else first == second


def _of(resources: Iterable[Resource], *types: str) -> list[Resource]:
    return [r for r in resources if r.type in types]
