"""The pods' settings and secrets: the ConfigMap `<name>-config` (read with `envFrom`), the Secret
`<name>-secrets` (one `secretKeyRef` per key), and the checksums in the pod template's annotations that roll
the pods when a setting or a secret changes."""

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as k8s
import pulumi_random as random

from .settings import CONTAINER, ContainerSettings, MetadataFor

CHECKSUM_KEY_LENGTH = 32  # characters of the HMAC key behind checksum/secrets (62 symbols: ~190 bits)


@dataclass(frozen=True)
class PodConfiguration:
    """How the container reads the settings and secrets, and the pod template's annotations."""

    env_from: list[k8s.core.v1.EnvFromSourceArgsDict]
    env: list[k8s.core.v1.EnvVarArgsDict]
    annotations: dict[str, pulumi.Input[str]]
    """The default container, and the checksums of the settings and of the secrets."""


def pod_configuration(
    owner: pulumi.Resource, name: str, s: ContainerSettings, metadata: MetadataFor
) -> PodConfiguration:
    """The ConfigMap (with `environment`), the Secret and the key of its checksum (with `secrets`)."""
    child = pulumi.ResourceOptions(parent=owner)
    env_from: list[k8s.core.v1.EnvFromSourceArgsDict] = []
    env: list[k8s.core.v1.EnvVarArgsDict] = []
    annotations: dict[str, pulumi.Input[str]] = {"kubectl.kubernetes.io/default-container": CONTAINER}
    if s.environment:
        config_map = k8s.core.v1.ConfigMap(
            f"{name}-config", metadata=metadata(f"{s.name}-config"), data=s.environment, opts=child
        )
        env_from.append({"config_map_ref": {"name": config_map.metadata.name}})
        annotations["checksum/config"] = _checksum(s.environment)
    if s.secrets:
        secret = k8s.core.v1.Secret(
            f"{name}-secrets",
            metadata=metadata(f"{s.name}-secrets"),
            type="Opaque",
            string_data={key: pulumi.Output.secret(value) for key, value in sorted(s.secrets.items())},
            opts=child,
        )
        env.extend(
            {"name": key, "value_from": {"secret_key_ref": {"name": secret.metadata.name, "key": key}}}
            for key in sorted(s.secrets)
        )
        checksum_key = random.RandomPassword(
            f"{name}-secrets-checksum-key", length=CHECKSUM_KEY_LENGTH, special=False, opts=child
        )
        annotations["checksum/secrets"] = _keyed_checksum(checksum_key.result, s.secrets)
    return PodConfiguration(env_from, env, annotations)


def _checksum(values: Mapping[str, pulumi.Input[str]]) -> pulumi.Output[str]:
    """A SHA-256 of `values` (secret if any value is), so a changed value changes the pod template."""
    return pulumi.Output.all(**values).apply(
        lambda resolved: hashlib.sha256(json.dumps(resolved, sort_keys=True).encode()).hexdigest()
    )


def _keyed_checksum(key: pulumi.Output[str], values: Mapping[str, pulumi.Input[str]]) -> pulumi.Output[str]:
    """An HMAC-SHA256 of the sorted `values` (names and values) keyed with `key`, not secret: it changes with
    any value and, without the key (kept secret in the state), reveals nothing about the values."""
    digest = pulumi.Output.all(key, pulumi.Output.all(**values)).apply(
        lambda resolved: hmac.new(
            str(resolved[0]).encode(), json.dumps(resolved[1], sort_keys=True).encode(), hashlib.sha256
        ).hexdigest()
    )
    return pulumi.Output.unsecret(digest)
