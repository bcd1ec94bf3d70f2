/* Search without a server: reads the language's search index (written by
 * wardsite) and searches it as the visitor types.  No framework, no
 * external service; works offline once the page and index are loaded.
 * Vietnamese folding matches wardsite's: compatibility decomposition, marks
 * dropped, đ -> d, lower case, anything but letters and digits a break. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch || !"".normalize) return;
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var data = form.dataset;
  var MAX = 50;
  var index = null, words = null, folded = [];

  function fold(s) {
    return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[đð]/g, "d").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  /* A term's pages: differences in base 36 ("0,3,1a"), or a bitmap ("~"
   * and a base64url digit for every six pages). */
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var decoded = new Map();
  function decode(word) {
    var out = decoded.get(word);
    if (out) return out;
    var s = index.terms[word];
    out = [];
    if (s.charAt(0) === "~") {
      for (var d = 1; d < s.length; d++) {
        var v = B64.indexOf(s.charAt(d));
        for (var k = 0; k < 6; k++) if (v & (1 << k)) out.push((d - 1) * 6 + k);
      }
    } else {
      var at = 0, parts = s.split(",");
      for (var i = 0; i < parts.length; i++) out.push(at += parseInt(parts[i], 36));
    }
    decoded.set(word, out);
    return out;
  }

  /* The pages containing a word that starts with w (every word for the
   * last, unfinished one; the whole word for the others when it exists). */
  function pagesFor(w, prefix) {
    var set = new Set(), lo = 0, hi = words.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (words[mid] < w) lo = mid + 1; else hi = mid; }
    for (var i = lo; i < words.length && words[i].lastIndexOf(w, 0) === 0; i++) {
      if (!prefix && words[i] !== w && Object.prototype.hasOwnProperty.call(index.terms, w)) break;
      decode(words[i]).forEach(function (p) { set.add(p); });
    }
    return set;
  }

  function startsAll(titleWords, q) {
    return q.every(function (w) {
      return titleWords.some(function (t) { return t.lastIndexOf(w, 0) === 0; });
    });
  }

  function search(text) {
    var q = fold(text);
    if (!q.length) return null;
    var last = /[\p{L}\p{N}]$/u.test(text);
    var hits = null;
    q.forEach(function (w, i) {
      var s = pagesFor(w, last && i === q.length - 1);
      hits = hits === null ? s : new Set(Array.from(hits).filter(function (p) { return s.has(p); }));
    });
    var phrase = " " + q.join(" ");
    return Array.from(hits).map(function (p) {
      var t = folded[p], score = 0;
      if ((" " + t.join(" ")).indexOf(phrase) >= 0) score = 2;       /* the words, in order, in the title */
      else if (startsAll(t, q)) score = 1;                            /* every word in the title */
      return { p: p, score: score };
    }).sort(function (a, b) { return b.score - a.score || a.p - b.p; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function show(text) {
    var results = search(text);
    list.textContent = "";
    if (results === null) { status.textContent = ""; return; }
    var n = results.length;
    status.textContent = (n === 0 ? data.none : n === 1 ? data.one : data.other.replace("{1}", n))
      .replace("{q}", text.trim());
    results.slice(0, MAX).forEach(function (r) {
      var pg = index.pages[r.p], li = el("li"), h = el("h2", "page-list-title"), a = el("a", null, pg[0]);
      a.href = pg[1];
      h.appendChild(a);
      li.appendChild(h);
      var sec = pg[2] >= 0 ? index.sections[pg[2]][0] : null;
      if (pg[3] || sec) {
        var meta = el("p", "meta");
        if (pg[3]) meta.appendChild(el("span", null, pg[3]));
        if (pg[3] && sec) meta.appendChild(document.createTextNode(" "));
        if (sec) meta.appendChild(el("span", "section-name", sec));
        li.appendChild(meta);
      }
      if (pg[4]) li.appendChild(el("p", "summary", pg[4]));
      list.appendChild(li);
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
      if (index) show(q);
    }, 120);
  }

  form.hidden = false;
  var note = document.getElementById("search-nojs");
  if (note) note.hidden = true;
  input.addEventListener("input", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  var q0 = new URLSearchParams(location.search).get("q");
  if (q0) input.value = q0;
  status.textContent = data.loading;
  fetch(data.index).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (j) {
    index = j;
    words = Object.keys(j.terms).sort();
    folded = j.pages.map(function (p) { return fold(p[0]); });
    status.textContent = "";
    if (input.value) show(input.value);
  }).catch(function () {
    status.textContent = data.failed;
  });
})();
