"""Secrets: none as literal values in a container's environment or in a ConfigMap."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model import MANDATORY, UNKNOWN, Resource, Rule, rule
from .helpers import WORKLOADS, _at, _list, _report, containers, pod_spec

RULES: list[Rule] = []


CONFIG_MAP = "kubernetes:core/v1:ConfigMap"

SECRET_MARK = "[secret]"

# Environment variable names that hold secrets: *PASSWORD*, *SECRET*, *TOKEN*, *API_KEY* (and spellings),
# unless the last word says the value is about the secret rather than the secret (JWT_SECRET is one,
# REFRESH_TOKEN_EXPIRATION and SECRET_NAME are not).
_SECRET_WORDS = ("PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY")
# Front-end build settings with these prefixes are compiled into the JavaScript sent to browsers, so they are
# public by construction (Next.js NEXT_PUBLIC_, Vite VITE_, Create React App REACT_APP_, Nuxt NUXT_PUBLIC_).
_PUBLIC_PREFIXES = ("NEXT_PUBLIC_", "VITE_", "REACT_APP_", "NUXT_PUBLIC_")
_NOT_SECRET_SUFFIXES = frozenset(
    [
        "EXPIRATION",
        "EXPIRY",
        "EXPIRES",
        "EXPIRE",
        "TTL",
        "LIFETIME",
        "TIMEOUT",
        "URL",
        "URI",
        "HOST",
        "PORT",
        "ENDPOINT",
        "PATH",
        "FILE",
        "DIR",
        "HEADER",
        "NAME",
        "ID",
        "LENGTH",
        "ALGORITHM",
        "ISSUER",
        "AUDIENCE",
        "ENABLED",
    ]
)


def secret_like(name: str) -> bool:
    """Whether an environment variable or setting name looks like it holds a secret."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper().replace("-", "_").replace(".", "_")
    if words.startswith(_PUBLIC_PREFIXES) or not any(word in words for word in _SECRET_WORDS):
        return False
    return words.rsplit("_", 1)[-1] not in _NOT_SECRET_SUFFIXES


@rule(
    "kubernetes-container-no-secret-env",
    MANDATORY,
    WORKLOADS,
    "A literal env value is plain text in the workload object, readable by anyone who may read Deployments "
    "and in every rendered manifest; secrets belong in a Secret (cdk-nag AwsSolutions-ECS2's rule for "
    "Kubernetes; checkov CKV_K8S_35).",
    "move the value to app.services.<name>.secrets (a Secret read with valueFrom.secretKeyRef).",
    RULES,
)
def _no_secret_env(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec):
        for variable in _list(_at(container, "env")) or []:
            name, value = _at(variable, "name"), _at(variable, "value")
            if value == SECRET_MARK:
                problems.append(f"{label} env {name} holds a secret as a literal value")
            elif isinstance(name, str) and isinstance(value, str) and value and secret_like(name):
                problems.append(f"{label} env {name} looks like a secret and has a literal value")
    return _report(problems)


@rule(
    "kubernetes-configmap-no-secrets",
    MANDATORY,
    (CONFIG_MAP,),
    "A ConfigMap is plain text to anyone who may read ConfigMaps, is not encrypted at rest like Secrets "
    "can be, and its values reach the pods with envFrom; cdk-nag AwsSolutions-ECS2's rule for Kubernetes.",
    "move the value from app.services.<name>.environment to app.services.<name>.secrets.",
    RULES,
)
def _configmap_no_secrets(resource: Resource) -> str | None:
    problems: list[str] = []
    for field in ("data", "binaryData"):
        data = _at(resource.inputs, field)
        if data == SECRET_MARK:
            problems.append(f"{field} holds secret values")
        elif isinstance(data, Mapping):
            for key, value in data.items():
                if value == SECRET_MARK:
                    problems.append(f"{field}.{key} holds a secret value")
                elif (
                    isinstance(key, str)
                    and isinstance(value, str)
                    and value != UNKNOWN
                    and value
                    and (secret_like(key))
                ):
                    problems.append(f"{field}.{key} looks like a secret")
    return _report(problems)
