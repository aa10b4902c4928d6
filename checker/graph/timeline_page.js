/* racelab timeline page: draws the lanes from the JSON data block; no network, no libraries. */
(function () {
	'use strict';
	var D = JSON.parse(document.getElementById('data').textContent);
	var NS = 'http://www.w3.org/2000/svg';
	var LANE = 46, TOP = 34, LEFT = 70, RIGHT = 30;
	var T = {};
	D.types.forEach(function (n, i) { T[n] = i; });
	var mode = 'time', zoom = 1, step = D.mark >= 0 ? D.mark : 0;

	function el(tag, attrs, parent, text) {
		var e = document.createElementNS(NS, tag);
		for (var k in attrs) e.setAttribute(k, attrs[k]);
		if (text !== undefined) e.appendChild(document.createTextNode(text));
		if (parent) parent.appendChild(e);
		return e;
	}
	function tname(n) { return n === 0 ? 'main' : 'T' + n; }
	function oname(id) {
		var o = D.objs[id];
		return o ? o[0] + ' ' + o[1] : (id ? 'L' + id : '');
	}
	function site(i) {
		var s = D.sites[i];
		return s ? s[0] + ':' + s[1] + (s[2] ? ' (' + s[2] + ')' : '') : 'unknown place';
	}
	function srcline(i) {
		var s = D.sites[i];
		if (!s) return '';
		var f = D.src[s[0]];
		return f && f[s[1]] !== undefined ? f[s[1]] : '';
	}
	function hit(e) {
		var s = D.sites[e[6]];
		return !!(s && D.hitfile && s[0] === D.hitfile && s[1] === D.hitline);
	}
	function describe(e) {
		var t = D.types[e[3]], who = tname(e[2]);
		var what = {
			start: 'starts', exit: 'exits', create: 'creates ' + tname(e[5]),
			wait: 'waits for ' + (e[4] ? oname(e[4]) : D.waits[e[5]]),
			wake: 'wakes up from ' + (e[4] ? oname(e[4]) : D.waits[e[5]]),
			acq: 'takes ' + oname(e[4]), rel: 'releases ' + oname(e[4]),
			signal: 'signals ' + oname(e[4]), broadcast: 'broadcasts ' + oname(e[4]),
			post: 'posts ' + oname(e[4]), block: 'calls ' + D.calls[e[5]] + '()',
			unblock: 'returns from ' + D.calls[e[5]] + '()'
		}[t] || t;
		return who + ' ' + what;
	}
	function ms(us) { return (us / 1000).toFixed(us < 10000 ? 3 : 1) + ' ms'; }

	/*
	 * x of each event: by time (never earlier than the event before it) or by order. Where
	 * events were dropped the time axis jumps: a gap takes a fixed width, not its duration.
	 */
	var xs = [], span = 1, GAPW = 36;
	function layout() {
		var full = Math.max(600, (document.body.clientWidth - 40) * zoom) - LEFT - RIGHT;
		/* Room after the last event for what never ended (a deadlock's waits). */
		var W = full * 0.92;
		var gapAfter = {}, n = D.ev.length, vt = [], acc = 0, ng = 0;
		D.gaps.forEach(function (g) { gapAfter[g[0]] = true; });
		span = full;
		for (var i = 0; i < n; i++) {
			if (i && !gapAfter[i - 1]) acc += Math.max(0, D.ev[i][1] - D.ev[i - 1][1]);
			vt.push(acc);
		}
		var eps = Math.max(acc, 1) / Math.max(1, n) / 20, last = 0, gw = D.gaps.length * GAPW;
		xs = [];
		for (i = 0; i < n; i++) {
			if (i && gapAfter[i - 1]) ng++;
			if (mode === 'order') {
				xs.push(LEFT + (n > 1 ? i / (n - 1) : 0) * W);
				continue;
			}
			last = i ? Math.max(vt[i], last + eps) : 0;
			xs.push(LEFT + ng * GAPW + last / Math.max(acc + eps * n, 1) * (W - gw));
		}
		return full + LEFT + RIGHT;
	}

	var lanes = {};
	D.threads.forEach(function (n, i) { lanes[n] = i; });
	function ly(th) { return TOP + lanes[th] * LANE; }

	function draw() {
		var width = layout(), svg = document.getElementById('tl');
		while (svg.firstChild) svg.removeChild(svg.firstChild);
		var height = TOP + D.threads.length * LANE + 20;
		svg.setAttribute('width', width);
		svg.setAttribute('height', height);
		var defs = el('defs', {}, svg);
		var m = el('marker', { id: 'arr', viewBox: '0 0 10 10', refX: 9, refY: 5,
			markerWidth: 7, markerHeight: 7, orient: 'auto' }, defs);
		el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#37474f' }, m);
		m = el('marker', { id: 'arrw', viewBox: '0 0 10 10', refX: 9, refY: 5,
			markerWidth: 7, markerHeight: 7, orient: 'auto' }, defs);
		el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8e24aa' }, m);
		var p = el('pattern', { id: 'hatch', width: 6, height: 6,
			patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
		el('rect', { width: 3, height: 6, fill: '#ccc' }, p);

		D.threads.forEach(function (n, i) {
			var g = el('g', { 'class': 'lane', 'data-thread': tname(n) }, svg);
			el('rect', { 'class': 'lanebg' + (i % 2 ? ' odd' : ''), x: 0, y: ly(n) - 6,
				width: width, height: LANE }, g);
			el('text', { 'class': 'lanename', x: 8, y: ly(n) + 18 }, g, tname(n));
		});
		el('text', { x: LEFT, y: 16 }, svg, mode === 'time' ?
			'time \u2192 (' + ms(D.ev.length ? D.ev[D.ev.length - 1][1] - D.ev[0][1] : 0) +
			' in all)' : 'events in order \u2192');

		/* Per thread: alive span, open holds, open wait, open call. */
		var st = {}, shapes = [];
		function S(th) {
			return st[th] || (st[th] = { start: null, holds: {}, wait: null, call: null });
		}
		function bar(cls, th, i0, i1, row, label, e0) {
			/* i1 < 0: it never ended, the bar runs to the right edge. */
			var x0 = xs[i0], x1 = Math.max(i1 < 0 ? LEFT + span : xs[i1], x0 + 2);
			var y = ly(th) + row;
			if (i1 < 0) i1 = D.ev.length - 1;
			var r = el('rect', { 'class': cls + (hit(e0) ? ' hit' : ''), x: x0, y: y,
				width: x1 - x0, height: row === 0 ? 12 : 14 }, svg);
			el('title', {}, r, label + ' at ' + site(e0[6]) + ', ' +
				ms(D.ev[i1][1] - e0[1]));
			/* The label, cut to the bar (about 6.5 px a character). */
			var fit = Math.floor((x1 - x0 - 6) / 6.5);
			if (fit >= 6)
				el('text', { x: x0 + 3, y: y + 11, 'pointer-events': 'none' }, svg,
					label.length <= fit ? label : label.slice(0, fit - 1) + '\u2026');
			r.addEventListener('mouseover', function () { tip(e0, label); });
			shapes.push(r);
		}
		var lastRel = {}, lastSig = {}, created = {}, end = D.ev.length - 1;
		D.ev.forEach(function (e, i) {
			var th = e[2], s = S(th), t = D.types[e[3]];
			if (s.start === null) s.start = i;
			if (t === 'create') created[e[5]] = i;
			if (t === 'start' && created[th] !== undefined) arrow('wakeup', created[th], i);
			if (t === 'acq') {
				s.holds[e[4]] = i;
				/* A lock waited for: the release that let this thread in. */
				if (s.lockwait) {
					var r = lastRel[e[4]];
					if (r !== undefined && D.ev[r][2] !== th) arrow('handover', r, i);
					s.lockwait = false;
				}
			} else if (t === 'rel') {
				if (s.holds[e[4]] !== undefined) {
					bar('hold', th, s.holds[e[4]], i, 0, 'holds ' + oname(e[4]),
						D.ev[s.holds[e[4]]]);
					delete s.holds[e[4]];
				}
				lastRel[e[4]] = i;
			} else if (t === 'wait') {
				s.wait = i;
			} else if (t === 'wake') {
				if (s.wait !== null) {
					var w = D.waits[D.ev[s.wait][5]], o = D.ev[s.wait][4];
					bar('wait ' + w, th, s.wait, i, 16, 'waits for ' + (o ? oname(o) : w),
						D.ev[s.wait]);
					s.lockwait = w === 'mutex' || w === 'rdlock' || w === 'wrlock';
					var g = lastSig[o];
					if (!s.lockwait && o && g !== undefined && D.ev[g][2] !== th)
						arrow('wakeup', g, i);
					s.wait = null;
				}
			} else if (t === 'signal' || t === 'broadcast' || t === 'post') {
				lastSig[e[4]] = i;
			} else if (t === 'block') {
				s.call = i;
			} else if (t === 'unblock' && s.call !== null) {
				bar('block', th, s.call, i, 16, 'inside ' + D.calls[e[5]] + '()',
					D.ev[s.call]);
				s.call = null;
			} else if (t === 'exit') {
				line('run', th, s.start, i);
				el('line', { 'class': 'exited', x1: xs[i], x2: span + LEFT, y1: ly(th) + 36,
					y2: ly(th) + 36 }, svg);
				s.exited = true;
			}
		});
		/* What never ended: a stuck run's waits and holds run to the edge. */
		var never = D.stuck ? ['never released', 'never woken', 'never returned'] :
			['still held when the log ends', 'when the log ends', 'when the log ends'];
		Object.keys(st).forEach(function (th) {
			var s = st[th];
			th = +th;
			Object.keys(s.holds).forEach(function (o) {
				bar('hold', th, s.holds[o], -1, 0, 'holds ' + oname(+o) + ' (' + never[0] + ')',
					D.ev[s.holds[o]]);
			});
			if (s.wait !== null)
				bar('wait ' + D.waits[D.ev[s.wait][5]], th, s.wait, -1, 16, 'waits for ' +
					(D.ev[s.wait][4] ? oname(D.ev[s.wait][4]) : D.waits[D.ev[s.wait][5]]) +
					' (' + never[1] + ')', D.ev[s.wait]);
			if (s.call !== null)
				bar('block', th, s.call, -1, 16, 'inside ' + D.calls[D.ev[s.call][5]] +
					'() (' + never[2] + ')', D.ev[s.call]);
			if (!s.exited) line('run', th, s.start, end);
		});
		/* Every event as a tick a reader can hover. */
		D.ev.forEach(function (e, i) {
			var c = el('circle', { 'class': 'mark' + (hit(e) ? ' hit' : ''), cx: xs[i],
				cy: ly(e[2]) + 36, r: 3 }, svg);
			el('title', {}, c, '#' + i + ' ' + describe(e) + ' at ' + site(e[6]));
			c.addEventListener('mouseover', function () { tip(e, describe(e)); });
			c.addEventListener('click', function () { step = i; show(); });
		});
		D.gaps.forEach(function (g) {
			var x0 = xs[g[0]], x1 = xs[Math.min(g[0] + 1, end)];
			var r = el('rect', { 'class': 'gap', x: x0, y: TOP - 8, width: Math.max(4, x1 - x0),
				height: D.threads.length * LANE }, svg);
			el('title', {}, r, g[1] + ' events dropped here');
		});
		if (D.mark >= 0) {
			el('line', { 'class': 'breaks', x1: xs[D.mark], x2: xs[D.mark], y1: TOP - 10,
				y2: height - 12 }, svg);
			el('text', { x: xs[D.mark] + 4, y: height - 4, fill: '#c62828' }, svg,
				'breaks here (step ' + D.mark + ')');
		}
		el('line', { id: 'cursor', 'class': 'cursor', x1: 0, x2: 0, y1: TOP - 10,
			y2: height - 12 }, svg);
		show();
	}
	function line(cls, th, i0, i1) {
		el('line', { 'class': cls, x1: xs[i0], x2: xs[i1], y1: ly(th) + 36, y2: ly(th) + 36 },
			document.getElementById('tl'));
	}
	function arrow(cls, i0, i1) {
		var a = D.ev[i0], b = D.ev[i1], y0 = ly(a[2]) + 36, y1 = ly(b[2]) + 30;
		var p = el('path', { 'class': cls, d: 'M' + xs[i0] + ',' + y0 + ' C' + (xs[i0] + 20) +
			',' + y0 + ' ' + (xs[i1] - 20) + ',' + y1 + ' ' + xs[i1] + ',' + y1,
			'data-from': tname(a[2]), 'data-to': tname(b[2]) },
			document.getElementById('tl'));
		el('title', {}, p, cls === 'handover' ? tname(a[2]) + ' releases, ' + tname(b[2]) +
			' takes ' + oname(b[4]) : tname(a[2]) + ' wakes ' + tname(b[2]));
	}
	function tip(e, label) {
		document.getElementById('tip').textContent = label + ' at ' + site(e[6]) + '   ' +
			srcline(e[6]).trim();
	}

	/* Step mode: each thread's state and source line after event `step`. */
	function show() {
		var c = document.getElementById('cursor');
		if (c && xs.length) { c.setAttribute('x1', xs[step]); c.setAttribute('x2', xs[step]); }
		document.getElementById('stepno').textContent = D.ev.length ?
			'step ' + step + ' of ' + (D.ev.length - 1) : 'no events';
		var tb = document.getElementById('steps');
		while (tb.firstChild) tb.removeChild(tb.firstChild);
		var last = {};
		for (var i = 0; i <= step && i < D.ev.length; i++) last[D.ev[i][2]] = i;
		D.threads.forEach(function (th) {
			var tr = document.createElement('tr'), i = last[th];
			if (i === step) tr.className = 'cur';
			[tname(th), i === undefined ? 'not started' : describe(D.ev[i]),
			 i === undefined ? '' : site(D.ev[i][6]),
			 i === undefined ? '' : srcline(D.ev[i][6])].forEach(function (t, k) {
				var td = document.createElement('td');
				if (k === 3) td.className = 'src';
				td.textContent = t;
				tr.appendChild(td);
			});
			tb.appendChild(tr);
		});
		document.getElementById('breakmsg').textContent = step === D.mark ?
			'\u26a0 this step breaks it: ' + (D.kind || '') : '';
	}
	/* The whole run's totals per thread: what the dropped middle did, in numbers. */
	function counts() {
		var box = document.getElementById('counts');
		if (!D.counts.length) return;
		var h = document.createElement('p');
		h.textContent = 'The whole run, dropped events included (' + D.total + ' events):';
		box.appendChild(h);
		var t = document.createElement('table');
		t.id = 'countstable';
		var rows = D.counts.slice().sort(function (a, b) { return a[0] - b[0]; });
		[['thread', 'sync events', 'locks taken', 'waits']].concat(rows.map(function (c) {
			return [tname(c[0]), c[1], c[2], c[3]];
		})).forEach(function (row, k) {
			var tr = document.createElement('tr');
			row.forEach(function (v) {
				var td = document.createElement(k ? 'td' : 'th');
				td.textContent = String(v);
				tr.appendChild(td);
			});
			t.appendChild(tr);
		});
		box.appendChild(t);
	}
	function go(d) {
		step = Math.max(0, Math.min(D.ev.length - 1, step + d));
		show();
	}

	document.getElementById('prev').onclick = function () { go(-1); };
	document.getElementById('next').onclick = function () { go(1); };
	document.getElementById('tomark').onclick = function () {
		if (D.mark >= 0) { step = D.mark; show(); }
	};
	document.getElementById('zin').onclick = function () { zoom *= 2; draw(); };
	document.getElementById('zout').onclick = function () { zoom = Math.max(1, zoom / 2); draw(); };
	['time', 'order'].forEach(function (m) {
		var b = document.getElementById('m' + m);
		b.onclick = function () {
			mode = m;
			document.getElementById('mtime').className = m === 'time' ? 'on' : '';
			document.getElementById('morder').className = m === 'order' ? 'on' : '';
			draw();
		};
	});
	document.addEventListener('keydown', function (ev) {
		if (ev.key === 'ArrowRight') go(1);
		else if (ev.key === 'ArrowLeft') go(-1);
	});
	counts();
	draw();
})();
