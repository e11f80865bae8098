// The verification portal's only script: no third-party code, no tracking. Everything it
// fetches is a static file published at issuance, so checking a certificate costs the issuer
// no database lookup and tells it nothing about who is being checked; and everything it shows
// is signed (see verifiedPayload), so the published folder may be hosted anywhere.
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

// What the page shows comes only from JWTs signed by the issuer (ES256), checked here with
// WebCrypto against the issuer's key set pinned in the page when it was published. An edited
// copy of the published files, wherever it is hosted, therefore shows as invalid.
function pinnedKeys() {
  const element = $('pinned-keys');
  try { return element ? JSON.parse(element.textContent).keys : []; } catch (e) { return []; }
}

function toBase64url(bytes) {
  let binary = '';
  new Uint8Array(bytes).forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - base64.length % 4) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// The payload of a compact ES256 JWS whose key is pinned, or null.
async function verifiedPayload(token) {
  try {
    const [header, payload, signature] = token.trim().split('.');
    const { alg, kid } = JSON.parse(new TextDecoder().decode(base64url(header)));
    const jwk = pinnedKeys().find((key) => key.kid === kid);
    if (alg !== 'ES256' || !jwk) return null;
    const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, base64url(signature),
      new TextEncoder().encode(header + '.' + payload));
    return ok ? JSON.parse(new TextDecoder().decode(base64url(payload))) : null;
  } catch (e) {
    return null;
  }
}

async function signedFile(path) {
  const response = await fetch(path);
  return response.ok ? verifiedPayload(await response.text()) : null;
}

// Entry i of a W3C Bitstring Status List (the signed list's encodedList) of statusSize bits:
// bits i×size onwards, left-most first. null when the list is missing, unsigned, changed or
// past its validUntil.
async function statusValue(entry) {
  const list = entry.statusListCredential.split('/').pop();
  const vc = await signedFile('/status/' + encodeURIComponent(list));
  if (!vc || vc.id !== entry.statusListCredential || !(Date.parse(vc.validUntil) > Date.now())) return null;
  const subject = vc.credentialSubject;
  if (subject.statusPurpose !== entry.statusPurpose || !subject.encodedList.startsWith('u')) return null;
  const gzip = new Blob([base64url(subject.encodedList.slice(1))]);
  const stream = gzip.stream().pipeThrough(new DecompressionStream('gzip'));
  const bits = new Uint8Array(await new Response(stream).arrayBuffer());
  const size = Number(entry.statusSize || 1);
  const first = Number(entry.statusListIndex) * size;
  if (!(size >= 1 && size <= 8 && first >= 0 && first + size <= bits.length * 8)) return null;
  let value = 0;
  for (let bit = first; bit < first + size; bit++) value = (value << 1) | ((bits[bit >> 3] >> (7 - (bit & 7))) & 1);
  return value;
}

// What an entry's value means. One two-bit "message" entry (0 valid, 1 suspended, 2 revoked,
// the words in its statusMessage); certificates of before have a revocation and a suspension bit.
function statusMeaning(entry, value) {
  if (value === 0) return 'valid';
  if (entry.statusPurpose === 'message') {
    const message = [].concat(entry.statusMessage || []).find((m) => Number(m.status) === value);
    return message && ['suspended', 'revoked'].includes(message.message) ? message.message : null;
  }
  if (value === 1 && entry.statusPurpose === 'revocation') return 'revoked';
  if (value === 1 && entry.statusPurpose === 'suspension') return 'suspended';
  return null;
}

async function certificateStatus(summary) {
  let status = 'valid';
  for (const entry of [].concat(summary.credentialStatus)) {
    let meaning = null;
    try { meaning = statusMeaning(entry, await statusValue(entry)); } catch (e) { meaning = null; }
    if (meaning === null) status = status === 'valid' ? 'unknown' : status;
    else if (meaning === 'revoked') return 'revoked';
    else if (meaning === 'suspended') status = 'suspended';
  }
  return status;
}

// The signed credential with the JWT's own claims taken off: what credential.json must be.
function credentialOf(payload) {
  const copy = { ...payload };
  for (const claim of ['iss', 'jti', 'nbf', 'exp', 'sub']) delete copy[claim];
  return copy;
}

function sameJson(a, b) {
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => sameJson(a[k], b[k]));
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

// A holder's share link carries the issuer-signed SD-JWT (IETF RFC 9901) with only the
// disclosures the holder ticked, in the address's fragment, which browsers never send to a
// server. A disclosed claim is shown only when its salted digest is one the issuer signed.
const SHAREABLE = ['holderName', 'holderRomanisedName', 'certificateNumber'];

function decodeDisclosure(disclosure) {
  const [, name, value] = JSON.parse(new TextDecoder().decode(base64url(disclosure)));
  return { name, value };
}

