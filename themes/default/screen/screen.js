/* The public e-bulletin screen (wardsite; README, "Public e-bulletin
   screens"): shows one item at a time for the configured seconds, the
   date and time, and reloads the page when the feed says a new build is
   out.  Without network it keeps the page it has; nothing comes from
   another site. */
(function () {
  "use strict";
  var root = document.documentElement;
  var cfg = JSON.parse(document.getElementById("screen-config").textContent);
  var slides = Array.prototype.slice.call(document.querySelectorAll("#slides > li"));
  var dots = Array.prototype.slice.call(document.querySelectorAll("#dots > li"));
  var fill = document.getElementById("fill");
  var clock = document.getElementById("clock");
  var current = -1, timer = 0, paused = false;
  root.classList.remove("no-js");
  root.classList.add("js");

  // an event over by the screen's own clock is skipped until the next build
  function over(s) {
    var until = Number(s.getAttribute("data-until"));
    return until > 0 && until * 1000 < Date.now();
  }

  function show(i) {
    var n = slides.length;
    if (n === 0) return;
    var next = ((i % n) + n) % n;
    for (var k = 0; k < n && over(slides[next]); k++) next = (next + 1) % n;
    current = next;
    slides.forEach(function (s, k) {
      s.hidden = k !== current;
      s.classList.toggle("current", k === current);
    });
    dots.forEach(function (d, k) { d.classList.toggle("current", k === current); });
    fill.style.animation = "none";
    void fill.offsetWidth; // restarts the bar
    fill.style.animation = "";
    fill.style.animationDuration = cfg.seconds + "s";
    document.body.setAttribute("data-slide", String(current + 1));
  }

  function schedule() {
    clearTimeout(timer);
    if (slides.length > 1 && !paused)
      timer = setTimeout(function () { show(current + 1); schedule(); }, cfg.seconds * 1000);
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // the site's time zone, whatever the kiosk's is set to
  function tick() {
    var d = new Date(Date.now() + cfg.tz_minutes * 60000);
    var day = cfg.months.length
      ? d.getUTCDate() + " " + cfg.months[d.getUTCMonth()] + " " + d.getUTCFullYear()
      : d.getUTCDate() + "/" + (d.getUTCMonth() + 1) + "/" + d.getUTCFullYear();
    clock.textContent = cfg.days[d.getUTCDay()] + ", " + day + " · " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }

  // a new build: reload, but only when the feed was read and differs
  function poll() {
    if (!window.fetch) return;
    fetch(cfg.feed, { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (j) { if (j && typeof j.version === "string" && j.version !== cfg.version) location.reload(); })
      .catch(function () { /* no network: keep showing what is here */ });
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      show(current + (e.key === "ArrowRight" ? 1 : -1));
      schedule();
    } else if (e.key === " ") {
      e.preventDefault();
      paused = !paused;
      root.classList.toggle("paused", paused);
      schedule();
    }
  });

  show(0);
  schedule();
  tick();
  setInterval(tick, 10000);
  setInterval(poll, cfg.refresh_minutes * 60000);
  if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol))
    navigator.serviceWorker.register(cfg.worker).catch(function () { /* the page works without it */ });
})();
