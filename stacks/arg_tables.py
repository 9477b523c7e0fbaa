"""How each stack-file section reaches its component: one table per section, read by both clouds' builders.

`COPIED` maps a key of the section (`app.database.storage_gb`) to the component argument that takes its
value as it is (`allocated_storage_gb`). `arguments()` copies it on every cloud whose component declares
that argument (its `...Args` TypedDict) and leaves it out when the value is None or empty, so the
component's own default applies; a cloud whose component has no such argument never gets it (the stack file
is refused such a key first, by `stacks.unused_keys`). `DERIVED` names the keys that become an argument
through a rule rather than a copy, and where that rule lives. `tests/stacks/test_arg_tables.py` holds that
every key of every section is in exactly one of the two, and that every copied argument exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class Section:
    """One stack-file section's way to its component."""

    copied: Mapping[str, str]
    """Config key -> the component argument that takes its value unchanged."""
    derived: Mapping[str, str]
    """Config key -> what it becomes, and where (a size table, a cloud rule)."""


DATABASE = Section(
    copied={
        "version": "engine_version",
        "storage_gb": "allocated_storage_gb",
        "max_storage_gb": "max_allocated_storage_gb",
        "multi_az": "multi_az",
        "read_replicas": "read_replicas",
        "backup_retention_days": "backup_retention_days",
        "point_in_time_recovery": "point_in_time_recovery",
        "deletion_protection": "deletion_protection",
        "final_snapshot": "final_snapshot",
        "protect": "protect",
        "extensions": "extensions",
        "parameters": "parameters",
        "cross_region_replica": "cross_region_replica",
        "backup_replication_region": "backup_replication_region",
        "name": "database_name",
        "password_version": "password_version",
        "rds_managed_password": "rds_managed_password",
    },
    derived={
        "size": "instance_class (aws) or tier (gcp): stacks.data_sizing.database_class / database_tier",
        "cpu": "with memory_gb, the instance class or tier that fits: stacks.data_sizing",
        "memory_gb": "with cpu, the instance class or tier that fits: stacks.data_sizing",
    },
)

CACHE = Section(
    copied={
        "engine": "engine",
        "version": "engine_version",
        "replicas": "replicas",
        "automatic_failover": "automatic_failover",
        "eviction": "maxmemory_policy",
        "parameters": "parameters",
        "protect": "protect",
    },
    derived={
        "size": "node_type (aws: stacks.aws.CACHE_NODE_TYPES) or memory_size_gb (gcp: stacks.data_sizing)",
        "snapshot_retention_days": "snapshot_retention_days, 0 with persistence none (aws: stacks.aws)",
        "persistence": "snapshots off with none (aws); persistence rdb or none (gcp: stacks.gcp)",
        "maxmemory_mb": "reserved-memory-percent (aws) or maxmemory-gb (gcp): stacks.data_sizing",
        "snapshot_every_hours": "snapshot_every_hours (aws) or rdb_snapshot_hours (gcp): stacks.data_sizing",
    },
)

BUCKET = Section(
    copied={
        "versioned": "versioning",
        "expire_days": "expire_days",
        "cors_origins": "cors_origins",
        "replication_region": "replication_region",
        "protect": "protect",
    },
    derived={},
)

NETWORK = Section(
    copied={
        "cidr": "cidr_block",
        "zones": "zone_count",
        "availability_zones": "availability_zones",
        "endpoints": "interface_endpoints",
        "flow_log_retention_days": "flow_log_retention_days",
    },
    derived={
        "nat": "nat: the NAT mode (aws) or on unless none (gcp): stacks.aws._network / stacks.gcp._network",
        "flow_logs": "flow_logs: cloudwatch or none (aws), on or off (gcp): stacks.aws / stacks.gcp _network",
    },
)


def declared(args_type: type) -> frozenset[str]:
    """Every argument a component's `...Args` TypedDict declares."""
    return frozenset(args_type.__required_keys__ | args_type.__optional_keys__)  # type: ignore[attr-defined]


def arguments(section: Section, model: BaseModel, args_type: type) -> dict[str, Any]:
    """The copied keys of `model` as `args_type`'s arguments: only those it declares, None and empty strings
    left out, lists and mappings copied."""
    accepted = declared(args_type)
    found: dict[str, Any] = {}
    for key, argument in section.copied.items():
        value = getattr(model, key)
        if argument not in accepted or value is None or value == "":
            continue
        if isinstance(value, list | tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = dict(value)
        found[argument] = value
    return found
