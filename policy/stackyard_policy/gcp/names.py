"""The name limits that Pulumi mocks do not check: service account ids, Memorystore instance ids, Cloud
Run names, Cloud SQL instance ids and Cloud Storage bucket names."""

from __future__ import annotations

import re

from ..model import MANDATORY, Resource, Rule, rule
from .cloudrun import RUN_JOB, RUN_SERVICE, RUN_WORKER_POOL
from .helpers import UNDECIDED, _input, _last_segment
from .memorystore import REDIS
from .sql import SQL_INSTANCE
from .storage import BUCKET

RULES: list[Rule] = []


SERVICE_ACCOUNT = "gcp:serviceaccount/account:Account"

# Name limits (the mocks accept anything):
# - service account ids: 6-30 characters matching `[a-z]([-a-z0-9]*[a-z0-9])` (provider `account_id` docs);
# - Memorystore for Redis instance ids: 1-40 lowercase letters, digits and hyphens, a letter first, no
#   hyphen last (Memorystore API CreateInstanceRequest.instance_id);
# - Cloud Run service and worker pool names under 50 characters (cloud.google.com/run/docs/deploying),
#   job names up to 63, both RFC 1035 labels;
# - Cloud SQL instance ids: lowercase letters, digits and hyphens, a letter first, at most 98 characters
#   (Cloud SQL Admin API v1: "This ID can have a maximum length of 98 characters");
# - GCS bucket names: 3-63 lowercase letters, digits, "-" and "_" (dotted names up to 222, 63 per part),
#   a letter or digit first and last, not starting with "goog" nor containing "google" or a close
#   misspelling (cloud.google.com/storage/docs/buckets#naming).
ACCOUNT_ID = re.compile(r"^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$")
REDIS_NAME = re.compile(r"^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$")
RUN_NAME = re.compile(r"^[a-z](?:[-a-z0-9]*[a-z0-9])?$")
RUN_NAME_LIMITS = {RUN_SERVICE: 49, RUN_WORKER_POOL: 49, RUN_JOB: 63}
SQL_NAME = re.compile(r"^[a-z][-a-z0-9]*$")
SQL_NAME_LIMIT = 98
BUCKET_NAME = re.compile(r"^[a-z0-9][-a-z0-9_.]*[a-z0-9]$")
GOOGLE_LIKE = re.compile(r"g[o0][o0]g[l1]e")
# Pulumi auto-names a resource without an explicit name `<logical name>-<7 random characters>`.
AUTONAME_SUFFIX = "-0000000"


def _physical_name(resource: Resource, key: str = "name") -> tuple[str, bool] | None:
    """The name the cloud will see: the explicit input (True; the last segment of a fully qualified one), or
    a stand-in for Pulumi's auto-name with the same length (False); None when the input is unknown."""
    value = _input(resource, key)
    if value is UNDECIDED:
        return None
    if isinstance(value, str):
        return _last_segment(value), True
    return f"{resource.name}{AUTONAME_SUFFIX}", False


def _named(resource: Resource, name: str, explicit: bool) -> str:
    if explicit:
        return f"name {name!r}"
    return f"auto-name {resource.name!r} + 8 characters ({len(name)})"


@rule(
    "gcp-name-service-account-id",
    MANDATORY,
    [SERVICE_ACCOUNT],
    "IAM refuses a service account id that is not 6-30 lowercase letters, digits and hyphens starting with "
    "a letter (provider account_id docs), and the mocks accept any.",
    "ContainerService derives a valid id from the component name (components.naming.physical_name); give "
    "a raw account such an account_id.",
    into=RULES,
)
def _name_service_account(resource: Resource) -> str | None:
    account_id = _input(resource, "accountId")
    # An absent accountId is auto-named by the provider within the limits.
    if not isinstance(account_id, str) or ACCOUNT_ID.match(account_id):
        return None
    return f"accountId {account_id!r} ({len(account_id)} characters) is not 6-30 of [a-z0-9-], a letter first"


@rule(
    "gcp-name-redis-instance",
    MANDATORY,
    [REDIS],
    "Memorystore refuses an instance id longer than 40 characters or not made of lowercase letters, digits "
    "and hyphens starting with a letter (Memorystore API instance_id), and the mocks accept any.",
    "RedisCache names the instance <name>-cache within 40 characters; give a raw instance such a name.",
    into=RULES,
)
def _name_redis(resource: Resource) -> str | None:
    found = _physical_name(resource)
    if found is None or REDIS_NAME.match(found[0]):
        return None
    return f"{_named(resource, *found)} is not 1-40 of [a-z0-9-], a letter first, no hyphen last"


@rule(
    "gcp-name-cloudrun",
    MANDATORY,
    [RUN_SERVICE, RUN_WORKER_POOL, RUN_JOB],
    "Cloud Run refuses a service or worker pool name of 50 characters or more and a job name over 63 "
    "(cloud.google.com/run/docs/deploying), and the mocks accept any.",
    "ContainerService shortens the name with a hash (components.naming.physical_name); give a raw resource a "
    "shorter name.",
    into=RULES,
)
def _name_cloudrun(resource: Resource) -> str | None:
    found = _physical_name(resource)
    if found is None:
        return None
    name, limit = found[0], RUN_NAME_LIMITS[resource.type]
    if len(name) <= limit and RUN_NAME.match(name):
        return None
    return f"{_named(resource, *found)} is not at most {limit} of [a-z0-9-], a letter first"


@rule(
    "gcp-name-sql-instance",
    MANDATORY,
    [SQL_INSTANCE],
    "Cloud SQL refuses an instance id longer than 98 characters or not made of lowercase letters, digits "
    "and hyphens starting with a letter (Cloud SQL Admin API), and the mocks accept any.",
    "ManagedPostgres names the instance <name>-db within 63 characters; give a raw instance such a name.",
    into=RULES,
)
def _name_sql(resource: Resource) -> str | None:
    found = _physical_name(resource)
    if found is None:
        return None
    if len(found[0]) <= SQL_NAME_LIMIT and SQL_NAME.match(found[0]):
        return None
    return f"{_named(resource, *found)} is not at most {SQL_NAME_LIMIT} of [a-z0-9-], a letter first"


def _bucket_name_problem(name: str) -> str | None:
    parts = name.split(".")
    if len(name) > (222 if len(parts) > 1 else 63) or len(name) < 3 or any(len(p) > 63 for p in parts):
        return "is not 3-63 characters (222 with dots, 63 per part)"
    if not BUCKET_NAME.match(name) or any(not p for p in parts):
        return "is not lowercase letters, digits, '-', '_' and '.', a letter or digit first and last"
    if name.startswith("goog") or GOOGLE_LIKE.search(name):
        return "starts with 'goog' or contains 'google'"
    return None


@rule(
    "gcp-name-storage-bucket",
    MANDATORY,
    [BUCKET],
    "Cloud Storage refuses a bucket name that is not 3-63 lowercase letters, digits, '-' and '_', or that "
    "starts with 'goog' or contains 'google' (cloud.google.com/storage/docs/buckets#naming), and the mocks "
    "accept any.",
    "Bucket keeps auto-names within 63 characters; give bucket_name (or a shorter component name) that fits.",
    into=RULES,
)
def _name_bucket(resource: Resource) -> str | None:
    found = _physical_name(resource)
    if found is None:
        return None
    name, explicit = found
    problem = _bucket_name_problem(name if explicit else name.lower())
    return f"{_named(resource, *found)} {problem}" if problem else None
