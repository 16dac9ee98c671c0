// XmlStream: reading the sector's XML files one element at a time, safely.
//
// Returns files are large (100 MB for a big authority's CIN census) and come
// from outside, so the reader is a push parser (libxml2's SAX2 interface) fed
// in fixed-size chunks: memory stays bounded by the deepest element and the
// longest text, never by the file. The same pass can validate the structure
// against an XML Schema (libxml2 plugs its validator into the SAX stream), so
// checking the XSD costs no second read.
//
// Hostile input is refused, not survived by luck:
//  - a DOCTYPE stops the parse. None of the DfE formats has one, and it is
//    where external entities (XXE) and entity-expansion bombs live;
//  - no network access and no external resource is ever loaded;
//  - text longer than `max_text` characters in one element stops the parse
//    (libxml2 would hand us a 50 MB text node piece by piece otherwise);
//  - nesting deeper than `max_depth` stops the parse (libxml2's push parser
//    applies no depth limit of its own);
//  - malformed XML and bytes that are not UTF-8 (or the declared encoding)
//    stop the parse with libxml2's message, line and column.
// A stopped parse is an Error whose message begins with "line:column:": its
// code is kInvalidArgument for a problem of the file, or the client's own
// code when the client stopped it (a database failure stays kUnavailable). Schema violations are not fatal: they are collected as
// problems, up to a cap, and the parse goes on so that the rules still run.
#ifndef SAFEGUARD_RETURNS_XML_STREAM_H_
#define SAFEGUARD_RETURNS_XML_STREAM_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "returns/position.h"

namespace sg::returns {

// A compiled XML Schema; immutable, safe to share between threads.
class XmlSchema {
 public:
  // Compiles `xsd` (the schema's text). `name` appears in error messages.
  static core::Result<std::shared_ptr<const XmlSchema>> Compile(std::string_view xsd,
                                                               std::string_view name);
  ~XmlSchema();
  XmlSchema(const XmlSchema&) = delete;
  XmlSchema& operator=(const XmlSchema&) = delete;

  void* handle() const { return schema_; }  // xmlSchemaPtr, for xml_stream.cc

 private:
  XmlSchema() = default;
  void* schema_ = nullptr;
};

// What the reader tells its client, in document order.
class XmlEvents {
 public:
  virtual ~XmlEvents() = default;
  virtual void StartElement(std::string_view name, Position at) = 0;
  // `text` is the character data since the previous tag (start or end); for a
  // leaf element that is its content. The client may return an error to stop
  // the parse (the message should name what was wrong).
  virtual core::Status EndElement(std::string_view name, std::string_view text) = 0;
};

struct XmlProblem {
  Position at;
  std::string message;
};

struct XmlStreamOptions {
  const XmlSchema* schema = nullptr;  // validate while reading; may be null
  size_t max_text = 4096;             // characters of text in one element
  size_t max_depth = 64;              // elements open at once (the DfE formats need < 10)
  size_t max_schema_problems = 1000;  // more are counted but not kept
  size_t chunk_size = 256 * 1024;
  std::function<void(uint64_t bytes_read)> progress;  // called after each chunk
};

struct XmlStreamResult {
  uint64_t bytes = 0;
  std::vector<XmlProblem> schema_problems;
  uint64_t schema_problems_dropped = 0;  // beyond max_schema_problems
};

// Reads the file at `path`. Fails with kNotFound / kUnavailable when the file
// cannot be opened or read, kInvalidArgument when it is empty or stops
// parsing (see above).
core::Result<XmlStreamResult> ReadXmlFile(const std::string& path, XmlEvents& events,
                                          const XmlStreamOptions& options);
// The same, over bytes already in memory (tests, the fuzz target).
core::Result<XmlStreamResult> ReadXmlBytes(std::string_view bytes, XmlEvents& events,
                                           const XmlStreamOptions& options);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_XML_STREAM_H_
