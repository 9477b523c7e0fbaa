"""One mapping table per stack-file section (stacks/arg_tables.py): every key of a section reaches its
component through the table (copied) or a named rule (derived), never both and never neither; every copied
argument is one the component declares; and a copied value arrives unchanged on each cloud that has it."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from components.aws.bucket import BucketArgs as AwsBucketArgs
from components.aws.postgres import ManagedPostgresArgs as AwsPostgresArgs
from components.aws.redis import RedisCacheArgs as AwsRedisArgs
from components.aws.vpc import VpcArgs as AwsVpcArgs
from components.gcp.bucket import BucketArgs as GcpBucketArgs
from components.gcp.postgres import ManagedPostgresArgs as GcpPostgresArgs
from components.gcp.redis import RedisCacheArgs as GcpRedisArgs
from components.gcp.vpc import VpcArgs as GcpVpcArgs
from stacks.arg_tables import BUCKET, CACHE, DATABASE, NETWORK, Section, arguments, declared
from stacks.model import BucketSpec, Cache, Database, Network

SECTIONS: list[tuple[str, Section, type[BaseModel], tuple[type, type]]] = [
    ("database", DATABASE, Database, (AwsPostgresArgs, GcpPostgresArgs)),
    ("cache", CACHE, Cache, (AwsRedisArgs, GcpRedisArgs)),
    ("buckets.NAME", BUCKET, BucketSpec, (AwsBucketArgs, GcpBucketArgs)),
    ("network", NETWORK, Network, (AwsVpcArgs, GcpVpcArgs)),
]
IDS = [s[0] for s in SECTIONS]


@pytest.mark.parametrize(("section", "table", "model", "args_types"), SECTIONS, ids=IDS)
def test_every_key_of_the_section_is_copied_or_derived_once(
    section: str, table: Section, model: type[BaseModel], args_types: tuple[type, type]
) -> None:
    keys = set(model.model_fields)
    assert set(table.copied) | set(table.derived) == keys, (
        f"app.{section}: add the key to stacks/arg_tables.py"
    )
    assert not set(table.copied) & set(table.derived)


@pytest.mark.parametrize(("section", "table", "model", "args_types"), SECTIONS, ids=IDS)
def test_every_copied_argument_is_declared_by_a_component(
    section: str, table: Section, model: type[BaseModel], args_types: tuple[type, type]
) -> None:
    offered = declared(args_types[0]) | declared(args_types[1])
    assert [a for a in table.copied.values() if a not in offered] == []


def test_copied_values_arrive_unchanged_where_the_component_declares_them() -> None:
    database = Database.model_validate(
        {"storage_gb": 250, "max_storage_gb": 900, "extensions": ["pgvector"], "name": "shop"}
    )
    aws: dict[str, Any] = arguments(DATABASE, database, AwsPostgresArgs)
    gcp: dict[str, Any] = arguments(DATABASE, database, GcpPostgresArgs)
    for found in (aws, gcp):
        assert found["allocated_storage_gb"] == 250 and found["max_allocated_storage_gb"] == 900
        assert found["extensions"] == ["pgvector"] and found["database_name"] == "shop"
        assert found["extensions"] is not database.extensions  # a copy the builder may extend
    assert "point_in_time_recovery" in gcp and "point_in_time_recovery" not in aws  # RDS has no such knob
    assert "rds_managed_password" in aws and "rds_managed_password" not in gcp


def test_absent_values_leave_the_component_default() -> None:
    found = arguments(DATABASE, Database.model_validate({}), AwsPostgresArgs)
    assert "max_allocated_storage_gb" not in found  # None in the config: the component doubles the storage
    assert "cross_region_replica" not in found and "database_name" not in found
