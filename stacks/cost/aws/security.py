"""AWS security: IAM, KMS keys, Secrets Manager secrets."""

from __future__ import annotations

from ..context import Context, Outcome, Resource, Rule
from .common import registrar

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/policy:Policy",
            "aws:iam/instanceProfile:InstanceProfile",
        ),
        "IAM has no charge",
    ),
    "aws:secretsmanager/secretVersion:SecretVersion": "included in the secret's monthly price",
    "aws:kms/alias:Alias": "aliases have no charge",
}

NOT_PRICED: dict[str, str] = {}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


@rule("aws:kms/key:Key")
def kms_key(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "kms_key")
    return Outcome(
        [
            ctx.fixed("Customer managed key", 1, "key-months", "kms.key.month"),
            ctx.use(
                "Requests", usage["requests_10k"], "10k requests", "kms.requests.10k", "kms_key.requests_10k"
            ),
        ]
    )


@rule("aws:secretsmanager/secret:Secret")
def secret(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "secret")
    return Outcome(
        [
            ctx.fixed("Secret", 1, "secret-months", "secretsmanager.secret.month"),
            ctx.use(
                "API requests",
                usage["requests_10k"],
                "10k requests",
                "secretsmanager.requests.10k",
                "secret.requests_10k",
            ),
        ]
    )
