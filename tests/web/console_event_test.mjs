// The chief judge's reveal in the staff console, against the real server: the chief opens the
// competition from the console and sees the staff board; a wrong password reveals nothing and the
// public board stays as it was; another judge cannot reveal; the right password releases the
// module, and the public board shows it by push. An administrator freezes and unfreezes the
// public board, is refused a second draw, and signs the medallists' award certificates.
// With SCREENSHOTS=DIR it also writes the screenshots docs/console.md shows.
// Usage: node console_event_test.mjs SERVER DATA_DIR
import { check, consoleSignIn, finish, startServer, socketPage, launchBrowser, stopServer, seriousViolations } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const [serverBinary, data] = process.argv.slice(2);
const { server, url } = await startServer(serverBinary, data);
const browser = await launchBrowser();
const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
// What the console's connection carried, and when: shown if the reveal's answer does not come.
const t0 = Date.now();
const frames = [];
let boardPushed;
const firstBoardPush = new Promise((resolve) => { boardPushed = resolve; });
page.on('websocket', (ws) => {
  ws.on('framesent', (f) => frames.push(`${Date.now() - t0} ms > ${String(f.payload).slice(0, 160)}`));
  ws.on('framereceived', (f) => {
    frames.push(`${Date.now() - t0} ms < ${String(f.payload).slice(0, 160)}`);
    if (String(f.payload).includes('"type":"scoreboard"')) boardPushed();
  });
  ws.on('close', () => frames.push(`${Date.now() - t0} ms closed`));
});
let passwordField; // the reveal form's field as the board was first drawn
const module = () => page.locator('#event-board li[data-module="P"]');
const released = (board) => board.skills[0].modules[0].released;

const publicBoard = await socketPage(context, url); // anyone: the board as the public sees it
const before = await publicBoard.send('scoreboard.watch', { event: 'city-2026' });

await check('the chief judge opens the competition in the console and sees the staff board', async () => {
  assert.equal(released(before.body.board), false);
  await consoleSignIn(page, url, 'chief', 'chief-secret');
  await page.locator('#marking:not([hidden])').waitFor(); // an examiner's one sitting opens its marking
  await page.click('#marking-back');
  await page.fill('#event-id', 'city-2026');
  await page.click('#event-form button');
  await module().waitFor();
  passwordField = await module().locator('input[type=password]').elementHandle();
  assert.match(await module().innerText(), /not revealed/);
  // Before a reveal competitors are numbers, for staff too.
  assert.equal(await page.locator('#event-board tbody tr').count(), 3);
  assert.doesNotMatch(await page.innerText('#event-board'), /李明/);
});

await check('a wrong password reveals nothing, and the public board stays as it was', async () => {
  // The server's first push to a new watcher repeats the board the watch returned. Drawn again,
  // it would swap the field between the chief's typing and the click, and the form would not
  // be sent. Its answer below comes after the push, so the page has handled the push by then.
  await firstBoardPush;
  await module().locator('input[type=password]').fill('not-the-password');
  await module().locator('button').click();
  await page.locator('#event-result', { hasText: /Not revealed/ }).waitFor().catch(async (e) => {
    throw new Error(`${e.message}\nevent-result: ${await page.innerText('#event-result')}\n${frames.join('\n')}`);
  });
  assert.equal(await passwordField.evaluate((field) => field.isConnected), true, 'the unchanged board was drawn again');
  assert.match(await module().innerText(), /not revealed/);
  const now = await publicBoard.send('scoreboard.watch', { event: 'city-2026' });
  assert.equal(released(now.body.board), false);
});

await check('a judge who is not the skill\'s chief cannot reveal, even with their own password', async () => {
  const judge = await socketPage(context, url);
  assert.equal((await judge.send('auth.staff_sign_in', { username: 'judge2', password: 'chief-secret' })).ok, true);
  const refused = await judge.send('event.reveal', { event: 'city-2026', skill: 'cnc-turning', module: 'P', password: 'chief-secret' });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'invalid_field');
  await judge.close();
});

await check('the right password releases the module; the public board shows it by push', async () => {
  await module().locator('input[type=password]').fill('chief-secret');
  await module().locator('button').click();
  await page.locator('#event-result', { hasText: /Revealed/ }).waitFor().catch(async (e) => {
    throw new Error(`${e.message}\nevent-result: ${await page.innerText('#event-result')}`);
  });
  await module().filter({ hasText: /已揭晓 revealed/ }).waitFor();
  assert.equal(await module().locator('form').count(), 0);
  await publicBoard.waitForFunction(() => window.pushes.some(
    (f) => f.type === 'scoreboard' && f.body.board.skills[0].modules[0].released), null, { timeout: 5000 });
  await page.locator('#event-board', { hasText: /李明/ }).waitFor(); // names, once revealed
});

