#include "places/postcode.h"

#include <gtest/gtest.h>

#include <iterator>
#include <string>

namespace sg::places {
namespace {

TEST(NormalisePostcode, PutsOneSpaceBeforeTheLastThreeCharacters) {
  EXPECT_EQ(NormalisePostcode("CW1 2BJ"), "CW1 2BJ");
  EXPECT_EQ(NormalisePostcode("SK101DX"), "SK10 1DX");
  EXPECT_EQ(NormalisePostcode("M1  1AE"), "M1 1AE");
  EXPECT_EQ(NormalisePostcode("M11AE"), "M1 1AE");
  EXPECT_EQ(NormalisePostcode("SW1A1AA"), "SW1A 1AA");
  EXPECT_EQ(NormalisePostcode("S W 1 A 1 A A"), "SW1A 1AA");
  EXPECT_EQ(NormalisePostcode("  EC1A 1BB  "), "EC1A 1BB");
  EXPECT_EQ(NormalisePostcode("GIR0AA"), "GIR 0AA");
  EXPECT_EQ(NormalisePostcode("AB1 0AA"), "AB1 0AA");
  EXPECT_EQ(NormalisePostcode("AB10 AA"), "AB1 0AA");  // same characters, same postcode
}

TEST(NormalisePostcode, UpperCases) {
  EXPECT_EQ(NormalisePostcode("cw1 2bj"), "CW1 2BJ");
  EXPECT_EQ(NormalisePostcode("sk10 1Dx"), "SK10 1DX");
}

TEST(NormalisePostcode, RefusesWhatCannotBeAPostcode) {
  EXPECT_EQ(NormalisePostcode(""), "");
  EXPECT_EQ(NormalisePostcode("   "), "");
  EXPECT_EQ(NormalisePostcode("M11A"), "");      // 4 characters
  EXPECT_EQ(NormalisePostcode("SW1A11AA"), "");  // 8 characters
  EXPECT_EQ(NormalisePostcode("CW1-2BJ"), "");
  EXPECT_EQ(NormalisePostcode("CW1\t2BJ"), "");
  EXPECT_EQ(NormalisePostcode("CW1 2BJ\n"), "");
  EXPECT_EQ(NormalisePostcode("CW1 2B\xC3\x89"), "");  // E acute
  EXPECT_EQ(NormalisePostcode(std::string("CW1\0 2BJ", 8)), "");
}

TEST(NormalisePostcode, ChecksOnlyTheShape) {
  EXPECT_EQ(NormalisePostcode("unknown"), "UNKN OWN");  // Find() then reports it unknown
  EXPECT_EQ(NormalisePostcode("12345"), "12 345");
}

TEST(PostcodeKey, EqualExactlyWhenTheNormalFormsAreEqual) {
  EXPECT_EQ(PostcodeKey("sk101dx"), PostcodeKey("SK10 1DX"));
  EXPECT_EQ(PostcodeKey("M1  1AE"), PostcodeKey("M1 1AE"));
  EXPECT_NE(PostcodeKey("M1 1AE"), PostcodeKey("M11 1AE"));
  EXPECT_NE(PostcodeKey("AB1 0AA"), PostcodeKey("AB1 0AB"));
  EXPECT_NE(PostcodeKey("Z9 9ZZ"), PostcodeKey("ZZ99 9ZZ"));
  EXPECT_FALSE(PostcodeKey("M11A").has_value());
  EXPECT_FALSE(PostcodeKey("CW1-2BJ").has_value());
}

TEST(PostcodeKey, FitsIn48Bits) {
  ASSERT_TRUE(PostcodeKey("ZZ99 9ZZ").has_value());
  EXPECT_LT(*PostcodeKey("ZZ99 9ZZ"), uint64_t{1} << 48);
  EXPECT_GT(*PostcodeKey("00000"), 0u);
}

TEST(PostcodeKey, SortsAsTheNormalForms) {
  // Byte order of the normal forms: the order of the ONSPD extract.
  const char* sorted[] = {"AB1 0AA", "AB1 0AB", "AB10 1AA", "AB101AB",  "AB11 3AG",
                          "B1 1AA",  "B10 0AA", "BA1 0AA",  "CW1 2BJ",  "CW11 1HZ",
                          "M1 1AE",  "M11 1AA", "SW1A 1AA", "SW1A 2AA", "ZE3 9JZ"};
  for (size_t i = 1; i < std::size(sorted); ++i) {
    EXPECT_LT(NormalisePostcode(sorted[i - 1]), NormalisePostcode(sorted[i]));
    EXPECT_LT(PostcodeKey(sorted[i - 1]), PostcodeKey(sorted[i]))
        << sorted[i - 1] << " < " << sorted[i];
  }
}

}  // namespace
}  // namespace sg::places
