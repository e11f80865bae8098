// A certificate's VC-JWT checked the way a standard JOSE verifier does it, with npm `jose` and
// only what the issuer publishes: the key from the JWS header's `kid` URL (and the same key
// from /.well-known/jwks.json), then the certificate's status from its status list's JWT.
//
// Usage: node vc_jwt_check.mjs CREDENTIAL.jwt ORIGIN=SERVER
//   ORIGIN=SERVER: fetch ORIGIN's URLs from SERVER (the issuer's site, served by the test's
//   server on loopback; its CA comes through NODE_EXTRA_CA_CERTS).
// Prints one JSON object: {"verified", "kidKey", "keySet", "flipped", "wrongKey", "status"}.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as jose from 'jose';

const [jwtFile, mapping] = process.argv.slice(2);
const [origin, server] = mapping.split('=');
const local = (url) => (url.startsWith(origin) ? server + url.slice(origin.length) : url);
async function get(url) {
  const response = await fetch(local(url));
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response;
}

async function verifiedWithKidUrl(jwt) {
  const { kid } = jose.decodeProtectedHeader(jwt);
  const jwk = await (await get(kid)).json();
  return jose.jwtVerify(jwt, await jose.importJWK(jwk, 'ES256'), { algorithms: ['ES256'] });
}

async function refused(promise) {
  try {
    await promise;
    return false;
  } catch {
    return true;
  }
}

const jwt = readFileSync(jwtFile, 'utf8').trim();
const out = {};
const { payload } = await verifiedWithKidUrl(jwt);
out.verified = payload.credentialSubject.licenseNumber;
out.kidKey = true;

const keySet = await (await get(new URL('/.well-known/jwks.json', payload.issuer.id).href)).json();
const fromSet = await jose.jwtVerify(jwt, jose.createLocalJWKSet(keySet), { algorithms: ['ES256'] });
out.keySet = fromSet.payload.jti === payload.jti;

const [head, body, signature] = jwt.split('.');
const bytes = Buffer.from(signature, 'base64url');
bytes[5] ^= 1;
out.flipped = await refused(verifiedWithKidUrl(`${head}.${body}.${bytes.toString('base64url')}`));

const stranger = await jose.generateKeyPair('ES256');
out.wrongKey = await refused(jose.jwtVerify(jwt, stranger.publicKey, { algorithms: ['ES256'] }));

// Bitstring Status List: the list's own JWT, verified the same way, then the entry's value
// (statusSize bits from statusListIndex × statusSize), named by the entry's statusMessage.
out.status = 'active';
for (const entry of [].concat(payload.credentialStatus)) {
  const listJwt = await (await get(entry.statusListCredential)).text();
  const list = (await verifiedWithKidUrl(listJwt)).payload;
  if (Date.parse(list.validUntil) < Date.now()) throw new Error('stale status list');
  if (list.credentialSubject.statusPurpose !== entry.statusPurpose) throw new Error('purpose differs');
  const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
  const size = entry.statusSize ?? 1;
  let value = 0;
  for (let bit = Number(entry.statusListIndex) * size, end = bit + size; bit < end; bit++)
    value = (value << 1) | ((bits[bit >> 3] >> (7 - (bit % 8))) & 1);
  const message = (entry.statusMessage ?? []).find((m) => Number(m.status) === value)?.message;
  if (value !== 0) out.status = message ?? (entry.statusPurpose === 'revocation' ? 'revoked' : 'suspended');
}
console.log(JSON.stringify(out));
