#include "http/router.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sg::http {
namespace {

using Table = Router<std::string>;

std::string HandlerOf(const Table& table, std::string_view method, std::string_view path) {
  Table::Match match = table.Find(method, path);
  return match.handler == nullptr ? "-" : *match.handler;
}

TEST(SplitPath, Segments) {
  EXPECT_EQ(SplitPath("/a/b/c"), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(SplitPath("/"), (std::vector<std::string_view>{""}));
  EXPECT_EQ(SplitPath("/a/"), (std::vector<std::string_view>{"a", ""}));
  EXPECT_EQ(SplitPath("//"), (std::vector<std::string_view>{"", ""}));
  EXPECT_EQ(SplitPath("/a//b"), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_TRUE(SplitPath("").empty());
}

TEST(Router, LiteralBeatsParameter) {
  Table table;
  table.Add("GET", "/children/{id}", "child");
  table.Add("GET", "/children/search", "search");
  EXPECT_EQ(HandlerOf(table, "GET", "/children/search"), "search");
  EXPECT_EQ(HandlerOf(table, "GET", "/children/42"), "child");
}

TEST(Router, LiteralBeatsParameterWhateverTheOrderOfRegistration) {
  Table table;
  table.Add("GET", "/children/search", "search");
  table.Add("GET", "/children/{id}", "child");
  EXPECT_EQ(HandlerOf(table, "GET", "/children/search"), "search");
  EXPECT_EQ(HandlerOf(table, "GET", "/children/7"), "child");
}

TEST(Router, LeftmostLiteralDecides) {
  Table table;
  table.Add("GET", "/a/{y}/c", "param-then-literal");
  table.Add("GET", "/a/b/{x}", "literal-then-param");
  EXPECT_EQ(HandlerOf(table, "GET", "/a/b/c"), "literal-then-param");
  EXPECT_EQ(HandlerOf(table, "GET", "/a/z/c"), "param-then-literal");
}

TEST(Router, ParametersAreTheDecodedSegments) {
  Table table;
  table.Add("GET", "/children/{id}/notes/{note}", "note");
  Table::Match match = table.Find("GET", "/children/a b/notes/%41");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(match.params.at("id"), "a b");
  // The router never decodes again: the server decoded the path once.
  EXPECT_EQ(match.params.at("note"), "%41");
  EXPECT_EQ(match.pattern, "/children/{id}/notes/{note}");
}

TEST(Router, MethodNotAllowedListsThePatternsMethods) {
  Table table;
  table.Add("GET", "/children/{id}", "get");
  table.Add("PUT", "/children/{id}", "put");
  table.Add("POST", "/children", "create");
  Table::Match match = table.Find("DELETE", "/children/3");
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "PUT", "HEAD"}));
  EXPECT_EQ(match.pattern, "/children/{id}");
}

TEST(Router, NotFoundHasNoAllowedMethods) {
  Table table;
  table.Add("GET", "/children/{id}", "get");
  Table::Match match = table.Find("GET", "/adults/3");
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_TRUE(match.allowed.empty());
  EXPECT_TRUE(match.pattern.empty());
}

TEST(Router, PathPicksPatternBeforeMethodPicksHandler) {
  Table table;
  table.Add("GET", "/children/search", "search");
  table.Add("PUT", "/children/{id}", "update");
  // "search" is never read as a child id, even for a method only {id} has.
  Table::Match match = table.Find("PUT", "/children/search");
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "HEAD"}));
}

TEST(Router, HeadFallsBackToGet) {
  Table table;
  table.Add("GET", "/a", "get-a");
  table.Add("GET", "/b", "get-b");
  table.Add("HEAD", "/b", "head-b");
  EXPECT_EQ(HandlerOf(table, "HEAD", "/a"), "get-a");
  EXPECT_EQ(HandlerOf(table, "HEAD", "/b"), "head-b");
  EXPECT_EQ(table.Find("POST", "/b").allowed, (std::vector<std::string>{"GET", "HEAD"}));
}

TEST(Router, HeadWithoutGetIsNotAllowed) {
  Table table;
  table.Add("POST", "/a", "post");
  Table::Match match = table.Find("HEAD", "/a");
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"POST"}));
}

TEST(Router, MethodIsCaseSensitive) {
  Table table;
  table.Add("GET", "/a", "get");
  EXPECT_EQ(HandlerOf(table, "get", "/a"), "-");
}

