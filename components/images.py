"""The image conventions the clouds' ContainerService share.

`BOOTSTRAP_TAG` is the default `image_tag` of a service that runs its own registry's image: nothing is
pushed yet, so the first `pulumi up` must converge without it. On AWS the ECS service starts no task (its
scaling range 0 to 0, a job's schedule disabled, no migration; components/aws/container_service); on GCP
Cloud Run serves Google's placeholder image (components/gcp/container_service/settings.py). Any other tag
deploys that image. Kubernetes has no registry of its own: there a service without `image` waits for its
first one the same way (0 replicas, a CronJob suspended, no migration; components/k8s/container_service/).
The stack layer (`stacks.released`, `stacks.first_up`) reads the same constant.
"""

from __future__ import annotations

BOOTSTRAP_TAG = "bootstrap"


def awaits_first_image(image: object, image_tag: object) -> bool:
    """Whether a service with this `image` (None: its own registry's) and `image_tag` waits for its first
    push."""
    return image is None and image_tag == BOOTSTRAP_TAG
