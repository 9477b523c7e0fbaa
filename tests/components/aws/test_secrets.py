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


def build_key(args: SecretsArgs) -> str:
    resolved: list[str] = []

    @pulumi.runtime.test
    def program() -> pulumi.Output:
        return Secrets("app", args).kms_key_arn.apply(resolved.append)

    program()
    return resolved[0]


def test_the_secrets_get_a_customer_managed_key_of_their_own(monitor: RecordingMonitor) -> None:
    key_arn = build_key({"values": {"API_KEY": "k", "DB_PASS": "p"}, "physical_name": "shop-prod"})
    (key,) = of_type(monitor, "aws:kms/key:Key")
    (alias,) = of_type(monitor, "aws:kms/alias:Alias")
    assert key_arn == key.state["arn"] and alias.inputs["name"] == "alias/shop-prod-secrets"
    assert key.inputs["enableKeyRotation"] is True and '"kms:*"' in key.inputs["policy"]
    secrets = of_type(monitor, "aws:secretsmanager/secret:Secret")
    assert len(secrets) == 2 and all(s.inputs["kmsKeyId"] == key_arn for s in secrets)


def test_without_own_key_the_aws_managed_key_encrypts_them(monitor: RecordingMonitor) -> None:
    assert build_key({"values": {"API_KEY": "k"}, "own_key": False}) == ""
    assert of_type(monitor, "aws:kms/key:Key") == []
    (secret,) = of_type(monitor, "aws:secretsmanager/secret:Secret")
    assert "kmsKeyId" not in secret.inputs


def test_a_given_key_is_used_and_none_is_made(monitor: RecordingMonitor) -> None:
    given = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    assert build_key({"values": {"API_KEY": "k"}, "kms_key_id": given}) == given
    assert of_type(monitor, "aws:kms/key:Key") == []
    (secret,) = of_type(monitor, "aws:secretsmanager/secret:Secret")
    assert secret.inputs["kmsKeyId"] == given


def test_own_key_must_be_a_bool(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match="Secrets own_key 'yes' is not allowed; use True or False"):
        Secrets("bad", {"values": {"A": "x"}, "own_key": "yes"})  # type: ignore[typeddict-item]
    assert monitor.registrations == {}
