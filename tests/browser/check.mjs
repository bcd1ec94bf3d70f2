// The bundled portal in a real browser: every page type at phone and
// desktop width audited by axe-core (WCAG 2.1 A and AA rules), then what a
// visitor does: search as they type (Vietnamese folding, NFD input, title
// matches first, the queries of relevance.json, excerpts), search without
// JavaScript (an A-Z of the pages), print, page weight and
// third-party requests.  Prints one line per failure and ends with
// "N passed, N failed".
//
// usage: node check.mjs BASE_URL     (BASE_URL serves the built portal)
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BASE = process.argv[2].replace(/\/$/, "");
const ORIGIN = new URL(BASE).origin;
const WIDTHS = [390, 1280];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// One page of every type, in both languages where the type exists.
const PAGES = [
  ["home", "/vi/"],
  ["home", "/en/"],
  ["home, page 2", "/vi/page/2/"],
  ["section", "/vi/tin-tuc/"],
  ["section", "/en/plans/"],
  ["section with intro and a photo gallery", "/vi/le-hoi/"],
  ["page outside sections", "/vi/gioi-thieu/"],
  ["article", "/vi/tin-tuc/ban-hanh-ke-hoach-108/"],
  ["article", "/en/news/plan-108-issued/"],
  ["article with tables", "/vi/ke-hoach/muc-tieu-van-hoa/"],
  ["heritage place with linked documents", "/vi/di-tich/dong-xoai/"],
  ["heritage place", "/en/heritage/dong-xoai/"],
  ["indicators: table and chart widgets", "/vi/ke-hoach/chi-tieu-2030/"],
  ["document library", "/vi/van-ban/"],
  ["document library: a year", "/vi/van-ban/nam/2026/"],
  ["document", "/vi/van-ban/ke-hoach-tan-an-2026/"],
  ["document", "/en/documents/plan-108/"],
  ["indicators from a spreadsheet", "/vi/ke-hoach/tham-khao-bac-son-2024/"],
  ["article with a photo", "/vi/le-hoi/hoi-thi-lien-hoan-van-nghe/"],
  ["revision history", "/vi/ke-hoach/ke-hoach-108/history/"],
  ["revision history", "/en/plans/plan-108/history/"],
  ["tag index", "/vi/tags/"],
  ["tag", "/vi/tags/van-hoa-fcc05f/"],
  ["tag", "/en/tags/heritage/"],
  ["search", "/vi/tim-kiem/"],
  ["search", "/en/search/"],
  ["404", "/vi/404.html"],
  ["404", "/en/404.html"],
];

let passed = 0, failed = 0;
const T0 = Date.now();
const step = (what) => { if (process.env.DEBUG) console.error(`${((Date.now() - T0) / 1000).toFixed(1)}s ${what}`); };
function check(ok, what) {
  if (ok) passed++;
  else { failed++; console.log("FAIL browser: " + what); }
}

async function axe(page) {
  // evaluated, not added as a <script>: that works with JavaScript off too
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE + "\n;0");
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  }, TAGS);
}

async function audit(page, label) {
  step("axe " + label);
  // a bound: axe never finishes on a page whose scripts are off, and
  // page.evaluate has no timeout of its own
  const v = await Promise.race([axe(page),
    new Promise((done) => setTimeout(() => done(["axe did not finish in 60 s (is JavaScript off in this context?)"]), 60000))]);
  check(v.length === 0, `${label}: ${v.length} axe violation(s)\n    ${v.join("\n    ")}`);
}

