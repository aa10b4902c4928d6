#!/usr/bin/env python3
"""Checks one rendered timeline page: its DOM after the script ran, its screenshot, its requests.

Usage: check_page.py DOM.html SHOT.png NETLOG.json CHECK...
A CHECK is lanes=main,T1,T2 (exactly those lanes), min:CLASS=N (at least N elements of that
class), text=STRING (the rendered text contains it). Exits 1 naming every failed check."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'grading'))
import browser_check  # noqa: E402  (the PNG decoder both browser tests share)


def png_pixels(path):
    """Rows of RGB tuples of Chromium's screenshot, decoded by the browser test's decoder."""
    _, _, bpp, lines = browser_check.png_pixels(path)
    return [[tuple(line[i:i + 3]) for i in range(0, len(line), bpp)] for line in lines]


def main():
    dom_path, shot, netlog, checks = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    dom = open(dom_path, encoding='utf-8').read()
    text = re.sub(r'<[^>]*>', ' ', re.sub(r'<script.*?</script>', ' ', dom, flags=re.S))
    text = text.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>')
    bad = []
    for c in checks:
        if c.startswith('lanes='):
            got = re.findall(r'<g class="lane" data-thread="([^"]*)"', dom)
            if got != c[6:].split(','):
                bad.append('lanes %s, expected %s' % (got, c[6:]))
        elif c.startswith('min:'):
            cls, n = c[4:].split('=')
            got = len(re.findall(r'class="%s[" ]' % re.escape(cls), dom))
            if got < int(n):
                bad.append('%d elements of class %s, expected at least %s' % (got, cls, n))
        elif c.startswith('text='):
            if c[5:] not in text:
                bad.append('no text %r on the page' % c[5:])
        else:
            bad.append('unknown check ' + c)
    rows = png_pixels(shot)
    pixels = [p for r in rows[::4] for p in r[::4]]
    colours = len(set(pixels))
    ink = sum(1 for p in pixels if sum(p) < 600) / max(1, len(pixels))
    if colours < 12 or ink < 0.03:
        bad.append('the screenshot looks blank: %d colours, %.1f%% ink' % (colours, ink * 100))
    log = json.load(open(netlog))
    names = {v: k for k, v in log['constants']['logEventTypes'].items()}
    for e in log['events']:
        p = e.get('params', {})
        # Chromium's own background requests have no origin; the page's would have one.
        if names.get(e['type']) == 'URL_REQUEST_START_JOB' and p.get('url') and \
                p.get('initiator') != 'not an origin':
            bad.append('the page requested ' + p['url'])
    for b in bad:
        print('timeline page: ' + b)
    print('timeline page: %s, %d colours, %.1f%% ink' % ('FAILED' if bad else 'ok', colours,
                                                         ink * 100))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
