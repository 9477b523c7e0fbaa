"""`CdnSite`: a static site in a private Cloud Storage bucket served by Cloud CDN through a global external
Application Load Balancer, HTTPS only (a Google-managed certificate, TLS >= 1.2, port 80 redirecting), with
security response headers, optional SPA fallback, an optional API path and an optional edge security
policy."""

import re
from typing import Required, TypedDict

import pulumi
import pulumi_gcp as gcp

from ..checks import flag
from ..naming import physical_base, physical_name
from .bucket import Bucket, BucketArgs
from .https_frontend import (
    DEFAULT_MIN_TLS_VERSION,
    DEFAULT_SSL_PROFILE,
    NAME_LIMIT,
    check_dns_zone,
    check_hostname,
    check_path,
    check_tls,
    checked_managed_labels,
    https_frontend,
)

COMPONENT = "CdnSite"
INDEX = "index.html"
# GCS bucket names: 3-63 characters (without dots), never containing "google".
BUCKET_NAME_LIMIT = 63
# TTLs: 0 to 31,622,400 seconds, one year (cloud.google.com/cdn/docs/using-ttl-overrides).
MAX_TTL_SECONDS = 31_622_400
DEFAULT_CACHE_TTL = 3600
DEFAULT_BROWSER_TTL = 300
SERVE_WHILE_STALE_SECONDS = 86400  # a day, Google's recommendation
NEGATIVE_CACHE_SECONDS = 60
HSTS_MAX_AGE = 63072000  # two years
SECURITY_HEADERS = [
    f"Strict-Transport-Security: max-age={HSTS_MAX_AGE}; includeSubDomains; preload",
    "X-Content-Type-Options: nosniff",
    "X-Frame-Options: DENY",
    "Referrer-Policy: strict-origin-when-cross-origin",
]
# Private bucket access for backend buckets (Cloud CDN "private bucket access", GA): the load balancer reads
# the bucket as the project's Cloud Load Balancing service agent, which needs roles/storage.objectViewer on
# it and nothing else; there is no flag on the backend bucket. The agent exists once the project has a
# backend bucket. (The older cloud-cdn-fill service account only exists after a signed-URL key is added.)
# A region ("europe-west1"), a multi-region ("US", "EU", "ASIA") or a predefined dual-region ("NAM4").
_LOCATION = re.compile(r"^[a-z]+-[a-z]+[0-9]+$|^[A-Za-z]{2,4}[0-9]?$")


class CdnSiteArgs(TypedDict, total=False):
    domain: Required[str]
    """The site's DNS name, e.g. "shop.example.com": the Google-managed certificate's domain and the URL
    map's host. Required."""
    spa: bool
    """Single-page app: a path the bucket has no object for (404) is answered with /index.html and status
    200, so client-side routes (/orders/42) load the app. Only the site's own paths: the API's 404s pass
    through unchanged. Default False."""
    labels: dict[str, str]
    """Labels on the bucket, the address and the forwarding rules, plus managed-by: stackyard. Default
    {}."""
    dns_zone: pulumi.Input[str] | None
    """A Cloud DNS managed zone, by name (e.g. "example-com"), that holds `domain`: it gets an A record
    (TTL 300) to `ip_address` there. Default None: no record; point the domain at `ip_address` yourself (the
    certificate stays PROVISIONING until it resolves there)."""
    api_backend_service_id: pulumi.Input[str] | None
    """A global backend service (e.g. a public ContainerService's `backend_service_id`) that serves
    `api_path` on the same host. Default None: the bucket serves every path."""
    api_path: str
    """The path pattern sent to `api_backend_service_id`, e.g. "/api/*" (a prefix ending in "/*") or
    "/graphql" (exact); not "/" or "/*", which would hide the site. Used only with
    `api_backend_service_id`. Default "/api/*"."""
    edge_security_policy: pulumi.Input[str] | None
    """A Cloud Armor edge security policy (a SecurityPolicy with `edge`: its `policy_id`) for the backend
    bucket: it filters every request, cached ones included. Default None."""
    location: pulumi.Input[str] | None
    """Where the bucket lives: a region ("europe-west1") or a multi-region ("US", "EU", "ASIA"); Cloud CDN
    caches it worldwide either way. Default None: the provider's region. Fixed at creation."""
    cache_ttl_seconds: int
    """How long Cloud CDN keeps every object (cache mode FORCE_CACHE_ALL: private objects carry
    `Cache-Control: private`, which CDN would otherwise obey and never cache), 0 to 31,622,400. Default 3600.
    After a deploy, invalidate the cache (see `CdnSite`)."""
    browser_ttl_seconds: int
    """How long browsers may keep a response (`client_ttl`), 0 to `cache_ttl_seconds`. Default 300, so a
    deploy reaches returning visitors within 5 minutes of the invalidation."""
    force_destroy: bool
    """Let `pulumi destroy` delete the bucket with the objects it still holds. Default False."""
    ssl_profile: str
    """The SSL policy's cipher profile: "MODERN", "RESTRICTED" (needed for TLS_1_3) or "FIPS_202205".
    Default "MODERN"."""
    min_tls_version: str
    """The oldest TLS version clients may use: "TLS_1_2" or "TLS_1_3" (needs ssl_profile RESTRICTED).
    Default "TLS_1_2"."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (`<physical_name>-site`: the URL
    map, backend bucket, address, certificate, proxies and forwarding rules; the bucket
    `<project>-<physical_name>-site`). Default: the component's name. Give each stack its own (e.g.
    "shop-staging") so that two stacks in one project never collide, while the logical names, and so the
    URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a letter, not containing
    "google"."""


