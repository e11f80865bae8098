// The centre's exam day in the staff console, in a real browser against the real server: an
// administrator imports a bank with an error and sees its line, defines an assessment from the
// bank's blueprint table, schedules a sitting of it, previews a roster whose rows in error are shown by number
// (hostile names as text) and registers the corrected one; three candidates sit the paper over
// the protocol; the administrator exports the results as CSV and Excel, issues the certificates
// with a progress bar (one step per candidate), and revokes one with a reason; narrows a
// proctor's scope (the proctor's open console is signed out at once), adds an examiner, and
// verifies the audit log, which names the entry changed behind its back. Refused: a proctor, an
// administrator outside their venue, a roster in error, a sitting id taken, a broken file, a
// short password, an administrator changing their own account. axe-core finds no serious
// violation on the new pages.
// Usage: node console_centre_test.mjs SERVER DATA_DIR CLI WORK_DIR
// With SCREENSHOTS=DIR it also writes the screenshots docs/console.md shows.
import { check, consoleSignIn, finish, startServer, socketPage, launchBrowser, stopServer, seriousViolations } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const [serverBinary, data, cli, work] = process.argv.slice(2);
const { server, url } = await startServer(serverBinary, data);
const browser = await launchBrowser();
const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
const adminPassword = readFileSync(`${data}/admin.password`, 'utf8').trim();
const craftmark = (...args) => execFileSync(cli, ['--data', data, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const page = await context.newPage(); // the administrator
const received = [];
page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
/** The whole page in one view (a full-page shot would draw the fixed bar halfway down). */
async function snap(name) {
  if (!process.env.SCREENSHOTS) return;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.min(height, 1600) });
  await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
}
await consoleSignIn(page, url, 'admin', adminPassword);
await page.locator('#rooms:not([hidden])').waitFor();

async function noSeriousViolations() {
  assert.deepEqual(await seriousViolations(page), []);
}

/** Signs `user` in on a socket of their own. */
async function staffSocket(user, password) {
  const s = await socketPage(context, url);
  assert.equal((await s.send('auth.staff_sign_in', { username: user, password })).ok, true);
  return s;
}

const roster = (fourthId) => '\ufeff准考证号,姓名,身份证号,座位号,单位\n' +
  'E001,张三丰,110101199003091234,1,城南技师学院\n' +
  'E002,"<img src=x onerror=""window.hacked=1"">",110101199104162345,2,"""><script>window.hacked=2</script>"\n' +
  `E003,王小二\u202e evil,${fourthId},3,市机械厂\n`;
const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

await check('the administrator imports a bank with an error on line 10, sees the line, and imports the rest', async () => {
  const gift = '// 电工 判断题 Electrician, true or false\n::q1:: 安全电压不高于 36 V。 {T}\n\n' +
    '::q2:: 带电作业前应先验电。 {TRUE}\n\n::q3:: 熔断器应串联在电路中。 {T}\n\n' +
    '::q4:: 验电笔用前应先在有电设备上试验。 {T}\n\n::q5:: 这一题的答案没有写完 {T\n';
  await page.click('#open-banks');
  await page.setInputFiles('#bank-file', { name: 'electric-tf.gift', mimeType: 'text/plain', buffer: Buffer.from(gift) });
  await page.click('#bank-form button');
  await page.locator('#bank-diagnostics:not([hidden])').waitFor();
  assert.equal(await page.locator('#bank-diagnostic-rows tr td').first().innerText(), '10');
  await page.check('#bank-skip');
  await page.click('#bank-import');
  await page.locator('#bank-result', { hasText: /Imported: 4 题 questions into bank electric-tf/ }).waitFor();
  await page.click('#banks-back');
});

