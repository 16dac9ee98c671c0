// Hostile and awkward inputs to the XML stream: each must end in a clear
// error (or, for the legitimate ones, a correct read), never a crash, a hang
// or a read of something outside the file.
#include "returns/xml_stream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace sg::returns {
namespace {

namespace fs = std::filesystem;
using core::Code;
using testing::HasSubstr;
using testing::Not;

// Records what the reader reports.
class Recorder final : public XmlEvents {
 public:
  void StartElement(std::string_view name, Position at) override {
    starts.emplace_back(name);
    positions.push_back(at);
  }
  core::Status EndElement(std::string_view name, std::string_view text) override {
    ends.emplace_back(name);
    texts.emplace_back(text);
    longest_text = std::max(longest_text, text.size());
    return {};
  }

  std::string AllText() const {
    std::string all;
    for (const std::string& t : texts) all += t;
    return all;
  }

  std::vector<std::string> starts;
  std::vector<Position> positions;
  std::vector<std::string> ends;
  std::vector<std::string> texts;
  size_t longest_text = 0;
};

// The "line:column:" a stopped parse's message begins with; line 0 when the
// message has none.
Position PrefixOf(const std::string& message) {
  Position at;
  unsigned line = 0;
  unsigned column = 0;
  int used = 0;
  if (std::sscanf(message.c_str(), "%u:%u: %n", &line, &column, &used) == 2 && used > 0) {
    at.line = line;
    at.column = column;
  }
  return at;
}

// Asserts `result` is a stopped parse: kInvalidArgument, a message that
// starts "line:column:" with a real line and names the problem.
template <typename T>
void ExpectStopped(const core::Result<T>& result, std::string_view names_problem) {
  ASSERT_FALSE(result.has_value()) << "the parse should have been refused";
  EXPECT_EQ(result.error().code(), Code::kInvalidArgument) << result.error().message();
  Position at = PrefixOf(result.error().message());
  EXPECT_GE(at.line, 1u) << "no line:column: prefix in '" << result.error().message() << "'";
  EXPECT_THAT(result.error().message(), HasSubstr(std::string(names_problem)));
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "sg_xml_stream_test_XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  fs::path Write(const std::string& name, std::string_view bytes) const {
    fs::path file = path_ / name;
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return file;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(XmlStream, ReadsAWellFormedDocumentInOrder) {
  Recorder events;
  auto read = ReadXmlBytes("<r>\n  <a>one</a>\n  <b>two</b>\n</r>\n", events, {});
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_THAT(events.starts, testing::ElementsAre("r", "a", "b"));
  EXPECT_THAT(events.ends, testing::ElementsAre("a", "b", "r"));
  EXPECT_EQ(events.texts[0], "one");
  EXPECT_EQ(events.texts[1], "two");
  EXPECT_EQ(events.positions[2].line, 3u);
}

TEST(XmlStream, TruncatedMidElementIsAnErrorAtTheEndOfTheInput) {
  Recorder events;
  auto read = ReadXmlBytes("<r>\n  <child>\n    <name>Al", events, {});
  // libxml2 2.9 words a document that stops inside an element as "Extra
  // content at the end of the document"; later versions say "Premature end
  // of data in tag name". Either way the position is where the input ends.
  ExpectStopped(read, "end of");
  Position at = PrefixOf(read.error().message());
  EXPECT_EQ(at.line, 3u) << read.error().message();
  EXPECT_EQ(at.column, 13u) << read.error().message();
  EXPECT_THAT(events.ends, testing::IsEmpty());
}

TEST(XmlStream, TruncatedInsideATagIsAnError) {
  Recorder events;
  auto read = ReadXmlBytes("<r>\n  <child><na", events, {});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kInvalidArgument);
  EXPECT_GE(PrefixOf(read.error().message()).line, 1u) << read.error().message();
}

TEST(XmlStream, MismatchedEndTagIsAnErrorNamingTheTags) {
  Recorder events;
  auto read = ReadXmlBytes("<r>\n<a>\n<b>text</a>\n</r>\n", events, {});
  ExpectStopped(read, "mismatch");
  EXPECT_EQ(PrefixOf(read.error().message()).line, 3u) << read.error().message();
}

TEST(XmlStream, RefusesDoctypeSoExternalEntitiesNeverLoad) {
  const std::string xxe =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE r [\n"
      "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
      "]>\n"
      "<r><a>&xxe;</a></r>\n";
  Recorder events;
  auto read = ReadXmlBytes(xxe, events, {});
  ExpectStopped(read, "DOCTYPE");
  // The document's content was never reached, so nothing was loaded.
  EXPECT_THAT(events.starts, testing::IsEmpty());
  EXPECT_THAT(events.AllText(), Not(HasSubstr("root:")));
  EXPECT_THAT(read.error().message(), Not(HasSubstr("root:")));
}

TEST(XmlStream, RefusesAnExternalDtdSubset) {
  Recorder events;
  auto read = ReadXmlBytes(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"file:///etc/passwd\">\n<r>x</r>\n", events,
      {});
  ExpectStopped(read, "DOCTYPE");
  EXPECT_THAT(events.starts, testing::IsEmpty());
  EXPECT_THAT(read.error().message(), Not(HasSubstr("root:")));
}

TEST(XmlStream, RefusesDoctypeWhileValidatingAgainstASchema) {
  // The schema validator is plugged into the SAX stream; the DOCTYPE check
  // must survive the plug.
  auto schema = XmlSchema::Compile(
      R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
           <xs:element name="r"><xs:complexType><xs:sequence>
             <xs:element name="a" type="xs:string"/>
           </xs:sequence></xs:complexType></xs:element>
         </xs:schema>)",
      "tiny.xsd");
  ASSERT_TRUE(schema) << schema.error().message();
  XmlStreamOptions options;
  options.schema = schema->get();
  Recorder events;
  auto read = ReadXmlBytes(
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<r><a>&xxe;</a></r>\n",
      events, options);
  ExpectStopped(read, "DOCTYPE");
  EXPECT_THAT(events.AllText(), Not(HasSubstr("root:")));
}

TEST(XmlStream, RefusesBillionLaughsAtTheDoctypeBeforeAnyExpansion) {
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n";
  for (int level = 1; level <= 9; ++level) {
    bomb += " <!ENTITY lol" + std::to_string(level) + " \"";
    std::string previous = level == 1 ? "lol" : "lol" + std::to_string(level - 1);
    for (int i = 0; i < 10; ++i) bomb += "&" + previous + ";";
    bomb += "\">\n";
  }
  bomb += "]>\n<lolz>&lol9;</lolz>\n";
  Recorder events;
  auto read = ReadXmlBytes(bomb, events, {});
  ExpectStopped(read, "DOCTYPE");
  EXPECT_THAT(events.starts, testing::IsEmpty());
  EXPECT_EQ(events.longest_text, 0u);
}

TEST(XmlStream, InvalidUtf8InTextIsAnErrorWithItsPosition) {
  Recorder events;
  auto read = ReadXmlBytes("<r>\n<a>caf\xC3\x28 au lait</a>\n</r>\n", events, {});
  ExpectStopped(read, "UTF-8");
  EXPECT_EQ(PrefixOf(read.error().message()).line, 2u) << read.error().message();
}

TEST(XmlStream, LoneHighByteInUtf8TextIsAnError) {
  Recorder events;
  auto read = ReadXmlBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\xFF</r>\n", events, {});
  ExpectStopped(read, "UTF-8");
}

TEST(XmlStream, DeclaredLatin1IsReadAndDeliveredAsUtf8) {
  Recorder events;
  auto read = ReadXmlBytes(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<r><name>Ren\xE9</name></r>\n", events, {});
  ASSERT_TRUE(read) << read.error().message();
  ASSERT_THAT(events.ends, testing::ElementsAre("name", "r"));
  EXPECT_EQ(events.texts[0], "Ren\xC3\xA9");  // é in UTF-8
}

// Peak resident memory of the process, in kilobytes.
long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST(XmlStream, FiftyMegabyteTextNodeIsRefusedByTheTextCapEarly) {
  constexpr size_t kTextBytes = 50u * 1024 * 1024;
  std::string huge = "<r><a>";
  huge.reserve(kTextBytes + 64);
  huge.append(kTextBytes, 'x');
  huge += "</a></r>";

  XmlStreamOptions options;
  uint64_t progressed = 0;
  options.progress = [&](uint64_t bytes) { progressed = bytes; };
  Recorder events;
  long peak_before = PeakRssKb();
  auto read = ReadXmlBytes(huge, events, options);
  long peak_after = PeakRssKb();

  ExpectStopped(read, "4096 characters");
  // The text never reached the client, and the parse stopped within the
  // chunk where the cap was crossed instead of reading the other 50 MB.
  EXPECT_EQ(events.longest_text, 0u);
  EXPECT_LE(progressed, 2 * options.chunk_size);
  // Nothing near the size of the text was allocated by the parse (the peak
  // can only grow; a parser that buffered the node would add ~50 MB).
  EXPECT_LT(peak_after - peak_before, 25 * 1024)
      << "peak grew by " << peak_after - peak_before << " KB";
}

TEST(XmlStream, TextCapCountsTheWholeElementNotOneCallback) {
  // Text just under the cap is read; one character more is refused.
  XmlStreamOptions options;
  options.max_text = 100;
  Recorder fits;
  auto ok = ReadXmlBytes("<r>" + std::string(100, 'y') + "</r>", fits, options);
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(fits.longest_text, 100u);
  Recorder over;
  ExpectStopped(ReadXmlBytes("<r>" + std::string(101, 'y') + "</r>", over, options),
                "100 characters");
}

TEST(XmlStream, EmptyBytesAreAnError) {
  Recorder events;
  auto read = ReadXmlBytes("", events, {});
  ExpectStopped(read, "empty");
}

TEST(XmlStream, EmptyFileIsAnError) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  Recorder events;
  auto read = ReadXmlFile(dir.Write("empty.xml", "").string(), events, {});
  ExpectStopped(read, "empty");
}

TEST(XmlStream, WhitespaceOnlyFileIsAnError) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  Recorder events;
  auto read = ReadXmlFile(dir.Write("blank.xml", "  \n\t\n   \n").string(), events, {});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kInvalidArgument);
  EXPECT_GE(PrefixOf(read.error().message()).line, 1u) << read.error().message();
  EXPECT_THAT(events.starts, testing::IsEmpty());
}

