"""Before your first `pulumi up`: what the plan cannot check because it depends on facts outside it.

A DNS zone that must exist and be delegated, an image to push, an alarm email to confirm, a secret still
holding the stack file's placeholder, a private cluster API that only the network can reach, a database
extension the migrations must create. `notes(config, values)` computes them from the validated stack
config; the program (`stacks.program.main`) prints them with `pulumi.log.info` under `pulumi up` and
`pulumi preview`, and `stackyard plan` shows the same notes (text: a "Before your first `pulumi up`"
section; `--json`: the top-level "notes" list, each `{"topic": …, "text": …}`).

Adding a note is one line in `EVERY_CLOUD`, `AWS` or `GCP` below (or in a `NOTES` list of
`stacks/<cloud>_limitations.py`, next to the limitation it comes from, which is read the same way):

    Rule("topic", lambda f: "Do this first: `the command`." if f.app.cache else None),

A rule gets the stack's `Facts` (`f.config`, the validated `StackConfig`; `f.app`; `f.managed`;
`f.public_hosts`; `f.placeholder_secrets`) and returns the note's text (a short sentence saying what to
do, with the exact command or output name), several texts, or None when it does not apply.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from components.images import BOOTSTRAP_TAG, awaits_first_image

from .announcements import Announcement
from .config import SECRETS_KEY, App, Job, StackConfig, WebService, public_host
from .profiles import hardening
from .stackfile import SECURE_PLACEHOLDER

HEADING = "Before your first `pulumi up`"


@dataclass(frozen=True)
class Note:
    """One thing to do before the first `pulumi up`; `topic` is a stable key for tools."""

    topic: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"topic": self.topic, "text": self.text}


@dataclass(frozen=True)
class Facts:
    """What a rule may read: the validated config, and what the program knows besides."""

    config: StackConfig
    placeholder_secrets: tuple[str, ...] = field(default=())
    """Secrets (`stackyard:secrets`) whose value is still the placeholder `stackyard plan` puts in for a
    `secure:` value it cannot decrypt. Empty under `pulumi up`, where every value is real."""

    @property
    def app(self) -> App:
        return self.config.app

    @property
    def managed(self) -> bool:
        """Services run on the cloud's own container platform (ECS Fargate, Cloud Run)."""
        return self.app.runtime == "managed"

    @property
    def public_hosts(self) -> dict[str, str]:
        """Public web services by name -> the host name each is served on."""
        return {
            name: public_host(self.config, name, spec)
            for name, spec in self.app.services.items()
            if isinstance(spec, WebService) and spec.public and (spec.host or self.app.domain)
        }


RuleText = str | Iterable[str] | None


@dataclass(frozen=True)
class Rule:
    """A note's topic and how to write it: `text(facts)` returns the text, several, or None."""

    topic: str
    text: Callable[[Facts], RuleText]


# ---------------------------------------------------------------------------------------------------------
# The rules. Each returns None when its note does not apply.


def _listing(names: Iterable[str]) -> str:
    items = [f"`{n}`" for n in names]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _one(items: list[Any] | dict[Any, Any], singular: str, plural: str) -> str:
    return singular if len(items) == 1 else plural


def _secrets(f: Facts) -> str | None:
    names = [n for n in f.app.secrets if n in f.placeholder_secrets]
    if not names:
        return None
    path = names[0] if len(names) == 1 else "<NAME>"
    holds = _one(names, "a placeholder", "placeholders")
    each = _one(names, "", " for each")
    return (
        f"Set the real value of {_listing(names)} (the stack file holds {holds}): "
        f"`pulumi config set --secret --path 'secrets.{path}' <value>`{each}."
    )


def _extensions(f: Facts) -> str | None:
    database = f.app.database
    if database is None:
        return None
    names: list[str] = list(database.extensions)
    # pgAudit logs nothing until its extension exists (gcp prod: ManagedPostgres audit_logging).
    if f.config.cloud == "gcp" and hardening(f.config.environment).database_audit_logging:
        names.append("pgaudit")
    if not names:
        return None
    engine = "RDS" if f.config.cloud == "aws" else "Cloud SQL"
    return (
        f"Create the {_one(names, 'extension', 'extensions')} {_listing(names)} "
        f"from your app's first migration: {engine} "
        "does not run `CREATE EXTENSION` for you; the stack output `databaseExtensionStatements` lists the "
        "statements."
    )


