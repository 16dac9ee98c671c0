// PagesSupport: what the page tests (tests/pages_*_test.cc) share on top of
// the server harness.
//
// Design. Every page test runs the real server with the pages mounted and
// reads the HTML it answers the way a browser would, then posts forms the
// way a browser posts them. The same small pieces came back in each file:
// the harness options with the pages, the fixture that starts the server,
// "does the page contain this text", the version a form carries, a GOV.UK
// date input's three fields, the message the shared partials write by a
// field, and the scene's referrals and assessments made by the system actor.
// They are here once, so that a change to the shared partials' markup or to
// the journey's commands is followed in one place and each test file keeps
// only what is its own.
//
// Scene helpers go through TestServer's own modules as the system actor and,
// like TestServer's fixtures, add a test failure (ADD_FAILURE/EXPECT) and
// answer 0 when the module refuses, so a broken scene fails the test that
// built it instead of crashing it.
//
// Header-only: each page test is an executable of its own and the helpers
// are a few lines each.
#ifndef SAFEGUARD_TESTS_PAGES_SUPPORT_H_
#define SAFEGUARD_TESTS_PAGES_SUPPORT_H_

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "journey/journey.h"
#include "pages/pages.h"
#include "server_harness.h"

namespace sg::testing {

// A form's fields in order, as Client::PostForm sends them (a name may come
// more than once, like checkboxes).
using Fields = std::vector<std::pair<std::string, std::string>>;

// `options` with every page route mounted beside the API.
inline HarnessOptions WithPages(HarnessOptions options = {}) {
  options.extra_routes = pages::AddPageRoutes;
  return options;
}

// The fixture most page tests start from: one server with the pages, fresh
// for each test, that must have started.
class PagesTest : public ::testing::Test {
 protected:
  explicit PagesTest(HarnessOptions options = {}) : server_(WithPages(std::move(options))) {}

  void SetUp() override { ASSERT_TRUE(server_.ok()); }

  TestServer server_;
};

// ---- reading a page -------------------------------------------------------------

// A date in ISO form ("2025-03-28"); the tests' dates are literals, so a bad
// one is the test's own mistake.
inline core::Date D(std::string_view iso) {
  return *core::Date::ParseIso(iso);
}

inline bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// How many times `part` stands in `text` (overlaps counted).
inline size_t Count(std::string_view text, std::string_view part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

// The first capture of `pattern` in `text`, or "".
inline std::string Find(const std::string& text, const std::string& pattern) {
  std::smatch match;
  if (std::regex_search(text, match, std::regex(pattern)) && match.size() > 1) {
    return match[1].str();
  }
  return "";
}

// The message by a field, as the shared partials write it ("" when none).
inline std::string FieldError(const std::string& page, const std::string& field) {
  return Find(page, "id=\"" + field +
                        "-error\" class=\"govuk-error-message\">"
                        "<span class=\"govuk-visually-hidden\">Error:</span> ([^<]*)</p>");
}

// The version a form carries (its hidden "version" field), or "".
inline std::string VersionIn(const std::string& html) {
  static const std::regex kVersion(R"re(name="version" value="(\d+)")re");
  std::smatch m;
  return std::regex_search(html, m, kVersion) ? m[1].str() : "";
}

// ---- writing a form ---------------------------------------------------------------

// A GOV.UK date input's three fields, as typed (so they may be wrong).
inline void AddDate(Fields& fields, const std::string& name, const std::string& day,
                    const std::string& month, const std::string& year) {
  fields.emplace_back(name + "-day", day);
  fields.emplace_back(name + "-month", month);
  fields.emplace_back(name + "-year", year);
}

// The same for a date as a browser's user would type it (no leading zeros).
inline void AddDate(Fields& fields, const std::string& name, core::Date date) {
  AddDate(fields, name, std::to_string(date.day()), std::to_string(date.month()),
          std::to_string(date.year()));
}

// ---- the scene, made by the system ---------------------------------------------------

// A contact about `child` on `date` from `source`, not yet decided; its id.
inline int64_t SystemContact(TestServer& server, int64_t child, core::Date date,
                             std::string source = "2A") {
  journey::NewContact contact;
  contact.person_id = child;
  contact.date = date;
  contact.source = std::move(source);
  auto id = server.journey().RecordContact(server.system_actor(), contact);
  EXPECT_TRUE(id) << id.error().message();
  return id.value_or(0);
}

// A referral of `child` on `date` (from `source`, primary need N1); its id.
inline int64_t SystemReferral(TestServer& server, int64_t child, core::Date date,
                              std::string source = "5A") {
  journey::NewReferral referral;
  referral.person_id = child;
  referral.date = date;
  referral.source = std::move(source);
  referral.primary_need = "N1";
  auto id = server.journey().OpenReferral(server.system_actor(), referral);
  EXPECT_TRUE(id) << id.error().message();
  return id.value_or(0);
}

// An assessment of `referral` started on `start`; its id.
inline int64_t SystemAssessment(TestServer& server, int64_t referral, core::Date start) {
  if (referral == 0) return 0;  // the referral already failed the test
  auto id = server.journey().StartAssessment(server.system_actor(), referral, start);
  EXPECT_TRUE(id) << id.error().message();
  return id.value_or(0);
}

}  // namespace sg::testing

#endif  // SAFEGUARD_TESTS_PAGES_SUPPORT_H_
