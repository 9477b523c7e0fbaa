"""AWS components name things with the shared helpers in `components.naming`."""

from ..naming import autoname_fits, physical_base, physical_name, physical_part

__all__ = ["autoname_fits", "physical_base", "physical_name", "physical_part"]
