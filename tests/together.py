"""Requests made at the same moment, for the concurrency tests: each job runs in its own thread (so its own
database connection), all released together by a barrier."""

import threading
from collections.abc import Callable, Sequence

from django.db import connection


def run_together(jobs: Sequence[Callable[[], int]]) -> list[int]:
    """Run `jobs` at once and return what each returned (an HTTP status, say), in their order."""
    barrier = threading.Barrier(len(jobs))
    results: list[int] = [0] * len(jobs)

    def run(index: int, job: Callable[[], int]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
