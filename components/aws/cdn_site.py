"""`CdnSite`: a site served by CloudFront: a static site in a private S3 bucket through origin access
control, or a running web service (a server-rendered frontend) with its static paths cached at the edge;
HTTPS (an ACM certificate and Route 53 records for a custom domain, a chosen TLS security policy), security
headers, optional SPA fallback, an optional API origin, optional bucket paths (e.g. uploaded files), an
optional WAF web ACL, optional geo restriction and origin failover, and standard logging (v2) to CloudWatch
Logs."""

import json
import re
from typing import Any, Required, TypedDict

import pulumi
import pulumi_aws as aws

from ..checks import refuse_unknown_keys
from ..countries import country_problem
from ..limits import check_retention
from .bucket import Bucket, BucketArgs
from .certificate import dns_validated_certificate, zone_name
from .kms import log_encryption_key
from .naming import physical_base, physical_name, physical_part
from .waf import acl_logging, check_rate_limit, web_acl
from .waf import log_group_name as waf_log_group_name

# CloudFront is a global service: its certificates, WAF web ACLs and standard logs (v2) live in us-east-1.
CLOUDFRONT_REGION = "us-east-1"
# The Route 53 hosted zone of every CloudFront distribution, the target zone of alias records.
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"
# Which edge locations serve the distribution (Amazon CloudFront Developer Guide, "Choose the price class for
# a CloudFront distribution"): 100 = North America, Europe and Israel; 200 = 100 plus South Africa, Kenya,
# the Middle East, Japan, Hong Kong, Indonesia, the Philippines, Singapore, South Korea, Taiwan, Thailand
# and India; All = 200 plus South America, Australia and New Zealand.
PRICE_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")
DEFAULT_PRICE_CLASS = "PriceClass_100"
# Viewer security policies with a custom certificate (SNI) whose minimum is TLS 1.2 or 1.3 (Amazon CloudFront
# Developer Guide, "Supported protocols and ciphers between viewers and CloudFront"): TLSv1.2_2021,
# TLSv1.2_2025 (TLS 1.2 with fewer ciphers) and TLSv1.3_2025 (TLS 1.3 only). The older ones allow TLS 1.0/1.1
# or weak ciphers and are left out on purpose.
MINIMUM_PROTOCOL_VERSIONS = ("TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025")
DEFAULT_MINIMUM_PROTOCOL_VERSION = "TLSv1.2_2021"
CACHING_OPTIMIZED = "Managed-CachingOptimized"
CACHING_DISABLED = "Managed-CachingDisabled"
ALL_VIEWER_EXCEPT_HOST_HEADER = "Managed-AllViewerExceptHostHeader"
# A viewer-request CloudFront Function on the service's pages: the viewer's Host, which the origin request
# policy replaces with the origin's own, reaches the service as X-Forwarded-Host (overwriting any the viewer
# sent), the header Next.js and most frameworks read for the public host (absolute URLs, redirects, the
# Server Actions origin check). X-Forwarded-Host is not among the headers edge functions may not add (Amazon
# CloudFront Developer Guide, "Restrictions on all edge functions", "HTTP headers").
FORWARDED_HOST_CODE = """function handler(event) {
  var request = event.request;
  request.headers['x-forwarded-host'] = { value: request.headers.host.value };
  return request;
}
"""
FUNCTION_RUNTIME = "cloudfront-js-2.0"
FUNCTION_NAME_LIMIT = 64
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
HSTS_MAX_AGE = 63072000  # two years, the minimum the HSTS preload list accepts is one
# Name limits AWS enforces and the mocks do not check.
OAC_NAME_LIMIT = 64
POLICY_NAME_LIMIT = 128  # CloudFront response headers policies
LOG_DELIVERY_NAME_LIMIT = 60  # CloudWatch Logs delivery sources and destinations
LOG_GROUP_PREFIX = "/aws/vendedlogs/cloudfront/"
# Geo restriction (Amazon CloudFront Developer Guide, "Restrict the geographic distribution of your
# content"; API `GeoRestriction.RestrictionType`): an allow list (whitelist) or a block list (blacklist) of
# ISO 3166-1 alpha-2 country codes.
GEO_MODES = {"allow": "whitelist", "block": "blacklist"}
# The status codes an origin group may fail over on (Amazon CloudFront Developer Guide, "Optimize high
# availability with CloudFront origin failover"), and the default: the origin's server errors.
FAILOVER_STATUS_CODES = (400, 403, 404, 416, 500, 502, 503, 504)
DEFAULT_FAILOVER_STATUS_CODES = [500, 502, 503, 504]
SITE_GROUP_ID, FAILOVER_ORIGIN_ID = "site", "s3-failover"

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_ZONE_ID = re.compile(r"^[A-Z0-9]{2,32}$")
_ROOT_OBJECT = re.compile(r"^[A-Za-z0-9._~-][A-Za-z0-9._~/-]{0,254}$")
_PATH_PATTERN = re.compile(r"^/[A-Za-z0-9_.*$/~\"'@:+&-]{1,254}$")
_ORIGIN_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


class ApiOrigin(TypedDict, total=False):
    """A second origin for an API behind the same distribution (e.g. a ContainerService's load balancer)."""

    domain_name: Required[pulumi.Input[str]]
    """The API's HTTPS host name, with a certificate valid for it, e.g. "api.shop.example.com" (not the
    load balancer's *.elb.amazonaws.com name, which its certificate does not cover). Required."""
    path_pattern: str
    """The paths CloudFront sends to the API, uncached, e.g. "/api/*". Default "/api/*"."""


