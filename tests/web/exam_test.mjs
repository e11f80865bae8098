// The exam in a real browser (Debian chromium via playwright-core) against the real server: sign
// in, the paper with its figure and without the bank's hostile HTML, saves that say "saved" only
// when stored, answers kept in the browser while the server is down and sent when it is back, a
// reload that loses nothing, and handing in. Nothing leaves the site.
// Usage: node exam_test.mjs SERVER DATA_DIR TICKET ACCESS_CODE
import { openDesktop, check, finish } from './harness.mjs';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';

const [serverBinary, data, ticket, code] = process.argv.slice(2);

/** Starts the server (on `port`, or any port) and resolves once it is ready. */
async function startServer(port = 0) {
  const server = spawn(serverBinary, ['--data', data, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  for await (const chunk of server.stdout) {
    out += chunk;
    const ready = out.match(/ready port=(\d+)/);
    if (ready) return { server, port: Number(ready[1]) };
  }
  throw new Error('the server did not start');
}

async function stopServer(server) {
  server.kill('SIGTERM');
  await once(server, 'exit');
}

const stored = (sql) => execFileSync('sqlite3', [`${data}/craftmark.db`, sql]).toString().trim();

let { server, port } = await startServer();
const url = `https://127.0.0.1:${port}`;
const { browser, page, requests, text } = await openDesktop();
page.on('dialog', (d) => d.dismiss());

await check('the candidate signs in and opens the paper from the lobby', async () => {
  await page.goto(`${url}/exam`);
  await page.locator('#signin:not([hidden])').waitFor();
  await page.fill('#ticket', ticket);
  await page.fill('#code', '000000');
  await page.click('#signin button');
  await page.locator('#signin-error', { hasText: /\S/ }).waitFor(); // a wrong code is refused
  await page.fill('#code', code);
  await page.click('#signin button');
  await page.locator('#lobby:not([hidden])').waitFor();
  assert.match(await text('#lobby-title'), /浏览器考试/);
  await page.click('#open-paper');
  await page.locator('#paper:not([hidden])').waitFor();
  assert.match(await text('#who'), /王芳 Wang Fang/);
  await page.locator('#clock', { hasText: /剩余 Left (29|30):\d\d/ }).waitFor();
  assert.equal(await page.locator('#navigator button').count(), 3);
});

await check('the figure is shown and the bank\'s script, handlers and outside links are not', async () => {
  await page.click('#navigator button >> nth=0');
  let shown = false;
  for (let i = 0; i < 3 && !shown; ++i) { // the paper's order is the candidate's own
    shown = (await page.locator('#item').innerText()).includes('图中 R');
    if (!shown) await page.click('#next');
  }
  assert.ok(shown, 'the item with the figure is on the paper');
  const figure = page.locator('#item img[alt="电路图"]');
  await page.waitForFunction(() => {
    const img = document.querySelector('#item img[alt="电路图"]');
    return img && img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0;
  });
  assert.equal(await figure.getAttribute('alt'), '电路图');
  assert.equal(await page.evaluate(() => window.hacked), undefined);
  assert.equal(await page.locator('#item script, #item iframe, #item [onclick], #item [onerror]').count(), 0);
  assert.match(await text('#item'), /R1 是什么元件/); // <sub> kept as an element
});

await check('an answer says "saved" only once the server stored it', async () => {
  await page.locator('#item label', { hasText: '电阻' }).click();
  await page.locator('#save-state.saved', { hasText: '已保存 Saved' }).waitFor();
  assert.equal(stored("SELECT count(*) FROM answers"), '1');
  assert.match(await page.locator('#navigator button.answered').first().innerText(), /\d/);
});

await check('with the server down, an answer is kept in the browser and sent when it is back', async () => {
  await stopServer(server);
  await page.locator('#link.offline').waitFor();
  await page.click('#navigator button >> nth=0');
  for (let i = 0; i < 3; ++i) { // find the true/false item
    if ((await page.locator('#item').innerText()).includes('黄绿双色')) break;
    await page.click('#next');
  }
  await page.locator('#item label', { hasText: '正确 True' }).click();
  await page.locator('#save-state.pending', { hasText: '已存本机' }).waitFor();
  assert.equal(stored("SELECT count(*) FROM answers"), '1'); // nothing reached the server
  ({ server } = await startServer(port));
  await page.locator('#link.online').waitFor({ timeout: 15000 });
  await page.locator('#save-state.saved').waitFor({ timeout: 15000 });
  assert.equal(stored("SELECT count(*) FROM answers"), '2');
});

await check('a raised hand reaches the server', async () => {
  await page.click('#hand');
  await page.locator('#notice', { hasText: '已举手' }).waitFor();
});

await check('a reloaded page is still signed in, with its answers', async () => {
  await page.reload();
  await page.locator('#paper:not([hidden])').waitFor();
  assert.equal(await page.locator('#navigator button.answered').count(), 2);
});

await check('handing in lists what is unanswered, then shows the result', async () => {
  await page.click('#submit');
  assert.match(await text('#confirm-unanswered'), /1 题未答 unanswered/);
  await page.click('#confirm-yes');
  await page.locator('#done:not([hidden])').waitFor();
  assert.match(await text('#done-result'), /成绩 Score: 3 \/ 4/);
  assert.equal(stored("SELECT state FROM attempts WHERE ticket = 'B1'"), 'closed');
});

await check('no request leaves the site', async () => {
  const host = new URL(url).host;
  assert.deepEqual(requests.filter((r) => !r.startsWith('blob:') && new URL(r).host !== host), []);
});

await stopServer(server);
await finish(browser);
