"""A stack as it runs after its first release: every service that waits for its first image given a tag.

Until a service's own registry holds an image, its `image_tag` stays at "bootstrap" (the default) and the
service runs nothing: ECS starts no task and skips the migration, Cloud Run serves Google's placeholder
(`components/images.py`). On the Kubernetes runtime a service without `image` runs no pod
(components.k8s.ContainerService). What a stack costs, scales to
and migrates is what it does once the deploy on merge has set a real tag; `stackyard cost` and the tests
about the running system plan the stack with `overrides(...)` added.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from components.images import BOOTSTRAP_TAG, awaits_first_image

from .errors import APP_KEY

RELEASE_TAG = "release-1"
"""The tag the overrides give; any tag other than "bootstrap" plans the same."""
STAND_IN_REGISTRY = "registry.example"
"""Where the Kubernetes runtime's stand-in release images are said to be (never pulled: plans only)."""


def app_of(values: Mapping[str, Any]) -> dict[str, Any]:
    """`stackyard:app` of a stack's config values (`ConfigSource.values`) as a mapping (JSON text, as
    `pulumi config` passes an object, is parsed); {} when it is missing or not an object."""
    app = values.get(APP_KEY)
    if isinstance(app, str):
        try:
            app = json.loads(app)
        except json.JSONDecodeError:
            return {}
    return app if isinstance(app, dict) else {}


def waiting_services(values: Mapping[str, Any]) -> list[str]:
    """Services of a stack's config values that run their own registry's image and still have the
    bootstrap tag, in name order."""
    services = app_of(values).get("services")
    if not isinstance(services, dict):
        return []
    return sorted(
        name
        for name, spec in services.items()
        if isinstance(spec, dict)
        and awaits_first_image(spec.get("image"), spec.get("image_tag", BOOTSTRAP_TAG))
    )


def overrides(values: Mapping[str, Any]) -> list[str]:
    """`--set` assignments giving each waiting service the tag `RELEASE_TAG` (on the Kubernetes runtime,
    which has no registry of its own, a stand-in image of that tag)."""
    if app_of(values).get("runtime") == "kubernetes":
        return [
            f"app.services.{name}.image={STAND_IN_REGISTRY}/{name}:{RELEASE_TAG}"
            for name in waiting_services(values)
        ]
    return [f"app.services.{name}.image_tag={RELEASE_TAG}" for name in waiting_services(values)]
