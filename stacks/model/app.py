"""`stackyard:app` (`App`) with the sections of the other modules and the validator that spans them
(`hosted_zone: create`), `DeclaredStandIn`, `StackConfig` (the whole validated configuration of one stack),
and what is derived from them: the physical names' base (`name_suffix`, `physical_base`, `names_pinned`),
public hosts and the targets of the uptime checks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from components.naming import physical_name

from .alarms import Alarms
from .common import (
    HOSTNAME_PATTERN,
    MAX_PHYSICAL_BASE,
    NAME_PATTERN,
    NAME_SUFFIX_PATTERN,
    SECRET_NAME_PATTERN,
    Model,
)
from .data import BucketSpec, Cache, Database
from .kubernetes import Kubernetes
from .network import Network
from .services import Service, WebService
from .site import Site


class DeclaredStandIn(Model):
    """`stackyard:app.stand_ins[]`: one ask of the application's guide that no stack key expresses, and what
    the stack gives instead."""

    key: str = Field(
        pattern=r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$",
        max_length=80,
        description="A short stable name, e.g. guide.uptime-robot.",
    )
    asked: str = Field(min_length=1, description="What the guide asks, in its words.")
    instead: str = Field(min_length=1, description="What the stack gives instead.")
    reason: str = Field(min_length=1, description="Why the ask itself is not planned.")


class App(Model):
    """`stackyard:app`: the application this stack deploys."""

    DISTINCT = ("secrets",)

    name: str = Field(
        min_length=2,
        max_length=40,
        pattern=NAME_PATTERN,
        description="Lowercase letters, digits, hyphens; 2-40.",
    )
    name_suffix: str | None = Field(
        default=None,
        max_length=40,
        pattern=NAME_SUFFIX_PATTERN,
        description="Appended to name in the physical names of the cloud resources (<name>-<suffix>-db, "
        "<name>-<suffix>-api …), so that two stacks of the app (staging and prod) can share an account or "
        "project. Lowercase letters, digits, hyphens; at most 40. Default: the Pulumi stack name "
        '(shopfront-prod-db). "" pins the names of a stack deployed before this key existed (release 0.2: '
        "<name>-db …): set it before upgrading such a stack, since a new name replaces the database, cache "
        "and buckets. Logical names (URNs) never change.",
    )
    domain: str | None = Field(
        default=None,
        max_length=253,
        pattern=HOSTNAME_PATTERN,
        description="DNS name of the app (the site); public services get <service>.<domain>. Default none.",
    )
    hosted_zone_id: str | None = Field(
        default=None,
        description="DNS zone of the domain: a Route 53 zone id (aws; default: looked up by the domain's "
        "name) or a Cloud DNS managed zone name (gcp; default: no records, point the domain at the "
        "ipAddress output).",
    )
    hosted_zone: Literal["existing", "create"] = Field(
        default="existing",
        description="Where the DNS records of app.domain go. existing (default): a public zone you have, "
        "delegated at your registrar (aws: looked up by the domain's registrable name, or hosted_zone_id; "
        "gcp: the Cloud DNS zone hosted_zone_id, or no records). create: the stack creates a public zone "
        "named app.domain (a Route 53 hosted zone, a Cloud DNS managed zone), writes the records there and "
        "outputs its name servers (nameServers) to delegate at your registrar; runtime managed only. No "
        "custom domain (staging, runtime managed): leave app.domain out; the site is then served at the "
        "CDN's own name, and each public service at its own (aws: a CloudFront distribution in front of "
        "an internal load balancer; gcp: its run.app URL); output serviceUrls.",
    )
    network: Network = Field(default=Network(), description="The private network.")
    runtime: Literal["managed", "kubernetes"] = Field(
        default="managed",
        description="Where services run: managed (ECS Fargate on aws, Cloud Run on gcp) or kubernetes. "
        "Default managed.",
    )
    kubernetes: Kubernetes | None = Field(
        default=None,
        description="The cluster, with runtime kubernetes. Default: a created cluster, defaults below.",
    )
    registry_encryption: Literal["cmek", "google"] | None = Field(
        default=None,
        description="gcp: how the services' Artifact Registry repositories are encrypted: cmek (a Cloud KMS "
        "key of the stack, rotated every 90 days) or google (Google-managed). Default: cmek in prod, google "
        "in staging. The key of a repository is fixed when it is created: on a stack whose repositories "
        "exist, cmek replaces each one and deletes its images (push them again before the next deploy); set "
        "google there to keep them. aws: not used.",
    )
    database: Database | None = Field(
        default=None, description="A managed PostgreSQL database. Default none."
    )
    cache: Cache | None = Field(default=None, description="A managed Redis-compatible cache. Default none.")
    buckets: dict[Annotated[str, Field(pattern=NAME_PATTERN, max_length=20)], BucketSpec] = Field(
        default={}, description="Private buckets by name (lowercase, up to 20 characters)."
    )
    services: dict[Annotated[str, Field(pattern=NAME_PATTERN, max_length=20)], Service] = Field(
        default={}, description="Containers by name: web services, workers and scheduled jobs."
    )
    site: Site | None = Field(
        default=None,
        description="The site behind the CDN: static files, or a server-rendered frontend (site.service). "
        "Default none.",
    )
    alarms: Alarms = Field(default=Alarms(), description="Alerting.")
    secrets: list[Annotated[str, Field(pattern=SECRET_NAME_PATTERN)]] = Field(
        default=[], description="Names of the secrets whose values are set in stackyard:secrets."
    )
    stand_ins: list[DeclaredStandIn] = Field(
        default=[],
        description="What this stack gives instead of something its application's guide asks and no stack "
        "key can express (e.g. an outside uptime service): shown by stackyard plan and pulumi up with the "
        "computed stand-ins. Default none.",
    )

    @model_validator(mode="after")
    def _created_zone(self) -> App:
        """`hosted_zone: create` makes the zone of `domain`: it needs the domain, no `hosted_zone_id`, the
        managed runtime (the Kubernetes ingress takes an existing zone), and every public host in it."""
        if self.hosted_zone != "create":
            return self
        if not self.domain:
            raise ValueError("hosted_zone: create makes the public zone of app.domain; set app.domain")
        if self.hosted_zone_id:
            raise ValueError(
                "hosted_zone: create makes a zone, hosted_zone_id names an existing one; give one of them"
            )
        if self.runtime != "managed":
            raise ValueError(
                "hosted_zone: create is for runtime managed; with kubernetes create the zone yourself and "
                "give hosted_zone_id"
            )
        for name, spec in self.services.items():
            host = getattr(spec, "host", None)
            if host and host != self.domain and not host.endswith(f".{self.domain}"):
                raise ValueError(
                    f"services.{name}.host {host} is not in the zone {self.domain} that hosted_zone: create "
                    "makes; use a name in it, or an existing zone"
                )
        return self


class StackConfig(Model):
    """The whole validated configuration of one stack."""

    cloud: Literal["aws", "gcp"]
    environment: Literal["staging", "prod"]
    app: App
    region: str = Field(description="aws:region or gcp:region.")
    project: str | None = Field(default=None, description="gcp:project (GCP only).")

    @property
    def is_prod(self) -> bool:
        return self.environment == "prod"


def name_suffix(app: App, stack: str) -> str:
    """`app.name_suffix`, or by default the Pulumi stack's name made lowercase letters, digits and hyphens."""
    if app.name_suffix is not None:
        return app.name_suffix
    return re.sub(r"[^a-z0-9]+", "-", stack.lower()).strip("-")


