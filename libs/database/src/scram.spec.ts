import { createHash, createHmac } from 'node:crypto';
// the SCRAM client node-postgres signs in with: the verifier must let it in, and only with its password
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sasl = require('pg/lib/crypto/sasl');
import { scramSha256Verifier } from './scram';

/** Plays PostgreSQL's side of a SCRAM-SHA-256 sign-in against a stored verifier; true when the client proves the password. */
async function signInWith(verifier: string, password: string): Promise<boolean> {
  const [, iterations, salt, storedKey, serverKey] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier)!;
  const session = sasl.startSession(['SCRAM-SHA-256']);
  const nonce = `${session.clientNonce}server-part`;
  const serverFirst = `r=${nonce},s=${salt},i=${iterations}`;
  await sasl.continueSession(session, password, serverFirst);
  const [withoutProof, proof] = session.response.split(',p=');
  const authMessage = `n=*,r=${session.clientNonce},${serverFirst},${withoutProof}`;
  const clientSignature = createHmac('sha256', Buffer.from(storedKey, 'base64')).update(authMessage).digest();
  const clientKey = Buffer.from(proof, 'base64').map((b, i) => b ^ clientSignature[i]);
  if (createHash('sha256').update(clientKey).digest('base64') !== storedKey) return false;
  sasl.finalizeSession(session, `v=${createHmac('sha256', Buffer.from(serverKey, 'base64')).update(authMessage).digest('base64')}`);
  return true;
}

describe('scramSha256Verifier', () => {
  it('lets the PostgreSQL client sign in with the password, and not with another', async () => {
    const verifier = scramSha256Verifier('Correct-Horse-Battery-Staple-42');
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(await signInWith(verifier, 'Correct-Horse-Battery-Staple-42')).toBe(true);
    expect(await signInWith(verifier, 'Correct-Horse-Battery-Staple-43')).toBe(false);
  });

  it('salts each verifier, so two of one password differ', () => {
    expect(scramSha256Verifier('same-password-twice')).not.toBe(scramSha256Verifier('same-password-twice'));
  });

  it('refuses a password SASLprep could change (not printable ASCII)', () => {
    expect(() => scramSha256Verifier('mật khẩu')).toThrow(/printable ASCII/);
  });
});
