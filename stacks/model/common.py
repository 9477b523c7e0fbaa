"""What every section of the stack configuration's model shares: the `stackyard:` keys and the provider
settings each cloud needs, the patterns of names, hostnames and secrets, the checks of an HTTP path, of
distinct list items and of a cron expression, and `Model`, the base of every config model."""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, ClassVar, Literal, Union
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from components.alarm_checks import URL_PATH
from components.cron import cron_fields

NAMESPACE = "stackyard"
CLOUD_KEY = f"{NAMESPACE}:cloud"
ENVIRONMENT_KEY = f"{NAMESPACE}:environment"
APP_KEY = f"{NAMESPACE}:app"
SECRETS_KEY = f"{NAMESPACE}:secrets"
# Optional: ADVISORY findings of `stackyard check` the stack accepts, each with its reason (stacks/accept.py).
ACCEPT_KEY = f"{NAMESPACE}:accept"
STACKYARD_KEYS = (CLOUD_KEY, ENVIRONMENT_KEY, APP_KEY, SECRETS_KEY, ACCEPT_KEY)

# Provider settings each cloud needs before anything can be created.
REQUIRED_PROVIDER_KEYS = {"aws": ("aws:region",), "gcp": ("gcp:project", "gcp:region")}

NAME_PATTERN = r"^[a-z][a-z0-9-]*[a-z0-9]$"
# `app.name_suffix`: empty (the pin), or lowercase letters, digits and hyphens, no hyphen at either end.
NAME_SUFFIX_PATTERN = r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?)?$"
# The base of a stack's physical names fits one DNS label (a component's `physical_name` limit).
MAX_PHYSICAL_BASE = 63
SECRET_NAME_PATTERN = r"^[A-Z][A-Z0-9_]*$"
ENV_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
HOSTNAME_PATTERN = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
# A Kubernetes object name that may hold dots (an IngressClass, a ClusterIssuer): a DNS subdomain.
INGRESS_CLASS_PATTERN = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"


# An HTTP path a load balancer or probe requests: the components' own rule (components.alarm_checks.URL_PATH:
# a leading /, no spaces, no fragment), in printable ASCII (a request line is ASCII: percent-encode the rest),
# at most 1024 characters (an ALB health check path's and a GCP URL map path's limit).
MAX_HTTP_PATH = 1024


def http_path_problem(value: str) -> str | None:
    """Why `value` cannot be an HTTP path a health check or probe requests, or None."""
    encoded = quote(value, safe="/:@!$&'()*+,;=-._~%?")
    if not value.isascii() or not value.isprintable():
        return f"{value!r} is not printable ASCII; percent-encode the other characters, e.g. {encoded}"
    if not URL_PATH.match(value):
        if not value.startswith("/"):
            return f"{value!r} is not an HTTP path; a path starts with /"
        return f"{value!r} holds a space or #, which an HTTP path cannot; percent-encode it: {encoded}"
    if len(value) > MAX_HTTP_PATH:
        return f"the path has {len(value)} characters; the load balancers take at most {MAX_HTTP_PATH}"
    return None


def distinct(values: list[Any]) -> list[Any]:
    """`values`, refused when one is listed twice (a second copy would be dropped, or make a second resource
    of the same name)."""
    twice = sorted({str(v) for v in values if values.count(v) > 1})
    if twice:
        raise ValueError(f"{', '.join(twice)} listed twice; list each once")
    return values


def _scalar_kinds(annotation: Any) -> set[Any]:
    """The scalar types (bool, int, float, str, None) a field's annotation admits; `object` for anything else
    (a model, a list, a mapping), about which this says nothing."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _scalar_kinds(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return set().union(*(_scalar_kinds(arg) for arg in typing.get_args(annotation)))
    if origin is Literal:
        return {type(value) for value in typing.get_args(annotation)}
    if annotation in (bool, int, float, str, type(None)):
        return {annotation}
    return {object}


class Model(BaseModel):
    """Base of every config model: unknown keys are errors, instances are immutable."""

    # Numbers are accepted where text is expected: `version: 16` and `image_tag: 1.2` mean what they say.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)
    DISTINCT: ClassVar[tuple[str, ...]] = ()
    """The list fields whose items must differ."""

    @field_validator("*")
    @classmethod
    def _distinct_items(cls, value: Any, info: ValidationInfo) -> Any:
        return distinct(value) if info.field_name in cls.DISTINCT and isinstance(value, list) else value

    @field_validator("*", mode="before")
    @classmethod
    def _booleans_are_not_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """`port: true` is not port 1, and `public: 1` is not true: YAML's true and false go only where a
        boolean belongs, and numbers only where a number (or text) does."""
        if not isinstance(value, bool | int | float) or info.field_name is None:
            return value
        field = cls.model_fields.get(info.field_name)
        kinds = _scalar_kinds(field.annotation) if field is not None else {object}
        if object in kinds:
            return value
        numeric = bool(kinds & {int, float})
        if isinstance(value, bool) and bool not in kinds and numeric:
            raise ValueError(f"{str(value).lower()} is a boolean where a number belongs; give the number")
        if not isinstance(value, bool) and bool in kinds and not numeric and str not in kinds:
            raise ValueError(f"{value} is a number where a boolean belongs; use true or false")
        return value


# ---------------------------------------------------------------------------------------------------------
# Loading


def cron_problem(expression: str) -> str | None:
    """Why `expression` is not a 5-field cron expression (minute hour day-of-month month day-of-week, UTC)
    that both clouds' schedulers take, or None: the components' own check (`components.cron.cron_fields`).
    What only one cloud's scheduler refuses is checked with the cloud (`stacks.cloud_rules`)."""
    try:
        cron_fields("", expression)
    except ValueError as error:
        return (
            str(error).removeprefix(" schedule ").replace(" is not allowed", " is not a cron expression", 1)
        )
    return None
