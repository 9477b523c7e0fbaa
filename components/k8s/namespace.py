"""`AppNamespace`: an application's Kubernetes namespace, enforcing Pod Security "restricted" and denying all
traffic by default, so that only each ContainerService's own NetworkPolicy opens anything."""

import re
from typing import TypedDict

import pulumi
import pulumi_kubernetes as k8s

from ..checks import refuse_unknown_keys
from ..naming import physical_name
from .container_service.names import (
    NAME_LIMIT,
    SYSTEM_NAMESPACES,
    check_labels,
    check_part_of,
    recommended_labels,
)

NAMESPACE_COMPONENT = "AppNamespace"
POD_SECURITY_LEVEL = "restricted"
# "latest", or a Kubernetes minor version such as "v1.33" (kubernetes.io/docs/concepts/security/
# pod-security-admission, "pod-security.kubernetes.io/<MODE>-version: <VERSION>").
POD_SECURITY_VERSION = re.compile(r"^(latest|v1\.\d{1,2})$")
DEFAULT_DENY = "default-deny"


class AppNamespaceArgs(TypedDict, total=False):
    pod_security_version: str
    """The Pod Security Standards version the "restricted" level is enforced, audited and warned at:
    "latest" or a Kubernetes minor version such as "v1.33" (pin it to adopt a new Kubernetes version's
    rules deliberately). Default "latest"."""
    part_of: str | None
    """The application the namespace belongs to (label `app.kubernetes.io/part-of`), e.g. "shop". Default
    None: the namespace's own name."""
    labels: dict[str, str]
    """Labels on the namespace and its NetworkPolicy. The recommended `app.kubernetes.io/` labels (name,
    instance, part-of, component, managed-by) and the `pod-security.kubernetes.io/` labels are set by
    stackyard and cannot be given here, nor other keys with the prefixes kubernetes.io/ and k8s.io/.
    Default {}."""


class AppNamespace(pulumi.ComponentResource):
    """A namespace for one application's services.

    The Namespace (named after the component, at most 63 characters; never `default` or `kube-*`) carries
    the Pod Security Admission labels `enforce`, `audit` and `warn` at level "restricted" (version
    `pod_security_version`): the API server refuses any pod that runs privileged, as root, with added
    capabilities, host namespaces or paths, or without seccomp and `allowPrivilegeEscalation: false`. A
    NetworkPolicy `default-deny` selects every pod in the namespace with both policy types and no rule, so
    pods can neither receive nor open connections (not even DNS) until a policy of their own allows it;
    each ContainerService brings one.

    Kubernetes ignores NetworkPolicies unless the cluster's network plugin enforces them (Calico, Cilium,
    GKE Dataplane V2 (on by default in Autopilot), the EKS and AKS network policy options …; on EKS Auto
    Mode the aws `KubernetesCluster` turns enforcement on with `network_policies`).

    Example:

        shop = AppNamespace("shop", {"part_of": "shop", "labels": {"team": "payments"}})
        pulumi.export("namespace", shop.namespace)
    """

    namespace: pulumi.Output[str]
    """The namespace's name, for `ContainerService`'s `namespace`."""

    def __init__(self, name: str, args: AppNamespaceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(AppNamespace, AppNamespaceArgs, name, args, opts)
        namespace_name = physical_name(name, NAME_LIMIT)
        if namespace_name in SYSTEM_NAMESPACES or namespace_name.startswith("kube-"):
            raise ValueError(
                f"{NAMESPACE_COMPONENT} name {name!r} is not allowed: {namespace_name} is the default or a "
                "system namespace; use the application's name, e.g. shop"
            )
        version = args.get("pod_security_version", "latest")
        if not (isinstance(version, str) and POD_SECURITY_VERSION.match(version)):
            raise ValueError(
                f"{NAMESPACE_COMPONENT} pod_security_version {version!r} is not allowed; use latest or a "
                "Kubernetes minor version such as v1.33"
            )
        labels = check_labels(NAMESPACE_COMPONENT, args.get("labels"))
        part_of = check_part_of(NAMESPACE_COMPONENT, args.get("part_of"), namespace_name)
        super().__init__(f"stackyard-k8s:index:{NAMESPACE_COMPONENT}", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)

        pod_security = {
            f"pod-security.kubernetes.io/{mode}{suffix}": value
            for mode in ("enforce", "audit", "warn")
            for suffix, value in (("", POD_SECURITY_LEVEL), ("-version", version))
        }
        namespace = k8s.core.v1.Namespace(
            name,
            metadata={
                "name": namespace_name,
                "labels": {
                    **labels,
                    **recommended_labels(namespace_name, part_of, "namespace"),
                    **pod_security,
                },
            },
            opts=child,
        )
        k8s.networking.v1.NetworkPolicy(
            f"{name}-{DEFAULT_DENY}",
            metadata={
                "name": DEFAULT_DENY,
                "namespace": namespace.metadata.name,
                "labels": {**labels, **recommended_labels(namespace_name, part_of, "network-policy")},
            },
            spec={"pod_selector": {}, "policy_types": ["Ingress", "Egress"]},
            opts=child,
        )
        self.namespace = namespace.metadata.name
        self.register_outputs({"namespace": self.namespace})
