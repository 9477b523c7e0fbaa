"""`CdnSite`: a site served by CloudFront: a static site in a private S3 bucket through origin access
control, or a running web service (a server-rendered frontend) with its static paths cached at the edge;
HTTPS (an ACM certificate and Route 53 records for a custom domain, a chosen TLS security policy), security
headers, optional SPA fallback, an optional API origin, optional bucket paths (e.g. uploaded files), an
optional WAF web ACL, optional geo restriction and origin failover, and standard logging (v2) to CloudWatch
Logs.

The component reads as its steps, one module each: `args` (the arguments and their constants) and `checks`
(their validation), `site_bucket` (the site bucket and the origin access control), `headers` (the security
headers policy), `origins` (the origins and cache behaviours, with the service's forwarded-host function),
`domain` (the certificate, then the alias records), `logs` (the log groups' key, then the access logs),
`firewall` (the WAF web ACL) and `distribution`. `policies` writes the statements that name the
distribution."""

import json
from typing import Any

import pulumi

from ...checks import refuse_unknown_keys
from ..bucket import Bucket, BucketArgs  # noqa: F401 - the class example's names: stacks.docs reads them here
from ..naming import physical_base
from .args import (  # noqa: F401 - what the single module exported stays importable from here
    _HOSTNAME,
    _ORIGIN_NAME,
    _PATH_PATTERN,  # stacks.component_rules checks the API path pattern with it
    _ROOT_OBJECT,
    _ZONE_ID,
    ALL_METHODS,
    ALL_VIEWER_EXCEPT_HOST_HEADER,
    CACHING_DISABLED,
    CACHING_OPTIMIZED,
    CLOUDFRONT_REGION,
    CLOUDFRONT_ZONE_ID,
    DEFAULT_FAILOVER_STATUS_CODES,
    DEFAULT_MINIMUM_PROTOCOL_VERSION,
    DEFAULT_PRICE_CLASS,
    FAILOVER_ORIGIN_ID,
    FAILOVER_STATUS_CODES,
    FORWARDED_HOST_CODE,
    FUNCTION_NAME_LIMIT,
    FUNCTION_RUNTIME,
    GEO_MODES,
    HSTS_MAX_AGE,
    LOG_DELIVERY_NAME_LIMIT,
    LOG_GROUP_PREFIX,
    MINIMUM_PROTOCOL_VERSIONS,
    OAC_NAME_LIMIT,
    POLICY_NAME_LIMIT,
    PRICE_CLASSES,
    SITE_GROUP_ID,
    ApiOrigin,
    BucketOrigin,
    CdnSiteArgs,
    FailoverOrigin,
    GeoRestriction,
    ServiceOrigin,
)
from .checks import (  # noqa: F401 - the checks stay importable from here
    _check_api_origin,
    _check_args,
    _check_bucket_origins,
    _check_failover_origin,
    _check_geo_restriction,
    _check_origin,
    _check_pattern,
    _check_service_origin,
    _is_int,
)
from .distribution import _geo_restriction, cloudfront_distribution  # noqa: F401
from .domain import alias_records, viewer_certificate
from .firewall import site_web_acl
from .headers import security_headers
from .logs import access_logs, log_key
from .origins import (  # noqa: F401 - the helpers stay importable from here
    _cache_policy,
    _found_id,
    _https_origin,
    _origin_group,
    _origin_request_policy,
    _specific_first,
    origins_and_behaviours,
)
from .policies import _bucket_read_statement, _key_read_statement, _read_statement  # noqa: F401
from .site_bucket import site_bucket

