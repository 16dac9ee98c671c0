#include "core/error.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace sg::core {
namespace {

constexpr Code kAllCodes[] = {
    Code::kInvalidArgument, Code::kNotFound,  Code::kAlreadyExists, Code::kFailedPrecondition,
    Code::kUnauthenticated, Code::kPermissionDenied, Code::kAborted,  Code::kOutOfRange,    Code::kDataLoss,
    Code::kUnavailable,     Code::kInternal,
};

TEST(ErrorTest, CodeNamesAreDistinctAndCanonical) {
  std::set<std::string_view> names;
  for (Code code : kAllCodes) {
    const std::string_view name = CodeName(code);
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
  }
  EXPECT_EQ(names.size(), std::size(kAllCodes));
  EXPECT_EQ(CodeName(Code::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(CodeName(Code::kNotFound), "not_found");
  EXPECT_EQ(CodeName(Code::kAlreadyExists), "already_exists");
  EXPECT_EQ(CodeName(Code::kFailedPrecondition), "failed_precondition");
  EXPECT_EQ(CodeName(Code::kPermissionDenied), "permission_denied");
  EXPECT_EQ(CodeName(Code::kAborted), "aborted");
  EXPECT_EQ(CodeName(Code::kOutOfRange), "out_of_range");
  EXPECT_EQ(CodeName(Code::kDataLoss), "data_loss");
  EXPECT_EQ(CodeName(Code::kUnavailable), "unavailable");
  EXPECT_EQ(CodeName(Code::kInternal), "internal");
}

TEST(ErrorTest, HttpStatus) {
  EXPECT_EQ(HttpStatus(Code::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(Code::kNotFound), 404);
  EXPECT_EQ(HttpStatus(Code::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatus(Code::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatus(Code::kInternal), 500);
  EXPECT_EQ(HttpStatus(Code::kUnavailable), 503);
  EXPECT_EQ(HttpStatus(Code::kOutOfRange), 400);
  EXPECT_EQ(HttpStatus(Code::kDataLoss), 500);
  for (Code code : kAllCodes) {
    const int status = HttpStatus(code);
    EXPECT_GE(status, 400) << CodeName(code);  // every code is an error status
    EXPECT_LT(status, 600) << CodeName(code);
  }
  // Client-side problems are 4xx, server-side 5xx.
  EXPECT_LT(HttpStatus(Code::kFailedPrecondition), 500);
  EXPECT_LT(HttpStatus(Code::kAborted), 500);
}

TEST(ErrorTest, ExitStatus) {
  for (Code code : kAllCodes) {
    const int status = ExitStatus(code);
    EXPECT_NE(status, 0) << CodeName(code);
    EXPECT_GT(status, 1) << CodeName(code);  // 1 is left for generic failure
    EXPECT_LT(status, 126) << CodeName(code);  // 126+ mean something to the shell
  }
  // sysexits.h: usage 64, data 65, no input 66, internal software 70.
  EXPECT_EQ(ExitStatus(Code::kInvalidArgument), 64);
  EXPECT_EQ(ExitStatus(Code::kNotFound), 66);
  EXPECT_EQ(ExitStatus(Code::kInternal), 70);
  EXPECT_NE(ExitStatus(Code::kNotFound), ExitStatus(Code::kInvalidArgument));
  EXPECT_NE(ExitStatus(Code::kFailedPrecondition), ExitStatus(Code::kInvalidArgument));
}

TEST(ErrorTest, WithContextPrefixes) {
  const Error base(Code::kNotFound, "no child with id 42");
  const Error wrapped = base.WithContext("referrals.csv line 7");
  EXPECT_EQ(wrapped.message(), "referrals.csv line 7: no child with id 42");
  EXPECT_EQ(wrapped.code(), Code::kNotFound);
  EXPECT_EQ(base.message(), "no child with id 42");  // the original is unchanged
  EXPECT_EQ(wrapped.WithContext("import").message(),
            "import: referrals.csv line 7: no child with id 42");
  EXPECT_EQ(Error(Code::kDataLoss, "x").WithContext("").message(), ": x");
}

TEST(ErrorTest, FailBuildsUnexpected) {
  Result<int> r = Fail(Code::kAlreadyExists, "child already registered");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), Code::kAlreadyExists);
  EXPECT_EQ(r.error().message(), "child already registered");
  Status s = Fail(Code::kPermissionDenied, "not your case");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), Code::kPermissionDenied);
  Result<int> ok = 5;
  EXPECT_EQ(ok.value(), 5);
}

}  // namespace
}  // namespace sg::core