def _kubernetes_cluster(f: Facts) -> str | None:
    if f.managed:
        return None
    settings = f.app.kubernetes
    if settings is not None and settings.cluster == "existing":
        return (
            "Point this stack at your cluster: `pulumi config set kubernetes:kubeconfig …` (or KUBECONFIG in "
            "the environment of `pulumi up`); the services are deployed there."
        )
    if settings is None or not settings.api_access_cidrs:
        return (
            "The new cluster's API endpoint is private: run `pulumi up` from inside the stack's network (a "
            "CI runner or a bastion there), or list the networks that run pulumi in "
            "`app.kubernetes.api_access_cidrs`; from elsewhere the Kubernetes objects cannot be created."
        )
    return (
        f"The new cluster's API endpoint admits only {_listing(settings.api_access_cidrs)} "
        "(`app.kubernetes.api_access_cidrs`): run `pulumi up` from there, or the Kubernetes objects cannot "
        "be created."
    )


def _ingress(f: Facts) -> str | None:
    hosts = f.public_hosts
    if f.managed or not hosts:
        return None
    settings = f.app.kubernetes
    names = _listing(sorted(set(hosts.values())))
    if settings is not None and settings.ingress_class:
        where = f" (namespace `{settings.ingress_namespace}`)" if settings.ingress_namespace else ""
        return (
            f"Install your ingress controller for IngressClass `{settings.ingress_class}`{where} and "
            f"cert-manager with the ClusterIssuer `{settings.cert_issuer}` on the cluster, and point {names} "
            "at the controller's load balancer: the Ingresses get no address or certificate until then."
        )
    if f.config.cloud == "gcp":  # GKE's Ingress: a static address and a Google-managed certificate per host
        return (
            f"After the first `pulumi up`, point A records of {names} to their addresses in the output "
            "`ingressAddresses`: Google-managed certificates become active, and HTTPS works, only once the "
            "names resolve there."
        )
    namespace = (
        settings.namespace if settings and settings.namespace else f"{f.app.name}-{f.config.environment}"
    )
    return (
        f"After the first `pulumi up`, point {names} at the load balancer of their Ingress (its DNS name: "
        f"`kubectl get ingress -n {namespace}`): the services are reachable by name only once the names "
        "resolve there."
    )


def _kubernetes_images(f: Facts) -> RuleText:
    """The Kubernetes runtime creates no registry. A service that names its `image` must have it pushed:
    pulumi-kubernetes waits for a Deployment's pods to be ready (10 minutes by default) and for a migration
    Job to complete. A service without `image` runs no pod yet (components.k8s.ContainerService `image`)."""
    if f.managed:
        return None
    texts: list[str] = []
    images = {name: spec.image for name, spec in f.app.services.items() if spec.image}
    if images:
        listed = ", ".join(f"`{image}` ({name})" for name, image in images.items())
        texts.append(
            f"Push {listed} to {_one(list(images), 'its registry', 'their registries')} before the first "
            "`pulumi up`: on the Kubernetes runtime the stack creates no registry, and `pulumi up` waits for "
            "the pods to become ready (10 minutes, then it fails) and for a migration Job to complete."
        )
    waiting = [name for name, spec in f.app.services.items() if not spec.image]
    if waiting:
        name = waiting[0] if len(waiting) == 1 else "<NAME>"
        each = _one(waiting, "", " for each")
        services = f.app.services
        jobs = any(isinstance(services[n], Job) for n in waiting)
        public = any(isinstance(spec := services[n], WebService) and spec.public for n in waiting)
        texts.append(
            f"{_listing(waiting)} {_one(waiting, 'has', 'have')} no `image` yet, so the first `pulumi up` "
            f"starts no pod of {_one(waiting, 'it', 'them')} ("
            + ("0 replicas, a job's CronJob suspended" if jobs else "0 replicas")
            + (", no migration" if any(services[n].migrate for n in waiting) else "")
            + ") and does not wait for pods"
            + ("; a public host answers 503 until then" if public else "")
            + ". Push the image to your "
            f"registry under a version tag and deploy it: `pulumi config set --path "
            f"'app.services.{name}.image' <registry>/<repository>:<tag>`{each}, then `pulumi up` (the "
            "migration runs first, then the pods start and are awaited)."
        )
    return texts