__all__ = [
    "ALL_METHODS",
    "ALL_VIEWER_EXCEPT_HOST_HEADER",
    "CACHING_DISABLED",
    "CACHING_OPTIMIZED",
    "CLOUDFRONT_REGION",
    "CLOUDFRONT_ZONE_ID",
    "DEFAULT_FAILOVER_STATUS_CODES",
    "DEFAULT_MINIMUM_PROTOCOL_VERSION",
    "DEFAULT_PRICE_CLASS",
    "FAILOVER_ORIGIN_ID",
    "FAILOVER_STATUS_CODES",
    "FORWARDED_HOST_CODE",
    "FUNCTION_NAME_LIMIT",
    "FUNCTION_RUNTIME",
    "GEO_MODES",
    "HSTS_MAX_AGE",
    "LOG_DELIVERY_NAME_LIMIT",
    "LOG_GROUP_PREFIX",
    "MINIMUM_PROTOCOL_VERSIONS",
    "OAC_NAME_LIMIT",
    "POLICY_NAME_LIMIT",
    "PRICE_CLASSES",
    "SITE_GROUP_ID",
    "ApiOrigin",
    "BucketOrigin",
    "CdnSite",
    "CdnSiteArgs",
    "FailoverOrigin",
    "GeoRestriction",
    "ServiceOrigin",
]


