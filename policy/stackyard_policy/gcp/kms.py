"""Cloud KMS: symmetric keys rotate at least every 90 days; production Artifact Registry repositories use
a customer-managed key."""

from __future__ import annotations

from typing import Any

from ..model import MANDATORY, Resource, Rule, rule
from .helpers import UNDECIDED, _input

RULES: list[Rule] = []


CRYPTO_KEY = "gcp:kms/cryptoKey:CryptoKey"
NINETY_DAYS_SECONDS = 90 * 24 * 3600


def _seconds(duration: Any) -> float | None:
    """A protobuf duration ("7776000s", "86400.5s") in seconds."""
    if not isinstance(duration, str) or not duration.endswith("s"):
        return None
    try:
        return float(duration[:-1])
    except ValueError:
        return None


@rule(
    "gcp-kms-key-rotation",
    MANDATORY,
    [CRYPTO_KEY],
    "checkov CKV_GCP_43: a symmetric encryption key rotates at least every 90 days, which limits what one "
    "compromised key version exposes (Cloud KMS rotates neither asymmetric nor imported keys, so they are "
    "exempt).",
    "Set rotation_period to at most 7776000s (90 days) on the gcp.kms.CryptoKey.",
    into=RULES,
)
def _kms_rotation(resource: Resource) -> str | None:
    purpose = _input(resource, "purpose", "ENCRYPT_DECRYPT")
    if purpose != "ENCRYPT_DECRYPT" or _input(resource, "importOnly", False) is not False:
        return None
    period = _input(resource, "rotationPeriod")
    if period is UNDECIDED:
        return None
    if period is None:
        return "no rotationPeriod: the key never rotates"
    seconds = _seconds(period)
    if seconds is not None and seconds > NINETY_DAYS_SECONDS:
        return f"rotationPeriod {period} is longer than 90 days (7776000s)"
    return None


REPOSITORY = "gcp:artifactregistry/repository:Repository"


@rule(
    "gcp-artifact-registry-cmek-prod",
    MANDATORY,
    [REPOSITORY],
    "checkov CKV_GCP_84 (Artifact Registry repositories encrypted with a customer key; issue #18): a "
    "production repository is encrypted with a customer-managed Cloud KMS key, so reading its images needs "
    "that key too and can be revoked and audited apart (cloud.google.com/artifact-registry/docs/cmek docs).",
    "keep app.registry_encryption cmek (the prod profile's); on a raw repository set kms_key_name (fixed at "
    "creation)",
    into=RULES,
)
def _registry_cmek(resource: Resource) -> str | None:
    if not resource.is_prod:
        return None
    key = _input(resource, "kmsKeyName")
    if key is UNDECIDED or key:
        return None
    return "production repository without a customer-managed key (kmsKeyName)"
