"""Notes on the container images and migrations: images to push before (Kubernetes) or after (ECS, Cloud
Run) the first `pulumi up`, tags that must exist in the repositories the stack creates, and what the
machine that runs `pulumi up` needs for a migration (ECS task, Cloud Run job). Each rule returns None (or
no text) when its note does not apply.
"""

from __future__ import annotations

from typing import Any

from components.images import BOOTSTRAP_TAG, awaits_first_image

from ..config import Job, WebService
from .rules import Facts, RuleText, _listing, _one


def _kubernetes_images(f: Facts) -> RuleText:
    """The Kubernetes runtime creates no registry. A service that names its `image` must have it pushed:
    pulumi-kubernetes waits for a Deployment's pods to be ready (10 minutes by default) and for a migration
    Job to complete. A service without `image` runs no pod yet (components.k8s.ContainerService `image`)."""
    if f.managed:
        return None
    texts: list[str] = []
    images = {name: spec.image for name, spec in f.app.services.items() if spec.image}
    if images:
        listed = ", ".join(f"`{image}` ({name})" for name, image in images.items())
        texts.append(
            f"Push {listed} to {_one(list(images), 'its registry', 'their registries')} before the first "
            "`pulumi up`: on the Kubernetes runtime the stack creates no registry, and `pulumi up` waits for "
            "the pods to become ready (10 minutes, then it fails) and for a migration Job to complete."
        )
    waiting = [name for name, spec in f.app.services.items() if not spec.image]
    if waiting:
        name = waiting[0] if len(waiting) == 1 else "<NAME>"
        each = _one(waiting, "", " for each")
        services = f.app.services
        jobs = any(isinstance(services[n], Job) for n in waiting)
        public = any(isinstance(spec := services[n], WebService) and spec.public for n in waiting)
        texts.append(
            f"{_listing(waiting)} {_one(waiting, 'has', 'have')} no `image` yet, so the first `pulumi up` "
            f"starts no pod of {_one(waiting, 'it', 'them')} ("
            + ("0 replicas, a job's CronJob suspended" if jobs else "0 replicas")
            + (", no migration" if any(services[n].migrate for n in waiting) else "")
            + ") and does not wait for pods"
            + ("; a public host answers 503 until then" if public else "")
            + ". Push the image to your "
            f"registry under a version tag and deploy it: `pulumi config set --path "
            f"'app.services.{name}.image' <registry>/<repository>:<tag>`{each}, then `pulumi up` (the "
            "migration runs first, then the pods start and are awaited)."
        )
    return texts


def _image_tags(f: Facts) -> dict[str, list[str]]:
    """Services that run a tag of their own registry repository, by tag."""
    tags: dict[str, list[str]] = {}
    if f.managed:
        for name, spec in f.app.services.items():
            if spec.image is None:
                tags.setdefault(spec.image_tag, []).append(name)
    return tags


def _aws_images(f: Facts) -> RuleText:
    """While `image_tag` is "bootstrap" (nothing pushed) a service is created with no task and a scaling
    range of 0 to 0, a scheduled job's schedule is disabled (components.aws.ContainerService, `image_tag`)."""
    tags = _image_tags(f)
    texts: list[str] = []
    placeholder = tags.pop(BOOTSTRAP_TAG, [])
    if placeholder:
        name = placeholder[0] if len(placeholder) == 1 else "<NAME>"
        each = _one(placeholder, "", " for each")
        services = f.app.services
        public = any(isinstance(spec := services[n], WebService) and spec.public for n in placeholder)
        jobs = [n for n in placeholder if isinstance(services[n], Job)]
        alarmed = f.app.alarms.enabled
        texts.append(
            f"{_listing(placeholder)} {_one(placeholder, 'runs', 'run')} no task until you push "
            f"{_one(placeholder, 'its', 'their')} first image: the first `pulumi up` creates the ECR "
            "repositories (output `repositoryUrls`) and leaves each service at 0 tasks"
            + (
                f" ({_listing(jobs)}: {_one(jobs, 'its schedule', 'their schedules')} disabled)"
                if jobs
                else ""
            )
            + (
                ", so the load balancer answers 503 for "
                + ("them, and the no-healthy-target and uptime alarms fire," if alarmed else "them")
                + " until then"
                if public
                else ""
            )
            + ". Push an image under a new tag (`aws ecr get-login-password | docker login --username AWS "
            "--password-stdin <registry>` once) and deploy it: "
            f"`pulumi config set --path 'app.services.{name}.image_tag' <tag>`{each}, then `pulumi up`. "
            "A stack deployed by an earlier stackyard that runs an image pushed as `:bootstrap` keeps its "
            "tasks only with a real tag: tag that image again (`aws ecr put-image` with its manifest and "
            "`--image-tag v1`) and set `image_tag` to it before this `pulumi up`."
        )
    for tag, names in tags.items():
        texts.append(
            f"{_listing(names)} {_one(names, 'runs', 'run')} tag `{tag}` of {_one(names, 'its', 'their')} "
            "ECR repository, which the first `pulumi up` creates: tasks cannot start until the tag is "
            "there. Leave `image_tag` at `bootstrap` for the first `pulumi up`, or push the tag as soon as "
            "the repositories exist (output `repositoryUrls`); `aws ecs update-service --cluster "
            "<clusterName> --service <serviceNames.NAME> --force-new-deployment` then restarts a service "
            "whose first tasks failed."
        )
    return texts


