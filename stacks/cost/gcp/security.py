"""Google Cloud security: APIs, service accounts and IAM, Secret Manager, Cloud KMS."""

from __future__ import annotations

from ..context import Context, Outcome, Resource, Rule
from .common import registrar

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "gcp:projects/service:Service",
            "gcp:projects/iAMMember:IAMMember",
            "gcp:serviceaccount/account:Account",
            "gcp:storage/bucketIAMMember:BucketIAMMember",
            "gcp:secretmanager/secretIamMember:SecretIamMember",
            "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
            "gcp:cloudrunv2/jobIamMember:JobIamMember",
        ),
        "APIs, service accounts and IAM have no charge",
    ),
    "gcp:secretmanager/secret:Secret": "billed per active version: its versions are priced",
    "gcp:kms/keyRing:KeyRing": "key rings have no charge: their keys' versions are priced",
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": "IAM bindings have no charge",
    "gcp:projects/serviceIdentity:ServiceIdentity": "a service agent identity has no charge",
}

NOT_PRICED: dict[str, str] = {}

RULES: dict[str, Rule] = {}
rule = registrar(RULES)


@rule("gcp:secretmanager/secretVersion:SecretVersion")
def secret_version(r: Resource, ctx: Context) -> Outcome:
    secret_name = str(r.get("secret", "")).rsplit("/", 1)[-1]
    replicas = 1
    for secret in ctx.of_type("gcp:secretmanager/secret:Secret"):
        if secret.get("secretId") == secret_name:
            replicas = len(secret.get("replication.userManaged.replicas", [])) or 1
    usage = ctx.usage_of(r, "secret")
    return Outcome(
        [
            ctx.fixed(
                f"Active secret version ({replicas} location{'s' if replicas != 1 else ''})",
                replicas,
                "version-months",
                "secretmanager.version.month",
            ),
            ctx.use(
                "Access operations",
                usage["requests_10k"],
                "10k operations",
                "secretmanager.access.10k",
                "secret.requests_10k",
            ),
        ]
    )


@rule("gcp:kms/cryptoKey:CryptoKey")
def kms_key(r: Resource, ctx: Context) -> Outcome:
    return Outcome(
        [ctx.fixed("Active key version (software)", 1, "version-months", "kms.key_version.month")],
        note="each rotation adds a version, billed until it is destroyed; encrypt and decrypt operations "
        "($0.03 per 10k) are not modelled",
    )
