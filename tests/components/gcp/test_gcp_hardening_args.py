"""Issue #18's GCP hardening in the components: ManagedPostgres `audit_logging` (forensic flags and pgAudit,
never weakened through `parameters`), SecurityPolicy `log4j_rule` and ContainerService `kms_key_name`."""

from __future__ import annotations

from typing import Any, cast

import pulumi
import pytest

from components.gcp.cloud_armor import LOG4J_PRIORITY, LOG4J_SIGNATURES, SecurityPolicy, SecurityPolicyArgs
from components.gcp.container_service.settings import ContainerSettings
from components.gcp.postgres_settings import PostgresSettings
from stacks.mocks import RecordingMonitor
from tests.conftest import of_type

NETWORK = {"network_id": "projects/stackyard-mock-project/global/networks/shop-net"}
POLICY = "gcp:compute/securityPolicy:SecurityPolicy"
KEY = "projects/shop-prod/locations/europe-west1/keyRings/shop-prod-registry/cryptoKeys/registry"


def flags(**args: Any) -> dict[str, str]:
    return PostgresSettings({**NETWORK, **args}).flags


# -- ManagedPostgres audit_logging ---------------------------------------------------------------------------


def test_audit_logging_is_on_by_default_with_pgaudit_and_its_extension() -> None:
    settings = PostgresSettings(NETWORK)
    assert settings.flags["log_hostname"] == "on"
    assert settings.flags["log_statement"] == "ddl"
    assert settings.flags["log_min_messages"] == "warning"
    assert settings.flags["log_min_error_statement"] == "error"
    assert settings.flags["cloudsql.enable_pgaudit"] == "on"
    assert settings.flags["pgaudit.log"] == "ddl,role"
    assert settings.extension_statements == ['CREATE EXTENSION IF NOT EXISTS "pgaudit";']
    # today's connection and lock logging stays
    assert settings.flags["log_connections"] == settings.flags["log_lock_waits"] == "on"


def test_without_audit_logging_the_flags_are_those_of_before() -> None:
    settings = PostgresSettings({**NETWORK, "audit_logging": False, "extensions": ["postgis"]})
    for name in ("log_hostname", "log_statement", "cloudsql.enable_pgaudit", "pgaudit.log"):
        assert name not in settings.flags
    assert settings.extension_statements == ['CREATE EXTENSION IF NOT EXISTS "postgis";']
    assert flags(audit_logging=False, parameters={"log_statement": "none"})["log_statement"] == "none"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("log_statement", "mod"),
        ("log_statement", "all"),
        ("log_min_messages", "error"),
        ("log_min_error_statement", "fatal"),
        ("pgaudit.log", "ddl,role,write"),
        ("pgaudit.log", "all"),
    ],
)
def test_parameters_may_make_an_audit_flag_stricter(name: str, value: str) -> None:
    assert flags(parameters={name: value})[name] == value


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("log_hostname", "off", "use one of on"),
        ("log_statement", "none", "use one of ddl, mod, all"),
        ("log_min_messages", "notice", "use one of warning, error, log, fatal, panic"),
        ("log_min_error_statement", "warning", "use one of error, log, fatal, panic"),
        ("cloudsql.enable_pgaudit", "off", "use one of on"),
        ("pgaudit.log", "write", "that includes ddl and role"),
        ("pgaudit.log", "ddl,role,everything", "that includes ddl and role"),
    ],
)
def test_parameters_cannot_weaken_an_audit_flag(name: str, value: str, allowed: str) -> None:
    with pytest.raises(
        ValueError, match=f"^ManagedPostgres parameters {name} '{value}' is not allowed"
    ) as info:
        flags(parameters={name: value})
    assert allowed in str(info.value) and "or audit_logging False" in str(info.value)


def test_audit_logging_must_be_a_flag() -> None:
    with pytest.raises(ValueError, match="audit_logging"):
        PostgresSettings({**NETWORK, "audit_logging": "yes"})


# -- SecurityPolicy log4j_rule ------------------------------------------------------------------------------


def _rules(monitor: RecordingMonitor, args: dict[str, Any]) -> dict[int, dict[str, Any]]:
    @pulumi.runtime.test
    def program() -> pulumi.Output:
        return SecurityPolicy("shop-api", cast(SecurityPolicyArgs, args)).policy_id

    program()
    (policy,) = of_type(monitor, POLICY)
    return {r["priority"]: r for r in policy.inputs["rules"]}


def test_the_log4j_rule_denies_cve_canarys_log4j_signatures(monitor: RecordingMonitor) -> None:
    rule = _rules(monitor, {})[LOG4J_PRIORITY]
    expression = rule["match"]["expr"]["expression"]
    assert rule["action"] == "deny(403)" and rule["preview"] is False
    assert expression.startswith(
        "evaluatePreconfiguredWaf('cve-canary', {'sensitivity': 0, 'opt_in_rule_ids'"
    )
    assert all(f"'{signature}'" in expression for signature in LOG4J_SIGNATURES)
    assert len(LOG4J_SIGNATURES) == 4 and "owasp-crs-v030001-id044228-cve" in LOG4J_SIGNATURES


def test_the_log4j_rule_can_be_left_out(monitor: RecordingMonitor) -> None:
    assert LOG4J_PRIORITY not in _rules(monitor, {"log4j_rule": False})


def test_the_log4j_rule_is_previewed_with_the_other_rules(monitor: RecordingMonitor) -> None:
    assert _rules(monitor, {"preview": True})[LOG4J_PRIORITY]["preview"] is True


def test_log4j_rule_must_be_a_flag() -> None:
    with pytest.raises(
        ValueError, match=r"^SecurityPolicy log4j_rule 'yes' is not allowed; use True or False"
    ):
        SecurityPolicy("shop-api", cast(SecurityPolicyArgs, {"log4j_rule": "yes"}))


# -- ContainerService kms_key_name ---------------------------------------------------------------------------


def test_a_repository_key_is_taken() -> None:
    assert ContainerSettings({"port": 8080, "kms_key_name": KEY}).kms_key_name == KEY
    assert ContainerSettings({"port": 8080}).kms_key_name is None


def test_a_repository_key_is_refused_with_an_image_or_in_the_wrong_form() -> None:
    with pytest.raises(ValueError, match=r"^ContainerService kms_key_name is not allowed with image"):
        ContainerSettings({"port": 8080, "image": "ghcr.io/shop/api:1", "kms_key_name": KEY})
    with pytest.raises(ValueError, match="kms_key_name"):
        ContainerSettings({"port": 8080, "kms_key_name": "registry"})
