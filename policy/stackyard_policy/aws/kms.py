"""KMS keys: symmetric keys rotate their key material."""

from __future__ import annotations

from ..model import MANDATORY, Resource, Rule, rule
from .helpers import _must_be_true, _raw

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