def physical_base(app: App, stack: str) -> str:
    """The base of the stack's physical names (every component's `physical_name` starts with it):
    `<app.name>-<suffix>` (`name_suffix`), shortened with a hash past 63 characters; `app.name` itself when
    the suffix is "" (the pin on the names of release 0.2)."""
    suffix = name_suffix(app, stack)
    return physical_name(f"{app.name}-{suffix}", MAX_PHYSICAL_BASE) if suffix else app.name


def names_pinned(app: App) -> bool:
    """Whether `app.name_suffix` is "": the stack keeps the physical names of release 0.2."""
    return app.name_suffix == ""


def public_host(config: StackConfig, name: str, service: WebService) -> str:
    """The hostname a public service is served on: its `host`, or `<service>.<app.domain>`."""
    return service.host or f"{name}.{config.app.domain}"


def uptime_targets(config: StackConfig, hosts: Mapping[str, Any] | None = None) -> list[tuple[str, Any, str]]:
    """What `alarms.uptime` checks, as (label, host, path): each public web service's health_path on its
    host (without `app.domain`, its host in `hosts`: the name its cloud serves it at, an Output), and the
    site's / on app.domain (a site without a domain is left to the caller). Labels are the service names,
    and "site" (or "site-cdn" when a service is called site)."""
    app = config.app
    given = hosts if hosts is not None and not app.domain else {}
    targets = [
        (name, given.get(name) or public_host(config, name, spec), spec.health_path)
        for name, spec in app.services.items()
        if isinstance(spec, WebService) and spec.public
    ]
    if app.site is not None and app.domain:
        label = "site-cdn" if "site" in app.services else "site"
        targets.append((label, app.domain, "/"))
    return targets
