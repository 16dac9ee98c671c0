#include "api/json_body.h"

#include <string>

#include <gtest/gtest.h>

namespace sg::api {
namespace {

using core::Code;

JsonBody Body(std::string_view text) {
  auto body = JsonBody::Parse(text);
  EXPECT_TRUE(body) << (body ? "" : body.error().message());
  return *std::move(body);
}

void ExpectInvalid(const core::Status& status, std::string_view fragment) {
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), Code::kInvalidArgument);
  EXPECT_NE(status.error().message().find(fragment), std::string::npos) << status.error().message();
}

template <typename T>
void ExpectInvalid(const core::Result<T>& result, std::string_view fragment) {
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), Code::kInvalidArgument);
  EXPECT_NE(result.error().message().find(fragment), std::string::npos) << result.error().message();
}

TEST(JsonBodyTest, EmptyBodyIsRefused) {
  ExpectInvalid(JsonBody::Parse(""), "no body");
  ExpectInvalid(JsonBody::Parse("  \r\n"), "no body");
}

TEST(JsonBodyTest, MalformedJsonNamesTheByte) {
  ExpectInvalid(JsonBody::Parse(R"({"a": 1,})"), "at byte");
  ExpectInvalid(JsonBody::Parse(R"({"a": )"), "not valid JSON");
}

TEST(JsonBodyTest, OnlyAnObjectIsABody) {
  ExpectInvalid(JsonBody::Parse("[1,2]"), "JSON object");
  ExpectInvalid(JsonBody::Parse("\"text\""), "JSON object");
  ExpectInvalid(JsonBody::Parse("12"), "JSON object");
  ExpectInvalid(JsonBody::Parse("null"), "JSON object");
}

TEST(JsonBodyTest, DeepNestingIsRefusedBeforeParsing) {
  std::string deep = R"({"a":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  ExpectInvalid(JsonBody::Parse(deep), "nests deeper");
  // Brackets inside text do not count.
  auto text = JsonBody::Parse(R"({"a":")" + std::string(1000, '[') + R"("})");
  EXPECT_TRUE(text);
  // 32 levels are fine (the object itself is the first).
  std::string ok = "{\"a\":" + std::string(31, '[') + std::string(31, ']') + "}";
  EXPECT_TRUE(JsonBody::Parse(ok));
  std::string over = "{\"a\":" + std::string(32, '[') + std::string(32, ']') + "}";
  ExpectInvalid(JsonBody::Parse(over), "nests deeper");
}

TEST(JsonBodyTest, StringsAreRequiredNotBlankAndKeptAsSent) {
  JsonBody body = Body(R"({"name":" Ann ","blank":"  ","number":3,"null":null})");
  EXPECT_EQ(*body.String("name"), " Ann ");
  ExpectInvalid(body.String("blank"), "'blank' must not be empty");
  ExpectInvalid(body.String("number"), "'number' must be text");
  ExpectInvalid(body.String("missing"), "'missing' is required");
  ExpectInvalid(body.String("null"), "'null' is required");
}

TEST(JsonBodyTest, OptionalStrings) {
  JsonBody body = Body(R"({"a":"x","b":null,"c":1,"d":""})");
  EXPECT_EQ(*body.OptString("a"), "x");
  EXPECT_EQ(*body.OptString("b"), std::nullopt);
  EXPECT_EQ(*body.OptString("absent"), std::nullopt);
  EXPECT_EQ(*body.OptString("d"), "");
  ExpectInvalid(body.OptString("c"), "'c' must be text");
}

