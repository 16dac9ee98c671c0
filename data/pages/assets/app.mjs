// Safeguard's page script: progressive enhancement only. Every page works
// without it; with it, GOV.UK Frontend's components come alive, the user is
// warned before the session times out, and job pages update themselves.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

const WARN_SECONDS = 120

function minutesAndSeconds (seconds) {
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  const parts = []
  if (minutes > 0) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`)
  if (rest > 0 || minutes === 0) parts.push(`${rest} second${rest === 1 ? '' : 's'}`)
  return parts.join(' ')
}

// Warn before the server's idle timeout ends the session (WCAG 2.2.1: the
// user can extend it). When it has ended, say so and keep the page as it
// is: a form sent now leads to sign-in and is then sent on, so nothing
// typed is lost.
function initSessionTimeout (root) {
  const idleSeconds = Number(root.dataset.idleSeconds)
  const dialog = root.querySelector('dialog')
  if (!idleSeconds || !dialog || typeof dialog.showModal !== 'function') return
  const countdown = root.querySelector('.app-session-timeout__countdown')
  const expired = root.querySelector('.app-session-timeout__expired')
  const stay = root.querySelector('.app-session-timeout__stay')
  let deadline = Date.now() + idleSeconds * 1000
  let ended = false

  const close = () => {
    if (dialog.open) dialog.close()
    root.hidden = true
  }
  const open = () => {
    if (dialog.open) return
    root.hidden = false
    dialog.showModal()
    stay.focus()
  }
  const tick = () => {
    const remaining = Math.round((deadline - Date.now()) / 1000)
    if (ended) return
    if (remaining <= 0) {
      // Also when the warning never showed (the computer was asleep).
      ended = true
      countdown.parentElement.hidden = true
      expired.hidden = false
      stay.textContent = 'Close'
      open()
      return
    }
    if (remaining <= WARN_SECONDS) {
      countdown.textContent = minutesAndSeconds(remaining)
      open()
    }
  }
  stay.addEventListener('click', async () => {
    if (ended) {
      close()
      return
    }
    try {
      const response = await fetch('/session/extend', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRF-Token': root.dataset.csrfToken }
      })
      if (response.ok) {
        deadline = Date.now() + idleSeconds * 1000
        close()
        return
      }
    } catch (error) {
      // The network failed: leave the warning up; the countdown goes on.
    }
    deadline = Date.now()
    tick()
  })
  dialog.addEventListener('cancel', (event) => {
    // Escape means "stay": extending is the safe default.
    event.preventDefault()
    stay.click()
  })
  setInterval(tick, 1000)
}

const timeout = document.querySelector('[data-module="app-session-timeout"]')
if (timeout) initSessionTimeout(timeout)

const progress = document.querySelector('[data-module="app-job-progress"]')
if (progress) {
  import('./job-progress.mjs').then((module) => module.initJobProgress(progress))
}
