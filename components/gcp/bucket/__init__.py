"""`Bucket`: a private Cloud Storage bucket (uniform bucket-level access, public access prevention
enforced, versioned, soft delete, lifecycle rules), optionally encrypted with a customer-managed key,
logged, CORS-enabled for browser uploads and replicated across two regions (a configurable dual-region),
with least-privilege IAM grant methods.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled, with
`locations` for where the bucket lives), `names` (the bucket's location and name), `storage` (the bucket
itself) and `grants` (the IAM bindings of the grant methods)."""

import pulumi
import pulumi_gcp as gcp

from ...checks import refuse_unknown_keys
from .grants import GRANT_NAME, MEMBER, ROLE_PUT, ROLE_READ, ROLE_READ_WRITE, bucket_grant
from .locations import (
    CONFIGURABLE_DUAL_REGIONS,
    MULTI_REGIONS,
    PREDEFINED_DUAL_REGIONS,
    PREDEFINED_ONLY,
    PREFERRED_CODES,
    REGION,
)

# The old module's helpers stay importable from here (stacks/ imports `_placement` and `_ORIGIN`).
from .locations import _dual_region as _dual_region
from .locations import _Placement as _Placement
from .locations import _placement as _placement
from .names import BUCKET_NAME, GOOGLE_LIKE, MAX_AUTONAME_BASE, location_and_name
from .names import _check_bucket_name as _check_bucket_name
from .names import _hashed_name as _hashed_name
from .names import _named_base as _named_base
from .settings import _ORIGIN as _ORIGIN
from .settings import (
    CORS_HEADERS,
    CORS_MAX_AGE_SECONDS,
    CORS_METHODS,
    DAY_SECONDS,
    INDEX_PAGE,
    KMS_KEY,
    MAX_RETENTION_DAYS,
    MAX_SOFT_DELETE_DAYS,
    MIN_SOFT_DELETE_DAYS,
    PROJECT_ID,
    STORAGE_CLASSES,
    BucketArgs,
    _check_args,
)
from .settings import _check_kms_key as _check_kms_key
from .settings import _days as _days
from .settings import _lifecycle_rules as _lifecycle_rules
from .settings import _Settings as _Settings
from .storage import storage_bucket

__all__ = [
    "BUCKET_NAME",
    "CONFIGURABLE_DUAL_REGIONS",
    "CORS_HEADERS",
    "CORS_MAX_AGE_SECONDS",
    "CORS_METHODS",
    "DAY_SECONDS",
    "GOOGLE_LIKE",
    "GRANT_NAME",
    "INDEX_PAGE",
    "KMS_KEY",
    "MAX_AUTONAME_BASE",
    "MAX_RETENTION_DAYS",
    "MAX_SOFT_DELETE_DAYS",
    "MEMBER",
    "MIN_SOFT_DELETE_DAYS",
    "MULTI_REGIONS",
    "PREDEFINED_DUAL_REGIONS",
    "PREDEFINED_ONLY",
    "PREFERRED_CODES",
    "PROJECT_ID",
    "REGION",
    "ROLE_PUT",
    "ROLE_READ",
    "ROLE_READ_WRITE",
    "STORAGE_CLASSES",
    "Bucket",
    "BucketArgs",
]


