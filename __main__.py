"""stackyard: read the stack config, build the stack for its cloud, export the outputs.

`pulumi up` runs this file; `stackyard plan` runs this same file under Pulumi mocks.
"""

from stacks.program import main

main()
