#!/usr/bin/env python3
"""The Python workload: what the notes ask of real CPython, measured. Subcommands:
  cpu    count primes: serial, threads, and process pools started by fork, spawn, forkserver
  io     check a delayed loopback server: serial, threads, asyncio, processes
  start  start and join one thread, or one process by each start method
  info   one line: the interpreter, whether its GIL is on, the default start method
Every run prints `RESULT <workload> <mode> <workers> <rep> <seconds> <answer> ok|WRONG <cpu-s|->`,
the line workloads/bench.sh collects; progress goes to stderr. Exit status: 0, 1 when an answer
was wrong, 2 on a usage error, 3 on any other error. Standard library only."""

import argparse
import multiprocessing
import os
import sys
import time

# Only what every subcommand needs is imported here. spawn and forkserver children import this
# file again (as __mp_main__) before they run anything, so an import at the top would be paid in
# every child, and would be measured as start-up cost that is ours, not the interpreter's.


def gil_enabled():
    # sys._is_gil_enabled() exists from 3.13; before that every CPython has a GIL. A
    # free-threaded build can still run with the GIL on (PYTHON_GIL=1, or an extension that is
    # not marked safe), so we ask the running interpreter rather than the build.
    probe = getattr(sys, "_is_gil_enabled", None)
    return True if probe is None else probe()


def workload(kind):
    # Three kinds of interpreter, three names, so their rows never merge in the bench: the usual
    # build; a free-threaded build (PEP 703, python3.13t) running without its GIL; and a
    # free-threaded build that has turned its GIL back on.
    import sysconfig
    if not gil_enabled():
        return "pynogil-" + kind
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        return "pyftgil-" + kind
    return "py-" + kind


def result(name, mode, workers, rep, seconds, answer, ok, cpu):
    cpu_text = "-" if cpu is None else "%.6f" % cpu
    print("RESULT %s %s %d %d %.6f %d %s %s" % (name, mode, workers, rep, seconds, answer,
                                                "ok" if ok else "WRONG", cpu_text), flush=True)
    busy = "" if cpu is None or seconds <= 0 else "%5.2f cores" % (cpu / seconds)
    shown = "%9.1f us" % (seconds * 1e6) if seconds < 0.01 else "%9.4f s " % seconds
    print("  %-11s %-16s workers=%-3d rep=%d  %s  %s  %s" % (
        name, mode, workers, rep, shown, busy, "ok" if ok else "WRONG ANSWER"), file=sys.stderr)


def ints(text):
    try:
        values = [int(v) for v in text.split(",")]
    except ValueError:
        values = []
    if not values or min(values) <= 0:
        raise argparse.ArgumentTypeError("want positive integers like 1,2,4, got %r" % text)
    return values


def words(choices):
    def parse(text):
        names = text.split(",")
        for n in names:
            if n not in choices:
                raise argparse.ArgumentTypeError(
                    "unknown mode %r (choose from %s)" % (n, ",".join(choices)))
        return names
    return parse


def rusage_cpu():
    import resource
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def cmd_cpu(args):
    import cpu
    name, wrong, expect = workload("cpu"), 0, None
    for rep in range(args.reps):
        # Each round runs serial first and then every mode once, as wl_cpu does, so a burst of
        # load elsewhere slows one run of each mode rather than every run of one mode. The serial
        # count of the first round is the reference answer.
        for mode in ["serial"] + [m for m in args.modes if m != "serial"]:
            for workers in [1] if mode == "serial" else args.workers:
                t0 = time.perf_counter()
                got, cpu_s = cpu.MODES[mode](args.limit, workers, args.chunk)
                dt = time.perf_counter() - t0
                got += mode == args.fault  # --fault: a planted wrong answer
                if expect is None:
                    expect = got
                result(name, mode, workers, rep, dt, got, got == expect, cpu_s)
                wrong += got != expect
    return finish(wrong, "primes below %d" % args.limit, expect)


