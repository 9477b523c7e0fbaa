"""`CdnSite`: a site served by Cloud CDN through a global external Application Load Balancer: a static site
in a private Cloud Storage bucket, or a running Cloud Run service (a server-rendered frontend) with its
static paths cached; HTTPS only (a Google-managed certificate, TLS >= 1.2 or 1.3, port 80 redirecting),
security response headers, optional SPA fallback, an optional API path, optional bucket paths (e.g. uploaded
files) and optional security policies."""

import re
from typing import Required, TypedDict, cast

import pulumi
import pulumi_gcp as gcp

from ..checks import flag, refuse_unknown_keys
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
# A service's static paths (CACHE_ALL_STATIC): like CloudFront's CachingOptimized, a day when the response
# says nothing, the origin's max-age honoured up to a year (for browsers too: content-hashed files are
# immutable), no query string in the cache key.
STATIC_DEFAULT_TTL = 86400
STATIC_MAX_TTL = 31_536_000
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
_ORIGIN_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_REGION = re.compile(r"^[a-z]+-[a-z]+[0-9]+$")


class ServiceOrigin(TypedDict, total=False):
    """A Cloud Run service as the site's default route (e.g. a server-rendered Next.js frontend, a public
    ContainerService)."""

    service_name: Required[pulumi.Input[str]]
    """The Cloud Run service's name (a ContainerService's `service_name`); its ingress must admit Google
    Cloud load balancers (a public ContainerService's does). Required."""
    region: pulumi.Input[str]
    """The service's region, e.g. "europe-west1". Default: the provider's region."""
    static_paths: list[str]
    """Path patterns of the framework's static files, cached (cache mode CACHE_ALL_STATIC: the service's
    max-age honoured up to a year, a day when it sends none; no query string in the cache key), e.g.
    ["/_next/static/*", "/favicon.ico"]. Default []."""


class BucketOrigin(TypedDict):
    """A Cloud Storage bucket (e.g. uploaded files) served under some paths of the site."""

    name: str
    """A short name, e.g. "uploads" (the backend bucket `<physical_name>-site-<name>`); 1-40 lowercase
    letters, digits and hyphens, starting with a letter. Required."""
    bucket_name: pulumi.Input[str]
    """The bucket's name (a `Bucket`'s `bucket_name`). Required."""
    path_patterns: list[str]
    """The paths served from the bucket, e.g. ["/uploads/*"]: "/uploads/a.png" is the object
    "uploads/a.png". Required."""


