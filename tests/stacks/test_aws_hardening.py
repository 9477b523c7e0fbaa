"""Issue #18's production hardening on every AWS stack file: each property holds in every prod stack (and
staging keeps its cheap shape where the profile lets it opt out), and the `stackyard check` rule that holds
it fails on the same stack with the property taken away."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from stacks.plan import Plan
from stackyard_policy import RULES, Resource, evaluate
from tests.conftest import ROOT, plan_of
from tests.policy import STACK_FILES, stack_resources

BY_NAME = {r.name: r for r in RULES}
ALB = "aws:lb/loadBalancer:LoadBalancer"
LISTENER = "aws:lb/listener:Listener"
LISTENER_RULE = "aws:lb/listenerRule:ListenerRule"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
WAF_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
MANAGED_GROUPS = {
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
}


def _setting(stack_file: Path, key: str) -> str:
    """A plain `stackyard:` setting of a stack file (`cloud`, `environment`), read from its text."""
    for line in (ROOT / stack_file).read_text().splitlines():
        if line.strip().startswith(f"stackyard:{key}:"):
            return line.split(":", 2)[2].split("#", 1)[0].strip()
    return ""


AWS_FILES = [f for f in STACK_FILES if _setting(f, "cloud") == "aws"]
PROD = [f for f in AWS_FILES if _setting(f, "environment") == "prod"]
STAGING = [f for f in AWS_FILES if _setting(f, "environment") == "staging"]


def findings(rule_name: str, resources: list[Resource]) -> list[str]:
    return [v.message for v in evaluate(resources, [BY_NAME[rule_name]])]


def public_balancers(plan: Plan) -> list[str]:
    return [r.urn for r in plan.of_type(ALB) if r.inputs.get("internal") is not True]


def test_the_stack_files_cover_both_environments() -> None:
    assert len(PROD) >= 5 and len(STAGING) >= 5


# -- 1. public load balancers: a regional WAF in prod; forwarding only on HTTPS ------------------------------


@pytest.mark.parametrize("stack_file", AWS_FILES, ids=str)
def test_every_forwarding_listener_rule_sits_on_the_https_listener(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    listeners = {r.urn: r for r in plan.of_type(LISTENER)}
    rules = plan.of_type(LISTENER_RULE)
    for rule in rules:
        forwards = [a for a in rule.inputs["actions"] if a["type"] == "forward"]
        assert forwards, rule.urn
        (listener,) = [listeners[urn] for urn in rule.dependencies if urn in listeners]
        assert listener.inputs["protocol"] == "HTTPS" and listener.inputs["port"] == 443, rule.urn
    # and the HTTP listener only redirects
    for listener in listeners.values():
        if listener.inputs["protocol"] == "HTTP":
            assert [a["type"] for a in listener.inputs["defaultActions"]] == ["redirect"]
            assert listener.inputs["defaultActions"][0]["redirect"]["protocol"] == "HTTPS"


@pytest.mark.parametrize("stack_file", PROD, ids=str)
def test_every_prod_public_load_balancer_has_a_regional_web_acl(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    acls = {r.urn: r for r in plan.of_type(WEB_ACL)}
    for balancer in public_balancers(plan):
        (association,) = [a for a in plan.of_type(ASSOCIATION) if balancer in a.dependencies]
        (acl,) = [acls[urn] for urn in association.dependencies if urn in acls]
        assert acl.inputs["scope"] == "REGIONAL"
        groups = {
            r["statement"]["managedRuleGroupStatement"]["name"]
            for r in acl.inputs["rules"]
            if "managedRuleGroupStatement" in r["statement"]
        }
        assert groups == MANAGED_GROUPS
        assert any("rateBasedStatement" in r["statement"] for r in acl.inputs["rules"])


@pytest.mark.parametrize("stack_file", STAGING, ids=str)
def test_staging_load_balancers_stay_without_a_web_acl(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    assert plan.of_type(ASSOCIATION) == []
    assert [a for a in plan.of_type(WEB_ACL) if a.inputs["scope"] == "REGIONAL"] == []


def test_the_prod_stack_without_its_waf_association_fails_the_check() -> None:
    resources = stack_resources("Pulumi.prod.yaml")
    assert findings("aws-lb-waf-prod", resources) == []
    stripped = [r for r in resources if r.type != ASSOCIATION]
    (message,) = findings("aws-lb-waf-prod", stripped)
    assert "no WAF web ACL is associated" in message


def test_a_service_rule_moved_to_the_http_listener_fails_the_check() -> None:
    resources = stack_resources("Pulumi.prod.yaml")
    assert findings("aws-lb-forward-rules-on-https", resources) == []
    (http,) = [r for r in resources if r.type == LISTENER and r.inputs["protocol"] == "HTTP"]
    (https,) = [r for r in resources if r.type == LISTENER and r.inputs["protocol"] == "HTTPS"]
    moved = [
        dataclasses.replace(r, dependencies=tuple(http.urn if d == https.urn else d for d in r.dependencies))
        if r.type == LISTENER_RULE
        else r
        for r in resources
    ]
    messages = findings("aws-lb-forward-rules-on-https", moved)
    assert messages and all('from the "HTTP" listener on port 80' in m for m in messages)


# -- 2. WAF logging for every web ACL ------------------------------------------------------------------------


@pytest.mark.parametrize("stack_file", AWS_FILES, ids=str)
def test_every_web_acl_logs_to_an_aws_waf_logs_group_without_credentials(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    groups = {r.urn: r for r in plan.of_type(LOG_GROUP)}
    for acl in plan.of_type(WEB_ACL):
        (logging,) = [c for c in plan.of_type(WAF_LOGGING) if acl.urn in c.dependencies]
        (group,) = [groups[urn] for urn in logging.dependencies if urn in groups]
        assert group.inputs["name"].startswith("aws-waf-logs-")
        assert group.inputs.get("region") == acl.inputs.get("region")  # us-east-1 for CloudFront
        assert logging.inputs["logDestinationConfigs"] == [group.state["arn"]]
        assert {f["singleHeader"]["name"] for f in logging.inputs["redactedFields"]} == {
            "authorization",
            "cookie",
        }


def test_the_prod_stack_without_waf_logging_fails_the_check() -> None:
    resources = stack_resources("Pulumi.prod.yaml")
    assert findings("aws-waf-logging", resources) == []
    stripped = [r for r in resources if r.type != WAF_LOGGING]
    messages = findings("aws-waf-logging", stripped)
    assert messages == ["no logging configuration for this web ACL"] * 2  # CloudFront's and the ALB's


# -- 3. log groups: a customer-managed key CloudWatch Logs may use, a year in prod ---------------------------

KEY = "aws:kms/key:Key"


@pytest.mark.parametrize("stack_file", PROD, ids=str)
def test_every_prod_log_group_is_kept_a_year_with_a_key_cloudwatch_logs_may_use(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    keys = {k.state["arn"]: k for k in plan.of_type(KEY)}
    groups = plan.of_type(LOG_GROUP)
    assert groups
    for group in groups:
        assert group.inputs["retentionInDays"] >= 365, group.urn
        key = keys[group.inputs["kmsKeyId"]]
        # the group's own region (us-east-1 for CloudFront's), else the stack's (the region of its ARN)
        region = group.inputs.get("region") or group.state["arn"].split(":")[3]
        (logs,) = [
            s
            for s in json.loads(key.inputs["policy"])["Statement"]
            if s["Principal"].get("Service", "").startswith("logs.")
        ]
        assert logs["Principal"]["Service"] == f"logs.{region}.amazonaws.com", group.urn
        assert logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"], group.urn


@pytest.mark.parametrize("stack_file", STAGING, ids=str)
def test_staging_log_groups_keep_cloudwatch_encryption_and_no_log_key(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    assert all(
        "kmsKeyId" not in g.inputs for g in plan.of_type(LOG_GROUP) if not g.name.endswith("exec-logs")
    )
    assert not [k for k in plan.of_type(KEY) if "logs." in k.inputs.get("policy", "")]


def test_the_prod_stack_without_its_log_keys_or_its_year_fails_the_check() -> None:
    resources = stack_resources("Pulumi.prod.yaml")
    for rule in ("aws-logs-cmk-prod", "aws-logs-retention-year-prod", "aws-logs-key-allows-cloudwatch"):
        assert findings(rule, resources) == [], rule
    groups = [r for r in resources if r.type == LOG_GROUP]
    plain = [
        dataclasses.replace(r, inputs={k: v for k, v in r.inputs.items() if k != "kmsKeyId"})
        if r.type == LOG_GROUP
        else r
        for r in resources
    ]
    assert len(findings("aws-logs-cmk-prod", plain)) == len(groups)
    short = [
        dataclasses.replace(r, inputs={**r.inputs, "retentionInDays": 30}) if r.type == LOG_GROUP else r
        for r in resources
    ]
    assert len(findings("aws-logs-retention-year-prod", short)) == len(groups)
    default_policy = [
        dataclasses.replace(r, inputs={k: v for k, v in r.inputs.items() if k != "policy"})
        if r.type == KEY
        else r
        for r in resources
    ]
    unpoliced = findings("aws-logs-key-allows-cloudwatch", default_policy)
    assert len(unpoliced) == len(groups) and all("does not let CloudWatch Logs" in m for m in unpoliced)


# -- 4. KMS keys: explicit least-privilege key policies, rotation on -----------------------------------------


@pytest.mark.parametrize("stack_file", AWS_FILES, ids=str)
def test_every_key_rotates_and_has_an_explicit_least_privilege_policy(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    keys = plan.of_type(KEY)
    assert keys
    for key in keys:
        assert key.inputs["enableKeyRotation"] is True, key.urn
        admin, *services = json.loads(key.inputs["policy"])["Statement"]
        assert admin["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"} and admin["Action"] == "kms:*"
        for statement in services:
            assert set(statement["Principal"]) == {"Service"}, key.urn
            keys_ = {k.lower() for test in statement["Condition"].values() for k in test}
            assert keys_ & {"aws:sourcearn", "aws:sourceaccount", "kms:encryptioncontext:aws:logs:arn"}, (
                key.urn
            )


def test_a_stack_key_left_with_the_default_policy_fails_the_check() -> None:
    resources = stack_resources("Pulumi.staging.yaml")
    assert findings("aws-kms-key-policy", resources) == []
    keys = [r for r in resources if r.type == KEY]
    default = [
        dataclasses.replace(r, inputs={k: v for k, v in r.inputs.items() if k != "policy"})
        if r.type == KEY
        else r
        for r in resources
    ]
    messages = findings("aws-kms-key-policy", default)
    assert len(messages) == len(keys) and all("policy is not set" in m for m in messages)


# -- 5. read replicas, schedules and secrets -----------------------------------------------------------------

RDS = "aws:rds/instance:Instance"
SCHEDULE = "aws:scheduler/schedule:Schedule"
SECRET = "aws:secretsmanager/secret:Secret"


@pytest.mark.parametrize("stack_file", PROD, ids=str)
def test_prod_replicas_schedules_and_secrets_are_protected_and_customer_encrypted(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    keys = {k.state["arn"] for k in plan.of_type(KEY)}
    for instance in plan.of_type(RDS):  # the primary and every read replica
        assert instance.inputs["deletionProtection"] is True, instance.urn
    for schedule in plan.of_type(SCHEDULE):
        assert schedule.inputs["kmsKeyArn"] in keys, schedule.urn
    for secret in plan.of_type(SECRET):
        assert secret.inputs["kmsKeyId"] in keys, secret.urn


def test_a_service_reading_an_app_secret_may_decrypt_it_and_the_others_may_not() -> None:
    plan = plan_of("Pulumi.prod.yaml")
    (secret,) = [s for s in plan.of_type(SECRET) if s.name == "shopfront-secret-key"]
    policies = {p.name: p.inputs["policy"] for p in plan.of_type("aws:iam/rolePolicy:RolePolicy")}
    assert secret.inputs["kmsKeyId"] in policies["shopfront-api-execution"]  # api: secrets [SECRET_KEY]
    assert secret.inputs["kmsKeyId"] not in policies["shopfront-worker-execution"]


@pytest.mark.parametrize("stack_file", STAGING, ids=str)
def test_staging_app_secrets_keep_the_aws_managed_key(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    app = [s for s in plan.of_type(SECRET) if "/db-credentials-" not in s.inputs["namePrefix"]]
    app = [s for s in app if "/redis-auth-" not in s.inputs["namePrefix"]]
    assert all("kmsKeyId" not in s.inputs for s in app)


def test_the_prod_stack_without_these_fails_the_check() -> None:
    resources = stack_resources("Pulumi.prod.yaml")
    for rule in ("aws-rds-deletion-protection-prod", "aws-scheduler-cmk-prod", "aws-secrets-cmk-prod"):
        assert findings(rule, resources) == [], rule

    def without(type_: str, key: str, value: object = None) -> list[Resource]:
        return [
            dataclasses.replace(
                r,
                inputs={k: v for k, v in r.inputs.items() if k != key}
                | ({} if value is None else {key: value}),
            )
            if r.type == type_
            else r
            for r in resources
        ]

    replicas = [r for r in resources if r.type == RDS and r.inputs.get("replicateSourceDb")]
    assert replicas
    unprotected = [
        dataclasses.replace(r, inputs={**r.inputs, "deletionProtection": False}) if r in replicas else r
        for r in resources
    ]
    assert len(findings("aws-rds-deletion-protection-prod", unprotected)) == len(replicas)
    assert findings("aws-scheduler-cmk-prod", without(SCHEDULE, "kmsKeyArn"))
    secrets = [r for r in resources if r.type == SECRET]
    assert len(findings("aws-secrets-cmk-prod", without(SECRET, "kmsKeyId"))) == len(secrets)


# -- 6. S3 access logs, data buckets' keys, CloudFront's headers ---------------------------------------------

BUCKET = "aws:s3/bucket:Bucket"
LOGGING = "aws:s3/bucketLogging:BucketLogging"
SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"


def of_bucket(plan: Plan, type_: str, bucket: str) -> list[Any]:
    return [r for r in plan.of_type(type_) if r.inputs.get("bucket") == bucket]


@pytest.mark.parametrize("stack_file", PROD, ids=str)
def test_prod_data_and_site_buckets_log_to_a_dedicated_expiring_log_bucket(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    buckets = {b.state["bucket"]: b for b in plan.of_type(BUCKET)}
    if not plan.of_type(LOGGING):
        assert not [b for b in buckets.values() if "-access-logs" not in b.name]  # no data or site bucket
        return
    (target,) = {r.inputs["targetBucket"] for r in plan.of_type(LOGGING)}
    log_bucket = buckets[target]
    assert log_bucket.name.endswith("-s3-access-logs")
    assert of_bucket(plan, LOGGING, target) == []  # it does not log itself
    (sse,) = of_bucket(plan, SSE, target)
    assert sse.inputs["rules"][0]["applyServerSideEncryptionByDefault"] == {"sseAlgorithm": "AES256"}
    (lifecycle,) = of_bucket(plan, LIFECYCLE, target)
    assert any(r.get("expiration", {}).get("days") == 365 for r in lifecycle.inputs["rules"])
    (policy,) = of_bucket(plan, BUCKET_POLICY, target)
    delivery = [
        s for s in json.loads(policy.inputs["policy"])["Statement"] if s["Sid"] == "S3ServerAccessLogDelivery"
    ]
    (statement,) = delivery
    logged = {r.inputs["bucket"] for r in plan.of_type(LOGGING)}
    assert {
        a.removeprefix("arn:aws:s3:::") for a in statement["Condition"]["ArnLike"]["aws:SourceArn"]
    } == logged
    for name, bucket in buckets.items():
        if name == target or "-access-logs" in bucket.name or bucket.inputs.get("region"):
            continue  # the log buckets (S3's and the load balancer's), a replica in another region
        assert name in logged, bucket.urn


@pytest.mark.parametrize("stack_file", STAGING, ids=str)
def test_staging_buckets_do_not_log_their_requests(stack_file: Path) -> None:
    plan = plan_of(stack_file)
    assert plan.of_type(LOGGING) == []
    assert not [b for b in plan.of_type(BUCKET) if b.name.endswith("-s3-access-logs")]


@pytest.mark.parametrize("stack_file", AWS_FILES, ids=str)
def test_every_cache_behavior_adds_the_security_headers(stack_file: Path) -> None:
    for distribution in plan_of(stack_file).of_type(DISTRIBUTION):
        behaviors = [
            distribution.inputs["defaultCacheBehavior"],
            *distribution.inputs.get("orderedCacheBehaviors", []),
        ]
        assert all(b.get("responseHeadersPolicyId") for b in behaviors), distribution.urn


def test_a_kms_bucket_cloudfront_reads_lets_the_distribution_decrypt() -> None:
    plan = plan_of("blueprints/charterflow/Pulumi.prod.yaml")  # the uploads bucket's paths through the CDN
    (uploads,) = [b for b in plan.of_type(BUCKET) if b.name == "charterflow-uploads"]
    (sse,) = of_bucket(plan, SSE, uploads.state["bucket"])
    key_arn = sse.inputs["rules"][0]["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"]
    (key,) = [k for k in plan.of_type(KEY) if k.state["arn"] == key_arn]
    statements = json.loads(key.inputs["policy"])["Statement"]
    (cloudfront,) = [s for s in statements if s.get("Principal") == {"Service": "cloudfront.amazonaws.com"}]
    assert (
        cloudfront["Action"] == "kms:Decrypt" and "AWS:SourceArn" in cloudfront["Condition"]["StringEquals"]
    )


def test_the_prod_stack_without_access_logs_keys_or_headers_fails_the_check() -> None:
    resources = stack_resources("blueprints/charterflow/Pulumi.prod.yaml")
    rules = ("aws-s3-access-logs-prod", "aws-s3-data-bucket-cmk-prod", "aws-cloudfront-response-headers")
    for rule in rules:
        assert findings(rule, resources) == [], rule
    unlogged = [r for r in resources if r.type != LOGGING]
    logged = [r for r in resources if r.type == LOGGING]
    assert len(logged) >= 2  # the uploads bucket and the site bucket at least
    assert len(findings("aws-s3-access-logs-prod", unlogged)) == len(logged)
    plain = [
        dataclasses.replace(
            r,
            inputs={
                **r.inputs,
                "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}],
            },
        )
        if r.type == SSE
        else r
        for r in resources
    ]
    assert "the data bucket is not encrypted by default with a customer-managed KMS key" in findings(
        "aws-s3-data-bucket-cmk-prod", plain
    )
    bare = [
        dataclasses.replace(
            r,
            inputs={
                **r.inputs,
                "orderedCacheBehaviors": [
                    {k: v for k, v in b.items() if k != "responseHeadersPolicyId"}
                    for b in r.inputs["orderedCacheBehaviors"]
                ],
            },
        )
        if r.type == DISTRIBUTION
        else r
        for r in resources
    ]
    assert findings("aws-cloudfront-response-headers", bare)