class ServiceOrigin(TypedDict, total=False):
    """A running web service as the site's default origin (e.g. a server-rendered Next.js frontend, a
    public ContainerService behind the LoadBalancer)."""

    domain_name: Required[pulumi.Input[str]]
    """The service's own HTTPS host name on its load balancer, with a certificate valid for it, e.g.
    "www.shop.example.com". Required."""
    static_paths: list[str]
    """Path patterns of the framework's static files, cached at the edge with the managed CachingOptimized
    policy (the origin's Cache-Control is honoured up to a year; no query string, cookie or header in the
    cache key or sent to the service), e.g. ["/_next/static/*", "/favicon.ico"]. Default []: nothing is
    cached."""


class BucketOrigin(TypedDict):
    """An S3 bucket (e.g. uploaded files) served under some paths of the site, read through the site's
    origin access control."""

    name: str
    """A short name of the origin, e.g. "uploads" (origin id `bucket-<name>`); 1-40 lowercase letters,
    digits and hyphens, starting with a letter. Required."""
    domain_name: pulumi.Input[str]
    """The bucket's regional domain name (a `Bucket`'s `regional_domain_name`). Required."""
    path_patterns: list[str]
    """The paths served from the bucket, e.g. ["/uploads/*"]: "/uploads/a.png" is the object
    "uploads/a.png". Cached with CachingOptimized. Required."""


class GeoRestriction(TypedDict):
    """Which countries may see the site, by the viewer's IP address (CloudFront answers 403 to the
    others)."""

    mode: str
    """ "allow": only `countries` (CloudFront "whitelist"); "block": every country but `countries`
    ("blacklist"). Required."""
    countries: list[str]
    """ISO 3166-1 alpha-2 country codes, upper case, each once, e.g. ["US", "CA"]. Required, not empty."""


class FailoverOrigin(TypedDict, total=False):
    """A second copy of the site's files (e.g. a replica bucket in another region) that CloudFront asks
    when the site bucket fails: an origin group of the site bucket (primary) and this bucket (secondary)."""

    domain_name: Required[pulumi.Input[str]]
    """The bucket's regional domain name, "<bucket>.s3.<region>.amazonaws.com". Read through the site's
    origin access control: its bucket policy needs `failover_read_statement(bucket_arn)`, and an SSE-KMS
    bucket's key policy `key_read_statement()`. Required."""
    status_codes: list[int]
    """The site bucket's answers that send the request to the failover bucket, among 400, 403, 404, 416,
    500, 502, 503 and 504. Default [500, 502, 503, 504]."""


