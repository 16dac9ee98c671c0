#include "api/paging.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace sg::api {
namespace {

using core::Code;

http::Request RequestWith(std::multimap<std::string, std::string> query) {
  http::Request request;
  request.method = "GET";
  request.path = "/api/v1/children/7/chronology";
  request.query = std::move(query);
  return request;
}

http::Request WithIfMatch(std::optional<std::string> value) {
  http::Request request;
  request.method = "POST";
  request.path = "/api/v1/children/7/notes";
  if (value) request.headers.emplace_back("if-match", *value);
  return request;
}

TEST(ReadPageTest, DefaultsWithoutParameters) {
  auto page = ReadPage(RequestWith({}));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->limit, 50);
  EXPECT_EQ(page->after, std::nullopt);
  EXPECT_EQ(ReadPage(RequestWith({}), 20, 100)->limit, 20);
}

TEST(ReadPageTest, LimitZeroIsRefused) {
  auto page = ReadPage(RequestWith({{"limit", "0"}}));
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code(), Code::kInvalidArgument);
  EXPECT_NE(page.error().message().find("'limit'"), std::string::npos);
  EXPECT_NE(page.error().message().find("1 to 200"), std::string::npos);
}

TEST(ReadPageTest, LimitOneIsTheLeast) {
  EXPECT_EQ(ReadPage(RequestWith({{"limit", "1"}}))->limit, 1);
}

TEST(ReadPageTest, Limit200IsTheMost) {
  EXPECT_EQ(ReadPage(RequestWith({{"limit", "200"}}))->limit, 200);
}

TEST(ReadPageTest, Limit201IsRefused) {
  EXPECT_FALSE(ReadPage(RequestWith({{"limit", "201"}})));
  EXPECT_FALSE(ReadPage(RequestWith({{"limit", "99999999999999999999"}})));
}

TEST(ReadPageTest, MalformedLimitsAreRefused) {
  for (const char* limit : {"", "-1", "+5", "5x", " 5", "1.5", "abc"}) {
    EXPECT_FALSE(ReadPage(RequestWith({{"limit", limit}}))) << "limit=" << limit;
  }
}

TEST(ReadPageTest, CursorAbcIsRefused) {
  auto page = ReadPage(RequestWith({{"after", "abc"}}));
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code(), Code::kInvalidArgument);
  EXPECT_NE(page.error().message().find("'after'"), std::string::npos);
}

TEST(ReadPageTest, CursorsMustBePositiveNumbers) {
  EXPECT_EQ(ReadPage(RequestWith({{"after", "12"}}))->after, 12);
  for (const char* after : {"0", "-3", "", "1e3", "12 ", "1234567890123456789"}) {
    EXPECT_FALSE(ReadPage(RequestWith({{"after", after}}))) << "after=" << after;
  }
}

TEST(PageJsonTest, LastPageHasNullNext) {
  auto json = nlohmann::json::parse(PageJson(RequestWith({}), "[1,2]", std::nullopt));
  EXPECT_EQ(json["items"], nlohmann::json::parse("[1,2]"));
  EXPECT_TRUE(json["next"].is_null());
}

TEST(PageJsonTest, NextKeepsTheFiltersAndMovesTheCursor) {
  http::Request request =
      RequestWith({{"after", "5"}, {"classification", "police restricted&x"}, {"limit", "2"}});
  auto json = nlohmann::json::parse(PageJson(request, "[]", 9));
  EXPECT_EQ(json["next"],
            "/api/v1/children/7/chronology?classification=police%20restricted%26x&limit=2&after=9");
}

TEST(ETagTest, StrongVersionTag) {
  EXPECT_EQ(ETagFor(12), "\"v12\"");
}

TEST(CheckIfMatchTest, MissingIs428) {
  auto refused = CheckIfMatch(WithIfMatch(std::nullopt), 1);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 428);
  EXPECT_EQ(refused->content_type, "application/problem+json");
  EXPECT_EQ(CheckIfMatch(WithIfMatch(""), 1)->status, 428);
}

TEST(CheckIfMatchTest, CurrentMatches) {
  EXPECT_EQ(CheckIfMatch(WithIfMatch("\"v1\""), 1), std::nullopt);
}

TEST(CheckIfMatchTest, StaleIs412WithTheCurrentTag) {
  auto refused = CheckIfMatch(WithIfMatch("\"v1\""), 2);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 412);
  EXPECT_EQ(refused->Header("ETag"), "\"v2\"");
}

TEST(CheckIfMatchTest, WeakNeverMatches) {
  auto refused = CheckIfMatch(WithIfMatch("W/\"v1\""), 1);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 412);
}

TEST(CheckIfMatchTest, AnyOfAListMatches) {
  EXPECT_EQ(CheckIfMatch(WithIfMatch("\"v1\", \"v2\""), 2), std::nullopt);
  EXPECT_EQ(CheckIfMatch(WithIfMatch("\"v1\",\"v2\""), 1), std::nullopt);
  EXPECT_EQ(CheckIfMatch(WithIfMatch("\"v1\", \"v2\""), 3)->status, 412);
}

TEST(CheckIfMatchTest, StarIsNotAccepted) {
  auto refused = CheckIfMatch(WithIfMatch("*"), 1);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 428);
}

TEST(CheckIfMatchTest, UnquotedTagDoesNotMatch) {
  EXPECT_EQ(CheckIfMatch(WithIfMatch("v1"), 1)->status, 412);
}

TEST(IdParamTest, PositiveNumbersOnly) {
  http::PathParams params{{"id", "17"}, {"zero", "0"}, {"word", "abc"}, {"neg", "-2"}};
  EXPECT_EQ(*IdParam(params, "id", "child"), 17);
  for (const char* name : {"zero", "word", "neg", "absent"}) {
    auto id = IdParam(params, name, "child");
    ASSERT_FALSE(id) << name;
    EXPECT_EQ(id.error().message(), "the child id must be a number");
  }
}

}  // namespace
}  // namespace sg::api
