// Golden tests of the CIN census rules, driven by the fixtures in
// testdata/cin/rules/ (DuckDB-style: each fixture carries its expectation).
//
// A fixture is a CIN census file named <code>[_<anything>].xml, checked with
// the rules of its header's collection year. Its expectations are written in
// the children's LAchildIDs:
//   - a child whose LAchildID starts with FAIL must get at least one finding
//     of rule <code>;
//   - a child whose LAchildID starts with PASS must get none;
//   - other children are context and are not judged.
// A fixture named <code>_returnfail.xml must get a finding of <code> with no
// child (a whole-return rule), <code>_returnpass.xml must get none.
// Every implemented rule must have a failing and a passing case.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "returns/cin_catalogue.h"
#include "returns/cin_validator.h"

namespace sg::returns {
namespace {

namespace fs = std::filesystem;

fs::path FixtureDir() { return fs::path(SG_TESTDATA_DIR) / "cin" / "rules"; }

std::vector<std::string> FixtureNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(FixtureDir())) {
    if (entry.path().extension() == ".xml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string RuleOf(const std::string& fixture) { return fixture.substr(0, fixture.find('_')); }

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The LAchildIDs written in the fixture, in order (a plain scan, so that the
// expectations do not depend on the reader under test).
std::vector<std::string> ChildIds(const std::string& xml) {
  std::vector<std::string> ids;
  size_t at = 0;
  while ((at = xml.find("<LAchildID>", at)) != std::string::npos) {
    at += 11;
    ids.push_back(xml.substr(at, xml.find("</LAchildID>", at) - at));
  }
  return ids;
}

FileReport Check(const std::string& fixture) {
  std::string xml = Slurp(FixtureDir() / (fixture + ".xml"));
  CinValidateOptions options;
  options.check_structure = false;
  return ValidateCinBytes(xml, fixture, options);
}

class CinRuleFixture : public testing::TestWithParam<std::string> {};

TEST_P(CinRuleFixture, FlagsFailingChildrenAndOnlyThem) {
  const std::string& fixture = GetParam();
  const std::string rule = RuleOf(fixture);
  FileReport report = Check(fixture);
  ASSERT_FALSE(report.unreadable) << report.unreadable->message();

  std::set<std::string> flagged;
  bool return_level = false;
  for (const Finding& f : report.findings) {
    if (f.rule != rule) continue;
    if (f.la_child_id.empty()) return_level = true;
    flagged.insert(f.la_child_id);
  }

  if (fixture.ends_with("_returnfail")) {
    EXPECT_TRUE(return_level) << rule << " should flag the return";
    return;
  }
  if (fixture.ends_with("_returnpass")) {
    EXPECT_FALSE(return_level) << rule << " should not flag the return";
    return;
  }
  std::string xml = Slurp(FixtureDir() / (fixture + ".xml"));
  int judged = 0;
  for (const std::string& id : ChildIds(xml)) {
    if (id.starts_with("FAIL")) {
      ++judged;
      EXPECT_TRUE(flagged.contains(id)) << rule << " should flag child " << id;
    } else if (id.starts_with("PASS")) {
      ++judged;
      EXPECT_FALSE(flagged.contains(id)) << rule << " should not flag child " << id;
    }
  }
  EXPECT_GT(judged, 0) << fixture << " judges no child";
}

std::string TestName(const testing::TestParamInfo<std::string>& info) { return info.param; }

INSTANTIATE_TEST_SUITE_P(Fixtures, CinRuleFixture, testing::ValuesIn(FixtureNames()), TestName);

// Which codes have a failing case and a passing case somewhere.
struct Coverage {
  std::set<std::string> failing;
  std::set<std::string> passing;
};

Coverage CoverageOfFixtures() {
  Coverage coverage;
  for (const std::string& fixture : FixtureNames()) {
    std::string rule = RuleOf(fixture);
    if (fixture.ends_with("_returnfail")) coverage.failing.insert(rule);
    if (fixture.ends_with("_returnpass")) coverage.passing.insert(rule);
    for (const std::string& id : ChildIds(Slurp(FixtureDir() / (fixture + ".xml")))) {
      if (id.starts_with("FAIL")) coverage.failing.insert(rule);
      if (id.starts_with("PASS")) coverage.passing.insert(rule);
    }
  }
  return coverage;
}

TEST(CinRules, EveryImplementedRuleHasAFailingAndAPassingFixture) {
  Coverage coverage = CoverageOfFixtures();
  for (const std::string& code : ImplementedCinRules()) {
    EXPECT_TRUE(coverage.failing.contains(code)) << code << " has no failing case";
    EXPECT_TRUE(coverage.passing.contains(code)) << code << " has no passing case";
  }
}

TEST(CinRules, EveryRuleInTheCatalogueIsImplementedAndNoOther) {
  std::vector<std::string> catalogue = CinCatalogue::Embedded().AllCodes();
  std::vector<std::string> implemented = ImplementedCinRules();
  EXPECT_THAT(implemented, testing::ContainerEq(catalogue));
}

TEST(CinCatalogue, YearsBeforeTheFirstRulesetUseIt) {
  EXPECT_EQ(CinCatalogue::RulesetName(2019), "cin2022_23");
  EXPECT_EQ(CinCatalogue::RulesetName(2023), "cin2022_23");
  EXPECT_EQ(CinCatalogue::RulesetName(2025), "cin2024_25");
  EXPECT_EQ(CinCatalogue::RulesetName(2026), "cin2025_26");
}

TEST(CinCatalogue, RedefinedRulesTakeTheNewestVersionInForce) {
  auto message_of = [](int year, std::string_view code) {
    for (const CinRuleDefinition* rule : CinCatalogue::Embedded().RulesFor(year)) {
      if (rule->code == code) return rule->message;
    }
    return std::string("(absent)");
  };
  EXPECT_EQ(message_of(2024, "4180"), "Gender is missing");
  EXPECT_EQ(message_of(2026, "4180"), "Sex must be provided and equal M, F, or U");
  EXPECT_EQ(message_of(2024, "1570"), "(absent)");
  EXPECT_EQ(message_of(2025, "1570"), "LA Child ID must not be longer than 20 characters");
}

TEST(CinCatalogue, QueriesAreTheCodesEndingInQ) {
  for (const CinRuleDefinition* rule : CinCatalogue::Embedded().RulesFor(2026)) {
    EXPECT_EQ(rule->severity == Severity::kQuery, rule->code.ends_with('Q')) << rule->code;
  }
}

}  // namespace
}  // namespace sg::returns
