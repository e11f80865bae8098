// The exam in a real browser (Debian chromium via playwright-core) against the real server: sign
// in, the paper with its figure and formulas and without the bank's hostile HTML or Markdown,
// every item type answered, saves that say "saved" only when stored, answers kept in the browser
// while the server is down or the network is cut and sent when it is back, a proctor's pause and
// extra time, a reload that loses nothing, handing in, and a second candidate whose browser is
// closed with an unsent answer and opened again. Nothing leaves the site.
// Usage: node exam_test.mjs SERVER DATA_DIR TICKET ACCESS_CODE PROCTOR PROCTOR_PASSWORD TICKET2 CODE2
// With SCREENSHOTS=DIR it also writes the screenshots docs/exam-browser.md shows.
import { openDesktop, openProfile, check, finish, stopServer } from './harness.mjs';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [serverBinary, data, ticket, code, proctor, proctorPassword, ticket2, code2, admission] =
  process.argv.slice(2);

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

const stored = (sql) => execFileSync('sqlite3', [`${data}/craftmark.db`, sql]).toString().trim();

const snap = (name) => process.env.SCREENSHOTS &&
  page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}.png` });

/** Shows the paper's item `id` by the navigator (the paper's order is the candidate's own). */
async function goTo(id, on = page) {
  for (let i = 0; i < 7; ++i) {
    await on.click(`#navigator button >> nth=${i}`);
    if ((await on.locator('#item').getAttribute('data-item')) === id) return;
  }
  throw new Error(`item ${id} is not on the paper`);
}

/** Signs `ticket` in on `on` and opens the paper. */
async function signIn(on, ticket, code) {
  await on.goto(`${url}/exam`);
  await on.fill('#ticket', ticket);
  await on.fill('#code', code);
  await on.click('#signin button');
  await on.click('#open-paper');
  await on.locator('#paper:not([hidden])').waitFor();
}

/** Sends `requests` over a WebSocket of a page of the same site (as a console would) and
 * returns the replies. */
async function overSocket(requests) {
  const staff = await page.context().newPage();
  await staff.goto(`${url}/verify`);
  const replies = await staff.evaluate(async (requests) => {
    const ws = new WebSocket(`wss://${location.host}/ws`);
    await new Promise((resolve) => { ws.onopen = resolve; });
    let id = 0;
    const call = (type, body) => new Promise((resolve) => {
      const mine = ++id;
      ws.addEventListener('message', function reply(e) {
        const frame = JSON.parse(e.data);
        if (frame.id !== mine) return;
        ws.removeEventListener('message', reply);
        resolve(frame);
      });
      ws.send(JSON.stringify({ v: 1, id: mine, type, body }));
    });
    const out = [];
    for (const [type, body] of requests) out.push(await call(type, body));
    ws.close();
    return out;
  }, requests);
  await staff.close();
  return replies;
}

/** Sends requests as the room's proctor; each must succeed. */
async function asProctor(requests) {
  const replies = await overSocket([
    ['auth.staff_sign_in', { username: proctor, password: proctorPassword }], ...requests]);
  for (const r of replies) assert.ok(r.ok, JSON.stringify(r));
}

let { server, port } = await startServer();
const url = `https://127.0.0.1:${port}`;
const { browser, page, requests, text } = await openDesktop();
page.on('dialog', (d) => d.dismiss());
const received = []; // every frame the page receives, to check that no key reaches it
page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));

await check('a terminal is refused: the sitting is sat only in the browser', async () => {
  const [terminal] = await overSocket([['auth.sign_in',
    { ticket: ticket2, access_code: code2, terminal_id: 'pc-terminal', client: 'terminal' }]]);
  assert.equal(terminal.ok, false);
  assert.equal(terminal.error.code, 'browser_required');
  assert.match(terminal.error.message, /\/exam/);
});