function watch(page, label) {
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", (e) => problems.push("script error: " + e.message));
  page.on("request", (r) => { if (!r.url().startsWith(ORIGIN) && !r.url().startsWith("data:")) problems.push("third-party request: " + r.url()); });
  page.on("response", (r) => { if (r.status() >= 400 && !r.url().endsWith("/404.html")) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return () => check(problems.length === 0, `${label}: ${problems.join("; ")}`);
}

const newContext = async (opts) => {
  const c = await browser.newContext(opts);
  c.setDefaultTimeout(15000);
  return c;
};
// ---- Phones, charts and paper (issue 19: indicator cards) -------------
// At 360 px no page of the portal is wider than the screen, a table or
// figure wider than its column scrolls inside a labelled, focusable
// region, and an indicator's figures and status are on screen without
// scrolling sideways; the labels of a chart touch neither each other nor
// the axis and legend, and every point has one; printing keeps the bars.
const NARROW = 360;

async function portalPaths(page) {
  const paths = new Set(PAGES.map(([, path]) => path).filter((p) => !p.endsWith("404.html")));
  const index = await (await page.request.get(BASE + "/sitemap.xml")).text();
  for (const [, map] of index.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    const xml = await (await page.request.get(BASE + new URL(map).pathname)).text();
    for (const [, loc] of xml.matchAll(/<url>\s*<loc>([^<]+)<\/loc>/g)) paths.add(new URL(loc).pathname);
  }
  return [...paths];
}

// Problems of the page on screen, as sentences.
function narrowProblems() {
  const width = window.innerWidth, out = [];
  const sw = document.scrollingElement.scrollWidth;
  if (sw > width) out.push(`the page is ${sw}px wide`);
  for (const el of document.querySelectorAll("table, figure")) {
    const r = el.getBoundingClientRect();
    const region = el.closest('[role="region"]');
    const scrolls = region && region.getAttribute("aria-label") && region.tabIndex === 0 &&
      /auto|scroll/.test(getComputedStyle(region).overflowX);
    if (!scrolls && (r.right > width + 0.5 || el.scrollWidth > el.clientWidth + 1))
      out.push(`a ${el.tagName.toLowerCase()}.${el.className} overflows (${Math.round(r.width)}px) outside a labelled scroll region`);
  }
  for (const td of document.querySelectorAll(".indicator-table td")) {
    const r = td.getBoundingClientRect();
    if (r.left < 0 || r.right > width + 0.5)
      out.push(`"${td.dataset.label || td.textContent.trim()}" of "${td.parentElement.cells[0].textContent.slice(0, 30)}" is off screen`);
  }
  for (const svg of document.querySelectorAll("svg.indicator-svg")) {
    const boxes = (sel) => [...svg.querySelectorAll(sel)].map((t) => ({ t: t.textContent, r: t.getBoundingClientRect() }));
    const labels = boxes("text.label"), fixed = boxes("text.axis, text.legend");
    const hit = (a, b) => a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5;
    labels.forEach((a, i) => {
      for (const b of [...labels.slice(i + 1), ...fixed]) if (hit(a, b)) out.push(`chart label "${a.t}" overlaps "${b.t}"`);
    });
    const points = svg.querySelectorAll("circle.mark-result, rect.mark-plan").length - svg.querySelectorAll("text.legend").length;
    if (labels.length !== points) out.push(`a chart has ${points} points and ${labels.length} labels`);
  }
  return out;
}

async function checkPhonesChartsPaper() {
  const ctx = await newContext({ viewport: { width: NARROW, height: 800 } });
  const page = await ctx.newPage();
  const paths = await portalPaths(page);
  check(paths.length > 40, `phones: only ${paths.length} pages found in the sitemaps`);
  for (const path of paths) {
    step("360px " + path);
    await page.goto(BASE + path, { waitUntil: "load" });
    const problems = await page.evaluate(narrowProblems);
    check(problems.length === 0, `${path} at ${NARROW}px: ${problems.join("; ")}`);
  }
  // the chart with a result and a plan, at desktop width and on paper too
  const chart = "/vi/ke-hoach/tham-khao-bac-son-2024/";
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(BASE + chart, { waitUntil: "load" });
  check((await page.evaluate(narrowProblems)).filter((p) => p.startsWith("chart") || p.startsWith("a chart")).length === 0,
        `${chart} at 1280px: ${await page.evaluate(narrowProblems)}`);
  await page.emulateMedia({ media: "print" });
  const bars = await page.$$eval(".indicator-fill", (fills) => fills.map((f) => {
    const s = getComputedStyle(f), bar = getComputedStyle(f.parentElement);
    return { fill: s.backgroundColor, adjust: s.printColorAdjust || s.webkitPrintColorAdjust, bar: bar.backgroundColor };
  }));
  const clear = (c) => c === "transparent" || /^rgba\(.*, 0\)$/.test(c);
  check(bars.length > 0 && bars.every((b) => !clear(b.fill) && !clear(b.bar) && b.adjust === "exact"),
        `print: the indicator bars lose their colour: ${JSON.stringify(bars.slice(0, 2))}`);
  const printed = await page.evaluate(narrowProblems);
  check(printed.filter((p) => p.includes("chart")).length === 0, `print: ${printed}`);
  await ctx.close();
}
// ---- end of issue 19's block -------------------------------------------

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  // 1. axe on every page type at both widths
  for (const width of WIDTHS) {
    const ctx = await newContext({ viewport: { width, height: 800 }, reducedMotion: "reduce" });
    const page = await ctx.newPage();
    for (const [type, path] of PAGES) {
      const label = `${type} ${path} at ${width}px`;
      const done = watch(page, label);
      const r = await page.goto(BASE + path, { waitUntil: "load" });
      check(r && r.status() === 200, `${label}: HTTP ${r && r.status()}`);
      // nothing wider than the screen (phones scroll tables inside their region only)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 0, `${label}: the page is ${overflow}px wider than the screen`);
      await audit(page, label);
      done();
      page.removeAllListeners();
    }
    // the search page with results on screen
    const label = `search results at ${width}px`;
    const done = watch(page, label);
    await page.goto(BASE + "/vi/tim-kiem/?q=di%20t%C3%ADch", { waitUntil: "load" });
    await page.waitForSelector("#search-results li");
    await audit(page, label);
    done();
    page.removeAllListeners();
    await ctx.close();
  }

  // 2. searching as a visitor types
  const ctx = await newContext({ viewport: { width: 390, height: 800 } });
  const page = await ctx.newPage();
  const done = watch(page, "search");
  await page.goto(BASE + "/vi/tim-kiem/", { waitUntil: "load" });
  check(await page.isVisible("#search-input"), "search: the search box is not visible with JavaScript");
  check(await page.isHidden("#search-nojs"), "search: the no-JavaScript note is shown with JavaScript");
  const results = async (q) => {
    await page.fill("#search-input", "");
    await page.type("#search-input", q);
    await page.waitForFunction((want) => document.getElementById("search-status").textContent.includes(want), q.trim(), { timeout: 5000 });
    return page.$$eval("#search-results li a", (as) => as.map((a) => a.getAttribute("href") + "|" + a.textContent));
  };
  const plain = await results("dong xoai");
  step("dong xoai: " + plain.join(" ; "));
  // the pages with "Đồng Xoài" in their title come first, the relic's among them
  const titleHas = (r) => r.split("|")[1].includes("Đồng Xoài");
  const firstOther = plain.findIndex((r) => !titleHas(r));
  const relic = plain.findIndex((r) => r.startsWith("/vi/di-tich/dong-xoai/|"));
  check(plain.length > 0 && titleHas(plain[0]) && relic >= 0 && (firstOther < 0 || relic < firstOther),
        `search: "dong xoai" does not find the Đồng Xoài pages first: ${plain.slice(0, 4)}`);
  const accented = await results("Đồng Xoài");
  check(JSON.stringify(accented) === JSON.stringify(plain), `search: "Đồng Xoài" and "dong xoai" differ: ${accented.length} vs ${plain.length}`);
  const nfd = await results("Đồng Xoài".normalize("NFD"));
  check(JSON.stringify(nfd) === JSON.stringify(plain), "search: NFD input differs from NFC input");
  const upper = await results("ĐỒNG XOÀI");
  check(JSON.stringify(upper) === JSON.stringify(plain), "search: upper case differs");
  const hoa1 = await results("văn hoá"), hoa2 = await results("văn hóa");
  check(hoa1.length > 0 && JSON.stringify(hoa1) === JSON.stringify(hoa2), `search: "hoá" and "hóa" differ: ${hoa1.length} vs ${hoa2.length}`);
  const partial = await results("olymp");
  check(partial.some((r) => r.includes("Olympic")), "search: a word being typed (\"olymp\") finds nothing");
  // title matches first: every result whose title has the words comes before every other
  const titled = await results("thể thao");
  step("thể thao: " + titled.join(" ; "));
  const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/đ/g, "d");
  const inTitle = titled.map((r) => fold(r.split("|")[1]).includes("the thao"));
  check(titled.length > 3 && inTitle.indexOf(false) > 0 && inTitle.lastIndexOf(true) < inTitle.indexOf(false),
        `search: title matches are not first for "thể thao": ${inTitle}`);
  const none = await results("xyzzyqwv");
  check(none.length === 0 && (await page.textContent("#search-status")).includes("Không tìm thấy"), "search: no 'nothing found' message");
  check(new URL(page.url()).searchParams.get("q") === "xyzzyqwv", "search: the address does not keep the query");
  // from the header form of another page
  await page.goto(BASE + "/en/", { waitUntil: "load" });
  await page.fill("#header-q", "heritage");
  await Promise.all([page.waitForURL(/\/en\/search\/\?q=heritage/), page.press("#header-q", "Enter")]);
  await page.waitForSelector("#search-results li");
  const en = await page.$$eval("#search-results li a", (as) => as.map((a) => a.getAttribute("href")));
  check(en.includes("/en/heritage/dong-xoai/"), `search: the header form does not lead to results: ${en}`);
  // print: a visible button that opens the print dialog
  await page.goto(BASE + "/vi/tin-tuc/ban-hanh-ke-hoach-108/", { waitUntil: "load" });
  check(await page.isVisible("button.print-button"), "print: the print button is not visible");
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
  await page.click("button.print-button");
  check((await page.evaluate(() => window.__printed)) === 1, "print: the button does not print");
  await page.emulateMedia({ media: "print" });
  check(await page.isHidden(".site-nav") && await page.isHidden("button.print-button") && await page.isVisible(".print-source"),
        "print: the print stylesheet does not leave the document alone");
  await page.emulateMedia({ media: "screen" });
  done();
  await ctx.close();

  // 3. without JavaScript
  const nojs = await newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
  const np = await nojs.newPage();
  await np.goto(BASE + "/vi/tim-kiem/", { waitUntil: "load" });
  check(await np.isHidden("#search-form"), "no JavaScript: the search form that cannot work is shown");
  check(await np.isVisible("#search-nojs"), "no JavaScript: no note on the search page");
  const browse = await np.$$eval(".browse a", (as) => as.length);
  check(browse > 10, `no JavaScript: the search page lists only ${browse} sections and tags`);
  // axe itself needs JavaScript: audit the same state with the search script blocked
  const blocked = await newContext({ viewport: { width: 390, height: 800 } });
  const bp = await blocked.newPage();
  await bp.route("**/js/search.js", (r) => r.abort());
  await bp.goto(BASE + "/vi/tim-kiem/", { waitUntil: "load" });
  check(await bp.isHidden("#search-form") && await bp.isVisible("#search-nojs"), "search without its script: not the no-JavaScript state");
  await audit(bp, "search without JavaScript");
  await blocked.close();
  await np.goto(BASE + "/vi/tin-tuc/ban-hanh-ke-hoach-108/", { waitUntil: "load" });
  check(await np.isHidden("button.print-button"), "no JavaScript: a print button that cannot work is shown");
  await nojs.close();

  // ---- i19 search: relevance, phrases, excerpts, what a query downloads, the A-Z without JavaScript.
  // Kept in one block (others edit this file too); the queries are in relevance.json.
  {
    const rel = JSON.parse(readFileSync(new URL("./relevance.json", import.meta.url), "utf8"));
    const sctx = await newContext({ viewport: { width: 390, height: 800 } });
    const sp = await sctx.newPage();
    const sdone = watch(sp, "search relevance");
    const fetched = [];
    sp.on("request", (r) => { if (r.url().includes("/search/")) fetched.push(new URL(r.url()).pathname); });
    const ask = async (q) => {
      await sp.fill("#search-input", "");
      await sp.type("#search-input", q);
      await sp.waitForFunction((want) => document.getElementById("search-status").textContent.includes(want), q.trim(), { timeout: 5000 });
      return sp.$$eval("#search-results li h2 a", (as) => as.map((a) => a.getAttribute("href")));
    };
    for (const [path, cases] of Object.entries(rel)) {
      if (!path.startsWith("/")) continue;
      await sp.goto(BASE + path, { waitUntil: "load" });
      for (const c of cases) {
        const got = await ask(c.q);
        step(`${c.q}: ${got.slice(0, 3).join(" ")}`);
        if (c.none) check(got.length === 0, `relevance: "${c.q}" should find nothing, found ${got.slice(0, 3)}`);
        if (c.first) check(got[0] === c.first, `relevance: "${c.q}" should find ${c.first} first, found ${got.slice(0, 3)}`);
        if (c.top3) check(got.slice(0, 3).includes(c.top3), `relevance: "${c.q}" should find ${c.top3} in the first 3, found ${got.slice(0, 3)}`);
        if (c.found) check(got.includes(c.found), `relevance: "${c.q}" should find ${c.found}, found ${got.slice(0, 10)}`);
      }
    }
    // the excerpt marks the phrase found, in the page's own spelling
    fetched.length = 0;
    await sp.goto(BASE + "/vi/tim-kiem/?q=le%20hoi", { waitUntil: "load" });
    await sp.waitForSelector("#search-results li mark");
    const marks = await sp.$$eval("#search-results li:first-child mark", (ms) => ms.map((m) => m.textContent));
    check(marks.length > 0 && marks.every((m) => m.toLowerCase() === "lễ hội"), `search: the excerpt does not mark "lễ hội": ${marks}`);
    // a query downloads the index, a few shards and the fragments of the results shown, not everything
    const names = [...new Set(fetched.filter((f) => f.startsWith("/vi/search/")))];
    const shards = names.filter((f) => /\/t\d+\.json$/.test(f)).length, frags = names.filter((f) => f.includes("/p/")).length;
    check(names.includes("/vi/search/index.json") && shards >= 1 && frags >= 1 && frags <= 10,
          `search: "le hoi" fetched ${names.length} files (${shards} shards, ${frags} fragments)`);
    // more than 10 results: a button shows the next ones
    const many = await ask("phường");
    const total = Number((await sp.textContent("#search-status")).match(/\d+/)[0]);
    check(many.length === 10 && total > 10 && await sp.isVisible("#search-more"), `search: ${many.length} of ${total} results shown, no "more" button`);
    await sp.click("#search-more");
    await sp.waitForFunction((n) => document.querySelectorAll("#search-results li").length > n, 10, { timeout: 5000 });
    const after = await sp.$$eval("#search-results li", (ls) => ls.length);
    check(after === Math.min(20, total) && (after < total) === await sp.isVisible("#search-more"), `search: after "more" ${after} of ${total} results`);
    sdone();
    await sctx.close();

    // without JavaScript: no header box that cannot search, and an A-Z of every page on the search page
    const nctx = await newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
    const nq = await nctx.newPage();
    await nq.goto(BASE + "/vi/", { waitUntil: "load" });
    check(await nq.isHidden(".header-search"), "no JavaScript: the header offers a search box");
    await nq.goto(BASE + "/vi/tim-kiem/", { waitUntil: "load" });
    const groups = await nq.$$eval(".az h3", (hs) => hs.map((h) => h.textContent.trim()));
    const plans = await nq.$$eval(".az h3", (hs) => {
      const h = hs.find((x) => x.textContent.trim() === "Kế hoạch và chỉ tiêu");
      return h ? [...h.nextElementSibling.querySelectorAll("a")].map((a) => a.textContent) : [];
    });
    const az = await nq.$$eval(".az-list a", (as) => as.length);
    const vi = new Intl.Collator("vi");
    check(groups.length >= 5 && groups.includes("Di tích") && az >= 20, `no JavaScript: the A-Z lists ${az} pages in ${groups.length} groups`);
    check(plans.length >= 5 && plans.every((t, i) => i === 0 || vi.compare(plans[i - 1], t) <= 0), `no JavaScript: the plans are not A-Z: ${plans}`);
    await nctx.close();
    // with JavaScript, the header box is there
    const jctx = await newContext({ viewport: { width: 390, height: 800 } });
    const jp = await jctx.newPage();
    await jp.goto(BASE + "/vi/", { waitUntil: "load" });
    check(await jp.isVisible("#header-q"), "search: the header box is not shown with JavaScript");
    await jctx.close();
  }
  // ---- end of i19 search

  // ---- issue 19 (4, 7): the first screen of a phone, the menu without JavaScript, the root page ----
  {
    const first = await newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 } });
    const fp = await first.newPage();
    const KINDS = [["home", "/vi/"], ["section", "/vi/tin-tuc/"], ["article", "/vi/di-tich/dong-xoai/"],
      ["article", "/en/news/plan-108-issued/"], ["tags", "/vi/tags/"], ["tag", "/vi/tags/van-hoa-fcc05f/"],
      ["search", "/vi/tim-kiem/"], ["404", "/vi/404.html"]];
    for (const [kind, path] of KINDS) {
      await fp.goto(BASE + path, { waitUntil: "load" });
      const top = await fp.evaluate(() => document.querySelector("h1").getBoundingClientRect().top);
      check(top <= 200, `360px, ${kind} ${path}: the h1 starts ${Math.round(top)}px down (more than 200)`);
    }
    // the menu: folded, opened by the keyboard on its button, without JavaScript
    await fp.goto(BASE + "/vi/tin-tuc/", { waitUntil: "load" });
    check(await fp.isHidden(".site-nav a >> nth=0"), "360px: the menu is not folded");
    await fp.focus(".site-menu > summary");
    await fp.keyboard.press("Enter");
    check(await fp.isVisible(".site-nav a >> nth=0"), "360px, no JavaScript: Enter on the menu button does not open the menu");
    await fp.setViewportSize({ width: 1280, height: 800 });
    await fp.goto(BASE + "/vi/tin-tuc/", { waitUntil: "load" });
    check(await fp.isVisible(".site-nav a >> nth=0") && await fp.isHidden(".site-menu > summary"),
      "1280px: the menu is not an open bar");
    // the root: a page of its own
    await fp.setViewportSize({ width: 360, height: 640 });
    await fp.goto(BASE + "/", { waitUntil: "load" });
    check(fp.url() === BASE + "/", `/ redirects to ${fp.url()}`);
    check(await fp.locator('meta[name="viewport"]').count() === 1, "/: no viewport meta");
    check(await fp.locator('a[href$="/vi/"]').count() === 1 && await fp.locator('a[href$="/en/"]').count() === 1,
      "/: no link to each language");
    check(await fp.locator('link[rel="alternate"][type="application/rss+xml"]').count() === 2, "/: the two languages' feeds are not advertised");
    await first.close();
    // axe runs only where scripts run (its timers never fire with JavaScript off)
    const axectx = await newContext({ viewport: { width: 360, height: 640 } });
    const ap = await axectx.newPage();
    await ap.goto(BASE + "/vi/tin-tuc/", { waitUntil: "load" });
    await ap.click(".site-menu > summary");
    check(await ap.isVisible(".site-nav a >> nth=0"), "360px: a tap on the menu button does not open the menu");
    await audit(ap, "360px, menu open");
    await ap.goto(BASE + "/", { waitUntil: "load" });
    await audit(ap, "the root page");
    await axectx.close();
  }

  // 4. weight of a typical article: under 100 KB before images, nothing from elsewhere
  const wctx = await newContext();
  const wp = await wctx.newPage();
  const elsewhere = [];
  wp.on("request", (r) => { if (!r.url().startsWith(ORIGIN)) elsewhere.push(r.url()); });
  await wp.goto(BASE + "/vi/ke-hoach/ke-hoach-108/", { waitUntil: "networkidle" });
  const weight = await wp.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    let bytes = nav.encodedBodySize, files = 1;
    for (const r of performance.getEntriesByType("resource"))
      if (r.initiatorType !== "img") { bytes += r.encodedBodySize; files++; }
    return { bytes, files };
  });
  console.log(`article /vi/ke-hoach/ke-hoach-108/: ${weight.bytes} bytes in ${weight.files} files before images`);
  check(weight.bytes > 10000 && weight.bytes < 100 * 1024, `weight: a typical article is ${weight.bytes} bytes`);
  check(elsewhere.length === 0, `weight: requests to other sites: ${elsewhere}`);
  await wctx.close();

  // 5. phones, charts and paper (issue 19)
  await checkPhonesChartsPaper();

  // ---- i20 sharing: share links on articles, a copy-link button made by
  // the page's own script (a plain link without it), 360 px, paper.
  // Kept in one block (others edit this file too).
  {
    const url = BASE + "/vi/tin-tuc/ban-hanh-ke-hoach-108/";
    const shctx = await newContext({ viewport: { width: NARROW, height: 800 } });
    await shctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ORIGIN });
    const sh = await shctx.newPage();
    await sh.goto(url, { waitUntil: "load" });
    const hrefs = await sh.$$eval(".share a.share-link", (as) => as.map((a) => [a.getAttribute("aria-label"), a.getAttribute("href")]));
    const enc = encodeURIComponent(new URL(url).pathname);
    check(hrefs.length === 2 && hrefs[0][0] === "Chia sẻ lên Facebook" && hrefs[0][1].startsWith("https://www.facebook.com/sharer/sharer.php?u=") &&
          hrefs[0][1].endsWith(enc) && hrefs[1][0] === "Chia sẻ qua Zalo" && hrefs[1][1].startsWith("https://button-share.zalo.me/share_external?d="),
          `share: unexpected share links ${JSON.stringify(hrefs)}`);
    const d = new URL(hrefs[1][1]).searchParams.get("d");
    check(JSON.parse(Buffer.from(d, "base64").toString()).url.endsWith(new URL(url).pathname), "share: the Zalo link does not carry the article's address");
    check(await sh.isVisible("button.share-copy-button") && await sh.isHidden(".share-url"), "share: no copy-link button with JavaScript");
    await sh.click("button.share-copy-button");
    await sh.waitForFunction(() => document.querySelector(".share-status").textContent !== "");
    check((await sh.textContent(".share-status")).includes("Đã sao chép"), "share: the copy button does not say it copied");
    const copied = await sh.evaluate(() => navigator.clipboard.readText());
    check(copied.endsWith(new URL(url).pathname), `share: copied '${copied}'`);
    const wide = await sh.evaluate(() => document.documentElement.scrollWidth);
    check(wide <= NARROW, `share: at ${NARROW}px the article is ${wide}px wide`);
    await sh.emulateMedia({ media: "print" });
    check(await sh.isHidden(".share"), "share: the share links are printed");
    await sh.emulateMedia({ media: "screen" });
    await sh.goto(BASE + "/vi/tin-tuc/", { waitUntil: "load" });
    check(await sh.locator(".share").count() === 0, "share: share links on a list page");
    await shctx.close();
    const shnojs = await newContext({ javaScriptEnabled: false, viewport: { width: NARROW, height: 800 } });
    const sn = await shnojs.newPage();
    await sn.goto(url, { waitUntil: "load" });
    check(await sn.isVisible(".share-url") && (await sn.locator("button.share-copy-button").count()) === 0,
          "share without JavaScript: no plain link, or a button that cannot work");
    await shnojs.close();
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
