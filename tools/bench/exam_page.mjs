// The browser exam's load from a cold cache (see exam_page.sh): for each run, a new context
// signs a new candidate in to the paper with figures and to the one without, and loads the
// verification page. Times are the page's own performance marks: the page's load from navigation
// start, then the paper and its figures from the moment the candidate opens the paper (the time
// spent typing the ticket and code is the candidate's, not the page's).
// Usage: node exam_page.mjs URL FIGURES_CODES PLAIN_CODES   (each line: ticket<TAB>code)
import { chromium } from '../../tests/web/node_modules/playwright-core/index.mjs';
import { readFileSync } from 'node:fs';

const [url, figuresCodes, plainCodes] = process.argv.slice(2);
const codes = (file) => readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('\t'));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });

async function cold(work) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1024, height: 768 } });
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

const mark = (page, name) => page.evaluate((n) => performance.getEntriesByName(n)[0].startTime, name);
const loaded = (page) => page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);

async function sit(ticket, code) {
  return cold(async (page) => {
    await page.goto(`${url}/exam`);
    await page.fill('#ticket', ticket);
    await page.fill('#code', code);
    await page.click('#signin button');
    await page.click('#open-paper');
    await page.locator('#paper:not([hidden])').waitFor();
    if (await page.locator('#navigator button').count() !== 50) throw new Error('not a 50-item paper');
    const figures = await page.waitForFunction(() => document.body.dataset.figures === 'ready', null, { timeout: 10000 })
      .then(() => mark(page, 'craftmark:figures-ready'), () => null); // a paper without figures has none to wait for
    const asked = await mark(page, 'craftmark:paper-asked'); // the candidate opens the paper
    return { page: await loaded(page), paper: await mark(page, 'craftmark:paper-shown') - asked,
      figures: figures === null ? null : figures - asked };
  });
}

const rows = { verify: [], plain: [], figures: [] };
const withFigures = codes(figuresCodes), plain = codes(plainCodes);
for (let run = 0; run < withFigures.length; ++run) {
  rows.verify.push({ page: await cold(async (page) => { await page.goto(`${url}/verify`); return loaded(page); }) });
  rows.plain.push(await sit(...plain[run]));
  rows.figures.push(await sit(...withFigures[run]));
}
await browser.close();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const worst = (xs) => Math.max(...xs);
const ms = (x) => (x == null ? '—' : `${Math.round(x)} ms`);
const cell = (list, key) => list[0][key] === undefined || list.some((r) => r[key] == null) ? '—'
  : `${ms(median(list.map((r) => r[key])))} (worst ${ms(worst(list.map((r) => r[key])))})`;
console.log(`runs: ${withFigures.length}, each from a cold cache; median (worst)\n`);
console.log('| page | page loaded (from navigation) | paper shown (from "open") | every figure in the page (from "open") |');
console.log('| --- | --- | --- | --- |');
console.log(`| /verify (baseline: TLS and a static page) | ${cell(rows.verify, 'page')} | — | — |`);
console.log(`| /exam, 50 items, no figures | ${cell(rows.plain, 'page')} | ${cell(rows.plain, 'paper')} | — |`);
console.log(`| /exam, 50 items, 20 figures | ${cell(rows.figures, 'page')} | ${cell(rows.figures, 'paper')} | ${cell(rows.figures, 'figures')} |`);
