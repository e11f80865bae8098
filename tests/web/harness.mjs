// What the browser tests share: Debian's chromium as a phone (the test servers' certificates
// come from throwaway dev CAs), every request the page makes, and named checks that report
// "ok" or "FAIL" and let the others run.
import { chromium } from 'playwright-core';

async function open(screen) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, ...screen });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => requests.push(ws.url()));
  return { browser, page, requests, text: (selector) => page.locator(selector).innerText() };
}

/** A browser with a profile on disk, as an exam PC keeps one: closing and opening it again with
 *  the same folder keeps its storage (the exam's journal). Resolves to its context. */
export const openProfile = (folder) => chromium.launchPersistentContext(folder, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'], ignoreHTTPSErrors: true, viewport: { width: 1024, height: 768 },
});

export const openPhone = () => open({ viewport: { width: 390, height: 844 }, isMobile: true });
/** An exam-room PC: the smallest screen the exam page is made for. */
export const openDesktop = () => open({ viewport: { width: 1024, height: 768 } });

let failures = 0;

export async function check(name, body) {
  try {
    await body();
    console.log('ok   ' + name);
  } catch (e) {
    failures += 1;
    console.log('FAIL ' + name + '\n' + e.message);
  }
}

export async function finish(browser) {
  await browser.close();
  process.exit(failures ? 1 : 0);
}
