// The public e-bulletin screens of the bundled portal in a real browser
// (README, "Public e-bulletin screens"): at 1920x1080 and 1080x1920 the
// items advance by themselves, nothing overflows the screen, no text is
// smaller than MIN_PX, axe finds nothing (WCAG 2.1 A/AA and the AAA
// contrast rule); with the network gone the page keeps its content and
// keeps rotating, and it reloads only when the feed was read and says a
// new build is out; a service worker shows the last page after a restart
// without network; reduced motion stops the moving bar; without
// JavaScript every item is in a plain list.  Timers run on Playwright's
// clock, so a 15-second slide takes no 15 seconds.  Prints one line per
// failure and ends with "N passed, N failed".
//
// usage: node screen.mjs BASE_URL     (BASE_URL serves the built portal)
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BASE = process.argv[2].replace(/\/$/, "");
const ORIGIN = new URL(BASE).origin;
const SCREENS = ["/vi/bang-tin/", "/en/bulletin-board/"];
const SIZES = [[1920, 1080], [1080, 1920]];
const MIN_PX = 32; // the smallest text on a screen read from a few metres
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else { failed++; console.log("FAIL browser: " + what); }
}

function watch(page, label) {
  const problems = [];
  // offline polls and the HTTP 500 of the failing-feed check are expected
  page.on("console", (m) => { if (m.type() === "error" && !/ERR_INTERNET_DISCONNECTED|status of 500/.test(m.text())) problems.push("console: " + m.text()); });
  page.on("response", (r) => { if (r.status() >= 400 && r.status() !== 500) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on("pageerror", (e) => problems.push("script error: " + e.message));
  page.on("request", (r) => { if (!r.url().startsWith(ORIGIN) && !r.url().startsWith("data:")) problems.push("third-party request: " + r.url()); });
  return () => check(problems.length === 0, `${label}: ${problems.join("; ")}`);
}

async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE + "\n;0");
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    const aaa = await window.axe.run(document, { runOnly: { type: "rule", values: ["color-contrast-enhanced"] }, resultTypes: ["violations"] });
    return r.violations.concat(aaa.violations).map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  }, TAGS);
}

// What is wrong with the screen as shown now: overflow, text too small, not one item.
async function layout(page) {
  return page.evaluate((min) => {
    const bad = [];
    const W = window.innerWidth, H = window.innerHeight;
    const de = document.documentElement;
    if (de.scrollHeight > H || de.scrollWidth > W) bad.push(`the page scrolls (${de.scrollWidth}x${de.scrollHeight} in ${W}x${H})`);
    const shown = [...document.querySelectorAll("#slides > li")].filter((li) => li.getClientRects().length > 0);
    if (shown.length !== 1) bad.push(`${shown.length} items shown, not 1`);
    for (const el of document.querySelectorAll("body *")) {
      if (el.getClientRects().length === 0) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (el.closest("h1")) continue; // the visually hidden title for screen readers
      if (r.right > W + 0.5 || r.bottom > H + 0.5 || r.left < -0.5 || r.top < -0.5)
        bad.push(`${el.tagName.toLowerCase()}.${el.className} is outside the screen (${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)})`);
      const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (text && px < min) bad.push(`"${el.textContent.trim().slice(0, 30)}" is ${px.toFixed(1)} px`);
    }
    return bad.slice(0, 8);
  }, MIN_PX);
}

// 1 when the page was not reloaded since window.__kept was set (a reload
// under way destroys the context: that is a reload too)
const notReloaded = (page) => page.evaluate(() => window.__kept === 1).catch(() => false);

