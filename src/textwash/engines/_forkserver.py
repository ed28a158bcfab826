"""Preloaded by the forkserver that starts worker processes: tie its life to the command's.

Worker processes are children of multiprocessing's forkserver, not of the ``clean``
process, and each holds the pipes that would tell the forkserver its client is gone; so
when ``clean`` is killed with SIGKILL, neither would notice on its own. On Linux this module
asks the kernel to SIGKILL the forkserver when ``clean`` dies, and each worker (see
:func:`textwash.engines.local._init_worker`) to die with the forkserver: no worker outlives
the command to race the run that resumes it.

It acts only in the forkserver itself (a direct child of the process that set
``TEXTWASH_ENGINE_PARENT``), so importing it anywhere else does nothing.
"""

from __future__ import annotations

import os

from textwash.engines.local import PARENT_ENV, die_with_parent

if os.environ.get(PARENT_ENV) == str(os.getppid()):
    die_with_parent()
