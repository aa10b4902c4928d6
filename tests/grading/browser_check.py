#!/usr/bin/env python3
"""What the browser test asks of Chromium's output, with nothing but the standard library.

  browser_check.py png FILE       the screenshot is a real picture: not one colour, some ink
  browser_check.py net FILE       the net log holds no request the page made
  browser_check.py console FILE   Chromium's stderr holds no console message from the page

Each prints one line and exits 1 when the check fails.
"""
import json
import struct
import sys
import zlib


def png_pixels(path):
    """Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes): width, height,
    bytes per pixel and the unfiltered rows (bytearrays). tests/timeline/check_page.py uses it too."""
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG')
    pos, idat, width = 8, b'', 0
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body[:13])
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError('PNG colour type %d depth %d interlace %d not handled'
                                 % (ctype, depth, interlace))
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def check_png(path):
    width, height, bpp, rows = png_pixels(path)
    colours, ink = set(), 0
    for line in rows[::2]:
        for x in range(0, width * bpp, bpp * 2):
            px = bytes(line[x:x + 3])
            colours.add(px)
            ink += px != b'\xff\xff\xff'
    sampled = ((height + 1) // 2) * ((width + 1) // 2)
    share = ink / sampled
    print('png: %s %dx%d, %d colours, %.1f%% not white' % (path, width, height, len(colours),
                                                          100 * share))
    # A page with text and a coloured verdict has dozens of colours; a blank one has one.
    return len(colours) >= 8 and share >= 0.005


def check_net(path):
    log = json.load(open(path))
    types = {v: k for k, v in log['constants']['logEventTypes'].items()}
    bad = []
    for e in log['events']:
        p = e.get('params', {})
        if types.get(e['type']) != 'URL_REQUEST_START_JOB' or 'url' not in p:
            continue
        # The browser's own requests (updates, accounts) have no origin; the page's have its own
        # ("null" for a file:// page).
        if p.get('initiator', 'not an origin') != 'not an origin':
            bad.append(p['url'])
    print('net: %s: %d request%s by the page %s' % (path, len(bad), '' if len(bad) == 1 else 's',
                                                    ' '.join(bad[:3])))
    return not bad


def check_console(path):
    lines = [l.strip() for l in open(path, errors='replace') if ':CONSOLE' in l]
    print('console: %s: %d message%s %s' % (path, len(lines), '' if len(lines) == 1 else 's',
                                          ' | '.join(lines[:3])))
    return not lines


if __name__ == '__main__':
    what, path = sys.argv[1], sys.argv[2]
    ok = {'png': check_png, 'net': check_net, 'console': check_console}[what](path)
    sys.exit(0 if ok else 1)