class CdnSiteArgs(TypedDict, total=False):
    domain: str | None
    """The site's DNS name, e.g. "shop.example.com": an ACM certificate for it (in us-east-1, DNS-validated),
    and Route 53 alias A and AAAA records to the distribution. Default None: the site is served on the
    distribution's *.cloudfront.net name."""
    hosted_zone_id: pulumi.Input[str] | None
    """The public Route 53 hosted zone that holds `domain` (its validation and alias records go there).
    Used only with `domain`. Default None: the public zone of the domain's registrable parent, looked up
    ("example.com" for "shop.example.com"), the same zone the LoadBalancer looks up; pass the id of a
    delegated sub-zone explicitly."""
    spa: bool
    """Single-page app: answer 403 and 404 from the bucket with `/<default_root_object>` and status 200, so
    client-side routes (/orders/42) load the app. These error responses apply to the whole distribution,
    the API origin's 403 and 404 included. Not with `service_origin`. Default False."""
    default_root_object: str
    """The object served for "/", e.g. "index.html". Not with `service_origin` (the service answers "/").
    Default "index.html"."""
    price_class: str
    """Which edge locations serve the site: "PriceClass_100" (North America, Europe and Israel, the
    cheapest), "PriceClass_200" (plus South Africa, Kenya, the Middle East, Japan, Hong Kong, Indonesia, the
    Philippines, Singapore, South Korea, Taiwan, Thailand and India) or "PriceClass_All" (plus South
    America, Australia and New Zealand). Default "PriceClass_100"."""
    minimum_protocol_version: str
    """The viewer TLS security policy with a `domain`: "TLSv1.2_2021" (TLS 1.2 and 1.3), "TLSv1.2_2025" (TLS
    1.2 with fewer ciphers, and 1.3) or "TLSv1.3_2025" (TLS 1.3 only). Needs `domain` (CloudFront's default
    certificate keeps TLSv1). Default "TLSv1.2_2021"."""
    service_origin: ServiceOrigin | None
    """A running web service as the default origin instead of the bucket: every path not matched by
    another behaviour goes to its `domain_name` over HTTPS only (TLSv1.2), uncached (CachingDisabled), with
    all methods, query strings, cookies and every viewer header but Host (AllViewerExceptHostHeader; the
    viewer's host arrives as X-Forwarded-Host); its `static_paths` are cached with CachingOptimized. The
    site bucket stays (an origin for nothing unless you add behaviours). Default None: the bucket is the
    default origin."""
    bucket_origins: list[BucketOrigin]
    """More S3 buckets served under some paths (e.g. uploaded files under "/uploads/*"), read through the
    site's origin access control. Each bucket's policy must let this distribution read those objects:
    `bucket_read_statement(name, bucket_arn)`, and for an SSE-KMS bucket its key policy
    `key_read_statement()` (see the class docs). Default []."""
    api_origin: ApiOrigin | None
    """An API served under the same host name: requests matching its `path_pattern` go to its domain over
    HTTPS only (TLSv1.2), uncached, with all methods, every viewer header but Host, cookies and query
    strings. Default None: the bucket is the only origin."""
    web_acl: bool
    """Attach a WAF web ACL (in us-east-1, CLOUDFRONT scope): AWS managed rule groups
    AWSManagedRulesAmazonIpReputationList, AWSManagedRulesCommonRuleSet and
    AWSManagedRulesKnownBadInputsRuleSet, and a per-IP rate limit (`rate_limit`), with CloudWatch metrics and
    sampled requests, and every request it inspects logged to the log group `aws-waf-logs-<physical_name>-cdn`
    (in us-east-1, with the `authorization` and `cookie` headers redacted, kept `waf_log_retention_days`).
    About $5 a month plus $1 per rule and $0.60 per million requests, and the logs' ingestion. The common
    rule set blocks request bodies over 8 KB (SizeRestrictions_BODY), API uploads included. Default
    False."""
    geo_restriction: GeoRestriction | None
    """Serve only some countries (`mode` "allow") or every country but some ("block"), by the viewer's
    IP address; the others get 403. Applies to every path, the API's included. Default None: every
    country."""
    failover_origin: FailoverOrigin | None
    """A failover copy of the static site: the default behaviour reads an origin group of the site bucket
    and this bucket, which CloudFront asks when the site bucket answers one of its `status_codes` or cannot
    be reached. Deploy the site to both buckets (or replicate them). Not with `service_origin` (the
    failover is the site bucket's). Default None: no failover."""
    waf_log_retention_days: int
    """Days the web ACL's logs are kept, one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, ...,
    3653). Used only with `web_acl`. Default 90."""
    rate_limit: int
    """Requests one IP may make in 5 minutes before the web ACL blocks it, 10 to 2,000,000,000. Used only
    with `web_acl`. Default 2000."""
    access_log_bucket: pulumi.Input[str] | None
    """Name of a dedicated bucket (in the stack's region) that receives the site bucket's S3 server access
    logs (a `Bucket`'s `log_bucket`: SSE-S3, whose policy lets `logging.s3.amazonaws.com` deliver them, e.g.
    with `components.aws.bucket.server_access_log_statement`). Default None: no server access logging of the
    site bucket."""
    logging: bool
    """Standard logging (v2) of every viewer request, as JSON, to a CloudWatch Logs log group in us-east-1
    with a retention (`log_retention_days`). Default True."""
    encrypt_logs: bool
    """Encrypt the log groups (access logs, web ACL logs) with a customer-managed KMS key of their own in
    us-east-1 (alias `alias/<physical_name>-cdn-logs`, yearly rotation), whose key policy lets only
    CloudWatch Logs in us-east-1 use it for these log groups, and the log delivery service write them for
    this account. About $1 a month. Default True; the staging profile turns it off (CloudWatch Logs' own
    encryption)."""
    log_retention_days: int
    """Days the access logs are kept, one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, ..., 3653).
    Used only with `logging`. Default 90."""
    tags: dict[str, str]
    """Tags added to every taggable resource, plus Name. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the site bucket
    `<physical_name>-site-…`, the origin access control, the response headers policy, the CloudFront
    function `<physical_name>-forwarded-host`, the web ACL `<physical_name>-cdn`, the log delivery and log
    group). Default: the component's name. Give each stack its own (e.g. "shop-staging") so that two stacks
    in one account never collide, while the logical names, and so the URNs, stay the same. 1-63 lowercase
    letters, digits and hyphens, starting with a letter."""


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
        spa = args.get("spa", False)
        service = args.get("service_origin")
        root_object = None if service is not None else args.get("default_root_object", "index.html")
        api_origin = args.get("api_origin")
        bucket_origins = list(args.get("bucket_origins") or [])
        web_acl = args.get("web_acl", False)
        logging = args.get("logging", True)
        tags = dict(args.get("tags") or {})
        super().__init__("stackyard-aws:index:CdnSite", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)

        def named(suffix: str) -> dict[str, str]:
            return {**tags, "Name": f"{name}-{suffix}"}

        # The bucket policy names the distribution, and the distribution needs the bucket: the statement is
        # a deferred output, resolved once the distribution exists (the policy is then created after it).
        read_statement, resolve_read_statement = pulumi.deferred_output()
        bucket_args: BucketArgs = {
            # SSE-KMS would need CloudFront in the key policy; the content is the public site anyway.
            "encryption": "AES256",
            "versioning": True,
            "protect": False,  # build output: deploy it again
            "policy_statements": [read_statement],
            "tags": tags,
        }
        if base != name:
            bucket_args["physical_name"] = physical_part(base, "site")
        if args.get("access_log_bucket") is not None:
            bucket_args["log_bucket"] = args.get("access_log_bucket")
        bucket = Bucket(f"{name}-site", bucket_args, opts=child)

        access_control = aws.cloudfront.OriginAccessControl(
            f"{name}-oac",
            name=physical_name(f"{base}-site", OAC_NAME_LIMIT),
            description=f"CloudFront access to the {name} site bucket, managed by stackyard",
            origin_access_control_origin_type="s3",
            signing_behavior="always",
            signing_protocol="sigv4",
            opts=child,
        )
        headers = aws.cloudfront.ResponseHeadersPolicy(
            f"{name}-security-headers",
            name=physical_name(f"{base}-security-headers", POLICY_NAME_LIMIT),
            comment=f"Security headers of the {name} site, managed by stackyard",
            security_headers_config={
                "strict_transport_security": {
                    "access_control_max_age_sec": HSTS_MAX_AGE,
                    "include_subdomains": True,
                    "preload": True,
                    "override": True,
                },
                "content_type_options": {"override": True},
                "frame_options": {"frame_option": "DENY", "override": True},
                "referrer_policy": {"referrer_policy": "strict-origin-when-cross-origin", "override": True},
                "xss_protection": {"protection": True, "mode_block": True, "override": True},
            },
            opts=child,
        )

        s3_origin_id, api_origin_id, service_origin_id = "s3", "api", "service"
        origins: list[aws.cloudfront.DistributionOriginArgsDict] = [
            {
                "origin_id": s3_origin_id,
                "domain_name": bucket.regional_domain_name,
                "origin_access_control_id": access_control.id,
            }
        ]
        # The site bucket's behaviours read it, or with `failover_origin` an origin group of it and the
        # failover bucket (origin groups serve GET, HEAD and OPTIONS only, which is all they allow).
        site_target = s3_origin_id
        origin_groups: list[aws.cloudfront.DistributionOriginGroupArgsDict] = []
        failover = args.get("failover_origin")
        if failover is not None:
            origins.append(
                {
                    "origin_id": FAILOVER_ORIGIN_ID,
                    "domain_name": failover["domain_name"],
                    "origin_access_control_id": access_control.id,
                }
            )
            site_target = SITE_GROUP_ID
            origin_groups = [_origin_group(failover)]
        # (path pattern, behaviour) pairs, ordered most specific first below.
        ordered: list[tuple[str, aws.cloudfront.DistributionOrderedCacheBehaviorArgsDict]] = []

        def cached(pattern: str, origin_id: str) -> aws.cloudfront.DistributionOrderedCacheBehaviorArgsDict:
            return {
                "path_pattern": pattern,
                "target_origin_id": origin_id,
                "viewer_protocol_policy": "redirect-to-https",
                "allowed_methods": ["GET", "HEAD", "OPTIONS"],
                "cached_methods": ["GET", "HEAD"],
                "compress": True,
                "cache_policy_id": _cache_policy(CACHING_OPTIMIZED, self),
                "response_headers_policy_id": headers.id,
            }

        for origin in bucket_origins:
            origin_id = f"bucket-{origin['name']}"
            origins.append(
                {
                    "origin_id": origin_id,
                    "domain_name": origin["domain_name"],
                    "origin_access_control_id": access_control.id,
                }
            )
            ordered.extend((pattern, cached(pattern, origin_id)) for pattern in origin["path_patterns"])

        if api_origin is not None:
            origins.append(_https_origin(api_origin_id, api_origin["domain_name"]))
            pattern = api_origin.get("path_pattern", "/api/*")
            ordered.append(
                (
                    pattern,
                    {
                        "path_pattern": pattern,
                        "target_origin_id": api_origin_id,
                        "viewer_protocol_policy": "redirect-to-https",
                        "allowed_methods": ALL_METHODS,
                        "cached_methods": ["GET", "HEAD"],
                        "compress": True,
                        "cache_policy_id": _cache_policy(CACHING_DISABLED, self),
                        "origin_request_policy_id": _origin_request_policy(
                            ALL_VIEWER_EXCEPT_HOST_HEADER, self
                        ),
                        "response_headers_policy_id": headers.id,
                    },
                )
            )

        default_behaviour: aws.cloudfront.DistributionDefaultCacheBehaviorArgsDict = {
            "target_origin_id": site_target,
            "viewer_protocol_policy": "redirect-to-https",
            "allowed_methods": ["GET", "HEAD", "OPTIONS"],
            "cached_methods": ["GET", "HEAD"],
            "compress": True,
            "cache_policy_id": _cache_policy(CACHING_OPTIMIZED, self),
            "response_headers_policy_id": headers.id,
        }
        if service is not None:
            origins.append(_https_origin(service_origin_id, service["domain_name"]))
            forwarded_host = aws.cloudfront.Function(
                f"{name}-forwarded-host",
                name=physical_name(f"{base}-forwarded-host", FUNCTION_NAME_LIMIT),
                comment="The viewer's Host as X-Forwarded-Host, managed by stackyard",
                runtime=FUNCTION_RUNTIME,
                code=FORWARDED_HOST_CODE,
                publish=True,
                opts=child,
            )
            default_behaviour = {
                "target_origin_id": service_origin_id,
                "viewer_protocol_policy": "redirect-to-https",
                "allowed_methods": ALL_METHODS,
                "cached_methods": ["GET", "HEAD"],
                "compress": True,
                "cache_policy_id": _cache_policy(CACHING_DISABLED, self),
                "origin_request_policy_id": _origin_request_policy(ALL_VIEWER_EXCEPT_HOST_HEADER, self),
                "response_headers_policy_id": headers.id,
                "function_associations": [
                    {"event_type": "viewer-request", "function_arn": forwarded_host.arn}
                ],
            }
            ordered.extend(
                (pattern, cached(pattern, service_origin_id)) for pattern in service.get("static_paths", [])
            )

        viewer_certificate: aws.cloudfront.DistributionViewerCertificateArgsDict = {
            "cloudfront_default_certificate": True
        }
        zone_id: pulumi.Input[str] | None = None
        if domain is not None:
            zone_id = args.get("hosted_zone_id")
            if zone_id is None:
                zone_id = aws.route53.get_zone_output(
                    name=zone_name(domain), private_zone=False, opts=pulumi.InvokeOptions(parent=self)
                ).zone_id
            viewer_certificate = {
                "acm_certificate_arn": dns_validated_certificate(
                    self, name, domain, zone_id, tags, region=CLOUDFRONT_REGION
                ),
                "ssl_support_method": "sni-only",
                "minimum_protocol_version": args.get(
                    "minimum_protocol_version", DEFAULT_MINIMUM_PROTOCOL_VERSION
                ),
            }

        log_key = (
            self._log_key(name, base, logging, web_acl, tags) if args.get("encrypt_logs", True) else None
        )
        acl_arn = (
            self._web_acl(
                name,
                base,
                args.get("rate_limit", 2000),
                args.get("waf_log_retention_days", 90),
                tags,
                log_key,
            )
            if web_acl
            else None
        )

        distribution = aws.cloudfront.Distribution(
            name,
            comment=f"{name} site, managed by stackyard",
            enabled=True,
            is_ipv6_enabled=True,
            http_version="http2and3",
            price_class=args.get("price_class", DEFAULT_PRICE_CLASS),
            default_root_object=root_object,
            aliases=[domain] if domain else [],
            origins=origins,
            origin_groups=origin_groups or None,  # None, not [], keeps the plans without failover
            default_cache_behavior=default_behaviour,
            ordered_cache_behaviors=[behaviour for _, behaviour in sorted(ordered, key=_specific_first)],
            custom_error_responses=(
                [
                    {
                        "error_code": code,
                        "response_code": 200,
                        "response_page_path": f"/{root_object}",
                        "error_caching_min_ttl": 10,
                    }
                    for code in (403, 404)
                ]
                if spa
                else []
            ),
            restrictions={"geo_restriction": _geo_restriction(args.get("geo_restriction"))},
            viewer_certificate=viewer_certificate,
            web_acl_id=acl_arn,
            tags=named("cdn"),
            opts=child,
        )
        resolve_read_statement(
            pulumi.Output.all(bucket.arn, distribution.arn).apply(lambda v: _read_statement(v[0], v[1]))
        )

        if domain is not None and zone_id is not None:
            for record_type in ("A", "AAAA"):
                aws.route53.Record(
                    f"{name}-{record_type.lower()}",
                    zone_id=zone_id,
                    name=domain,
                    type=record_type,
                    aliases=[
                        {
                            "name": distribution.domain_name,
                            "zone_id": CLOUDFRONT_ZONE_ID,
                            "evaluate_target_health": False,
                        }
                    ],
                    opts=child,
                )

        if logging:
            self._access_logs(name, base, distribution, args.get("log_retention_days", 90), tags, log_key)

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

    # -- building blocks ------------------------------------------------------------------------------------

    def _log_key(
        self, name: str, base: str, logging: bool, web_acl: bool, tags: dict[str, str]
    ) -> pulumi.Output[str] | None:
        """The key of the site's log groups in us-east-1 (`encrypt_logs`), or None without log groups."""
        groups = ([f"{LOG_GROUP_PREFIX}{base}-*"] if logging else []) + (
            [waf_log_group_name(f"{base}-cdn")] if web_acl else []
        )
        if not groups:
            return None
        return log_encryption_key(
            f"{name}-cdn-logs",
            f"Logs of the {name} site",
            self,
            tags,
            groups,
            alias=f"{base}-cdn-logs",
            region=CLOUDFRONT_REGION,
            delivery=True,
        ).arn

    def _web_acl(
        self,
        name: str,
        base: str,
        rate_limit: int,
        log_retention_days: int,
        tags: dict[str, str],
        log_key: pulumi.Input[str] | None,
    ) -> pulumi.Output[str]:
        """A CLOUDFRONT-scope WAF web ACL in us-east-1 (`components.aws.waf.web_acl`): allow by default, the
        AWS managed rule groups, then a per-IP rate limit; its requests logged to `aws-waf-logs-<base>-cdn`
        in us-east-1 (`components.aws.waf.acl_logging`). Returns its ARN."""
        acl = web_acl(
            self,
            f"{name}-waf",
            physical=f"{base}-cdn",
            description=f"Firewall of the {name} site, managed by stackyard",
            scope="CLOUDFRONT",
            rate_limit=rate_limit,
            tags=tags,
            region=CLOUDFRONT_REGION,
        )
        acl_logging(
            self,
            f"{name}-waf-logs",
            acl=acl,
            physical=f"{base}-cdn",
            retention_days=log_retention_days,
            tags=tags,
            region=CLOUDFRONT_REGION,
            kms_key_arn=log_key,
        )
        return acl.arn

    def _access_logs(
        self,
        name: str,
        base: str,
        distribution: aws.cloudfront.Distribution,
        retention_days: int,
        tags: dict[str, str],
        log_key: pulumi.Input[str] | None,
    ) -> None:
        """Standard logging (v2): the distribution's ACCESS_LOGS, as JSON, into a log group with a retention,
        through a delivery source, destination and delivery, all in us-east-1. The log group's name starts
        with /aws/vendedlogs/, which CloudWatch Logs' shared delivery resource policy covers."""
        child = pulumi.ResourceOptions(parent=self)
        delivery_name = physical_name(f"{base}-cdn-access-logs", LOG_DELIVERY_NAME_LIMIT)
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-access-logs",
            name_prefix=f"{LOG_GROUP_PREFIX}{base}-",
            retention_in_days=retention_days,
            kms_key_id=log_key,
            region=CLOUDFRONT_REGION,
            tags={**tags, "Name": f"{name}-access-logs"},
            opts=child,
        )
        source = aws.cloudwatch.LogDeliverySource(
            f"{name}-access-logs",
            name=delivery_name,
            log_type="ACCESS_LOGS",
            resource_arn=distribution.arn,
            region=CLOUDFRONT_REGION,
            tags={**tags, "Name": f"{name}-access-logs"},
            opts=child,
        )
        destination = aws.cloudwatch.LogDeliveryDestination(
            f"{name}-access-logs",
            name=delivery_name,
            output_format="json",
            delivery_destination_configuration={"destination_resource_arn": log_group.arn},
            region=CLOUDFRONT_REGION,
            tags={**tags, "Name": f"{name}-access-logs"},
            opts=child,
        )
        aws.cloudwatch.LogDelivery(
            f"{name}-access-logs",
            delivery_source_name=source.name,
            delivery_destination_arn=destination.arn,
            region=CLOUDFRONT_REGION,
            tags={**tags, "Name": f"{name}-access-logs"},
            opts=child,
        )


