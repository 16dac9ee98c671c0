// PDF from HTML, printed by headless Chromium.
//
// The annual report is one HTML page (page.h); its PDF is what the browser
// prints, so the screen and paper versions cannot drift apart. The page's
// own CSS sets the paper: `@page { size: A4; margin: …; @bottom-right {
// content: "Page " counter(page) " of " counter(pages) } }` (page-margin
// boxes need Chromium 131 or later).
//
// Design:
// - Chromium runs as a child process started with posix_spawn (no shell, so
//   no quoting of paths), in its own process group so that a timeout ends
//   it and every helper process it started. Arguments: --headless
//   --disable-gpu --no-pdf-header-footer --generate-pdf-document-outline
//   (PDF bookmarks from the headings) --print-to-pdf=… and a fresh
//   --user-data-dir in a temporary directory, removed afterwards; when
//   running as root, --no-sandbox as well (Chromium refuses root otherwise).
// - Headless Chromium tags its PDFs (structure for screen readers, `pdfinfo`
//   says "Tagged: yes") by default since the new headless mode; only
//   --disable-pdf-tagging turns that off, and this code never passes it.
//   The tests check the tagging, so a Chromium that stops tagging fails them.
// - The PDF is written to a temporary name beside the target and renamed
//   once Chromium has finished and the file starts with "%PDF-": a failure
//   leaves no half file and keeps any older PDF.
// - Chromium's stderr is captured; on failure its last meaningful line
//   (not the D-Bus noise of a machine without a desktop session) is in the
//   error message.
//
// Thread safety: RenderPdf may run on several threads at once; each call
// has its own profile directory and temporary file. It blocks for the
// duration of the rendering (about a second for a report), so callers run
// it as a job, never on an I/O thread.
#ifndef SAFEGUARD_REPORTING_PDF_H_
#define SAFEGUARD_REPORTING_PDF_H_

#include <chrono>
#include <filesystem>

#include "core/error.h"

namespace sg::reporting {

struct PdfOptions {
  // Chromium's program. Empty: $SAFEGUARD_CHROMIUM if set, else Debian's
  // /usr/bin/chromium. A name without "/" is looked up on PATH.
  std::filesystem::path chromium;
  // Chromium is killed after this long and the call fails.
  std::chrono::milliseconds timeout = std::chrono::seconds(60);
};

// Prints the HTML file `html` to the PDF file `pdf`.
// Fails with kNotFound if `html` does not exist, kUnavailable if Chromium is
// missing (naming scripts/bootstrap), fails, times out or writes no PDF.
core::Status RenderPdf(const std::filesystem::path& html, const std::filesystem::path& pdf,
                       const PdfOptions& options = {});

// The Chromium program RenderPdf would run for `options` (see PdfOptions).
std::filesystem::path ChromiumProgram(const PdfOptions& options);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_PDF_H_
