// The practical component in a real browser (Debian chromium via playwright-core) against the
// real server: the task sheets, a file of the wrong type refused on the page, a program uploaded
// in chunks over a connection that drops in the middle and resumes where the server's copy ends
// (not from the start), the receipt matching the server's copy byte for byte, and the hand-in.
// Usage: node exam_practical_test.mjs SERVER DATA_DIR TICKET ACCESS_CODE
// With SCREENSHOTS=DIR it also writes the screenshot docs/exam-browser.md shows.
import { openDesktop, check, finish, stopServer } from './harness.mjs';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [serverBinary, data, ticket, code] = process.argv.slice(2);

const server = spawn(serverBinary, ['--data', data, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
let out = '';
for await (const chunk of server.stdout) {
  out += chunk;
  if (/ready port=\d+/.test(out)) break;
}
const url = `https://127.0.0.1:${out.match(/ready port=(\d+)/)[1]}`;
const stored = (sql) => execFileSync('sqlite3', [`${data}/craftmark.db`, sql]).toString().trim();

const { browser, page, requests, text } = await openDesktop();
// Every frame passes through here; the first connection is cut just before its second chunk.
const chunkOffsets = []; // the offset of every chunk the page sends, over every connection
let connections = 0;
await page.routeWebSocket('**/ws', (ws) => {
  const toServer = ws.connectToServer();
  const connection = ++connections;
  let chunks = 0;
  ws.onMessage((message) => {
    if (typeof message !== 'string') {
      chunkOffsets.push(Number(message.readBigUInt64BE(20)));
      if (connection === 1 && ++chunks === 2) {
        ws.close(); // the candidate's network drops mid-upload
        toServer.close();
        return;
      }
    }
    toServer.send(message);
  });
});

// 400 KiB of NC program: four chunks of 128 KiB.
const program = Buffer.from('O1000 (SHAFT)\n' + 'G1 X40.000 Z-60.000 F0.2\n'.repeat(16384) + 'M30\n');
const sha256 = createHash('sha256').update(program).digest('hex');

await check('the candidate signs in and sees the task sheets with their hand-in rules', async () => {
  await page.goto(`${url}/exam`);
  await page.fill('#ticket', ticket);
  await page.fill('#code', code);
  await page.click('#signin button');
  await page.click('#open-paper');
  await page.locator('#practical:not([hidden])').waitFor();
  assert.equal(await page.locator('#task-tabs button').count(), 2);
  assert.match(await text('#task'), /加工程序编制 NC program/);
  assert.match(await text('#task'), /附件 Attachments: shaft\.pdf/);
  assert.match(await text('#task'), /\.nc \.txt · 每个不超过 1 MB each · 最多 3 个文件/);
  await page.click('#task-tabs button >> nth=1');
  assert.match(await text('#task'), /现场操作，无需上传文件 Observed work/);
  await page.click('#task-tabs button >> nth=0');
});

await check('a file of a type the task does not take is refused on the page', async () => {
  await page.setInputFiles('#task input[type=file]', { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('x') });
  await page.locator('#notice', { hasText: 'photo.jpg: 本任务不接受此类型' }).waitFor();
  assert.equal(stored('SELECT count(*) FROM uploads'), '0');
});

await check('an upload cut off mid-way resumes where the server\'s copy ends, and its receipt matches', async () => {
  await page.setInputFiles('#task input[type=file]', { name: 'O1000.nc', mimeType: 'text/plain', buffer: program });
  await page.locator('#files li[data-state="received"]', { hasText: sha256.slice(0, 16) }).waitFor({ timeout: 20000 });
  assert.ok(connections >= 2, 'the connection was cut and made again');
  assert.deepEqual(chunkOffsets.filter((o) => o === 0), [0], 'no chunk was sent twice from the start');
  assert.deepEqual([...new Set(chunkOffsets)], [0, 131072, 262144, 393216]);
  assert.equal(stored("SELECT sha256 || ' ' || state FROM uploads"), `${sha256} complete`);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/exam-practical.png` });
  const id = stored('SELECT id FROM uploads');
  assert.ok(readFileSync(`${data}/uploads/${id}`).equals(program), 'the server\'s copy is the file');
});

await check('after a reload the receipt is still shown, from the server', async () => {
  await page.reload();
  await page.locator('#files li[data-state="received"]', { hasText: 'O1000.nc' }).waitFor();
});

await check('handing in says every file is received and closes the attempt', async () => {
  await page.click('#practical-submit');
  assert.match(await text('#confirm-unanswered'), /所有文件均已收到 Every file is received/);
  await page.click('#confirm-yes');
  await page.locator('#done:not([hidden])').waitFor();
  assert.equal(stored("SELECT state FROM attempts WHERE ticket = 'W1'"), 'closed');
});

await check('no request leaves the site', async () => {
  const host = new URL(url).host;
  assert.deepEqual(requests.filter((r) => new URL(r).host !== host), []);
});

await stopServer(server);
await finish(browser);