let scanned = ''; // what the exam PC's scanner reads from the printed admission ticket
await check('the admission ticket\'s QR code reads as the ticket number, and no code is printed', async () => {
  const printout = await browser.newPage(); // its own context: not the exam page's request log
  await printout.goto(`file://${admission}`);
  const slip = printout.locator(`.slip[data-ticket="${ticket}"]`);
  assert.match(await slip.innerText(), /王芳 Wang Fang[\s\S]*A01/);
  assert.doesNotMatch(await printout.locator('body').innerText(), new RegExp(`\\b${code}\\b`));
  const image = join(tmpdir(), `admission-${process.pid}.png`);
  await slip.locator('svg.qr').screenshot({ path: image });
  await printout.close();
  scanned = execFileSync('zbarimg', ['--raw', '-q', image], { encoding: 'utf8' }).trim();
  rmSync(image);
  assert.equal(scanned, ticket);
});

await check('the candidate signs in with the scanned ticket and opens the paper from the lobby', async () => {
  await page.goto(`${url}/exam`);
  await page.locator('#signin:not([hidden])').waitFor();
  await page.click('#ticket');
  await page.keyboard.type(scanned); // a hand scanner types what it reads, then Enter
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'code');
  // Enter after the ticket is not a sign-in, not even one the browser stops as incomplete.
  assert.equal(await text('#signin-error'), '');
  assert.equal(await page.locator('#code:user-invalid').count(), 0);
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
  assert.equal(await page.locator('#navigator button').count(), 7);
  // The roster gives her large text (合理便利: 大字), and nothing else.
  assert.deepEqual(await page.evaluate(() => [...document.body.classList]), ['large-text']);
  await page.locator('body[data-figures="ready"]').waitFor(); // every figure of the paper fetched
});

await check('the figure and the formula are shown, and the bank\'s script, handlers and outside links are not', async () => {
  await goTo('E1');
  const figure = page.locator('#item img[alt="电路图"]');
  await page.waitForFunction(() => {
    const img = document.querySelector('#item img[alt="电路图"]');
    return img && img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0;
  });
  assert.equal(await figure.getAttribute('alt'), '电路图');
  assert.equal(await page.evaluate(() => window.hacked), undefined);
  assert.equal(await page.locator('#item script, #item iframe, #item [onclick], #item [onerror]').count(), 0);
  assert.match(await text('#item'), /R1 是什么元件/); // <sub> kept as an element
  assert.match(await text('#item'), /图片不可用 Figure not available/); // the remote one
  assert.equal(await page.locator('#item a').count(), 0); // the javascript: link is text
  assert.match(await text('#item'), /点此 click/);
  // \(R_1 = \frac{U}{I}\) typeset by KaTeX inline, in its own fonts from this server.
  const formula = page.locator('#item .formula .katex');
  assert.equal(await formula.count(), 1);
  assert.equal(await page.locator('#item .formula .katex-display').count(), 0);
  assert.equal(await page.locator('#item .formula .mfrac').count(), 1);
  assert.doesNotMatch(await text('#item'), /\\frac/);
  await page.waitForFunction(() => document.fonts.ready.then(() =>
    [...document.fonts].some((f) => f.family.includes('KaTeX') && f.status === 'loaded')));
  assert.ok(requests.some((r) => /\/assets\/katex\/fonts\/KaTeX_\w+-\w+\.woff2$/.test(r)));
  await snap('exam-paper');
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
  await goTo('E2');
  await page.locator('#item label', { hasText: '正确 True' }).click();
  await page.locator('#save-state.pending', { hasText: '已存本机' }).waitFor();
  await snap('exam-offline');
  await goTo('E1'); // the figure was fetched with the paper: it shows with the server gone
  await page.waitForFunction(() => document.querySelector('#item img[alt="电路图"]')?.naturalWidth > 0);
  await goTo('E2');
  assert.equal(stored("SELECT count(*) FROM answers"), '1'); // nothing reached the server
  ({ server } = await startServer(port));
  await page.locator('#link.online').waitFor({ timeout: 15000 });
  await page.locator('#save-state.saved').waitFor({ timeout: 15000 });
  assert.equal(stored("SELECT count(*) FROM answers"), '2');
});

