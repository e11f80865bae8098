// The staff console in a real browser (Debian chromium via playwright-core) against the real
// server: a proctor signs in, sees only their own room, checks a candidate in with the roster's
// photo and reads out the access code; the candidate signs in with it; the proctor pauses,
// resumes, gives extra time and sends a message, and the candidate receives each within a
// second; incidents are recorded and closed; a hostile roster name is shown as text; a
// candidate's session, a forged staff message and another site's page are refused; guessing a
// password locks the account; the page is usable at 1280×800 and on a 768-wide tablet and has
// no serious accessibility violation (axe-core).
// Usage: node console_test.mjs SERVER DATA_DIR
// With SCREENSHOTS=DIR it also writes the screenshots docs/console.md shows.
import { check, consoleSignIn, finish, startServer, socketPage as openSocketPage, launchBrowser, stopServer, seriousViolations } from './harness.mjs';
import assert from 'node:assert/strict';

const [serverBinary, data] = process.argv.slice(2);
const hostileName = '<script>window.hacked=1</script>"><img src=x onerror="window.hacked=2">\u202eevil';

const { server, port, url } = await startServer(serverBinary, data);

const browser = await launchBrowser();
const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const requests = [];
page.on('request', (r) => requests.push(r.url()));
page.on('dialog', (d) => d.accept()); // "the whole room?" is answered yes
const received = []; // every frame the console receives
let socketsClosed = 0;
page.on('websocket', (ws) => {
  ws.on('framereceived', (f) => received.push(String(f.payload)));
  ws.on('close', () => { socketsClosed += 1; });
});
const snap = (name) => process.env.SCREENSHOTS &&
  page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}.png` });

const socketPage = () => openSocketPage(context, url);

const card = (ticket) => page.locator(`.card[data-ticket="${ticket}"]`);

await check('the console is served with a strict policy and asks for the staff account', async () => {
  const response = await page.goto(`${url}/console`);
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src 'self'/);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  await page.locator('#signin:not([hidden])').waitFor();
  await page.locator('#link.online').waitFor();
  await snap('console-signin');
});

await check('a wrong password is refused on the page; the right one opens the only room', async () => {
  await page.fill('#username', 'li');
  await page.fill('#password', 'not-the-password');
  await page.click('#signin-form button');
  await page.locator('#signin-error', { hasText: /Wrong user name or password/ }).waitFor();
  await page.fill('#password', 'proctor-a-secret');
  await page.click('#signin-form button');
  await page.locator('#room:not([hidden])').waitFor(); // one room in scope: opened at once
  assert.match(await page.innerText('#room-title'), /电工理论/);
  assert.match(await page.innerText('#who'), /李老师/);
  assert.equal(await page.locator('.card').count(), 2);
});

await check('a hostile roster name is shown as the text it is, and runs nothing', async () => {
  assert.equal(await card('A1').locator('.name').innerText(), hostileName);
  assert.equal(await page.locator('#seats img, #seats script').count(), 0);
  assert.equal(await page.evaluate(() => window.hacked), undefined);
});

let code = '';
await check('checking a candidate in shows the roster photo, the ID number and a large access code', async () => {
  await card('A2').locator('button.open').click();
  await page.locator('#detail:not([hidden])').waitFor();
  await page.click('[data-checkin="checked_in"]');
  await page.locator('#access-code', { hasText: /^\d{6}$/ }).waitFor();
  const photo = page.locator('#checkin-photo:not([hidden])');
  await photo.waitFor();
  assert.deepEqual(await photo.evaluate((img) => img.complete && [img.naturalWidth, img.naturalHeight]), [60, 80]);
  assert.match(await page.innerText('#checkin-id'), /9002/);
  const size = await page.locator('#access-code').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(size >= 40, `the code is ${size}px`);
  code = await page.innerText('#access-code');
  await card('A2').locator('.checkin', { hasText: /checked in/ }).waitFor();
  await snap('console-checkin');
});

let candidate = null;
await check('the candidate signs in with the code; the seat map follows by push', async () => {
  candidate = await socketPage();
  const signed = await candidate.send('auth.sign_in', { ticket: 'A2', access_code: code, terminal_id: 'pc-2' });
  assert.ok(signed.ok, JSON.stringify(signed));
  assert.ok((await candidate.send('paper.get')).ok);
  await page.locator('.card[data-ticket="A2"][data-connection="connected"][data-state="running"]').waitFor({ timeout: 1000 });
});

await check('pause, resume, extra time and a message reach the candidate within a second', async () => {
  await card('A2').locator('input[type=checkbox]').check();
  await page.selectOption('#reason', 'terminal_failure');
  await page.click('[data-control="attempt.pause"]');
  await candidate.pushed('time.changed', 'reason', 'pause', 1000);
  await page.locator('#control-result', { hasText: /applied 1/ }).waitFor();
  await card('A2').and(page.locator('[data-state="paused"]')).waitFor({ timeout: 1000 });
  await page.click('[data-control="attempt.resume"]');
  await candidate.pushed('time.changed', 'reason', 'resume', 1000);
  await page.fill('#minutes', '7');
  await page.click('[data-control="attempt.extra_time"]');
  await candidate.pushed('time.changed', 'reason', 'extra_time', 1000);
  await page.fill('#message-text', '请举手示意 <b>raise your hand</b>');
  await page.click('#message-form button');
  await candidate.pushed('message', 'text', '请举手示意 <b>raise your hand</b>', 1000);
  await page.locator('#detail-result', { hasText: /Message sent/ }).waitFor();
  // The whole room (nothing selected): the announcement reaches the candidate too.
  await page.fill('#announce-text', '还有 30 分钟 30 minutes left');
  await page.click('#announce-form button');
  await candidate.pushed('announcement', 'text', '还有 30 分钟 30 minutes left', 1000);
});

await check('a raised hand and a lost focus show on the seat by push', async () => {
  assert.ok((await candidate.send('hand.raise')).ok);
  assert.ok((await candidate.send('terminal.focus', { focused: false })).ok);
  await card('A2').locator('.mark.hand').waitFor({ timeout: 1000 });
  await card('A2').locator('.mark.focus', { hasText: /×1/ }).waitFor({ timeout: 1000 });
  await snap('console-room');
});

await check('an incident is recorded on the seat and closed with its resolution', async () => {
  await page.selectOption('#incident-category', 'technical.terminal_failure');
  await page.fill('#incident-text', 'PC 2 froze <img src=x onerror="window.hacked=3">');
  await page.click('#incident-form button');
  const item = page.locator('#incidents li[data-open]');
  await item.waitFor();
  assert.match(await item.innerText(), /PC 2 froze <img src=x onerror="window.hacked=3">/);
  await card('A2').locator('.mark.incident').waitFor();
  await item.locator('input').fill('spare PC, 5 minutes given');
  await item.locator('button').click();
  await page.locator('#incidents li:not([data-open])', { hasText: /spare PC/ }).waitFor();
  await card('A2').locator('.mark.incident').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => window.hacked), undefined);
});

await check('the proctor of room A sees nothing of room B', async () => {
  const everything = received.join('\n');
  // Quoted: a bare 9003 also turns up inside a millisecond timestamp.
  assert.doesNotMatch(everything, /"B1"|赵强|"9003"/);
  const proctor = await socketPage();
  assert.ok((await proctor.send('auth.staff_sign_in', { username: 'li', password: 'proctor-a-secret' })).ok);
  const list = await proctor.send('room.list');
  assert.deepEqual(list.body.sittings.map((s) => s.id), ['a']);
  for (const [type, body] of [['room.watch', { sitting_id: 'b' }], ['candidate.check_in', { ticket: 'B1', state: 'checked_in' }],
    ['attempt.pause', { sitting_id: 'b', reason: 'other' }], ['candidate.photo', { ticket: 'B1' }]]) {
    const refused = await proctor.send(type, body);
    assert.equal(refused.error?.code, 'forbidden', `${type}: ${JSON.stringify(refused)}`);
  }
  await proctor.close();
});

await check('a candidate\'s session and an unsigned socket cannot give staff orders', async () => {
  const refused = await candidate.send('attempt.pause', { sitting_id: 'a', reason: 'other' });
  assert.equal(refused.error?.code, 'forbidden');
  assert.equal((await candidate.send('room.watch', { sitting_id: 'a' })).error?.code, 'forbidden');
  const stranger = await socketPage();
  assert.equal((await stranger.send('attempt.terminate', { sitting_id: 'a', reason: 'other' })).error?.code, 'not_signed_in');
  assert.equal((await stranger.send('room.list')).error?.code, 'not_signed_in');
  await stranger.close();
  await card('A2').and(page.locator('[data-state="running"]')).waitFor(); // nothing happened to it
});

await check('a page of another site cannot open the server\'s WebSocket', async () => {
  // Any site a proctor visits could try: here one served by the test itself, without the
  // server's own policy (which would stop the attempt in the browser before the server is asked).
  const other = await context.newPage();
  await other.route('https://elsewhere.example/**',
    (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>elsewhere</title>' }));
  await other.goto('https://elsewhere.example/');
  const attempt = (target) => other.evaluate((target) => new Promise((resolve) => {
    const ws = new WebSocket(target);
    ws.onopen = () => { ws.close(); resolve('opened'); };
    ws.onclose = () => resolve('refused');
    setTimeout(() => resolve('no answer'), 5000);
  }), target);
  assert.equal(await attempt(`wss://127.0.0.1:${port}/ws`), 'refused');
  await other.close();
  // The same request from the server's own page opens (the refusal above is the Origin's).
  const own = await socketPage();
  assert.equal((await own.send('ping')).ok, true);
  await own.close();
});

