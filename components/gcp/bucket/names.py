"""The bucket's name and location: the GCS naming rules, the checks of `bucket_name` and `physical_name`,
and the step that settles the bucket's `location` (the provider's region when none is given) and `name`
(`bucket_name`, Pulumi's auto-name, or `physical_name` plus a stable hash)."""

import hashlib
import re
from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_base, physical_name
from .locations import _Placement

# Pulumi auto-names a bucket `<logical name>-<7 random characters>` (pulumi-gcp's AutoName for
# google_storage_bucket); GCS allows 63 characters without dots, so the logical name keeps to 55.
MAX_AUTONAME_BASE = 63 - 8

# GCS bucket names (cloud.google.com/storage/docs/buckets#naming): 3-63 lowercase letters, digits, - and _,
# starting and ending with a letter or digit; not starting with "goog", not containing "google" or a close
# misspelling. Names with dots (up to 222 characters) need a verified domain and are not offered here.
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$")
GOOGLE_LIKE = re.compile(r"g[o0][o0]g[l1]e")


def location_and_name(
    owner: pulumi.Resource, placement: _Placement, named_base: str | None, args: Mapping[str, Any]
) -> tuple[pulumi.Input[str], pulumi.Input[str] | None]:
    """The bucket's `location` and `name`; the provider's region and project are looked up (as invokes of
    the component) only when needed."""

    def client() -> pulumi.Output[gcp.organizations.GetClientConfigResult]:
        return gcp.organizations.get_client_config_output(opts=pulumi.InvokeOutputOptions(parent=owner))

    location: pulumi.Input[str] = placement.location if placement.location is not None else client().region
    bucket_name: pulumi.Input[str] | None = args.get("bucket_name")
    if bucket_name is None and named_base is not None:
        base, data_locations = named_base, placement.data_locations or []
        bucket_name = pulumi.Output.all(args.get("project") or client().project, location).apply(
            lambda v: _hashed_name(base, v[0], v[1], data_locations)
        )
    return location, bucket_name


def _hashed_name(base: str, project: str, location: str, data_locations: list[str]) -> str:
    """`base` made GCS-safe (at most 55 characters), "-", and 7 hex characters of a hash of the project,
    the location and `base`: the shape of Pulumi's auto-name, but stable and, through the project id,
    globally unique."""
    where = "/".join([project, location.lower(), *sorted(d.lower() for d in data_locations), base])
    return f"{physical_name(base, MAX_AUTONAME_BASE)}-{hashlib.sha256(where.encode()).hexdigest()[:7]}"


def _named_base(name: str, value: object, bucket_name: object) -> str | None:
    """The checked `physical_name`; None when the bucket is not named after it (it is the component name,
    or `bucket_name` is given)."""
    base = physical_base("Bucket", name, value)
    if value is None or base == name or bucket_name is not None:
        return None
    if base.startswith("goog") or GOOGLE_LIKE.search(base):
        raise ValueError(
            f"Bucket physical_name {base!r} is not allowed; GCS refuses bucket names that start with 'goog' "
            "or contain 'google'"
        )
    return base


def _check_bucket_name(name: str, bucket_name: object) -> str:
    """The logical name of the bucket resource; checks `bucket_name` or the auto-name it stands for."""
    logical = physical_name(name, MAX_AUTONAME_BASE)
    if bucket_name is None:
        if logical.startswith("goog") or GOOGLE_LIKE.search(logical):
            raise ValueError(
                f"Bucket bucket_name None is not allowed for a component named {name!r}; GCS refuses names "
                "that start with 'goog' or contain 'google': give bucket_name or another component name"
            )
        return logical
    if isinstance(bucket_name, pulumi.Output):
        return logical
    if (
        not isinstance(bucket_name, str)
        or not BUCKET_NAME.match(bucket_name)
        or bucket_name.startswith("goog")
        or GOOGLE_LIKE.search(bucket_name)
    ):
        raise ValueError(
            f"Bucket bucket_name {bucket_name!r} is not allowed; use 3-63 lowercase letters, digits, - or _, "
            "starting and ending with a letter or digit, not starting with 'goog' or containing 'google'"
        )
    return logical
