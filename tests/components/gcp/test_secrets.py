"""components.gcp.Secrets and the Secret Manager helpers: values kept secret, ids out, one reader each."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from components.gcp.secret_store import SECRET_ACCESSOR_ROLE, grant_secret_access
from components.gcp.secrets import Secrets, SecretsArgs
from stacks.mocks import SECRET_MASK, RecordingMonitor
from tests.conftest import of_type
from tests.docexamples import run_docstring_example

SECRET = "gcp:secretmanager/secret:Secret"
VERSION = "gcp:secretmanager/secretVersion:SecretVersion"


def build(args: SecretsArgs) -> dict[str, Any]:
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        store = Secrets("app", args)
        return pulumi.Output.all(**store.ids).apply(resolved.update)

    program()
    return resolved


def test_one_secret_per_value_with_the_value_kept_secret(monitor: RecordingMonitor) -> None:
    ids = build({"values": {"API_KEY": pulumi.Output.secret("k-123"), "DB_PASS": "p-456"}, "prefix": "shop-"})
    secrets = {s.name: s for s in of_type(monitor, SECRET)}
    assert set(secrets) == {"app-api-key", "app-db-pass"}
    assert secrets["app-api-key"].inputs["secretId"] == "shop-api-key"
    assert secrets["app-api-key"].inputs["replication"] == {"auto": {}}
    assert secrets["app-api-key"].inputs["labels"] == {"managed-by": "stackyard"}
    versions = of_type(monitor, VERSION)
    assert len(versions) == 2
    assert all(v.inputs["secretData"] == SECRET_MASK for v in versions)  # even the plain "p-456" is wrapped
    assert ids["API_KEY"] == "projects/stackyard-mock-project/secrets/shop-api-key"


def test_grant_secret_access_binds_the_accessor_role_on_one_secret(monitor: RecordingMonitor) -> None:
    @pulumi.runtime.test
    def program() -> None:
        parent = Secrets("app", {"values": {"API_KEY": "x"}})
        grant_secret_access(
            "reader", parent.ids["API_KEY"], "serviceAccount:api@p.iam.gserviceaccount.com", parent
        )

    program()
    (grant,) = of_type(monitor, "gcp:secretmanager/secretIamMember:SecretIamMember")
    assert grant.inputs["role"] == SECRET_ACCESSOR_ROLE == "roles/secretmanager.secretAccessor"
    assert grant.inputs["secretId"] == "projects/stackyard-mock-project/secrets/app-api-key"
    assert grant.inputs["member"] == "serviceAccount:api@p.iam.gserviceaccount.com"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "Secrets values is required"),
        ({"values": {"bad-name": "x"}}, "invalid names"),
        ({"values": {"A": "x"}, "prefix": "a/b"}, "prefix 'a/b' is not allowed"),
    ],
)
def test_bad_arguments_raise_clear_errors(monitor: RecordingMonitor, args: SecretsArgs, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Secrets("bad", args)
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    pulumi.runtime.set_all_config({"stackyard:apiKey": "from-config"}, ["stackyard:apiKey"])
    run_docstring_example(Secrets)
    (version,) = of_type(monitor, VERSION)
    assert version.inputs["secretData"] == SECRET_MASK


def test_references_pin_each_secret_to_its_current_version(monitor: RecordingMonitor) -> None:
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        store = Secrets("app", {"values": {"API_KEY": pulumi.Output.secret("k-123")}})
        return pulumi.Output.all(**store.references).apply(resolved.update)

    program()
    (secret,) = of_type(monitor, "gcp:secretmanager/secret:Secret")
    (version,) = of_type(monitor, "gcp:secretmanager/secretVersion:SecretVersion")
    assert resolved["API_KEY"] == f"{secret.id}/versions/{version.state['version']}"