class CdnSite(pulumi.ComponentResource):
    """A site behind a CloudFront distribution: a private S3 bucket, or a running web service.

    The bucket (a `Bucket`: public access blocked, ACLs off, SSE-S3, versioned, TLS-only) is readable only
    by this distribution: its policy lets `cloudfront.amazonaws.com` `s3:GetObject` on the objects with the
    condition `AWS:SourceArn` = the distribution's ARN, and CloudFront signs its requests with an origin
    access control (SigV4, always; no legacy origin access identity). The distribution redirects HTTP to
    HTTPS on every behaviour, compresses, speaks HTTP/2 and HTTP/3 and IPv6, caches with the managed
    CachingOptimized policy and adds security headers to every response: HSTS (two years, subdomains,
    preload), X-Content-Type-Options nosniff, X-Frame-Options DENY, Referrer-Policy
    strict-origin-when-cross-origin and X-XSS-Protection.

    A server-rendered frontend (Next.js, Nuxt, Remix, incremental static regeneration …) needs the running
    server, not a bucket: `service_origin` makes the service's own HTTPS host on its load balancer the
    default origin. Its pages are not cached at the edge (managed CachingDisabled; the server caches what it
    regenerates) and reach it with what server rendering reads: every method, the query string, the cookies
    and every viewer header but Host (managed AllViewerExceptHostHeader, so the load balancer's host rule and
    certificate match), plus the viewer's host as X-Forwarded-Host, set by a small viewer-request CloudFront
    Function. The managed UseOriginCacheControlHeaders policies are not used: they key on Host, and CloudFront
    sends cache-key headers to the origin, so the viewer's host would reach the load balancer. The
    framework's `static_paths` (e.g. "/_next/static/*", content-hashed and immutable) are cached with
    CachingOptimized, from the same service. The service keeps its own host on the load balancer (the
    origin, API clients and health checks use it).

    `bucket_origins` serve other buckets under some paths through the same origin access control, e.g.
    uploaded files under "/uploads/*" (the object "uploads/a.png" at "/uploads/a.png"; everything under those
    paths is public to whoever has the URL). A bucket has one policy, owned by its `Bucket`, and the
    statement names this distribution, which needs the bucket first: give the bucket a deferred statement and
    resolve it with `bucket_read_statement`, which allows `s3:GetObject` on exactly the objects those paths
    reach. A bucket encrypted with its own KMS key (a `Bucket`'s default) also needs CloudFront in the key
    policy: `key_read_statement()` (kms:Decrypt, for this distribution only) through the Bucket's
    `key_policy_statements`. An `api_origin` sends a path (e.g. "/api/*") to an API host, uncached. Path
    patterns are matched most specific first.

    With a `domain`, an ACM certificate is created in us-east-1 (by the resources' `region` argument, no
    extra provider) and validated through DNS records in Route 53; the distribution serves it with SNI and
    the `minimum_protocol_version` security policy (`TLSv1.2_2021`, or `TLSv1.3_2025` for TLS 1.3 only),
    and alias A and AAAA records point the domain at it. Without a domain, the site uses CloudFront's
    default *.cloudfront.net certificate, whose minimum protocol CloudFront keeps at TLSv1 and which cannot
    be raised (scanners flag it: CKV_AWS_174, AwsSolutions-CFR4); give a domain for production. CloudFront
    connects to custom origins with TLS 1.2 or later (`origin_ssl_protocols` has no TLS 1.3 value).

    Access logs: CloudFront standard logs (legacy) need ACLs on their bucket (ObjectWriter ownership), which
    `Bucket` forbids, so this component uses standard logging (v2): a CloudWatch Logs delivery source, a
    delivery destination and a delivery, all in us-east-1, into the log group
    `/aws/vendedlogs/cloudfront/<physical_name>-…` with a retention. Query it with CloudWatch Logs Insights.

    Deploying a static site (in CI, with the outputs `bucket_name` and `distribution_id` and a role holding
    `grant_deploy()`); a service origin deploys with its service, and only a cached static path needs an
    invalidation if its files are not content-hashed:

        aws s3 sync dist/ s3://$BUCKET --delete
        aws cloudfront create-invalidation --distribution-id $ID --paths '/*'

    Example:

        # Uploaded files, served at /uploads/*: the bucket's policy and key policy name the distribution.
        uploads_read, allow_site_read = pulumi.deferred_output()
        uploads_key, allow_site_decrypt = pulumi.deferred_output()
        grants: BucketArgs = {"policy_statements": [uploads_read], "key_policy_statements": [uploads_key]}
        uploads = Bucket("uploads", grants)
        site = CdnSite(
            "shop",
            {
                "domain": "shop.example.com",
                "service_origin": {
                    "domain_name": "www.shop.example.com",  # the frontend's host on the load balancer
                    "static_paths": ["/_next/static/*", "/favicon.ico"],
                },
                "bucket_origins": [
                    {
                        "name": "uploads",
                        "domain_name": uploads.regional_domain_name,
                        "path_patterns": ["/uploads/*"],
                    }
                ],
                "api_origin": {"domain_name": "api.shop.example.com"},
                "web_acl": True,
            },
        )
        allow_site_read(site.bucket_read_statement("uploads", uploads.arn))
        allow_site_decrypt(site.key_read_statement())
        pulumi.export("siteUrl", site.url)
        pulumi.export("siteDistributionId", site.distribution_id)
    """

    bucket_name: pulumi.Output[str]
    """The name of the bucket to upload the site to (at most 63 characters)."""
    bucket_arn: pulumi.Output[str]
    """The ARN of the site's bucket."""
    distribution_id: pulumi.Output[str]
    """The CloudFront distribution id, e.g. for `aws cloudfront create-invalidation`."""
    distribution_arn: pulumi.Output[str]
    """The CloudFront distribution ARN."""
    domain_name: pulumi.Output[str]
    """The distribution's own host name, "<id>.cloudfront.net"."""
    url: pulumi.Output[str]
    """Where the site is served: "https://<domain>", or "https://<id>.cloudfront.net" without a domain."""

    def __init__(self, name: str, args: CdnSiteArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(CdnSite, CdnSiteArgs, name, args, opts)
        _check_args(args)
        base = physical_base("CdnSite", name, args.get("physical_name"))
        domain = args.get("domain")
        service = args.get("service_origin")
        root_object = None if service is not None else args.get("default_root_object", "index.html")
        bucket_origins = list(args.get("bucket_origins") or [])
        web_acl = args.get("web_acl", False)
        logging = args.get("logging", True)
        tags = dict(args.get("tags") or {})
        super().__init__("stackyard-aws:index:CdnSite", name, None, opts)

        site = site_bucket(self, name, base, args, tags)
        bucket = site.bucket
        headers = security_headers(self, name, base)
        routing = origins_and_behaviours(
            self, name, base, args, bucket.regional_domain_name, site.access_control.id, headers.id
        )
        certificate, zone_id = viewer_certificate(self, name, args, tags)
        logs_key = (
            log_key(self, name, base, logging, web_acl, tags) if args.get("encrypt_logs", True) else None
        )
        acl_arn = (
            site_web_acl(
                self,
                name,
                base,
                args.get("rate_limit", 2000),
                args.get("waf_log_retention_days", 90),
                tags,
                logs_key,
            )
            if web_acl
            else None
        )
        distribution = cloudfront_distribution(
            self, name, args, root_object, routing, certificate, acl_arn, tags
        )
        site.allow_read(distribution)
        if domain is not None and zone_id is not None:
            alias_records(self, name, domain, zone_id, distribution)
        if logging:
            access_logs(self, name, base, distribution, args.get("log_retention_days", 90), tags, logs_key)

        self._bucket_paths = {origin["name"]: list(origin["path_patterns"]) for origin in bucket_origins}
        self.bucket_name = bucket.bucket_name
        self.bucket_arn = bucket.arn
        self.distribution_id = distribution.id
        self.distribution_arn = distribution.arn
        self.domain_name = distribution.domain_name
        self.url = (
            pulumi.Output.from_input(f"https://{domain}")
            if domain
            else distribution.domain_name.apply(lambda host: f"https://{host}")
        )
        self.register_outputs(
            {
                "bucket_name": self.bucket_name,
                "bucket_arn": self.bucket_arn,
                "distribution_id": self.distribution_id,
                "distribution_arn": self.distribution_arn,
                "domain_name": self.domain_name,
                "url": self.url,
            }
        )

    def bucket_read_statement(
        self, name: str, bucket_arn: pulumi.Input[str]
    ) -> pulumi.Output[dict[str, Any]]:
        """The bucket-policy statement that lets this distribution read the objects of the bucket origin
        `name` (one of `bucket_origins`) that its path patterns reach, and nothing else: `s3:GetObject` for
        the service principal `cloudfront.amazonaws.com` on `<bucket_arn>/uploads/*` for "/uploads/*", with
        the condition `AWS:SourceArn` = this distribution. Give it to the bucket's policy (a `Bucket`'s
        `policy_statements`, through a deferred output: the bucket exists before the distribution)."""
        if name not in self._bucket_paths:
            raise ValueError(
                f"CdnSite bucket_read_statement name {name!r} is not allowed; use the name of one of its "
                f"bucket_origins ({', '.join(sorted(self._bucket_paths)) or 'none given'})"
            )
        patterns = self._bucket_paths[name]
        return pulumi.Output.all(bucket_arn, self.distribution_arn).apply(
            lambda v: _bucket_read_statement(v[0], v[1], patterns)
        )

    def failover_read_statement(self, bucket_arn: pulumi.Input[str]) -> pulumi.Output[dict[str, Any]]:
        """The bucket-policy statement that lets this distribution read every object of the
        `failover_origin` bucket (`s3:GetObject` for `cloudfront.amazonaws.com` on `<bucket_arn>/*`, with the
        condition `AWS:SourceArn` = this distribution). Give it to that bucket's policy."""
        return pulumi.Output.all(bucket_arn, self.distribution_arn).apply(
            lambda v: _bucket_read_statement(v[0], v[1], ["/*"])
        )

    def key_read_statement(self) -> pulumi.Output[dict[str, Any]]:
        """The key-policy statement that lets this distribution decrypt objects of an SSE-KMS bucket it
        reads through origin access control: kms:Decrypt for `cloudfront.amazonaws.com` with the condition
        `AWS:SourceArn` = this distribution (Amazon CloudFront Developer Guide, "Restrict access to an Amazon
        S3 origin", section "SSE-KMS"). Give it to the bucket's key (a `Bucket`'s `key_policy_statements`)."""
        return self.distribution_arn.apply(_key_read_statement)

    def grant_deploy(self) -> pulumi.Output[str]:
        """An IAM policy document (JSON) for the CI role that deploys the site, and nothing more:
        s3:ListBucket on the bucket, s3:GetObject, s3:PutObject and s3:DeleteObject on its objects (what
        `aws s3 sync --delete` needs), and cloudfront:CreateInvalidation on this distribution."""

        def document(bucket_arn: str, distribution_arn: str) -> str:
            statements = [
                {"Sid": "ListSite", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": bucket_arn},
                {
                    "Sid": "SyncSite",
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                    "Resource": f"{bucket_arn}/*",
                },
                {
                    "Sid": "Invalidate",
                    "Effect": "Allow",
                    "Action": "cloudfront:CreateInvalidation",
                    "Resource": distribution_arn,
                },
            ]
            return json.dumps({"Version": "2012-10-17", "Statement": statements})

        return pulumi.Output.all(self.bucket_arn, self.distribution_arn).apply(lambda v: document(v[0], v[1]))
