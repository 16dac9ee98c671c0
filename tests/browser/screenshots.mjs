// Screenshots of Safeguard's main pages for docs/screenshots/ (the README
// shows one): `node tests/browser/screenshots.mjs` with SAFEGUARD_BIN set or
// build/release/safeguard built. Not a test: it serves the demo database as
// the tests do (harness.mjs), signs in as the user who works on each page,
// and saves a full-page PNG 1280 pixels wide. Re-run it when pages change.
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  Api, USERS, launchBrowser, newPage, open, repoRoot, signIn, startServer,
} from './harness.mjs';

const out = path.join(repoRoot, 'docs/screenshots');

async function shoot(page, target, name) {
  const response = await open(page, target);
  await page.waitForLoadState('networkidle');
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  console.log(`${file}: ${target} (${response.status()})`);
  if (response.status() >= 400) process.exitCode = 1;
}

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const worker = await Api.signIn(server, USERS.socialworker);
    const work = await worker.get('/api/v1/work?limit=20');
    // A child of the caseload with the most steps in hand makes the fullest record.
    const counts = new Map();
    for (const item of work.items) counts.set(item.child.id, (counts.get(item.child.id) ?? 0) + 1);
    const child = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];

    const page = await newPage(browser, server);
    await shoot(page, '/sign-in', 'sign-in');
    const as = async (user, shots) => {
      const signedIn = await newPage(browser, server);
      await signIn(signedIn, user);
      for (const [target, name] of shots) await shoot(signedIn, target, name);
      await signedIn.context().close();
    };
    await as(USERS.frontdoor, [['/front-door', 'front-door']]);
    await as(USERS.socialworker, [
      [`/children/${child}`, 'child-record'],
      [`/children/${child}/chronology`, 'chronology'],
      ['/work', 'work'],
    ]);
    await as(USERS.analyst, [
      ['/scorecard', 'scorecard'],
      ['/reports/annual', 'annual-report'],
      ['/returns', 'returns'],
    ]);
    await as(USERS.admin, [['/admin/users', 'admin-users']]);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
