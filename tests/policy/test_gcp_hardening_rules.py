"""The decisions of issue #18's GCP prod rules beyond their table rows in test_gcp_rules: stricter values
pass, staging is exempt, a bucket never logs into itself, a previewed rule does not count."""

from __future__ import annotations

from tests.policy.test_gcp_rules import (
    ARMOR,
    ARMOR_TYPE,
    BACKEND,
    BACKEND_TYPE,
    BUCKET_MEMBER_TYPE,
    BUCKET_TYPE,
    DELETE,
    LOG4J_RULE,
    LOG_BUCKET,
    LOG_WRITER,
    LOGGED_SITE_BUCKET,
    REPOSITORY,
    REPOSITORY_TYPE,
    SITE_BUCKET,
    SQL,
    SQL_TYPE,
    THROTTLE_RULE,
    one,
    patched,
    run,
)

STAGING = {"environment": "staging", "managed-by": "stackyard", "app": "shop"}


def with_flag(name: str, value: str) -> dict:
    flags = [f for f in SQL["settings"]["databaseFlags"] if f["name"] != name]
    return patched(SQL, settings__databaseFlags=[*flags, {"name": name, "value": value}])


def test_stricter_audit_flags_pass_and_weaker_ones_are_named() -> None:
    rule = "gcp-sql-audit-logging-prod"
    for name, value in [("log_statement", "all"), ("log_min_messages", "error"), ("pgaudit.log", "all")]:
        assert run(rule, one(SQL_TYPE, with_flag(name, value))) == [], (name, value)
    assert "log_min_messages notice" in run(rule, one(SQL_TYPE, with_flag("log_min_messages", "notice")))[0]
    assert "pgaudit.log write" in run(rule, one(SQL_TYPE, with_flag("pgaudit.log", "write")))[0]


def test_staging_and_other_engines_are_exempt_from_the_audit_flags() -> None:
    rule = "gcp-sql-audit-logging-prod"
    bare = patched(SQL, settings__databaseFlags=[])
    assert run(rule, one(SQL_TYPE, patched(bare, settings__userLabels=STAGING))) == []
    assert run(rule, one(SQL_TYPE, patched(bare, databaseVersion="MYSQL_8_0"))) == []
    assert run(rule, one(SQL_TYPE, bare))


def test_a_bucket_never_logs_into_itself_and_staging_buckets_need_no_logs() -> None:
    rule = "gcp-storage-usage-logs-prod"
    itself = patched(SITE_BUCKET, logging={"logBucket": SITE_BUCKET["name"]})
    assert "into itself" in run(rule, one(BUCKET_TYPE, itself, "shop-site"))[0]
    assert run(rule, one(BUCKET_TYPE, patched(SITE_BUCKET, labels=STAGING), "shop-site")) == []
    # the log bucket itself is not asked to log
    logged = one(BUCKET_TYPE, LOGGED_SITE_BUCKET, "shop-site") + one(BUCKET_TYPE, LOG_BUCKET, "shop-logs")
    assert run(rule, logged + one(BUCKET_MEMBER_TYPE, LOG_WRITER, "writer")) == []
    assert "may not create objects" in run(rule, logged)[0]


def test_a_previewed_rule_does_not_count_and_staging_stacks_are_exempt() -> None:
    rule = "gcp-cloud-armor-prod"
    backend = one(BACKEND_TYPE, BACKEND, "shop-api-backend")
    previewed = patched(ARMOR, rules=[{**LOG4J_RULE, "preview": True}, THROTTLE_RULE])
    assert "no enforced Log4j rule" in run(rule, backend + one(ARMOR_TYPE, previewed, "shop-api"))[0]
    unlimited = patched(ARMOR, rules=[LOG4J_RULE])
    assert "no enforced rate-based rule" in run(rule, backend + one(ARMOR_TYPE, unlimited, "shop-api"))[0]
    staging = patched(ARMOR, rules=[], labels=STAGING)
    assert run(rule, backend + one(ARMOR_TYPE, staging, "shop-api")) == []


def test_staging_repositories_need_no_key() -> None:
    rule = "gcp-artifact-registry-cmek-prod"
    assert run(rule, one(REPOSITORY_TYPE, patched(REPOSITORY, kmsKeyName=DELETE, labels=STAGING))) == []
