"""Timing for the benchmarks: the median of a few runs."""

import statistics
import time


def timed(fn, repeat: int = 3) -> float:
    """The median time of `repeat` calls of fn, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
