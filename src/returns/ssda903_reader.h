// Reading one year's SSDA903 return from its files: the CSV tables (each
// recognised by its header row, in any order and under any name) or the XML
// form of the whole return.
//
// Reading is all or nothing: the first file that cannot be read fails the
// whole return, naming the file and line, so that no rule ever runs on (and
// no import ever stores) part of a return.
#ifndef SAFEGUARD_RETURNS_SSDA903_READER_H_
#define SAFEGUARD_RETURNS_SSDA903_READER_H_

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "returns/ssda903_model.h"

namespace sg::returns {

struct LacSourceFile {
  std::string name;     // as shown in messages and findings
  std::string content;  // the whole file
};

struct LacReadReport {
  uint64_t bytes = 0;
  size_t failed_file = 0;  // when reading fails: the index of the file at fault
  std::vector<std::string> notes;  // e.g. columns ignored; nothing that loses data
};

// Reads `files` as the return for `collection_year` into `into` (which must
// be empty with its collection_year, and la_code when known, set), and
// derives the placement fields from the postcodes (ssda903_places.h).
core::Status ReadLacFiles(std::span<const LacSourceFile> files, LacReturn& into,
                          LacReadReport* report = nullptr);

// The same from paths; a file that cannot be opened fails the read.
core::Result<LacReturn> ReadLacReturn(std::span<const std::filesystem::path> files,
                                      int collection_year, std::string_view la_code = "",
                                      LacReadReport* report = nullptr,
                                      bool as_previous_year = false);

// True when the content is the XML form (its first non-blank character is '<').
bool LooksLikeXml(std::string_view content);

// Sets Header.UASC from the UASC table, as the DfE tool derives it: "1" for
// a child with a UASC row, "0" otherwise (left blank without the table).
void DeriveUascFlags(LacReturn& lac);

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_READER_H_