TEST(XmlStream, MissingFileIsNotFoundNamingThePath) {
  TempDir dir;
  std::string path = (dir.path() / "no-such-file.xml").string();
  Recorder events;
  auto read = ReadXmlFile(path, events, {});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Code::kNotFound);
  EXPECT_THAT(read.error().message(), HasSubstr(path));
}

TEST(XmlStream, DirectoryInsteadOfAFileIsAnErrorNotACrash) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  Recorder events;
  auto read = ReadXmlFile(dir.path().string(), events, {});
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().code(), Code::kNotFound);
}

// libxml2 2.9.14's push parser applies no depth limit of its own (only the
// pull parser does), so xml_stream.cc counts depth itself.
TEST(XmlStream, TenThousandLevelsOfNestingHitTheDepthLimitNotTheStack) {
  constexpr int kDepth = 10000;
  std::string deep;
  deep.reserve(kDepth * 8);
  for (int i = 0; i < kDepth; ++i) deep += "<a>";
  for (int i = 0; i < kDepth; ++i) deep += "</a>";
  Recorder events;
  auto read = ReadXmlBytes(deep, events, {});
  ExpectStopped(read, "depth");
  EXPECT_LT(events.starts.size(), static_cast<size_t>(kDepth));
}

TEST(XmlStream, SchemaProblemsAreCollectedWithTheirLineAndTheReadGoesOn) {
  auto schema = XmlSchema::Compile(
      R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
           <xs:element name="r"><xs:complexType><xs:sequence>
             <xs:element name="n" type="xs:integer" maxOccurs="unbounded"/>
           </xs:sequence></xs:complexType></xs:element>
         </xs:schema>)",
      "tiny.xsd");
  ASSERT_TRUE(schema) << schema.error().message();
  XmlStreamOptions options;
  options.schema = schema->get();
  Recorder events;
  auto read = ReadXmlBytes("<r>\n  <n>1</n>\n  <n>abc</n>\n  <n>3</n>\n</r>\n", events, options);
  ASSERT_TRUE(read) << read.error().message();
  ASSERT_EQ(read->schema_problems.size(), 1u);
  EXPECT_EQ(read->schema_problems[0].at.line, 3u);
  EXPECT_THAT(read->schema_problems[0].message, HasSubstr("abc"));
  // Not fatal: the rest of the document was still reported.
  EXPECT_THAT(events.ends, testing::ElementsAre("n", "n", "n", "r"));
}