TEST(Router, NoTrailingSlashFolding) {
  Table table;
  table.Add("GET", "/a", "a");
  table.Add("GET", "/b/", "b-slash");
  EXPECT_EQ(HandlerOf(table, "GET", "/a/"), "-");
  EXPECT_EQ(HandlerOf(table, "GET", "/b"), "-");
  EXPECT_EQ(HandlerOf(table, "GET", "/b/"), "b-slash");
}

TEST(Router, RootPattern) {
  Table table;
  table.Add("GET", "/", "root");
  table.Add("GET", "/{page}", "page");
  EXPECT_EQ(HandlerOf(table, "GET", "/"), "root");
  EXPECT_EQ(HandlerOf(table, "GET", "/x"), "page");
  EXPECT_EQ(HandlerOf(table, "GET", "//"), "-");
}

TEST(Router, ParameterNeverMatchesAnEmptySegment) {
  Table table;
  table.Add("GET", "/a/{x}/b", "x");
  table.Add("GET", "/c/{x}", "c");
  EXPECT_EQ(HandlerOf(table, "GET", "/a//b"), "-");
  EXPECT_EQ(HandlerOf(table, "GET", "/c/"), "-");
  EXPECT_EQ(HandlerOf(table, "GET", "/a/1/b"), "x");
}

TEST(Router, SegmentCountMustMatch) {
  Table table;
  table.Add("GET", "/a/{x}", "x");
  EXPECT_EQ(HandlerOf(table, "GET", "/a"), "-");
  EXPECT_EQ(HandlerOf(table, "GET", "/a/1/2"), "-");
  EXPECT_EQ(HandlerOf(table, "GET", ""), "-");
}

TEST(Router, PatternsDifferingOnlyInParameterNamesShareMethods) {
  Table table;
  table.Add("GET", "/a/{id}", "get");
  table.Add("DELETE", "/a/{key}", "delete");
  Table::Match match = table.Find("DELETE", "/a/1");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(*match.handler, "delete");
  EXPECT_EQ(match.params.at("key"), "1");
  EXPECT_EQ(match.pattern, "/a/{key}");
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "DELETE", "HEAD"}));
}

TEST(Router, RoutesInRegistrationOrder) {
  Table table;
  table.Add("POST", "/b", "1");
  table.Add("GET", "/a/{id}", "2");
  std::vector<RouteKey> routes = table.Routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].method, "POST");
  EXPECT_EQ(routes[0].pattern, "/b");
  EXPECT_EQ(routes[1].method, "GET");
  EXPECT_EQ(routes[1].pattern, "/a/{id}");
}

TEST(Router, CopiesAndMovesWithItsHandlers) {
  Table table;
  table.Add("GET", "/a", "a");
  Table copy = table;
  Table moved = std::move(table);
  EXPECT_EQ(HandlerOf(copy, "GET", "/a"), "a");
  EXPECT_EQ(HandlerOf(moved, "GET", "/a"), "a");
}

using RouterDeathTest = ::testing::Test;

TEST(RouterDeathTest, DuplicateRegistrationAborts) {
  Table table;
  table.Add("GET", "/a/{id}", "first");
  EXPECT_DEATH(table.Add("GET", "/a/{id}", "second"), "registered twice");
  EXPECT_DEATH(table.Add("GET", "/a/{other}", "second"), "registered twice");
}

TEST(RouterDeathTest, SamePatternOtherMethodIsFine) {
  Table table;
  table.Add("GET", "/a", "get");
  table.Add("POST", "/a", "post");
  EXPECT_EQ(table.Routes().size(), 2u);
}

TEST(RouterDeathTest, MalformedPatternsAbort) {
  Table table;
  EXPECT_DEATH(table.Add("GET", "a/b", "x"), "must start with '/'");
  EXPECT_DEATH(table.Add("GET", "", "x"), "must start with '/'");
  EXPECT_DEATH(table.Add("GET", "/a/x{id}", "x"), "whole segment");
  EXPECT_DEATH(table.Add("GET", "/a/{}", "x"), "plain name");
  EXPECT_DEATH(table.Add("GET", "/a/{id}/{id}", "x"), "named twice");
  EXPECT_DEATH(table.Add("", "/a", "x"), "needs a method");
}

}  // namespace
}  // namespace sg::http
