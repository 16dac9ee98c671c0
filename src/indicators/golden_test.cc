// Golden tests: every fixture in testdata/indicators/ computed and compared
// with the values worked out by hand in the fixture itself (fixture.h).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "indicators/fixture.h"
#include "indicators/indicator.h"

namespace sg::indicators {
namespace {

namespace fs = std::filesystem;

fs::path FixtureDir() { return fs::path(SG_TESTDATA_DIR) / "indicators"; }

std::vector<std::string> FixtureNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(FixtureDir()))
    if (entry.path().extension() == ".txt") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class Golden : public testing::TestWithParam<std::string> {};

TEST_P(Golden, ComputesTheValuesWorkedByHand) {
  auto fixture = ParseFixture(Slurp(FixtureDir() / (GetParam() + ".txt")));
  ASSERT_TRUE(fixture.has_value()) << fixture.error().message();
  Inputs inputs{.snapshot = fixture->snapshot,
                .period = fixture->period,
                .calendar = core::WorkingCalendar::EnglandAndWales(),
                .population = fixture->population,
                .population_note = "the fixture gives no population"};
  std::vector<Value> values = Compute(inputs);
  for (const Expectation& e : fixture->expectations) {
    SCOPED_TRACE(testing::Message() << GetParam() << ".txt line " << e.line << ": " << e.id);
    auto it = std::find_if(values.begin(), values.end(), [&](const Value& v) { return v.id == e.id; });
    ASSERT_NE(it, values.end()) << "no such indicator";
    if (!e.value) {
      EXPECT_FALSE(it->value.has_value()) << "expected null, got " << *it->value;
      EXPECT_FALSE(it->reason.empty()) << "a null value must say why";
    } else {
      ASSERT_TRUE(it->value.has_value()) << "null: " << it->reason;
      EXPECT_DOUBLE_EQ(*it->value, *e.value);
    }
    if (e.numerator) {
      ASSERT_TRUE(it->numerator.has_value());
      EXPECT_DOUBLE_EQ(*it->numerator, *e.numerator);
    }
    if (e.denominator) {
      ASSERT_TRUE(it->denominator.has_value());
      EXPECT_DOUBLE_EQ(*it->denominator, *e.denominator);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Golden, testing::ValuesIn(FixtureNames()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(GoldenCoverage, EveryIndicatorHasAFixtureWithANonZeroValue) {
  std::set<std::string> valued;
  for (const std::string& name : FixtureNames()) {
    auto fixture = ParseFixture(Slurp(FixtureDir() / (name + ".txt")));
    ASSERT_TRUE(fixture.has_value()) << name << ": " << fixture.error().message();
    for (const Expectation& e : fixture->expectations) {
      EXPECT_NE(FindDefinition(e.id), nullptr) << name << ".txt: unknown id " << e.id;
      if (e.value && *e.value != 0) valued.insert(e.id);
    }
  }
  for (const Definition& def : Catalogue()) {
    EXPECT_TRUE(valued.contains(std::string(def.id)))
        << def.id << ": no fixture expects a non-zero value";
  }
}

TEST(FixtureFormat, NamesTheLineOfABadRow) {
  auto bad = ParseFixture("year: 2021\n--- referrals\nref child date nfa closure reason\nR1 A 2020-13-01 0 - -\n--- expect\nid value\nreferrals 1\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("line 4"), std::string::npos) << bad.error().message();
}

TEST(FixtureFormat, RefusesAWrongHeader) {
  auto bad = ParseFixture("year: 2021\n--- referrals\nref date child\n--- expect\nid value\nreferrals 0\n");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("header"), std::string::npos);
}

}  // namespace
}  // namespace sg::indicators
