"""The URL map: `domain` to the site bucket (or the service), the more specific paths (static paths, bucket
paths, `api_path`) to their backends, and with `spa` the bucket's 404s answered with /index.html."""

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from ..https_frontend import NAME_LIMIT
from .settings import INDEX, _Settings


def site_url_map(
    owner: pulumi.Resource,
    name: str,
    prefix: str,
    settings: _Settings,
    backend_bucket: gcp.compute.BackendBucket,
    default_service: pulumi.Input[str],
    path_rules: list[gcp.compute.URLMapPathMatcherPathRuleArgsDict],
) -> gcp.compute.URLMap:
    """The URL map (`<physical_name>-site`): `path_rules` (the service's static paths, then the bucket
    paths), with `spa` the site's "/*" rule in front, with `api_backend_service_id` the API's last."""
    domain, api_backend, api_path = settings.domain, settings.api_backend, settings.api_path
    if settings.spa:
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
    what = "the service" if settings.service is not None else "the site bucket"
    return gcp.compute.URLMap(
        name,
        name=physical_name(prefix, NAME_LIMIT),
        description=f"{domain}: {what}" + (f", {api_path} to the API" if api_backend else ""),
        default_service=default_service,
        host_rules=[{"hosts": [domain], "path_matcher": "site"}],
        path_matchers=[site_matcher],
        opts=pulumi.ResourceOptions(parent=owner),
    )
