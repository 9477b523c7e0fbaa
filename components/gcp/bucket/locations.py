"""Where the bucket lives: GCS's location tables (regions, multi-regions, predefined and configurable
dual-regions) and the check that settles `location` and `replication_region` into a `_Placement`."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

REGION = re.compile(r"^[a-z]+(-[a-z]+)+\d{1,2}$")
MULTI_REGIONS = ("US", "EU", "ASIA")
# Predefined dual-regions and their regions (cloud.google.com/storage/docs/locations, "Predefined
# dual-regions").
PREDEFINED_DUAL_REGIONS = {
    "ASIA1": ("ASIA-NORTHEAST1", "ASIA-NORTHEAST2"),
    "EUR4": ("EUROPE-NORTH1", "EUROPE-WEST4"),
    "EUR5": ("EUROPE-WEST1", "EUROPE-WEST2"),
    "EUR7": ("EUROPE-WEST2", "EUROPE-WEST3"),
    "EUR8": ("EUROPE-WEST3", "EUROPE-WEST6"),
    "NAM4": ("US-CENTRAL1", "US-EAST1"),
}
# Configurable dual-regions (cloud.google.com/storage/docs/locations, "Configurable dual-regions", as of
# 2025): the bucket's `location` is the location code and `custom_placement_config.data_locations` two
# distinct regions listed under that same code. Not "any two regions of a continent": e.g. London, Zürich,
# Tokyo, Seoul and Querétaro are not offered, and Canadian, Australian and Indian regions pair only with
# each other. The EU list footnotes EUROPE-WEST3/WEST10 and EUROPE-WEST8/WEST12 (and the US list
# US-EAST5) with conditions whose text we could not retrieve; those two European pairs therefore take
# their dedicated codes DE and IT, listed for exactly them (DE was added in March 2025, per the release
# notes).
CONFIGURABLE_DUAL_REGIONS = {
    "US": (
        *("US-CENTRAL1", "US-EAST1", "US-EAST4", "US-EAST5", "US-SOUTH1"),
        *("US-WEST1", "US-WEST2", "US-WEST3", "US-WEST4"),
    ),
    "EU": (
        *("EUROPE-CENTRAL2", "EUROPE-NORTH1", "EUROPE-SOUTHWEST1", "EUROPE-WEST1", "EUROPE-WEST3"),
        *("EUROPE-WEST4", "EUROPE-WEST8", "EUROPE-WEST9", "EUROPE-WEST10", "EUROPE-WEST12"),
    ),
    "ASIA": ("ASIA-EAST1", "ASIA-SOUTHEAST1"),
    "CA": ("NORTHAMERICA-NORTHEAST1", "NORTHAMERICA-NORTHEAST2"),
    "AU": ("AUSTRALIA-SOUTHEAST1", "AUSTRALIA-SOUTHEAST2"),
    "IN": ("ASIA-SOUTH1", "ASIA-SOUTH2"),
    "DE": ("EUROPE-WEST3", "EUROPE-WEST10"),
    "IT": ("EUROPE-WEST8", "EUROPE-WEST12"),
}
PREFERRED_CODES = ("DE", "IT", "CA", "AU", "IN", "US", "EU", "ASIA")
# Pairs GCS offers only as a predefined dual-region, not as a configurable one: the regions of EUR5, EUR7,
# EUR8 and ASIA1 are (partly) missing from the configurable table, and the same page's footnotes say so of
# US-CENTRAL1 + US-EAST1 (NAM4) and EUROPE-NORTH1 + EUROPE-WEST4 (EUR4).
PREDEFINED_ONLY = {frozenset(regions): code for code, regions in PREDEFINED_DUAL_REGIONS.items()}


@dataclass(frozen=True)
class _Placement:
    """Where the bucket lives."""

    location: pulumi.Input[str] | None
    """None: the provider's region, looked up after the component exists."""
    data_locations: list[str] | None
    dual_region: bool


def _dual_region(location: object, replica: object) -> tuple[str, list[str]]:
    """The configurable dual-region of `location` and `replica`: its location code and data locations."""
    if not isinstance(replica, str) or not REGION.match(replica.lower()):
        raise ValueError(
            f"Bucket replication_region {replica!r} is not allowed; use a Google Cloud region such as "
            "us-west1"
        )
    if not isinstance(location, str) or not REGION.match(location.lower()):
        raise ValueError(
            f"Bucket location {location!r} is not allowed with replication_region; use a plain region string "
            "such as us-east1 (the bucket becomes a dual-region of location and replication_region)"
        )
    pair = [location.upper(), replica.upper()]
    if pair[0] == pair[1]:
        raise ValueError(
            f"Bucket replication_region {replica!r} is not allowed; use a region other than location"
        )
    predefined = PREDEFINED_ONLY.get(frozenset(pair))
    if predefined is not None:
        raise ValueError(
            f"Bucket replication_region {replica!r} is not allowed with location {location!r}; GCS offers "
            f"this pair only as the predefined dual-region {predefined}: use location {predefined!r} without "
            "replication_region"
        )
    code = next(
        (c for c in PREFERRED_CODES if all(r in CONFIGURABLE_DUAL_REGIONS[c] for r in pair)),
        None,
    )
    if code is None:
        areas = "; ".join(
            f"{c}: {', '.join(r.lower() for r in regions)}"
            for c, regions in CONFIGURABLE_DUAL_REGIONS.items()
        )
        raise ValueError(
            f"Bucket replication_region {replica!r} is not allowed with location {location!r}; use two "
            f"regions of the same configurable dual-region area ({areas})"
        )
    return code, pair


def _placement(args: Mapping[str, Any]) -> _Placement:
    location = args.get("location")
    replica = args.get("replication_region")
    if replica is not None:
        code, pair = _dual_region(location, replica)
        return _Placement(location=code, data_locations=pair, dual_region=True)
    if location is None or isinstance(location, pulumi.Output):
        return _Placement(location=location, data_locations=None, dual_region=False)
    if not isinstance(location, str) or not (
        REGION.match(location.lower())
        or location.upper() in MULTI_REGIONS
        or location.upper() in PREDEFINED_DUAL_REGIONS
    ):
        raise ValueError(
            f"Bucket location {location!r} is not allowed; use a region (us-central1), a multi-region "
            f"({', '.join(MULTI_REGIONS)}) or a predefined dual-region ({', '.join(PREDEFINED_DUAL_REGIONS)})"
        )
    return _Placement(
        location=location, data_locations=None, dual_region=location.upper() in PREDEFINED_DUAL_REGIONS
    )