def _aws_dns(f: Facts) -> str | None:
    from components.aws.certificate import zone_name  # how the components look a zone up by name

    domain, hosts = f.app.domain, sorted(set(f.public_hosts.values()))
    settings = f.app.kubernetes
    lookups: dict[str, list[str]] = {}  # zone name -> what looks it up
    if domain is not None and f.managed and hosts:
        lookups.setdefault(zone_name(domain), []).append("load balancer")
    if domain is not None and f.app.site is not None:
        lookups.setdefault(zone_name(domain), []).append("site")
    created = settings is None or settings.cluster == "create"
    if not f.managed and hosts and created and (settings is None or not settings.ingress_class):
        lookups.setdefault(zone_name(hosts[0]), []).append("Kubernetes ingress")  # EKS Auto Mode's ALB
    if not lookups:
        return None
    if f.app.hosted_zone == "create":
        return (
            f"The stack creates the Route 53 zone `{domain}`, and ACM validates the certificates in it only "
            "once your registrar (or the parent zone) delegates it, so `pulumi up` would wait at the "
            f"validation: create the zone first, `pulumi up --target '**::{f.app.name}-zone'`, delegate "
            "the domain to the name servers in the output `nameServers` (an NS record set), then run "
            "`pulumi up`."
        )
    if f.app.hosted_zone_id:
        return (
            "ACM validates the certificates through DNS records in Route 53 zone "
            f"`{f.app.hosted_zone_id}`: it must be a public zone delegated at your registrar (its NS "
            "records), or `pulumi up` waits for the validation until it times out."
        )
    zones = " and ".join(f"`{zone}` ({', '.join(users)})" for zone, users in lookups.items())
    return (
        f"`pulumi up` looks up the public Route 53 {_one(lookups, 'zone', 'zones')} {zones} by name for the "
        "certificates' DNS validation records: create "
        f"{_one(lookups, 'it', 'each')} and delegate it at your registrar (its NS records) first, or set "
        "`app.hosted_zone_id` (a delegated sub-zone must be given that way)"
        + (
            ", or `app.hosted_zone: create` to have the stack create the zone of `app.domain`."
            if f.managed
            else "."
        )
    )


def _image_tags(f: Facts) -> dict[str, list[str]]:
    """Services that run a tag of their own registry repository, by tag."""
    tags: dict[str, list[str]] = {}
    if f.managed:
        for name, spec in f.app.services.items():
            if spec.image is None:
                tags.setdefault(spec.image_tag, []).append(name)
    return tags


def _aws_images(f: Facts) -> RuleText:
    """While `image_tag` is "bootstrap" (nothing pushed) a service is created with no task and a scaling
    range of 0 to 0, a scheduled job's schedule is disabled (components.aws.ContainerService, `image_tag`)."""
    tags = _image_tags(f)
    texts: list[str] = []
    placeholder = tags.pop(BOOTSTRAP_TAG, [])
    if placeholder:
        name = placeholder[0] if len(placeholder) == 1 else "<NAME>"
        each = _one(placeholder, "", " for each")
        services = f.app.services
        public = any(isinstance(spec := services[n], WebService) and spec.public for n in placeholder)
        jobs = [n for n in placeholder if isinstance(services[n], Job)]
        alarmed = f.app.alarms.enabled
        texts.append(
            f"{_listing(placeholder)} {_one(placeholder, 'runs', 'run')} no task until you push "
            f"{_one(placeholder, 'its', 'their')} first image: the first `pulumi up` creates the ECR "
            "repositories (output `repositoryUrls`) and leaves each service at 0 tasks"
            + (
                f" ({_listing(jobs)}: {_one(jobs, 'its schedule', 'their schedules')} disabled)"
                if jobs
                else ""
            )
            + (
                ", so the load balancer answers 503 for "
                + ("them, and the no-healthy-target and uptime alarms fire," if alarmed else "them")
                + " until then"
                if public
                else ""
            )
            + ". Push an image under a new tag (`aws ecr get-login-password | docker login --username AWS "
            "--password-stdin <registry>` once) and deploy it: "
            f"`pulumi config set --path 'app.services.{name}.image_tag' <tag>`{each}, then `pulumi up`. "
            "A stack deployed by an earlier stackyard that runs an image pushed as `:bootstrap` keeps its "
            "tasks only with a real tag: tag that image again (`aws ecr put-image` with its manifest and "
            "`--image-tag v1`) and set `image_tag` to it before this `pulumi up`."
        )
    for tag, names in tags.items():
        texts.append(
            f"{_listing(names)} {_one(names, 'runs', 'run')} tag `{tag}` of {_one(names, 'its', 'their')} "
            "ECR repository, which the first `pulumi up` creates: tasks cannot start until the tag is "
            "there. Leave `image_tag` at `bootstrap` for the first `pulumi up`, or push the tag as soon as "
            "the repositories exist (output `repositoryUrls`); `aws ecs update-service --cluster "
            "<clusterName> --service <serviceNames.NAME> --force-new-deployment` then restarts a service "
            "whose first tasks failed."
        )
    return texts


