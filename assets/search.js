/* search.js — the site's search, without a framework. baocao writes the index at build time
 * (gen/html/search.h): search-index.js (the reports, the indicators' values) and one
 * YYYY-MM/search.js per report, scripts that hand their data to baocaoSearch, so that the
 * search also works on a site opened from disk (a browser fetches no JSON from file://).
 * They are loaded when the reader first uses the search box, not with the page.
 *
 * Vietnamese is folded both ways: the text and the query lose case, tone marks and the
 * stroke of đ, so "can cuoc", "CĂN CƯỚC" and "căn cước" find the same; a result that has
 * the query's own marks ranks first. Words match at the start of a word (the last one as
 * a prefix while it is being typed), all words in the same paragraph; "quoted words" must
 * stand together. Without JavaScript, or in a browser without DecompressionStream, the
 * search box stays hidden (the form has the hidden attribute). */
(function () {
	'use strict';
	var script = document.currentScript;
	if (!script || typeof DecompressionStream !== 'function' || typeof Blob !== 'function' ||
	    !''.normalize) return;
	var root = script.src.replace(/assets\/search\.js([?#].*)?$/, '');

	var PAGE = 20;        /* results shown at a time */
	var PER_SECTION = 2;  /* results shown from one section (the others are counted) */
	var MAX_MATCHES = 1000; /* paragraphs ranked; beyond, "more than" */
	var MIN_CHARS = 2;      /* a single letter starts a tenth of all words: it waits */

	/* ---- folding: one character of the text gives one of the folded text, so that a
	 * match's offsets are the same in both ---- */
	var folded = Object.create(null);
	function foldChar(c) {
		var f = folded[c];
		if (f === undefined) {
			f = c.normalize('NFD').charAt(0).toLowerCase().charAt(0) || c;
			if (f === '\u0111') f = 'd'; /* đ */
			folded[c] = f;
		}
		return f;
	}
	function fold(s) {
		var f = s.replace(/[^\x00-\x7f]/g, foldChar).toLowerCase();
		if (f.length === s.length) return f;
		var out = ''; /* a lowercase that changed the length: one character at a time */
		for (var i = 0; i < s.length; i++) out += foldChar(s.charAt(i)).toLowerCase().charAt(0);
		return out;
	}
	function isWord(c) { /* a letter or a digit of the folded text */
		return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c >= 0xc0;
	}

	/* ---- the documents: the indicators, then the reports, newest first ---- */
	var docs = [];
	var byKey = Object.create(null);
	var state = 'idle'; /* idle, loading, ready */
	var expected = 0, arrived = 0;

	/* [n, "TEXT"]: n bytes of zlib data, seven bits a character (gen/html/search.c,
	 * put_sevens), inflated to text. A character under U+0080 is seven bits; U+0100 + 64 k + b
	 * is the k-th of NUL, LF, CR, '"', '\\' (as seven bits) and then the six bits b. */
	var ESCAPED = [0, 10, 13, 34, 92];
	function inflate(n, s) {
		var bytes = new Uint8Array(n), o = 0, acc = 0, bits = 0;
		for (var i = 0; i < s.length && o < n; i++) {
			var c = s.charCodeAt(i);
			if (c < 128) {
				acc = acc << 7 | c;
				bits += 7;
			} else {
				c -= 256;
				acc = acc << 13 | ESCAPED[c >> 6] << 6 | c & 63;
				bits += 13;
			}
			while (bits >= 8 && o < n) {
				bits -= 8;
				bytes[o++] = acc >>> bits & 255;
			}
			acc &= (1 << bits) - 1;
		}
		var stream = new Blob([bytes]).stream()
			.pipeThrough(new DecompressionStream('deflate'));
		return new Response(stream).text();
	}

	/* "#REF\tHEADING" starts a section (its heading is a block too), any other line is a
	 * block of the section */
	function fill(doc, text) {
		var lines = text.split('\n'), blocks = [], starts = [], sec = [], head = [];
		var pos = 0, s = -1;
		for (var i = 0; i < lines.length; i++) {
			var line = lines[i];
			if (!line) continue;
			var isHead = line.charAt(0) === '#';
			if (isHead) {
				var tab = line.indexOf('\t');
				doc.sections.push({ref: line.slice(1, tab), title: line.slice(tab + 1)});
				s++;
				line = line.slice(tab + 1);
			} else if (line.charAt(0) === ' ') {
				line = line.slice(1); /* a block that starts with '#' or a tab */
			}
			blocks.push(line);
			starts.push(pos);
			sec.push(s < 0 ? 0 : s);
			head.push(isHead);
			pos += line.length + 1;
		}
		if (!doc.sections.length) doc.sections.push({ref: '', title: ''});
		doc.text = blocks.join('\n');
		doc.folded = fold(doc.text);
		/* for the query's own marks; made now, not on the first key that has some */
		doc.lower = doc.text.toLowerCase();
		if (doc.lower.length !== doc.text.length) doc.lower = null;
		doc.starts = starts;
		doc.sec = sec;
		doc.head = head;
		doc.ready = true;
	}

	function progress() {
		arrived++;
		if (arrived >= expected) state = 'ready';
		schedule();
	}

	window.baocaoSearch = {
		index: function (data) {
			var ind = {key: '', url: '', label: 'Chỉ số', sections: [], ready: false};
			docs.push(ind);
			(data.reports || []).forEach(function (r) {
				var d = {key: r.key, url: r.url, label: r.label, sections: [], ready: false};
				docs.push(d);
				byKey[r.key] = d;
			});
			expected = docs.length;
			var i = data.indicators || [0, ''];
			inflate(i[0], i[1]).then(function (t) { fill(ind, t); progress(); }, progress);
			(data.reports || []).forEach(function (r) { load(root + r.part, progress); });
		},
		part: function (key, n, z) {
			var d = byKey[key];
			if (!d) return;
			inflate(n, z).then(function (t) { fill(d, t); progress(); }, progress);
		},
		lastMs: 0, /* how long the last search and its drawing took: for the benchmark */
		ready: function () { return state === 'ready'; }
	};

	function load(src, onerror) {
		var s = document.createElement('script');
		s.src = src;
		s.async = true;
		if (onerror) s.onerror = onerror;
		document.head.appendChild(s);
	}

	function start() {
		if (state !== 'idle') return;
		state = 'loading';
		load(root + 'search-index.js', function () { state = 'idle'; status('Không tải được chỉ mục tìm kiếm.'); });
	}

	/* ---- the query ---- */

	var EDGE = /^[^0-9a-z\u00c0-\uffff]+|[^0-9a-z\u00c0-\uffff]+$/g;

	/* terms: {t: folded text, prefix: may end inside a word}; words: the bare words, for the
	 * phrase bonus; exact: the query with its marks, lowercase, when it has any */
	function parse(q) {
		q = q.normalize('NFC').replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
		var fq = fold(q), terms = [], words = [], m, re = /"([^"]*)"?|([^\s"]+)/g;
		var ends = /\s$/.test(q);
		while ((m = re.exec(fq))) {
			if (m[1] !== undefined) {
				var ph = m[1].replace(EDGE, '').replace(/\s+/g, ' ');
				if (ph) terms.push({t: ph, prefix: false});
			} else {
				var w = m[2].replace(EDGE, '');
				if (w) {
					terms.push({t: w, prefix: false, bare: true});
					words.push(w);
				}
			}
		}
		var last = terms[terms.length - 1];
		if (last && last.bare && !ends) last.prefix = true;
		var lower = q.toLowerCase().replace(/"/g, ' ').replace(/\s+/g, ' ').trim();
		return {terms: terms, words: words, exact: /[^\x00-\x7f]/.test(lower) ? lower : ''};
	}

	/* the next position from `from` where term t starts a word (and ends one, unless it is
	 * a prefix), or -1 */
	function find(F, t, from) {
		var n = t.t.length;
		for (;;) {
			var p = F.indexOf(t.t, from);
			if (p < 0) return -1;
			if ((p === 0 || !isWord(F.charCodeAt(p - 1))) &&
			    (t.prefix || p + n >= F.length || !isWord(F.charCodeAt(p + n)))) return p;
			from = p + 1;
		}
	}

	/* The blocks of doc d that hold every term, in order, each {d, b, p: first match, s:
	 * score}. Blocks are visited in order, so each term's next match is looked for once
	 * per block at most (the positions only move forward). */
	function searchDoc(di, q, out) {
		var d = docs[di];
		if (!d.ready) return;
		var F = d.folded, starts = d.starts, nb = starts.length;
		var order = q.terms.slice().sort(function (a, b) { return b.t.length - a.t.length; });
		var drive = order[0], others = order.slice(1), next = others.map(function () { return -2; });
		/* the bonuses: all the words together; the query's own marks */
		var phrase = q.words.length > 1 ? {t: q.words.join(' '), prefix: q.terms[q.terms.length - 1].prefix} : null;
		var nextPhrase = -2, nextExact = -2, lower = null;
		if (q.exact) lower = d.lower;
		var b = 0, p = find(F, drive, 0);
		while (p >= 0 && out.length < MAX_MATCHES) {
			while (b + 1 < nb && starts[b + 1] <= p) b++;
			var bs = starts[b], be = b + 1 < nb ? starts[b + 1] - 1 : F.length, ok = true, first = p;
			for (var k = 0; k < others.length; k++) {
				if (next[k] === -1) return; /* a term that occurs no more: no more blocks */
				if (next[k] < bs) next[k] = find(F, others[k], bs);
				if (next[k] < 0 || next[k] >= be) { ok = false; if (next[k] === -1) return; break; }
				if (next[k] < first) first = next[k];
			}
			if (ok) {
				var sc = d.head[b] ? 3 : 0;
				if (phrase) {
					if (nextPhrase !== -1 && nextPhrase < bs) nextPhrase = find(F, phrase, bs);
					if (nextPhrase >= bs && nextPhrase < be) sc += 4;
				}
				if (lower) {
					if (nextExact !== -1 && nextExact < bs) nextExact = lower.indexOf(q.exact, bs);
					if (nextExact >= bs && nextExact < be) sc += 2;
				}
				out.push({d: di, b: b, p: first, s: sc});
			}
			p = find(F, drive, be + 1);
		}
	}

	/* ---- the page ---- */

	var form = document.querySelector('form.site-search');
	var input = form && form.querySelector('input');
	var panel = document.querySelector('section.search-results');
	if (!form || !input || !panel) return;
	var statusEl = document.createElement('p');
	statusEl.className = 'search-status';
	statusEl.setAttribute('role', 'status');
	var list = document.createElement('ol');
	list.className = 'search-list';
	var more = document.createElement('button');
	more.type = 'button';
	more.className = 'search-more';
	more.textContent = 'Xem thêm kết quả';
	more.hidden = true;
	panel.appendChild(statusEl);
	panel.appendChild(list);
	panel.appendChild(more);
	form.hidden = false;

	var results = [], shown = 0, lastQuery = null;

	function status(text) { statusEl.textContent = text; }

	/* a table row's cells are separated by tabs */
	function cells(s) { return s.replace(/\t/g, ' \u00b7 '); }

	/* T[from, to) into `into`, the terms' matches (F's offsets) as <mark> */
	function marked(T, F, from, to, q, into) {
		var marks = [];
		q.terms.forEach(function (t) {
			for (var p = find(F, t, from); p >= 0 && p < to; p = find(F, t, p + 1)) {
				var e = p + t.t.length;
				if (t.prefix) while (e < to && isWord(F.charCodeAt(e))) e++;
				marks.push([p, Math.min(e, to)]);
			}
		});
		marks.sort(function (a, b) { return a[0] - b[0]; });
		var at = from;
		marks.forEach(function (r) {
			if (r[1] <= at) return;
			var s = Math.max(r[0], at);
			if (s > at) into.appendChild(document.createTextNode(cells(T.slice(at, s))));
			var mk = document.createElement('mark');
			mk.textContent = cells(T.slice(s, r[1]));
			into.appendChild(mk);
			at = r[1];
		});
		if (to > at) into.appendChild(document.createTextNode(cells(T.slice(at, to))));
	}

	function blockEnd(d, b) { return b + 1 < d.starts.length ? d.starts[b + 1] - 1 : d.text.length; }

	/* about 220 characters of block b around position p, cut at spaces */
	function snippet(d, b, p, q, into) {
		var T = d.text, bs = d.starts[b], be = blockEnd(d, b);
		var from = Math.max(bs, p - 70), to = Math.min(be, from + 220);
		if (from > bs) { var sp = T.indexOf(' ', from); if (sp >= 0 && sp < p) from = sp + 1; }
		if (to < be) { var sp2 = T.lastIndexOf(' ', to); if (sp2 > p) to = sp2; }
		if (from > bs) into.appendChild(document.createTextNode('…'));
		marked(T, d.folded, from, to, q, into);
		if (to < be) into.appendChild(document.createTextNode('…'));
	}

	function item(m, q) {
		var d = docs[m.d], si = d.sec[m.b], sec = d.sections[si];
		var li = document.createElement('li');
		var a = document.createElement('a');
		a.href = root + d.url + sec.ref;
		var where = document.createElement('span');
		where.className = 'search-doc';
		where.textContent = d.label;
		a.appendChild(where);
		/* the section's heading, which is the block itself when the heading matched */
		var own = d.head[m.b];
		if (sec.title && (si > 0 || !d.key)) {
			a.appendChild(document.createTextNode(' › '));
			var h = document.createElement('span');
			h.className = 'search-section';
			if (own) marked(d.text, d.folded, d.starts[m.b], blockEnd(d, m.b), q, h);
			else h.textContent = sec.title;
			a.appendChild(h);
		} else if (own && d.key) { /* the report's title */
			a.appendChild(document.createTextNode(': '));
			var t = document.createElement('span');
			t.className = 'search-section';
			marked(d.text, d.folded, d.starts[m.b], blockEnd(d, m.b), q, t);
			a.appendChild(t);
		}
		li.appendChild(a);
		/* a heading's result shows the start of the text under it */
		var b = m.b, p = m.p;
		if (own) {
			if (b + 1 >= d.starts.length || d.head[b + 1] || d.sec[b + 1] !== si) return li;
			b++;
			p = d.starts[b];
		}
		var para = document.createElement('p');
		para.className = 'search-snippet';
		snippet(d, b, p, q, para);
		li.appendChild(para);
		return li;
	}

	function showMore(q) {
		var frag = document.createDocumentFragment();
		var end = Math.min(results.length, shown + PAGE);
		for (; shown < end; shown++) frag.appendChild(item(results[shown], q));
		list.appendChild(frag);
		more.hidden = shown >= results.length;
	}

	var current = null;
	function run() {
		var t0 = performance.now();
		var text = input.value;
		if (!text.trim()) {
			panel.hidden = true;
			list.textContent = '';
			lastQuery = null;
			return;
		}
		panel.hidden = false;
		var q = parse(text);
		current = q;
		if (text.trim().length < MIN_CHARS) {
			list.textContent = '';
			more.hidden = true;
			status('Gõ thêm để tìm…');
			lastQuery = text;
			window.baocaoSearch.lastMs = performance.now() - t0;
			return;
		}
		var found = [];
		if (q.terms.length)
			for (var i = 0; i < docs.length && found.length < MAX_MATCHES; i++) searchDoc(i, q, found);
		found.sort(function (a, b) { return b.s - a.s || a.d - b.d || a.b - b.b; });
		/* a few results a section (the rest are counted); a heading's result shows the
		 * block under it, which is then not a result of its own */
		var per = Object.create(null), under = Object.create(null);
		results = found.filter(function (m) {
			var d = docs[m.d];
			if (under[m.d + ':' + m.b]) return false;
			var k = m.d + ':' + d.sec[m.b];
			per[k] = (per[k] || 0) + 1;
			if (per[k] > PER_SECTION) return false;
			if (d.head[m.b]) under[m.d + ':' + (m.b + 1)] = true;
			return true;
		});
		list.textContent = '';
		shown = 0;
		showMore(q);
		var n = found.length, label = '“' + text.trim().replace(/["\u201c\u201d]/g, '') + '”';
		var loading = state !== 'ready' ? ' (đang tải: ' + arrived + '/' + (expected || '…') + ' phần)' : '';
		status(n ? (n >= MAX_MATCHES ? 'Hơn ' + MAX_MATCHES : n) + ' đoạn có ' + label + loading
			 : (state === 'ready' ? 'Không tìm thấy ' + label + '.' : 'Đang tải chỉ mục tìm kiếm' + loading + '…'));
		lastQuery = text;
		window.baocaoSearch.lastMs = performance.now() - t0;
	}

	var timer = 0;
	function schedule() { /* more of the index arrived: search again, at most every 100 ms */
		if (lastQuery === null || timer) return;
		timer = setTimeout(function () { timer = 0; run(); }, 100);
	}

	input.addEventListener('focus', start);
	input.addEventListener('input', function () { start(); run(); });
	input.addEventListener('keydown', function (e) {
		if (e.key === 'Escape') { input.value = ''; run(); }
	});
	more.addEventListener('click', function () { if (current) showMore(current); });
	form.addEventListener('submit', function (e) {
		e.preventDefault(); /* Enter: to the first result */
		var a = list.querySelector('a');
		if (a) window.location.href = a.href;
	});
	var q0 = /[?&]q=([^&#]*)/.exec(window.location.search);
	if (q0) {
		input.value = decodeURIComponent(q0[1].replace(/\+/g, ' '));
		start();
		run();
	}
})();
