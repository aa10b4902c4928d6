"""Start-up cost of the Python workload: start and join one thread, or one process by each
multiprocessing start method, many times; each child exits with a known code that is checked."""

import multiprocessing
import sys
import threading

# What every child exits with; a child that failed to start or to run cannot produce it.
CHILD_CODE = 7


def child_exit(code):
    sys.exit(code)


def start_thread(method):
    del method
    box = []
    t = threading.Thread(target=box.append, args=(CHILD_CODE,))
    t.start()
    t.join()
    return box[0] if box else -1


def start_process(method):
    # fork copies this process; spawn boots a fresh interpreter that imports the main module
    # again before it can run child_exit; forkserver asks a server (started on first use) to
    # fork a copy of itself.
    p = multiprocessing.get_context(method).Process(target=child_exit, args=(CHILD_CODE,))
    p.start()
    p.join()
    return p.exitcode


MODES = {
    "thread": start_thread,
    "fork": start_process,
    "spawn": start_process,
    "forkserver": start_process,
}