def _cache_policy(policy: str, parent: pulumi.Resource) -> pulumi.Output[str]:
    """The id of the AWS managed cache policy named `policy` (e.g. "Managed-CachingOptimized")."""
    found = aws.cloudfront.get_cache_policy_output(name=policy, opts=pulumi.InvokeOptions(parent=parent))
    return found.apply(lambda result: _found_id(result.id, "cache policy", policy))


def _origin_request_policy(policy: str, parent: pulumi.Resource) -> pulumi.Output[str]:
    """The id of the AWS managed origin request policy named `policy`."""
    found = aws.cloudfront.get_origin_request_policy_output(
        name=policy, opts=pulumi.InvokeOptions(parent=parent)
    )
    return found.apply(lambda result: _found_id(result.id, "origin request policy", policy))


def _https_origin(
    origin_id: str, domain_name: pulumi.Input[str]
) -> aws.cloudfront.DistributionOriginArgsDict:
    """A custom origin reached over HTTPS only, TLS 1.2 (its certificate must be valid for `domain_name`)."""
    return {
        "origin_id": origin_id,
        "domain_name": domain_name,
        "custom_origin_config": {
            "http_port": 80,
            "https_port": 443,
            "origin_protocol_policy": "https-only",
            "origin_ssl_protocols": ["TLSv1.2"],
        },
    }


