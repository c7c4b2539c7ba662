"""Backprop Playground: draw a small network and watch backpropagation learn."""

import os as _os

# The app's parallelism is its own threads (training, landscape, neuron pictures, the GUI).
# A BLAS thread pool on top of them oversubscribes the cores for the small matrices drawn
# here, and the benchmarks (benchmarks/*.py) measure single-threaded BLAS: set before numpy
# loads, so the app runs as measured. A user's own setting wins.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_name, "1")

__version__ = "0.1.0"
