#include "returns/ssda903_xml.h"

namespace sg::returns {

core::Status ReadLacXml(std::string_view file_name, std::string_view, LacReturn&) {
  return core::Fail(core::Code::kInvalidArgument,
                    std::string(file_name) + ": the XML form is not read yet");
}

}  // namespace sg::returns
