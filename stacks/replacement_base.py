"""The vocabulary of the replacement tables (`stacks.replacement` and its per-cloud tables): `Forces` (one
input that forces replacement), `Rule` (a type's inputs and its stateful kind), the builders each cloud's
table uses (`_aws`, `_gcp`, `_k8s`, which add what forces replacement on every resource of that provider),
the sources they cite, and the conditions of conditional rules (a provider's CustomizeDiff).

`kind` marks a stateful resource: replacing or deleting it loses data or something that cannot be
recreated as it was (a database, a cache, a bucket, a volume, a secret whose value was set by hand, a
key that encrypted data, the network the data tier lives in, an image repository, a cluster). Those are
what `stackyard diff` calls out first and what makes it exit 3. Entries with `kind=None` are here so that
their replacement still shows as a replace.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

STATEFUL_KINDS = (
    "database",
    "cache",
    "bucket",
    "volume",
    "secret",
    "key",
    "network",
    "repository",
    "cluster",
)

AWS = "hashicorp/terraform-provider-aws internal/service/"
GCP_MM = "GoogleCloudPlatform/magic-modules mmv1/products/"
GCP_TP = "GoogleCloudPlatform/magic-modules mmv1/third_party/terraform/services/"
K8S = "pulumi/pulumi-kubernetes provider/pkg/provider/diff.go (forceNew)"
AWS_REGION = "hashicorp/terraform-provider-aws internal/provider/sdkv2/region.go (forceNewIfRegionChanges)"


@dataclass(frozen=True)
class Forces:
    """One input that forces replacement when it changes; with `when`, only when `when(before, after)`."""

    path: str
    when: Callable[[Any, Any], bool] | None = None
    note: str = ""

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))


@dataclass(frozen=True)
class Rule:
    """The replacement-forcing inputs of one resource type, and whether the resource is stateful."""

    kind: str | None
    """One of `STATEFUL_KINDS` for a stateful resource; None otherwise."""
    forces: tuple[Forces, ...]
    source: str

    @property
    def stateful(self) -> bool:
        return self.kind is not None


def _rule(kind: str | None, source: str, *paths: str | Forces) -> Rule:
    return Rule(kind, tuple(p if isinstance(p, Forces) else Forces(p) for p in paths), source)


def _aws(kind: str | None, source: str, *paths: str | Forces) -> Rule:
    return _rule(
        kind, f"{AWS}{source}; region: {AWS_REGION}", *paths, Forces("region", note="region override")
    )


def _gcp(kind: str | None, source: str, *paths: str | Forces) -> Rule:
    return _rule(kind, source, *paths, "project")


def _k8s(kind: str | None, *paths: str | Forces) -> Rule:
    return _rule(kind, K8S, "metadata.name", "metadata.namespace", *paths)


# -- conditions (a provider's CustomizeDiff) -----------------------------------------------------------------


def _version(text: Any) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", str(text)))


def _downgrade(before: Any, after: Any) -> bool:
    return before is not None and after is not None and _version(after) < _version(before)


def _valkey_to_redis(before: Any, after: Any) -> bool:
    return str(before).lower() == "valkey" and str(after).lower() == "redis"


def _cidr_not_expanded(before: Any, after: Any) -> bool:
    """Magic Modules' `IsShrinkageIpCidr`: only a range that contains the old one is updated in place."""
    try:
        old, new = ipaddress.ip_network(str(before)), ipaddress.ip_network(str(after))
    except ValueError:
        return True
    if old.version != new.version:
        return True
    return not old.subnet_of(new)  # pyright: ignore[reportArgumentType]


def _unset(before: Any, after: Any) -> bool:
    return bool(before) and not after


def _true_to_false(before: Any, after: Any) -> bool:
    return before is True and after is not True


def _locked_to_unlocked(before: Any, after: Any) -> bool:
    return before is True and after is False


def _shrinks(before: Any, after: Any) -> bool:
    return isinstance(before, int | float) and isinstance(after, int | float) and after < before
