#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "indicators/indicator.h"

namespace sg::indicators {
namespace {

TEST(Catalogue, IdsAreUniqueAndEveryEntryIsComplete) {
  std::set<std::string_view> ids;
  for (const Definition& d : Catalogue()) {
    EXPECT_TRUE(ids.insert(d.id).second) << "duplicate id " << d.id;
    EXPECT_FALSE(d.title.empty()) << d.id;
    EXPECT_FALSE(d.rule.empty()) << d.id;
    EXPECT_FALSE(d.source.empty()) << d.id;
    EXPECT_EQ(d.rule.find('|'), std::string_view::npos) << d.id << ": '|' breaks the Markdown table";
  }
  EXPECT_EQ(ids.size(), 48u);  // INDICATORS.md lists 48 ids
}

TEST(Catalogue, DocsIndicatorsMdIsTheCatalogue) {
  std::filesystem::path doc = std::filesystem::path(SG_TESTDATA_DIR) / ".." / "docs" / "indicators.md";
  std::ifstream in(doc);
  ASSERT_TRUE(in) << doc << " is missing";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), CatalogueMarkdown())
      << "docs/indicators.md and src/indicators/catalogue.cc disagree: regenerate the doc with "
         "`safeguard indicators --catalogue > docs/indicators.md`";
}

TEST(Rounding, HalfAwayFromZeroAtOneDecimal) {
  EXPECT_DOUBLE_EQ(RoundOneDecimal(269.449), 269.4);
  EXPECT_DOUBLE_EQ(RoundOneDecimal(269.45), 269.5);
  EXPECT_DOUBLE_EQ(RoundOneDecimal(0.05), 0.1);
  EXPECT_DOUBLE_EQ(RoundOneDecimal(-0.05), -0.1);
  EXPECT_DOUBLE_EQ(RoundOneDecimal(74.0), 74.0);
}

}  // namespace
}  // namespace sg::indicators
