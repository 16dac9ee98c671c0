#include "http/form.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sg::http {
namespace {

using ::testing::ElementsAre;

TEST(FormTest, UrlEncodedDecodesPlusAndEscapesAndKeepsRepeatedNamesInOrder) {
  auto form = Form::ParseUrlEncoded("name=Jo+Bloggs&factor=neglect&factor=domestic%20abuse&empty=");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->Get("name"), "Jo Bloggs");
  EXPECT_THAT(form->All("factor"), ElementsAre("neglect", "domestic abuse"));
  EXPECT_TRUE(form->Has("empty"));
  EXPECT_EQ(form->Get("empty"), "");
  EXPECT_FALSE(form->Has("missing"));
  EXPECT_EQ(form->Get("missing"), "");
}

TEST(FormTest, UrlEncodedRefusesAMalformedEscapeNamingTheField) {
  auto form = Form::ParseUrlEncoded("summary=50%ZZ");
  ASSERT_FALSE(form.has_value());
  EXPECT_EQ(form.error().code(), core::Code::kInvalidArgument);
  EXPECT_THAT(form.error().message(), ::testing::HasSubstr("summary"));
}

TEST(FormTest, EmptyBodyIsAnEmptyForm) {
  auto form = Form::ParseUrlEncoded("");
  ASSERT_TRUE(form.has_value());
  EXPECT_TRUE(form->fields().empty());
}

constexpr std::string_view kType = "multipart/form-data; boundary=----xyz";

TEST(FormTest, MultipartReadsTextFieldsAndAFileWithItsName) {
  std::string body =
      "------xyz\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n"
      "------xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cin.xml\"\r\n"
      "Content-Type: text/xml\r\n\r\n<Message>\r\n--not a boundary</Message>\r\n"
      "------xyz--\r\n";
  auto form = Form::ParseMultipart(body, kType);
  ASSERT_TRUE(form.has_value()) << form.error().message();
  EXPECT_EQ(form->Get("csrf_token"), "abc");
  const FormField* file = form->File("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(*file->filename, "cin.xml");
  EXPECT_EQ(file->value, "<Message>\r\n--not a boundary</Message>");
  EXPECT_EQ(form->File("csrf_token"), nullptr);
}

TEST(FormTest, MultipartCutShortIsRefusedNotHalfRead) {
  std::string body =
      "------xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
      "CHILD,SEX\r\n1,";
  auto form = Form::ParseMultipart(body, kType);
  ASSERT_FALSE(form.has_value());
  EXPECT_THAT(form.error().message(), ::testing::HasSubstr("cut short"));
}

TEST(FormTest, MultipartWithoutBoundaryOrNameIsRefused) {
  EXPECT_FALSE(Form::ParseMultipart("x", "multipart/form-data").has_value());
  std::string nameless = "------xyz\r\nContent-Disposition: form-data\r\n\r\nx\r\n------xyz--";
  EXPECT_FALSE(Form::ParseMultipart(nameless, kType).has_value());
}

TEST(FormTest, ParseChoosesByContentTypeAndIgnoresOtherBodies) {
  Request request;
  request.headers = {{"content-type", "application/x-www-form-urlencoded; charset=UTF-8"}};
  request.body = "a=1";
  auto form = Form::Parse(request);
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->Get("a"), "1");
  request.headers = {{"content-type", "application/json"}};
  request.body = "{\"a\":1}";
  form = Form::Parse(request);
  ASSERT_TRUE(form.has_value());
  EXPECT_FALSE(form->Has("a"));
}

TEST(FormTest, UrlEncodeRoundTrips) {
  EXPECT_EQ(UrlEncode("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
  auto form = Form::ParseUrlEncoded("x=" + UrlEncode("a b&c=d/é"));
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->Get("x"), "a b&c=d/é");
}

}  // namespace
}  // namespace sg::http
