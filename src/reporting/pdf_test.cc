// RenderPdf's handling of its child process, with stand-in programs (shell
// scripts) instead of Chromium: missing program, failure, silence, timeout.
// The real Chromium is exercised in pdf_chromium_test.cc.
#include "reporting/pdf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "reporting/test_util.h"

namespace sg::reporting {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::WriteFile;

class PdfProcessTest : public ::testing::Test {
 protected:
  PdfProcessTest() : dir_("sg_pdf_test_") {
    html_ = dir_.path() / "report.html";
    pdf_ = dir_.path() / "report.pdf";
    WriteFile(html_, "<!DOCTYPE html><title>x</title><p>x</p>");
  }

  // A stand-in for Chromium: a shell script with `body`.
  PdfOptions FakeChromium(const std::string& body) {
    const fs::path script = dir_.path() / "fake-chromium";
    WriteFile(script, "#!/bin/sh\n" + body + "\n");
    fs::permissions(script, fs::perms::owner_all);
    PdfOptions options;
    options.chromium = script;
    return options;
  }

  size_t FilesInDir() const {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir_.path()), fs::directory_iterator()));
  }

  testing::ScratchDir dir_;
  fs::path html_;
  fs::path pdf_;
};

TEST_F(PdfProcessTest, MissingHtmlIsNotFound) {
  const auto status = RenderPdf(dir_.path() / "absent.html", pdf_, FakeChromium("exit 0"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), core::Code::kNotFound);
  EXPECT_FALSE(fs::exists(pdf_));
}

TEST_F(PdfProcessTest, MissingChromiumNamesBootstrap) {
  PdfOptions options;
  options.chromium = "/nonexistent/chromium";
  const auto status = RenderPdf(html_, pdf_, options);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), core::Code::kUnavailable);
  EXPECT_THAT(status.error().message(), HasSubstr("/nonexistent/chromium"));
  EXPECT_THAT(status.error().message(), HasSubstr("install Debian's chromium (scripts/bootstrap)"));
}

TEST_F(PdfProcessTest, MissingChromiumOnPathNamesBootstrap) {
  PdfOptions options;
  options.chromium = "no-such-chromium-program";
  const auto status = RenderPdf(html_, pdf_, options);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message(), HasSubstr("scripts/bootstrap"));
  EXPECT_EQ(FilesInDir(), 1u) << "only the HTML remains";
}

TEST_F(PdfProcessTest, EnvironmentVariableChoosesTheProgram) {
  PdfOptions options;
  EXPECT_EQ(ChromiumProgram(options), fs::path("/usr/bin/chromium"));
  setenv("SAFEGUARD_CHROMIUM", "/opt/chrome/chrome", 1);
  EXPECT_EQ(ChromiumProgram(options), fs::path("/opt/chrome/chrome"));
  options.chromium = "/explicit/chromium";
  EXPECT_EQ(ChromiumProgram(options), fs::path("/explicit/chromium"));
  unsetenv("SAFEGUARD_CHROMIUM");
}

TEST_F(PdfProcessTest, FailureReportsExitStatusAndChromiumsComplaint) {
  WriteFile(pdf_, "older report");
  const auto status = RenderPdf(
      html_, pdf_,
      FakeChromium("echo '[1:2:1126/1:ERROR:dbus/bus.cc(405)] Failed to connect to the bus' >&2\n"
                   "echo '[1:2:1126/1:ERROR:printing.cc(12)] Printing failed' >&2\n"
                   "echo '[1:2:1126/1:ERROR:dbus/bus.cc(405)] Failed to connect to the bus' >&2\n"
                   "exit 3"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), core::Code::kUnavailable);
  EXPECT_THAT(status.error().message(), HasSubstr("exit status 3"));
  EXPECT_THAT(status.error().message(), HasSubstr(": Printing failed"));
  EXPECT_EQ(ReadFile(pdf_), "older report") << "a failure keeps the older PDF";
  EXPECT_EQ(FilesInDir(), 3u) << "html, older pdf and the script; no temporary file";
}

TEST_F(PdfProcessTest, SuccessWithoutAPdfIsAnError) {
  const auto status = RenderPdf(html_, pdf_, FakeChromium("echo 'nothing to see'; exit 0"));
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message(), HasSubstr("wrote no PDF"));
  EXPECT_THAT(status.error().message(), HasSubstr("nothing to see"));
  EXPECT_FALSE(fs::exists(pdf_));
}

TEST_F(PdfProcessTest, ArgumentsReachTheProgramUnquoted) {
  // The stand-in writes a PDF where --print-to-pdf says and records its
  // arguments, one per line.
  const fs::path spaced = dir_.path() / "a dir with spaces #1";
  fs::create_directory(spaced);
  const fs::path html = spaced / "report 2020-21.html";
  WriteFile(html, "<p>x</p>");
  const fs::path args = dir_.path() / "args.txt";
  const auto status = RenderPdf(
      html, spaced / "report 2020-21.pdf",
      FakeChromium("for a in \"$@\"; do echo \"$a\" >> '" + args.string() +
                   "'; case \"$a\" in "
                   "--print-to-pdf=*) printf '%%PDF-1.4 fake' > \"${a#--print-to-pdf=}\";; esac; "
                   "done"));
  ASSERT_TRUE(status) << status.error().message();
  EXPECT_EQ(ReadFile(spaced / "report 2020-21.pdf"), "%PDF-1.4 fake");
  const std::string recorded = ReadFile(args);
  EXPECT_THAT(recorded, HasSubstr("--headless\n"));
  EXPECT_THAT(recorded, HasSubstr("--no-pdf-header-footer\n"));
  EXPECT_THAT(recorded, HasSubstr("--user-data-dir="));
  EXPECT_THAT(recorded, HasSubstr("a%20dir%20with%20spaces%20%231/report%202020-21.html\n"));
  EXPECT_THAT(recorded, ::testing::Not(HasSubstr("--disable-pdf-tagging")));
}

TEST_F(PdfProcessTest, TimeoutStopsTheProgramAndItsChildren) {
  const fs::path marker = dir_.path() / "still-running";
  PdfOptions options = FakeChromium("(sleep 1; touch '" + marker.string() + "') &\nsleep 30");
  options.timeout = std::chrono::milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  const auto status = RenderPdf(html_, pdf_, options);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message(), HasSubstr("did not finish"));
  EXPECT_THAT(status.error().message(), HasSubstr("300 ms"));
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  EXPECT_FALSE(fs::exists(pdf_));
  // The program's own child was in its process group and ended with it.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_FALSE(fs::exists(marker));
}

}  // namespace
}  // namespace sg::reporting
