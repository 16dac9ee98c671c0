// RenderPdf with the real headless Chromium: A4 from the page's CSS, page
// numbers from page-margin boxes, and a tagged (accessible) PDF.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "reporting/pdf.h"
#include "reporting/test_util.h"

namespace sg::reporting {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr char kTwoPages[] = R"html(<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Two pages</title>
<style>
@page { size: A4; margin: 20mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt arial; } }
body { font-family: arial, sans-serif; }
h2 { break-before: page; }
</style></head>
<body><h1>First page</h1><p>Children in need: 2,082.</p>
<h2>Second page</h2><p>Child protection plans: 284.</p></body></html>
)html";

TEST(PdfChromiumTest, TwoPagesOfA4TaggedWithPageNumbers) {
  testing::ScratchDir dir("sg_pdf_chromium_");
  const fs::path html = dir.path() / "two pages.html";
  const fs::path pdf = dir.path() / "two pages.pdf";
  testing::WriteFile(html, kTwoPages);
  const auto status = RenderPdf(html, pdf);
  ASSERT_TRUE(status) << status.error().message();

  const std::string info = testing::PdfInfo(pdf);
  EXPECT_THAT(info, HasSubstr("Pages:           2"));
  EXPECT_THAT(info, HasSubstr("Page size:       594.96 x 841.92 pts (A4)"));
  EXPECT_THAT(info, HasSubstr("Tagged:          yes"));
  EXPECT_THAT(info, HasSubstr("Title:           Two pages"));
  const std::string text = testing::PdfText(pdf);
  EXPECT_THAT(text, HasSubstr("Page 1 of 2"));
  EXPECT_THAT(text, HasSubstr("Page 2 of 2"));
  EXPECT_THAT(text, HasSubstr("Children in need: 2,082."));
  // Only the PDF and its source remain: no temporary file, no profile.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 2);
}

TEST(PdfChromiumTest, HeadingsBecomeTheStructureTree) {
  testing::ScratchDir dir("sg_pdf_chromium_");
  const fs::path html = dir.path() / "t.html";
  const fs::path pdf = dir.path() / "t.pdf";
  testing::WriteFile(html, kTwoPages);
  ASSERT_TRUE(RenderPdf(html, pdf));
  const std::string structure = testing::Capture("pdfinfo -struct " + testing::Quoted(pdf));
  EXPECT_THAT(structure, HasSubstr("H1"));
  EXPECT_THAT(structure, HasSubstr("H2"));
}

}  // namespace
}  // namespace sg::reporting
