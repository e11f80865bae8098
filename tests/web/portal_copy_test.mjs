// The certificate page proves what it shows wherever the published folder is hosted: copies of
// the folder served by a plain static web server (python's http.server), one untouched and one
// per edit a forger would try. Only the untouched copy may say valid.
// Usage: node portal_copy_test.mjs ID NAME UNTOUCHED_URL SUMMARY_EDITED_URL RECORD_EDITED_URL STATUS_EDITED_URL
import { openPhone, check, finish } from './harness.mjs';
import assert from 'node:assert/strict';

const [id, name, untouched, summaryEdited, recordEdited, statusEdited] = process.argv.slice(2);
const { browser, page, text } = await openPhone();

async function open(origin) {
  await page.goto(`${origin}/c/${id}/`);
  await page.locator('#status:not(.checking)').waitFor();
  return page.locator('#status').getAttribute('class');
}

async function unlock() {
  await page.fill('#gate-input', name);
  await page.click('#gate button');
}

await check('an untouched copy on any web server: valid, and the full record opens', async () => {
  assert.match(await open(untouched), /valid/);
  assert.equal(await text('#f-level'), '四级/中级工');
  await unlock();
  await page.locator('#full').waitFor();
  assert.match(await text('#full-holder'), /张三丰/);
});

await check('the level edited in the published summary: invalid, the edited level not shown', async () => {
  assert.match(await open(summaryEdited), /invalid/);
  assert.ok(await page.locator('#facts').isHidden());
  assert.ok(!(await page.content()).includes('一级/高级技师'));
});

await check('the level edited in the credential: invalid once the record is opened', async () => {
  assert.match(await open(recordEdited), /valid/); // the signed summary is untouched
  await unlock();
  await page.locator('#status.invalid').waitFor();
  assert.match(await text('#status'), /INVALID/);
  assert.ok(await page.locator('#full').isHidden());
});

await check('a forged status list (revocation cleared or the list replaced): status not confirmed', async () => {
  assert.match(await open(statusEdited), /unknown/);
});

await finish(browser);
