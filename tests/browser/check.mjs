// The bundled portal in a real browser: every page type at phone and
// desktop width audited by axe-core (WCAG 2.1 A and AA rules), then what a
// visitor does: search as they type (Vietnamese folding, NFD input, title
// matches first), search without JavaScript, print, page weight and
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
  ["section with intro", "/vi/le-hoi/"],
  ["page outside sections", "/vi/gioi-thieu/"],
  ["article", "/vi/tin-tuc/ban-hanh-ke-hoach-108/"],
  ["article", "/en/news/plan-108-issued/"],
  ["article with tables", "/vi/ke-hoach/muc-tieu-van-hoa/"],
  ["heritage place with a photo gallery", "/vi/di-tich/dong-xoai/"],
  ["heritage place", "/en/heritage/dong-xoai/"],
  ["indicators: table and chart widgets", "/vi/ke-hoach/chi-tieu-2030/"],
  ["indicators from a spreadsheet", "/vi/ke-hoach/tham-khao-bac-son-2024/"],
  ["article with photos", "/vi/le-hoi/ngay-chay-olympic/"],
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
  const v = await axe(page);
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
    await audit(fp, "360px, menu open, no JavaScript");
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
    await audit(fp, "the root page");
    await first.close();
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
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
