#include "http/message.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace sg::http {
namespace {

Request WithCookies(std::initializer_list<std::string> cookie_headers) {
  Request request;
  for (const std::string& value : cookie_headers) request.headers.emplace_back("cookie", value);
  return request;
}

TEST(RequestCookie, FindsEachOfSeveral) {
  Request request = WithCookies({"a=1; b=2; c=3"});
  EXPECT_EQ(request.Cookie("a"), "1");
  EXPECT_EQ(request.Cookie("b"), "2");
  EXPECT_EQ(request.Cookie("c"), "3");
}

TEST(RequestCookie, QuotedValueLosesItsQuotes) {
  Request request = WithCookies({"sid=\"abc def\"; other=x"});
  EXPECT_EQ(request.Cookie("sid"), "abc def");
}

TEST(RequestCookie, LoneQuoteIsKept) {
  Request request = WithCookies({"q=\""});
  EXPECT_EQ(request.Cookie("q"), "\"");
}

TEST(RequestCookie, SpacesAroundPairsAndEqualsIgnored) {
  Request request = WithCookies({"  a = 1 ;b=2;   c=3  "});
  EXPECT_EQ(request.Cookie("a"), "1");
  EXPECT_EQ(request.Cookie("b"), "2");
  EXPECT_EQ(request.Cookie("c"), "3");
}

TEST(RequestCookie, NameMustMatchWhole) {
  Request request = WithCookies({"ab=1; xa=2"});
  EXPECT_FALSE(request.Cookie("a"));
  EXPECT_FALSE(request.Cookie("b"));
  EXPECT_FALSE(request.Cookie(""));
}

TEST(RequestCookie, EmptyValueAndPairWithoutEquals) {
  Request request = WithCookies({"flag; empty=; x=1"});
  EXPECT_EQ(request.Cookie("empty"), "");
  EXPECT_FALSE(request.Cookie("flag"));
  EXPECT_EQ(request.Cookie("x"), "1");
}

TEST(RequestCookie, SearchesEveryCookieHeaderFirstWins) {
  Request request = WithCookies({"a=1", "b=2; a=3"});
  EXPECT_EQ(request.Cookie("a"), "1");
  EXPECT_EQ(request.Cookie("b"), "2");
}

TEST(RequestCookie, HostPrefixedName) {
  Request request = WithCookies({"theme=dark; __Host-sg_session=tok.en-1"});
  EXPECT_EQ(request.Cookie("__Host-sg_session"), "tok.en-1");
}

TEST(RequestCookie, ValueMayContainEquals) {
  Request request = WithCookies({"t=abc==; u=1"});
  EXPECT_EQ(request.Cookie("t"), "abc==");
}

TEST(RequestCookie, NoCookieHeader) {
  Request request;
  request.headers.emplace_back("x-cookie", "a=1");
  EXPECT_FALSE(request.Cookie("a"));
}

TEST(RequestHeader, ExactLowerCaseName) {
  Request request;
  request.headers.emplace_back("x-one", "1");
  request.headers.emplace_back("x-one", "2");
  EXPECT_EQ(request.Header("x-one"), "1");
  EXPECT_FALSE(request.Header("x-two"));
}

TEST(RequestQuery, FirstOfRepeatedNames) {
  Request request;
  request.query.emplace("b", "0");
  request.query.emplace("a", "first");
  request.query.emplace("a", "second");
  request.query.emplace("c", "0");
  EXPECT_EQ(request.Query("a"), "first");
  EXPECT_FALSE(request.Query("aa"));
  EXPECT_FALSE(request.Query(""));
}

TEST(RequestQuery, EmptyValue) {
  Request request;
  request.query.emplace("flag", "");
  EXPECT_EQ(request.Query("flag"), "");
}

TEST(PercentDecode, PlainTextUnchanged) {
  EXPECT_EQ(PercentDecode("", false), "");
  EXPECT_EQ(PercentDecode("/api/v1/children", false), "/api/v1/children");
}

TEST(PercentDecode, EscapesOfBothCases) {
  EXPECT_EQ(PercentDecode("%41%62%2f%2F", false), "Ab//");
  EXPECT_EQ(PercentDecode("a%20b", false), "a b");
}

TEST(PercentDecode, MultiByteUtf8) {
  EXPECT_EQ(PercentDecode("%E2%82%AC", false), "\u20ac");
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");
}

TEST(PercentDecode, TruncatedEscapeRejected) {
  EXPECT_FALSE(PercentDecode("%", false));
  EXPECT_FALSE(PercentDecode("%4", false));
  EXPECT_FALSE(PercentDecode("abc%", false));
  EXPECT_FALSE(PercentDecode("abc%a", false));
}

TEST(PercentDecode, NonHexEscapeRejected) {
  EXPECT_FALSE(PercentDecode("%zz", false));
  EXPECT_FALSE(PercentDecode("%4g", false));
  EXPECT_FALSE(PercentDecode("%%41", false));
  EXPECT_FALSE(PercentDecode("% 41", false));
}

TEST(PercentDecode, NulRejectedEncodedOrRaw) {
  EXPECT_FALSE(PercentDecode("a%00b", false));
  EXPECT_FALSE(PercentDecode(std::string_view("a\0b", 3), false));
}

TEST(PercentDecode, DecodesOnceOnly) {
  EXPECT_EQ(PercentDecode("%2541", false), "%41");
}

TEST(Response, SetHeaderReplacesWhateverTheCase) {
  Response response;
  response.SetHeader("Cache-Control", "no-store");
  response.SetHeader("cache-control", "max-age=60");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.Header("CACHE-CONTROL"), "max-age=60");
  EXPECT_FALSE(response.Header("ETag"));
}

TEST(Response, JsonSetsStatusTypeAndBody) {
  Response response = Json(201, R"({"id":1})");
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"id":1})");
}

TEST(Problem, FromError) {
  Response response = Problem(core::Error(core::Code::kNotFound, "child 7 was not found"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/problem+json");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "about:blank");
  EXPECT_EQ(body["title"], "Not Found");
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["code"], "not_found");
  EXPECT_EQ(body["detail"], "child 7 was not found");
}

TEST(Problem, MemberOrderIsStable) {
  Response response = Problem(413, "invalid_argument", "too big");
  EXPECT_EQ(response.body, R"({"type":"about:blank","title":"Content Too Large","status":413,)"
                           R"("code":"invalid_argument","detail":"too big"})");
}

TEST(Problem, EveryCodeHasATitle) {
  for (core::Code code :
       {core::Code::kInvalidArgument, core::Code::kUnauthenticated, core::Code::kPermissionDenied,
        core::Code::kAborted, core::Code::kFailedPrecondition, core::Code::kAlreadyExists,
        core::Code::kUnavailable, core::Code::kInternal}) {
    auto body = nlohmann::json::parse(Problem(core::Error(code, "x")).body);
    EXPECT_NE(body["title"], "Unknown") << core::CodeName(code);
    EXPECT_EQ(body["status"], core::HttpStatus(code));
  }
}

TEST(Problem, DetailThatIsNotUtf8DoesNotThrow) {
  Response response = Problem(400, "invalid_argument", "bad byte \xff here");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], 400);
}

}  // namespace
}  // namespace sg::http