await check('a workbook\'s problems are named by row and column; its figure comes in a zip; a QTI package brings its own', async () => {
  const where = (n) => page.locator('#bank-diagnostic-rows tr').nth(n).locator('td').first().innerText();
  const message = (n) => page.locator('#bank-diagnostic-rows tr').nth(n).locator('td').last().innerText();
  await page.click('#open-banks');
  await page.setInputFiles('#bank-file', `${work}/banks/wiring.xlsx`);
  await page.click('#bank-form button');
  await page.locator('#bank-summary', { hasText: /wiring \(xlsx\): 5 题 questions .* 2 个错误 errors/ }).waitFor();
  assert.equal(await where(0), '第 2 行 row 2, 图片 Figures');
  assert.match(await message(0), /figure circuit\.png is not with the bank/);
  assert.equal(await where(1), '第 5 行 row 5, 图片 Figures');
  assert.match(await message(1), /leaves the bank's folder/);
  await noSeriousViolations();
  await snap('console-bank-workbook');
  assert.equal(await page.isDisabled('#bank-import'), true);
  // The figure handed in with it: only the row naming a path outside the bank stays in error.
  await page.setInputFiles('#bank-figures', `${work}/banks/wiring-figures.zip`);
  await page.click('#bank-form button');
  await page.locator('#bank-summary', { hasText: /wiring \(xlsx\): 6 题 questions .* 1 个错误 errors/ }).waitFor();
  assert.equal(await where(0), '第 5 行 row 5, 图片 Figures');
  await page.check('#bank-skip');
  await page.click('#bank-import');
  await page.locator('#bank-result', { hasText: /Imported: 6 题 questions into bank wiring/ }).waitFor();

  await page.setInputFiles('#bank-file', `${work}/banks/kennisnet.zip`);
  await page.setInputFiles('#bank-figures', []);
  await page.click('#bank-form button');
  await page.locator('#bank-summary', { hasText: /kennisnet \(qti\): 4 题 questions/ }).waitFor();
  assert.match(await page.innerText('#bank-diagnostic-rows'), /kennisnet\.zip\/ITEM009\.xml:\d+\s+错误 error\s+item ITEM009 .*orderInteraction/);
  await page.check('#bank-skip');
  await page.click('#bank-import');
  await page.locator('#bank-result', { hasText: /Imported: 4 题 questions into bank kennisnet/ }).waitFor();
  await page.click('#banks-back');
});

await check('the administrator defines the assessment from the bank\'s blueprint table; a cell asked for too much is refused', async () => {
  await page.click('#open-blueprint');
  await page.locator('#blueprint-bank option[value="electric-tf"]').waitFor({ state: 'attached' });
  await page.selectOption('#blueprint-bank', 'electric-tf');
  const cells = page.locator('#blueprint-cells tr');
  assert.equal(await cells.count(), 1);
  assert.match(await cells.first().innerText(), /无 none\t判断 true\/false\t中 medium\t4/);
  await page.fill('#blueprint-id', 'electric-l4');
  await page.fill('#blueprint-title', '电工四级理论 Electrician L4 theory');
  await page.fill('#blueprint-occupation', '6-31-01-03');
  await page.fill('#blueprint-occupation-name', '电工 Electrician');
  await page.selectOption('#blueprint-level', 'L4');
  await page.fill('#blueprint-minutes', '30');
  await page.fill('#blueprint-cells input', '5');
  await page.locator('#blueprint-total', { hasText: /5 题 items, 5 分 points · 1 格超出可抽题数/ }).waitFor();
  // The browser holds the form back (the cell's maximum); sent anyway, the server refuses it.
  await page.click('#blueprint-form button[type="submit"]');
  assert.equal(await page.locator('#blueprint-cells input:invalid').count(), 1);
  assert.equal(await page.innerText('#blueprint-result'), '');
  const admin = await staffSocket('admin', adminPassword);
  const tooMany = await admin.send('assessment.put', { assessment: { kind: 'assessment', id: 'electric-l4', durationMinutes: 30,
    sections: [{ id: 'tf', draw: [{ bank: 'electric-tf', type: 'true_false', difficulty: 'medium', count: 5 }] }] } });
  assert.equal(tooMany.error?.code, 'invalid_field');
  assert.match(tooMany.error.message, /wants 5/);
  assert.equal((await admin.send('assessment.list')).body.assessments.length, 0);
  await admin.close();
  await page.fill('#blueprint-cells input', '4');
  await page.locator('#blueprint-total', { hasText: /^每份试卷 Each paper: 4 题 items, 4 分 points$/ }).waitFor();
  await page.click('#blueprint-form button[type="submit"]');
  await page.locator('#blueprint-result', { hasText: /已保存 Saved electric-l4: 每份试卷 4 题 items per paper/ }).waitFor();
  await noSeriousViolations();
  await snap('console-blueprint');
  const clerk = await staffSocket('clerk', 'clerk-secret-1');
  const refused = await clerk.send('assessment.put', { assessment: { kind: 'assessment', id: 'x', durationMinutes: 10, sections: [] } });
  assert.equal(refused.error?.code, 'forbidden');
  await clerk.close();
  await page.click('#blueprint-back');
});

await check('the administrator schedules a sitting of it; a taken id and a proctor are refused', async () => {
  await page.click('#open-new-sitting');
  await page.locator('#sitting-assessment option[value="electric-l4"]').waitFor({ state: 'attached' });
  assert.match(await page.innerText('#sitting-assessment'), /电工四级理论 Electrician L4 theory · electric-l4 · 理论 theory · 30 min/);
  await page.fill('#sitting-id', 'day-1');
  await page.fill('#sitting-room', '301');
  await page.fill('#sitting-start', await page.evaluate(() => {
    const d = new Date(Date.now() - 60000);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }));
  await page.selectOption('#sitting-checkin', 'not_required');
  await noSeriousViolations();
  await snap('console-new-sitting');
  await page.click('#sitting-form button[type="submit"]');
  await page.locator('#sitting-result', { hasText: /已创建 Created day-1.*codes at registration/ }).waitFor();
  await page.click('#sitting-form button[type="submit"]'); // the same id again
  await page.locator('#sitting-problem', { hasText: /a sitting day-1 exists already/ }).waitFor();
  const proctor = await staffSocket('wang', 'clerk-secret-1');
  const refused = await proctor.send('sitting.create', { sitting_id: 'west-0', assessment: 'electric-l4', starts_at: Date.now() });
  assert.equal(refused.error?.code, 'forbidden');
  await proctor.close();
});

await check('an administrator of venue 东区 can schedule there only, and touches no other sitting', async () => {
  const clerk = await staffSocket('clerk', 'clerk-secret-1');
  const elsewhere = await clerk.send('sitting.create',
    { sitting_id: 'west-1', assessment: 'electric-l4', venue: '西区', starts_at: Date.now() });
  assert.equal(elsewhere.error?.code, 'forbidden');
  assert.match(elsewhere.error.message, /venue "西区"/);
  const other = await clerk.send('sitting.register',
    { sitting_id: 'day-1', name: 'r.csv', data: Buffer.from(roster('110101199205233456')).toString('base64'), dry_run: true });
  assert.equal(other.error?.code, 'invalid_field');
  assert.match(other.error.message, /scopes do not include sitting day-1/);
  const results = await clerk.send('results.export', { sitting_id: 'day-1' });
  assert.match(results.error?.message, /scopes do not include sitting day-1/);
  await clerk.close();
});

await check('a roster with rows in error is shown row by row, as text, and registers no one', async () => {
  await page.click('#new-sitting-back');
  await page.locator('button[data-manage="day-1"]').click();
  await page.locator('#sitting-admin:not([hidden])').waitFor();
  // Line 4: the ID's check digit is wrong; line 5 repeats a ticket.
  await page.setInputFiles('#roster-file', csv('day-1.csv', roster('110101199205233450') + 'E001,张三,110101199003091234,4,\n'));
  await page.click('#roster-form button[type="submit"]');
  await page.locator('#roster-problems:not([hidden])').waitFor();
  const rows = page.locator('#roster-problem-rows tr');
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(0).locator('td').first().innerText(), '4');
  assert.match(await rows.nth(0).innerText(), /身份证号 national_id 110101199205233450/);
  assert.equal(await rows.nth(1).locator('td').first().innerText(), '5');
  assert.match(await rows.nth(1).innerText(), /ticket E001 is also on line 2/);
  assert.equal(await page.locator('#roster-register').isDisabled(), true);
  // The hostile name and organisation are shown as the file wrote them, and run nothing.
  const hostile = page.locator('#roster-preview-rows tr').nth(1);
  assert.match(await hostile.innerText(), /<img src=x onerror="window.hacked=1">/);
  assert.match(await hostile.innerText(), /"><script>window.hacked=2<\/script>/);
  assert.equal(await page.locator('#sitting-admin img, #sitting-admin script').count(), 0);
  assert.equal(await page.evaluate(() => window.hacked), undefined);
  // Sent anyway (not a preview), it is refused as a whole; so is a file that is not base64.
  const admin = await staffSocket('admin', adminPassword);
  const inError = await admin.send('sitting.register', { sitting_id: 'day-1', name: 'r.csv',
    data: Buffer.from(roster('110101199205233450')).toString('base64'), dry_run: false });
  assert.match(inError.error?.message, /not registered: 1 row\(s\) in error/);
  const broken = await admin.send('sitting.register', { sitting_id: 'day-1', name: 'r.csv', data: '%%%', dry_run: false });
  assert.match(broken.error?.message, /did not arrive whole/);
  await admin.close();
  assert.throws(() => craftmark('sitting', 'codes', 'day-1'), /no candidates registered/);
});

await check('the corrected roster registers three candidates, each once', async () => {
  await page.setInputFiles('#roster-file', csv('day-1.csv', roster('110101199205233456')));
  await page.click('#roster-form button[type="submit"]');
  await page.locator('#roster-summary', { hasText: /3 名考生 candidates · 0 行有问题/ }).waitFor();
  await page.click('#roster-register');
  await page.locator('#roster-summary', { hasText: /已登记 Registered 3.*access codes issued/ }).waitFor();
  await noSeriousViolations();
  // Again: every ticket is registered already, and nothing changes.
  const admin = await staffSocket('admin', adminPassword);
  const again = await admin.send('sitting.register', { sitting_id: 'day-1', name: 'day-1.csv',
    data: Buffer.from(roster('110101199205233456')).toString('base64'), dry_run: false });
  assert.match(again.error?.message, /not registered: 3 ticket\(s\) already registered/);
  const preview = await admin.send('sitting.register', { sitting_id: 'day-1', name: 'day-1.csv',
    data: Buffer.from(roster('110101199205233456')).toString('base64') });
  assert.deepEqual(preview.body.problems.map((p) => p.row), [2, 3, 4]);
  assert.match(preview.body.problems[0].message, /line 2: 准考证号 ticket E001 is already registered/);
  await admin.close();
});

await check('three candidates sit the paper: E001 and E002 pass, E003 does not', async () => {
  const codes = craftmark('sitting', 'codes', 'day-1').trim().split('\n').slice(1).map((line) => line.split('\t'));
  assert.equal(codes.length, 3);
  for (const [, ticket, code] of codes) {
    const c = await socketPage(context, url);
    const signedIn = await c.send('auth.sign_in', { ticket, access_code: code, terminal_id: `pc-${ticket}` });
    assert.equal(signedIn.ok, true, JSON.stringify(signedIn));
    const paper = (await c.send('paper.get')).body;
    let seq = 0;
    for (const item of paper.sections.flatMap((section) => section.items)) {
      const saved = await c.send('answer.save', { item_id: item.id, seq: ++seq, response: { value: ticket !== 'E003' } });
      assert.equal(saved.ok, true, JSON.stringify(saved));
    }
    assert.equal((await c.send('attempt.submit')).ok, true);
    await c.close();
  }
});

await check('the results are exported as CSV and Excel files the browser saves', async () => {
  await page.selectOption('#export-format', 'csv');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-results')]);
  assert.equal(download.suggestedFilename(), 'day-1-results.csv');
  const lines = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '').trim().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0], /^ticket,name,seat,state,/);
  assert.match(lines.find((l) => l.startsWith('E001')), /,4,4,100,yes,/);
  assert.match(lines.find((l) => l.startsWith('E003')), /,0,4,0,no,/);
  // The hostile name is a cell, not a formula or markup.
  assert.match(lines.find((l) => l.startsWith('E002')), /^E002,"<img src=x onerror=""window.hacked=1"">",/);
  await page.locator('#export-result', { hasText: /Exported 3/ }).waitFor();
  await page.selectOption('#export-format', 'xlsx');
  const [workbook] = await Promise.all([page.waitForEvent('download'), page.click('#export-results')]);
  assert.equal(workbook.suggestedFilename(), 'day-1-results.xlsx');
  assert.equal(readFileSync(await workbook.path()).subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
});

