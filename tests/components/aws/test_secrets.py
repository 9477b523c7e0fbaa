"""components.aws.Secrets: one Secrets Manager secret per value, values kept secret, ARNs out."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from components.aws import Secrets, SecretsArgs
from stacks.mocks import SECRET_MASK, RecordingMonitor
from tests.conftest import of_type
from tests.docexamples import run_docstring_example


def build(args: SecretsArgs) -> dict[str, Any]:
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        store = Secrets("app", args)
        return pulumi.Output.all(**store.arns).apply(resolved.update)

    program()
    return resolved


def test_one_secret_per_value_with_the_value_kept_secret(monitor: RecordingMonitor) -> None:
    arns = build(
        {"values": {"API_KEY": pulumi.Output.secret("k-123"), "DB_PASS": "p-456"}, "path": "app/prod/"}
    )
    secrets = {s.name: s for s in of_type(monitor, "aws:secretsmanager/secret:Secret")}
    assert set(secrets) == {"app-api-key", "app-db-pass"}
    assert secrets["app-api-key"].inputs["namePrefix"] == "app/prod/API_KEY-"
    assert secrets["app-api-key"].inputs["recoveryWindowInDays"] == 30
    versions = of_type(monitor, "aws:secretsmanager/secretVersion:SecretVersion")
    assert len(versions) == 2
    assert all(v.inputs["secretString"] == SECRET_MASK for v in versions)  # even the plain "p-456" is wrapped
    assert arns["API_KEY"] == secrets["app-api-key"].id
    assert arns["API_KEY"].startswith(
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/prod/API_KEY-"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "Secrets values is required"),
        ({"values": {"bad-name": "x"}}, "invalid names"),
        (
            {"values": {"A": "x"}, "recovery_window_in_days": 3},
            "recovery_window_in_days 3 is not allowed; use 7 to 30",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(monitor: RecordingMonitor, args: SecretsArgs, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Secrets("bad", args)
    assert monitor.registrations == {}


def test_docstring_example_runs(monitor: RecordingMonitor) -> None:
    pulumi.runtime.set_all_config({"stackyard:apiKey": "from-config"}, ["stackyard:apiKey"])
    run_docstring_example(Secrets)
    (version,) = of_type(monitor, "aws:secretsmanager/secretVersion:SecretVersion")
    assert version.inputs["secretString"] == SECRET_MASK


def test_references_pin_each_secret_to_its_current_version(monitor: RecordingMonitor) -> None:
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        store = Secrets("app", {"values": {"API_KEY": pulumi.Output.secret("k-123")}})
        return pulumi.Output.all(**store.references).apply(resolved.update)

    program()
    (secret,) = of_type(monitor, "aws:secretsmanager/secret:Secret")
    (version,) = of_type(monitor, "aws:secretsmanager/secretVersion:SecretVersion")
    assert resolved["API_KEY"] == f"{secret.state['arn']}:::{version.state['versionId']}"