def _geo_restriction(
    geo: GeoRestriction | None,
) -> aws.cloudfront.DistributionRestrictionsGeoRestrictionArgsDict:
    """CloudFront's geo restriction of `geo` (validated): none, or an allow or block list."""
    if geo is None:
        return {"restriction_type": "none", "locations": []}
    return {"restriction_type": GEO_MODES[geo["mode"]], "locations": sorted(geo["countries"])}


def _origin_group(failover: FailoverOrigin) -> aws.cloudfront.DistributionOriginGroupArgsDict:
    """The origin group of the site bucket (primary) and the failover bucket (secondary)."""
    return {
        "origin_id": SITE_GROUP_ID,
        "failover_criteria": {
            "status_codes": sorted(failover.get("status_codes", DEFAULT_FAILOVER_STATUS_CODES))
        },
        "members": [{"origin_id": "s3"}, {"origin_id": FAILOVER_ORIGIN_ID}],
    }


def _specific_first(entry: tuple[str, object]) -> tuple[int, bool, str]:
    """Sort key of ordered cache behaviours: CloudFront takes the first match, so the longest fixed start
    goes first, an exact path before a pattern with the same start ("/api/health" before "/api/*"), as a
    Google Cloud URL map matches the most specific path."""
    pattern = entry[0]
    fixed = re.split(r"[*?]", pattern, maxsplit=1)[0]
    return (-len(fixed), fixed != pattern, pattern)


