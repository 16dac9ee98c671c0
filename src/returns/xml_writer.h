// XmlWriter: writes indented XML of the shape the DfE returns use (elements
// and text, no attributes, no mixed content) to a buffer that the caller
// flushes to a file as it grows, so a large return never sits whole in memory.
#ifndef SAFEGUARD_RETURNS_XML_WRITER_H_
#define SAFEGUARD_RETURNS_XML_WRITER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace sg::returns {

class XmlWriter {
 public:
  XmlWriter();  // starts with the XML declaration

  void Open(std::string_view name);
  void Close();  // the element opened last
  // <name>text</name>, with &, < and > escaped.
  void Leaf(std::string_view name, std::string_view text);
  // Writes nothing for an empty optional.
  void Leaf(std::string_view name, const std::optional<std::string>& text);
  void Leaf(std::string_view name, const std::optional<core::Date>& date);

  std::string& buffer() { return out_; }  // the caller may write it out and clear it
  bool balanced() const { return open_.empty(); }

 private:
  void Indent();
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_XML_WRITER_H_
