"""Which input changes make the cloud provider replace a resource: the table `stackyard diff` reads.

A bridged Pulumi provider replaces a resource (delete and create, or create and delete) when an input that
the upstream Terraform provider marks `ForceNew` changes, or one that Magic Modules marks `immutable` (GCP),
or one the Kubernetes provider lists in its `forceNew` table. The plan cannot ask the provider, so this
module declares those inputs per Pulumi type token, with the camelCase names the plan shows, each entry
citing where it was read:

- AWS: hashicorp/terraform-provider-aws, `internal/service/<service>/<resource>.go` (`ForceNew: true` in
  the schema). Every regional AWS resource also takes the top-level `region` argument of provider v6
  (pulumi-aws v7), which forces replacement (`internal/provider/sdkv2/region.go`, `forceNewIfRegionChanges`).
- GCP: GoogleCloudPlatform/magic-modules, `mmv1/products/<product>/<Resource>.yaml` (`immutable: true`,
  on the property or on the resource; a property with its own `update_url` is updatable) or, for the
  handwritten resources, `mmv1/third_party/terraform/services/<service>/resource_<name>.go.tmpl`.
  `project` forces replacement on every GCP resource.
- Kubernetes: pulumi/pulumi-kubernetes, `provider/pkg/provider/diff.go` (`forceNew`): `metadata.name` and
  `metadata.namespace` on every kind, plus the kind's own list.

The tables are one module per cloud (`replacement_rules_aws`, `replacement_rules_gcp`,
`replacement_rules_k8s`), built from the vocabulary of `replacement_base`; this module joins them into
`REPLACEMENT` and reads it: `rule_for`, `values_at`, `forced_replacements`. Every name of those modules
that this one exported before the split is re-exported here.

`kind` marks a stateful resource: replacing or deleting it loses data or something that cannot be
recreated as it was (a database, a cache, a bucket, a volume, a secret whose value was set by hand, a
key that encrypted data, the network the data tier lives in, an image repository, a cluster). Those are
what `stackyard diff` calls out first and what makes it exit 3. Entries with `kind=None` are here so that
their replacement still shows as a replace.

A path is dotted camelCase into the inputs (`settings.ipConfiguration.privateNetwork`); a path through a
list applies to every element. Conditional rules (`Forces.when`) mirror a provider's CustomizeDiff, e.g. a
Cloud SQL disk that may grow in place but not shrink.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .replacement_base import (  # noqa: F401
    AWS,
    AWS_REGION,
    GCP_MM,
    GCP_TP,
    K8S,
    STATEFUL_KINDS,
    Forces,
    Rule,
    _aws,
    _cidr_not_expanded,
    _downgrade,
    _gcp,
    _k8s,
    _locked_to_unlocked,
    _rule,
    _shrinks,
    _true_to_false,
    _unset,
    _valkey_to_redis,
    _version,
)
from .replacement_rules_aws import AWS_RULES
from .replacement_rules_gcp import GCP_RULES
from .replacement_rules_k8s import K8S_RULES

REPLACEMENT: dict[str, Rule] = {
    **AWS_RULES,
    # -- random ---------------------------------------------------------------------------------------------
    "random:index/randomPassword:RandomPassword": _rule(
        None,
        "hashicorp/terraform-provider-random internal/provider/resource_password.go (RequiresReplace)",
        "keepers",
        "length",
        "special",
        "upper",
        "lower",
        "numeric",
        "minLower",
        "minUpper",
        "minNumeric",
        "minSpecial",
        "overrideSpecial",
    ),
    **GCP_RULES,
    **K8S_RULES,
}

_AWS_DEFAULT = _rule(None, AWS_REGION, "region")
_GCP_DEFAULT = _rule(None, f"{GCP_MM} (project is immutable on every resource)", "project")
_K8S_DEFAULT = _k8s(None)
_NONE = _rule(None, "")


def rule_for(type_: str) -> Rule:
    """The declared rule of `type_`; for an undeclared type, what forces replacement on every type of its
    provider (AWS `region`, GCP `project`, Kubernetes `metadata.name` / `metadata.namespace`)."""
    if type_ in REPLACEMENT:
        return REPLACEMENT[type_]
    if type_.startswith("pulumi:"):
        return _NONE
    if type_.startswith("aws:"):
        return _AWS_DEFAULT
    if type_.startswith("gcp:"):
        return _GCP_DEFAULT
    if type_.startswith("kubernetes:"):
        return _K8S_DEFAULT
    return _NONE


MISSING: Any = object()
"""The value at a path that is not there."""


def values_at(inputs: Any, parts: tuple[str, ...]) -> Any:
    """The value at dotted `parts` in `inputs`; through a list, the list of each element's value."""
    value = inputs
    for index, part in enumerate(parts):
        if isinstance(value, list):
            return [values_at(item, parts[index:]) for item in value]
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


@dataclass(frozen=True)
class Forced:
    """A replacement-forcing input that changed."""

    path: str
    before: Any
    after: Any
    note: str


def forced_replacements(type_: str, before: dict[str, Any], after: dict[str, Any]) -> Iterator[Forced]:
    """Each input of `type_` that changed between `before` and `after` and forces replacement."""
    for forces in rule_for(type_).forces:
        old, new = values_at(before, forces.parts), values_at(after, forces.parts)
        if _same(old, new):
            continue
        if forces.when is not None and not (
            old is not MISSING and new is not MISSING and forces.when(old, new)
        ):
            continue
        yield Forced(forces.path, old, new, forces.note)


def _empty(value: Any) -> bool:
    return value is MISSING or value is None or (isinstance(value, str | list | dict) and not value)


def _same(old: Any, new: Any) -> bool:
    """Equal, reading a missing value and an empty one (None, "", [], {}) alike, as a provider does."""
    if _empty(old) and _empty(new):
        return True
    return type(old) is type(new) and json.dumps(old, sort_keys=True, default=str) == json.dumps(
        new, sort_keys=True, default=str
    )
