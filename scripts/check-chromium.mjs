// Makes sure the browser the end-to-end tests drive is there, before any test runs. The tests use
// Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH) and never download a browser. When it
// is missing on Debian and this runs as root, it installs it with apt-get (and says so); otherwise
// it prints the exact command to run and exits 1. `--dist` also checks that the build is there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INSTALL = ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium'];

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = () => fs.existsSync('/etc/debian_version');
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

function install() {
  console.log(
    `Chromium not found at ${chromium}: installing Debian's chromium package for the browser tests`,
  );
  console.log(`  apt-get update && ${INSTALL.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['apt-get', 'update'], INSTALL]) {
    const result = spawnSync(args[0], args.slice(1), { stdio: 'inherit', env });
    if (result.status !== 0) {
      console.error(`\`${args.join(' ')}\` failed (exit ${result.status ?? result.signal}).`);
      return false;
    }
  }
  return fs.existsSync(chromium);
}

function main() {
  if (!fs.existsSync(chromium)) {
    const canInstall = !process.env.CHROMIUM_PATH && isRoot() && isDebian() && has('apt-get');
    if (!(canInstall && install())) {
      const command = isDebian()
        ? `${isRoot() ? '' : 'sudo '}apt-get install -y chromium`
        : 'install Chromium with your system’s package manager';
      console.error(
        `Chromium not found at ${chromium}. The browser tests drive Debian's Chromium and never ` +
          `download a browser. Run:\n\n  ${command}\n\n` +
          'or set CHROMIUM_PATH to a Chromium binary, then run npm test again.',
      );
      return 1;
    }
    console.log(`Installed ${chromium}.`);
  }
  const dist = process.env.DIST_DIR ?? 'dist';
  if (process.argv.includes('--dist') && !fs.existsSync(`${dist}/index.html`)) {
    console.error(`${dist}/ is missing: run npm run build before the browser tests.`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
