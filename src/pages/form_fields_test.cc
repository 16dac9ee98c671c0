#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pages/page.h"

namespace sg::pages {
namespace {

using ::testing::HasSubstr;

const core::Date kToday = core::Date::FromYmd(2025, 6, 2);

http::Form FormOf(std::string_view body) {
  return *http::Form::ParseUrlEncoded(body);
}

std::string ErrorOf(const FormErrors& errors, const std::string& field) {
  nlohmann::json all = errors.Json();
  return all.contains(field) ? all[field].get<std::string>() : "";
}

TEST(ReadDateTest, AValidDateIsRead) {
  FormErrors errors;
  auto date = ReadDate(FormOf("when-day=2&when-month=6&when-year=2025"), "when",
                       "date of the referral", errors, kToday);
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(*date, kToday);
  EXPECT_TRUE(errors.empty());
}

TEST(ReadDateTest, EmptyRequiredDateAsksForIt) {
  FormErrors errors;
  EXPECT_FALSE(ReadDate(FormOf(""), "when", "date of the referral", errors, kToday));
  EXPECT_EQ(ErrorOf(errors, "when"), "Enter the date of the referral");
}

TEST(ReadDateTest, EmptyOptionalDateIsNoError) {
  FormErrors errors;
  EXPECT_FALSE(ReadDate(FormOf(""), "when", "end date", errors, kToday, {.required = false}));
  EXPECT_TRUE(errors.empty());
}

TEST(ReadDateTest, MissingPartsAreNamed) {
  FormErrors errors;
  EXPECT_FALSE(ReadDate(FormOf("when-day=2"), "when", "date of the referral", errors, kToday));
  EXPECT_EQ(ErrorOf(errors, "when"), "Date of the referral must include a month and year");
}

TEST(ReadDateTest, ThirtyFirstOfFebruaryIsNotARealDate) {
  FormErrors errors;
  EXPECT_FALSE(ReadDate(FormOf("when-day=31&when-month=2&when-year=2025"), "when",
                        "date of the referral", errors, kToday));
  EXPECT_EQ(ErrorOf(errors, "when"), "Date of the referral must be a real date");
}

TEST(ReadDateTest, LettersAreNotADate) {
  FormErrors errors;
  EXPECT_FALSE(ReadDate(FormOf("when-day=two&when-month=6&when-year=2025"), "when",
                        "date of the referral", errors, kToday));
  EXPECT_THAT(ErrorOf(errors, "when"), HasSubstr("real date"));
}

TEST(ReadDateTest, TomorrowIsInTheFutureButAllowedWhenTheRuleSaysSo) {
  FormErrors errors;
  const std::string tomorrow = "when-day=3&when-month=6&when-year=2025";
  EXPECT_FALSE(ReadDate(FormOf(tomorrow), "when", "date of the referral", errors, kToday));
  EXPECT_EQ(ErrorOf(errors, "when"), "Date of the referral must be today or in the past");
  FormErrors none;
  EXPECT_TRUE(ReadDate(FormOf(tomorrow), "when", "date of the conference", none, kToday,
                       {.required = true, .not_in_future = false}));
}

TEST(FormErrorsTest, FirstMessagePerFieldWinsAndSummaryKeepsPageOrder) {
  FormErrors errors;
  errors.Add("source", "Select the source");
  errors.Add("when", "Enter the date");
  errors.Add("source", "another message");
  nlohmann::json json = errors.Json();
  ASSERT_EQ(json["list"].size(), 2u);
  EXPECT_EQ(json["list"][0]["href"], "#source");
  EXPECT_EQ(json["list"][0]["text"], "Select the source");
  EXPECT_EQ(json["source"], "Select the source");
}

TEST(ReadTextTest, TrimsAndRefusesEmptyAndTooLong) {
  FormErrors errors;
  EXPECT_EQ(ReadText(FormOf("who=++Jo+Bloggs+"), "who", "Enter who contacted", errors),
            "Jo Bloggs");
  EXPECT_FALSE(ReadText(FormOf("who=+++"), "who", "Enter who contacted", errors));
  EXPECT_EQ(ErrorOf(errors, "who"), "Enter who contacted");
  FormErrors long_errors;
  EXPECT_FALSE(ReadText(FormOf("who=abcdef"), "who", "Enter who contacted", long_errors, 5));
  EXPECT_THAT(ErrorOf(long_errors, "who"), HasSubstr("5 characters or less"));
}

TEST(FieldDataTest, EveryKeyThePartialsReadIsSetSoNoneLeaksFromAnEnclosingSection) {
  FormErrors errors;
  errors.Add("other", "message of another field");
  nlohmann::json text = TextField("who", "Who contacted", "Jo", errors);
  EXPECT_TRUE(text.contains("error"));
  EXPECT_TRUE(text["error"].is_null());
  EXPECT_TRUE(text.contains("hint"));
  nlohmann::json choice = ChoiceField("other", "Factors", Options({{"a", "A"}}, {"a"}), errors);
  EXPECT_EQ(choice["error"], "message of another field");
  EXPECT_TRUE(choice["options"][0]["selected"].get<bool>());
}

TEST(TypedTest, KeepsWhatWasTypedButNotTheCsrfToken) {
  nlohmann::json typed = Typed(FormOf("summary=Hello+there&csrf_token=secret&summary=second"));
  EXPECT_EQ(typed["summary"], "Hello there");
  EXPECT_FALSE(typed.contains("csrf_token"));
}

}  // namespace
}  // namespace sg::pages
