"""`stackyard plan --manifests DIR`: every Kubernetes object of a plan as a YAML manifest, one file each,
for review and for users' own validators (kubeconform, kubernetes-validate, kube-score, checkov …).

The objects are the inputs the program gives the Kubernetes provider, as the plan records them: secret
values are already masked ("[secret]"), so the Secrets' manifests carry the keys, never the values.
"""

from __future__ import annotations

import re
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
