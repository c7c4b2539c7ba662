"""Compile the fast kernels into numba's on-disk cache (run as a child process)."""

import sys

from playground.engine import fast

if __name__ == "__main__":
    if fast.load() is None:
        sys.exit(f"fast executor unavailable: {fast.reason()}")
