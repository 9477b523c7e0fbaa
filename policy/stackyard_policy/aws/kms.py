"""KMS keys: symmetric keys rotate their key material, and every key has an explicit least-privilege key
policy."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..model import MANDATORY, Resource, Rule, rule
from .helpers import _join, _json, _mapping, _must_be_true, _raw, _statements, _strings, _unknown

RULES: list[Rule] = []


KMS_KEY = "aws:kms/key:Key"


@rule(
    "aws-kms-key-rotation",
    MANDATORY,
    [KMS_KEY],
    "Symmetric encryption keys rotate their key material yearly (checkov CKV_AWS_7, cdk-nag KMS5).",
    "set enableKeyRotation: true (stackyard's encryption keys do)",
    RULES,
)
def _kms_rotation(resource: Resource) -> str | None:
    spec = _raw(resource, "customerMasterKeySpec")
    usage = _raw(resource, "keyUsage")
    if spec not in (None, "SYMMETRIC_DEFAULT") or usage not in (None, "ENCRYPT_DECRYPT"):
        return None  # asymmetric and HMAC keys cannot rotate automatically
    return _must_be_true(resource, "enableKeyRotation")


# Conditions that hold a service principal to this account's (or this resource's) use of a key: the
# confused-deputy keys (IAM User Guide, "The confused deputy problem") and KMS's own context keys.
SERVICE_CONDITIONS = ("aws:sourcearn", "aws:sourceaccount", "kms:viaservice", "kms:calleraccount")
SERVICE_CONTEXT_PREFIX = "kms:encryptioncontext:"
_ROOT = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:root$")


def _condition_keys(statement: Mapping[str, Any]) -> set[str]:
    """The condition keys of a statement, in lower case (IAM matches them case-insensitively)."""
    return {key.lower() for test in _mapping(statement.get("Condition")).values() for key in _mapping(test)}


@rule(
    "aws-kms-key-policy",
    MANDATORY,
    [KMS_KEY],
    "Every key has an explicit, least-privilege key policy: the account (its root) administers it, and "
    "only the AWS services that use it are named, each held to this account's or resource's use by a "
    "condition (aws:SourceArn, aws:SourceAccount, kms:ViaService or an encryption context); never a "
    "wildcard principal (checkov CKV2_AWS_64 and CKV_AWS_33, issue #18).",
    "let stackyard write the key policy (components.aws.kms.encryption_key); name a service principal only "
    "with an aws:SourceArn/aws:SourceAccount condition",
    RULES,
)
def _kms_policy(resource: Resource) -> str | None:
    policy = _raw(resource, "policy")
    if _unknown(policy):
        return None
    if policy is None:
        return "policy is not set: the key keeps AWS's default policy, written nowhere (CKV2_AWS_64)"
    document = _json(policy)
    if document is None:
        return None
    problems: list[str] = []
    for statement in _statements(document):
        if statement.get("Effect") != "Allow":
            continue
        label = str(statement.get("Sid") or "a statement")
        principal = statement.get("Principal")
        conditions = _condition_keys(statement)
        if principal == "*" or "*" in _strings(_mapping(principal).get("AWS")):
            if not conditions:
                problems.append(f"{label} allows any principal")
            continue
        for arn in _strings(_mapping(principal).get("AWS")):
            if not _ROOT.match(arn):
                problems.append(f"{label} names {arn}, not an account root: grant it through IAM instead")
        services = _strings(_mapping(principal).get("Service"))
        held = any(k in SERVICE_CONDITIONS or k.startswith(SERVICE_CONTEXT_PREFIX) for k in conditions)
        if services and not held:
            problems.append(
                f"{label} lets {', '.join(services)} use the key without an aws:SourceArn, "
                "aws:SourceAccount, kms:ViaService or encryption-context condition"
            )
    return _join(problems)


SECRET = "aws:secretsmanager/secret:Secret"
# The AWS managed key Secrets Manager uses when a secret names none.
SECRETS_MANAGER_DEFAULT_KEY = "alias/aws/secretsmanager"


@rule(
    "aws-secrets-cmk-prod",
    MANDATORY,
    [SECRET],
    "A production Secrets Manager secret is encrypted with a customer-managed KMS key, so who may decrypt "
    "it is written in IAM and the key's policy and can be revoked, not left to the account-wide AWS managed "
    "key (checkov CKV_AWS_149, issue #18).",
    "keep Secrets own_key on (the prod profile does); the database's and the cache's secrets use their own "
    "data key",
    RULES,
)
def _secret_cmk(resource: Resource) -> str | None:
    if not resource.is_prod:
        return None
    key = _raw(resource, "kmsKeyId")
    if _unknown(key):
        return None
    if not key:
        return "kmsKeyId is not set: the AWS managed aws/secretsmanager key encrypts it"
    if isinstance(key, str) and key.endswith(SECRETS_MANAGER_DEFAULT_KEY):
        return f"kmsKeyId is the AWS managed {SECRETS_MANAGER_DEFAULT_KEY} key"
    return None
