"""Compile the fast kernels into numba's on-disk cache (run as a child process)."""

import sys

from playground.engine import fast
from playground.engine.training import warm_up

if __name__ == "__main__":
    if fast.load(warm_up) is None:
        sys.exit(f"fast executor unavailable: {fast.reason()}")
