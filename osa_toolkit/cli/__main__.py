"""``python -m osa_toolkit.cli``: the same as the ``osa-toolkit`` command."""

import sys

from osa_toolkit.cli import main

sys.exit(main())
