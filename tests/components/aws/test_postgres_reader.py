"""components.aws.ManagedPostgres with read replicas: the first replica's URL and host as the `reader_url`
and `reader_host` keys of the credentials secret (by reference, pinned to its version) and the `reader_url`
output; nothing of the kind, and the secret unchanged, without replicas."""

from __future__ import annotations

import json
from typing import Any, cast

import pulumi
import pytest

from components.aws.postgres import ManagedPostgres, ManagedPostgresArgs, _credentials_json
from stacks.mocks import RecordingMonitor
from tests.conftest import of_type

INSTANCE = "aws:rds/instance:Instance"
PASSWORD = "random:index/randomPassword:RandomPassword"
NETWORK: ManagedPostgresArgs = {
    "vpc_id": "vpc-0a1b2c3d4e5f60718",
    "subnet_ids": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
}
VALUES: dict[str, Any] = {
    "host": "primary.rds.amazonaws.com",
    "port": 5432,
    "username": "app",
    "password": "p@ss",
    "dbname": "shop",
    "identifier": "shop-db",
}


def resolve(args: dict[str, Any], reader: bool) -> dict[str, Any]:
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        db = ManagedPostgres("shop", cast(ManagedPostgresArgs, {**NETWORK, **args}))
        outputs: dict[str, Any] = {
            "reader_url": db.reader_url,
            "secret_arn": db.secret_arn,
            "secret_version_id": db.secret_version_id,
        }
        if reader:
            outputs["reader_url_reference"] = db.secret_reference("reader_url")
            outputs["reader_host_reference"] = db.secret_reference("reader_host")
        else:
            with pytest.raises(ValueError, match=r"'reader_url' is not allowed.*need read_replicas"):
                db.secret_reference("reader_url")
        return pulumi.Output.all(**outputs).apply(resolved.update)

    program()
    assert resolved, "the outputs never resolved"
    return resolved


def test_the_secret_gets_the_first_replicas_url_and_host() -> None:
    values = json.loads(_credentials_json({**VALUES, "reader_host": "replica-1.rds.amazonaws.com"}))
    assert (
        values["reader_url"]
        == "postgresql://app:p%40ss@replica-1.rds.amazonaws.com:5432/shop?sslmode=require"
    )
    assert values["reader_host"] == "replica-1.rds.amazonaws.com"
    assert values["url"] == "postgresql://app:p%40ss@primary.rds.amazonaws.com:5432/shop?sslmode=require"


def test_without_a_replica_the_secret_has_no_reader_keys() -> None:
    assert not {"reader_url", "reader_host"} & set(json.loads(_credentials_json(VALUES)))


def test_the_reader_url_goes_by_reference_to_its_key_at_the_secrets_version(
    monitor: RecordingMonitor,
) -> None:
    out = resolve({"read_replicas": 2}, reader=True)
    (password,) = of_type(monitor, PASSWORD)
    replica = {r.name: r for r in of_type(monitor, INSTANCE)}["shop-replica-1"]  # the first, not the second
    host = replica.state["address"]
    assert (
        out["reader_url"] == f"postgresql://app:{password.state['result']}@{host}:5432/shop?sslmode=require"
    )
    arn, version = out["secret_arn"], out["secret_version_id"]
    assert out["reader_url_reference"] == f"{arn}:reader_url::{version}"
    assert out["reader_host_reference"] == f"{arn}:reader_host::{version}"


def test_without_replicas_there_is_no_reader_url(monitor: RecordingMonitor) -> None:
    out = resolve({}, reader=False)
    assert out["reader_url"] == ""
