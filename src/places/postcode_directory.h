// PostcodeDirectory: every UK postcode (ONS Postcode Directory) with its grid
// reference and local authority district, looked up from a memory-mapped
// index file in a fraction of a microsecond.
//
// The source is data/postcodes/onspd_postcodes.csv.gz (2.7 million rows of
// `postcode,easting,northing,la_code`, see data/postcodes/README.md). Parsing
// it takes about a second, too slow for every run of the program, so the
// build turns it once into a binary index (`sg_postcode_index`, run by the
// CMake target `postcode_index`) and the program maps that file read-only.
//
// Index format (version 1, little-endian, every section 8-byte aligned):
//   header (512 bytes): magic "SGPCIDX\n", format version, file size, record
//     count, district count, records per block, section offsets, CRC-32 of
//     the district table, CRC-32 of everything after it, a description of
//     the source file (name, size, SHA-256) and a CRC-32 of the header;
//   district table: 16 bytes per ONS LAD code (NUL-padded), entry 0 = "";
//   fences: uint64, the first key of every block of 64 records;
//   keys: uint64 per record (PostcodeKey), strictly increasing;
//   grid refs: int32 easting, int32 northing per record, INT32_MIN for both
//     when the postcode has no grid reference;
//   district ids: uint16 per record, an index into the district table.
// A lookup binary-searches the fences (340 KB, mostly in cache after a few
// lookups) and then the 64 keys (512 bytes) of one block.
//
// Open() reads only the header and the district table, so it takes
// microseconds; it refuses, with a message saying how to rebuild, a file
// that is missing, not an index, of another format version, truncated or
// extended, or whose header or district table fails its checksum. Whatever
// the rest of the file holds, Find() stays inside it; a damaged record can
// only give a wrong answer, which Verify() detects (the index tool runs it
// after every build).
// BuildIndex replaces an index by rename, never in place, so a running
// program keeps reading the file it opened. Truncating a mapped index in
// place (not something Safeguard does) would make a lookup fault (SIGBUS).
//
// Where the index is looked for (DefaultIndexPath): $SAFEGUARD_POSTCODES if
// set; else `data/postcodes.idx` in the executable's directory or one of its
// five nearest ancestors (core::ShippedPath). The build writes ${CMAKE_BINARY_DIR}/data/
// postcodes.idx, found from build/<preset>/src/cli/safeguard, from tests in
// build/<preset>/src/<module>/ and from build/<preset>/bench/; an
// installation puts it in <prefix>/data/ beside <prefix>/bin/.
//
// Thread safety: a PostcodeDirectory is immutable once open; Find() may be
// called from any number of threads.
#ifndef SAFEGUARD_PLACES_POSTCODE_DIRECTORY_H_
#define SAFEGUARD_PLACES_POSTCODE_DIRECTORY_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "places/postcode.h"

namespace sg::places {

struct BuildStats {
  uint64_t postcodes = 0;     // rows in the source, one per postcode
  uint64_t without_grid = 0;  // of which without a grid reference
  uint32_t districts = 0;     // distinct LAD codes (not counting "none")
  uint64_t index_bytes = 0;   // size of the index written
  std::string source;         // the description stored in the index header
};

class PostcodeDirectory {
 public:
  // Reads an ONSPD-format CSV (gzip-compressed or plain: zlib reads both),
  // checks every row and writes the index to `index_out`, through a
  // temporary file renamed into place, so a failed build leaves any previous
  // index untouched. Fails with kInvalidArgument naming the line of the first
  // bad row (not 4 fields, a grid reference that is not a whole number or
  // only half present, a LAD code that is not 9 characters, an impossible or
  // repeated postcode), kNotFound for a missing source, kDataLoss for a
  // damaged .gz, kUnavailable when the index cannot be written.
  static core::Result<BuildStats> BuildIndex(const std::filesystem::path& source_csv_or_gz,
                                             const std::filesystem::path& index_out);

  // Maps an index built by BuildIndex. See the overview for what is refused.
  static core::Result<PostcodeDirectory> Open(const std::filesystem::path& index);
  // Open(DefaultIndexPath()).
  static core::Result<PostcodeDirectory> OpenDefault();
  // Where the program looks for the index; see the overview. When no
  // candidate exists, the relative path data/postcodes.idx, which the error
  // of Open() then names.
  static std::filesystem::path DefaultIndexPath();

  PostcodeDirectory(PostcodeDirectory&& other) noexcept;
  PostcodeDirectory& operator=(PostcodeDirectory&& other) noexcept;
  PostcodeDirectory(const PostcodeDirectory&) = delete;
  PostcodeDirectory& operator=(const PostcodeDirectory&) = delete;
  ~PostcodeDirectory();

  // The postcode's grid reference and district, after normalising it;
  // nullopt for a postcode that is not in the directory or cannot be one.
  std::optional<PostcodeInfo> Find(std::string_view postcode) const;

  // Full check of everything Open() does not read: the checksum, keys in
  // strict order and matching their fences, grid references and district
  // ids within range. Reads the whole file (tens of milliseconds).
  core::Status Verify() const;

  uint64_t size() const { return records_; }              // postcodes
  uint32_t district_count() const { return districts_; }  // including entry 0 ""
  size_t file_bytes() const { return map_size_; }
  const std::string& source() const { return source_; }  // name, size, SHA-256
  const std::filesystem::path& path() const { return path_; }

 private:
  PostcodeDirectory() = default;
  void Release();

  std::filesystem::path path_;
  std::string source_;
  const char* map_ = nullptr;  // the whole file, read-only
  size_t map_size_ = 0;
  uint64_t records_ = 0;
  uint32_t districts_ = 0;
  uint64_t block_records_ = 0;  // records per fence
  uint64_t fence_count_ = 0;
  const char* district_table_ = nullptr;
  const char* fences_ = nullptr;
  const char* keys_ = nullptr;
  const char* grids_ = nullptr;
  const char* district_ids_ = nullptr;
  uint32_t payload_crc_ = 0;
};

}  // namespace sg::places

#endif  // SAFEGUARD_PLACES_POSTCODE_DIRECTORY_H_
