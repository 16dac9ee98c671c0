// Signing in and out in a real browser: with the keyboard alone, a wrong
// password answered the GOV.UK way, signing out, and an entry made after the
// session ended sent on after signing in again (nothing typed is lost).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  Api, PASSWORD, USERS, fillDate, hasFocus, open, signIn, submit, todayIso, useServerAndBrowser,
} from './harness.mjs';

const env = useServerAndBrowser();
const { checks } = env;

const path = (page) => new URL(page.url()).pathname;

test('signs in with the keyboard alone and lands on the front door', async () => {
  const page = await env.newPage();
  const shown = await open(page, '/sign-in');
  assert.equal(shown.status(), 200);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor());
  await checks.check(page, 'sign in');

  // Tab from the top of the page (skip link, header...) to the username.
  const username = page.getByLabel('Username');
  const password = page.getByLabel('Password', { exact: true });
  for (let i = 0; i < 20 && !(await hasFocus(username)); ++i) await page.keyboard.press('Tab');
  assert.ok(await hasFocus(username), 'Tab reaches the Username field');
  await page.keyboard.type(USERS.frontdoor.username);
  await page.keyboard.press('Tab');
  assert.ok(await hasFocus(password), 'the next Tab stop after Username is Password');
  await page.keyboard.type(PASSWORD);
  const landed = await submit(page, () => page.keyboard.press('Enter'));

  assert.equal(landed.status(), 200);
  assert.equal(path(page), '/front-door', 'a front-door practitioner starts at the front door');
  await page.getByText(USERS.frontdoor.name).first().waitFor();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await checks.check(page, 'front door (after signing in)');
});

test('warns two minutes before the session times out, and Stay signed in keeps it', async () => {
  const page = await env.signedInPage(USERS.socialworker);
  // The page's own clock, moved on by hand: the warning is the page's
  // script counting down the server's idle timeout (30 minutes).
  await page.clock.install();
  await open(page, '/work');
  const dialog = page.getByRole('dialog', { name: 'You are about to be signed out' });
  assert.equal(await dialog.isVisible(), false, 'no warning at first');

  await page.clock.fastForward('28:30');
  await dialog.waitFor();
  assert.ok(await hasFocus(page.getByRole('button', { name: 'Stay signed in' })),
    'the warning takes the focus to its button');
  await checks.check(page, 'session timeout warning');

  const extended = page.waitForResponse((r) => r.url().endsWith('/session/extend'));
  await page.getByRole('button', { name: 'Stay signed in' }).click();
  assert.equal((await extended).status(), 204, 'the server counts it as activity');
  await dialog.waitFor({ state: 'hidden' });

  // Ignored this time (or the computer slept through it): the page says the
  // session has ended and stays as it is, so nothing typed is lost.
  await page.clock.fastForward('31:00');
  await page.getByText('You have been signed out. What you have typed on this page is kept').waitFor();
  await page.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(path(page), '/work', 'the page stays where it was');
});

test('a wrong password shows the error summary and keeps the username', async () => {
  const page = await env.newPage();
  await open(page, '/sign-in');
  await page.getByLabel('Username').fill(USERS.socialworker.username);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password-at-all');
  const refused = await submit(page, page.getByRole('button', { name: 'Sign in' }));

  assert.ok([400, 401].includes(refused.status()), `refused: ${refused.status()}`);
  assert.equal(path(page), '/sign-in');
  assert.match(await page.title(), /^Error: /, 'GOV.UK: the title starts "Error: "');
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /There is a problem/);
  assert.ok(await summary.getByRole('link').count() >= 1, 'the summary links to the field');
  assert.equal(await page.getByLabel('Username').inputValue(), USERS.socialworker.username);
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '',
               'a password is never sent back');
  // GOV.UK Frontend's error summary takes the focus so screen readers read it.
  await page.waitForFunction(() => document.activeElement?.closest('.govuk-error-summary'));
  await checks.check(page, 'sign in with an error');

  // The right password then signs in.
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  const landed = await submit(page, page.getByRole('button', { name: 'Sign in' }));
  assert.equal(landed.status(), 200);
  assert.notEqual(path(page), '/sign-in');
  await page.getByText(USERS.socialworker.name).first().waitFor();
});

