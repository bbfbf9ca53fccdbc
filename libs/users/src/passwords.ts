import * as bcrypt from 'bcryptjs';

const BCRYPT_ROUNDS = 10;
// Compared against when the e-mail is unknown, so both failures take the same time.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', BCRYPT_ROUNDS);

/** The one place passwords are hashed and checked (a test counts the checks through it). */
export const passwords = {
  hash: (password: string): Promise<string> => bcrypt.hash(password, BCRYPT_ROUNDS),
  /** True when the password is the one hashed; with no hash (unknown user), false in the same time. */
  matches: (password: string, hash: string | null | undefined): Promise<boolean> =>
    bcrypt.compare(password, hash ?? DUMMY_HASH).then((ok) => ok && !!hash),
};
