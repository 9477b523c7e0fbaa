"""The bucket itself: uniform bucket-level access and public access prevention always, versioning, soft
delete, lifecycle rules and an unlocked retention policy, the dual-region's data locations and replication
(`rpo`), and, when given, the customer-managed key, the usage-log bucket, CORS and the index page."""

import pulumi
import pulumi_gcp as gcp

from .settings import CORS_HEADERS, CORS_MAX_AGE_SECONDS, CORS_METHODS, DAY_SECONDS, BucketArgs, _Settings


def storage_bucket(
    owner: pulumi.Resource,
    settings: _Settings,
    args: BucketArgs,
    location: pulumi.Input[str],
    bucket_name: pulumi.Input[str] | None,
) -> gcp.storage.Bucket:
    """The `gcp.storage.Bucket`, named `settings.logical_name` and protected unless `protect` is False."""
    placement = settings.placement
    kms_key, log_bucket = args.get("kms_key_name"), args.get("log_bucket")
    encryption: gcp.storage.BucketEncryptionArgsDict | None = (
        {"default_kms_key_name": kms_key} if kms_key is not None else None
    )
    logging: gcp.storage.BucketLoggingArgsDict | None = (
        {"log_bucket": log_bucket} if log_bucket is not None else None
    )
    cors: list[gcp.storage.BucketCorArgsDict] | None = (
        [
            {
                "origins": settings.cors_origins,
                "methods": CORS_METHODS,
                "response_headers": CORS_HEADERS,
                "max_age_seconds": CORS_MAX_AGE_SECONDS,
            }
        ]
        if settings.cors_origins
        else None
    )
    retention: gcp.storage.BucketRetentionPolicyArgsDict | None = (
        {"retention_period": str(settings.retention_days * DAY_SECONDS), "is_locked": False}
        if settings.retention_days is not None
        else None
    )
    # Turbo or default replication on a dual-region; a single region or multi-region takes no `rpo`.
    rpo = None
    if placement.dual_region:
        rpo = "ASYNC_TURBO" if settings.turbo_replication else "DEFAULT"
    bucket = gcp.storage.Bucket(
        settings.logical_name,
        name=bucket_name,
        project=args.get("project"),
        location=location,
        custom_placement_config=(
            {"data_locations": placement.data_locations} if placement.data_locations else None
        ),
        rpo=rpo,
        storage_class=settings.storage_class,
        uniform_bucket_level_access=True,
        public_access_prevention="enforced",
        versioning={"enabled": settings.versioning},
        soft_delete_policy={"retention_duration_seconds": settings.soft_delete_days * DAY_SECONDS},
        retention_policy=retention,
        lifecycle_rules=settings.lifecycle_rules,
        encryption=encryption,
        logging=logging,
        cors=cors,
        website={"main_page_suffix": settings.index_page} if settings.index_page else None,
        force_destroy=settings.force_destroy,
        labels=settings.labels,
        opts=pulumi.ResourceOptions(parent=owner, protect=settings.protect),
    )
    return bucket