// The claims a share link discloses, or null when anything in it was not signed by the issuer.
async function disclosedClaims(sdJwt, id) {
  try {
    const [jwt, ...disclosures] = sdJwt.split('~');
    const payload = await verifiedPayload(jwt);
    if (!payload || payload.id !== id || payload._sd_alg !== 'sha-256' || !Array.isArray(payload._sd)) return null;
    const claims = {};
    for (const disclosure of disclosures.filter((d) => d)) {
      const digest = toBase64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(disclosure)));
      const { name, value } = decodeDisclosure(disclosure);
      if (!payload._sd.includes(digest) || !SHAREABLE.includes(name) || name in claims || typeof value !== 'string') return null;
      claims[name] = value;
    }
    return claims;
  } catch (e) {
    return null;
  }
}

const INVALID_SHARE = '无效：分享链接已被改动 INVALID — this share link was changed';

async function showShared(id, sdJwt) {
  const claims = await disclosedClaims(sdJwt, id);
  if (!claims) {
    $('facts').hidden = true;
    return setStatus('invalid', INVALID_SHARE);
  }
  for (const element of document.querySelectorAll('#shared [data-claim]'))
    element.hidden = !(element.dataset.claim in claims);
  for (const [name, value] of Object.entries(claims)) show('shared-' + name, value);
  $('shared').hidden = Object.keys(claims).length === 0;
}

// The holder's share builder: the link holds the SD-JWT with the ticked disclosures only.
function offerSharing(id, sdJwt) {
  const [jwt, ...disclosures] = sdJwt.trim().split('~').filter((d) => d);
  const byClaim = Object.fromEntries(disclosures.map((d) => [decodeDisclosure(d).name, d]));
  const boxes = [...document.querySelectorAll('#share input[type=checkbox]')];
  const update = () => {
    const chosen = boxes.filter((box) => box.checked).map((box) => byClaim[box.value]);
    $('share-link').value = location.origin + '/c/' + id + '#share=' + [jwt, ...chosen].join('~') + '~';
  };
  for (const box of boxes) {
    box.closest('label').hidden = !(box.value in byClaim);
    box.checked = false;
    box.onchange = update;
  }
  $('share-copy').onclick = () => navigator.clipboard.writeText($('share-link').value).catch(() => $('share-link').select());
  update();
  $('share').hidden = false;
}

const INVALID_COPY = '无效：文件已被改动或并非签发机构签名 INVALID — these files were changed or not signed by the issuer';

async function certificatePage() {
  const id = location.pathname.split('/')[2];
  const response = await fetch('/c/' + id + '/summary.jwt');
  if (response.status === 429) return setStatus('unknown', '请求过多，请稍后再试 Too many requests — wait a minute');
  if (!response.ok) return setStatus('invalid', '未找到此证书 No certificate at this address');
  const summary = await verifiedPayload(await response.text());
  if (!summary || summary.id !== id) return setStatus('invalid', INVALID_COPY);
  fillFacts(summary);
  const status = await certificateStatus(summary);
  setStatus(status, STATUS_TEXT[status]);
  if (location.hash.startsWith('#share=')) await showShared(id, decodeURIComponent(location.hash.slice(7)));
  if ($('status').classList.contains('invalid')) return;
  $('gate').hidden = false;
  $('gate').addEventListener('submit', async (event) => {
    event.preventDefault();
    show('gate-result', '');
    const typed = normalise($('gate-input').value);
    if (!typed) return;
    const key = await sha256Hex(id + '|' + typed);
    const base = '/c/' + id + '/' + key + '/';
    const record = await fetch(base + 'credential.jwt');
    if (record.status === 429) return show('gate-result', '尝试次数过多，请稍后再试 Too many attempts — wait a minute');
    if (!record.ok) return show('gate-result', '不匹配 Does not match');
    const signed = await verifiedPayload(await record.text());
    const json = await fetch(base + 'credential.json').then((r) => (r.ok ? r.json() : null)).catch(() => null);
    if (!signed || !signed.id.endsWith('/c/' + id) || !json || !sameJson(credentialOf(signed), json)) {
      $('facts').hidden = true;
      $('gate').hidden = true;
      return setStatus('invalid', INVALID_COPY);
    }
    // The name as on the ID card, then its romanised form when the record has one.
    const names = signed.credentialSubject.identifier
      .filter((i) => i.identityType === 'name' && !i.hashed).map((i) => i.identityHash);
    show('full-holder', names.join(' / '));
    show('full-number', signed.credentialSubject.licenseNumber);
    $('dl-json').href = base + 'credential.json';
    $('dl-p7s').href = base + 'credential.json.p7s';
    $('dl-jwt').href = base + 'credential.jwt';
    $('dl-pdf').href = base + 'certificate.pdf';
    $('full').hidden = false;
    const share = await fetch(base + 'share.sd-jwt');
    if (share.ok) offerSharing(id, await share.text());
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
