"""The image the task runs: a created ECR repository (scan on push, immutable tags, KMS encryption, old
images expired) and its `image_tag`, or the `image` given; and the repository the execution role may pull
from."""

import re
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .policies import _lifecycle_policy
from .settings import REPOSITORY_LIMIT, _named, _Settings

_ECR_IMAGE = re.compile(
    r"^(?P<account>\d{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?P<cn>\.cn)?/"
    r"(?P<repository>[a-z0-9][a-z0-9._/-]*?)(:[A-Za-z0-9_.-]+)?(@sha256:[0-9a-f]{64})?$"
)


@dataclass(frozen=True)
class TaskImage:
    """The image reference the container runs, and where it comes from."""

    reference: pulumi.Input[str]
    """The image, e.g. `<repository URL>:<image_tag>`."""
    pull_arn: pulumi.Input[str]
    """The ECR repository the execution role may pull from; "" for an image outside this account's ECR."""
    repository_url: pulumi.Output[str]
    """The created repository's URL; "" with `image`."""


def container_image(owner: pulumi.Resource, name: str, base: str, settings: _Settings) -> TaskImage:
    """The created repository (with its lifecycle policy) and `image_tag`, or the `image` given."""
    if settings.image is None:
        child = pulumi.ResourceOptions(parent=owner)
        repository = aws.ecr.Repository(
            f"{name}-repo",
            name=physical_name(base, REPOSITORY_LIMIT),
            image_tag_mutability="IMMUTABLE",
            image_scanning_configuration={"scan_on_push": True},
            encryption_configurations=[{"encryption_type": "KMS"}],
            force_delete=False,
            tags=_named(settings.tags, name, "repo"),
            opts=child,
        )
        aws.ecr.LifecyclePolicy(
            f"{name}-repo",
            repository=repository.name,
            policy=_lifecycle_policy(),
            opts=child,
        )
        image = pulumi.Output.concat(repository.repository_url, ":", settings.image_tag)
        return TaskImage(image, repository.arn, repository.repository_url)
    pull_arn = ""
    found = _ECR_IMAGE.match(settings.image)
    if found:
        partition = "aws-cn" if found["cn"] else "aws"
        where = f"{found['region']}:{found['account']}"
        pull_arn = f"arn:{partition}:ecr:{where}:repository/{found['repository']}"
    return TaskImage(settings.image, pull_arn, pulumi.Output.from_input(""))
