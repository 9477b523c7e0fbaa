"""`CdnSite`'s arguments (the `…Args` TypedDicts the docs and the Pulumi schema are read from) and the
constants and limits they are held to: CloudFront's price classes, TLS security policies, managed policy
names, name limits, geo restriction modes and failover status codes."""

import re
from typing import Required, TypedDict

import pulumi

from ...bounds import OneOf, bounds
from ...limits import RETENTION
from ..waf import RATE_LIMIT

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


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type. `geo_restriction`'s mode is checked with its shape
# (`checks._check_geo_restriction`).
BOUNDS = bounds(
    CdnSiteArgs,
    price_class=OneOf(*PRICE_CLASSES),
    minimum_protocol_version=OneOf(*MINIMUM_PROTOCOL_VERSIONS),
    rate_limit=RATE_LIMIT,
    log_retention_days=RETENTION,
    waf_log_retention_days=RETENTION,
)
