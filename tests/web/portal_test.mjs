// The verification portal in a real browser (Debian chromium via playwright-core), as an employer
// with a phone uses it: masked view, a wrong name refused, the right name (as on the ID card or
// romanised) or number unlocking the full record, the holder's share link showing only what
// they ticked (and refusing a forged disclosure), a revoked certificate shown as revoked, and the
// file check page.
// Usage: node portal_test.mjs URL VALID_ID REVOKED_ID FILES_DIR
import { openPhone, check, finish } from './harness.mjs';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';

const [url, validId, revokedId, files] = process.argv.slice(2);
const { browser, page, requests, text } = await openPhone();

await check('masked view of a valid certificate', async () => {
  const response = await page.goto(`${url}/c/${validId}`);
  assert.equal(response.headers()['referrer-policy'], 'no-referrer');
  assert.match(response.headers()['x-robots-tag'], /noindex/);
  await page.locator('#status.valid').waitFor();
  assert.match(await text('#status'), /有效 Valid/);
  assert.equal(await text('#f-holder'), '张**');
  assert.equal(await text('#f-number'), '********0001');
  assert.match(await text('#f-occupation'), /电工 Electrician \(6-31-01-03\)/);
  assert.equal(await text('#f-level'), '四级/中级工');
  assert.ok(!(await page.content()).includes('张三丰'), 'the full name is on the masked page');
  assert.ok(await page.locator('#full').isHidden());
});

await check('a wrong name says "does not match" and reveals nothing', async () => {
  await page.fill('#gate-input', '张三');
  await page.click('#gate button');
  await page.locator('#gate-result', { hasText: '不匹配 Does not match' }).waitFor();
  assert.ok(await page.locator('#full').isHidden());
});

await check('the right name unlocks the full record and the signed files', async () => {
  await page.fill('#gate-input', ' 张三丰 ');
  await page.click('#gate button');
  await page.locator('#full').waitFor();
  assert.equal(await text('#full-holder'), '张三丰 / Zhang Sanfeng');
  assert.equal(await text('#full-number'), 'CM2026000001');
  assert.equal(await text('#gate-result'), '');
  const href = await page.locator('#dl-p7s').getAttribute('href');
  const download = await page.request.get(url + href);
  assert.equal(download.status(), 200);
  assert.ok((await download.body()).length > 500);
});

let sharedJwt; // the issuer-signed part of the holder's link, for a forged one
await check('the holder shares a link that shows the name they ticked and nothing else', async () => {
  await page.locator('#share').waitFor();
  await page.check('#share input[value=holderName]');
  const link = await page.inputValue('#share-link');
  assert.ok(link.startsWith(`${url}/c/${validId}#share=`), link);
  assert.ok(!link.includes('CM2026000001') && !decodeURIComponent(link).includes('张三丰'), 'secrets in clear in the link');
  await page.goto('about:blank');
  await page.goto(link);
  await page.locator('#shared').waitFor();
  assert.match(await text('#status'), /有效 Valid/);
  assert.equal(await text('#shared-holderName'), '张三丰');
  assert.ok(await page.locator('dd#shared-certificateNumber').isHidden());
  assert.ok(await page.locator('dd#shared-holderRomanisedName').isHidden());
  assert.equal(await text('#f-number'), '********0001');
  assert.ok(!(await page.content()).includes('CM2026000001'), 'the number on a page it was not shared to');
  sharedJwt = link.split('#share=')[1].split('~')[0];
});

await check('a share link with a name the issuer did not sign shows invalid, and not the name', async () => {
  const forged = Buffer.from(JSON.stringify(['c2FsdHNhbHQ', 'holderName', '王五'])).toString('base64url');
  await page.goto('about:blank');
  await page.goto(`${url}/c/${validId}#share=${sharedJwt}~${forged}~`);
  await page.locator('#status.invalid').waitFor();
  assert.match(await text('#status'), /share link was changed/);
  assert.ok(!(await page.content()).includes('王五'));
  assert.ok(await page.locator('#shared').isHidden());
});

await check('the certificate number unlocks it too, in any case and spacing', async () => {
  await page.goto(`${url}/c/${validId}`);
  await page.locator('#status.valid').waitFor();
  await page.fill('#gate-input', 'cm2026 000001');
  await page.click('#gate button');
  await page.locator('#full').waitFor();
  assert.equal(await text('#full-holder'), '张三丰 / Zhang Sanfeng');
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
});

await check('the romanised name unlocks it, typed in full-width letters as a Chinese IME gives them', async () => {
  await page.goto(`${url}/c/${validId}`);
  await page.locator('#status.valid').waitFor();
  await page.fill('#gate-input', 'ＺＨＡＮＧ　ｓａｎｆｅｎｇ');
  await page.click('#gate button');
  await page.locator('#full').waitFor();
  assert.equal(await text('#full-number'), 'CM2026000001');
});

await check('a revoked certificate shows as revoked', async () => {
  await page.goto(`${url}/c/${revokedId}`);
  await page.locator('#status.revoked').waitFor();
  assert.match(await text('#status'), /已撤销 REVOKED/);
});

await check('an unknown certificate says so', async () => {
  await page.goto(`${url}/c/0000000000000000000000000Z`);
  await page.locator('#status.invalid').waitFor();
  assert.match(await text('#status'), /No certificate at this address/);
});

await check('the file check page accepts a genuine pair and names a tampered one', async () => {
  await page.goto(`${url}/verify`);
  await page.setInputFiles('#file-json', `${files}/credential.json`);
  await page.setInputFiles('#file-p7s', `${files}/credential.json.p7s`);
  await page.click('#upload button');
  await page.locator('#status.valid').waitFor();
  assert.equal(await text('#f-holder'), '张三丰');
  const tampered = readFileSync(`${files}/credential.json`, 'utf8').replace('张三丰', '张三风');
  writeFileSync(`${files}/tampered.json`, tampered);
  await page.setInputFiles('#file-json', `${files}/tampered.json`);
  await page.click('#upload button');
  await page.locator('#status.invalid').waitFor();
  assert.match(await text('#status'), /the file was changed after signing/);
});

await check('no request leaves the verification site', async () => {
  const foreign = requests.filter((r) => !r.startsWith(url));
  assert.deepEqual(foreign, []);
});

await finish(browser);
