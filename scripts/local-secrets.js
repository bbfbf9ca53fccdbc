// The kept secrets of a local install (libs/config/src/local-secrets.ts), for the scripts: they
// run after buildIfNeeded(), so the compiled config library is there.
const path = require('node:path');
const { lib } = require('./build-if-needed');

const dataDir = () => path.resolve(process.env.DATA_DIR?.trim() || 'data');

/** The kept value of `name` in DATA_DIR, made on first use (`bytes` random bytes). */
function localSecret(name, bytes) {
  return lib('config').localSecret(dataDir(), name, bytes);
}

module.exports = { localSecret, dataDir };
