// Marking in the staff console, in a real browser against the real server: a candidate hands in
// a practical paper; an examiner opens the sitting's queue (works by code, nothing names the
// candidate), downloads the handed-in program with its SHA-256 checked, and scores a work with two
// other judges, whose scores stay hidden until all have entered; the chief examiner's lock is
// refused while the judges disagree, the disagreement is reconciled in the form, and the lock
// holds; a judge of the candidate's own college sees nothing; axe-core finds no serious violation.
// Then eight candidates sit a written paper and an administrator reads its item statistics:
// plots and tables, the flagged items, the bank's hostile option text shown as text.
// Usage: node console_marking_test.mjs SERVER DATA_DIR TICKET ACCESS_CODE WRITTEN_CODES
// With SCREENSHOTS=DIR it also writes the screenshot docs/console.md shows.
import { check, consoleSignIn, finish, startServer, socketPage, launchBrowser, stopServer, seriousViolations } from './harness.mjs';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [serverBinary, data, ticket, accessCode, writtenCodes] = process.argv.slice(2);
const { server, url } = await startServer(serverBinary, data);
const browser = await launchBrowser();
const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
const program = 'O1000 (SHAFT 轴)\nG21 G40 G99\nT0101\nG00 X42 Z2\nM30\n';
const password = 'judge-secret-1';

const page = await context.newPage(); // the examiner 周评委 (zhou)
const requests = [];
const received = [];
page.on('request', (r) => requests.push(r.url()));
page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
const snap = (name) => process.env.SCREENSHOTS &&
  page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}.png`, fullPage: false });

async function signIn(p, user) {
  await consoleSignIn(p, url, user, password);
  await p.locator('#marking:not([hidden])').waitFor(); // one sitting in scope: its marking
}

/** A judge marking from another client over the protocol. */
async function judge(user) {
  const p = await socketPage(context, url);
  assert.equal((await p.send('auth.staff_sign_in', { username: user, password })).ok, true);
  return p;
}

const aspect = (p, code) => p.locator(`#work-form .aspect[data-aspect="${code}"]`);
const openWork = (p, task) => p.locator('#queue-rows tr', { hasText: task }).locator('button').click();

async function enterScore(p, code, score) {
  await aspect(p, code).locator(`input[type=radio][value="${score}"]`).check();
  await aspect(p, code).locator('button[type=submit]').click();
  await aspect(p, code).locator('.seen', { hasText: `mine: ${score}` }).waitFor();
}

let works = {}; // task -> code
let form = null; // marking.work's reply for T2, as another judge sees it

await check('the candidate hands in the NC program and the paper', async () => {
  const c = await socketPage(context, url);
  assert.equal((await c.send('auth.sign_in', { ticket, access_code: accessCode, terminal_id: 'ws-1' })).ok, true);
  assert.equal((await c.send('paper.get')).ok, true);
  const begin = await c.send('upload.begin', {
    task: 'T1', name: 'O1000.nc', size: Buffer.byteLength(program),
    sha256: createHash('sha256').update(program).digest('hex'),
  });
  assert.equal(begin.ok, true, JSON.stringify(begin));
  // An upload chunk is a binary frame: "CMU1", then request id, upload id and offset (u64, big-endian).
  const chunk = await c.evaluate(([upload, text]) => new Promise((resolve) => {
    const bytes = new TextEncoder().encode(text);
    const frame = new Uint8Array(28 + bytes.length);
    frame.set(new TextEncoder().encode('CMU1'));
    const header = new DataView(frame.buffer);
    header.setBigUint64(4, 4242n);
    header.setBigUint64(12, BigInt(upload));
    header.setBigUint64(20, 0n);
    frame.set(bytes, 28);
    window.ws.addEventListener('message', function reply(e) {
      const f = JSON.parse(e.data);
      if (f.id !== 4242) return;
      window.ws.removeEventListener('message', reply);
      resolve(f);
    });
    window.ws.send(frame);
  }), [begin.body.upload, program]);
  assert.equal(chunk.ok, true, JSON.stringify(chunk));
  assert.equal((await c.send('upload.finish', { upload: begin.body.upload })).ok, true);
  assert.equal((await c.send('attempt.submit')).ok, true);
  await c.close();
});

