/* Search without a server: reads the language's search index (written by
 * wardsite, see generator/search.h) and searches it as the visitor types.
 * The index is split: a small index.json, shards of terms and a fragment
 * per page, so a query downloads only the shards of its words and the
 * fragments of the results it shows.  No framework, no external service.
 * Vietnamese folding matches wardsite's: compatibility decomposition, marks
 * dropped, đ -> d, lower case, anything but letters and digits a break. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch || !window.Map || !"".normalize) return;
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var data = form.dataset;
  var PER = 10;          /* results shown at a time */
  var EXPANSIONS = 30;   /* words a word being typed may stand for */
  var base = new URL(data.index, location.href);
  var meta = null, files = new Map(), shown = [], showing = 0, seq = 0;

  function fold(s) {
    return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[đð]/g, "d").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function load(name) {
    var p = files.get(name);
    if (!p) {
      p = fetch(new URL(name, base)).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      p.catch(function () { files.delete(name); });
      files.set(name, p);
    }
    return p;
  }

  /* The shard that holds term: the last whose first term is not after it. */
  function shardOf(term) {
    var lo = 0, hi = meta.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.shards[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* The terms starting with prefix and their postings (at most EXPANSIONS,
   * from at most three shards); pairs only when prefix has a space. */
  function expand(prefix) {
    var first = shardOf(prefix), names = [];
    for (var k = first; k < meta.shards.length && k < first + 3; k++) {
      if (k > first && meta.shards[k].slice(0, prefix.length) > prefix) break;
      names.push("t" + k + ".json");
    }
    var pair = prefix.indexOf(" ") >= 0;
    return Promise.all(names.map(load)).then(function (shards) {
      var out = [];
      shards.forEach(function (s) {
        Object.keys(s).forEach(function (t) {
          if (out.length < EXPANSIONS && t.lastIndexOf(prefix, 0) === 0 && (t.indexOf(" ") >= 0) === pair)
            out.push(s[t]);
        });
      });
      return out;
    });
  }

  /* A term's postings, or undefined. */
  function lookup(term) {
    return load("t" + shardOf(term) + ".json").then(function (s) {
      return Object.prototype.hasOwnProperty.call(s, term) ? s[term] : undefined;
    });
  }

  /* Postings to a Map page -> score (see search.h: pages as differences in
   * base 36 or a bitmap, then "|" and "difference:score" for scores > 1,
   * or "|=" and a base64url digit for the score of each page). */
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function decode(s) {
    var out = new Map(), parts = s.split("|"), docs = parts[0];
    if (docs.charAt(0) === "~") {
      for (var d = 1; d < docs.length; d++) {
        var v = B64.indexOf(docs.charAt(d));
        for (var k = 0; k < 6; k++) if (v & (1 << k)) out.set((d - 1) * 6 + k, 1);
      }
    } else {
      var at = 0;
      docs.split(",").forEach(function (x) { out.set(at += parseInt(x, 36), 1); });
    }
    if (parts[1] && parts[1].charAt(0) === "=") {
      var n = 1;
      out.forEach(function (v, page) { out.set(page, B64.indexOf(parts[1].charAt(n++))); });
    } else if (parts[1]) {
      var p = 0;
      parts[1].split(",").forEach(function (x) {
        var ds = x.split(":");
        out.set(p += parseInt(ds[0], 36), parseInt(ds[1], 36));
      });
    }
    return out;
  }

  /* The pages of a term; when typing is true and term is not a word of
   * the index, of every term it starts (the word being typed). */
  function pagesOf(term, typing) {
    return lookup(term).then(function (s) {
      if (s !== undefined || !typing) return s === undefined ? [] : [s];
      return expand(term);
    }).then(function (list) {
      var out = new Map();
      list.forEach(function (s) {
        decode(s).forEach(function (v, p) { out.set(p, Math.max(v, out.get(p) || 0)); });
      });
      return out;
    });
  }

  function intersect(maps) {
    var out = new Map(maps[0]);
    for (var i = 1; i < maps.length; i++)
      out.forEach(function (v, p) {
        if (maps[i].has(p)) out.set(p, v + maps[i].get(p)); else out.delete(p);
      });
    return out;
  }

  /* Whether the words i and i + 1 of q must stand together: a number is
   * not a syllable of a word ("kế hoạch 108" is "Kế hoạch số 108"). */
  function paired(q, i) {
    return !/^\d+$/.test(q[i]) && !/^\d+$/.test(q[i + 1]);
  }

  /* Every word is required.  Words that stand together in the query
   * (see paired) are looked up as pairs too: the pages with every pair,
   * the whole phrase, come first, then the others by the score of their
   * words and pairs.  In English a page with the words apart is shown
   * after them.  In Vietnamese, where a word is its syllables written
   * apart, a page is shown only if each syllable of the query stands in
   * it next to the query's syllable before or after it: "quan ho" needs
   * "quan họ", not "quan" and "hồ" apart, while "chỉ tiêu văn hóa" finds
   * "Chỉ tiêu về văn hóa" (the words "chỉ tiêu" and "văn hóa"). */
  function search(q, typing) {
    var words = q.map(function (w, i) { return pagesOf(w, typing && i === q.length - 1); });
    var at = [], pairs = [];
    for (var i = 0; i + 1 < q.length; i++)
      if (paired(q, i)) {
        at.push(i);
        pairs.push(pagesOf(q[i] + " " + q[i + 1], typing && i + 2 === q.length));
      }
    return Promise.all([Promise.all(words), Promise.all(pairs)]).then(function (r) {
      var all = intersect(r[0]), whole = [], part = [];
      all.forEach(function (score, p) {
        var alone = q.map(function (w, k) { return at.indexOf(k) < 0 && at.indexOf(k - 1) < 0; }), n = 0;
        r[1].forEach(function (m, j) {
          if (!m.has(p)) return;
          n++;
          score += 2 * m.get(p);
          alone[at[j]] = alone[at[j] + 1] = true;
        });
        var e = { p: p, score: score };
        if (n === pairs.length) whole.push(e);
        else if (!meta.adjacent || alone.every(Boolean)) part.push(e);
      });
      var order = function (a, b) { return b.score - a.score || a.p - b.p; };
      return whole.sort(order).concat(part.sort(order));
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* The words of text with where they are, each folded. */
  function tokens(text) {
    var out = [], re = /[\p{L}\p{N}\p{M}]+/gu, m;
    while ((m = re.exec(text)) !== null)
      out.push({ at: m.index, end: m.index + m[0].length, f: fold(m[0]).join(" ") });
    return out;
  }

  /* An excerpt of text around the first marked word, null when text has
   * none of the query's words.  Marked (<mark>): every place with words
   * of the query that stand together, in order, and the query's numbers;
   * when there is no such place, every one of the words. */
  var BEFORE = 8, AFTER = 22;
  function excerpt(text, q, typing) {
    var t = tokens(text), i, k;
    var is = function (tok, w) {
      return tok.f === q[w] || (typing && w === q.length - 1 && tok.f.lastIndexOf(q[w], 0) === 0);
    };
    var marked = t.map(function () { return false; }), phrase = false;
    var groups = [[0]];  /* runs of words that stand together */
    for (i = 1; i < q.length; i++)
      if (paired(q, i - 1)) groups[groups.length - 1].push(i); else groups.push([i]);
    groups.forEach(function (g) {
      if (g.length < 2) return;
      for (var j = 0; j + g.length <= t.length; j++) {
        for (k = 0; k < g.length && is(t[j + k], g[k]); k++);
        if (k < g.length) continue;
        for (k = 0; k < g.length; k++) marked[j + k] = true;
        phrase = true;
      }
    });
    if (phrase)  /* the numbers too */
      t.forEach(function (tok, j) {
        groups.forEach(function (g) { if (g.length === 1 && is(tok, g[0])) marked[j] = true; });
      });
    if (!phrase)
      t.forEach(function (tok, j) { marked[j] = q.some(function (w, n) { return is(tok, n); }); });
    var at = marked.indexOf(true);
    if (at < 0) return null;
    var from = Math.max(0, at - BEFORE), to = Math.min(t.length, at + AFTER);
    var p = el("p", "summary excerpt"), pos = t[from].at;
    if (from > 0) p.appendChild(document.createTextNode("…"));
    for (i = from; i < to; i++) {
      if (!marked[i]) continue;
      var end = i;
      while (end + 1 < to && marked[end + 1]) end++;
      p.appendChild(document.createTextNode(text.slice(pos, t[i].at)));
      p.appendChild(el("mark", null, text.slice(t[i].at, t[end].end)));
      pos = t[end].end;
      i = end;
    }
    var last = to < t.length ? t[to - 1].end : text.length;
    p.appendChild(document.createTextNode(text.slice(pos, last) + (to < t.length ? "…" : "")));
    return p;
  }

  function item(pg, q, typing) {
    var li = el("li"), h = el("h2", "page-list-title"), a = el("a", null, pg.title);
    a.href = pg.url;
    h.appendChild(a);
    li.appendChild(h);
    var sec = pg.section >= 0 ? meta.sections[pg.section][0] : null;
    if (pg.date || sec) {
      var m = el("p", "meta");
      if (pg.date) m.appendChild(el("span", null, pg.date));
      if (pg.date && sec) m.appendChild(document.createTextNode(" "));
      if (sec) m.appendChild(el("span", "section-name", sec));
      li.appendChild(m);
    }
    var ex = excerpt(pg.text, q, typing) || excerpt(pg.summary, q, typing);
    if (!ex && pg.summary) ex = el("p", "summary", pg.summary.length > 200 ? pg.summary.slice(0, 200) + "…" : pg.summary);
    if (ex) li.appendChild(ex);
    return li;
  }

  /* The items of the next PER results, their fragments fetched. */
  function next(q, typing) {
    var rs = shown.slice(showing, showing + PER);
    showing += rs.length;
    return Promise.all(rs.map(function (r) { return load("p/" + r.p + ".json"); })).then(function (pgs) {
      return pgs.map(function (pg) { return item(pg, q, typing); });
    });
  }

  /* The word being typed (the last, with no space after it) stands for
   * every word it starts, unless it is a word of the index itself. */
  function typingOf(text, q) {
    if (!/[\p{L}\p{N}]$/u.test(text)) return Promise.resolve(false);
    return lookup(q[q.length - 1]).then(function (s) { return s === undefined; });
  }

  var current = { q: [], typing: false };
  function show(text) {
    var n = ++seq, q = fold(text);
    if (!q.length) {
      list.textContent = "";
      status.textContent = "";
      more.parentNode.hidden = true;
      return;
    }
    var typing;
    typingOf(text, q).then(function (t) {
      typing = t;
      return search(q, typing);
    }).then(function (results) {
      if (n !== seq) return;
      shown = results;
      showing = 0;
      return next(q, typing).then(function (items) {
        if (n !== seq) return;
        var c = results.length;
        current = { q: q, typing: typing };
        list.replaceChildren.apply(list, items);
        more.parentNode.hidden = showing >= shown.length;
        status.textContent = (c === 0 ? data.none : c === 1 ? data.one : data.other.replace("{1}", c))
          .replace("{q}", text.trim());
      });
    }).catch(function () {
      if (n === seq) status.textContent = data.failed;
    });
  }

  var timer = null;
  function update() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value;
      if (history.replaceState) {
        var u = new URL(location.href);
        if (q.trim()) u.searchParams.set("q", q); else u.searchParams.delete("q");
        history.replaceState(null, "", u);
      }
      if (meta) show(q);
    }, 120);
  }

  form.hidden = false;
  var note = document.getElementById("search-nojs");
  if (note) note.hidden = true;
  input.addEventListener("input", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  more.addEventListener("click", function () {
    var n = seq, first = list.children.length;
    next(current.q, current.typing).then(function (items) {
      if (n !== seq) return;
      items.forEach(function (li) { list.appendChild(li); });
      more.parentNode.hidden = showing >= shown.length;
      var a = list.children[first] && list.children[first].querySelector("a");
      if (a) a.focus();
    });
  });
  var q0 = new URLSearchParams(location.search).get("q");
  if (q0) input.value = q0;
  status.textContent = data.loading;
  load("index.json").then(function (j) {
    meta = j;
    status.textContent = "";
    if (input.value) show(input.value);
  }).catch(function () {
    status.textContent = data.failed;
  });
})();
