#include "pages/templates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <kainjow/mustache.hpp>

namespace sg::pages {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A template that does not parse would fail only when its page is opened:
// every one is parsed here instead.
TEST(TemplatesTest, EveryTemplateParses) {
  ASSERT_FALSE(TemplateNames().empty());
  for (const std::string& name : TemplateNames()) {
    kainjow::mustache::mustache parsed{std::string(*FindTemplate(name))};
    EXPECT_TRUE(parsed.is_valid()) << name << ": " << parsed.error_message();
  }
}

TEST(TemplatesTest, NoTemplateUsesInlineStyleOrScript) {
  // The Content-Security-Policy forbids both; the browser would drop them.
  for (const std::string& name : TemplateNames()) {
    std::string text(*FindTemplate(name));
    EXPECT_THAT(text, Not(HasSubstr(" style=\""))) << name;
    EXPECT_THAT(text, Not(HasSubstr("<style"))) << name;
    EXPECT_THAT(text, Not(HasSubstr("<script>"))) << name;
    EXPECT_THAT(text, Not(HasSubstr("onclick="))) << name;
  }
}

TEST(TemplatesTest, ValuesAreEscapedByDefault) {
  auto page =
      Fill("error", {{"heading", "<script>alert(1)</script>"}, {"message", "a \"b\" & 'c'"}});
  ASSERT_TRUE(page.has_value()) << page.error().message();
  EXPECT_THAT(*page, Not(HasSubstr("<script>")));
  EXPECT_THAT(*page, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(*page, HasSubstr("a &quot;b&quot; &amp; &apos;c&apos;"));
}

TEST(TemplatesTest, PartialsAreAvailableToEveryTemplate) {
  nlohmann::json field = {{"id", "when"},
                          {"legend", "Date of the referral"},
                          {"value", {{"day", "2"}, {"month", "6"}, {"year", "2025"}}},
                          {"hint", nullptr},
                          {"error", "Date of the referral must be a real date"}};
  auto page = Fill("_date_input", field);
  ASSERT_TRUE(page.has_value());
  EXPECT_THAT(*page, HasSubstr("id=\"when-day\""));
  EXPECT_THAT(*page, HasSubstr("value=\"2025\""));
  EXPECT_THAT(*page, HasSubstr("govuk-form-group--error"));
  EXPECT_THAT(*page, HasSubstr("Date of the referral must be a real date"));
}

TEST(TemplatesTest, AParsedTemplateRendersTheSameAgain) {
  // Parsed once per thread and reused: a second render gives the same page.
  nlohmann::json field = {{"id", "reason"},  {"label", "Why"},   {"value", "<b>"},
                          {"hint", nullptr}, {"error", nullptr}, {"rows", nullptr}};
  auto alone = Fill("_textarea", field);
  ASSERT_TRUE(alone.has_value());
  EXPECT_THAT(*alone, HasSubstr(">&lt;b&gt;</textarea>"));
  auto twice = Fill("_textarea", field);
  ASSERT_TRUE(twice.has_value());
  EXPECT_EQ(*alone, *twice) << "a parsed template renders the same again";
}

TEST(TemplatesTest, UnknownTemplateIsNotFound) {
  auto page = Fill("no_such_template", nlohmann::json::object());
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code(), core::Code::kNotFound);
}

}  // namespace
}  // namespace sg::pages