const slideNo = (page) => page.evaluate(() => Number(document.body.getAttribute("data-slide")));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const path of SCREENS) {
    const feed = await (await fetch(BASE + path + "index.json")).json();
    const n = feed.items.length;
    check(n >= 3, `${path}: the feed has ${n} items (the portal's notices and indicators)`);
    for (const [width, height] of SIZES) {
      const label = `${path} at ${width}x${height}`;
      const ctx = await browser.newContext({ viewport: { width, height } });
      ctx.setDefaultTimeout(15000);
      const page = await ctx.newPage();
      const done = watch(page, label);
      await page.clock.install();
      const r = await page.goto(BASE + path, { waitUntil: "load" });
      check(r && r.status() === 200, `${label}: HTTP ${r && r.status()}`);
      check(await page.evaluate(() => document.documentElement.classList.contains("js")), `${label}: the script did not start`);
      check((await page.locator("#slides > li").count()) === n, `${label}: the page and the feed disagree on the items`);
      const clock = await page.locator("#clock").textContent();
      check(/\d{1,2}:\d\d$/.test(clock || ""), `${label}: no time shown (${clock})`);
      // every item in turn: it advances by itself and each fits
      for (let i = 1; i <= n; i++) {
        check((await slideNo(page)) === i, `${label}: item ${await slideNo(page)} shown, expected ${i}`);
        const bad = await layout(page);
        check(bad.length === 0, `${label}, item ${i}: ${bad.join("; ")}`);
        await page.clock.runFor(feed.seconds * 1000 + 50);
      }
      check((await slideNo(page)) === 1, `${label}: after the last item the first comes back`);
      const v = await axe(page);
      check(v.length === 0, `${label}: ${v.length} axe violation(s)\n    ${v.join("\n    ")}`);

      // no network: the poll fails, nothing reloads, the items keep turning
      await page.evaluate(() => { window.__kept = 1; });
      await ctx.setOffline(true);
      const before = await slideNo(page);
      await page.clock.runFor(6 * 60 * 1000);
      const kept = (await notReloaded(page)) && await page.locator("#slides > li").count();
      check(kept === n, `${label}: offline, the page did not keep its content`);
      const at = await slideNo(page);
      await page.clock.runFor(feed.seconds * 1000 + 50);
      check((await slideNo(page)) !== at && before > 0, `${label}: offline, the items stopped turning`);
      await ctx.setOffline(false);

      // online and the same build: no reload; a new build: reload
      await page.clock.runFor(6 * 60 * 1000);
      const same = await notReloaded(page);
      check(same, `${label}: reloaded though the build did not change`);
      if (width === 1920 && same) {
        await page.route("**/index.json", (route) => route.fulfill({ json: { ...feed, version: "another-build" } }));
        const reload = page.waitForEvent("load", { timeout: 5000 }).then(() => true, () => false);
        await page.clock.runFor(6 * 60 * 1000);
        check(await reload, `${label}: a new build in the feed did not reload the page`);
        await page.unroute("**/index.json");
        // a feed that fails (HTTP 500) never reloads
        await page.route("**/index.json", (route) => route.fulfill({ status: 500, body: "down" }));
        await page.evaluate(() => { window.__kept = 1; });
        await page.clock.runFor(6 * 60 * 1000);
        check(await notReloaded(page), `${label}: a failed poll reloaded the page`);
      }
      done();
      await ctx.close();
    }

    // a kiosk restarted without network: the service worker's copy
    {
      const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await ctx.newPage();
      await page.goto(BASE + path, { waitUntil: "load" });
      const ready = await page.evaluate(() => Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise((res) => setTimeout(() => res(false), 10000))]));
      check(ready, `${path}: the service worker did not start`);
      await page.reload({ waitUntil: "load" }); // now controlled by the worker, which keeps the page
      await ctx.setOffline(true);
      let shown = 0;
      try {
        await page.reload({ waitUntil: "load" });
        shown = await page.locator("#slides > li").count();
      } catch (e) { shown = -1; }
      check(shown > 0, `${path}: reloaded without network, the page is gone (${shown})`);
      await ctx.close();
    }

    // reduced motion: no moving bar, the dots still say where we are
    {
      const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion: "reduce" });
      const page = await ctx.newPage();
      await page.goto(BASE + path, { waitUntil: "load" });
      check(!(await page.locator(".bar").isVisible()), `${path}: with reduced motion the bar still moves`);
      check(await page.locator("#dots li.current").isVisible(), `${path}: with reduced motion no progress is shown`);
      await ctx.close();
    }

    // no JavaScript: every item, one after another
    {
      const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, javaScriptEnabled: false });
      const page = await ctx.newPage();
      await page.goto(BASE + path, { waitUntil: "load" });
      const visible = await page.locator("#slides > li").evaluateAll((l) => l.filter((li) => li.getClientRects().length > 0).length);
      check(visible === n, `${path} without JavaScript: ${visible} of ${n} items shown`);
      check(await page.locator("h1").isVisible(), `${path} without JavaScript: no title`);
      await ctx.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
