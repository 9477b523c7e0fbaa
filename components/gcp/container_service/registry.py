"""The image: an Artifact Registry repository (immutable tags, cleanup policies, optional CMEK) that the
service account may read, with `image_tag` or the placeholder while nothing is pushed; or the `image`
given."""

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from ...naming import physical_name
from .names import RESOURCE_NAME_LIMIT
from .settings import PLACEHOLDER_IMAGES, ContainerSettings

READER_ROLE = "roles/artifactregistry.reader"
CLEANUP_AFTER_DAYS = 14
SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class ContainerImage:
    """The image the container runs, where to push it, and the grant that lets the service account pull."""

    image: pulumi.Output[str]
    """The image the current revision runs (the placeholder while `image_tag` is "bootstrap")."""
    repository_url: pulumi.Output[str]
    """The created repository's URL; "" with `image`."""
    grants: list[pulumi.Resource]
    """The service account's reader grant on the created repository; none with `image`."""


def container_image(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: ContainerSettings,
    region: pulumi.Input[str],
    labels: dict[str, str],
    account: gcp.serviceaccount.Account,
) -> ContainerImage:
    """The created repository (with the service account's reader grant) and `image_tag`, or the `image`
    given."""
    child = pulumi.ResourceOptions(parent=owner)
    if settings.image is None:
        repository = gcp.artifactregistry.Repository(
            f"{name}-repo",
            repository_id=physical_name(base, RESOURCE_NAME_LIMIT),
            location=region,
            format="DOCKER",
            description=f"Images of {name}, managed by stackyard",
            docker_config={"immutable_tags": True},
            cleanup_policy_dry_run=False,
            cleanup_policies=_cleanup_policies(settings.keep_images),
            kms_key_name=settings.kms_key_name,
            labels=labels,
            # A fixed repository_id: a replacement (a new kms_key_name) must delete the old one first.
            opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(delete_before_replace=True)),
        )
        reader = gcp.artifactregistry.RepositoryIamMember(
            f"{name}-repo-reader",
            project=repository.project,
            location=repository.location,
            repository=repository.name,
            role=READER_ROLE,
            member=account.member,
            opts=child,
        )
        repository_url = pulumi.Output.concat(
            repository.location,
            "-docker.pkg.dev/",
            repository.project,
            "/",
            repository.repository_id,
            "/",
            physical_name(base, RESOURCE_NAME_LIMIT),
        )
        image: pulumi.Output[str] = (
            pulumi.Output.from_input(PLACEHOLDER_IMAGES[settings.kind])
            if settings.placeholder
            else pulumi.Output.concat(repository_url, ":", settings.image_tag)
        )
        return ContainerImage(image, repository_url, [reader])
    return ContainerImage(pulumi.Output.from_input(settings.image), pulumi.Output.from_input(""), [])


def _cleanup_policies(keep: int) -> list[gcp.artifactregistry.RepositoryCleanupPolicyArgsDict]:
    """Keep the most recent `keep` versions; delete the others, tagged or untagged, after 14 days. A keep
    policy only exempts versions from a delete policy, so both kinds of version need one."""
    older_than = f"{CLEANUP_AFTER_DAYS * SECONDS_PER_DAY}s"
    return [
        {"id": "keep-recent", "action": "KEEP", "most_recent_versions": {"keep_count": keep}},
        {
            "id": "delete-untagged",
            "action": "DELETE",
            "condition": {"tag_state": "UNTAGGED", "older_than": older_than},
        },
        {
            "id": "delete-old-tagged",
            "action": "DELETE",
            "condition": {"tag_state": "TAGGED", "older_than": older_than},
        },
    ]
