// The verification portal's only script: no third-party code, no tracking. Everything it
// fetches is a static file published at issuance, so checking a certificate costs the issuer
// no database lookup and tells it nothing about who is being checked.
'use strict';

const $ = (id) => document.getElementById(id);

function show(id, text) { $(id).textContent = text; }

function setStatus(kind, text) {
  const status = $('status');
  status.hidden = false;
  status.className = 'status ' + kind;
  status.textContent = text;
}

const STATUS_TEXT = {
  valid: '有效 Valid',
  revoked: '已撤销 REVOKED — this certificate was withdrawn',
  suspended: '已暂停 SUSPENDED — not valid at present',
  unknown: '无法确认状态 Status could not be checked — try again later',
};

// Bit i of a W3C Bitstring Status List: byte i/8, left-most bit first.
async function statusBit(entry) {
  const list = entry.statusListCredential.split('/').pop();
  const response = await fetch('/status/' + encodeURIComponent(list) + '.bits.gz');
  if (!response.ok) return null;
  const stream = response.body.pipeThrough(new DecompressionStream('gzip'));
  const bits = new Uint8Array(await new Response(stream).arrayBuffer());
  const index = Number(entry.statusListIndex);
  if (!(index >= 0 && index < bits.length * 8)) return null;
  return (bits[index >> 3] >> (7 - (index & 7))) & 1;
}

async function certificateStatus(summary) {
  let status = 'valid';
  for (const entry of [].concat(summary.credentialStatus)) {
    let bit = null;
    try { bit = await statusBit(entry); } catch (e) { bit = null; }
    if (bit === null) status = status === 'valid' ? 'unknown' : status;
    else if (bit === 1 && entry.statusPurpose === 'revocation') return 'revoked';
    else if (bit === 1 && entry.statusPurpose === 'suspension') status = 'suspended';
  }
  return status;
}

// Must match the server's gate_key(): NFKC (full-width letters and digits become ASCII), white
// space removed, ASCII letters upper-cased.
function normalise(text) {
  return text.normalize('NFKC').replace(/\s+/g, '').replace(/[a-z]/g, (c) => c.toUpperCase());
}

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function fillFacts(c) {
  show('f-name', c.name);
  show('f-issuer', c.issuer);
  show('f-date', c.validFrom.slice(0, 10));
  show('f-holder', c.holder);
  show('f-number', c.number);
  if ($('f-occupation')) show('f-occupation', c.occupation + ' (' + c.occupationCode + ')');
  if ($('f-level')) show('f-level', c.level);
  $('facts').hidden = false;
}

async function certificatePage() {
  const id = location.pathname.split('/')[2];
  const response = await fetch('/c/' + id + '/summary.json');
  if (response.status === 429) return setStatus('unknown', '请求过多，请稍后再试 Too many requests — wait a minute');
  if (!response.ok) return setStatus('invalid', '未找到此证书 No certificate at this address');
  const summary = await response.json();
  fillFacts(summary);
  const status = await certificateStatus(summary);
  setStatus(status, STATUS_TEXT[status]);
  $('gate').hidden = false;
  $('gate').addEventListener('submit', async (event) => {
    event.preventDefault();
    show('gate-result', '');
    const typed = normalise($('gate-input').value);
    if (!typed) return;
    const key = await sha256Hex(id + '|' + typed);
    const base = '/c/' + id + '/' + key + '/';
    const record = await fetch(base + 'credential.json');
    if (record.status === 429) return show('gate-result', '尝试次数过多，请稍后再试 Too many attempts — wait a minute');
    if (!record.ok) return show('gate-result', '不匹配 Does not match');
    const credential = await record.json();
    // The name as on the ID card, then its romanised form when the record has one.
    const names = credential.credentialSubject.identifier
      .filter((i) => i.identityType === 'name' && !i.hashed).map((i) => i.identityHash);
    show('full-holder', names.join(' / '));
    show('full-number', credential.credentialSubject.licenseNumber);
    $('dl-json').href = base + 'credential.json';
    $('dl-p7s').href = base + 'credential.json.p7s';
    $('dl-jwt').href = base + 'credential.jwt';
    $('dl-pdf').href = base + 'certificate.pdf';
    $('full').hidden = false;
  });
}

function readFile(file, asText) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    if (asText) reader.readAsText(file, 'utf-8'); else reader.readAsArrayBuffer(file);
  });
}

const VERDICT_TEXT = {
  valid: '有效 Valid',
  tampered: '无效：文件已被改动 INVALID — the file was changed after signing',
  unknown_issuer: '无效：签发者不受信任 INVALID — not signed by a trusted issuer',
  revoked_key: '无效：签名密钥已吊销 INVALID — the signing key was revoked',
  revoked: '已撤销 REVOKED — this certificate was withdrawn',
  suspended: '已暂停 SUSPENDED — not valid at present',
  malformed: '无法读取 Not a certificate file',
};

function verifyPage() {
  $('upload').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('facts').hidden = true;
    const maxBytes = 48 * 1024;
    const json = $('file-json').files[0];
    const p7s = $('file-p7s').files[0];
    if (!json || !p7s) return;
    if (json.size > maxBytes || p7s.size > maxBytes)
      return setStatus('invalid', '文件过大 File too large: a certificate is a few kilobytes');
    setStatus('checking', '正在核验… Checking…');
    const bytes = new Uint8Array(await readFile(p7s, false));
    let binary = '';
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    const response = await fetch('/api/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ credential: await readFile(json, true), signature: btoa(binary) }),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) return setStatus('invalid', answer.error || ('error ' + response.status));
    const kind = answer.valid ? 'valid' : (answer.verdict === 'suspended' ? 'suspended' : 'invalid');
    setStatus(kind, (VERDICT_TEXT[answer.verdict] || 'INVALID') + (answer.valid ? '' : ' (' + answer.reason + ')'));
    if (answer.valid) fillFacts(answer.certificate);
  });
}

if (document.body.dataset.page === 'certificate') certificatePage();
if (document.body.dataset.page === 'verify') verifyPage();
