"""Issue #18's production hardening on every GCP stack file: each property holds in every prod stack (and
staging keeps its shape where the profile lets it opt out), and the `stackyard check` rule that holds it
fails on the same stack with the property taken away."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stackyard_policy import RULES, Resource, evaluate
from tests.conftest import ROOT, plan_of
from tests.policy import STACK_FILES, stack_resources

BY_NAME = {r.name: r for r in RULES}
SQL = "gcp:sql/databaseInstance:DatabaseInstance"
BUCKET = "gcp:storage/bucket:Bucket"
BUCKET_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
ARMOR = "gcp:compute/securityPolicy:SecurityPolicy"
BACKEND = "gcp:compute/backendService:BackendService"
REPOSITORY = "gcp:artifactregistry/repository:Repository"
CRYPTO_KEY = "gcp:kms/cryptoKey:CryptoKey"
KEY_MEMBER = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
STORAGE_ANALYTICS = "group:cloud-storage-analytics@google.com"
AUDIT_FLAGS = (
    "log_hostname",
    "log_statement",
    "log_min_messages",
    "log_min_error_statement",
    "cloudsql.enable_pgaudit",
    "pgaudit.log",
)


def _setting(stack_file: Path, key: str) -> str:
    """A plain `stackyard:` setting of a stack file (`cloud`, `environment`), read from its text."""
    for line in (ROOT / stack_file).read_text().splitlines():
        if line.strip().startswith(f"stackyard:{key}:"):
            return line.split(":", 2)[2].split("#", 1)[0].strip()
    return ""


GCP_FILES = [f for f in STACK_FILES if _setting(f, "cloud") == "gcp"]
PROD = [f for f in GCP_FILES if _setting(f, "environment") == "prod"]
STAGING = [f for f in GCP_FILES if _setting(f, "environment") == "staging"]


def findings(rule_name: str, resources: list[Resource]) -> list[str]:
    return [v.message for v in evaluate(resources, [BY_NAME[rule_name]])]


def without(
    resources: list[Resource], type_: str, change: Callable[[dict[str, Any]], dict[str, Any] | None]
) -> list[Resource]:
    """The resources with every one of `type_` changed by `change` (which returns its new inputs, or None to
    drop the resource)."""
    result = []
    for r in resources:
        if r.type != type_:
            result.append(r)
            continue
        inputs = change(dict(r.inputs))
        if inputs is not None:
            result.append(dataclasses.replace(r, inputs=inputs))
    return result


def flags_of(resource: Any) -> dict[str, str]:
    return {f["name"]: f["value"] for f in resource.inputs["settings"]["databaseFlags"]}


def test_the_stack_files_cover_both_environments() -> None:
    assert len(PROD) >= 2 and len(STAGING) >= 2


# -- 1. Cloud SQL: forensic flags and pgAudit --------------------------------------------------------------


@pytest.mark.parametrize("stack_file", PROD, ids=str)
def test_prod_databases_log_for_forensics_and_audit_with_pgaudit(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    instances = plan.of_type(SQL)
    assert instances
    for instance in instances:
        flags = flags_of(instance)
        assert set(AUDIT_FLAGS) <= set(flags), instance.urn
        assert flags["cloudsql.enable_pgaudit"] == "on" and "ddl" in flags["pgaudit.log"].split(",")
    assert 'CREATE EXTENSION IF NOT EXISTS "pgaudit";' in plan.outputs["databaseExtensionStatements"]
    resources = stack_resources(stack_file)
    assert findings("gcp-sql-audit-logging-prod", resources) == []

    def weakened(inputs: dict[str, Any]) -> dict[str, Any]:
        settings = dict(inputs["settings"])
        settings["databaseFlags"] = [f for f in settings["databaseFlags"] if f["name"] != "pgaudit.log"]
        return {**inputs, "settings": settings}

    assert findings("gcp-sql-audit-logging-prod", without(resources, SQL, weakened))


@pytest.mark.parametrize("stack_file", STAGING, ids=str)
def test_staging_databases_keep_their_flags(stack_file: Path) -> None:
    for instance in plan_of(stack_file).of_type(SQL):
        assert not set(AUDIT_FLAGS) & set(flags_of(instance)), instance.urn


# -- 2. Cloud Storage: usage logs into a log bucket ---------------------------------------------------------


@pytest.mark.parametrize("stack_file", PROD, ids=str)
def test_prod_buckets_log_their_usage_into_the_stacks_log_bucket(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    buckets = plan.of_type(BUCKET)
    (log_bucket,) = [b for b in buckets if b.name.endswith("-access-logs")]
    others = [b for b in buckets if b is not log_bucket]
    assert others
    for bucket in others:
        assert bucket.inputs["logging"]["logBucket"] == log_bucket.inputs["name"], bucket.urn
    assert "logging" not in log_bucket.inputs
    assert log_bucket.inputs["publicAccessPrevention"] == "enforced"
    assert any(
        m.inputs["bucket"] == log_bucket.inputs["name"]
        and m.inputs["member"] == STORAGE_ANALYTICS
        and m.inputs["role"] == "roles/storage.objectCreator"
        for m in plan.of_type(BUCKET_MEMBER)
    )
    resources = stack_resources(stack_file)
    assert findings("gcp-storage-usage-logs-prod", resources) == []

    def unlogged(inputs: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in inputs.items() if k != "logging"}

    rule = "gcp-storage-usage-logs-prod"
    assert any("no usage logs" in m for m in findings(rule, without(resources, BUCKET, unlogged)))

    def kept(inputs: dict[str, Any]) -> dict[str, Any]:
        if inputs.get("name") != log_bucket.inputs["name"]:
            return inputs
        return {k: v for k, v in inputs.items() if k != "lifecycleRules"}

    assert any("never expires" in m for m in findings(rule, without(resources, BUCKET, kept)))
    no_writer = without(resources, BUCKET_MEMBER, lambda i: None if i["member"] == STORAGE_ANALYTICS else i)
    assert any("may not create objects" in m for m in findings(rule, no_writer))


@pytest.mark.parametrize("stack_file", STAGING, ids=str)
def test_staging_has_no_log_bucket(stack_file: Path) -> None:
    buckets = plan_of(stack_file).of_type(BUCKET)
    assert buckets and all("logging" not in b.inputs for b in buckets)
    assert not [b for b in buckets if b.name.endswith("-access-logs")]


# -- 3. Cloud Armor: the Log4j rule and a rate limit --------------------------------------------------------


@pytest.mark.parametrize("stack_file", PROD, ids=str)
def test_prod_cloud_armor_has_the_log4j_rule_and_a_rate_limit(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    (policy,) = plan.of_type(ARMOR)
    rules = policy.inputs["rules"]
    assert any("'cve-canary'" in r["match"].get("expr", {}).get("expression", "") for r in rules)
    assert any(r["action"] == "throttle" for r in rules)
    resources = stack_resources(stack_file)
    assert findings("gcp-cloud-armor-prod", resources) == []

    def no_log4j(inputs: dict[str, Any]) -> dict[str, Any]:
        kept = [r for r in inputs["rules"] if "cve-canary" not in str(r)]
        return {**inputs, "rules": kept}

    assert findings("gcp-cloud-armor-prod", without(resources, ARMOR, no_log4j))

    def unprotected(inputs: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in inputs.items() if k != "securityPolicy"}

    assert any(
        "without a Cloud Armor policy" in m
        for m in findings("gcp-cloud-armor-prod", without(resources, BACKEND, unprotected))
    )


def test_prod_gets_cloud_armor_without_site_waf_and_verbose_logging_is_a_stack_option() -> None:
    stack_file = PROD[0]
    plain = plan_of(stack_file, sets=("app.site.waf=false",))
    assert len(plain.of_type(ARMOR)) == 1  # the prod profile's, as on AWS
    verbose = plan_of(stack_file, sets=("app.site.waf_verbose_logging=true",))
    (policy,) = verbose.of_type(ARMOR)
    assert policy.inputs["advancedOptionsConfig"]["logLevel"] == "VERBOSE"
    (default,) = plan_of(stack_file).of_type(ARMOR)
    assert default.inputs["advancedOptionsConfig"]["logLevel"] == "NORMAL"


# -- 4. Artifact Registry: a customer-managed key -----------------------------------------------------------


@pytest.mark.parametrize("stack_file", PROD, ids=str)
def test_prod_repositories_use_the_stacks_key_granted_to_the_registry_agent(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    repositories = plan.of_type(REPOSITORY)
    (key,) = plan.of_type(CRYPTO_KEY)
    (grant,) = plan.of_type(KEY_MEMBER)
    assert repositories
    for repository in repositories:
        name = repository.inputs["kmsKeyName"]
        assert name.startswith(key.inputs["keyRing"] + "/cryptoKeys/") and name.endswith(key.inputs["name"])
        assert grant.urn in repository.dependencies, "the repository must wait for the agent's grant"
    assert grant.inputs["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    resources = stack_resources(stack_file)
    assert findings("gcp-artifact-registry-cmek-prod", resources) == []
    plain = without(resources, REPOSITORY, lambda i: {k: v for k, v in i.items() if k != "kmsKeyName"})
    assert findings("gcp-artifact-registry-cmek-prod", plain)


def test_a_deployed_prod_stack_can_keep_its_repositories() -> None:
    kept = plan_of(PROD[0], sets=("app.registry_encryption=google",))
    assert kept.of_type(REPOSITORY) and all("kmsKeyName" not in r.inputs for r in kept.of_type(REPOSITORY))
    assert kept.of_type(CRYPTO_KEY) == []


@pytest.mark.parametrize("stack_file", STAGING, ids=str)
def test_staging_repositories_keep_google_managed_encryption(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    assert plan.of_type(REPOSITORY) and all("kmsKeyName" not in r.inputs for r in plan.of_type(REPOSITORY))
    assert plan.of_type(CRYPTO_KEY) == []


def test_the_first_up_notes_ask_for_the_pgaudit_extension_in_prod_only() -> None:
    from tests.stacks.test_first_up import notes_of

    for stack_file in PROD:
        (note,) = notes_of(str(stack_file))["database-extensions"]
        assert "`pgaudit`" in note, stack_file
    for stack_file in STAGING:
        assert "`pgaudit`" not in " ".join(notes_of(str(stack_file)).get("database-extensions", []))
