"""I/O-bound modes of the Python workload: the connectivity check of the course notes. A forked
child serves one loopback port, answering each request after a delay; the modes check N requests
serially, with threads, with asyncio coroutines and with a pool of processes."""

import asyncio
import multiprocessing
import socket
import threading


def token(index, nonce):
    """What the server must answer to request `index` of the run with this nonce. A fresh nonce
    per run means an answer from another run, or to another request, cannot pass the check."""
    return (index * 2654435761 + nonce) % (1 << 32)


def _serve(sock, delay):
    # The server lives in its own process, so its work never competes with the clients for our
    # GIL: what we measure is the clients' waiting, not the server's.
    async def handle(reader, writer):
        index, nonce = map(int, (await reader.readline()).split())
        await asyncio.sleep(delay)
        writer.write(b"%d\n" % token(index, nonce))
        await writer.drain()
        writer.close()

    async def main():
        server = await asyncio.start_server(handle, sock=sock)
        await server.serve_forever()

    asyncio.run(main())


class Server:
    """The delayed-answer server, started before any client thread exists so that forking it is
    safe, and stopped by stop()."""

    def __init__(self, delay):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))  # the kernel picks a free port
        sock.listen(256)
        self.port = sock.getsockname()[1]
        self._proc = multiprocessing.get_context("fork").Process(
            target=_serve, args=(sock, delay), daemon=True)
        self._proc.start()
        sock.close()  # the child holds its own copy of the listening socket
        # One request before any run: the child needs a moment to start its event loop, and the
        # first run must not be charged for it. It also proves the server answers right.
        if check_one((0, self.port, 1)) != token(0, 1):
            self.stop()
            raise RuntimeError("the server's first answer was wrong")

    def stop(self):
        self._proc.terminate()
        self._proc.join()


def check_one(task):
    """Ask the server once and return its answer: connect, send, wait, read. A blocking socket
    call releases the GIL while it waits, which is why threads help here."""
    index, port, nonce = task
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(b"%d %d\n" % (index, nonce))
        answer = b""
        while not answer.endswith(b"\n"):
            data = conn.recv(64)
            if not data:
                raise ConnectionError("server closed the connection before answering")
            answer += data
    return int(answer)


def run_serial(tasks, workers):
    del workers
    return sum(check_one(t) for t in tasks)


def run_threads(tasks, workers):
    lock = threading.Lock()
    pending = iter(tasks)
    sums = [0] * workers

    def work(slot):
        while True:
            with lock:  # an iterator is not safe to advance from two threads at once
                task = next(pending, None)
            if task is None:
                return
            sums[slot] += check_one(task)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(sums)


async def _check_one_async(task):
    index, port, nonce = task
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"%d %d\n" % (index, nonce))
    await writer.drain()
    answer = int(await reader.readline())
    writer.close()
    await writer.wait_closed()
    return answer


def run_asyncio(tasks, workers):
    # One thread, `workers` coroutines in flight: each await hands the thread back to the event
    # loop, which runs whichever coroutine's answer has arrived. No lock: only one thread.
    async def main():
        pending = iter(tasks)

        async def work():
            total = 0
            for task in pending:
                total += await _check_one_async(task)
            return total

        return sum(await asyncio.gather(*(work() for _ in range(workers))))

    return asyncio.run(main())


def run_processes(tasks, workers):
    # fork, so the pool starts fast; the pool's start-up is inside the timed run, as for CPU.
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        return sum(pool.imap_unordered(check_one, tasks))
    finally:
        pool.close()
        pool.join()


MODES = {
    "serial": run_serial,
    "threads": run_threads,
    "asyncio": run_asyncio,
    "processes": run_processes,
}
