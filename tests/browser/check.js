// What a real browser makes of `migc report --format html` and of the Mermaid output.
// Run by cli/tests/report_html.rs: `node check.js REQUEST.json` prints one JSON object;
// the Rust test makes the assertions. Headless Debian Chromium through playwright-core
// (no browser download), offline.
//
// REQUEST: { "pages": [{ "html": ABS, "screenshot": ABS, "pdf": ABS }], "mermaid": [TEXT] }
// RESULT:  { "pages": [FACTS], "mermaid": [{ "ok": bool, "error": string }] }
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.MIGC_CHROMIUM || '/usr/bin/chromium';
// Without these flags Chromium waits for the network that is not there.
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

async function pageFacts(context, job) {
  const page = await context.newPage();
  const console_ = [];
  const pageErrors = [];
  const requests = [];
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('console', (m) => console_.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(job.html).href;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);

  const dom = await page.evaluate(() => {
    const visible = (el) => {
      if (!el) return false;
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.display !== 'none' && s.visibility !== 'hidden' && Number(s.opacity) > 0 && r.width > 0 && r.height > 0;
    };
    const count = (kind) => document.querySelectorAll(`svg [data-kind="${kind}"]`).length;
    const stamp = document.getElementById('draft-stamp');
    const banner = document.getElementById('draft-banner');
    const svg = document.querySelector('figure.overview svg');
    const main = document.documentElement.getBoundingClientRect();
    return {
      lang: document.documentElement.lang,
      title: document.title,
      h1: Array.from(document.querySelectorAll('h1')).map((h) => h.textContent),
      headings: Array.from(document.querySelectorAll('section.doc > h2')).map((h) => h.textContent),
      sections: Array.from(document.querySelectorAll('section.doc')).map((s) => s.id),
      toc: Array.from(document.querySelectorAll('nav.toc a')).map((a) => {
        const href = a.getAttribute('href');
        const target = href && href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
        return { href, text: a.textContent, target: target ? target.tagName.toLowerCase() : null,
          heading: target && target.querySelector('h2') ? target.querySelector('h2').textContent : null };
      }),
      boxes: { site: count('site'), asset: count('asset'), zone: count('zone'), edge: count('edge') },
      svgNamespace: svg ? svg.namespaceURI : null,
      svgWidth: svg ? svg.getBoundingClientRect().width : 0,
      pageWidth: main.width,
      scripts: document.querySelectorAll('script').length,
      // Every URL-like attribute anywhere in the DOM.
      urls: Array.from(document.querySelectorAll('*')).flatMap((el) =>
        Array.from(el.attributes).filter((a) => /^(href|src|action|formaction|xlink:href|data|srcset|poster)$/i.test(a.name))
          .map((a) => a.value)),
      iframes: document.querySelectorAll('iframe, object, embed, img, link[rel], base').length,
      text: document.body.innerText,
      stamp: stamp ? { text: stamp.textContent, visible: visible(stamp), position: getComputedStyle(stamp).position } : null,
      banner: banner ? { text: banner.textContent, visible: visible(banner) } : null,
      widestOverflow: Math.max(0, ...Array.from(document.querySelectorAll('table')).map((t) =>
        t.getBoundingClientRect().right - document.body.getBoundingClientRect().right)),
    };
  });

  // Which fonts drew the title, a document heading and a cell: Chromium's own answer (DevTools protocol).
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const fonts = {};
  for (const selector of ['h1', 'section.doc > h2', 'td']) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) continue;
    const { fonts: used } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    fonts[selector] = used.map((f) => ({ family: f.familyName, glyphs: f.glyphCount }));
  }
  await page.screenshot({ path: job.screenshot, fullPage: false });
  const png = fs.readFileSync(job.screenshot).toString('base64');
  // Decode the screenshot in a blank page: share of non-white pixels, distinct colours.
  const shot = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245) ink++;
      colours.add(((d[i] >> 4) << 8) | ((d[i + 1] >> 4) << 4) | (d[i + 2] >> 4));
    }
    return { width: c.width, height: c.height, ink: ink / (c.width * c.height), colours: colours.size };
  }, png);

  await page.emulateMedia({ media: 'print' });
  // The print rules as Chromium applies them, at the width of an A4 landscape page less the
  // margins (277 mm, 1047 CSS px).
  await page.setViewportSize({ width: 1047, height: 740 });
  const print = await page.evaluate(() => ({
    sectionBreaks: Array.from(document.querySelectorAll('section.doc')).map((s) => getComputedStyle(s).breakBefore),
    theadDisplay: Array.from(new Set(Array.from(document.querySelectorAll('thead')).map((t) => getComputedStyle(t).display))),
    rowBreakInside: Array.from(new Set(Array.from(document.querySelectorAll('tr')).map((t) => getComputedStyle(t).breakInside))),
    svgFits: Array.from(document.querySelectorAll('figure.overview svg')).every((svg) =>
      svg.getBoundingClientRect().right <= document.documentElement.clientWidth + 1),
    tablesFit: Array.from(document.querySelectorAll('table')).every((t) =>
      t.getBoundingClientRect().right <= document.documentElement.clientWidth + 1),
    scrollWidth: document.documentElement.scrollWidth,
  }));
  await page.pdf({ path: job.pdf, format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
  await page.close();
  return { url, console: console_, pageErrors, requests, dialogs, ...dom, fonts, shot, print };
}

async function mermaidFacts(context, texts) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
  const results = await page.evaluate(async (texts) => {
    // eslint-disable-next-line no-undef
    mermaid.initialize({ startOnLoad: false });
    const out = [];
    for (const text of texts) {
      try {
        // eslint-disable-next-line no-undef
        await mermaid.parse(text);
        out.push({ ok: true, error: '' });
      } catch (e) {
        out.push({ ok: false, error: String(e && e.message ? e.message : e) });
      }
    }
    return out;
  }, texts);
  await page.close();
  return { results, errors };
}

async function main() {
  const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'migc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS,
  });
  try {
    const pages = [];
    for (const job of request.pages || []) pages.push(await pageFacts(context, job));
    const mermaid = request.mermaid && request.mermaid.length ? await mermaidFacts(context, request.mermaid) : null;
    process.stdout.write(JSON.stringify({ chromium: context.browser() ? context.browser().version() : null, pages, mermaid }));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
