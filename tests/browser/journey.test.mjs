// The journey from the front door to a child protection plan, in a real
// browser, as the people who do it would: the front-door practitioner finds
// no such child, registers her, records the consultation with its factors,
// decides on a referral, records the referral (prefilled from the contact)
// and allocates it to the assessment team; the allocated social worker then
// starts and authorises the assessment, holds a strategy discussion, starts
// a section 47 enquiry and holds the initial conference that makes a plan,
// and sees on the child's record when the plan's first review is due.
//
// The steps are one after the other (each needs the last), so they are one
// test each in order, and a failure skips the rest with its cause.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  USERS, fillDate, mainText, open, submit, todayIso, useServerAndBrowser,
} from './harness.mjs';

const env = useServerAndBrowser();
const { checks } = env;
const today = todayIso();

// A surname of letters nobody in the demo has.
const surname = `Brierley${String.fromCharCode(...String(Date.now() % 1e6).split('').map((d) => 97 + Number(d)))}`;
const forename = 'Ava';
let frontDoor;  // the front-door practitioner's page
let worker;     // the social worker's page
let child;      // the child's id, once registered
let failed = null;  // the first step that failed: the later ones are skipped

function step(name, fn) {
  test(name, async (t) => {
    if (failed) {
      t.skip(`needs "${failed}"`);
      return;
    }
    try {
      await fn();
    } catch (error) {
      failed = name;
      throw error;
    }
  });
}

const path = (page) => new URL(page.url()).pathname;
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

