# A greenhouse monitor: the main thread reads the temperature sensor (a C extension) while a UI
# thread redraws the status line every 10 ms. A reading takes the sensor 0.2 s: the UI must not
# notice.
import sys
import threading
import time

import sensor

frames = 0
done = False


def ui():
    global frames
    while not done:
        frames += 1
        time.sleep(0.010)


t = threading.Thread(target=ui)
t.start()
time.sleep(0.05)

frozen = []
for n in range(3):
    before = frames
    start = time.monotonic()
    celsius = sensor.read_celsius()
    took = time.monotonic() - start
    drawn = frames - before
    print(f"reading {n}: {celsius:.1f} C in {took * 1000:.0f} ms; ui drew {drawn} frames meanwhile "
          f"(about {took / 0.010:.0f} expected)")
    if drawn < took / 0.010 / 4:
        frozen.append(n)

done = True
t.join()
if frozen:
    print(f"FAIL: the ui thread stopped drawing during {len(frozen)} of 3 sensor readings: "
          "every Python thread froze while read_celsius() waited for the sensor")
    sys.exit(1)
print("ok: the ui kept drawing while the sensor converted")