await check('guessing a password locks the account, and the page says so', async () => {
  const guesser = await context.newPage();
  await guesser.goto(`${url}/console`);
  await guesser.locator('#signin:not([hidden])').waitFor();
  for (let i = 0; i < 5; ++i) {
    await guesser.fill('#username', 'wang');
    await guesser.fill('#password', `guess-${i}`);
    await guesser.click('#signin-form button');
    await guesser.locator('#signin-error', { hasText: /Wrong user name/ }).waitFor();
    await guesser.evaluate(() => { document.getElementById('signin-error').textContent = ''; });
  }
  await guesser.fill('#username', 'wang');
  await guesser.fill('#password', 'proctor-b-secret'); // even the right one, now
  await guesser.click('#signin-form button');
  await guesser.locator('#signin-error', { hasText: /Too many failed attempts/ }).waitFor();
  assert.equal(await guesser.locator('#room:not([hidden]), #rooms:not([hidden])').count(), 0);
  await guesser.close();
});

await check('on a 768-wide tablet the room fits the screen, the candidate panel under the seats', async () => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await card('A2').locator('button.open').click();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  const seats = await page.locator('#seats').boundingBox();
  const detail = await page.locator('#detail').boundingBox();
  assert.ok(detail.width > 600, `the panel is ${detail.width}px wide`);
  assert.ok(seats.width > 600);
  await snap('console-tablet');
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
});