// "26 February 2027", as pages write dates.
function longDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${LONG_MONTHS[m - 1]} ${y}`;
}

// `iso` plus `months`, the day kept or clamped to the month's last (as
// core::AddMonths, which the review clock uses).
function addMonths(iso, months) {
  const [y, m, d] = iso.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// The main form's submit button.
function saveButton(page) {
  return page.locator('main form[method="post"] button[type="submit"]').last();
}

// Sends the form and expects the child's record with `notice`.
async function saveToRecord(page, notice) {
  const response = await submit(page, saveButton(page));
  const summary = page.locator('.govuk-error-summary');
  if (await summary.count()) {
    throw new Error(`the form was refused (${response.status()}): ${await summary.innerText()}`);
  }
  assert.equal(response.status(), 200);
  assert.equal(path(page), `/children/${child}`);
  const banner = page.locator('.govuk-notification-banner--success');
  assert.match(await banner.innerText(), new RegExp(notice));
  await checks.check(page, `child record after "${notice}"`);
}

// Follows the record's link named `name` to a step's form.
async function followLink(page, name) {
  const link = page.getByRole('link', { name }).first();
  const response = await submit(page, link);
  assert.equal(response.status(), 200, `${name}: the form opens`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await checks.check(page, `form: ${await page.getByRole('heading', { level: 1 }).innerText()}`);
}

step('front door: searching finds no such child', async () => {
  frontDoor = await env.signedInPage(USERS.frontdoor);
  assert.equal(path(frontDoor), '/front-door');
  await checks.check(frontDoor, 'front door');
  await frontDoor.getByLabel('Name', { exact: true }).fill(`${forename} ${surname}`);
  const results = await submit(frontDoor, frontDoor.getByRole('button', { name: 'Search' }));
  assert.equal(results.status(), 200);
  await frontDoor.getByRole('heading', { name: 'No child matches' }).waitFor();
  await checks.check(frontDoor, 'search without a match');
});

step('front door: registers the child', async () => {
  const form = await submit(frontDoor, frontDoor.getByRole('button', { name: 'Register a new child' }));
  assert.equal(form.status(), 200);
  assert.equal(path(frontDoor), '/children/new');
  await checks.check(frontDoor, 'register a child');
  // What was searched for is carried over.
  assert.equal(await frontDoor.getByLabel('First name').inputValue(), forename);
  assert.equal(await frontDoor.getByLabel('Last name').inputValue(), surname);
  await fillDate(frontDoor, 'Date of birth', '2016-09-14');
  await frontDoor.getByRole('group', { name: 'Sex' }).getByRole('radio', { name: 'Female' }).check();
  const next = await submit(frontDoor, frontDoor.getByRole('button', { name: 'Register child' }));
  assert.equal(next.status(), 200);
  const m = /^\/children\/(\d+)\/contacts$/.exec(path(frontDoor));
  assert.ok(m, `registering leads to the contact form, not ${frontDoor.url()}`);
  child = Number(m[1]);
});

step('front door: records the consultation with two factors', async () => {
  await checks.check(frontDoor, 'record a contact');
  const date = frontDoor.getByRole('group', { name: 'Date of the contact' });
  assert.equal(await date.getByLabel('Year').inputValue(), today.slice(0, 4), 'today by default');
  await frontDoor.getByLabel('Who contacted the front door? (optional)').fill('Sam Jones, class teacher');
  await frontDoor.getByRole('group', { name: 'Where did the contact come from?' })
      .getByRole('radio', { name: 'Schools' }).check();
  const factors = frontDoor.getByRole('group', { name: 'Factors (optional)' });
  await factors.getByRole('checkbox', { name: 'Domestic abuse' }).check();
  await factors.getByRole('checkbox', { name: 'Neglect' }).check();
  await frontDoor.getByLabel('Summary of the contact')
      .fill('Bruising seen at school; mother disclosed violence at home.');
  const decision = await submit(frontDoor, frontDoor.getByRole('button', { name: 'Save and decide' }));
  assert.equal(decision.status(), 200);
  assert.match(path(frontDoor), /^\/contacts\/\d+\/decision$/);
  assert.match(await frontDoor.locator('.govuk-notification-banner--success').innerText(),
               /Contact recorded/);
  await checks.check(frontDoor, 'decide on the contact');
});

let contactId;
step('front door: decides on a referral and records it, prefilled', async () => {
  contactId = Number(/\/contacts\/(\d+)\//.exec(path(frontDoor))[1]);
  await frontDoor.getByRole('group', { name: 'What is the decision?' })
      .getByRole('radio', { name: "Referral to children's social care" }).check();
  const referral = await submit(frontDoor, frontDoor.getByRole('button', { name: 'Save decision' }));
  assert.equal(referral.status(), 200);
  assert.equal(path(frontDoor), `/children/${child}/referrals`);
  assert.equal(new URL(frontDoor.url()).searchParams.get('contact'), String(contactId));
  await checks.check(frontDoor, 'record a referral (prefilled)');

  // Prefilled from the contact: its date and its source.
  const group = frontDoor.getByRole('group', { name: 'Date of the referral' });
  const [y, m, d] = today.split('-').map(Number);
  assert.equal(await group.getByLabel('Day').inputValue(), String(d));
  assert.equal(await group.getByLabel('Month').inputValue(), String(m));
  assert.equal(await group.getByLabel('Year').inputValue(), String(y));
  assert.equal(await frontDoor.getByLabel('Who made the referral?').inputValue(), '2A');
  await frontDoor.getByLabel("The child's primary need").selectOption('N1');
  await saveToRecord(frontDoor, 'Referral recorded');
});

step('front door: allocates the child to the social worker by name', async () => {
  const api = await env.api(USERS.socialworker);
  const me = (await api.get('/api/v1/session')).user;
  await followLink(frontDoor, 'Allocate to a team or worker');
  await frontDoor.getByLabel('Allocate to', { exact: true })
    .selectOption({ label: `${me.team}: ${me.display_name}` });
  await fillDate(frontDoor, 'Date the allocation starts', today);
  await frontDoor.getByLabel('Reason (optional)').fill('Referral accepted for assessment');
  await saveToRecord(frontDoor, 'Child allocated to a social worker');
  assert.match(await mainText(frontDoor), new RegExp(`Allocated to\\s+${me.display_name}`));
});

step('social worker: starts an assessment from the record', async () => {
  worker = await env.signedInPage(USERS.socialworker);
  const record = await open(worker, `/children/${child}`);
  assert.equal(record.status(), 200, 'the allocated social worker may open the record');
  assert.match(await mainText(worker), new RegExp(surname));
  await followLink(worker, 'Start an assessment');
  await fillDate(worker, 'Date the assessment started', today);
  await saveToRecord(worker, 'Assessment started');
  assert.match(await mainText(worker), /Child in need/);
});

step('social worker: authorises the assessment', async () => {
  await followLink(worker, "Record the assessment's authorisation");
  await fillDate(worker, 'Date the assessment was authorised', today);
  await worker.getByRole('checkbox', { name: /^Domestic violence: concerns about the child's parent/ }).check();
  await saveToRecord(worker, 'Assessment authorised');
});

step('social worker: holds a strategy discussion', async () => {
  await followLink(worker, 'Record a strategy discussion');
  await fillDate(worker, 'Date of the strategy discussion', today);
  await saveToRecord(worker, 'Strategy discussion recorded');
});

step('social worker: starts a section 47 enquiry', async () => {
  await followLink(worker, 'Start a section 47 enquiry');
  await fillDate(worker, 'Date the enquiry started', today);
  await saveToRecord(worker, 'Section 47 enquiry started');
  // The conference is now a statutory step with its due date.
  const row = worker.locator('table tr', { hasText: 'Record the conference' });
  assert.equal(await row.count(), 1, 'the initial conference is a next step');
});

step('social worker: holds the initial conference, which makes a plan', async () => {
  await followLink(worker, 'Record the initial child protection conference');
  await fillDate(worker, 'Date of the conference', today);
  const route = worker.getByRole('radio', { name: /The section 47 enquiry started on/ });
  assert.ok(await route.isChecked(), 'the one enquiry is chosen already');
  await worker.getByRole('radio', { name: 'The child needs a child protection plan' }).check();
  await worker.getByRole('radio', { name: 'Neglect' }).check();
  await saveToRecord(worker, 'child protection plan started');
});

step("the child's record shows the plan and its first review due in three months", async () => {
  const text = await mainText(worker);
  assert.match(text, /Child protection plan/);
  const due = longDate(addMonths(today, 3));
  const review = worker.locator('table tr', { hasText: 'Record the review' });
  assert.equal(await review.count(), 1, 'the review conference is a next step');
  assert.match(await review.innerText(), new RegExp(due), `review due ${due}`);
  await checks.check(worker, 'child record with a plan');
});

env.testChecks();