def _migrating(f: Facts) -> tuple[str, Any] | None:
    """The managed service that declares `migrate` (the config allows one), with its spec."""
    found = [(n, s) for n, s in f.app.services.items() if s.migrate is not None]
    return found[0] if f.managed and found else None


def _aws_migration(f: Facts) -> str | None:
    migrating = _migrating(f)
    if migrating is None:
        return None
    name, spec = migrating
    text = (
        f"`{name}` runs its migration (`migrate`) as an ECS task that `pulumi up` starts and waits for: the "
        "machine that runs `pulumi up` needs the AWS CLI v2, signed in to this account, and the deploy role "
        "ecs:RunTask, ecs:DescribeTasks and ecs:StopTask on the migration task definition and iam:PassRole "
        "on the service's task and execution roles."
    )
    if awaits_first_image(spec.image, spec.image_tag):
        text += (
            " While no image is pushed (`image_tag` `bootstrap`) nothing is migrated: the task comes with "
            "the first real image_tag, and runs before the service starts its first tasks."
        )
    elif spec.image is None:
        text += (
            f" The first `pulumi up` stops at that migration until `{name}`'s image is in the repository it "
            "creates (output `repositoryUrls`): push it, then run `pulumi up` again."
        )
    return text


def _gcp_migration(f: Facts) -> str | None:
    migrating = _migrating(f)
    if migrating is None:
        return None
    name, spec = migrating
    text = (
        f"`{name}` runs its migration (`migrate`) as a Cloud Run job that `pulumi up` executes and waits "
        "for: the machine that runs `pulumi up` needs gcloud, signed in to this project, and the deploy "
        "identity run.jobs.run and run.executions.get (roles/run.developer)."
    )
    if awaits_first_image(spec.image, spec.image_tag):
        text += " While the placeholder image runs, nothing is migrated: the job comes with a real image_tag."
    return text


def _aws_alarm_emails(f: Facts) -> str | None:
    alarms = f.app.alarms
    if not alarms.enabled or not alarms.emails:
        return None
    # CloudFront's and Route 53's metrics live in us-east-1, whose alarms notify a second topic there.
    east = f.config.region != "us-east-1" and (
        f.app.site is not None or (alarms.uptime and bool(f.public_hosts))
    )
    return (
        f"Confirm the alarm subscription of {_listing(alarms.emails)}: AWS Notifications emails each "
        "address a link after `pulumi up`, and alarms reach an address only once it is clicked."
        + (
            " Each address gets two: the CDN and uptime alarms notify a second topic in us-east-1."
            if east
            else ""
        )
    )


def _peak_vcpus(f: Facts) -> float:
    """vCPUs of every managed service at its most copies (a job counts once)."""
    return sum(
        spec.cpu * (spec.scale.max if hasattr(spec, "scale") else 1)  # type: ignore[union-attr]
        for spec in f.app.services.values()
    )


