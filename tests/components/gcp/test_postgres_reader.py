"""components.gcp.ManagedPostgres with read replicas: a third secret, `<physical_name>-db-reader-url`, with
the first replica's URL, referenced at its version like the URL secret; none without replicas."""

from __future__ import annotations

from typing import Any, cast

import pulumi
import pytest

from components.gcp.postgres import ManagedPostgres, ManagedPostgresArgs
from stacks.mocks import RecordingMonitor
from tests.conftest import of_type

INSTANCE = "gcp:sql/databaseInstance:DatabaseInstance"
SECRET = "gcp:secretmanager/secret:Secret"
VERSION = "gcp:secretmanager/secretVersion:SecretVersion"
PASSWORD = "random:index/randomPassword:RandomPassword"
NETWORK: ManagedPostgresArgs = {"network_id": "projects/stackyard-mock-project/global/networks/shop-net"}


def resolve(args: dict[str, Any], reader: bool) -> dict[str, Any]:
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        db = ManagedPostgres("shop", cast(ManagedPostgresArgs, {**NETWORK, **args}))
        outputs: dict[str, Any] = {"reader_url": db.reader_url, "url": db.url}
        if reader:
            outputs["reference"] = db.secret_reference("reader_url")
        else:
            with pytest.raises(ValueError, match=r"'reader_url' is not allowed.*needs read_replicas"):
                db.secret_reference("reader_url")
        return pulumi.Output.all(**outputs).apply(resolved.update)

    program()
    assert resolved, "the outputs never resolved"
    return resolved


def test_the_reader_url_is_a_secret_of_its_own_referenced_at_its_version(monitor: RecordingMonitor) -> None:
    out = resolve({"read_replicas": 2, "physical_name": "shop-prod"}, reader=True)
    secrets = {s.name: s for s in of_type(monitor, SECRET)}
    versions = {v.name: v for v in of_type(monitor, VERSION)}
    secret, version = secrets["shop-reader-url"], versions["shop-reader-url"]
    assert secret.inputs["secretId"] == "shop-prod-db-reader-url"  # the base, like shop-prod-db-url
    assert version.inputs["secretData"] == "[secret]"
    assert out["reference"] == f"{secret.id}/versions/{version.state['version']}"
    (password,) = of_type(monitor, PASSWORD)
    replica = {r.name: r for r in of_type(monitor, INSTANCE)}["shop-replica-1"]
    ip = replica.state["privateIpAddress"]
    assert out["reader_url"] == f"postgresql://app:{password.state['result']}@{ip}:5432/app?sslmode=require"
    assert out["reader_url"] != out["url"]


def test_without_replicas_there_is_no_reader_secret(monitor: RecordingMonitor) -> None:
    out = resolve({}, reader=False)
    assert out["reader_url"] == ""
    assert {s.name for s in of_type(monitor, SECRET)} == {"shop-password", "shop-url"}
