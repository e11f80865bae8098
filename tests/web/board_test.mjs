// The public competition board in a real browser (Debian chromium via playwright-core): frozen
// before the reveal it shows nothing; unfreezing reaches the open page live over its WebSocket,
// with names, ranks and medals; an unknown event says so; nothing leaves the site.
// Usage: node board_test.mjs URL CRAFTMARK_CLI DATA_DIR
import { openPhone, check, finish } from './harness.mjs';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const [url, cli, data] = process.argv.slice(2);
const { browser, page, requests, text } = await openPhone();

await check('the frozen board shows that it is frozen and no results', async () => {
  await page.goto(`${url}/events/city-2026`);
  await page.locator('#state', { hasText: '已封榜 Board frozen' }).waitFor();
  assert.match(await text('#skills'), /尚未公布 No results released yet/);
  for (const name of ['李明', '周强', '吴静']) assert.ok(!(await page.content()).includes(name));
});

await check('unfreezing shows the released results on the open page', async () => {
  execFileSync(cli, ['--data', data, 'event', 'unfreeze', 'city-2026']);
  await page.locator('#state', { hasText: '实时 Live' }).waitFor({ timeout: 10000 });
  const first = page.locator('tbody tr').first();
  assert.match(await first.innerText(), /李明 Li Ming/);
  assert.match(await first.innerText(), /金牌 Gold/);
  const rows = await page.locator('tbody tr').allInnerTexts();
  assert.equal(rows.length, 3);
  assert.match(rows[1], /^2\t.*周强 Zhou Qiang.*银牌 Silver/);
  assert.match(rows[2], /^3\t.*吴静 Wu Jing.*铜牌 Bronze/);
});

await check('an unknown event says so', async () => {
  await page.goto(`${url}/events/no-such-event`);
  await page.locator('#state', { hasText: 'No such event' }).waitFor();
});

await check('no request leaves the site', async () => {
  const host = new URL(url).host;
  const foreign = requests.filter((r) => new URL(r).host !== host);
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((r) => r.startsWith(`wss://${host}/ws`)), 'the page watches over wss');
});

await finish(browser);