def _migrating(f: Facts) -> tuple[str, Any] | None:
    """The managed service that declares `migrate` (the config allows one), with its spec."""
    found = [(n, s) for n, s in f.app.services.items() if s.migrate is not None]
    return found[0] if f.managed and found else None


def _aws_migration(f: Facts) -> str | None:
    migrating = _migrating(f)
    if migrating is None:
        return None
    name, spec = migrating
    text = (
        f"`{name}` runs its migration (`migrate`) as an ECS task that `pulumi up` starts and waits for: the "
        "machine that runs `pulumi up` needs the AWS CLI v2, signed in to this account, and the deploy role "
        "ecs:RunTask, ecs:DescribeTasks and ecs:StopTask on the migration task definition and iam:PassRole "
        "on the service's task and execution roles."
    )
    if awaits_first_image(spec.image, spec.image_tag):
        text += (
            " While no image is pushed (`image_tag` `bootstrap`) nothing is migrated: the task comes with "
            "the first real image_tag, and runs before the service starts its first tasks."
        )
    elif spec.image is None:
        text += (
            f" The first `pulumi up` stops at that migration until `{name}`'s image is in the repository it "
            "creates (output `repositoryUrls`): push it, then run `pulumi up` again."
        )
    return text


def _gcp_migration(f: Facts) -> str | None:
    migrating = _migrating(f)
    if migrating is None:
        return None
    name, spec = migrating
    text = (
        f"`{name}` runs its migration (`migrate`) as a Cloud Run job that `pulumi up` executes and waits "
        "for: the machine that runs `pulumi up` needs gcloud, signed in to this project, and the deploy "
        "identity run.jobs.run and run.executions.get (roles/run.developer)."
    )
    if awaits_first_image(spec.image, spec.image_tag):
        text += " While the placeholder image runs, nothing is migrated: the job comes with a real image_tag."
    return text


def _gcp_images(f: Facts) -> RuleText:
    tags = _image_tags(f)
    texts: list[str] = []
    placeholder = tags.pop(BOOTSTRAP_TAG, [])
    if placeholder:
        name = placeholder[0] if len(placeholder) == 1 else "<NAME>"
        each = _one(placeholder, "", " for each")
        texts.append(
            f"{_listing(placeholder)} {_one(placeholder, 'runs', 'run')} Google's placeholder image until "
            "you push yours to the Artifact Registry repositories (output `repositoryUrls`; "
            f"`gcloud auth configure-docker {f.config.region}-docker.pkg.dev` once) and deploy its tag: "
            f"`pulumi config set --path 'app.services.{name}.image_tag' <tag>`{each}, then `pulumi up`."
        )
    for tag, names in tags.items():
        texts.append(
            f"{_listing(names)} {_one(names, 'runs', 'run')} tag `{tag}` of {_one(names, 'its', 'their')} "
            "Artifact Registry repository, which the first `pulumi up` creates, and Cloud Run cannot "
            "create a revision from a missing image: leave `image_tag` at `bootstrap` for the first "
            "`pulumi up`, or push the tag as soon as the repositories exist and run `pulumi up` again."
        )
    return texts
