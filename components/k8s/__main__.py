"""The `stackyard-k8s` component provider: `pulumi package add` runs this to serve the Kubernetes
components to TypeScript, Go, C#, Java and YAML programs (see PulumiPlugin.yaml)."""

import sys
from pathlib import Path

if not __package__:
    # Pulumi runs this folder of a checkout (`pulumi package add <repository>/components/<cloud>`): make the
    # repository's `components` package importable. From the wheel: `python -m stackyard.<cloud>`.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from components.provider_host import serve

if __name__ == "__main__":
    serve("k8s")