test('signing out ends the session: pages ask to sign in again', async () => {
  const page = await env.newPage();
  await signIn(page, USERS.manager);
  const start = path(page);
  const out = await submit(page, page.getByRole('button', { name: 'Sign out' }));
  assert.equal(out.status(), 200);
  assert.equal(path(page), '/sign-in');
  assert.equal((await page.context().cookies()).filter((c) => c.name === '__Host-sg_session' && c.value).length,
               0, 'the session cookie is gone');
  await checks.check(page, 'signed out');

  // The page started at before is now behind the sign-in page, which
  // remembers where to go next.
  const again = await open(page, start);
  assert.equal(again.status(), 200);
  assert.equal(path(page), '/sign-in');
  assert.equal(new URL(page.url()).searchParams.get('next'), start);
});

test('an entry sent after the session ended is kept, and sent on after signing in', async () => {
  // A child of the social worker's caseload, with an open referral.
  const api = await env.api(USERS.socialworker);
  const work = await api.get('/api/v1/work?limit=20');
  const item = work.items.find((i) => i.work_kind === 'assessment');
  assert.ok(item, 'the demo social worker has an assessment in hand');
  const child = item.child.id;
  const discussions = async () => (await api.get(`/api/v1/children/${child}`)).journey.referrals
      .flatMap((r) => r.strategy_discussions).filter((d) => d.date === todayIso()).length;
  const before = await discussions();

  const page = await env.newPage();
  await signIn(page, USERS.socialworker);
  await open(page, `/children/${child}`);
  await submit(page, page.getByRole('link', { name: 'Record a strategy discussion' }).first());
  await fillDate(page, 'Date of the strategy discussion', todayIso());

  // The session ends on the server (as after the idle timeout) while the
  // browser still holds its cookie.
  const cookie = (await page.context().cookies()).find((c) => c.name === '__Host-sg_session');
  const ended = new Api(env.server.url);
  ended.cookie = `${cookie.name}=${cookie.value}`;
  ended.csrf = await page.locator('main input[name="csrf_token"]').inputValue();
  assert.equal((await ended.call('DELETE', '/api/v1/session')).status, 204);

  const asked = await submit(page, page.getByRole('button', { name: 'Save and continue' }));
  assert.equal(asked.status(), 401);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByText('what you entered is kept').waitFor();
  const [y, m, d] = todayIso().split('-').map(Number);
  assert.equal(await page.locator('input[type="hidden"][name="kept.date-day"]').inputValue(), String(d));
  assert.equal(await page.locator('input[type="hidden"][name="kept.date-month"]').inputValue(), String(m));
  assert.equal(await page.locator('input[type="hidden"][name="kept.date-year"]').inputValue(), String(y));
  await checks.check(page, 'sign in to send on an entry');

  await page.getByLabel('Username').fill(USERS.socialworker.username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  const resume = await submit(page, page.getByRole('button', { name: 'Sign in' }));
  assert.equal(resume.status(), 200);
  await page.getByRole('heading', { level: 1, name: 'You are signed in again' }).waitFor();
  assert.equal(await discussions(), before, 'nothing is saved before it is sent on');
  await checks.check(page, 'send what you entered');

  const sent = await submit(page, page.getByRole('button', { name: 'Send what you entered' }));
  assert.equal(sent.status(), 200);
  assert.equal(new URL(page.url()).pathname, `/children/${child}`);
  assert.match(await page.locator('.govuk-notification-banner--success').innerText(),
               /Strategy discussion recorded/);
  assert.equal(await discussions(), before + 1, 'recorded once');
});

env.testChecks();
