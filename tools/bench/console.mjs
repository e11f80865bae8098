// The staff console's cost in the browser (see console.sh). The page's main-thread busy time
// comes from Chromium's own metrics (CDP Performance.getMetrics, TaskDuration); the lag of a seat
// from the console's performance marks (server time of the change to the moment it is shown);
// freezes from the page's long-task observer.
// Usage: node console.mjs URL ADMIN_PASSWORD SECONDS LOAD_COMMAND...
import { chromium } from '../../tests/web/node_modules/playwright-core/index.mjs';
import { spawn } from 'node:child_process';

const [url, password, seconds, ...load] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable');

const busySeconds = async () =>
  (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
/** The page's main-thread share of the wall time `work` takes. */
async function cpuShare(work) {
  const busy = await busySeconds();
  const start = Date.now();
  await work();
  return (await busySeconds() - busy) / ((Date.now() - start) / 1000);
}
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const results = [];

await page.goto(`${url}/console`);
await page.locator('#signin:not([hidden])').waitFor();
await page.fill('#username', 'admin');
await page.fill('#password', password);
await page.click('#signin-form button');
await page.locator('button[data-sitting="room"]').click();
await page.locator('.card').nth(59).waitFor();

// The baseline: the same room, open, with nobody in it doing anything.
const idle = await cpuShare(() => new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000)));
results.push(['room of 60, nobody saving (baseline)', `CPU ${pct(idle)}`]);

// 60 candidates sign in and save every 2 s.
const live = await cpuShare(() => new Promise((resolve, reject) => {
  const generator = spawn(load[0], load.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
  generator.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load generator exited with ${code}`))));
}));
const lags = (await page.evaluate(() => performance.getEntriesByName('craftmark:seat-shown').map((e) => e.detail)))
  .sort((a, b) => a - b);
results.push(['room of 60, every candidate saving every 2 s',
  `CPU ${pct(live)}; ${lags.length} seat changes shown, lag p50 ${quantile(lags, 0.5)} ms, p99 ${quantile(lags, 0.99)} ms, max ${lags.at(-1)} ms`]);

// A hall of 2,000: open it, filter it, and the longest task that held the page meanwhile.
await page.evaluate(() => {
  window.longTasks = [];
  new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration)))
    .observe({ type: 'longtask' });
});
await page.click('#back');
const opened = Date.now();
await page.locator('button[data-sitting="hall"]').click();
await page.locator('.card').nth(1999).waitFor();
const openMs = Date.now() - opened;
const filterMs = async (words) => page.evaluate((words) => new Promise((resolve) => {
  const start = performance.now();
  const input = document.getElementById('filter');
  input.value = words;
  input.dispatchEvent(new Event('input'));
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
}), words);
const narrow = await filterMs('H1999');
const shown = await page.locator('.card:not([hidden])').count();
const wide = await filterMs('');
const longest = Math.max(0, ...(await page.evaluate(() => window.longTasks)));
results.push(['hall of 2,000: open', `${openMs} ms from the click to 2,000 cards`]);
results.push(['hall of 2,000: filter to one seat, then clear', `${narrow.toFixed(0)} ms (${shown} shown), ${wide.toFixed(0)} ms, to the frame after`]);
results.push(['hall of 2,000: longest task while opening and filtering', `${longest.toFixed(0)} ms`]);

console.log('| console | measured |\n| --- | --- |');
for (const [what, measured] of results) console.log(`| ${what} | ${measured} |`);
await browser.close();
