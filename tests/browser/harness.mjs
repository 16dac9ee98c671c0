// The browser tests' harness: a real `safeguard serve` on the demo database,
// Debian's Chromium driven by playwright-core, axe-core on every page.
//
// Design. Each test file starts its own server on port 0 over a private copy
// of one demo database, so that files cannot disturb each other and a test
// sees exactly what `./run.sh` serves. Building the demo takes seconds, so it
// is built once per binary and day into the system's temporary directory and
// copied per file (a file never writes to the shared copy). The browser is
// Debian's Chromium (never a downloaded one): one per file, one context per
// signed-in user, pages reused. Nothing sleeps: every wait is for a URL, a
// selector or a response.
//
// Accessibility and the content security policy are checked as the tests go:
// PageChecks runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every page a
// test visits and listens for CSP refusals and script errors; a file's last
// test asserts that none were found, printing each one readably. axe-core is
// injected with page.evaluate (DevTools evaluation is not subject to the
// page's CSP), so the pages are tested under the CSP they really have.
import { spawn, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
const modules = path.join(repoRoot, 'web/node_modules');
const { chromium } = await import(path.join(modules, 'playwright-core/index.mjs'));

export const binary = path.resolve(
    process.env.SAFEGUARD_BIN ?? path.join(repoRoot, 'build/release/safeguard'));
export const chromiumPath = process.env.SAFEGUARD_CHROMIUM ?? '/usr/bin/chromium';
// Every demo user's password (the policy wants at least 12 characters).
export const PASSWORD = 'Browser-tests-pass-2025';

// The demo users (src/demo/demo_users.cc) the tests sign in as.
export const USERS = {
  frontdoor: { username: 'frontdoor', name: 'Farah Dawson' },
  socialworker: { username: 'socialworker', name: 'Sophie Walsh' },
  manager: { username: 'manager', name: 'Martin Grant' },
  police: { username: 'police.officer', name: 'Olivia Pryce' },
  health: { username: 'health', name: 'Helen Ashworth' },
  school: { username: 'school', name: 'Simon Lees' },
  analyst: { username: 'analyst', name: 'Anita Lal' },
  auditor: { username: 'auditor', name: 'Owen Dwyer' },
  admin: { username: 'admin', name: 'Adam Minton' },
};

// --- The demo database --------------------------------------------------------

// Today as the server sees it (local date, like the program's clock).
export function todayIso() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// The demo database for this binary and day, built once and then reused.
async function demoDatabase() {
  if (!fs.existsSync(binary)) {
    throw new Error(`no safeguard program at ${binary}: build it, or set SAFEGUARD_BIN`);
  }
  const stat = fs.statSync(binary);
  const key = createHash('sha256')
      .update(`${binary}\n${stat.size}\n${stat.mtimeMs}\n${todayIso()}\n${PASSWORD}`)
      .digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `safeguard-browser-demo-${key}`);
  const db = path.join(dir, 'demo.sqlite');
  if (fs.existsSync(db)) return db;
  fs.mkdirSync(dir, { recursive: true });
  // Built under a name of its own and renamed, so that a file running at the
  // same time never copies half a database.
  const building = path.join(dir, `building-${process.pid}.sqlite`);
  await promisify(execFile)(
      binary, ['demo', '--db', building, '--years', '1', '--users-password', PASSWORD],
      { timeout: 120_000, maxBuffer: 1 << 24 });
  fs.renameSync(building, db);
  for (const tail of ['-wal', '-shm']) fs.rmSync(building + tail, { force: true });
  // Databases of other builds or days, left by earlier runs, go after two days.
  for (const old of fs.readdirSync(os.tmpdir())) {
    const other = path.join(os.tmpdir(), old);
    if (!old.startsWith('safeguard-browser-demo-') || other === dir) continue;
    if (Date.now() - fs.statSync(other).mtimeMs > 2 * 86400_000) {
      fs.rmSync(other, { recursive: true, force: true });
    }
  }
  return db;
}

// --- The server ---------------------------------------------------------------

