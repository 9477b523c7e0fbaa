"""`stackyard plan --manifests DIR`: every Kubernetes object of a plan as a YAML manifest, one file each,
for review and for users' own validators (kubeconform, kubernetes-validate, kube-score, checkov …).

The objects are the inputs the program gives the Kubernetes provider, as the plan records them: secret
values are already masked ("[secret]"), so the Secrets' manifests carry the keys, never the values.

`python -m stacks.manifests [--kubernetes-version V] FILE...` validates written manifests (CI runs it):
the Kubernetes kinds against Kubernetes' OpenAPI schemas with kubernetes-validate in strict mode (no
unknown field), and the custom resources the stacks create (EKS Auto Mode's IngressClassParams and
NodeClass, Karpenter's NodePool, GKE's ManagedCertificate, FrontendConfig and BackendConfig), which those
schemas do not cover, against `CUSTOM_RESOURCES`: hand-written from each controller's documentation, just
as strict (required fields, allowed values, no unknown field). kubernetes-validate itself only warns about a
kind it has no schema for; here an unknown kind is an error.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .mocks import SECRET_MASK
from .plan import Plan

KUBERNETES = "kubernetes:"
PROVIDER = "pulumi:providers:"
# Inputs the Pulumi provider reads that are not part of the object.
_NOT_OBJECT = {"__defaults"}


def kubernetes_objects(plan: Plan) -> list[dict[str, Any]]:
    """The Kubernetes objects of `plan`, in the order the program created them."""
    objects = []
    for resource in plan.resources:
        if (
            resource.custom
            and resource.type.startswith(KUBERNETES)
            and not resource.type.startswith(PROVIDER)
        ):
            fields = {k: v for k, v in resource.inputs.items() if k not in _NOT_OBJECT}
            # The usual reading order: what it is, its name, then its contents.
            first = [k for k in ("apiVersion", "kind", "metadata") if k in fields]
            manifest = {k: fields[k] for k in [*first, *sorted(set(fields) - set(first))]}
            objects.append(_secret_keys_without_values(manifest, resource.state))
    return objects


def write_manifests(plan: Plan, directory: Path) -> list[Path]:
    """Write each object to `directory` as `<namespace>.<kind>.<name>.yaml` (namespace "cluster" for a
    cluster-scoped object); returns the paths. Existing files of the same names are replaced."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for manifest in kubernetes_objects(plan):
        metadata = manifest.get("metadata") or {}
        parts = (metadata.get("namespace") or "cluster", manifest.get("kind", "object"), metadata.get("name"))
        path = directory / (".".join(_file_part(str(p)) for p in parts) + ".yaml")
        path.write_text(yaml.safe_dump(manifest, sort_keys=False))
        written.append(path)
    return written


