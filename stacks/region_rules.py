"""Config rules about regions and zones: `aws:region` / `gcp:region` is one of the cloud's regions, the other
regions a stack names (a cross-region replica, backup or bucket replication) are too, and pinned availability
zones belong to the stack's region. Mocks accept any text; the cloud's API refuses it at `pulumi up`.

AWS's regions are the provider SDK's own list (`pulumi_aws.Region`, the regions the installed provider can
target). Google Cloud has no such list in its SDK, so `GCP_REGIONS` declares it, from Compute Engine's
"Regions and zones" page (https://cloud.google.com/compute/docs/regions-zones#available); a region Google
opens later is added there.
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any

APP = "stackyard:app"

GCP_REGIONS = (
    # Americas
    "northamerica-northeast1",
    "northamerica-northeast2",
    "northamerica-south1",
    "southamerica-east1",
    "southamerica-west1",
    "us-central1",
    "us-east1",
    "us-east4",
    "us-east5",
    "us-south1",
    "us-west1",
    "us-west2",
    "us-west3",
    "us-west4",
    # Europe
    "europe-central2",
    "europe-north1",
    "europe-north2",
    "europe-southwest1",
    "europe-west1",
    "europe-west2",
    "europe-west3",
    "europe-west4",
    "europe-west6",
    "europe-west8",
    "europe-west9",
    "europe-west10",
    "europe-west12",
    # Asia Pacific
    "asia-east1",
    "asia-east2",
    "asia-northeast1",
    "asia-northeast2",
    "asia-northeast3",
    "asia-south1",
    "asia-south2",
    "asia-southeast1",
    "asia-southeast2",
    "australia-southeast1",
    "australia-southeast2",
    # Middle East and Africa
    "me-central1",
    "me-central2",
    "me-west1",
    "africa-south1",
)
# An AWS availability zone name: its region and one letter (us-east-1a).
AWS_ZONE = re.compile(r"^(?P<region>[a-z]{2}(-[a-z]+)+-\d+)(?P<letter>[a-z])$")


@functools.cache
def regions(cloud: str) -> tuple[str, ...]:
    """The regions of `cloud` ("aws" or "gcp"); () for another value."""
    if cloud == "aws":
        from pulumi_aws import Region

        return tuple(region.value for region in Region)
    if cloud == "gcp":
        return GCP_REGIONS
    return ()


def region_problem(cloud: str, region: str) -> str | None:
    """Why `region` is not a region of `cloud`, with the closest one, or None."""
    known = regions(cloud)
    if not known or region in known:
        return None
    close = difflib.get_close_matches(region.lower(), known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"use one of {', '.join(known)}"
    return f"{region!r} is not {'an AWS' if cloud == 'aws' else 'a Google Cloud'} region; {hint}"


def problems(cloud: Any, region: Any, app: dict[str, Any], sections: dict[str, Any]) -> list[str]:
    """One line per problem, with the key path. `region` is `<cloud>:region` as given (None when absent:
    reported as required elsewhere); `app` the raw (profile-applied) mapping; `sections` the validated
    models by key ("network", "database" …), a key absent when its section is absent or invalid."""
    if cloud not in ("aws", "gcp"):
        return []
    found: list[str] = []
    if isinstance(region, str) and region and (reason := region_problem(cloud, region)):
        found.append(f"{cloud}:region: {reason}")
        region = None  # the zones cannot be checked against it
    database = sections.get("database")
    for key in ("cross_region_replica", "backup_replication_region"):
        other = getattr(database, key, None) if database is not None else None
        if not isinstance(other, str) or other in _multi_regions(cloud, key):
            continue
        if reason := region_problem(cloud, other):
            found.append(f"{APP}.database.{key}: {reason}")
    buckets = app.get("buckets")
    for name, spec in (buckets if isinstance(buckets, dict) else {}).items():
        other = spec.get("replication_region") if isinstance(spec, dict) else None
        # gcp: the dual-region table (stacks/gcp_limitations.py) names the pairs it takes
        if cloud == "aws" and isinstance(other, str) and (reason := region_problem(cloud, other)):
            found.append(f"{APP}.buckets.{name}.replication_region: {reason}")
    network = sections.get("network")
    zones = network.availability_zones if network is not None else None
    if cloud == "aws" and zones and isinstance(region, str) and region:
        for index, zone in enumerate(zones):
            if reason := _zone_problem(zone, region):
                found.append(f"{APP}.network.availability_zones[{index}]: {reason}")
    return found


def _multi_regions(cloud: str, key: str) -> tuple[str, ...]:
    """The multi-regions `key` also takes: Cloud SQL copies backups to us, eu or asia."""
    if cloud == "gcp" and key == "backup_replication_region":
        from components.gcp.postgres_settings import BACKUP_MULTI_REGIONS

        return BACKUP_MULTI_REGIONS
    return ()


def _zone_problem(zone: str, region: str) -> str | None:
    """Why `zone` is not an availability zone of the AWS `region`, or None."""
    match = AWS_ZONE.match(zone)
    if match is None:
        return f"{zone!r} is not an availability zone name such as {region}a"
    if match.group("region") != region:
        return (
            f"{zone} is a zone of {match.group('region')}, not of aws:region {region}; use zones such as "
            f"{region}a, {region}b"
        )
    return None