await check('certificates are issued with progress, listed with their links, and one is revoked with a reason', async () => {
  await page.click('#certificates-issue');
  await page.locator('#certificates-result', { hasText: /已签发 Issued 2 · 未签发 not issued 1/ }).waitFor();
  assert.match(await page.innerText('#certificates-refused'), /E003/);
  const progress = received.map((f) => JSON.parse(f)).filter((f) => f.type === 'certificate.progress');
  assert.deepEqual(await page.locator('#certificates-progress').evaluate((bar) => [bar.value, bar.max]), [3, 3], JSON.stringify(progress));
  assert.deepEqual(progress.at(-1).body, { sitting_id: 'day-1', done: 3, total: 3 });
  const rows = page.locator('#certificate-rows tr');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  assert.match(await rows.first().locator('a').getAttribute('href'), /^https:\/\/verify\.test\.example\/c\//);
  await snap('console-centre');
  const second = rows.nth(1);
  await second.locator('button').click();
  await page.selectOption('#status-to', 'revoked');
  await page.fill('#status-reason', '证件造假 forged ID');
  await page.click('#status-form button[type="submit"]');
  await page.locator('#certificate-rows tr[data-status="revoked"]').waitFor();
  assert.match(await page.innerText('#certificate-rows tr[data-status="revoked"]'), /已撤销 revoked/);
  // Issued again: nothing twice.
  await page.click('#certificates-issue');
  await page.locator('#certificates-result', { hasText: /已签发 Issued 0 · 此前已签发 already issued 2/ }).waitFor();
  await noSeriousViolations();
});

await check('a certificate change without a reason, or by a proctor, is refused', async () => {
  const admin = await staffSocket('admin', adminPassword);
  const list = (await admin.send('certificate.list', { sitting_id: 'day-1' })).body.certificates;
  const active = list.find((c) => c.status === 'active');
  const noReason = await admin.send('certificate.status', { certificate: active.number, status: 'suspended', reason: '' });
  assert.equal(noReason.error?.code, 'invalid_field');
  await admin.close();
  const proctor = await staffSocket('wang', 'clerk-secret-1');
  const refused = await proctor.send('certificate.status', { certificate: active.number, status: 'revoked', reason: 'x' });
  assert.equal(refused.error?.code, 'forbidden');
  await proctor.close();
});

await check('a practical assessment is saved from its file; one naming a checker not installed or a scheme not imported, or not JSON, is refused', async () => {
  const demo = JSON.parse(readFileSync(new URL('../../question-banks/demo/cnc-turning-practical.json', import.meta.url), 'utf8'));
  const json = (name, value) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });
  await page.click('#sitting-admin-back');
  await page.click('#open-blueprint');
  await page.setInputFiles('#assessment-file', json('cnc.json', demo));
  await page.click('#assessment-file-form button');
  await page.locator('#blueprint-problem', { hasText: /task T1 names the checker "cnc-program", which is not installed at the server/ }).waitFor();
  await page.setInputFiles('#assessment-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"kind": "assessment",') });
  await page.click('#assessment-file-form button');
  await page.locator('#blueprint-problem', { hasText: /broken\.json 不是有效的 JSON is not valid JSON/ }).waitFor();
  // The machining task alone needs no checker, but its marking scheme must be imported.
  const machining = { ...demo, id: 'cnc-machining', tasks: demo.tasks.filter((t) => !t.checker) };
  const unmarkable = { ...machining, tasks: [{ ...machining.tasks[0], markingScheme: 'no-such-scheme' }] };
  await page.setInputFiles('#assessment-file', json('unmarkable.json', unmarkable));
  await page.click('#assessment-file-form button');
  await page.locator('#blueprint-problem', { hasText: /task T2 names the marking scheme "no-such-scheme", which is not imported/ }).waitFor();
  await page.setInputFiles('#assessment-file', json('cnc-machining.json', machining));
  await page.click('#assessment-file-form button');
  await page.locator('#blueprint-result', { hasText: /已保存 Saved cnc-machining: 实操 1 项任务 practical tasks/ }).waitFor();
  const admin = await staffSocket('admin', adminPassword);
  const ids = (await admin.send('assessment.list')).body.assessments.map((a) => a.id).sort();
  assert.deepEqual(ids, ['cnc-machining', 'electric-l4']);
  await admin.close();
  await page.click('#blueprint-back');
});