def _secret_keys_without_values(manifest: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """The Kubernetes provider marks a Secret's whole `data`/`stringData` secret, so the plan masks the map
    as one string; write the map with its keys (from the mocked state) and every value masked."""
    if manifest.get("kind") == "Secret":
        for field in ("data", "stringData"):
            if manifest.get(field) == SECRET_MASK:
                given = state.get(field)
                keys = sorted(given) if isinstance(given, dict) else []
                manifest[field] = dict.fromkeys(keys, SECRET_MASK)
    return manifest


def _file_part(text: str) -> str:
    return re.sub(r"[^a-z0-9.-]+", "-", text.lower()).strip("-") or "unnamed"


# -- validation ----------------------------------------------------------------------------------------------

DEFAULT_KUBERNETES_VERSION = "1.34.0"  # a release EKS and GKE run (.ci/run validates against it too)
DNS_SUBDOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
ANY = object()
"""A field whose content is not checked (free-form, or not used by stackyard)."""


@dataclass(frozen=True)
class Obj:
    """An object with these fields (no other), of which `required` must be present."""

    fields: Mapping[str, Any]
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListOf:
    """A list of `item`, with `min_items` to `max_items` entries."""

    item: Any
    min_items: int = 0
    max_items: int | None = None


@dataclass(frozen=True)
class MapOf:
    """A map of string keys to `value`."""

    value: Any


@dataclass(frozen=True)
class CustomKind:
    """A custom resource: cluster-scoped or namespaced, its `spec`, and where its fields are documented."""

    namespaced: bool
    spec: Obj
    source: str
    required_spec: bool = field(default=True)


_REQUIREMENT_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")
CUSTOM_RESOURCES: dict[tuple[str, str], CustomKind] = {
    ("eks.amazonaws.com/v1", "IngressClassParams"): CustomKind(
        namespaced=False,
        spec=Obj(
            {
                "scheme": ("internet-facing", "internal"),
                "loadBalancerName": str,
                "namespaceSelector": ANY,
                "group": Obj({"name": str}, required=("name",)),
                "ipAddressType": ("ipv4", "dualstack", "dualstack-without-public-ipv4"),
                "subnets": Obj({"ids": ListOf(str, 1), "matchTags": ListOf(ANY, 1)}),
                "certificateARNs": ListOf(str, 1),
                "sslPolicy": str,
                "inboundCIDRs": ListOf(str, 1),
                "prefixListsIDs": ListOf(str, 1),
                "targetType": ("instance", "ip"),
                "tags": ANY,
                "loadBalancerAttributes": ListOf(Obj({"key": str, "value": str}, required=("key", "value"))),
                "listeners": ANY,
                "minimumLoadBalancerCapacity": ANY,
                "ipamConfiguration": ANY,
            }
        ),
        source="EKS User Guide, Create an IngressClass to configure an Application Load Balancer, "
        "IngressClassParams Reference",
    ),
    ("eks.amazonaws.com/v1", "NodeClass"): CustomKind(
        namespaced=False,
        spec=Obj(
            {
                "role": str,
                "subnetSelectorTerms": ListOf(Obj({"id": str, "tags": MapOf(str)}), 1),
                "securityGroupSelectorTerms": ListOf(Obj({"id": str, "name": str, "tags": MapOf(str)}), 1),
                "snatPolicy": ("Random", "Disabled"),
                "networkPolicy": ("DefaultAllow", "DefaultDeny"),
                "networkPolicyEventLogs": ("Enabled", "Disabled"),
                "ephemeralStorage": Obj({"size": str, "iops": int, "throughput": int}),
                "tags": MapOf(str),
                "podSubnetSelectorTerms": ANY,
                "podSecurityGroupSelectorTerms": ANY,
            },
            required=("role", "subnetSelectorTerms", "securityGroupSelectorTerms"),
        ),
        source="EKS User Guide, Create a Node Class for Amazon EKS, Node Class Specification",
    ),
    ("karpenter.sh/v1", "NodePool"): CustomKind(
        namespaced=False,
        spec=Obj(
            {
                "template": Obj(
                    {
                        "metadata": Obj({"labels": MapOf(str), "annotations": MapOf(str)}),
                        "spec": Obj(
                            {
                                "nodeClassRef": Obj(
                                    {"group": str, "kind": str, "name": str},
                                    required=("group", "kind", "name"),
                                ),
                                "requirements": ListOf(
                                    Obj(
                                        {
                                            "key": str,
                                            "operator": _REQUIREMENT_OPERATORS,
                                            "values": ListOf(str),
                                            "minValues": int,
                                        },
                                        required=("key", "operator"),
                                    )
                                ),
                                "taints": ANY,
                                "startupTaints": ANY,
                                "expireAfter": str,
                                "terminationGracePeriod": str,
                            },
                            required=("nodeClassRef", "requirements"),
                        ),
                    },
                    required=("spec",),
                ),
                "disruption": Obj(
                    {
                        "consolidationPolicy": ("WhenEmpty", "WhenEmptyOrUnderutilized"),
                        "consolidateAfter": str,
                        "budgets": ListOf(
                            Obj({"nodes": str, "reasons": ListOf(str), "schedule": str, "duration": str})
                        ),
                    }
                ),
                "limits": MapOf(ANY),
                "weight": int,
            },
            required=("template",),
        ),
        source="EKS User Guide, Create a Node Pool for EKS Auto Mode; Karpenter v1 NodePool API",
    ),
    ("networking.gke.io/v1", "ManagedCertificate"): CustomKind(
        namespaced=True,
        spec=Obj({"domains": ListOf(str, 1, 100)}, required=("domains",)),
        source="GKE docs, Using Google-managed SSL certificates",
    ),
    ("networking.gke.io/v1beta1", "FrontendConfig"): CustomKind(
        namespaced=True,
        spec=Obj(
            {
                "sslPolicy": str,
                "redirectToHttps": Obj(
                    {
                        "enabled": bool,
                        "responseCodeName": (
                            "MOVED_PERMANENTLY_DEFAULT",
                            "FOUND",
                            "SEE_OTHER",
                            "TEMPORARY_REDIRECT",
                            "PERMANENT_REDIRECT",
                        ),
                    },
                    required=("enabled",),
                ),
            }
        ),
        source="GKE docs, Ingress configuration on Google Cloud, FrontendConfig parameters",
    ),
    ("cloud.google.com/v1", "BackendConfig"): CustomKind(
        namespaced=True,
        spec=Obj(
            {
                "healthCheck": Obj(
                    {
                        "checkIntervalSec": int,
                        "timeoutSec": int,
                        "healthyThreshold": int,
                        "unhealthyThreshold": int,
                        "type": ("HTTP", "HTTPS", "HTTP2"),
                        "requestPath": str,
                        "port": int,
                    }
                ),
                "timeoutSec": int,
                "connectionDraining": ANY,
                "cdn": ANY,
                "securityPolicy": ANY,
                "logging": ANY,
                "iap": ANY,
                "sessionAffinity": ANY,
                "customRequestHeaders": ANY,
                "customResponseHeaders": ANY,
            }
        ),
        source="GKE docs, Ingress configuration on Google Cloud, BackendConfig parameters",
    ),
}


def custom_resource_problems(manifest: Mapping[str, Any]) -> list[str]:
    """What is wrong with a custom resource of `CUSTOM_RESOURCES` (one line each); [] when it is valid."""
    kind = CUSTOM_RESOURCES[(manifest.get("apiVersion"), manifest.get("kind"))]  # type: ignore[index]
    problems = [
        f"{key}: unknown field" for key in manifest if key not in ("apiVersion", "kind", "metadata", "spec")
    ]
    metadata = manifest.get("metadata")
    if not isinstance(metadata, Mapping):
        return [*problems, "metadata: required"]
    name = metadata.get("name")
    if not (isinstance(name, str) and DNS_SUBDOMAIN.match(name)):
        problems.append(f"metadata.name: {name!r} is not a DNS subdomain")
    namespace = metadata.get("namespace")
    if kind.namespaced and not (isinstance(namespace, str) and namespace):
        problems.append("metadata.namespace: required (a namespaced kind)")
    if not kind.namespaced and namespace is not None:
        problems.append("metadata.namespace: not allowed (a cluster-scoped kind)")
    if "spec" not in manifest:
        return [*problems, "spec: required"] if kind.required_spec else problems
    return problems + _problems(manifest["spec"], kind.spec, "spec")


def _problems(value: Any, schema: Any, path: str) -> list[str]:
    if schema is ANY:
        return []
    if isinstance(schema, tuple):
        return [] if value in schema else [f"{path}: {value!r} is not one of {', '.join(schema)}"]
    if schema is int or schema is bool or schema is str:
        ok = isinstance(value, schema) and (schema is bool or not isinstance(value, bool))
        return [] if ok else [f"{path}: {value!r} is not a {schema.__name__}"]
    if isinstance(schema, ListOf):
        if not isinstance(value, list):
            return [f"{path}: {value!r} is not a list"]
        if len(value) < schema.min_items or (schema.max_items is not None and len(value) > schema.max_items):
            return [f"{path}: {len(value)} items; allowed {schema.min_items} to {schema.max_items or 'any'}"]
        return [p for n, item in enumerate(value) for p in _problems(item, schema.item, f"{path}[{n}]")]
    if isinstance(schema, MapOf):
        if not isinstance(value, Mapping):
            return [f"{path}: {value!r} is not a map"]
        return [p for key, item in value.items() for p in _problems(item, schema.value, f"{path}.{key}")]
    assert isinstance(schema, Obj)
    if not isinstance(value, Mapping):
        return [f"{path}: {value!r} is not an object"]
    problems = [f"{path}.{key}: required" for key in schema.required if key not in value]
    for key, item in value.items():
        if key not in schema.fields:
            problems.append(f"{path}.{key}: unknown field")
        else:
            problems.extend(_problems(item, schema.fields[key], f"{path}.{key}"))
    return problems


def manifest_problems(
    manifest: Mapping[str, Any], kubernetes_version: str = DEFAULT_KUBERNETES_VERSION
) -> list[str]:
    """What is wrong with one manifest: a custom resource of `CUSTOM_RESOURCES` against its hand-written
    schema, anything else against Kubernetes' own schema (kubernetes-validate, strict); a kind with neither
    is a problem too."""
    import kubernetes_validate  # the validator is a development dependency, used by CI and the tests

    if (manifest.get("apiVersion"), manifest.get("kind")) in CUSTOM_RESOURCES:
        return custom_resource_problems(manifest)
    try:
        kubernetes_validate.validate(dict(manifest), kubernetes_version, strict=True)
    except kubernetes_validate.SchemaNotFoundError:
        return [
            f"{manifest.get('apiVersion')} {manifest.get('kind')}: no Kubernetes schema, and not one of "
            "the custom resources stacks/manifests.py knows (CUSTOM_RESOURCES)"
        ]
    except kubernetes_validate.ValidationError as error:
        return [f"{'.'.join(map(str, error.path)) or '(object)'}: {error.message}"]
    return []


def main(argv: Sequence[str] | None = None) -> int:
    """Validate manifest files; print one line per problem and exit 1 if there is any."""
    parser = argparse.ArgumentParser(
        prog="python -m stacks.manifests", description="Validate Kubernetes manifests."
    )
    parser.add_argument("--kubernetes-version", default=DEFAULT_KUBERNETES_VERSION)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    checked = failed = 0
    for path in args.files:
        for manifest in yaml.safe_load_all(path.read_text()):
            if not manifest:
                continue
            problems = manifest_problems(manifest, args.kubernetes_version)
            label = f"{path} ({manifest.get('kind')} {(manifest.get('metadata') or {}).get('name')})"
            for problem in problems:
                print(f"ERROR {label}: {problem}")
            checked += 1
            failed += bool(problems)
    print(f"{checked - failed} of {checked} manifests valid (Kubernetes {args.kubernetes_version})")
    return 1 if failed or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
