// Police-restricted information in a real browser: the police officer
// involved with a child sees a restricted chronology entry; a health
// practitioner involved with the same child does not, and is told who holds
// it; a partner who is not involved cannot open the record at all.
//
// The set-up goes through the JSON API, as a partnership would: the team
// manager involves the police and health teams with a child of the team's
// caseload (with a lawful basis), and the police officer writes one
// restricted note. A second note is then written through the notes page.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  USERS, fillDate, mainText, open, submit, todayIso, useServerAndBrowser,
} from './harness.mjs';

const today = todayIso();
// The child, the agency holding the restricted entries, and their texts.
let child;
let holder;
let childName;

// The child's chronology from today on (it is paged, oldest first), through
// the page's filter form.
async function chronologyFromToday(page) {
  const shown = await open(page, `/children/${child}/chronology`);
  assert.equal(shown.status(), 200);
  await fillDate(page, 'From', today);
  const filtered = await submit(page, page.getByRole('button', { name: 'Apply filters' }));
  assert.equal(filtered.status(), 200);
  return mainText(page);
}
const apiNote = `Intelligence ${Date.now() % 100000}: vehicle seen at the address, operation ongoing`;
const pageNote = `Intelligence ${Date.now() % 100000}: associate known to officers visited`;

// A child of the manager's team with neither the police nor the health team
// involved yet.
async function childOfTheTeam(manager, teams) {
  const work = await manager.get('/api/v1/work?scope=team&limit=50');
  const ids = [...new Set(work.items.map((item) => item.child.id))];
  for (const id of ids) {
    const involvements = await manager.get(`/api/v1/children/${id}/involvements`);
    if (!involvements.items.some((i) => i.open && teams.includes(i.team.id))) return id;
  }
  throw new Error(`no child of the manager's team is free of police and health involvement`);
}

// The scene, through the API once the server is up.
async function setUp({ api }) {
  const admin = await api(USERS.admin);
  const teams = (await admin.get('/api/v1/teams')).items;
  const police = teams.find((t) => t.agency.code === 'POLICE' && t.name === 'Public Protection Unit');
  const health = teams.find((t) => t.agency.code === 'MCHFT' && t.name === 'Safeguarding Children Team');
  assert.ok(police && health, 'the demo has the police and health teams');

  const manager = await api(USERS.manager);
  child = await childOfTheTeam(manager, [police.id, health.id]);
  await manager.expect(201, 'POST', `/api/v1/children/${child}/involvements`, {
    team_id: police.id, start: today, reason: 'strategy discussion partner',
    lawful_basis: 'public task: Children Act 1989 duties (UK GDPR 6(1)(e), 9(2)(g))',
  });
  await manager.expect(201, 'POST', `/api/v1/children/${child}/involvements`, {
    team_id: health.id, start: today, reason: 'health visitor for the family', consent: true,
  });
  const person = (await manager.get(`/api/v1/children/${child}`)).person;
  childName = `${person.forename} ${person.surname}`;
  const officer = await api(USERS.police);
  await officer.change(201, child, 'POST', `/api/v1/children/${child}/notes`, {
    date: today, summary: apiNote, classification: 'police-restricted',
  });
  holder = police.agency.name;
}

const env = useServerAndBrowser({ setUp });
const { checks } = env;

test('the police officer sees the restricted entry in the chronology', async () => {
  const page = await env.signedInPage(USERS.police);
  const record = await open(page, `/children/${child}`);
  assert.equal(record.status(), 200);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await checks.check(page, 'child record (police)');

  assert.ok((await chronologyFromToday(page)).includes(apiNote), 'the restricted entry is listed');
  await checks.check(page, 'chronology (police)');
});

test('the police officer records a restricted note on the notes page', async () => {
  const page = await env.signedInPage(USERS.police);
  const form = await open(page, `/children/${child}/notes`);
  assert.equal(form.status(), 200);
  await checks.check(page, 'add a note (police)');
  await fillDate(page, 'Date of the event', today);
  await page.getByLabel('What happened').fill(pageNote);
  const who = page.getByRole('group', { name: 'Who may read it?' });
  assert.ok(await who.getByRole('radio', { name: 'Everyone working with the child' }).isChecked(),
            'shared with everyone unless chosen otherwise');
  await who.getByRole('radio', { name: /police/i }).check();
  const done = await submit(page, page.getByRole('button', { name: 'Save and continue' }));
  assert.equal(done.status(), 200);
  assert.equal(new URL(page.url()).pathname, `/children/${child}`);
  assert.match(await page.locator('.govuk-notification-banner--success').innerText(),
               /Note added to the chronology/);

  assert.ok((await chronologyFromToday(page)).includes(pageNote), 'the new restricted note is listed');
});

test('a health practitioner involved sees neither entry, only who holds them', async () => {
  const page = await env.signedInPage(USERS.health);
  const record = await open(page, `/children/${child}`);
  assert.equal(record.status(), 200, 'health is involved, so may open the record');
  let text = await mainText(page);
  assert.ok(!text.includes(apiNote) && !text.includes(pageNote), 'no restricted text on the record');
  assert.ok(text.includes(holder), `the record says ${holder} holds restricted information`);
  assert.match(text, /restricted/i);
  await checks.check(page, 'child record (health)');

  text = await chronologyFromToday(page);
  assert.ok(!text.includes(apiNote) && !text.includes(pageNote), 'no restricted entry listed');
  assert.ok(text.includes(holder), `the chronology says ${holder} holds restricted items`);
  assert.ok(!(await page.content()).includes('operation ongoing'), 'not even in the HTML');
  await checks.check(page, 'chronology (health)');
});

test('a partner who is not involved cannot open the record', async () => {
  const page = await env.signedInPage(USERS.school);
  const refused = await open(page, `/children/${child}`);
  assert.equal(refused.status(), 403);
  const html = await page.content();
  assert.ok(!html.includes(apiNote), 'nothing of the record is shown');
  assert.ok(!html.includes(childName), "not even the child's name");
  await page.getByRole('heading', { level: 1 }).waitFor();
  await checks.check(page, 'refused record (403)');
});

env.testChecks();
