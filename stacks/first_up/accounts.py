"""Notes on the cloud account or project itself: the GCP project's billing and base APIs, quotas a new
account or project meets first (Elastic IPs, Fargate and Cloud Run vCPUs), and the alarm e-mail
subscriptions to confirm (AWS). Each rule returns None (or no text) when its note does not apply.
"""

from __future__ import annotations

from .rules import Facts, RuleText, _listing


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
