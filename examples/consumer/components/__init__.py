"""This project's own `components` package: a name many Pulumi projects already use. stackyard's wheel
installs its code as `stackyard` (stackyard.aws, stackyard.gcp, stackyard.k8s), so the two never clash."""