class CdnSiteArgs(TypedDict, total=False):
    domain: Required[str]
    """The site's DNS name, e.g. "shop.example.com": the Google-managed certificate's domain and the URL
    map's host. Required."""
    spa: bool
    """Single-page app: a path the bucket has no object for (404) is answered with /index.html and status
    200, so client-side routes (/orders/42) load the app. Only the site's own paths: the API's 404s pass
    through unchanged. Not with `service_origin`. Default False."""
    service_origin: ServiceOrigin | None
    """A Cloud Run service as the default route instead of the bucket: a serverless NEG and a backend
    service with Cloud CDN in cache mode USE_ORIGIN_HEADERS (only what the service marks cacheable, e.g. a
    regenerated page with `Cache-Control: public, s-maxage=…`, is cached), the request's host, query string
    and cookies passed as they come; its `static_paths` go to a second backend service on the same NEG in
    cache mode CACHE_ALL_STATIC. Default None: the bucket serves every path."""
    security_policy: pulumi.Input[str] | None
    """A Cloud Armor security policy (its `policy_id`) on the service's backend services: it filters the
    requests that reach the service (cache misses). Used only with `service_origin`. Default None."""
    bucket_origins: list[BucketOrigin]
    """More buckets served under some paths (e.g. uploaded files under "/uploads/*"), each through a backend
    bucket with Cloud CDN; the load balancer's service agent may read only the objects those paths reach.
    Everything under the paths is public to whoever has the URL. Default []."""
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
    buckets and the service's backend services: it filters every request, cached ones included. Default
    None."""
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
    log_bucket: pulumi.Input[str] | None
    """Name of a bucket that receives the site bucket's usage logs (the Bucket's `log_bucket`; it must let
    group:cloud-storage-analytics@google.com create objects). Default None: no usage logs."""
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
    """A site behind Cloud CDN and a global external Application Load Balancer (EXTERNAL_MANAGED): a private
    Cloud Storage bucket, or a running Cloud Run service.

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

    A server-rendered frontend (Next.js, incremental static regeneration …) needs the running server:
    `service_origin` routes every path of the site to the Cloud Run service through a serverless NEG and a
    backend service of this site's own, with Cloud CDN on in cache mode USE_ORIGIN_HEADERS: a response is
    cached only when the service says so (`Cache-Control: public` with max-age or s-maxage, no Set-Cookie;
    Cloud CDN does not cache a response that varies on headers beyond the few it supports, such as Accept,
    Accept-Encoding and Origin, which keeps Next.js's router responses, varying on RSC, out of the cache;
    "Caching overview", "Non-cacheable content"). The load balancer passes the viewer's Host, query
    string, cookies and headers as they come. The framework's `static_paths` go to a second backend service
    on the same NEG in cache mode CACHE_ALL_STATIC, without the query string in the cache key.
    `security_policy` puts Cloud Armor on both. The service keeps its own host on the stack's
    LoadBalancer, for the API and health checks.

    `bucket_origins` serve other buckets under some paths through backend buckets, e.g. uploaded files
    under "/uploads/*" (the object "uploads/a.png" at "/uploads/a.png"): the service agent gets
    roles/storage.objectViewer on each, with an IAM condition that admits only the objects those paths reach.

    The URL map sends `domain` to the bucket (or the service); `static_paths`, the bucket paths and, with
    `api_backend_service_id`, `api_path` go to their backends (the most specific path wins); with `spa`, a
    404 from the bucket becomes /index.html with status 200 (a custom error response on the site's "/*" path
    rule, so the API's own 404s are not rewritten). Requests for other hosts go to the default too. The
    HTTPS front end is `LoadBalancer`'s: a global IPv4 address, a Google-managed certificate for `domain`, an
    SSL policy (TLS >= 1.2, or 1.3 with `min_tls_version`), QUIC, and port 80 redirecting to HTTPS; with
    `dns_zone`, an A record for `domain`.

    Deploying a static site (in CI, with `grant_deploy` for its identity, and the outputs `bucket_name` and
    `url_map_name`; invalidating needs compute.urlMaps.invalidateCache on the project, e.g.
    roles/compute.loadBalancerAdmin):

        gcloud storage rsync dist/ gs://$BUCKET --recursive --delete-unmatched-destination-objects
        gcloud compute url-maps invalidate-cdn-cache $URL_MAP --path "/*" --async

    Names are explicit and stable, from `physical_name` (default: the component name):
    `<physical_name>-site` (URL map, backend bucket), `<physical_name>-site-ip`,
    `<physical_name>-site-<domain>` (certificate), `<physical_name>-site-service` …, shortened with a hash
    beyond 63 characters; the bucket is `<project>-<physical_name>-site`, also shortened, so it is globally
    unique and never random.

    Example:

        site = CdnSite(
            "shop",
            {
                "domain": "shop.example.com",
                "service_origin": {
                    "service_name": "shop-web",  # a public ContainerService's service_name
                    "static_paths": ["/_next/static/*", "/favicon.ico"],
                },
                "bucket_origins": [
                    {"name": "uploads", "bucket_name": "shop-prod-uploads", "path_patterns": ["/uploads/*"]}
                ],
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
        refuse_unknown_keys(CdnSite, CdnSiteArgs, name, args, opts)
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
        security_policy = args.get("security_policy")
        for key, value in (
            ("api_backend_service_id", api_backend),
            ("edge_security_policy", edge_policy),
            ("security_policy", security_policy),
        ):
            if value is not None and (not isinstance(value, str | pulumi.Output) or value == ""):
                raise ValueError(f"{COMPONENT} {key} {value!r} is not allowed; give an id or leave it out")
        service = _check_service_origin(args.get("service_origin"))
        if service is not None and spa:
            raise ValueError(
                f"{COMPONENT} spa True is not allowed with service_origin; the service answers every path "
                "itself (the SPA fallback rewrites the bucket's 404s)"
            )
        if security_policy is not None and service is None:
            raise ValueError(
                f"{COMPONENT} security_policy is not allowed without service_origin; it protects the "
                "service's backend services (edge_security_policy protects the buckets)"
            )
        bucket_origins = _check_bucket_origins(args.get("bucket_origins"))
        patterns = [p for o in bucket_origins for p in o["path_patterns"]]
        patterns += list(service.get("static_paths", [])) if service is not None else []
        patterns += [api_path] if api_backend is not None else []
        twice = sorted({p for p in patterns if patterns.count(p) > 1})
        if twice:
            raise ValueError(
                f"{COMPONENT} path pattern {twice[0]!r} is not allowed twice; give each path to one backend "
                "(service_origin static_paths, bucket_origins path_patterns, api_path)"
            )
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
        agent = project.number.apply(lambda n: f"serviceAccount:service-{n}@https-lb.iam.gserviceaccount.com")

        bucket_args: BucketArgs = {
            # Fixed and globally unique: the project id in front, never a random suffix.
            "bucket_name": project.project_id.apply(
                lambda p: physical_name(f"{p}-{prefix}", BUCKET_NAME_LIMIT)
            ),
            "index_page": INDEX,
            "force_destroy": force_destroy,
            "protect": False,  # build output: deploy it again (as on AWS)
            "noncurrent_expire_days": 30,  # long enough to roll back a bad deploy (class docstring)
            "labels": labels,
        }
        if location is not None:
            bucket_args["location"] = location
        if args.get("log_bucket") is not None:
            bucket_args["log_bucket"] = args.get("log_bucket")
        site_bucket = Bucket(logical, bucket_args, child)

        def cdn_bucket(logical_name: str, physical: str, description: str, bucket: pulumi.Input[str]):
            return gcp.compute.BackendBucket(
                logical_name,
                name=physical_name(physical, NAME_LIMIT),
                description=description,
                bucket_name=bucket,
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

        backend_bucket = cdn_bucket(
            name, prefix, f"{domain}: the site bucket behind Cloud CDN", site_bucket.bucket_name
        )
        # The service agent exists once the project has a backend bucket: grant after creating it.
        site_bucket.grant_read("cdn", agent, depends_on=[backend_bucket])

        path_rules: list[gcp.compute.URLMapPathMatcherPathRuleArgsDict] = []
        default_service: pulumi.Input[str] = backend_bucket.id
        if service is not None:
            default_service, static_service = self._service_backends(
                name, prefix, domain, service, security_policy, edge_policy
            )
            for pattern in service.get("static_paths", []):
                path_rules.append({"paths": [pattern], "service": static_service})
        for origin in bucket_origins:
            served = cdn_bucket(
                f"{name}-bucket-{origin['name']}",
                f"{prefix}-{origin['name']}",
                f"{domain}: {', '.join(origin['path_patterns'])} from a bucket, behind Cloud CDN",
                origin["bucket_name"],
            )
            gcp.storage.BucketIAMMember(
                f"{name}-bucket-{origin['name']}-cdn-read",
                bucket=origin["bucket_name"],
                role="roles/storage.objectViewer",
                member=agent,
                condition=pulumi.Output.from_input(origin["bucket_name"]).apply(
                    lambda bucket, o=origin: _objects_condition(bucket, o["name"], o["path_patterns"])
                ),
                opts=pulumi.ResourceOptions(parent=self, depends_on=[backend_bucket]),
            )
            path_rules.extend({"paths": [p], "service": served.id} for p in origin["path_patterns"])
        if spa:
            path_rules.insert(
                0,
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
                },
            )
        if api_backend is not None:
            path_rules.append({"paths": [api_path], "service": api_backend})
        site_matcher: gcp.compute.URLMapPathMatcherArgsDict = {
            "name": "site",
            "description": f"routes of {domain}",
            "default_service": default_service,
        }
        if path_rules:
            site_matcher["path_rules"] = path_rules
        what = "the service" if service is not None else "the site bucket"
        url_map = gcp.compute.URLMap(
            name,
            name=physical_name(prefix, NAME_LIMIT),
            description=f"{domain}: {what}" + (f", {api_path} to the API" if api_backend else ""),
            default_service=default_service,
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

    def _service_backends(
        self,
        name: str,
        prefix: str,
        domain: str,
        service: ServiceOrigin,
        security_policy: pulumi.Input[str] | None,
        edge_policy: pulumi.Input[str] | None,
    ) -> tuple[pulumi.Output[str], pulumi.Output[str]]:
        """The serverless NEG of the service, its pages' backend service (USE_ORIGIN_HEADERS) and, with
        static paths, their backend service (CACHE_ALL_STATIC). Returns both ids (the pages' twice without
        static paths)."""
        child = pulumi.ResourceOptions(parent=self)
        region = service.get("region")
        if region is None:
            config = gcp.organizations.get_client_config_output(opts=pulumi.InvokeOutputOptions(parent=self))
            region = config.region
        neg = gcp.compute.RegionNetworkEndpointGroup(
            f"{name}-service",
            name=physical_name(f"{prefix}-service", NAME_LIMIT),
            region=region,
            network_endpoint_type="SERVERLESS",
            cloud_run={"service": service["service_name"]},
            description=f"{domain}: the Cloud Run service behind Cloud CDN, managed by stackyard",
            opts=child,
        )

        def backend(logical: str, suffix: str, what: str, cdn: gcp.compute.BackendServiceCdnPolicyArgsDict):
            return gcp.compute.BackendService(
                logical,
                name=physical_name(f"{prefix}-{suffix}", NAME_LIMIT),
                description=f"{domain}: {what} of the Cloud Run service, behind Cloud CDN",
                load_balancing_scheme="EXTERNAL_MANAGED",
                protocol="HTTPS",
                backends=[{"group": neg.id}],
                enable_cdn=True,
                cdn_policy=cdn,
                compression_mode="AUTOMATIC",
                custom_response_headers=SECURITY_HEADERS,
                log_config={"enable": True, "sample_rate": 1.0},
                security_policy=security_policy,
                edge_security_policy=edge_policy,
                opts=child,
            )

        pages = backend(
            f"{name}-service",
            "service",
            "the pages",
            {
                # Only what the service marks cacheable; USE_ORIGIN_HEADERS takes no TTLs of its own.
                "cache_mode": "USE_ORIGIN_HEADERS",
                "cache_key_policy": {
                    "include_host": True,
                    "include_protocol": True,
                    "include_query_string": True,
                },
                "negative_caching": False,
                "request_coalescing": True,
            },
        )
        if not service.get("static_paths"):
            return pages.id, pages.id
        static = backend(
            f"{name}-static",
            "static",
            "the static paths",
            {
                "cache_mode": "CACHE_ALL_STATIC",
                "default_ttl": STATIC_DEFAULT_TTL,
                "max_ttl": STATIC_MAX_TTL,
                "client_ttl": STATIC_MAX_TTL,
                "cache_key_policy": {
                    "include_host": True,
                    "include_protocol": True,
                    "include_query_string": False,
                },
                # A file missing on an instance not yet rolled out must not stay missing at the edge.
                "negative_caching": False,
                "serve_while_stale": SERVE_WHILE_STALE_SECONDS,
                "request_coalescing": True,
            },
        )
        return pages.id, static.id

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


def _check_service_origin(origin: object) -> ServiceOrigin | None:
    if origin is None:
        return None
    if not (
        isinstance(origin, dict)
        and "service_name" in origin
        and set(origin) <= {"service_name", "region", "static_paths"}
    ):
        raise ValueError(
            f'{COMPONENT} service_origin {origin!r} is not allowed; use None or {{"service_name": <Cloud Run '
            'service name>, "region": <optional>, "static_paths": <optional list of path patterns>}'
        )
    service_name = origin["service_name"]
    if not (isinstance(service_name, pulumi.Output) or (isinstance(service_name, str) and service_name)):
        raise ValueError(
            f"{COMPONENT} service_origin service_name {service_name!r} is not allowed; give the Cloud Run "
            "service's name (a ContainerService's service_name)"
        )
    region = origin.get("region")
    if region is not None and not (
        isinstance(region, pulumi.Output) or (isinstance(region, str) and _REGION.match(region))
    ):
        raise ValueError(
            f"{COMPONENT} service_origin region {region!r} is not allowed; use a region such as europe-west1"
        )
    paths = origin.get("static_paths", [])
    if not isinstance(paths, list):
        raise ValueError(f"{COMPONENT} service_origin static_paths {paths!r} is not allowed; use a list")
    for pattern in paths:
        _check_pattern("service_origin static_paths", pattern)
    return cast(ServiceOrigin, origin)


def _check_bucket_origins(origins: object) -> list[BucketOrigin]:
    if origins is None:
        return []
    if not isinstance(origins, list):
        raise ValueError(f"{COMPONENT} bucket_origins {origins!r} is not allowed; use a list")
    names: set[str] = set()
    for origin in origins:
        if not (isinstance(origin, dict) and set(origin) == {"name", "bucket_name", "path_patterns"}):
            raise ValueError(
                f"{COMPONENT} bucket_origins {origin!r} is not allowed; use "
                '{"name": <short name>, "bucket_name": <bucket name>, "path_patterns": [<path pattern>, ...]}'
            )
        name = origin["name"]
        if not (isinstance(name, str) and _ORIGIN_NAME.match(name)) or name in names:
            raise ValueError(
                f"{COMPONENT} bucket_origins name {name!r} is not allowed; use a distinct name of 1-40 "
                "lowercase letters, digits and hyphens, starting with a letter, e.g. uploads"
            )
        names.add(name)
        bucket = origin["bucket_name"]
        if not (isinstance(bucket, pulumi.Output) or (isinstance(bucket, str) and bucket)):
            raise ValueError(
                f"{COMPONENT} bucket_origins bucket_name {bucket!r} is not allowed; give the bucket's name"
            )
        paths = origin["path_patterns"]
        if not (isinstance(paths, list) and paths):
            raise ValueError(
                f"{COMPONENT} bucket_origins path_patterns {paths!r} is not allowed; use a non-empty list"
            )
        for pattern in paths:
            _check_pattern("bucket_origins path_patterns", pattern)
    return cast(list[BucketOrigin], origins)


def _check_pattern(argument: str, pattern: object) -> None:
    check_path(COMPONENT, argument, pattern)
    if pattern in ("/", "/*"):
        raise ValueError(
            f"{COMPONENT} {argument} {pattern!r} is not allowed; it would take the whole site: use a "
            'narrower pattern such as "/_next/static/*" or "/uploads/*"'
        )


def _objects_condition(
    bucket: str, name: str, patterns: list[str]
) -> gcp.storage.BucketIAMMemberConditionArgsDict:
    """An IAM condition admitting only the objects `patterns` reach ("/uploads/*": names starting with
    "uploads/"; "/logo.png": that object), as `resource.name` gives them for Cloud Storage
    ("projects/_/buckets/<bucket>/objects/<object>")."""
    objects = f"projects/_/buckets/{bucket}/objects/"
    tests = [
        f'resource.name.startsWith("{objects}{p.removeprefix("/").removesuffix("*")}")'
        if p.endswith("*")
        else f'resource.name == "{objects}{p.removeprefix("/")}"'
        for p in patterns
    ]
    return {
        "title": f"cdn-{name}-paths",
        "description": f"Only the objects the site serves at {', '.join(patterns)}",
        "expression": " || ".join(tests),
    }