def cmd_io(args):
    import random
    import netcheck
    name, wrong = workload("io"), 0
    server = netcheck.Server(args.delay_ms / 1000.0)
    try:
        for rep in range(args.reps):
            for mode in ["serial"] + [m for m in args.modes if m != "serial"]:
                for workers in [1] if mode == "serial" else args.workers:
                    nonce = random.getrandbits(31)
                    tasks = [(i, server.port, nonce) for i in range(args.requests)]
                    expect = sum(netcheck.token(i, nonce) for i in range(args.requests))
                    c0, t0 = rusage_cpu(), time.perf_counter()
                    got = netcheck.MODES[mode](tasks, workers)
                    dt, cpu_s = time.perf_counter() - t0, rusage_cpu() - c0
                    got += mode == args.fault
                    result(name, mode, workers, rep, dt, got, got == expect, cpu_s)
                    wrong += got != expect
    finally:
        server.stop()
    return finish(wrong, "the sum of the server's answers", None)


def cmd_start(args):
    import start
    name, wrong = workload("start"), 0
    for rep in range(args.reps):
        for mode in args.modes:
            # The first forkserver start also starts the fork server (once per program): time it
            # apart, or it would hide in the average of the later, cheap starts.
            if mode == "forkserver" and rep == 0:
                t0 = time.perf_counter()
                code = start.MODES[mode](mode)
                dt = time.perf_counter() - t0
                result(name, "forkserver-first", 1, rep, dt, code, code == start.CHILD_CODE,
                       None)
                wrong += code != start.CHILD_CODE
            # spawn boots a whole interpreter each time: fewer of them keep the run short.
            n = max(1, args.iterations // 5) if mode == "spawn" else args.iterations
            t0 = time.perf_counter()
            good = sum(start.MODES[mode](mode) == start.CHILD_CODE for _ in range(n))
            dt = (time.perf_counter() - t0) / n
            result(name, mode, 1, rep, dt, good, good == n, None)
            wrong += good != n
    return finish(wrong, "every child's exit code", None)


def cmd_info(args):
    del args
    print("PYTHON %s %s gil=%s default-start=%s cores=%d" % (
        sys.executable, sys.version.split()[0], "on" if gil_enabled() else "off",
        multiprocessing.get_start_method(), len(os.sched_getaffinity(0))))
    return 0


def finish(wrong, what, expect):
    if wrong:
        print("wl_py: %d run(s) gave a wrong answer (checking %s%s)" % (
            wrong, what, "" if expect is None else ", expected %d" % expect), file=sys.stderr)
        return 1
    return 0


def parser():
    p = argparse.ArgumentParser(prog="wl_py", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("cpu", help="CPU-bound prime count")
    c.add_argument("--limit", type=lambda t: ints(t)[0], default=500000)
    c.add_argument("--workers", type=ints, default=[1, 2, 4])
    c.add_argument("--chunk", type=lambda t: ints(t)[0], default=2000,
                   help="numbers per task handed to a free worker (default 2000)")
    c.add_argument("--modes", type=words(["serial", "threads", "fork", "spawn", "forkserver"]),
                   default=["serial", "threads", "fork", "spawn", "forkserver"])
    i = sub.add_parser("io", help="I/O-bound server check")
    i.add_argument("--requests", type=lambda t: ints(t)[0], default=40)
    i.add_argument("--delay-ms", type=lambda t: ints(t)[0], default=20)
    i.add_argument("--workers", type=ints, default=[1, 2, 5, 10, 40])
    i.add_argument("--modes", type=words(["serial", "threads", "asyncio", "processes"]),
                   default=["serial", "threads", "asyncio", "processes"])
    s = sub.add_parser("start", help="start-up cost of a thread and of each start method")
    s.add_argument("--iterations", type=lambda t: ints(t)[0], default=20)
    s.add_argument("--modes", type=words(["thread", "fork", "spawn", "forkserver"]),
                   default=["thread", "fork", "spawn", "forkserver"])
    for q in (c, i, s):
        q.add_argument("--reps", type=lambda t: ints(t)[0], default=3)
    for q in (c, i):
        q.add_argument("--fault", default="",
                       help="add one to MODE's answer, to show that a wrong answer fails")
    sub.add_parser("info", help="the interpreter and its GIL")
    return p


def main():
    args = parser().parse_args()
    command = {"cpu": cmd_cpu, "io": cmd_io, "start": cmd_start, "info": cmd_info}[args.command]
    try:
        return command(args)
    except Exception as e:  # a crash is not a wrong answer: say so, with its own status
        print("wl_py: error: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
