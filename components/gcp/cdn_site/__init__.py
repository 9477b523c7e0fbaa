"""`CdnSite`: a site served by Cloud CDN through a global external Application Load Balancer: a static site
in a private Cloud Storage bucket, or a running Cloud Run service (a server-rendered frontend) with its
static paths cached; HTTPS only (a Google-managed certificate, TLS >= 1.2 or 1.3, port 80 redirecting),
security response headers, optional SPA fallback, an optional API path, optional bucket paths (e.g. uploaded
files) and optional security policies.

The component reads as its steps, one module each: `settings` (the arguments, their constants and checks,
settled into plain settings), `site_bucket`, `backend_buckets` (Cloud CDN in front of a bucket; the site
bucket's first, then the service agent's read grant), `service_backends` (a serverless NEG and the
service's backend services), `bucket_origins` (the other buckets' backend buckets and read grants), and
`url_map` (the routes); the HTTPS front end (address, certificate, SSL policy, proxies, forwarding rules and
DNS record) is `https_frontend`'s, shared with `LoadBalancer`."""

import pulumi
import pulumi_gcp as gcp

from ...checks import refuse_unknown_keys
from ..bucket import Bucket, BucketArgs  # noqa: F401 - what the single module imported stays importable here
from ..https_frontend import (  # noqa: F401 - likewise
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
from .backend_buckets import site_backend_bucket
from .bucket_origins import _objects_condition as _objects_condition
from .bucket_origins import bucket_origin_routes
from .service_backends import service_routes
from .settings import (  # noqa: F401 - what the single module defined stays importable from here
    _LOCATION,
    _ORIGIN_NAME,
    _REGION,
    BUCKET_NAME_LIMIT,
    COMPONENT,
    DEFAULT_BROWSER_TTL,
    DEFAULT_CACHE_TTL,
    HSTS_MAX_AGE,
    INDEX,
    MAX_TTL_SECONDS,
    NEGATIVE_CACHE_SECONDS,
    SECURITY_HEADERS,
    SERVE_WHILE_STALE_SECONDS,
    STATIC_DEFAULT_TTL,
    STATIC_MAX_TTL,
    BucketOrigin,
    CdnSiteArgs,
    ServiceOrigin,
    _check_args,
    _check_bucket_origins,
    _check_pattern,
    _check_service_origin,
    _seconds,
)
from .site_bucket import site_bucket
from .url_map import site_url_map

__all__ = [
    "BUCKET_NAME_LIMIT",
    "COMPONENT",
    "DEFAULT_BROWSER_TTL",
    "DEFAULT_CACHE_TTL",
    "HSTS_MAX_AGE",
    "INDEX",
    "MAX_TTL_SECONDS",
    "NEGATIVE_CACHE_SECONDS",
    "SECURITY_HEADERS",
    "SERVE_WHILE_STALE_SECONDS",
    "STATIC_DEFAULT_TTL",
    "STATIC_MAX_TTL",
    "BucketOrigin",
    "CdnSite",
    "CdnSiteArgs",
    "ServiceOrigin",
]


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
        settings = _check_args(name, args)
        super().__init__("stackyard-gcp:index:CdnSite", name, None, opts)
        prefix = f"{settings.base}-site"
        project = gcp.organizations.get_project_output(opts=pulumi.InvokeOutputOptions(parent=self))
        # Private bucket access for backend buckets (Cloud CDN "private bucket access", GA): the load balancer
        # reads the bucket as the project's Cloud Load Balancing service agent, which needs
        # roles/storage.objectViewer on it and nothing else; there is no flag on the backend bucket. The agent
        # exists once the project has a backend bucket. (The older cloud-cdn-fill service account only exists
        # after a signed-URL key is added.)
        agent = project.number.apply(lambda n: f"serviceAccount:service-{n}@https-lb.iam.gserviceaccount.com")

        bucket = site_bucket(self, name, prefix, project, settings)
        backend_bucket = site_backend_bucket(self, name, prefix, settings, bucket, agent)
        path_rules: list[gcp.compute.URLMapPathMatcherPathRuleArgsDict] = []
        default_service: pulumi.Input[str] = backend_bucket.id
        if settings.service is not None:
            default_service, static_rules = service_routes(
                self,
                name,
                prefix,
                settings.domain,
                settings.service,
                settings.security_policy,
                settings.edge_policy,
            )
            path_rules.extend(static_rules)
        path_rules.extend(bucket_origin_routes(self, name, prefix, settings, agent, backend_bucket))
        url_map = site_url_map(self, name, prefix, settings, backend_bucket, default_service, path_rules)
        frontend = https_frontend(
            self,
            name,
            prefix=prefix,
            url_map=url_map,
            hosts=[settings.domain],
            labels=settings.labels,
            ssl_profile=settings.ssl_profile,
            min_tls_version=settings.min_tls_version,
            dns_zone=settings.dns_zone,
        )

        self._name = name
        self._site_bucket = bucket
        self.url = pulumi.Output.from_input(f"https://{settings.domain}")
        self.bucket_name = bucket.bucket_name
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