await check('staff accounts: a proctor narrowed to one sitting is signed out at once; a short password is refused', async () => {
  const wangPage = await context.newPage();
  await consoleSignIn(wangPage, url, 'wang', 'clerk-secret-1');
  await wangPage.locator('#room:not([hidden])').waitFor(); // one sitting: its room
  await page.click('#open-staff');
  await page.locator('#staff-rows tr[data-staff="wang"]').waitFor();
  assert.equal(await page.locator('#staff-rows tr').count(), 3);
  assert.match(await page.innerText('#staff-rows tr[data-staff="clerk"]'), /管理员 admin\tvenue:东区/);
  await page.click('#staff-rows button[data-staff="wang"]');
  assert.equal(await page.inputValue('#staff-scopes'), '*');
  await page.fill('#staff-scopes', 'sitting:day-1');
  await page.click('#staff-form button[type="submit"]');
  await page.locator('#staff-result', { hasText: /Saved wang/ }).waitFor();
  assert.match(await page.innerText('#staff-rows tr[data-staff="wang"]'), /sitting:day-1/);
  // Wang's open console is told and shows the sign-in; the password still works, with the new scope.
  await wangPage.locator('#signin:not([hidden])').waitFor();
  assert.match(await wangPage.innerText('#signin-error'), /An administrator changed this account/);
  await wangPage.close();
  const wang = await staffSocket('wang', 'clerk-secret-1');
  assert.deepEqual((await wang.send('room.list')).body.sittings.map((r) => r.id), ['day-1']);
  await wang.close();
  // A new account: a short password is refused, a hostile name is kept as text.
  await page.fill('#staff-username', 'zhao');
  await page.fill('#staff-name', '<img src=x onerror="window.hacked=3">');
  await page.selectOption('#staff-role', 'examiner');
  await page.fill('#staff-scopes', 'sitting:day-1, chief');
  await page.fill('#staff-password', 'short');
  await page.click('#staff-form button[type="submit"]');
  await page.locator('#staff-problem', { hasText: /at least 8 characters/ }).waitFor();
  await page.fill('#staff-password', 'zhao-secret-1');
  await page.click('#staff-form button[type="submit"]');
  await page.locator('#staff-rows tr[data-staff="zhao"]').waitFor();
  assert.match(await page.innerText('#staff-rows tr[data-staff="zhao"]'), /<img src=x onerror="window.hacked=3">\t考评员 examiner\tchief sitting:day-1/);
  assert.equal(await page.locator('#staff img').count(), 0);
  assert.equal(await page.evaluate(() => window.hacked), undefined);
  const zhao = await staffSocket('zhao', 'zhao-secret-1');
  await zhao.close();
  await noSeriousViolations();
  await snap('console-staff');
});

