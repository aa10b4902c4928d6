"""CPU-bound modes of the Python workload: serial, threads, and multiprocessing pools started
with fork, spawn or forkserver. Each returns (primes counted, CPU seconds spent counting)."""

import multiprocessing
import threading

import primes


def run_serial(limit, workers, chunk):
    # The same chunks as every other mode, one after another in this thread, so that serial and
    # one worker thread differ only in the thread: the comparison is of concurrency, not of code.
    del workers
    count, cpu = 0, 0.0
    for bounds in primes.chunks(limit, chunk):
        c, t = primes.count_timed(bounds)
        count, cpu = count + c, cpu + t
    return count, cpu


def run_threads(limit, workers, chunk):
    # Dynamic partitioning, as in wl_cpu: a free thread takes the next chunk. The lock around the
    # index is needed: under the GIL `next_chunk += 1` is still a read and a write that another
    # thread can come between, and in a free-threaded build there is no GIL at all.
    todo = primes.chunks(limit, chunk)
    lock = threading.Lock()
    next_chunk = 0
    results = [(0, 0.0)] * workers

    def work(index):
        nonlocal next_chunk
        count, cpu = 0, 0.0
        while True:
            with lock:
                if next_chunk == len(todo):
                    break
                bounds = todo[next_chunk]
                next_chunk += 1
            c, t = primes.count_timed(bounds)
            count, cpu = count + c, cpu + t
        results[index] = (count, cpu)  # each thread writes only its own slot

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(r[0] for r in results), sum(r[1] for r in results)


def run_pool(method):
    """A mode that counts with a pool of processes started by `method`."""

    def run(limit, workers, chunk):
        # Starting the pool is inside the timed run on purpose: a program that wants processes
        # pays for them, and spawn pays most (see the start workload for the cost of one).
        # imap_unordered hands each chunk to whichever worker asks next: dynamic partitioning.
        # The pool is closed and joined, not left to `with`, which would terminate it.
        pool = multiprocessing.get_context(method).Pool(workers)
        try:
            results = list(pool.imap_unordered(primes.count_timed, primes.chunks(limit, chunk)))
        finally:
            pool.close()
            pool.join()
        return sum(r[0] for r in results), sum(r[1] for r in results)

    return run


MODES = {
    "serial": run_serial,
    "threads": run_threads,
    "fork": run_pool("fork"),
    "spawn": run_pool("spawn"),
    "forkserver": run_pool("forkserver"),
}