// A `safeguard serve` of its own on a fresh copy of the demo database.
export async function startServer() {
  const source = await demoDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-browser-'));
  const db = path.join(dir, 'demo.sqlite');
  fs.copyFileSync(source, db);
  const child = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0'],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk) => { log += chunk; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${log}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /Safeguard is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${log}`));
    });
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Never left running, even when a test file ends without its after hook.
  process.on('exit', () => { if (child.exitCode === null) child.kill('SIGTERM'); });
  return {
    url,
    dir,
    db,
    log: () => log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --- The browser --------------------------------------------------------------

// Debian's Chromium, headless. Playwright starts it with --no-sandbox unless
// chromiumSandbox is set (needed here: the tests may run as root in a
// container, where Chromium's sandbox cannot start).
export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true });
}

// A browser context of its own (cookies are per context) at 1280 wide.
export async function newPage(browser, server) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

// Signs in through the sign-in page and waits to leave it.
export async function signIn(page, user, password = PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const response = await submit(page, page.getByRole('button', { name: 'Sign in' }));
  // Signed in when the session cookie is set and the sign-in page is left
  // (the start page itself is tested where it matters, not here).
  const cookies = await page.context().cookies();
  if (new URL(page.url()).pathname === '/sign-in' ||
      !cookies.some((c) => c.name === '__Host-sg_session' && c.value)) {
    throw new Error(`signing in as ${user.username} ended at ${page.url()} (${response.status()})`);
  }
  return response;
}

// Goes to `target` and answers the main response (status checked by callers).
export async function open(page, target) {
  const response = await page.goto(target);
  if (!response) throw new Error(`no response for ${target}`);
  return response;
}

// Does `action` (a locator to click, or a function that submits, such as a
// key press) and answers the final response of the page it leads to, after
// any redirects.
export async function submit(page, action) {
  const final = page.waitForResponse((r) => r.request().isNavigationRequest() &&
                                            r.frame() === page.mainFrame() &&
                                            (r.status() < 300 || r.status() >= 400));
  // The new document is committed (page.url() and the DOM are the new
  // page's) only at framenavigated; 'load' before it is the old page's.
  const committed = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
  });
  if (typeof action === 'function') await action(); else await action.click();
  const response = await final;
  await committed;
  await page.waitForLoadState('load');
  return response;
}

// Whether `locator`'s element has the keyboard focus.
export function hasFocus(locator) {
  return locator.evaluate((el) => el === document.activeElement);
}

// --- The JSON API, for setting up and reading back ------------------------------