def _bucket_read_statement(bucket_arn: str, distribution_arn: str, patterns: list[str]) -> dict[str, Any]:
    """s3:GetObject for one distribution on the objects that `patterns` reach ("/uploads/*" ->
    `<bucket_arn>/uploads/*`: CloudFront asks S3 for the request's path, and `*` and `?` mean the same in a
    path pattern and in an ARN)."""
    resources = [f"{bucket_arn}/{pattern.removeprefix('/')}" for pattern in patterns]
    return {
        "Sid": "AllowCloudFrontReadOfSitePaths",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": resources[0] if len(resources) == 1 else resources,
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }


def _key_read_statement(distribution_arn: str) -> dict[str, Any]:
    """kms:Decrypt for one distribution, in the key policy of an SSE-KMS bucket it reads."""
    return {
        "Sid": "AllowCloudFrontDecryptForSitePaths",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "kms:Decrypt",
        "Resource": "*",
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }


def _found_id(found: str | None, what: str, name: str) -> str:
    if not found:
        raise ValueError(f"CdnSite: CloudFront has no managed {what} named {name}")
    return found


def _read_statement(bucket_arn: str, distribution_arn: str) -> dict[str, Any]:
    """The bucket-policy statement that lets exactly one distribution read the site's objects."""
    return {
        "Sid": "AllowCloudFrontRead",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": f"{bucket_arn}/*",
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    }


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_args(args: CdnSiteArgs) -> None:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    domain = args.get("domain")
    if domain is not None and not (isinstance(domain, str) and _HOSTNAME.match(domain)):
        raise ValueError(
            f"CdnSite domain {domain!r} is not allowed; use None or a lowercase DNS name such as "
            "shop.example.com (no scheme, no path, no wildcard)"
        )
    zone_id = args.get("hosted_zone_id")
    if zone_id is not None:
        if domain is None:
            raise ValueError(
                f"CdnSite hosted_zone_id {zone_id!r} is not allowed without domain; give a domain or leave "
                "hosted_zone_id out"
            )
        if isinstance(zone_id, str) and not _ZONE_ID.match(zone_id):
            raise ValueError(
                f"CdnSite hosted_zone_id {zone_id!r} is not allowed; use a Route 53 hosted zone id such as "
                "Z0123456789ABCDEFGHIJ"
            )
    for flag, default in (("spa", False), ("web_acl", False), ("logging", True), ("encrypt_logs", True)):
        value = args.get(flag, default)
        if not isinstance(value, bool):
            raise ValueError(f"CdnSite {flag} {value!r} is not allowed; use True or False")
    root_object = args.get("default_root_object", "index.html")
    if not (isinstance(root_object, str) and _ROOT_OBJECT.match(root_object)):
        raise ValueError(
            f"CdnSite default_root_object {root_object!r} is not allowed; use an object key without a "
            'leading "/", e.g. "index.html"'
        )
    price_class = args.get("price_class", DEFAULT_PRICE_CLASS)
    if price_class not in PRICE_CLASSES:
        raise ValueError(
            f"CdnSite price_class {price_class!r} is not allowed; use one of {', '.join(PRICE_CLASSES)}"
        )
    tls = args.get("minimum_protocol_version", DEFAULT_MINIMUM_PROTOCOL_VERSION)
    if tls not in MINIMUM_PROTOCOL_VERSIONS:
        raise ValueError(
            f"CdnSite minimum_protocol_version {tls!r} is not allowed; use one of "
            f"{', '.join(MINIMUM_PROTOCOL_VERSIONS)}"
        )
    if tls != DEFAULT_MINIMUM_PROTOCOL_VERSION and domain is None:
        raise ValueError(
            f"CdnSite minimum_protocol_version {tls!r} is not allowed without domain; CloudFront's default "
            "*.cloudfront.net certificate keeps TLSv1: give a domain"
        )
    check_rate_limit("CdnSite", args.get("rate_limit", 2000))
    retention = args.get("log_retention_days", 90)
    if not _is_int(retention):
        raise ValueError(
            f"CdnSite log_retention_days {retention!r} is not allowed; use a whole number of days"
        )
    check_retention("CdnSite", "log_retention_days", retention)
    waf_retention = args.get("waf_log_retention_days", 90)
    if not _is_int(waf_retention):
        raise ValueError(
            f"CdnSite waf_log_retention_days {waf_retention!r} is not allowed; use a whole number of days"
        )
    check_retention("CdnSite", "waf_log_retention_days", waf_retention)
    _check_api_origin(args.get("api_origin"))
    _check_service_origin(args)
    _check_geo_restriction(args.get("geo_restriction"))
    _check_failover_origin(args)
    patterns = _check_bucket_origins(args.get("bucket_origins"))
    service = args.get("service_origin")
    if service is not None:
        patterns += list(service.get("static_paths", []))
    api = args.get("api_origin")
    if api is not None:
        patterns.append(api.get("path_pattern", "/api/*"))
    twice = sorted({p for p in patterns if patterns.count(p) > 1})
    if twice:
        raise ValueError(
            f"CdnSite path pattern {twice[0]!r} is not allowed twice; give each path to one origin "
            "(service_origin static_paths, bucket_origins path_patterns, api_origin path_pattern)"
        )
    tags = args.get("tags") or {}
    if not (
        isinstance(tags, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items())
    ):
        raise ValueError(f"CdnSite tags {tags!r} is not allowed; use a dict of string keys and values")


def _check_geo_restriction(geo: object) -> None:
    """`geo_restriction`: None, or {"mode": "allow" | "block", "countries": [ISO 3166-1 alpha-2 codes]}."""
    if geo is None:
        return
    usage = 'None or {"mode": "allow" or "block", "countries": ["US", "CA"]}'
    if not (isinstance(geo, dict) and set(geo) == {"mode", "countries"} and geo["mode"] in GEO_MODES):
        raise ValueError(f"CdnSite geo_restriction {geo!r} is not allowed; use {usage}")
    countries = geo["countries"]
    if not isinstance(countries, list) or not countries:
        raise ValueError(
            f"CdnSite geo_restriction countries {countries!r} is not allowed; use a non-empty list of "
            'ISO 3166-1 alpha-2 country codes, e.g. ["US", "CA"]'
        )
    for code in countries:
        if problem := country_problem(code):
            raise ValueError(f"CdnSite geo_restriction countries: {problem}")
    twice = sorted({c for c in countries if countries.count(c) > 1})
    if twice:
        raise ValueError(f"CdnSite geo_restriction countries lists {', '.join(twice)} twice; list each once")


def _check_failover_origin(args: CdnSiteArgs) -> None:
    """`failover_origin`: None, or {"domain_name": host, "status_codes": [codes]}, for a static site."""
    failover = args.get("failover_origin")
    if failover is None:
        return
    _check_origin(
        "failover_origin",
        failover,
        "status_codes",
        '{"domain_name": "<bucket>.s3.<region>.amazonaws.com", "status_codes": [500, 502, 503, 504]}',
        "shop-site-replica.s3.us-west-2.amazonaws.com",
    )
    if args.get("service_origin") is not None:
        raise ValueError(
            "CdnSite failover_origin is not allowed with service_origin; it is a second copy of the site "
            "bucket, which serves the site only without a service"
        )
    codes = failover.get("status_codes", DEFAULT_FAILOVER_STATUS_CODES)
    if (
        not isinstance(codes, list)
        or not codes
        or not all(_is_int(c) and c in FAILOVER_STATUS_CODES for c in codes)
        or len(set(codes)) != len(codes)
    ):
        raise ValueError(
            f"CdnSite failover_origin status_codes {codes!r} is not allowed; use a non-empty list of "
            f"distinct codes among {', '.join(map(str, FAILOVER_STATUS_CODES))}"
        )


def _check_origin(argument: str, origin: object, optional: str, usage: str, host_example: str) -> None:
    """An origin argument: None, or a dict with `domain_name` (an HTTPS host name) and at most the key
    `optional`; `usage` shows the allowed shape, `host_example` a host name."""
    if not (
        isinstance(origin, dict) and "domain_name" in origin and set(origin) <= {"domain_name", optional}
    ):
        raise ValueError(f"CdnSite {argument} {origin!r} is not allowed; use None or {usage}")
    host = origin["domain_name"]
    if host is None or (isinstance(host, str) and not _HOSTNAME.match(host)):
        raise ValueError(
            f"CdnSite {argument} domain_name {host!r} is not allowed; use {host_example} (no scheme, no path)"
        )


def _check_api_origin(origin: object) -> None:
    if origin is None:
        return
    _check_origin(
        "api_origin",
        origin,
        "path_pattern",
        '{"domain_name": <API host name>, "path_pattern": <optional, default "/api/*">}',
        "the API's HTTPS host name, such as api.shop.example.com",
    )
    assert isinstance(origin, dict)
    pattern = origin.get("path_pattern", "/api/*")
    if not (isinstance(pattern, str) and _PATH_PATTERN.match(pattern)) or pattern == "/*":
        raise ValueError(
            f"CdnSite api_origin path_pattern {pattern!r} is not allowed; use a CloudFront path pattern that "
            'starts with "/" and is narrower than "/*", e.g. "/api/*"'
        )


def _check_pattern(argument: str, pattern: object) -> None:
    if not (isinstance(pattern, str) and _PATH_PATTERN.match(pattern)) or pattern == "/*":
        raise ValueError(
            f"CdnSite {argument} {pattern!r} is not allowed; use a CloudFront path pattern that starts with "
            '"/" and is narrower than "/*", e.g. "/_next/static/*" or "/uploads/*"'
        )


def _check_service_origin(args: CdnSiteArgs) -> None:
    origin = args.get("service_origin")
    if origin is None:
        return
    _check_origin(
        "service_origin",
        origin,
        "static_paths",
        '{"domain_name": <the service\'s host name>, "static_paths": <optional list of path patterns>}',
        "the service's HTTPS host name on its load balancer, such as www.shop.example.com",
    )
    assert isinstance(origin, dict)
    paths = origin.get("static_paths", [])
    if not isinstance(paths, list):
        raise ValueError(f"CdnSite service_origin static_paths {paths!r} is not allowed; use a list")
    for pattern in paths:
        _check_pattern("service_origin static_paths", pattern)
    if args.get("spa", False):
        raise ValueError(
            "CdnSite spa True is not allowed with service_origin; the service answers every path itself "
            "(the SPA fallback rewrites the bucket's 403 and 404)"
        )
    if "default_root_object" in args:
        raise ValueError(
            'CdnSite default_root_object is not allowed with service_origin; the service answers "/" '
            "(CloudFront would ask it for the object instead)"
        )


def _check_bucket_origins(origins: object) -> list[str]:
    """Check `bucket_origins`; return their path patterns."""
    if origins is None:
        return []
    if not isinstance(origins, list):
        raise ValueError(f"CdnSite bucket_origins {origins!r} is not allowed; use a list")
    names: set[str] = set()
    patterns: list[str] = []
    for origin in origins:
        if not (isinstance(origin, dict) and set(origin) == {"name", "domain_name", "path_patterns"}):
            raise ValueError(
                f"CdnSite bucket_origins {origin!r} is not allowed; use "
                '{"name": <short name>, "domain_name": <bucket regional domain name>, '
                '"path_patterns": [<path pattern>, ...]}'
            )
        name = origin["name"]
        if not (isinstance(name, str) and _ORIGIN_NAME.match(name)) or name in names:
            raise ValueError(
                f"CdnSite bucket_origins name {name!r} is not allowed; use a distinct name of 1-40 lowercase "
                "letters, digits and hyphens, starting with a letter, e.g. uploads"
            )
        names.add(name)
        if origin["domain_name"] is None or origin["domain_name"] == "":
            raise ValueError(
                f"CdnSite bucket_origins domain_name {origin['domain_name']!r} is not allowed; use the "
                "bucket's regional domain name (a Bucket's regional_domain_name)"
            )
        paths = origin["path_patterns"]
        if not (isinstance(paths, list) and paths):
            raise ValueError(
                f"CdnSite bucket_origins path_patterns {paths!r} is not allowed; use a non-empty list"
            )
        for pattern in paths:
            _check_pattern("bucket_origins path_patterns", pattern)
        patterns.extend(paths)
    return patterns