await check('a dropped connection resumes the staff session without the password, in the same room', async () => {
  // The page's sockets pass through the test, which can drop one as a network blip does.
  const p = await context.newPage();
  const routed = [];
  await p.routeWebSocket(/\/ws$/, (ws) => { ws.connectToServer(); routed.push(ws); });
  await consoleSignIn(p, url, 'li', 'proctor-a-secret');
  await p.locator('#room:not([hidden])').waitFor();
  await p.locator('.card[data-ticket="A1"]').waitFor();
  const next = p.waitForEvent('websocket');
  await routed[0].close({ code: 1001, reason: 'blip' });
  await (await next).waitForEvent('framereceived', {
    predicate: (f) => String(f.payload).includes('"seats"') }); // room.watch again
  assert.equal(routed.length, 2);
  await p.locator('#room:not([hidden])').waitFor();
  assert.equal(await p.locator('.card').count(), 2);
  assert.equal(await p.locator('#signin').isHidden(), true);
  assert.match(await p.innerText('#who'), /李老师/);
  await p.close();
});

await check('two minutes before an idle session would end, the console warns and a click keeps it', async () => {
  const p = await context.newPage();
  await p.clock.install(); // the page's own time, moved on below; the server's is untouched
  await consoleSignIn(p, url, 'li', 'proctor-a-secret');
  await p.locator('#room:not([hidden])').waitFor();
  assert.equal(await p.locator('#idle-warning').isHidden(), true);
  await p.clock.fastForward('28:30');
  await p.locator('#idle-warning:not([hidden])', { hasText: /without activity/ }).waitFor();
  await p.click('#stay');
  await p.locator('#idle-warning').waitFor({ state: 'hidden' });
  await p.close();
});

await check('axe-core finds no serious accessibility violation in the room or at sign-in', async () => {
  assert.deepEqual(await seriousViolations(page), []);
  await page.click('#sign-out');
  await page.locator('#signin:not([hidden])').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
});

await check('signing out ends the session: the socket the console used is closed', async () => {
  assert.equal(socketsClosed, 1);
  assert.equal(await page.locator('#sign-out').isHidden(), true);
  assert.equal(await page.innerText('#who'), '');
});

await check('"sign out everywhere" on one device closes the account\'s console on another', async () => {
  await consoleSignIn(page, url, 'li', 'proctor-a-secret', { open: false });
  await page.locator('#room:not([hidden])').waitFor();
  const tablet = await context.newPage();
  await consoleSignIn(tablet, url, 'li', 'proctor-a-secret');
  await tablet.locator('#room:not([hidden])').waitFor();
  await tablet.click('#sign-out-everywhere');
  await tablet.locator('#signin:not([hidden])').waitFor();
  await page.locator('#signin-error', { hasText: /signed out everywhere/ }).waitFor({ timeout: 2000 });
  assert.equal(await page.locator('#room').isHidden(), true);
  assert.equal(await page.innerText('#who'), '');
  await tablet.close();
});

await check('every request stayed on the server\'s own site', async () => {
  for (const r of requests)
    assert.ok(r.startsWith(url) || r.startsWith(`wss://127.0.0.1:${port}/`) || r.startsWith(`blob:${url}/`), r);
});

await stopServer(server);
await finish(browser);