await check('staff accounts and the audit log are closed to an administrator of one venue', async () => {
  const clerk = await staffSocket('clerk', 'clerk-secret-1');
  assert.equal((await clerk.send('staff.list')).error?.code, 'forbidden');
  const grant = await clerk.send('staff.put', { username: 'clerk2', role: 'admin', scopes: ['*'], password: 'long-enough-1' });
  assert.equal(grant.error?.code, 'forbidden');
  assert.equal((await clerk.send('audit.verify')).error?.code, 'forbidden');
  await clerk.close();
  const self = await staffSocket('admin', adminPassword);
  const demote = await self.send('staff.put', { username: 'admin', role: 'proctor', scopes: ['*'] });
  assert.match(demote.error?.message, /your own account is changed by another administrator/);
  await self.close();
});

await check('the audit log verifies, and a changed entry is named', async () => {
  await page.click('#audit-verify');
  await page.locator('#audit-verdict', { hasText: /完好 Intact: \d+ 条日志 entries/ }).waitFor();
  execFileSync('sqlite3', [`${data}/craftmark.db`,
    "UPDATE audit SET detail = '{}' WHERE action = 'staff.put' AND subject = 'zhao'"]);
  const seq = execFileSync('sqlite3', [`${data}/craftmark.db`,
    "SELECT seq FROM audit WHERE action = 'staff.put' AND subject = 'zhao'"], { encoding: 'utf8' }).trim();
  await page.click('#audit-verify');
  await page.locator('#audit-verdict.problem', { hasText: new RegExp(`已损坏 BROKEN at entry ${seq}:`) }).waitFor();
});

await stopServer(server);
await finish(browser);
