"""Kubernetes secrets' encryption: Google-managed, or with `database_encryption_key` (CMEK) GKE's service
agent's role on the key, which the cluster waits for."""

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from .settings import _Settings

# The role GKE's service agent needs on a CMEK for application-layer secrets encryption
# (cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets).
KEY_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter"


@dataclass(frozen=True)
class SecretsEncryption:
    """The cluster's `database_encryption` and what the cluster waits for (the service agent's grant)."""

    database_encryption: gcp.container.ClusterDatabaseEncryptionArgsDict
    depends_on: list[pulumi.Resource]


def secrets_encryption(
    owner: pulumi.Resource, name: str, settings: _Settings, invoke: pulumi.InvokeOutputOptions
) -> SecretsEncryption:
    """DECRYPTED (Google-managed) without `database_encryption_key`; with it, ENCRYPTED with that key and
    GKE's service agent (service-<project number>@container-engine-robot…) granted KEY_ROLE on it."""
    depends_on: list[pulumi.Resource] = []
    encryption: gcp.container.ClusterDatabaseEncryptionArgsDict = {"state": "DECRYPTED"}
    if settings.database_encryption_key is not None:
        number = gcp.organizations.get_project_output(opts=invoke).number
        depends_on.append(
            gcp.kms.CryptoKeyIAMMember(
                f"{name}-secrets-key",
                crypto_key_id=settings.database_encryption_key,
                role=KEY_ROLE,
                member=number.apply(
                    lambda n: f"serviceAccount:service-{n}@container-engine-robot.iam.gserviceaccount.com"
                ),
                opts=pulumi.ResourceOptions(parent=owner),
            )
        )
        encryption = {"state": "ENCRYPTED", "key_name": settings.database_encryption_key}
    return SecretsEncryption(database_encryption=encryption, depends_on=depends_on)
