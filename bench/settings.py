"""The portal's production settings, plus the benchmark's floor at /bench/minimal/.

The benchmark's servers run with this module (``bench/run.py``), so the portal's
own URL configuration never knows the benchmark.
"""

from anhorigstod.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
