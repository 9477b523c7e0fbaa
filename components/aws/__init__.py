"""stackyard components for AWS. Type tokens: `stackyard-aws:index:<Class>`."""

from .secrets import Secrets, SecretsArgs
from .vpc import Vpc, VpcArgs

__all__ = ["Secrets", "SecretsArgs", "Vpc", "VpcArgs"]
