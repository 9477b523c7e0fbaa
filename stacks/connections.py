"""The settings every service gets for the data tier, the same names on every cloud and runtime:
DATABASE_HOST/PORT/NAME/USER/SSLMODE, REDIS_HOST/PORT/TLS and BUCKET_<NAME>. Plain values only; each
caller adds the passwords its own way (ECS and Cloud Run by reference, Kubernetes through a Secret)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import pulumi


class Database(Protocol):
    endpoint: pulumi.Output[str]
    port: pulumi.Output[int]
    database_name: pulumi.Output[str]
    username: pulumi.Output[str]


class Cache(Protocol):
    primary_endpoint: pulumi.Output[str]
    port: pulumi.Output[int]


class Bucket(Protocol):
    bucket_name: pulumi.Output[str]


def database_settings(db: Database) -> dict[str, pulumi.Input[str]]:
    """Where the database is; TLS is always required."""
    return {
        "DATABASE_HOST": db.endpoint,
        "DATABASE_PORT": pulumi.Output.from_input(db.port).apply(str),
        "DATABASE_NAME": db.database_name,
        "DATABASE_USER": db.username,
        "DATABASE_SSLMODE": "require",
    }


def cache_settings(cache: Cache) -> dict[str, pulumi.Input[str]]:
    """Where the cache is; it only speaks TLS."""
    return {
        "REDIS_HOST": cache.primary_endpoint,
        "REDIS_PORT": pulumi.Output.from_input(cache.port).apply(str),
        "REDIS_TLS": "true",
    }


def bucket_settings(buckets: Mapping[str, Bucket]) -> dict[str, pulumi.Input[str]]:
    """Each bucket's name as BUCKET_<NAME> (upper case, - as _)."""
    return {f"BUCKET_{name.upper().replace('-', '_')}": b.bucket_name for name, b in buckets.items()}