await check('an administrator freezes and unfreezes the public board, is refused a second draw, and awards the medallists', async () => {
  const admin = await context.newPage();
  await consoleSignIn(admin, url, 'admin', readFileSync(`${data}/admin.password`, 'utf8').trim());
  await admin.locator('#room:not([hidden])').waitFor(); // one sitting: its room
  await admin.click('#back');
  await admin.fill('#event-id', 'city-2026');
  await admin.click('#event-form button');
  await admin.locator('button[data-step="event.freeze:true"]').click();
  await admin.locator('#event-result', { hasText: /The public board is frozen/ }).waitFor();
  await publicBoard.waitForFunction(() => window.pushes.some((f) => f.type === 'scoreboard' && f.body.board.frozen),
    null, { timeout: 5000 });
  await admin.locator('button[data-step="event.freeze:false"]').click();
  await admin.locator('#event-result', { hasText: /The public board is live again/ }).waitFor();
  await admin.locator('button[data-step="event.draw:cnc-turning"]').first().click();
  await admin.locator('#event-result', { hasText: /has drawn its competitor numbers/ }).waitFor();
  await admin.locator('button[data-step="event.awards:cnc-turning"]').click();
  await admin.locator('#event-result', { hasText: /cnc-turning: 已签发 issued [1-9]/ }).waitFor();
  await admin.locator('button[data-step="event.awards:cnc-turning"]').click();
  await admin.locator('#event-result', { hasText: /已签发 issued 0 · 此前已签发 already [1-9]/ }).waitFor();
  if (process.env.SCREENSHOTS) await admin.screenshot({ path: `${process.env.SCREENSHOTS}/console-event.png` });
  await admin.close();
  // The chief judge runs no draw: it is the centre's administrators'.
  const chief = await socketPage(context, url);
  assert.equal((await chief.send('auth.staff_sign_in', { username: 'chief', password: 'chief-secret' })).ok, true);
  assert.equal((await chief.send('event.freeze', { event: 'city-2026', frozen: true })).error?.code, 'forbidden');
  await chief.close();
});

await check('an administrator adds a competition from its file; a drawn one is not replaced, nor by a judge', async () => {
  const drawn = JSON.parse(readFileSync(`${data}/../event.json`, 'utf8')); // what the CLI added
  const file = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const admin = await context.newPage();
  await consoleSignIn(admin, url, 'admin', readFileSync(`${data}/admin.password`, 'utf8').trim());
  await admin.locator('#room:not([hidden])').waitFor();
  await admin.click('#back');
  await admin.setInputFiles('#event-file', file('city-2027.json', JSON.stringify({ ...drawn, id: 'city-2027' })));
  await admin.click('#event-file-form button');
  await admin.locator('#event-result', { hasText: /已添加 Added city-2027: 1 个项目 skill\(s\)/ }).waitFor();
  await admin.locator('#event-board li[data-module="P"]').waitFor(); // its board, before any draw
  assert.deepEqual(await seriousViolations(admin), []);
  await admin.click('#event-back');
  assert.deepEqual(await seriousViolations(admin), []); // the list of sittings, with the file form
  if (process.env.SCREENSHOTS) await admin.screenshot({ path: `${process.env.SCREENSHOTS}/console-sittings.png` });
  await admin.setInputFiles('#event-file', file('city-2026.json', JSON.stringify({ ...drawn, title: 'changed' })));
  await admin.click('#event-file-form button');
  await admin.locator('#event-file-problem', { hasText: /draw/ }).waitFor();
  await admin.setInputFiles('#event-file', file('broken.json', '{"id": "x",'));
  await admin.click('#event-file-form button');
  await admin.locator('#event-file-problem', { hasText: /broken\.json 不是有效的 JSON is not valid JSON/ }).waitFor();
  await admin.close();
  const chief = await socketPage(context, url);
  assert.equal((await chief.send('auth.staff_sign_in', { username: 'chief', password: 'chief-secret' })).ok, true);
  assert.equal((await chief.send('event.put', { event: { ...drawn, id: 'city-2028' } })).error?.code, 'forbidden');
  await chief.close();
});

await stopServer(server);
await finish(browser);