class CdnSite(pulumi.ComponentResource):
    """A static site: a private Cloud Storage bucket behind Cloud CDN and a global external Application
    Load Balancer (EXTERNAL_MANAGED).

    The bucket is a private `Bucket` (uniform bucket-level access, public access prevention enforced, no
    public member, soft delete and lifecycle rules). Only the load balancer reads it, through Cloud CDN's
    private bucket access: the project's Cloud Load Balancing service agent
    (`service-<project number>@https-lb.iam.gserviceaccount.com`) holds roles/storage.objectViewer on this
    bucket, and nothing else does until `grant_deploy`. The bucket is
    versioned (noncurrent versions kept 30 days, so a bad deploy can be rolled back) and its `index_page`
    serves index.html for "/" and for directories (without it "/" would not serve the page and, since the
    reader may list objects, could answer with the bucket's listing).

    The backend bucket has Cloud CDN on: cache mode FORCE_CACHE_ALL with `cache_ttl_seconds` (private
    objects are served with `Cache-Control: private`, which the other modes obey), `browser_ttl_seconds`
    for browsers, negative caching (404 and 410 for a minute), serve-while-stale for a day, request
    coalescing and automatic Brotli/gzip compression. Every response carries HSTS (two years, subdomains,
    preload), X-Content-Type-Options nosniff, X-Frame-Options DENY and Referrer-Policy
    strict-origin-when-cross-origin. `edge_security_policy` attaches a Cloud Armor edge policy.

    The URL map sends `domain` to the bucket; with `api_backend_service_id`, `api_path` goes to that
    backend service; with `spa`, a 404 from the bucket becomes /index.html with status 200 (a custom error
    response on the site's "/*" path rule, so the API's own 404s are not rewritten). Requests for other
    hosts also go to the bucket. The HTTPS front end is `LoadBalancer`'s: a global IPv4 address, a
    Google-managed certificate for `domain`, an SSL policy (TLS >= 1.2), QUIC, and port 80 redirecting to
    HTTPS; with `dns_zone`, an A record for `domain`.

    Deploying (in CI, with `grant_deploy` for its identity, and the outputs `bucket_name` and
    `url_map_name`; invalidating needs compute.urlMaps.invalidateCache on the project, e.g.
    roles/compute.loadBalancerAdmin):

        gcloud storage rsync dist/ gs://$BUCKET --recursive --delete-unmatched-destination-objects
        gcloud compute url-maps invalidate-cdn-cache $URL_MAP --path "/*" --async

    Names are explicit and stable, from `physical_name` (default: the component name):
    `<physical_name>-site` (URL map, backend bucket), `<physical_name>-site-ip`,
    `<physical_name>-site-<domain>` (certificate) …, shortened with a hash beyond 63 characters; the bucket
    is `<project>-<physical_name>-site`, also shortened, so it is globally unique and never random.

    Example:

        site = CdnSite(
            "shop",
            {
                "domain": "shop.example.com",
                "spa": True,
                "api_backend_service_id": "projects/shop-prod/global/backendServices/shop-api",
                "dns_zone": "example-com",
            },
        )
        site.grant_deploy("ci", "serviceAccount:deploy@shop-prod.iam.gserviceaccount.com")
        pulumi.export("siteUrl", site.url)
    """

    url: pulumi.Output[str]
    """The site's URL, `https://<domain>`."""
    bucket_name: pulumi.Output[str]
    """The site bucket's name: upload the built site here."""
    ip_address: pulumi.Output[str]
    """The load balancer's global static IPv4 address: `domain`'s A record points here."""
    url_map_name: pulumi.Output[str]
    """The URL map's name, for `gcloud compute url-maps invalidate-cdn-cache`."""
    backend_bucket_id: pulumi.Output[str]
    """The backend bucket's id, `projects/<project>/global/backendBuckets/<name>-site`."""
    certificate_names: pulumi.Output[list[str]]
    """The Google-managed certificate's name, in a list."""

    def __init__(self, name: str, args: CdnSiteArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        domain = check_hostname(COMPONENT, "domain", args.get("domain"))
        spa = flag(COMPONENT, "spa", args.get("spa", False))
        force_destroy = flag(COMPONENT, "force_destroy", args.get("force_destroy", False))
        api_backend = args.get("api_backend_service_id")
        api_path = check_path(COMPONENT, "api_path", args.get("api_path", "/api/*"))
        if api_path in ("/", "/*"):
            raise ValueError(
                f"{COMPONENT} api_path {api_path!r} is not allowed; it would send the whole site to the API: "
                'use a narrower pattern such as "/api/*"'
            )
        edge_policy = args.get("edge_security_policy")
        for key, value in (("api_backend_service_id", api_backend), ("edge_security_policy", edge_policy)):
            if value is not None and (not isinstance(value, str | pulumi.Output) or value == ""):
                raise ValueError(f"{COMPONENT} {key} {value!r} is not allowed; give an id or leave it out")
        location = args.get("location")
        if location is not None and not (
            isinstance(location, pulumi.Output) or (isinstance(location, str) and _LOCATION.match(location))
        ):
            raise ValueError(
                f"{COMPONENT} location {location!r} is not allowed; use a region such as europe-west1, a "
                "multi-region (US, EU, ASIA) or a dual-region such as NAM4"
            )
        cache_ttl = _seconds(
            args.get("cache_ttl_seconds", DEFAULT_CACHE_TTL), "cache_ttl_seconds", MAX_TTL_SECONDS
        )
        browser_ttl = _seconds(
            args.get("browser_ttl_seconds", DEFAULT_BROWSER_TTL), "browser_ttl_seconds", cache_ttl
        )
        ssl_profile, min_tls_version = check_tls(
            COMPONENT,
            args.get("ssl_profile", DEFAULT_SSL_PROFILE),
            args.get("min_tls_version", DEFAULT_MIN_TLS_VERSION),
        )
        dns_zone = args.get("dns_zone")
        check_dns_zone(COMPONENT, dns_zone)
        labels = checked_managed_labels(COMPONENT, args.get("labels"))
        base = physical_base(COMPONENT, name, args.get("physical_name"))
        if "google" in base.lower():
            which = "name" if base == name else "physical_name"
            raise ValueError(
                f"{COMPONENT} {which} {base!r} is not allowed; Cloud Storage refuses bucket names containing "
                '"google"'
            )
        super().__init__("stackyard-gcp:index:CdnSite", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        logical = f"{name}-site"
        prefix = f"{base}-site"
        project = gcp.organizations.get_project_output(opts=pulumi.InvokeOutputOptions(parent=self))

        bucket_args: BucketArgs = {
            # Fixed and globally unique: the project id in front, never a random suffix.
            "bucket_name": project.project_id.apply(
                lambda p: physical_name(f"{p}-{prefix}", BUCKET_NAME_LIMIT)
            ),
            "index_page": INDEX,
            "force_destroy": force_destroy,
            "labels": labels,
        }
        if location is not None:
            bucket_args["location"] = location
        site_bucket = Bucket(logical, bucket_args, child)
        backend_bucket = gcp.compute.BackendBucket(
            name,
            name=physical_name(prefix, NAME_LIMIT),
            description=f"{domain}: the site bucket behind Cloud CDN",
            bucket_name=site_bucket.bucket_name,
            enable_cdn=True,
            cdn_policy={
                "cache_mode": "FORCE_CACHE_ALL",
                "default_ttl": cache_ttl,
                "client_ttl": browser_ttl,
                "negative_caching": True,
                "negative_caching_policies": [
                    {"code": 404, "ttl": NEGATIVE_CACHE_SECONDS},
                    {"code": 410, "ttl": NEGATIVE_CACHE_SECONDS},
                ],
                "serve_while_stale": SERVE_WHILE_STALE_SECONDS,
                "request_coalescing": True,
            },
            compression_mode="AUTOMATIC",
            custom_response_headers=SECURITY_HEADERS,
            edge_security_policy=edge_policy,
            opts=child,
        )
        # The service agent exists once the project has a backend bucket: grant after creating it.
        site_bucket.grant_read(
            "cdn",
            project.number.apply(lambda n: f"serviceAccount:service-{n}@https-lb.iam.gserviceaccount.com"),
            depends_on=[backend_bucket],
        )

        path_rules: list[gcp.compute.URLMapPathMatcherPathRuleArgsDict] = []
        if spa:
            path_rules.append(
                {
                    "paths": ["/*"],
                    "service": backend_bucket.id,
                    "custom_error_response_policy": {
                        "error_service": backend_bucket.id,
                        "error_response_rules": [
                            {
                                "match_response_codes": ["404"],
                                "path": f"/{INDEX}",
                                "override_response_code": 200,
                            }
                        ],
                    },
                }
            )
        if api_backend is not None:
            path_rules.append({"paths": [api_path], "service": api_backend})
        site_matcher: gcp.compute.URLMapPathMatcherArgsDict = {
            "name": "site",
            "description": f"routes of {domain}",
            "default_service": backend_bucket.id,
        }
        if path_rules:
            site_matcher["path_rules"] = path_rules
        url_map = gcp.compute.URLMap(
            name,
            name=physical_name(prefix, NAME_LIMIT),
            description=f"{domain}: the site bucket" + (f", {api_path} to the API" if api_backend else ""),
            default_service=backend_bucket.id,
            host_rules=[{"hosts": [domain], "path_matcher": "site"}],
            path_matchers=[site_matcher],
            opts=child,
        )
        frontend = https_frontend(
            self,
            name,
            prefix=prefix,
            url_map=url_map,
            hosts=[domain],
            labels=labels,
            ssl_profile=ssl_profile,
            min_tls_version=min_tls_version,
            dns_zone=dns_zone,
        )

        self._name = name
        self._site_bucket = site_bucket
        self.url = pulumi.Output.from_input(f"https://{domain}")
        self.bucket_name = site_bucket.bucket_name
        self.ip_address = frontend.ip_address
        self.url_map_name = url_map.name
        self.backend_bucket_id = backend_bucket.id
        self.certificate_names = frontend.certificate_names
        self.register_outputs(
            {
                "url": self.url,
                "bucket_name": self.bucket_name,
                "ip_address": self.ip_address,
                "url_map_name": self.url_map_name,
                "backend_bucket_id": self.backend_bucket_id,
                "certificate_names": self.certificate_names,
            }
        )

    def grant_deploy(self, name: str, member: pulumi.Input[str]) -> gcp.storage.BucketIAMMember:
        """Let `member` (e.g. CI's "serviceAccount:deploy@p.iam.gserviceaccount.com") upload, overwrite and
        delete the site's objects: `Bucket.grant_read_write` on the site bucket only
        (roles/storage.objectUser, the least role that `gcloud storage rsync
        --delete-unmatched-destination-objects` needs). Logical name `<component>-site-<name>-read-write`.
        Invalidating the CDN after a deploy is
        `gcloud compute url-maps invalidate-cdn-cache <url_map_name> --path "/*"`, which needs
        compute.urlMaps.invalidateCache on the project (no URL-map-level IAM exists)."""
        return self._site_bucket.grant_read_write(name, member)


def _seconds(value: object, key: str, most: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        raise ValueError(
            f"{COMPONENT} {key} {value!r} is not allowed; use a whole number of seconds from 0 to {most:,}"
        )
    return value
