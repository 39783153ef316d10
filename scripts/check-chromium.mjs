// Fails early, with the fix, when the browser the end-to-end tests drive is missing.
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.error(
    `Chromium not found at ${chromium}: run apt-get install -y chromium ` +
      '(or set CHROMIUM_PATH to a Chromium binary). The browser tests never download a browser.',
  );
  process.exit(1);
}
const dist = process.env.DIST_DIR ?? 'dist';
if (!fs.existsSync(`${dist}/index.html`)) {
  console.error(`${dist}/ is missing: run npm run build before the browser tests.`);
  process.exit(1);
}