// A signed-in API session from Node (fetch): the session cookie and the CSRF
// token kept by hand.
export class Api {
  static async signIn(server, user, password = PASSWORD) {
    const api = new Api(server.url);
    const r = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: user.username, password }),
    });
    const body = await r.json();
    if (r.status !== 201) throw new Error(`API sign-in as ${user.username}: ${r.status} ${JSON.stringify(body)}`);
    api.cookie = r.headers.get('set-cookie').split(';')[0];
    api.csrf = body.csrf_token;
    return api;
  }

  constructor(base) { this.base = base; }

  async call(method, target, body, headers = {}) {
    const r = await fetch(`${this.base}${target}`, {
      method,
      headers: {
        Cookie: this.cookie,
        'X-CSRF-Token': this.csrf,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: r.status, headers: r.headers, json, text };
  }

  // The body of a call that must answer `status`.
  async expect(status, method, target, body, headers) {
    const r = await this.call(method, target, body, headers);
    if (r.status !== status) {
      throw new Error(`${method} ${target}: expected ${status}, got ${r.status}: ${r.text}`);
    }
    return r.json;
  }

  get(target) { return this.expect(200, 'GET', target); }

  // A change to a child: read the record for its ETag, then send it as If-Match.
  async change(status, child, method, target, body) {
    const read = await this.call('GET', `/api/v1/children/${child}`);
    if (read.status !== 200) throw new Error(`GET child ${child}: ${read.status}: ${read.text}`);
    return this.expect(status, method, target, body, { 'If-Match': read.headers.get('etag') });
  }
}

// --- Accessibility and CSP checks -----------------------------------------------

const axeSource = fs.readFileSync(path.join(modules, 'axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function describeViolation(v) {
  const nodes = v.nodes.slice(0, 5).map((n) => {
    const summary = (n.failureSummary ?? '').replace(/\s+/g, ' ').trim();
    return `      at ${n.target.join(' ')}\n        ${n.html.slice(0, 200)}\n        ${summary}`;
  });
  const more = v.nodes.length > 5 ? `\n      ... and ${v.nodes.length - 5} more` : '';
  return `    [${v.impact}] ${v.id}: ${v.help}\n      ${v.helpUrl}\n${nodes.join('\n')}${more}`;
}

// What was wrong with the pages a file visited, reported together at its end.
export class PageChecks {
  constructor() {
    this.problems = [];  // strings, one per page with problems
    this.checked = [];   // labels of the pages checked
    this.watched = new WeakSet();
    this.console = new Map();  // page -> CSP and script errors since the last check
  }

  // Records CSP refusals and uncaught script errors of `page`.
  watch(page) {
    if (this.watched.has(page)) return;
    this.watched.add(page);
    const seen = [];
    this.console.set(page, seen);
    page.on('console', (msg) => {
      const text = msg.text();
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) {
        seen.push(`CSP: ${text}`);
      }
    });
    page.on('pageerror', (error) => seen.push(`script error: ${error.message}`));
  }

  // axe-core on the page as it is now; `label` names it in the report.
  async check(page, label = undefined) {
    this.watch(page);
    const name = label ?? new URL(page.url()).pathname;
    await page.waitForLoadState('load');
    const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
    if (!hasAxe) await page.evaluate(axeSource);
    const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
        AXE_TAGS);
    const lines = result.violations.map(describeViolation);
    const seen = this.console.get(page);
    lines.push(...seen.splice(0).map((line) => `    ${line}`));
    this.checked.push(name);
    if (lines.length > 0) this.problems.push(`  ${name} (${page.url()}):\n${lines.join('\n')}`);
    return result.violations;
  }

  // Fails with every problem found, page by page; `t` (a node:test
  // context) is told which pages were checked.
  report(t) {
    t?.diagnostic(`${this.checked.length} pages checked: ${this.checked.join('; ')}`);
    if (this.checked.length === 0) throw new Error('no page was checked');
    if (this.problems.length === 0) return;
    throw new Error(`accessibility or CSP problems on ${this.problems.length} of ` +
                    `${this.checked.length} pages checked:\n${this.problems.join('\n')}`);
  }
}

// --- A test file's server and browser ------------------------------------------

// What every browser test file sets up: registers node:test hooks that
// start a server and a browser of the file's own before its first test and
// stop them after its last, with one PageChecks for the file's pages. The
// hooks fill the answer in later, so it gives accessors rather than values.
// `setUp(env)`, when given, runs in the same before hook once both are up
// (signing in, or setting the scene through the API). End the file with
// env.testChecks(), the test that fails with every problem the checks found.
export function useServerAndBrowser({ setUp } = {}) {
  let server;
  let browser;
  const checks = new PageChecks();
  const env = {
    get server() { return server; },
    get browser() { return browser; },
    checks,
    // A new context, not signed in, whose CSP and script errors are watched.
    async newPage() {
      const page = await newPage(browser, server);
      checks.watch(page);
      return page;
    },
    // A new context signed in as `user` through the sign-in page, watched
    // from the sign-in page on.
    async signedInPage(user) {
      const page = await env.newPage();
      await signIn(page, user);
      return page;
    },
    // A signed-in JSON API session as `user`.
    api(user) { return Api.signIn(server, user); },
    // The file's last test: no page checked had an axe or CSP problem.
    testChecks() {
      test('axe-core finds no WCAG 2.2 AA violations and the CSP refuses nothing', (t) => {
        checks.report(t);
      });
    },
  };
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await setUp?.(env);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return env;
}

// --- Forms ----------------------------------------------------------------------

// Fills the GOV.UK date input whose legend matches `legend` with `iso`.
export async function fillDate(scope, legend, iso) {
  const [year, month, day] = iso.split('-');
  const group = scope.getByRole('group', { name: legend, exact: typeof legend === 'string' });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
}

// The text of the page's main content.
export function mainText(page) {
  return page.locator('main').innerText();
}
