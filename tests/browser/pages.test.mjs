// The other main pages, each opened by the user who works there, checked
// with axe-core: the work tray, the front door and a search, a child's
// record and chronology, returns, administration, and the error pages.
// The journey, sign-in, restricted and figures files check the pages they
// visit themselves.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { USERS, open, useServerAndBrowser } from './harness.mjs';

const env = useServerAndBrowser();

// Opens each [path, status, label] as `user`, checks the status, the one h1
// and axe; failures are gathered so that one broken page hides no other.
async function visit(user, pages) {
  const page = await env.signedInPage(user);
  const failures = [];
  for (const [target, status, label] of pages) {
    try {
      const response = await open(page, target);
      assert.equal(response.status(), status, `status ${response.status()}`);
      assert.equal(await page.locator("h1").count(), 1, "one h1");
      await env.checks.check(page, label);
    } catch (error) {
      failures.push(`${label} (${target}): ${error.message.split('\n')[0]}`);
    }
  }
  await page.context().close();
  assert.deepEqual(failures, []);
}

test('social worker: work tray, a child of the caseload, its chronology', async () => {
  const api = await env.api(USERS.socialworker);
  const work = await api.get('/api/v1/work?limit=5');
  assert.ok(work.items.length > 0, 'the demo social worker has work');
  const child = work.items[0].child.id;
  await visit(USERS.socialworker, [
    ['/work', 200, 'work tray (mine)'],
    [`/children/${child}`, 200, 'child record'],
    [`/children/${child}/chronology`, 200, 'chronology'],
    ['/account/password', 200, 'change password'],
    ['/admin/users', 403, 'refused page (403)'],
    ['/children/99999999', 404, 'no such child (404)'],
    ['/no-such-page', 404, 'page not found (404)'],
  ]);
});

test('team manager: the team work tray and the missed timescales report', async () => {
  await visit(USERS.manager, [
    ['/work?view=team', 200, 'work tray (team)'],
    ['/work/missed', 200, 'missed timescales'],
  ]);
});

test('front door: the start page, a search, registering a child', async () => {
  await visit(USERS.frontdoor, [
    ['/front-door', 200, 'front door'],
    ['/children?name=Young', 200, 'search results'],
    ['/children?name=Zzyzxqwv', 200, 'search without a match'],
    ['/children/new', 200, 'register a child'],
  ]);
});

test('analyst: data returns', async () => {
  await visit(USERS.analyst, [['/returns', 200, 'returns']]);
});

test('administrator: users, teams, adding a user', async () => {
  await visit(USERS.admin, [
    ['/admin', 200, 'administration'],
    ['/admin/users', 200, 'users'],
    ['/admin/users/new', 200, 'add a user'],
    ['/admin/teams', 200, 'teams'],
  ]);
});

env.testChecks();