TEST(XmlStream, SchemaProblemsBeyondTheCapAreCountedNotKept) {
  auto schema = XmlSchema::Compile(
      R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
           <xs:element name="r"><xs:complexType><xs:sequence>
             <xs:element name="n" type="xs:integer" maxOccurs="unbounded"/>
           </xs:sequence></xs:complexType></xs:element>
         </xs:schema>)",
      "tiny.xsd");
  ASSERT_TRUE(schema) << schema.error().message();
  XmlStreamOptions options;
  options.schema = schema->get();
  options.max_schema_problems = 2;
  std::string doc = "<r>";
  for (int i = 0; i < 5; ++i) doc += "<n>x</n>";
  doc += "</r>";
  Recorder events;
  auto read = ReadXmlBytes(doc, events, options);
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(read->schema_problems.size(), 2u);
  EXPECT_EQ(read->schema_problems_dropped, 3u);
}

TEST(XmlStream, SchemaThatDoesNotCompileIsAnErrorNamingIt) {
  auto schema = XmlSchema::Compile(
      "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
      "<xs:element name=\"r\" type=\"xs:nosuchtype\"/></xs:schema>",
      "broken.xsd");
  ASSERT_FALSE(schema);
  EXPECT_THAT(schema.error().message(), HasSubstr("broken.xsd"));
}

TEST(XmlStream, ClientErrorStopsTheParseWithItsPosition) {
  class Refuser final : public XmlEvents {
   public:
    void StartElement(std::string_view, Position) override {}
    core::Status EndElement(std::string_view name, std::string_view) override {
      ++ends;
      if (name == "bad") return core::Fail(Code::kInvalidArgument, "bad element");
      return {};
    }
    int ends = 0;
  } events;
  auto read = ReadXmlBytes("<r>\n<ok/>\n<bad/>\n<ok/>\n</r>\n", events, {});
  ExpectStopped(read, "bad element");
  EXPECT_EQ(PrefixOf(read.error().message()).line, 3u) << read.error().message();
  EXPECT_EQ(events.ends, 2);
}

}  // namespace
}  // namespace sg::returns