class Bucket(pulumi.ComponentResource):
    """A private Cloud Storage bucket, secure by default.

    Always, and not switchable: uniform bucket-level access (IAM only, no object ACLs), public access
    prevention "enforced" (no allUsers / allAuthenticatedUsers access, whatever an IAM policy says) and
    encryption at rest (Google-managed, or the customer-managed `kms_key_name`). By default: Object
    Versioning with noncurrent versions deleted after 90 days, 7 days of soft delete, incomplete multipart
    uploads aborted after 7 days, `force_destroy` off and Pulumi `protect` on. Lifecycle rules combine
    `expire_days`, `noncurrent_expire_days` and `abort_multipart_days`.

    `replication_region` makes the bucket a configurable dual-region (GCS replicates natively, no second
    bucket): see that argument for the region pairs GCS allows. **The location is fixed at creation**:
    changing `location` or `replication_region` replaces the bucket and its data; with `protect` (on by
    default) Pulumi refuses the replacement.

    Give access with `grant_read`, `grant_put` and `grant_read_write`: one additive `BucketIAMMember`
    each, for one identity, on this bucket only. Public members are refused.

    Example:

        uploads = Bucket(
            "uploads",
            {
                "location": "us-east1",
                "replication_region": "us-west1",
                "cors_origins": ["https://shop.example.com"],
                "expire_days": 365,
            },
        )
        uploads.grant_put("web", "serviceAccount:web@shop-prod.iam.gserviceaccount.com")
        uploads.grant_read("worker", "serviceAccount:worker@shop-prod.iam.gserviceaccount.com")
        pulumi.export("uploadsBucket", uploads.bucket_name)
    """

    bucket_name: pulumi.Output[str]
    """The bucket's name: `bucket_name`, or `physical_name` (default: the component name) plus "-" and 7
    characters."""
    url: pulumi.Output[str]
    """The bucket's gs:// URL, `gs://<name>`."""
    self_link: pulumi.Output[str]
    """The bucket's JSON API URI, `https://www.googleapis.com/storage/v1/b/<name>`."""
    location: pulumi.Output[str]
    """The bucket's location: the region, multi-region, predefined dual-region, or the location code of
    its configurable dual-region (e.g. "US")."""

    def __init__(self, name: str, args: BucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Bucket, BucketArgs, name, args, opts)
        settings = _check_args(name, args)
        super().__init__("stackyard-gcp:index:Bucket", name, None, opts)
        self._name = name

        location, bucket_name = location_and_name(self, settings.placement, settings.named_base, args)
        bucket = storage_bucket(self, settings, args, location, bucket_name)

        self._bucket = bucket
        self.bucket_name = bucket.name
        self.url = bucket.url
        self.self_link = bucket.self_link
        self.location = bucket.location
        self.register_outputs(
            {
                "bucket_name": self.bucket_name,
                "url": self.url,
                "self_link": self.self_link,
                "location": self.location,
            }
        )

    # -- grants ---------------------------------------------------------------------------------------------

    def grant_read(
        self, name: str, member: pulumi.Input[str], depends_on: list[pulumi.Resource] | None = None
    ) -> gcp.storage.BucketIAMMember:
        """Let `member` (e.g. "serviceAccount:api@p.iam.gserviceaccount.com") read and list this bucket's
        objects: roles/storage.objectViewer on this bucket only. `name` (e.g. the service's name) makes the
        binding's logical name `<component>-<name>-read`. `depends_on`: resources the grant must wait for
        (e.g. the one whose creation brings a Google service agent into being)."""
        return self._grant(name, member, "read", ROLE_READ, depends_on)

    def grant_put(self, name: str, member: pulumi.Input[str]) -> gcp.storage.BucketIAMMember:
        """Let `member` create objects and nothing else: roles/storage.objectCreator on this bucket only (no
        read, list, overwrite or delete; an uploader whose credentials leak cannot read what others
        uploaded). With a customer-managed key the uploader needs no KMS permission: the Cloud Storage
        service agent encrypts. Logical name `<component>-<name>-put`."""
        return self._grant(name, member, "put", ROLE_PUT)

    def grant_read_write(self, name: str, member: pulumi.Input[str]) -> gcp.storage.BucketIAMMember:
        """Let `member` read, list, create, overwrite and delete objects: roles/storage.objectUser on this
        bucket only (no bucket settings, no IAM). Logical name `<component>-<name>-read-write`."""
        return self._grant(name, member, "read-write", ROLE_READ_WRITE)

    def _grant(
        self,
        name: str,
        member: pulumi.Input[str],
        access: str,
        role: str,
        depends_on: list[pulumi.Resource] | None = None,
    ) -> gcp.storage.BucketIAMMember:
        return bucket_grant(self, self._name, self._bucket, name, member, access, role, depends_on)