def _aws_capacity(f: Facts) -> RuleText:
    """Quotas a new account meets first (Service Quotas console): Elastic IPs, 5 per region by default
    (Amazon VPC User Guide, "Amazon VPC quotas", Elastic IP addresses), and Fargate vCPUs (Amazon ECS
    Developer Guide, "Amazon ECS service quotas", Fargate On-Demand and Spot vCPU resource count)."""
    texts = []
    network = f.app.network
    if network.nat == "per-zone":
        texts.append(
            f"`network.nat: per-zone` takes {network.zones} Elastic IP addresses (one NAT gateway per zone); "
            "a region allows 5 by default, so check `aws service-quotas get-service-quota --service-code ec2 "
            "--quota-code L-0263D0A3` if other stacks share the region."
        )
    peak = _peak_vcpus(f) if f.managed else 0
    if peak:
        texts.append(
            f"At their `scale.max` the services need {peak:g} Fargate vCPUs: new accounts start with a lower "
            "quota; check `aws service-quotas get-service-quota --service-code fargate --quota-code "
            "L-3032A538` (On-Demand) and `L-36FBB829` (Spot) before the first traffic peak."
        )
    return texts


def _aws_database_support(f: Facts) -> str | None:
    """RDS for PostgreSQL 13 left standard support on 2026-02-28 (Amazon RDS for PostgreSQL release
    calendar); RDS Extended Support then runs it at an extra hourly charge."""
    database = f.app.database
    if database is None or database.version != "13":
        return None
    return (
        "PostgreSQL 13 is past RDS standard support (2026-02-28): RDS runs it under Extended Support, billed "
        "per vCPU-hour on top of the instance. Plan a major upgrade (`database.version`)."
    )


def _gcp_project(f: Facts) -> str:
    project = f.config.project or "<project>"
    return (
        f"Project `{project}` needs billing enabled and the Service Usage and Cloud Resource Manager APIs on "
        "(the stack turns on the other APIs it uses through them): `gcloud services enable "
        f"serviceusage.googleapis.com cloudresourcemanager.googleapis.com --project {project}`. APIs the "
        'first `pulumi up` turns on can take minutes to propagate: if it stops with "wait a few minutes for '
        'the action to propagate", run `pulumi up` again.'
    )


def _gcp_capacity(f: Facts) -> str | None:
    """Cloud Run refuses a revision whose instances would exceed the project's regional CPU quota (Cloud Run
    "Quotas and limits"; e.g. "maxScale may not exceed N" in simonw/datasette#1779)."""
    peak = _peak_vcpus(f) if f.managed else 0
    if not peak:
        return None
    return (
        f"At their `scale.max` the services need {peak:g} Cloud Run vCPUs in {f.config.region}: a new "
        "project's quota is lower, and Cloud Run then refuses the revision; check it under IAM & Admin > "
        "Quotas (service run.googleapis.com) before raising `scale.max`."
    )


def _gcp_dns(f: Facts) -> str | None:
    domain = f.app.domain
    targets: dict[str, list[str]] = {}  # output -> host names
    if domain is not None and f.app.site is not None:
        targets["siteIpAddress"] = [domain]
    if f.managed and f.public_hosts:
        targets["loadBalancerIp"] = sorted(set(f.public_hosts.values()))
    if not targets:
        return None
    hosts = [host for names in targets.values() for host in names]
    if f.app.hosted_zone == "create":
        return (
            f"The stack creates the Cloud DNS zone `{domain}` and writes the A records of {_listing(hosts)} "
            "there: after the first `pulumi up`, delegate the domain at your registrar (or in the parent "
            "zone) to the name servers in the output `nameServers`. Google-managed certificates stay "
            "unissued (PROVISIONING), and HTTPS fails, until the names resolve to the load balancer."
        )
    if f.app.hosted_zone_id:
        return (
            f"The stack writes the A records of {_listing(hosts)} in Cloud DNS zone "
            f"`{f.app.hosted_zone_id}`: delegate it at your registrar (its NS records); Google-managed "
            "certificates stay unissued (PROVISIONING), and HTTPS fails, until the names resolve to the load "
            "balancer."
        )
    pointers = ", ".join(f"{_listing(names)} to the output `{output}`" for output, names in targets.items())
    return (
        f"After the first `pulumi up`, point A records of {pointers}: Google-managed certificates stay "
        "unissued (PROVISIONING), and HTTPS fails, until the names resolve there (or set "
        "`app.hosted_zone_id` to your Cloud DNS zone, or `app.hosted_zone: create`, and the stack writes "
        "the records)."
    )