await check('an examiner sees the sitting\'s works by code only: nothing names the candidate', async () => {
  await signIn(page, 'zhou');
  await page.locator('#queue-rows tr').nth(1).waitFor();
  assert.equal(await page.locator('#queue-rows tr').count(), 2);
  const j2 = await judge('j2');
  for (const w of (await j2.send('marking.queue', { sitting_id: 'p' })).body.works) works[w.task] = w.code;
  form = (await j2.send('marking.work', { sitting_id: 'p', code: works.T2 })).body;
  await j2.close();
  assert.match(await page.innerText('#queue-rows'), new RegExp(works.T2));
  const shown = await page.innerText('body');
  for (const secret of ['李明', 'Li Ming', 'L03', '城南技师学院', ticket])
    assert.ok(!shown.includes(secret), `the page shows ${secret}`);
  for (const frame of received)
    for (const secret of ['李明', `"${ticket}"`, 'L03', '城南技师学院'])
      assert.ok(!frame.includes(secret), `a frame carries ${secret}: ${frame.slice(0, 200)}`);
});

await check('the handed-in program downloads whole, its SHA-256 checked', async () => {
  await openWork(page, 'T1');
  await page.locator('#work-files li', { hasText: 'O1000.nc' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#work-files li', { hasText: 'O1000.nc' }).locator('button').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'O1000.nc');
  assert.equal(readFileSync(await download.path(), 'utf8'), program);
  await page.locator('#work-files li', { hasText: 'SHA-256 ok' }).waitFor();
});

const judgements = () => form.scheme.criteria.flatMap((c) => c.aspects).filter((a) => a.type === 'judgement');

await check('the form shows each aspect with its descriptors; a judge\'s own score only, until all have entered', async () => {
  await openWork(page, 'T2');
  await page.locator('#work-title', { hasText: works.T2 }).waitFor();
  assert.ok(judgements().length >= 2);
  assert.equal(await aspect(page, 'B1.1').locator('input[type=radio]').count(), 4);
  assert.match(await aspect(page, 'B1.1').innerText(), /mirror-like finish/); // descriptor of 3
  await enterScore(page, 'B1.1', 3);
  for (const a of judgements().filter((a) => a.code !== 'B1.1')) await enterScore(page, a.code, 2);
  assert.match(await aspect(page, 'B1.1').innerText(), /1 \/ 3/);
  assert.doesNotMatch(await aspect(page, 'B1.1').innerText(), /Scores:/);
});

await check('two other judges enter theirs; the scores show, and the disagreement is flagged', async () => {
  for (const user of ['j2', 'j3']) {
    const j = await judge(user);
    for (const a of judgements()) {
      const r = await j.send('marking.enter', { sitting_id: 'p', code: works.T2, aspect: a.code, entry: { score: a.code === 'B1.1' ? 1 : 2 } });
      assert.equal(r.ok, true, JSON.stringify(r));
    }
    if (user === 'j2') // the measurements, as measured at the bench
      for (const a of form.scheme.criteria.flatMap((c) => c.aspects).filter((a) => a.type === 'measurement')) {
        const entry = a.rule === 'bands' ? { value: a.nominal } : a.rule === 'deductions' ? { faults: {} } : { met: true };
        const r = await j.send('marking.enter', { sitting_id: 'p', code: works.T2, aspect: a.code, entry });
        assert.equal(r.ok, true, JSON.stringify(r));
      }
    await j.close();
  }
  await page.click('#queue-refresh');
  await page.locator('#queue-rows tr', { hasText: 'T2' }).locator('td.warn', { hasText: '1' }).waitFor();
  await openWork(page, 'T2');
  const scores = aspect(page, 'B1.1').locator('.seen', { hasText: /Scores:/ });
  await scores.waitFor();
  for (const score of ['zhou 3', 'j2 1', 'j3 1']) assert.match(await scores.innerText(), new RegExp(score));
  assert.match(await aspect(page, 'B1.1').getAttribute('class'), /reconcile/);
  assert.match(await page.innerText('#work-score'), /to reconcile: B1\.1/);
  assert.equal(await page.locator('#work-lock').isHidden(), true); // not a chief
  await aspect(page, 'B1.1').scrollIntoViewIfNeeded();
  await snap('console-marking');
});

const chief = await context.newPage();

await check('the chief examiner\'s lock is refused while the judges disagree, naming the aspect', async () => {
  await signIn(chief, 'chen');
  await openWork(chief, 'T2');
  await chief.locator('#work-lock:not([hidden])').click();
  await chief.locator('#work-result', { hasText: /Cannot lock.*B1\.1/ }).waitFor();
});

await check('reconciled in the form, the work locks, and later entries are refused', async () => {
  await enterScore(page, 'B1.1', 2); // the judges talked it over
  await aspect(page, 'B1.1').locator('.seen', { hasText: /zhou 2/ }).waitFor();
  assert.doesNotMatch(await aspect(page, 'B1.1').getAttribute('class'), /reconcile/);
  assert.match(await page.innerText('#work-score'), /complete/);
  await openWork(chief, 'T2');
  await chief.click('#work-lock');
  await chief.locator('#work-state', { hasText: /locked/ }).waitFor();
  assert.equal(await chief.innerText('#work-result'), '');
  await openWork(page, 'T2');
  await page.locator('#work-state', { hasText: /locked/ }).waitFor();
  assert.equal(await aspect(page, 'B1.1').locator('button[type=submit]').isDisabled(), true);
  const j3 = await judge('j3');
  const late = await j3.send('marking.enter', { sitting_id: 'p', code: works.T2, aspect: 'B1.1', entry: { score: 3 } });
  assert.equal(late.error?.code, 'marking_locked');
  await j3.close();
});

await check('a judge from the candidate\'s own college is never shown the work', async () => {
  const own = await judge('own');
  assert.deepEqual((await own.send('marking.queue', { sitting_id: 'p' })).body.works, []);
  assert.equal((await own.send('marking.work', { sitting_id: 'p', code: works.T2 })).error?.code, 'forbidden');
  await own.close();
});

await check('on a 768-wide tablet the queue sits above the form, without side scrolling', async () => {
  await page.setViewportSize({ width: 768, height: 1024 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  const queue = await page.locator('.queue').boundingBox();
  const work = await page.locator('#work').boundingBox();
  assert.ok(work.y > queue.y + queue.height - 1, 'the form is below the queue');
  await page.setViewportSize({ width: 1280, height: 800 });
});

await check('axe-core finds no serious accessibility violation in the marking form', async () => {
  assert.deepEqual(await seriousViolations(page), []);
});

await check('an administrator reads a scored sitting\'s item statistics as plots and tables', async () => {
  // The first four candidates are strong; S1 is right for all, S4 only for one of the weakest.
  const rightFor = (n, item) => ({ S1: true, S2: n < 6, S3: n < 4, S4: n === 7 })[item];
  const codes = readFileSync(writtenCodes, 'utf8').trim().split('\n').map((line) => line.split('\t'));
  assert.equal(codes.length, 8);
  for (const [n, [candidate, code]] of codes.entries()) {
    const c = await socketPage(context, url);
    const signedIn = await c.send('auth.sign_in', { ticket: candidate, access_code: code, terminal_id: `pc-${n}` });
    assert.equal(signedIn.ok, true, JSON.stringify(signedIn));
    const paper = (await c.send('paper.get')).body;
    let seq = 0;
    for (const item of paper.sections.flatMap((section) => section.items)) {
      const choice = item.choices.find((o) => o.text === (rightFor(n, item.id) ? 'right' : 'wrong')).id;
      const saved = await c.send('answer.save', { item_id: item.id, seq: ++seq, response: { choice } });
      assert.equal(saved.ok, true, JSON.stringify(saved));
    }
    const submitted = await c.send('attempt.submit');
    assert.equal(submitted.ok, true, JSON.stringify(submitted));
    await c.close();
  }
  const admin = await context.newPage();
  await consoleSignIn(admin, url, 'admin', readFileSync(`${data}/admin.password`, 'utf8').trim());
  await admin.locator('button[data-stats="w"]').click();
  await admin.locator('#stats-body:not([hidden])').waitFor();
  assert.match(await admin.innerText('#stats-summary'), /8 人 candidates/);
  assert.equal(await admin.locator('#stats-rows tr').count(), 4);
  assert.match(await admin.innerText('#stats-rows tr[data-item="S1"]'), /too easy/);
  assert.match(await admin.innerText('#stats-rows tr[data-item="S4"]'), /negative discrimination/);
  assert.equal(await admin.locator('#stats-distribution rect').count(), 10);
  // S1 does not vary, so it has no discrimination to plot; S4 is red, below zero.
  assert.equal(await admin.locator('#stats-scatter circle').count(), 3, await admin.innerText('#stats-rows'));
  assert.equal(await admin.locator('#stats-scatter circle[data-item="S4"]').getAttribute('fill'), '#cf222e');
  assert.equal(await admin.locator('#stats-options figure').count(), 4);
  assert.match(await admin.innerText('#stats-options figure[data-item="S2"]'), /C: <img src=x onerror="window\.hacked=1">/);
  assert.equal(await admin.locator('#stats img').count(), 0);
  assert.equal(await admin.evaluate(() => window.hacked), undefined);
  assert.deepEqual(await seriousViolations(admin), []);
  if (process.env.SCREENSHOTS) await admin.screenshot({ path: `${process.env.SCREENSHOTS}/console-stats.png` });
  // The practical sitting has no written items scored: the page says so.
  await admin.click('#stats-back');
  await admin.locator('button[data-stats="p"]').click();
  await admin.locator('#stats-problem', { hasText: /No results yet|statistics/ }).waitFor();
  await admin.close();
});

await check('an administrator previews a bank with an error on line 6, sees it, and imports the rest', async () => {
  const gift = '// 电工题库 a teacher\'s bank\n::Q1:: 电阻的单位是 {=欧姆 ~伏特 ~安培}\n\n' +
    '::Q2:: <script>window.hacked=1</script>\u202e 安全电压是 {=36 V ~220 V}\n\n' +
    '::Q3:: 交流电的频率 {=50 Hz =60 Hz ~100 Hz\n\n::Q4:: 接地线的颜色 {=黄绿双色 ~红色}\n';
  const admin = await context.newPage();
  await consoleSignIn(admin, url, 'admin', readFileSync(`${data}/admin.password`, 'utf8').trim());
  await admin.click('#open-banks');
  await admin.setInputFiles('#bank-file', { name: 'electric.gift', mimeType: 'text/plain', buffer: Buffer.from(gift) });
  await admin.click('#bank-form button');
  await admin.locator('#bank-diagnostics:not([hidden])').waitFor();
  const row = admin.locator('#bank-diagnostic-rows tr');
  assert.equal(await row.count(), 1);
  assert.equal(await row.locator('td').first().innerText(), '6');
  assert.match(await row.innerText(), /unbalanced \{ \}/);
  assert.match(await admin.innerText('#bank-summary'), /electric \(gift\): 3 题 questions/);
  assert.equal(await admin.locator('#bank-import').isDisabled(), true); // nothing stored while in error
  // The stem is shown as the file wrote it, and runs nothing.
  assert.match(await admin.locator('#bank-item-rows tr').nth(1).innerText(), /<script>window\.hacked=1<\/script>\u202e/);
  assert.equal(await admin.locator('#banks script').count(), 0);
  assert.equal(await admin.evaluate(() => window.hacked), undefined);
  if (process.env.SCREENSHOTS) await admin.screenshot({ path: `${process.env.SCREENSHOTS}/console-bank.png` });
  await admin.check('#bank-skip');
  await admin.click('#bank-import');
  await admin.locator('#bank-result', { hasText: /Imported: 3 题 questions into bank electric/ }).waitFor();
  await admin.close();
});

await check('bank.import refuses an examiner, a bank in error and broken JSON, and stores none of them', async () => {
  const examiner = await judge('j2');
  const refused = await examiner.send('bank.import', { name: 'x.gift', content: '::Q:: x {T}', dry_run: false });
  assert.equal(refused.error?.code, 'forbidden');
  await examiner.close();
  const admin = await socketPage(context, url);
  const password = readFileSync(`${data}/admin.password`, 'utf8').trim();
  assert.equal((await admin.send('auth.staff_sign_in', { username: 'admin', password })).ok, true);
  const inError = await admin.send('bank.import', { name: 'bad.gift', content: '::Q1:: a {T}\n\n::Q2:: b {=x ~y\n', dry_run: false });
  assert.equal(inError.error?.code, 'invalid_field');
  assert.match(inError.error.message, /1 item\(s\) in error/);
  const broken = await admin.send('bank.import', { name: 'broken.json', content: '{"kind": "qbank",\n "items": [\n }', dry_run: true });
  assert.equal(broken.error?.code, 'invalid_field');
  assert.match(broken.error.message, /line 3/);
  const listed = await admin.send('room.list');
  assert.equal(listed.ok, true);
  await admin.close();
});

await check('every request stayed on the server\'s own site', async () => {
  for (const r of requests) assert.ok(r.startsWith(url) || r.startsWith(url.replace('https:', 'wss:')) || r.startsWith(`blob:${url}/`), r);
});

await stopServer(server);
await finish(browser);
