#include "returns/xml_stream.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <cstdio>
#include <cstring>
#include <optional>

#include <fmt/format.h>

namespace sg::returns {
namespace {

using core::Code;
using core::Fail;

// libxml2 messages end with a newline and sometimes carry padding.
std::string Tidy(const char* message) {
  std::string_view text = message != nullptr ? message : "unknown XML error";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  return std::string(text);
}

// Keeps libxml2 from printing to stderr: every problem is reported through
// our own channels, once.
void Silence(void*, const char*, ...) {}
void SilenceStructured(void*, xmlErrorPtr) {}

void QuietLibxml() {
  xmlSetGenericErrorFunc(nullptr, Silence);
  xmlSetStructuredErrorFunc(nullptr, SilenceStructured);
}

struct Session {
  XmlEvents* events = nullptr;
  const XmlStreamOptions* options = nullptr;
  xmlParserCtxtPtr parser = nullptr;
  std::string text;
  size_t depth = 0;
  std::optional<core::Error> stopped;  // why we stopped the parse ourselves
  XmlStreamResult result;
};

Position Here(const Session& s) {
  return Position{static_cast<uint32_t>(xmlSAX2GetLineNumber(s.parser)),
                  static_cast<uint32_t>(xmlSAX2GetColumnNumber(s.parser))};
}

void Stop(Session& s, std::string message, Code code = Code::kInvalidArgument) {
  if (s.stopped) return;
  Position at = Here(s);
  s.stopped = core::Error(code, fmt::format("{}:{}: {}", at.line, at.column, message));
  xmlStopParser(s.parser);
}

void OnStart(void* user, const xmlChar* name, const xmlChar*, const xmlChar*, int, const xmlChar**,
             int, int, const xmlChar**) {
  auto& s = *static_cast<Session*>(user);
  if (s.stopped) return;
  if (++s.depth > s.options->max_depth) {
    Stop(s, fmt::format("nesting depth exceeds {} elements; no return is shaped like that, "
                        "so the file is refused",
                        s.options->max_depth));
    return;
  }
  s.text.clear();
  s.events->StartElement(reinterpret_cast<const char*>(name), Here(s));
}

void OnEnd(void* user, const xmlChar* name, const xmlChar*, const xmlChar*) {
  auto& s = *static_cast<Session*>(user);
  if (s.stopped) return;
  --s.depth;
  core::Status status = s.events->EndElement(reinterpret_cast<const char*>(name), s.text);
  s.text.clear();
  if (!status) Stop(s, status.error().message(), status.error().code());
}

void OnText(void* user, const xmlChar* chars, int length) {
  auto& s = *static_cast<Session*>(user);
  if (s.stopped) return;
  if (s.text.size() + static_cast<size_t>(length) > s.options->max_text) {
    Stop(s, fmt::format("an element holds more than {} characters of text; no field of this "
                        "format is that long, so the file is refused",
                        s.options->max_text));
    return;
  }
  s.text.append(reinterpret_cast<const char*>(chars), static_cast<size_t>(length));
}

void OnDoctype(void* user, const xmlChar*, const xmlChar*, const xmlChar*) {
  Stop(*static_cast<Session*>(user),
       "a DOCTYPE declaration is not allowed: the DfE formats have none, and it is how "
       "external entities and entity-expansion bombs get into a file");
}

void OnSchemaProblem(void* user, xmlErrorPtr error) {
  auto& s = *static_cast<Session*>(user);
  if (error == nullptr || error->level < XML_ERR_ERROR) return;
  if (s.result.schema_problems.size() >= s.options->max_schema_problems) {
    ++s.result.schema_problems_dropped;
    return;
  }
  // In streaming mode libxml2's validator often gives no line; the parser's
  // position is then the end of the element being validated.
  Position at{static_cast<uint32_t>(std::max(error->line, 0)),
              static_cast<uint32_t>(std::max(error->int2, 0))};
  if (at.line == 0 && s.parser != nullptr) at = Here(s);
  s.result.schema_problems.push_back(XmlProblem{at, Tidy(error->message)});
}

xmlSAXHandler MakeHandler() {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = OnStart;
  sax.endElementNs = OnEnd;
  sax.characters = OnText;
  sax.cdataBlock = OnText;
  sax.ignorableWhitespace = OnText;
  sax.internalSubset = OnDoctype;
  sax.externalSubset = OnDoctype;
  sax.serror = SilenceStructured;
  return sax;
}

// Owns the libxml2 objects of one read, in the order they must be released.
class Parse {
 public:
  Parse(Session& session, const XmlSchema* schema) : sax_(MakeHandler()) {
    xmlSAXHandlerPtr handler = &sax_;
    void* user = &session;
    if (schema != nullptr) {
      valid_ = xmlSchemaNewValidCtxt(static_cast<xmlSchemaPtr>(schema->handle()));
      xmlSchemaSetValidStructuredErrors(valid_, OnSchemaProblem, &session);
      plug_ = xmlSchemaSAXPlug(valid_, &handler, &user);
    }
    parser_ = xmlCreatePushParserCtxt(handler, user, nullptr, 0, nullptr);
    xmlCtxtUseOptions(parser_, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    session.parser = parser_;
  }
  ~Parse() {
    if (parser_ != nullptr) xmlFreeParserCtxt(parser_);
    if (plug_ != nullptr) xmlSchemaSAXUnplug(plug_);
    if (valid_ != nullptr) xmlSchemaFreeValidCtxt(valid_);
  }
  Parse(const Parse&) = delete;
  Parse& operator=(const Parse&) = delete;

  bool ok() const { return parser_ != nullptr; }
  // Feeds a chunk; false once the parse has stopped.
  bool Feed(const char* data, size_t size, bool last) {
    int rc = xmlParseChunk(parser_, data, static_cast<int>(size), last ? 1 : 0);
    return rc == XML_ERR_OK && parser_->wellFormed != 0 && parser_->disableSAX == 0;
  }
  // libxml2's own reason for stopping, with line and column.
  core::Error LastError() const {
    const xmlError* error = xmlCtxtGetLastError(parser_);
    if (error == nullptr || error->code == XML_ERR_OK) {
      return core::Error(Code::kInvalidArgument, "the XML could not be read");
    }
    return core::Error(Code::kInvalidArgument,
                       fmt::format("{}:{}: {}", error->line, error->int2, Tidy(error->message)));
  }

 private:
  xmlSAXHandler sax_;
  xmlSchemaValidCtxtPtr valid_ = nullptr;
  xmlSchemaSAXPlugPtr plug_ = nullptr;
  xmlParserCtxtPtr parser_ = nullptr;
};

// Drives one parse; `next` fills a buffer and returns how many bytes it put
// there (0 at the end) or an error.
template <typename Next>
core::Result<XmlStreamResult> Run(XmlEvents& events, const XmlStreamOptions& options, Next next) {
  QuietLibxml();
  Session session;
  session.events = &events;
  session.options = &options;
  Parse parse(session, options.schema);
  if (!parse.ok()) return Fail(Code::kInternal, "the XML parser could not be created");

  std::vector<char> buffer(options.chunk_size);
  while (true) {
    SG_ASSIGN_OR_RETURN(size_t got, next(buffer.data(), buffer.size()));
    if (got == 0 && session.result.bytes == 0) {
      return Fail(Code::kInvalidArgument, "1:1: the file is empty");
    }
    session.result.bytes += got;
    bool fed = parse.Feed(buffer.data(), got, got == 0);
    if (session.stopped) return std::unexpected(*session.stopped);
    if (!fed) return std::unexpected(parse.LastError());
    if (options.progress) options.progress(session.result.bytes);
    if (got == 0) break;
  }
  return std::move(session.result);
}

}  // namespace

XmlSchema::~XmlSchema() {
  if (schema_ != nullptr) xmlSchemaFree(static_cast<xmlSchemaPtr>(schema_));
}

core::Result<std::shared_ptr<const XmlSchema>> XmlSchema::Compile(std::string_view xsd,
                                                                 std::string_view name) {
  QuietLibxml();
  xmlSchemaParserCtxtPtr context =
      xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
  if (context == nullptr) return Fail(Code::kInternal, fmt::format("schema {}: no parser", name));
  std::string first_problem;
  xmlSchemaSetParserStructuredErrors(
      context,
      [](void* user, xmlErrorPtr error) {
        auto& problem = *static_cast<std::string*>(user);
        if (problem.empty() && error != nullptr) problem = Tidy(error->message);
      },
      &first_problem);
  xmlSchemaPtr compiled = xmlSchemaParse(context);
  xmlSchemaFreeParserCtxt(context);
  if (compiled == nullptr) {
    return Fail(Code::kInternal, fmt::format("schema {} does not compile: {}", name, first_problem));
  }
  std::shared_ptr<XmlSchema> schema(new XmlSchema());
  schema->schema_ = compiled;
  return schema;
}

core::Result<XmlStreamResult> ReadXmlFile(const std::string& path, XmlEvents& events,
                                          const XmlStreamOptions& options) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Fail(errno == ENOENT ? Code::kNotFound : Code::kUnavailable,
                fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  struct Closer {
    std::FILE* f;
    ~Closer() { std::fclose(f); }
  } closer{file};
  return Run(events, options, [&](char* data, size_t size) -> core::Result<size_t> {
    size_t got = std::fread(data, 1, size, file);
    if (got < size && std::ferror(file)) {
      return Fail(Code::kUnavailable, fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    }
    return got;
  });
}

core::Result<XmlStreamResult> ReadXmlBytes(std::string_view bytes, XmlEvents& events,
                                           const XmlStreamOptions& options) {
  size_t offset = 0;
  return Run(events, options, [&](char* data, size_t size) -> core::Result<size_t> {
    size_t got = std::min(size, bytes.size() - offset);
    std::memcpy(data, bytes.data() + offset, got);
    offset += got;
    return got;
  });
}

}  // namespace sg::returns