await check('with the network cut, the page says so, keeps the answer and sends it when it is back', async () => {
  await page.context().setOffline(true);
  await page.locator('#link.offline').waitFor();
  await goTo('E2');
  await page.locator('#item label', { hasText: '错误 False' }).click();
  await page.locator('#save-state.pending', { hasText: '已存本机' }).waitFor();
  assert.equal(stored("SELECT count(*) FROM answers"), '2');
  await page.context().setOffline(false);
  await page.locator('#link.online').waitFor({ timeout: 15000 });
  await page.locator('#save-state.saved').waitFor({ timeout: 15000 });
  assert.equal(stored("SELECT response FROM answers WHERE item_id = 'E2' ORDER BY seq DESC LIMIT 1"), '{"value":false}');
});

await check('a proctor\'s pause and extra time reach the page', async () => {
  await asProctor([['attempt.pause', { sitting_id: 's', reason: 'noise' }]]);
  await page.locator('#clock', { hasText: '暂停 Paused' }).waitFor({ timeout: 5000 });
  await asProctor([['attempt.resume', { sitting_id: 's', reason: 'noise' }],
    ['attempt.extra_time', { sitting_id: 's', minutes: 10, reason: 'power_outage' }]]);
  await page.locator('#clock', { hasText: /剩余 Left (39|40):\d\d/ }).waitFor({ timeout: 5000 });
});

await check('every item type is answered by mouse and keyboard, and each answer is stored', async () => {
  await goTo('E3');
  await page.fill('#item input', '欧姆');
  await page.keyboard.press('Tab'); // a typed answer is saved when the field is left
  await page.locator('#save-state.saved').waitFor();
  await goTo('E4');
  await page.locator('#item label', { hasText: '铜' }).click();
  await page.locator('#save-state.saved').waitFor();
  await page.locator('#item label', { hasText: '铝' }).click();
  await page.locator('#save-state.saved').waitFor();
  await goTo('E5');
  await page.fill('#item input', '二二零'); // not a number: refused on the page, nothing sent
  await page.keyboard.press('Tab');
  await page.locator('#notice', { hasText: '请输入数字' }).waitFor();
  await page.fill('#item input', '220');
  await page.keyboard.press('Tab');
  await page.locator('#save-state.saved').waitFor();
  await goTo('E6');
  const selects = page.locator('#item select');
  for (let i = 0; i < 2; ++i) {
    const premise = await page.locator('#item .options label').nth(i).innerText();
    await selects.nth(i).selectOption({ label: premise.startsWith('电压') ? '伏特' : '安培' });
    await page.locator('#save-state.saved').waitFor();
  }
  await goTo('E7');
  // Markdown rendered into the same allow-list: emphasis and a list kept, a display formula
  // typeset, the javascript: link left as its text, the remote and the raw images not fetched.
  assert.equal(await page.locator('#item .stem strong').innerText(), '触电');
  assert.equal(await page.locator('#item .stem li').count(), 2);
  assert.equal(await page.locator('#item .formula .katex-display').count(), 1);
  assert.equal(await page.locator('#item a, #item [onerror]').count(), 0);
  assert.match(await text('#item'), /链接 link/);
  assert.equal(await page.locator('#item .missing-figure').count(), 2);
  assert.equal(await page.evaluate(() => window.hacked), undefined);
  await page.fill('#item textarea', '先切断电源，再进行心肺复苏。');
  await page.keyboard.press('Tab');
  await page.locator('#save-state.saved').waitFor();
  assert.equal(stored("SELECT count(DISTINCT item_id) FROM answers"), '7');
  const latest = (item) => stored(`SELECT response FROM answers WHERE item_id = '${item}' ORDER BY seq DESC LIMIT 1`);
  assert.equal(latest('E5'), '{"value":220}');
  assert.equal(JSON.parse(latest('E4')).choices.length, 2);
  assert.equal(Object.keys(JSON.parse(latest('E6')).pairs).length, 2);
});

