"""Repository-wide test setup: no test, doctest or notebook ever touches the user's real data folder.

Set before any kernel starts (nbval and Voilà kernels inherit the environment).
"""

from __future__ import annotations

import os
import tempfile

os.environ["OSA_TOOLKIT_HOME"] = tempfile.mkdtemp(prefix="osa-test-home-")
