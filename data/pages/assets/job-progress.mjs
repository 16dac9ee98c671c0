// Job progress: keeps a job page (GET /jobs/{id}) up to date while the job
// runs, so that nobody has to press "Check progress".
//
// Progressive enhancement. Without this script the page works: it shows the
// progress when it was served and a "Check progress" button that asks for
// the page again. With it, the button is hidden, the page asks the API for
// the job's status (GET /api/v1/jobs/{id}, the same answer integrations
// read) every second, and moves the bar and the stage text; the stage text
// is an aria-live="polite" region, changed only when the stage or the tenth
// of the work changes, so a screen reader is told of progress without being
// talked over. When the job ends, the script fetches the page itself again
// and puts its outcome (the findings link, the import's figures, the
// download, or what went wrong) in place of the progress, then moves focus
// to the new heading: the outcome is the server's own HTML, never a second
// copy of it written here. No meta refresh: a page that reloads itself takes
// the user's place away from them.

const POLL_MS = 1000
const MAX_FAILURES = 10

function percentOf (progress) {
  if (!progress || !(progress.total > 0)) return null
  const percent = Math.floor((progress.done * 100) / progress.total)
  return Math.max(0, Math.min(100, percent))
}

function sentence (text) {
  if (!text) return 'Starting'
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function stageText (job) {
  const stage = job.state === 'queued' ? 'Waiting to start' : sentence(job.progress && job.progress.stage)
  const percent = percentOf(job.progress)
  return percent === null ? stage : `${stage}: ${percent}% done`
}

// What the live region says: the stage, and the percentage in tenths.
function announcement (job) {
  const percent = percentOf(job.progress)
  const stage = job.state === 'queued' ? 'Waiting to start' : sentence(job.progress && job.progress.stage)
  return percent === null ? stage : `${stage}: ${Math.floor(percent / 10) * 10}% done`
}

export function initJobProgress (element) {
  const statusUrl = element.dataset.statusUrl
  const pageUrl = element.dataset.pageUrl
  const bar = element.querySelector('progress')
  const stage = element.querySelector('[aria-live]')
  const check = element.querySelector('.app-job-progress__check')
  if (!statusUrl || !pageUrl || !bar || !stage) return
  if (check) check.hidden = true

  let failures = 0
  let lastSaid = stage.textContent
  let timer = null

  const update = (job) => {
    const percent = percentOf(job.progress)
    if (percent === null) {
      bar.removeAttribute('value')
      bar.textContent = ''
    } else {
      bar.max = job.progress.total
      bar.value = job.progress.done
      bar.textContent = `${percent}%`
    }
    const said = announcement(job)
    if (said !== lastSaid) {
      stage.textContent = stageText(job)
      lastSaid = said
    }
  }

  // The page as the server now serves it: its outcome replaces ours.
  const showOutcome = async () => {
    const response = await fetch(pageUrl, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
    if (!response.ok) throw new Error(`GET ${pageUrl}: ${response.status}`)
    const page = new DOMParser().parseFromString(await response.text(), 'text/html')
    const fresh = page.getElementById('job-status')
    const current = document.getElementById('job-status')
    if (!fresh || !current) throw new Error('the job page has no #job-status')
    current.replaceWith(document.importNode(fresh, true))
    const title = page.querySelector('title')
    if (title) document.title = title.textContent
    const heading = document.querySelector('#job-status h1')
    if (heading) heading.focus()
  }

  // When polling cannot go on, the "Check progress" button comes back.
  const giveUp = (message) => {
    if (check) check.hidden = false
    stage.textContent = message
  }

  const poll = async () => {
    try {
      const response = await fetch(statusUrl, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' }
      })
      if (response.status === 401 || response.status === 403 || response.status === 404) {
        giveUp('Progress cannot be shown here any more: use Check progress.')
        return
      }
      if (!response.ok) throw new Error(`GET ${statusUrl}: ${response.status}`)
      const job = await response.json()
      failures = 0
      update(job)
      if (job.state === 'succeeded' || job.state === 'failed') {
        try {
          await showOutcome()
        } catch (error) {
          giveUp('The work has ended: use Check progress to see how.')
        }
        return
      }
    } catch (error) {
      failures += 1
      if (failures >= MAX_FAILURES) {
        giveUp('Progress cannot be fetched: use Check progress.')
        return
      }
    }
    timer = setTimeout(poll, POLL_MS)
  }

  timer = setTimeout(poll, POLL_MS)
  window.addEventListener('pagehide', () => clearTimeout(timer))
}
