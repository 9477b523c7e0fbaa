"""`stackyard:app.site` (`Site`): the site the CDN serves, with its `GeoRestriction` and `FailoverBucket`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from components.countries import country_problem

from .common import Model, http_path_problem


class GeoRestriction(Model):
    """`site.geo_restriction`: which countries may see the site, by the viewer's IP address."""

    DISTINCT = ("countries",)

    mode: Literal["allow", "block"] = Field(
        description="allow: only these countries; block: every country but these. Required."
    )
    countries: list[str] = Field(
        min_length=1,
        description="ISO 3166-1 alpha-2 country codes, e.g. [US, CA] (quote NO: YAML reads it as false). "
        "Required.",
    )

    @field_validator("countries", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> Any:
        if isinstance(value, list):
            for code in value:
                if code is False:
                    raise ValueError("false is not a country code; YAML reads NO (Norway) as false: quote it")
                if problem := country_problem(code):
                    raise ValueError(problem)
        return value


class FailoverBucket(Model):
    """`site.failover_bucket` (aws): an existing copy of the site's files in another region."""

    name: str = Field(
        pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", description="The bucket's name. Required."
    )
    region: str = Field(
        pattern=r"^[a-z]{2}(-[a-z]+)+-\d+$", description="Its AWS region, e.g. us-west-2. Required."
    )


class Site(Model):
    """`stackyard:app.site`: the site the CDN serves at `app.domain`: a static site from a bucket, or a
    running web service (`service`, e.g. a server-rendered Next.js frontend)."""

    DISTINCT = ("static_paths",)

    spa: bool = Field(default=False, description="Serve index.html for unknown paths (single-page apps).")
    service: str | None = Field(
        default=None,
        description="A public web service the CDN serves as the site (server-rendered pages, e.g. Next.js): "
        "every path not in static_paths, buckets or api_path goes to it, uncached, with its query strings, "
        "cookies and headers; the service keeps its own host on the load balancer. Default none: a static "
        "site from the site bucket.",
    )
    static_paths: list[str] = Field(
        default=[],
        description="With service: path patterns of the framework's static files, cached at the edge as "
        "long as the service's Cache-Control allows (up to a year), e.g. [/_next/static/*, /favicon.ico]. "
        "Default none.",
    )
    buckets: dict[str, str] = Field(
        default={},
        description="Path pattern -> a bucket of app.buckets served there through the CDN, e.g. "
        '{"/uploads/*": uploads}: /uploads/a.png is the object uploads/a.png, and everything under the path '
        "is public. Default none.",
    )
    api_service: str | None = Field(
        default=None, description="A public web service the CDN also serves under api_path. Default none."
    )
    api_path: str = Field(default="/api/*", pattern=r"^/", description="Path routed to api_service.")
    waf: bool = Field(
        default=False, description="A web application firewall with managed rules and a rate limit."
    )
    rate_limit: int = Field(
        default=2000, ge=100, description="Requests per 5 minutes per IP before the firewall blocks."
    )
    waf_verbose_logging: bool = Field(
        default=False,
        description="gcp: Cloud Armor's verbose request logging (with waf, and in prod, which always has "
        "it): which part of a request matched a WAF rule (may log request content), for tuning rules. aws: "
        "not offered (the WAF logs already name the matching rule). Default false.",
    )
    min_tls: Literal["1.2", "1.3"] = Field(
        default="1.2",
        description="Oldest TLS version browsers may use: 1.2 (aws: CloudFront TLSv1.2_2021; gcp: SSL policy "
        "MODERN, TLS 1.2) or 1.3 (aws: TLSv1.3_2025; gcp: RESTRICTED, TLS 1.3). aws: 1.3 needs app.domain. "
        "Default 1.2.",
    )
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] | None = Field(
        default=None,
        description="aws: the CloudFront edge locations that serve the site: PriceClass_100 (North America, "
        "Europe, Israel), PriceClass_200 (plus Africa, the Middle East, Japan, India and the rest of Asia) "
        "or PriceClass_All (plus South America, Australia, New Zealand). gcp: not offered. "
        "Default PriceClass_100.",
    )
    geo_restriction: GeoRestriction | None = Field(
        default=None,
        description="{mode: allow or block, countries: [US, CA]}: serve only these countries (allow) or "
        "every country but these (block), by the viewer's IP address (ISO 3166-1 alpha-2 codes; the "
        "others get 403). aws: CloudFront geo restriction, every path. gcp: block only, a Cloud Armor edge "
        "policy on the site's buckets and service (not the API under api_path). Default none: every country.",
    )
    failover_bucket: FailoverBucket | None = Field(
        default=None,
        description="aws, static site: an existing bucket ({name, region}) with a copy of the site that "
        "CloudFront reads when the site bucket fails (an origin group; status 500, 502, 503, 504). Deploy "
        "the site to it too, and add the stack output siteFailoverReadStatement to its bucket policy. gcp: "
        "not offered. Default none.",
    )

    @field_validator("api_path")
    @classmethod
    def _http_path(cls, value: str) -> str:
        if problem := http_path_problem(value):
            raise ValueError(problem)
        return value

    @field_validator("min_tls", mode="before")
    @classmethod
    def _tls_number(cls, value: Any) -> Any:
        """`min_tls: 1.3` (a YAML number) means "1.3"."""
        return f"{value:g}" if isinstance(value, float) else value