def _gcp_images(f: Facts) -> RuleText:
    tags = _image_tags(f)
    texts: list[str] = []
    placeholder = tags.pop(BOOTSTRAP_TAG, [])
    if placeholder:
        name = placeholder[0] if len(placeholder) == 1 else "<NAME>"
        each = _one(placeholder, "", " for each")
        texts.append(
            f"{_listing(placeholder)} {_one(placeholder, 'runs', 'run')} Google's placeholder image until "
            "you push yours to the Artifact Registry repositories (output `repositoryUrls`; "
            f"`gcloud auth configure-docker {f.config.region}-docker.pkg.dev` once) and deploy its tag: "
            f"`pulumi config set --path 'app.services.{name}.image_tag' <tag>`{each}, then `pulumi up`."
        )
    for tag, names in tags.items():
        texts.append(
            f"{_listing(names)} {_one(names, 'runs', 'run')} tag `{tag}` of {_one(names, 'its', 'their')} "
            "Artifact Registry repository, which the first `pulumi up` creates, and Cloud Run cannot "
            "create a revision from a missing image: leave `image_tag` at `bootstrap` for the first "
            "`pulumi up`, or push the tag as soon as the repositories exist and run `pulumi up` again."
        )
    return texts


# One line per note; the order here is the order shown.
EVERY_CLOUD: list[Rule] = [
    Rule("secrets", _secrets),
    Rule("kubernetes-cluster", _kubernetes_cluster),
    Rule("ingress", _ingress),
    Rule("images", _kubernetes_images),
    Rule("database-extensions", _extensions),
]
AWS: list[Rule] = [
    Rule("dns", _aws_dns),
    Rule("images", _aws_images),
    Rule("migration", _aws_migration),
    Rule("alarm-emails", _aws_alarm_emails),
    Rule("quotas", _aws_capacity),
    Rule("database-support", _aws_database_support),
]
GCP: list[Rule] = [
    Rule("gcp-project", _gcp_project),
    Rule("dns", _gcp_dns),
    Rule("images", _gcp_images),
    Rule("migration", _gcp_migration),
    Rule("quotas", _gcp_capacity),
]
BY_CLOUD: dict[str, list[Rule]] = {"aws": AWS, "gcp": GCP}


# ---------------------------------------------------------------------------------------------------------
# Computing and printing


def rules_for(cloud: str) -> list[Rule]:
    """Every rule for `cloud`: `EVERY_CLOUD`, the cloud's list, then the `NOTES` of
    stacks/<cloud>_limitations.py."""
    extra: list[Rule] = []
    try:
        limitations = importlib.import_module(f"{__package__}.{cloud}_limitations")
    except ModuleNotFoundError:
        limitations = None
    if limitations is not None:
        extra = list(getattr(limitations, "NOTES", ()))
    return [*EVERY_CLOUD, *BY_CLOUD.get(cloud, []), *extra]


def notes(config: StackConfig, values: Mapping[str, Any] | None = None) -> list[Note]:
    """The notes for a stack. `values` are the raw config values the program was given (they tell which
    secrets still hold a placeholder); without them no secret counts as a placeholder."""
    facts = Facts(config, placeholder_secrets(values or {}))
    found: list[Note] = []
    for rule in rules_for(config.cloud):
        written = rule.text(facts)
        texts = [written] if isinstance(written, str) else list(written or ())
        found += [Note(rule.topic, text) for text in texts if text]
    return found


def placeholder_secrets(values: Mapping[str, Any]) -> tuple[str, ...]:
    """Names in `stackyard:secrets` whose value is `stackyard plan`'s placeholder for a `secure:` value."""
    given = values.get(SECRETS_KEY)
    if isinstance(given, str):
        try:
            given = json.loads(given)
        except json.JSONDecodeError:
            return ()
    if not isinstance(given, dict):
        return ()
    return tuple(sorted(name for name, value in given.items() if value == SECURE_PLACEHOLDER))


def log_message(found: list[Note]) -> str:
    return "\n".join([f"{HEADING} of this stack:", *(f"- {note.text}" for note in found)])


_ANNOUNCEMENT: Announcement[Note] = Announcement("stackyard_first_up_notes", log_message)
collecting = _ANNOUNCEMENT.collecting
"""Within this block `announce` collects the notes instead of logging them (`stackyard plan`)."""
announce = _ANNOUNCEMENT.announce
"""Log the notes once with `pulumi.log.info`, or hand them to `stackyard plan`."""