TEST(JsonBodyTest, Dates) {
  JsonBody body =
      Body(R"({"ok":"2024-02-29","bad":"2023-02-29","uk":"01/02/2024","num":20240101})");
  EXPECT_EQ(body.Date("ok")->Iso(), "2024-02-29");
  ExpectInvalid(body.Date("bad"), "'bad' must be a date written YYYY-MM-DD");
  ExpectInvalid(body.Date("uk"), "'uk' must be a date");
  ExpectInvalid(body.Date("num"), "'num' must be a date");
  ExpectInvalid(body.Date("missing"), "'missing' is required");
  EXPECT_EQ(*body.OptDate("missing"), std::nullopt);
  EXPECT_EQ(body.OptDate("ok")->value().Iso(), "2024-02-29");
  ExpectInvalid(body.OptDate("bad"), "'bad'");
}

TEST(JsonBodyTest, Integers) {
  JsonBody body = Body(
      R"({"id":42,"neg":-1,"float":1.5,"whole_float":2.0,"text":"42","big":9223372036854775807,)"
      R"("too_big":9223372036854775808})");
  EXPECT_EQ(*body.Int("id"), 42);
  EXPECT_EQ(*body.Int("neg"), -1);
  EXPECT_EQ(*body.Int("big"), 9223372036854775807);
  ExpectInvalid(body.Int("float"), "'float' must be a whole number");
  ExpectInvalid(body.Int("whole_float"), "'whole_float' must be a whole number");
  ExpectInvalid(body.Int("text"), "'text' must be a whole number");
  ExpectInvalid(body.Int("too_big"), "'too_big' must be a whole number");
  ExpectInvalid(body.Int("missing"), "'missing' is required");
  EXPECT_EQ(*body.OptInt("missing"), std::nullopt);
  EXPECT_EQ(*body.OptInt("id"), 42);
}

TEST(JsonBodyTest, Booleans) {
  JsonBody body = Body(R"({"yes":true,"no":false,"one":1,"text":"true"})");
  EXPECT_TRUE(*body.Bool("yes"));
  EXPECT_FALSE(*body.Bool("no"));
  ExpectInvalid(body.Bool("one"), "'one' must be true or false");
  ExpectInvalid(body.Bool("text"), "'text' must be true or false");
  ExpectInvalid(body.Bool("missing"), "'missing' is required");
  EXPECT_TRUE(*body.BoolOr("missing", true));
  EXPECT_FALSE(*body.BoolOr("no", true));
  ExpectInvalid(body.BoolOr("one", true), "'one'");
}

TEST(JsonBodyTest, ListsOfText) {
  JsonBody body = Body(R"({"list":["a","b"],"empty":[],"mixed":["a",1],"text":"a"})");
  EXPECT_EQ(*body.Strings("list"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(body.Strings("empty")->empty());
  EXPECT_TRUE(body.Strings("absent")->empty());
  ExpectInvalid(body.Strings("mixed"), "'mixed' must be a list of text");
  ExpectInvalid(body.Strings("text"), "'text' must be a list of text");
}

TEST(JsonBodyTest, FinishNamesEveryUnknownField) {
  JsonBody body = Body(R"({"lawful_basis":"x","lawfull_basis":"y","extra":1})");
  ASSERT_TRUE(body.String("lawful_basis"));
  ExpectInvalid(body.Finish(), "fields this call does not know: 'extra', 'lawfull_basis'");
}

TEST(JsonBodyTest, FinishCountsAbsentFieldsAsRead) {
  JsonBody body = Body(R"({"a":"x"})");
  ASSERT_TRUE(body.String("a"));
  ASSERT_TRUE(body.OptString("b"));
  EXPECT_TRUE(body.Finish());
}

TEST(JsonBodyTest, FinishWithOneUnknownField) {
  JsonBody body = Body(R"({"a":"x"})");
  ExpectInvalid(body.Finish(), "a field this call does not know: 'a'");
}

TEST(JsonBodyTest, FinishCutsLongNames) {
  JsonBody body = Body("{\"" + std::string(1000, 'k') + "\":1}");
  auto finished = body.Finish();
  ASSERT_FALSE(finished);
  EXPECT_LT(finished.error().message().size(), 200u);
}

}  // namespace
}  // namespace sg::api
