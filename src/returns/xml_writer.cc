#include "returns/xml_writer.h"

#include <cassert>

namespace sg::returns {

XmlWriter::XmlWriter() : out_("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") {}

void XmlWriter::Indent() { out_.append(open_.size() * 2, ' '); }

void XmlWriter::Open(std::string_view name) {
  Indent();
  out_ += '<';
  out_ += name;
  out_ += ">\n";
  open_.emplace_back(name);
}

void XmlWriter::Close() {
  assert(!open_.empty());
  std::string name = std::move(open_.back());
  open_.pop_back();
  Indent();
  out_ += "</";
  out_ += name;
  out_ += ">\n";
}

void XmlWriter::Leaf(std::string_view name, std::string_view text) {
  Indent();
  out_ += '<';
  out_ += name;
  out_ += '>';
  for (char c : text) {
    switch (c) {
      case '&': out_ += "&amp;"; break;
      case '<': out_ += "&lt;"; break;
      case '>': out_ += "&gt;"; break;
      default: out_ += c;
    }
  }
  out_ += "</";
  out_ += name;
  out_ += ">\n";
}

void XmlWriter::Leaf(std::string_view name, const std::optional<std::string>& text) {
  if (text) Leaf(name, std::string_view(*text));
}

void XmlWriter::Leaf(std::string_view name, const std::optional<core::Date>& date) {
  if (date) Leaf(name, std::string_view(date->Iso()));
}

}  // namespace sg::returns
