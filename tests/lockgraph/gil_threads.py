# The GIL tests' program: a worker thread ticks and a spinner thread keeps running Python code (so
# the two want the GIL all the time, and the tracer sees waits for it) while the main thread
# waits, in the way the argument names:
#   holding    gil_ext.wait_holding: poll() with the GIL held (the tracer must report it)
#   releasing  gil_ext.wait_releasing: the same poll() with the GIL released (no finding)
#   plain      no extension: time.sleep, os.read on a pipe, select.poll, threading.Event.wait,
#              all of which CPython releases the GIL around (no finding)
import os
import select
import sys
import threading
import time

mode = sys.argv[1]
done = threading.Event()
ticks = 0


def worker():
    global ticks
    while not done.is_set():
        ticks += 1
        time.sleep(0.005)


def spin():
    n = 0
    while not done.is_set():
        n += 1


def feed(fd):
    time.sleep(0.3)
    os.write(fd, b"x")


t = threading.Thread(target=worker)
t.start()
s = threading.Thread(target=spin)
s.start()
if mode in ("holding", "releasing"):
    import gil_ext
    wait = gil_ext.wait_holding if mode == "holding" else gil_ext.wait_releasing
    for _ in range(3):
        wait(300)
elif mode == "plain":
    time.sleep(0.3)
    r, w = os.pipe()
    writer = threading.Thread(target=feed, args=(w,))
    writer.start()
    os.read(r, 1)
    writer.join()
    p = select.poll()
    p.register(r, select.POLLIN)
    p.poll(300)
    threading.Event().wait(0.3)
else:
    sys.exit(f"unknown mode {mode}")
done.set()
t.join()
s.join()
print(f"{mode}: the worker ticked {ticks} times")
