// What the browser tests share: Debian's chromium as a phone (the test servers' certificates
// come from throwaway dev CAs), every request the page makes, and named checks that report
// "ok" or "FAIL" and let the others run.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Starts craftmark-server on `data` (on `port`, or any port) and resolves once it is ready. */
export async function startServer(binary, data, port = 0) {
  const server = spawn(binary, ['--data', data, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  for await (const chunk of server.stdout) {
    out += chunk;
    const ready = out.match(/ready port=(\d+)/);
    if (ready) return { server, port: Number(ready[1]), url: `https://127.0.0.1:${ready[1]}` };
  }
  throw new Error('the server did not start');
}

/** Stops a server from `startServer` and resolves once it has exited: until then it may still
 *  hold its database (closing it checkpoints the log), and a test reading the file after would
 *  find it locked. */
export async function stopServer(server) {
  if (server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

/** The serious and critical accessibility violations axe-core finds on `p` as it is now, as
 *  "rule: where" lines (an empty list when there are none). axe is put in through the debugger,
 *  as the pages' own policy forbids scripts from elsewhere. */
export async function seriousViolations(p) {
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await p.evaluate(axe);
  const results = await p.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Fills and sends the staff console's sign-in form in page `p`, opening /console first unless
 *  `open` is false (the form is shown already). */
export async function consoleSignIn(p, url, user, password, { open = true } = {}) {
  if (open) {
    await p.goto(`${url}/console`);
    await p.locator('#signin:not([hidden])').waitFor();
  }
  await p.fill('#username', user);
  await p.fill('#password', password);
  await p.click('#signin-form button');
}

/** A page of the server's own site holding a WebSocket for tests, in `context`: `send` returns
 *  the reply, pushes collect in `window.pushes`, `pushed` waits for one. */
export async function socketPage(context, url) {
  const p = await context.newPage();
  await p.goto(`${url}/verify`);
  await p.evaluate(async (target) => {
    window.pushes = [];
    window.ws = new WebSocket(target);
    window.ws.onmessage = (e) => {
      const frame = JSON.parse(e.data);
      if (frame.type) window.pushes.push(frame);
    };
    await new Promise((resolve, reject) => { window.ws.onopen = resolve; window.ws.onclose = reject; });
  }, `${url.replace('https:', 'wss:')}/ws`);
  p.send = (type, body = {}) => p.evaluate(([type, body]) => new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    window.ws.addEventListener('message', function reply(e) {
      const frame = JSON.parse(e.data);
      if (frame.id !== id) return;
      window.ws.removeEventListener('message', reply);
      resolve(frame);
    });
    window.ws.send(JSON.stringify({ v: 1, id, type, body }));
  }), [type, body]);
  /** Resolves once a push of `type` whose body's `field` is `value` arrived; fails after `ms`.
   *  (A predicate, not code in a string: the page's policy forbids eval.) */
  p.pushed = (type, field, value, ms) => p.waitForFunction(([type, field, value]) => window.pushes.some(
    (f) => f.type === type && f.body[field] === value), [type, field, value], { timeout: ms });
  return p;
}

/** The browser the tests share (the ctest fixture tests/tools/browser.sh starts one and names
 *  the file holding its DevTools address in CRAFTMARK_BROWSER), or, run alone, one of its own.
 *  Each test works in contexts of its own; closing it disconnects without stopping the shared
 *  browser. */
export async function launchBrowser() {
  const shared = process.env.CRAFTMARK_BROWSER;
  if (shared && existsSync(shared)) return chromium.connectOverCDP(readFileSync(shared, 'utf8').trim());
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
}

async function open(screen) {
  const browser = await launchBrowser();
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
