"""The AWS CDN site: the CloudFront-served site (`build_site`) and the CDN's read access to the app buckets
it serves (`SiteBucketAccess`)."""

from __future__ import annotations

import json
from typing import Any

import pulumi

from components.aws import Bucket, CdnSite, CdnSiteArgs
from components.aws.bucket import BucketArgs
from components.aws.cdn_site import BucketOrigin

from .config import StackConfig, WebService, physical_base, public_host
from .profiles import hardening

# `site.min_tls` -> CloudFront's viewer security policy.
CLOUDFRONT_TLS = {"1.2": "TLSv1.2_2021", "1.3": "TLSv1.3_2025"}


class SiteBucketAccess:
    """The CDN's read access to the app buckets the site serves (`site.buckets`). A bucket's policy and key
    policy name the distribution, which needs the bucket first: each such bucket gets deferred statements
    (`bucket_args`), resolved once the site exists (`resolve`)."""

    def __init__(self, config: StackConfig) -> None:
        site = config.app.site
        served = sorted(set(site.buckets.values())) if site is not None else []
        self._deferred = {name: (pulumi.deferred_output(), pulumi.deferred_output()) for name in served}

    def bucket_args(self, name: str, args: BucketArgs) -> BucketArgs:
        """`args` of the app bucket `name`, with the site's deferred statements when the site serves it."""
        if name in self._deferred:
            (read, _), (decrypt, _) = self._deferred[name]
            args["policy_statements"] = [*args.get("policy_statements", []), read]
            args["key_policy_statements"] = [*args.get("key_policy_statements", []), decrypt]
        return args

    def resolve(self, site: CdnSite, buckets: dict[str, Bucket]) -> None:
        """Let `site`'s distribution read (and decrypt) the objects of each served bucket."""
        for name, ((_, allow_read), (_, allow_decrypt)) in self._deferred.items():
            allow_read(site.bucket_read_statement(name, buckets[name].arn))
            allow_decrypt(site.key_read_statement())


def build_site(
    config: StackConfig,
    tags: dict[str, str],
    buckets: dict[str, Bucket] | None = None,
    access: SiteBucketAccess | None = None,
    access_log_bucket: pulumi.Input[str] | None = None,
    zone_id: pulumi.Input[str] | None = None,
) -> tuple[CdnSite | None, dict[str, Any]]:
    """The CDN-served site: the site bucket, or `site.service` with its static paths cached; the API behind it
    when `site.api_service` is set; the app buckets of `site.buckets` under their paths (`buckets` are the
    app's buckets, `access` the deferred grants they were created with)."""
    app = config.app
    if app.site is None:
        return None, {}
    hardened = hardening(config.environment)
    args: CdnSiteArgs = {
        "spa": app.site.spa,
        "web_acl": app.site.waf,
        "rate_limit": app.site.rate_limit,
        "encrypt_logs": hardened.log_encryption,
        "tags": tags,
        "physical_name": physical_base(app, pulumi.get_stack()),
    }
    if hardened.log_retention_days is not None:
        args["log_retention_days"] = hardened.log_retention_days
        args["waf_log_retention_days"] = hardened.log_retention_days
    if access_log_bucket is not None:
        args["access_log_bucket"] = access_log_bucket
    if app.domain:
        args["domain"] = app.domain
        if app.site.min_tls != "1.2":
            args["minimum_protocol_version"] = CLOUDFRONT_TLS[app.site.min_tls]
    zone_id = zone_id if zone_id is not None else app.hosted_zone_id  # `zone_id`: `DataTier.zone_id`
    if zone_id:
        args["hosted_zone_id"] = zone_id
    if app.site.price_class:
        args["price_class"] = app.site.price_class
    if app.site.service:
        frontend = app.services[app.site.service]
        assert isinstance(frontend, WebService)
        # The service keeps its own host on the load balancer: it is the CDN's origin.
        args["service_origin"] = {
            "domain_name": public_host(config, app.site.service, frontend),
            "static_paths": list(app.site.static_paths),
        }
    if app.site.buckets:
        assert buckets is not None and access is not None, "site.buckets needs the app's buckets"
        paths: dict[str, list[str]] = {}
        for pattern, bucket in app.site.buckets.items():
            paths.setdefault(bucket, []).append(pattern)
        origins: list[BucketOrigin] = [
            {"name": bucket, "domain_name": buckets[bucket].regional_domain_name, "path_patterns": patterns}
            for bucket, patterns in sorted(paths.items())
        ]
        args["bucket_origins"] = origins
    if app.site.api_service:
        api = app.services[app.site.api_service]
        assert isinstance(api, WebService)
        args["api_origin"] = {
            "domain_name": public_host(config, app.site.api_service, api),
            "path_pattern": app.site.api_path,
        }
    if app.site.geo_restriction is not None:
        geo = app.site.geo_restriction
        args["geo_restriction"] = {"mode": geo.mode, "countries": list(geo.countries)}
    failover = app.site.failover_bucket
    if failover is not None:  # an existing bucket: S3's regional domain name (Amazon S3 User Guide)
        args["failover_origin"] = {"domain_name": f"{failover.name}.s3.{failover.region}.amazonaws.com"}
    site = CdnSite(app.name, args)
    if access is not None and buckets is not None:
        access.resolve(site, buckets)
    outputs: dict[str, Any] = {
        "siteUrl": site.url,
        "siteBucket": site.bucket_name,
        "siteDistributionId": site.distribution_id,
    }
    if failover is not None:  # what the failover bucket's own policy must allow: this distribution's reads
        outputs["siteFailoverReadStatement"] = site.failover_read_statement(
            f"arn:aws:s3:::{failover.name}"
        ).apply(json.dumps)
    return site, outputs
