// The partnership's figures in a real browser: the analyst opens the
// quarterly scorecard and the annual report; both render with their tables
// and charts, and the report downloads as a spreadsheet through its job page
// (the progress page updates itself with JavaScript until the file is ready).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { USERS, mainText, open, submit, useServerAndBrowser } from './harness.mjs';

let page;  // the analyst's, signed in once for the file
const env = useServerAndBrowser({
  setUp: async (e) => { page = await e.signedInPage(USERS.analyst); },
});
const { checks } = env;

// Every table has a caption or an accessible name, and header cells.
async function assertTablesNamed() {
  const tables = await page.locator('main table').evaluateAll((all) => all.map((t) => ({
    named: Boolean(t.querySelector('caption')?.textContent.trim() || t.getAttribute('aria-label') ||
                   t.getAttribute('aria-labelledby')),
    headers: t.querySelectorAll('th').length,
  })));
  assert.ok(tables.length > 0, 'the page has tables');
  tables.forEach((t, i) => {
    assert.ok(t.named, `table ${i + 1} has a caption or label`);
    assert.ok(t.headers > 0, `table ${i + 1} has header cells`);
  });
}

test('the scorecard renders with figures, RAG in words and charts', async () => {
  const response = await open(page, '/scorecard');
  assert.equal(response.status(), 200);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await assertTablesNamed();
  assert.ok(await page.locator('main svg').count() > 0, 'the scorecard has charts');
  // RAG is never colour alone: the tags say it.
  assert.match(await mainText(page), /\b(Red|Amber|Green)\b/);
  await checks.check(page, 'scorecard');

  // Choosing another quarter is a GET form.
  const quarter = page.getByLabel(/quarter/i);
  const options = await quarter.locator('option').evaluateAll((o) => o.map((x) => x.value));
  const other = options.filter((v) => v && v !== (new URL(page.url()).searchParams.get('quarter')));
  assert.ok(other.length > 0, `quarters to choose: ${options}`);
  await quarter.selectOption(other[0]);
  const again = await submit(page, page.getByRole('button', { name: 'Show scorecard' }));
  assert.equal(again.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/scorecard');
  assert.equal(new URL(page.url()).searchParams.get('quarter'), other[0]);
  await checks.check(page, 'scorecard, another quarter');

  // It links to the annual report.
  const report = await submit(page, page.getByRole('link', { name: /annual report/ }));
  assert.equal(report.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/reports/annual');
});

test('the annual report renders in the page with download buttons', async () => {
  const response = await open(page, '/reports/annual');
  assert.equal(response.status(), 200);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.ok(await page.getByRole('heading', { level: 2 }).count() > 0, 'the report has sections');
  await assertTablesNamed();
  assert.ok(await page.locator('main svg').count() > 0, 'the report has charts');
  await page.getByRole('button', { name: 'Download PDF' }).waitFor();
  await page.getByRole('button', { name: 'Download spreadsheet (xlsx)' }).waitFor();
  await checks.check(page, 'annual report');
});

test('the report downloads as a spreadsheet through its job page', async () => {
  await open(page, '/reports/annual');
  const started = await submit(page, page.getByRole('button', { name: 'Download spreadsheet (xlsx)' }));
  assert.equal(started.status(), 200, page.url());
  assert.match(new URL(page.url()).pathname, /^\/jobs\/\d+$/);
  await checks.check(page, 'job progress');
  // job-progress.mjs polls the job and shows the result link when done.
  const link = page.getByRole('link', { name: /Download/ });
  await link.waitFor({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  await checks.check(page, 'job finished');
});

env.testChecks();
