"""The Kubernetes name and label rules of `ContainerService`, which `AppNamespace` shares: name limits, the
recommended labels, and the checks of `labels`, `part_of` and `namespace`."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pulumi

from ...checks import not_allowed
from ...limits import SYSTEM_NAMESPACES as SYSTEM_NAMESPACES

COMPONENT = "ContainerService"

# -- Kubernetes names and labels (kubernetes.io/docs/concepts/overview/working-with-objects/names,
# .../labels#syntax-and-character-set) ---------------------------------------------------------------------

NAME_LIMIT = 63  # a Service's name is an RFC 1035 label; every object of a service shares its base name
# A CronJob's name: at most 52 characters, since the Job controller appends 11 (kubernetes.io/docs/concepts/
# workloads/controllers/cron-jobs, "CronJob name ... no longer than 52 characters").
CRONJOB_NAME_LIMIT = 52
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
LABEL_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$")

# The recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels).
NAME_LABEL = "app.kubernetes.io/name"
INSTANCE_LABEL = "app.kubernetes.io/instance"
PART_OF_LABEL = "app.kubernetes.io/part-of"
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
COMPONENT_LABEL = "app.kubernetes.io/component"
MANAGED_BY = "stackyard"
SET_BY_STACKYARD = (NAME_LABEL, INSTANCE_LABEL, PART_OF_LABEL, MANAGED_BY_LABEL, COMPONENT_LABEL)
# Label prefixes reserved for Kubernetes itself, and the Pod Security labels AppNamespace owns.
RESERVED_PREFIXES = ("kubernetes.io", "k8s.io", "pod-security.kubernetes.io")
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"  # set by the API server on every namespace (1.22+)


def check_labels(component: str, labels: object) -> dict[str, str]:
    """`labels` (None means none) as a dict, or a ValueError naming `component` and the labels that break
    Kubernetes' syntax or would override a label stackyard sets."""
    if labels is None:
        return {}
    if not isinstance(labels, Mapping):
        raise not_allowed(component, "labels", labels, "use a dict of label key -> value")
    for key, value in labels.items():
        prefix, slash, label = key.rpartition("/") if isinstance(key, str) else ("", "", "")
        if not (
            isinstance(key, str)
            and LABEL_NAME.match(label)
            and (not slash or DNS_SUBDOMAIN.match(prefix))
            and isinstance(value, str)
            and LABEL_VALUE.match(value)
        ):
            raise ValueError(
                f"{component} labels {{{key!r}: {value!r}}} is not allowed; use keys [prefix/]name (name: "
                "up to 63 letters, digits, - _ . starting and ending with a letter or digit; prefix: a DNS "
                "subdomain) and values of up to 63 such characters"
            )
        if key in SET_BY_STACKYARD or prefix in RESERVED_PREFIXES:
            raise ValueError(
                f"{component} labels {key!r} is not allowed: stackyard or Kubernetes sets it "
                f"({', '.join(SET_BY_STACKYARD)}; prefixes {', '.join(RESERVED_PREFIXES)}); use part_of for "
                "app.kubernetes.io/part-of, or another key"
            )
    return dict(labels)


def check_part_of(component: str, part_of: object, default: str) -> str:
    """The `app.kubernetes.io/part-of` value: `part_of`, or `default` when None."""
    value = default if part_of is None else part_of
    if not (isinstance(value, str) and value and LABEL_VALUE.match(value)):
        raise not_allowed(
            component, "part_of", part_of, "use up to 63 letters, digits, - _ . (a label value), e.g. shop"
        )
    return value


def recommended_labels(name: str, part_of: str, role: str | None = None) -> dict[str, str]:
    """The recommended labels of an object of `name` (also its instance) in application `part_of`."""
    labels = {
        NAME_LABEL: name,
        INSTANCE_LABEL: name,
        PART_OF_LABEL: part_of,
        MANAGED_BY_LABEL: MANAGED_BY,
    }
    if role is not None:
        labels[COMPONENT_LABEL] = role
    return labels


def check_namespace(component: str, namespace: object) -> pulumi.Input[str]:
    """A namespace to deploy into: an Output (e.g. `AppNamespace.namespace`), or the name of one that is
    not `default` nor a system namespace."""
    if isinstance(namespace, pulumi.Output):
        return namespace
    if not (isinstance(namespace, str) and DNS_LABEL.match(namespace)):
        raise not_allowed(
            component,
            "namespace",
            namespace,
            "use a namespace name (an RFC 1123 label) or AppNamespace.namespace",
        )
    if namespace in SYSTEM_NAMESPACES or namespace.startswith("kube-"):
        raise not_allowed(
            component,
            "namespace",
            namespace,
            "use the application's own namespace (AppNamespace), not default or kube-*",
        )
    return namespace