await check('the paper is legible from 1024 × 768 to a 4K screen', async () => {
  const measure = () => page.evaluate(() => ({
    text: parseFloat(getComputedStyle(document.getElementById('item')).fontSize),
    main: document.querySelector('main').getBoundingClientRect().width,
    overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
  }));
  const laptop = await measure();
  assert.ok(laptop.text >= 16, `item text ${laptop.text}px`);
  assert.equal(laptop.overflow, false);
  await page.setViewportSize({ width: 3840, height: 2160 });
  const uhd = await measure();
  await page.setViewportSize({ width: 1024, height: 768 });
  assert.ok(uhd.text >= 1.9 * laptop.text, `item text ${uhd.text}px at 4K, ${laptop.text}px at 1024`);
  assert.ok(uhd.main >= 3840 / 2, `the paper is ${uhd.main}px of 3840`);
  assert.equal(uhd.overflow, false);
});

await check('a raised hand reaches the server', async () => {
  await page.click('#hand');
  await page.locator('#notice', { hasText: '已举手' }).waitFor();
});

await check('a reloaded page is still signed in, with its answers', async () => {
  await page.reload();
  await page.locator('#paper:not([hidden])').waitFor();
  assert.equal(await page.locator('#navigator button.answered').count(), 7);
  await goTo('E3');
  assert.equal(await page.inputValue('#item input'), '欧姆');
});

await check('handing in says what is answered, then the essay waits for marking', async () => {
  await page.click('#submit');
  assert.match(await text('#confirm-unanswered'), /全部已答 Every question is answered/);
  await page.click('#confirm-yes');
  await page.locator('#done-result', { hasText: '成绩待评阅后公布 Handed in: results after marking' }).waitFor();
  await snap('exam-done');
  assert.equal(stored("SELECT state FROM attempts WHERE ticket = 'B1'"), 'closed');
});

await check('no answer key, weight or feedback reaches the page', async () => {
  assert.ok(received.some((f) => f.includes('"sections"')), 'the paper was received');
  for (const secret of ['"fraction"', '"correct"', '"answers":[{', '"tolerance"', '"rubric"', '身份证', '"national_id"'])
    assert.ok(!received.some((f) => f.includes(secret)), secret);
});

await check('no request leaves the site', async () => {
  const host = new URL(url).host;
  assert.deepEqual(requests.filter((r) => !r.startsWith('blob:') && new URL(r).host !== host), []);
});

await check('a browser closed with an unsent answer sends it when it is opened again', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'craftmark-exam-profile-'));
  try {
    let context = await openProfile(profile);
    let other = context.pages()[0];
    await signIn(other, ticket2, code2);
    await stopServer(server);
    await other.locator('#link.offline').waitFor();
    await goTo('E2', other);
    await other.locator('#item label', { hasText: '正确 True' }).click();
    await other.locator('#save-state.pending', { hasText: '已存本机' }).waitFor();
    await context.close(); // the browser is closed, the answer only in its journal
    ({ server } = await startServer(port));
    const b2 = "attempt_id = (SELECT id FROM attempts WHERE ticket = 'B2')";
    assert.equal(stored(`SELECT count(*) FROM answers WHERE ${b2}`), '0');
    context = await openProfile(profile);
    other = context.pages()[0];
    await other.goto(`${url}/exam`); // signed in still, from the same profile
    await other.locator('#paper:not([hidden])').waitFor();
    await goTo('E2', other);
    await other.locator('#save-state.saved').waitFor({ timeout: 15000 });
    assert.equal(stored(`SELECT response FROM answers WHERE ${b2} AND item_id = 'E2'`), '{"value":true}');
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

await stopServer(server);
await finish(browser);
