"""The catalogue of what a service's `variables` can hold (`SOURCES`), declared once: each source's key,
what it holds, whether it carries a credential and the clouds that have it. The stack model (the key's
description), the docs (`catalogue_table`) and the rules and builders of `stacks.variables` read it. It
imports nothing of the stack model, so the model can read it without a cycle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

APP = "stackyard:app"
CLOUDS = ("aws", "gcp")
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# What a URL source may have appended: a path such as /api/v1.
URL_PATH = r"(?P<path>/[A-Za-z0-9._~/-]*)?"
# Names ECS injects into every container of a Fargate task: the task role's credentials and the task
# metadata endpoint (AWS docs: "Amazon ECS task IAM role", "Amazon ECS task metadata endpoint version 4").
# Setting one breaks the task role or the metadata the SDKs and the log agent read.
ECS_RESERVED = (
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "ECS_CONTAINER_METADATA_URI",
    "ECS_CONTAINER_METADATA_URI_V4",
)


@dataclass(frozen=True)
class Source:
    """One thing a variable can hold. `key` is what a stack file writes, with NAME standing for a bucket,
    secret or service name."""

    key: str
    holds: str
    credential: bool = False
    clouds: tuple[str, ...] = CLOUDS
    cloud_note: str = ""
    """Why the other cloud has no such source."""

    @property
    def part(self) -> str:
        """The part of the app it comes from: database, cache, buckets, secrets or services."""
        return self.key.split(".", 1)[0]

    @property
    def pattern(self) -> re.Pattern[str]:
        body = re.escape(self.key).replace("NAME", r"(?P<member>[^./]+)")
        return re.compile(f"^{body}{URL_PATH if self.key == 'services.NAME.url' else ''}$")


SOURCES: tuple[Source, ...] = (
    Source(
        "database.url",
        "the primary's URL, `postgresql://user:password@host:5432/db?sslmode=require` (aws: not with "
        "rds_managed_password)",
        credential=True,
    ),
    Source("database.password", "the database user's password", credential=True),
    Source("database.host", "the primary's host name (aws) or private IP (gcp)"),
    Source("database.port", "the port, 5432"),
    Source("database.name", "the database's name"),
    Source("database.user", "the database user's name"),
    Source("database.sslmode", "`require` (TLS is always enforced)"),
    Source(
        "database.reader_url",
        "the same URL with the first read replica's host (needs database.read_replicas)",
        credential=True,
    ),
    Source("database.reader_host", "the first read replica's host (needs database.read_replicas)"),
    Source("cache.url", "`rediss://:password@host:port` (TLS, AUTH)", credential=True),
    Source("cache.password", "the AUTH token (aws) or AUTH string (gcp)", credential=True),
    Source("cache.host", "the primary endpoint"),
    Source("cache.port", "the port (6379 on aws, 6378 on gcp)"),
    Source("cache.tls", "`true` (the cache only speaks TLS)"),
    Source(
        "cache.ca_cert",
        "Memorystore's server CA (PEM), which clients of the TLS endpoint must trust",
        clouds=("gcp",),
        cloud_note="ElastiCache's certificate is signed by a public Amazon CA that clients trust already",
    ),
    Source("cache.reader_host", "the reader endpoint (the primary when there are no replicas)"),
    Source("buckets.NAME.name", "the bucket's name"),
    Source(
        "buckets.NAME.arn",
        "the bucket's ARN",
        clouds=("aws",),
        cloud_note="a Cloud Storage bucket is named by buckets.NAME.name alone",
    ),
    Source("secrets.NAME", "the value of NAME from app.secrets", credential=True),
    Source(
        "services.NAME.url",
        "a web service's URL: `https://<host>` when public; when internal `http://<app>-<service>:<port>` "
        "(ECS Service Connect) or its run.app URL (Cloud Run). A path may follow: `services.api.url/api/v1`",
    ),
)
_SOURCES_BY_KEY = {s.key: s for s in SOURCES}


@dataclass(frozen=True)
class Reference:
    """A parsed source: the catalogue entry, the bucket/secret/service it names, a path after a URL."""

    source: Source
    member: str | None = None
    path: str = ""

    @property
    def key(self) -> str:
        """The source with its member filled in and without the path: what the builders look up."""
        return self.source.key.replace("NAME", self.member) if self.member is not None else self.source.key


def parse(text: str) -> Reference | None:
    """`text` as a catalogue source, or None when it is none."""
    for source in SOURCES:
        match = source.pattern.match(text)
        if match:
            groups = match.groupdict()
            return Reference(source, groups.get("member"), groups.get("path") or "")
    return None


# -- the docs -----------------------------------------------------------------------------------------------


def field_description() -> str:
    """The `variables` key's description in the config reference."""
    listed = "; ".join(
        s.key
        + (" (credential)" if s.credential else "")
        + ("" if s.clouds == CLOUDS else f" ({s.clouds[0]})")
        for s in SOURCES
    )
    return (
        "The names the application reads and what each holds, e.g. {DB_HOST: database.host, DATABASE_URL: "
        "database.url, S3_BUCKET: buckets.uploads.name}. Without it the service gets the defaults "
        "(DATABASE_URL, DATABASE_PASSWORD, DATABASE_HOST/PORT/NAME/USER/SSLMODE, REDIS_URL, REDIS_PASSWORD, "
        "REDIS_HOST/PORT/TLS, on gcp REDIS_CA_CERT, BUCKET_<NAME>); with it exactly these names, plus "
        "environment and secrets, and the service may reach only the database and cache it names. "
        f"Credentials go by secret reference, never as plain values. Sources: {listed}. Default: none (the "
        "defaults above)."
    )


def catalogue_table() -> str:
    """README's table of the sources (generated by `python -m stacks.reference --write`)."""
    lines = ["| source | holds | given as |", "|---|---|---|"]
    for s in SOURCES:
        given = "secret reference" if s.credential else "plain value"
        where = "" if s.clouds == CLOUDS else f" ({s.clouds[0]} only)"
        lines.append(f"| `{s.key}`{where} | {s.holds} | {given} |")
    return "\n".join(lines)
