#include "places/postcode_directory.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/hash.h"
#include "core/shipped_path.h"

namespace sg::places {
namespace {

using core::Code;
using core::Fail;
using core::Result;
using core::Status;

static_assert(std::endian::native == std::endian::little,
              "the postcode index is written and read little-endian");

constexpr char kMagic[8] = {'S', 'G', 'P', 'C', 'I', 'D', 'X', '\n'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderBytes = 512;
constexpr size_t kDistrictEntryBytes = 16;
constexpr size_t kDistrictCodeLength = 9;  // "E06000049"
constexpr int kKeyBits = 48;               // PostcodeKey: 8 characters x 6 bits
constexpr uint32_t kBlockRecords = 64;     // records per fence: 512 bytes of keys
constexpr uint32_t kMaxBlockRecords = 65'536;
constexpr uint64_t kMaxRecords = 50'000'000;  // the ONSPD holds 2.7 million
constexpr uint64_t kMaxDistricts = 65'536;    // ids are uint16
constexpr int32_t kNoGrid = INT32_MIN;
constexpr int32_t kMaxCoordinate = 2'000'000;            // metres; both grids stay well inside
constexpr uint64_t kIrishGridPrefix = (13u << 6) | 31u;  // PostcodeKey's first two codes: "BT"
constexpr size_t kMaxLineBytes = 1 << 20;
constexpr std::string_view kCsvHeader = "postcode,easting,northing,la_code";
constexpr std::string_view kRebuildHint =
    "rebuild it with `cmake --build <build dir> --target postcode_index` (which writes "
    "<build dir>/data/postcodes.idx) or `sg_postcode_index "
    "data/postcodes/onspd_postcodes.csv.gz <index file>`, or point SAFEGUARD_POSTCODES at "
    "an index";

// The first 512 bytes of the file, exactly as stored.
struct FileHeader {
  char magic[8];
  uint32_t version;
  uint32_t header_bytes;
  uint64_t file_bytes;
  uint64_t records;
  uint32_t districts;      // entries in the district table, entry 0 = ""
  uint32_t block_records;  // records per fence, a power of two
  uint64_t districts_offset;
  uint64_t fences_offset;
  uint64_t keys_offset;
  uint64_t grids_offset;
  uint64_t district_ids_offset;
  uint32_t districts_crc;  // CRC-32 of [districts_offset, fences_offset)
  uint32_t records_crc;    // CRC-32 of [fences_offset, file_bytes)
  char source[400];        // NUL-terminated description of the source file
  char reserved[20];
  uint32_t header_crc;  // CRC-32 of every byte before this field
};
static_assert(sizeof(FileHeader) == kHeaderBytes);
static_assert(offsetof(FileHeader, header_crc) == kHeaderBytes - sizeof(uint32_t));
static_assert(std::is_trivially_copyable_v<FileHeader>);

struct Layout {
  uint64_t districts_offset;
  uint64_t fences_offset;
  uint64_t keys_offset;
  uint64_t grids_offset;
  uint64_t district_ids_offset;
  uint64_t file_bytes;
};

constexpr uint64_t Align8(uint64_t n) {
  return (n + 7) & ~uint64_t{7};
}

uint64_t FenceCount(uint64_t records, uint64_t block_records) {
  return (records + block_records - 1) / block_records;
}

// Callers keep the counts within kMaxRecords, kMaxDistricts and
// kMaxBlockRecords, so nothing here can overflow.
Layout ComputeLayout(uint64_t records, uint64_t districts, uint64_t block_records) {
  Layout l;
  l.districts_offset = kHeaderBytes;
  l.fences_offset = Align8(l.districts_offset + districts * kDistrictEntryBytes);
  l.keys_offset = l.fences_offset + FenceCount(records, block_records) * 8;
  l.grids_offset = l.keys_offset + records * 8;
  l.district_ids_offset = l.grids_offset + records * 8;
  l.file_bytes = Align8(l.district_ids_offset + records * 2);
  return l;
}

template <typename T>
T Load(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

template <typename T>
void Store(char* p, T value) {
  std::memcpy(p, &value, sizeof value);
}

// How many of the `count` ascending uint64 at `p` are below `key` (or equal
// to it, with kOrEqual): a binary search. (A branch-free version measured no
// faster: on data not in cache, speculation past the branch prefetches.)
template <bool kOrEqual>
uint64_t CountBelow(const char* p, uint64_t count, uint64_t key) {
  uint64_t lo = 0;
  uint64_t hi = count;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    const uint64_t value = Load<uint64_t>(p + mid * 8);
    if (kOrEqual ? value <= key : value < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

uint32_t Crc32(const char* data, size_t size) {
  return static_cast<uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(data), size));
}

// "SK10 1DX" back from its key, for messages.
std::string DecodeKey(uint64_t key) {
  std::string postcode;
  for (int shift = kKeyBits - 6; shift >= 0; shift -= 6) {
    auto code = static_cast<unsigned>((key >> shift) & 63);
    if (code == 0) break;
    if (code == 1) {
      postcode.push_back(' ');
    } else {
      postcode.push_back(code <= 11 ? static_cast<char>('0' + code - 2)
                                    : static_cast<char>('A' + code - 12));
    }
  }
  return postcode;
}

// A field as it may be echoed in a message: printable ASCII, at most 20 characters.
std::string Printable(std::string_view text) {
  constexpr size_t kMaxShown = 20;
  std::string out;
  for (char c : text.substr(0, kMaxShown)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (text.size() > kMaxShown) out += "...";
  return out;
}

bool IsDistrictCode(std::string_view code) {
  if (code.size() != kDistrictCodeLength || code[0] < 'A' || code[0] > 'Z') return false;
  return std::all_of(code.begin() + 1, code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string ErrnoText() {
  return std::strerror(errno);
}

// ---------------------------------------------------------------------------
// Building

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    Code code = errno == ENOENT ? Code::kNotFound : Code::kUnavailable;
    return Fail(code,
                fmt::format("cannot open postcode source {}: {}", path.string(), ErrnoText()));
  }
  std::string bytes;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) bytes.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string error = ErrnoText();
      ::close(fd);
      return Fail(Code::kUnavailable, fmt::format("cannot read {}: {}", path.string(), error));
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return bytes;
}

// Lines of a gzip-compressed or plain text file, without their "\n" or "\r\n".
class LineReader {
 public:
  LineReader() = default;
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  ~LineReader() {
    if (file_ != nullptr) gzclose(file_);
  }

  Status Open(const std::filesystem::path& path) {
    name_ = path.string();
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr) {
      return Fail(Code::kUnavailable, fmt::format("cannot open {}: {}", name_, ErrnoText()));
    }
    gzbuffer(file_, 1 << 17);
    buffer_.resize(kMaxLineBytes);
    return {};
  }

  // The next line, or nullopt at the end of the file.
  Result<std::optional<std::string_view>> Next() {
    while (true) {
      const char* begin = buffer_.data() + pos_;
      const void* newline = std::memchr(begin, '\n', end_ - pos_);
      if (newline != nullptr) {
        auto length = static_cast<size_t>(static_cast<const char*>(newline) - begin);
        pos_ += length + 1;
        return Trim(std::string_view(begin, length));
      }
      if (eof_) {
        if (pos_ == end_) return std::nullopt;
        std::string_view last(begin, end_ - pos_);
        pos_ = end_;
        return Trim(last);
      }
      SG_RETURN_IF_ERROR(Refill());
    }
  }

 private:
  static std::string_view Trim(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }

  Status Refill() {
    std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
    if (end_ == buffer_.size()) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("{} has a line longer than {} bytes", name_, kMaxLineBytes));
    }
    int n = gzread(file_, buffer_.data() + end_, static_cast<unsigned>(buffer_.size() - end_));
    int error = Z_OK;
    const char* message = gzerror(file_, &error);
    if (n < 0 || (error != Z_OK && error != Z_BUF_ERROR && error != Z_STREAM_END)) {
      return Fail(Code::kDataLoss, fmt::format("cannot read {}: {}", name_, message));
    }
    if (n == 0) {
      if (error == Z_BUF_ERROR) {
        return Fail(
            Code::kDataLoss,
            fmt::format("{} ends in the middle of its compressed data (truncated .gz)", name_));
      }
      eof_ = true;
    }
    end_ += static_cast<size_t>(n);
    return {};
  }

  std::string name_;
  gzFile file_ = nullptr;
  std::string buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
};

struct Row {
  uint64_t key;
  int32_t easting;
  int32_t northing;
  uint32_t line;
  uint16_t district;
};

// District codes in order of first appearance; id 0 is "no code".
class DistrictTable {
 public:
  DistrictTable() { codes_.emplace_back(); }

  Result<uint16_t> Intern(std::string_view code) {
    if (code.empty()) return uint16_t{0};
    if (code == last_code_) return last_id_;
    auto [it, added] = ids_.try_emplace(std::string(code), codes_.size());
    if (added) {
      if (codes_.size() >= kMaxDistricts) {
        return Fail(Code::kInvalidArgument,
                    fmt::format("more than {} distinct district codes", kMaxDistricts - 1));
      }
      codes_.emplace_back(code);
    }
    last_code_ = it->first;
    last_id_ = static_cast<uint16_t>(it->second);
    return last_id_;
  }

  // Sorts the codes (keeping "" first) and returns old id -> new id.
  std::vector<uint16_t> Sort() {
    std::vector<uint16_t> order(codes_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint16_t>(i);
    std::sort(order.begin(), order.end(),
              [&](uint16_t a, uint16_t b) { return codes_[a] < codes_[b]; });
    std::vector<uint16_t> remap(codes_.size());
    std::vector<std::string> sorted(codes_.size());
    for (size_t i = 0; i < order.size(); ++i) {
      remap[order[i]] = static_cast<uint16_t>(i);
      sorted[i] = codes_[order[i]];
    }
    codes_ = std::move(sorted);
    ids_.clear();
    last_code_ = {};
    return remap;
  }

  const std::vector<std::string>& codes() const { return codes_; }

 private:
  std::vector<std::string> codes_;
  std::unordered_map<std::string, size_t> ids_;
  std::string_view last_code_;  // points into a key of ids_
  uint16_t last_id_ = 0;
};

Result<int32_t> ParseCoordinate(std::string_view text, std::string_view column) {
  bool digits = !text.empty() && text.size() <= 7 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  int32_t value = 0;
  if (digits) {
    for (char c : text) value = value * 10 + (c - '0');
  }
  if (!digits || value > kMaxCoordinate) {
    return Fail(Code::kInvalidArgument,
                fmt::format("{} '{}' is not a whole number of metres from 0 to {}", column,
                            Printable(text), kMaxCoordinate));
  }
  return value;
}

Result<Row> ParseRow(std::string_view line, DistrictTable& districts) {
  std::string_view fields[4];
  size_t count = 0;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    std::string_view field =
        line.substr(start, comma == std::string_view::npos ? line.npos : comma - start);
    if (count < 4) fields[count] = field;
    ++count;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (count != 4) {
    return Fail(
        Code::kInvalidArgument,
        fmt::format("expected 4 fields (postcode,easting,northing,la_code), found {}", count));
  }
  Row row{};
  auto key = PostcodeKey(fields[0]);
  if (!key) {
    return Fail(Code::kInvalidArgument,
                fmt::format("postcode '{}' is not a postcode", Printable(fields[0])));
  }
  row.key = *key;
  if (fields[1].empty() && fields[2].empty()) {
    row.easting = row.northing = kNoGrid;
  } else if (fields[1].empty() || fields[2].empty()) {
    return Fail(Code::kInvalidArgument, "easting and northing must both be given or both be empty");
  } else {
    SG_ASSIGN_OR_RETURN(row.easting, ParseCoordinate(fields[1], "easting"));
    SG_ASSIGN_OR_RETURN(row.northing, ParseCoordinate(fields[2], "northing"));
  }
  if (!fields[3].empty() && !IsDistrictCode(fields[3])) {
    return Fail(Code::kInvalidArgument,
                fmt::format("la_code '{}' is not a 9-character ONS code (a letter and 8 digits)",
                            Printable(fields[3])));
  }
  SG_ASSIGN_OR_RETURN(row.district, districts.Intern(fields[3]));
  return row;
}

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::filesystem::path temp = path;
  temp += fmt::format(".tmp{}", ::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Fail(Code::kUnavailable,
                fmt::format("cannot create {}: {}", temp.string(), ErrnoText()));
  }
  auto fail = [&](std::string_view what) {
    std::string error = ErrnoText();
    ::close(fd);
    ::unlink(temp.c_str());
    return Fail(Code::kUnavailable, fmt::format("cannot {} {}: {}", what, temp.string(), error));
  };
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write");
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("flush");
  if (::close(fd) != 0) {
    std::string error = ErrnoText();
    ::unlink(temp.c_str());
    return Fail(Code::kUnavailable, fmt::format("cannot write {}: {}", temp.string(), error));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    std::string error = ErrnoText();
    ::unlink(temp.c_str());
    return Fail(Code::kUnavailable,
                fmt::format("cannot rename {} to {}: {}", temp.string(), path.string(), error));
  }
  return {};
}

// The index file for `rows` (sorted by key) and `districts`.
std::string Serialise(const std::vector<Row>& rows, const std::vector<std::string>& districts,
                      std::string_view source) {
  const uint64_t n = rows.size();
  const Layout layout = ComputeLayout(n, districts.size(), kBlockRecords);
  std::string out(layout.file_bytes, '\0');
  char* base = out.data();

  for (size_t i = 0; i < districts.size(); ++i) {
    std::memcpy(base + layout.districts_offset + i * kDistrictEntryBytes, districts[i].data(),
                districts[i].size());
  }
  for (uint64_t f = 0; f < FenceCount(n, kBlockRecords); ++f) {
    Store<uint64_t>(base + layout.fences_offset + f * 8, rows[f * kBlockRecords].key);
  }
  for (uint64_t i = 0; i < n; ++i) {
    Store<uint64_t>(base + layout.keys_offset + i * 8, rows[i].key);
    Store<int32_t>(base + layout.grids_offset + i * 8, rows[i].easting);
    Store<int32_t>(base + layout.grids_offset + i * 8 + 4, rows[i].northing);
    Store<uint16_t>(base + layout.district_ids_offset + i * 2, rows[i].district);
  }

  FileHeader header{};
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.version = kVersion;
  header.header_bytes = kHeaderBytes;
  header.file_bytes = layout.file_bytes;
  header.records = n;
  header.districts = static_cast<uint32_t>(districts.size());
  header.block_records = kBlockRecords;
  header.districts_offset = layout.districts_offset;
  header.fences_offset = layout.fences_offset;
  header.keys_offset = layout.keys_offset;
  header.grids_offset = layout.grids_offset;
  header.district_ids_offset = layout.district_ids_offset;
  header.districts_crc =
      Crc32(base + layout.districts_offset, layout.fences_offset - layout.districts_offset);
  header.records_crc = Crc32(base + layout.fences_offset, layout.file_bytes - layout.fences_offset);
  std::string_view description = source.substr(0, sizeof header.source - 1);
  std::memcpy(header.source, description.data(), description.size());
  std::memcpy(base, &header, sizeof header);
  header.header_crc = Crc32(base, offsetof(FileHeader, header_crc));
  std::memcpy(base, &header, sizeof header);
  return out;
}

// ---------------------------------------------------------------------------
// Opening

core::Error Damaged(const std::filesystem::path& path, std::string_view what) {
  return core::Error(Code::kDataLoss, fmt::format("postcode index {} is damaged ({}); {}",
                                                  path.string(), what, kRebuildHint));
}

}  // namespace

Result<BuildStats> PostcodeDirectory::BuildIndex(const std::filesystem::path& source_csv_or_gz,
                                                 const std::filesystem::path& index_out) {
  const std::string name = source_csv_or_gz.string();
  BuildStats stats;
  {
    SG_ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(source_csv_or_gz));
    stats.source = fmt::format("{}; {} bytes; sha256 {}", source_csv_or_gz.filename().string(),
                               bytes.size(), core::Sha256Hex(bytes));
  }

  LineReader reader;
  SG_RETURN_IF_ERROR(reader.Open(source_csv_or_gz));
  DistrictTable districts;
  std::vector<Row> rows;
  rows.reserve(3'000'000);
  uint32_t line_number = 0;
  while (true) {
    SG_ASSIGN_OR_RETURN(std::optional<std::string_view> line, reader.Next());
    if (!line) break;
    ++line_number;
    if (line_number == 1) {
      std::string_view header = *line;
      if (header.starts_with("\xEF\xBB\xBF")) header.remove_prefix(3);
      if (header != kCsvHeader) {
        return Fail(Code::kInvalidArgument,
                    fmt::format("{} line 1: expected the header '{}', found '{}'", name, kCsvHeader,
                                Printable(header)));
      }
      continue;
    }
    auto row = ParseRow(*line, districts);
    if (!row) {
      return std::unexpected(row.error().WithContext(fmt::format("{} line {}", name, line_number)));
    }
    row->line = line_number;
    if (row->easting == kNoGrid) ++stats.without_grid;
    rows.push_back(*row);
    if (rows.size() > kMaxRecords) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("{} has more than {} postcodes", name, kMaxRecords));
    }
  }
  if (line_number == 0) {
    return Fail(Code::kInvalidArgument, fmt::format("{} is empty", name));
  }
  if (rows.empty()) {
    return Fail(Code::kInvalidArgument, fmt::format("{} has no postcodes", name));
  }

  std::vector<uint16_t> remap = districts.Sort();
  for (Row& row : rows) row.district = remap[row.district];
  // The ONSPD extract is sorted already; a hand-made file may not be.
  auto by_key = [](const Row& a, const Row& b) { return a.key < b.key; };
  if (!std::is_sorted(rows.begin(), rows.end(), by_key)) {
    std::stable_sort(rows.begin(), rows.end(), by_key);
  }
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].key == rows[i - 1].key) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("{} line {}: postcode {} is repeated (also on line {})", name,
                              std::max(rows[i].line, rows[i - 1].line), DecodeKey(rows[i].key),
                              std::min(rows[i].line, rows[i - 1].line)));
    }
  }

  std::string index = Serialise(rows, districts.codes(), stats.source);
  stats.postcodes = rows.size();
  std::vector<Row>().swap(rows);
  SG_RETURN_IF_ERROR(WriteFileAtomically(index_out, index));
  stats.districts = static_cast<uint32_t>(districts.codes().size() - 1);
  stats.index_bytes = index.size();
  return stats;
}

Result<PostcodeDirectory> PostcodeDirectory::Open(const std::filesystem::path& index) {
  int fd = ::open(index.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return Fail(Code::kNotFound,
                  fmt::format("postcode index {} not found; {}", index.string(), kRebuildHint));
    }
    return Fail(Code::kUnavailable,
                fmt::format("cannot open postcode index {}: {}", index.string(), ErrnoText()));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Fail(Code::kUnavailable,
                fmt::format("postcode index {} is not a readable file", index.string()));
  }
  const auto size = static_cast<size_t>(st.st_size);
  if (size < sizeof kMagic) {
    ::close(fd);
    return std::unexpected(Damaged(index, fmt::format("only {} bytes", size)));
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) {
    return Fail(Code::kUnavailable,
                fmt::format("cannot map postcode index {}: {}", index.string(), ErrnoText()));
  }
  PostcodeDirectory dir;
  dir.path_ = index;
  dir.map_ = static_cast<const char*>(map);
  dir.map_size_ = size;
  const char* base = dir.map_;

  if (std::memcmp(base, kMagic, sizeof kMagic) != 0) {
    return Fail(Code::kDataLoss, fmt::format("{} is not a Safeguard postcode index; {}",
                                             index.string(), kRebuildHint));
  }
  if (size < kHeaderBytes) {
    return std::unexpected(Damaged(index, fmt::format("truncated: {} bytes, shorter than its "
                                                      "{}-byte header",
                                                      size, kHeaderBytes)));
  }
  FileHeader header;
  std::memcpy(&header, base, sizeof header);
  if (header.version != kVersion) {
    return Fail(Code::kFailedPrecondition,
                fmt::format("postcode index {} has format version {}, this program reads "
                            "version {}; {}",
                            index.string(), header.version, kVersion, kRebuildHint));
  }
  if (Crc32(base, offsetof(FileHeader, header_crc)) != header.header_crc) {
    return std::unexpected(Damaged(index, "header checksum mismatch"));
  }
  if (header.file_bytes != size) {
    return std::unexpected(Damaged(
        index, fmt::format("{}: the file has {} bytes, its header says {}",
                           size < header.file_bytes ? "truncated" : "extra bytes at the end", size,
                           header.file_bytes)));
  }
  if (header.header_bytes != kHeaderBytes || header.records == 0 || header.records > kMaxRecords ||
      header.districts == 0 || header.districts > kMaxDistricts || header.block_records == 0 ||
      header.block_records > kMaxBlockRecords || !std::has_single_bit(header.block_records)) {
    return std::unexpected(Damaged(index, "impossible counts in the header"));
  }
  const Layout layout = ComputeLayout(header.records, header.districts, header.block_records);
  if (layout.file_bytes != header.file_bytes ||
      layout.districts_offset != header.districts_offset ||
      layout.fences_offset != header.fences_offset || layout.keys_offset != header.keys_offset ||
      layout.grids_offset != header.grids_offset ||
      layout.district_ids_offset != header.district_ids_offset) {
    return std::unexpected(Damaged(index, "section offsets do not match the counts"));
  }
  if (Crc32(base + layout.districts_offset, layout.fences_offset - layout.districts_offset) !=
      header.districts_crc) {
    return std::unexpected(Damaged(index, "district table checksum mismatch"));
  }
  for (uint32_t i = 0; i < header.districts; ++i) {
    const char* entry = base + layout.districts_offset + i * kDistrictEntryBytes;
    std::string_view code(entry, ::strnlen(entry, kDistrictEntryBytes));
    bool ok = i == 0 ? code.empty() : IsDistrictCode(code);
    ok = ok && std::all_of(entry + code.size(), entry + kDistrictEntryBytes,
                           [](char c) { return c == '\0'; });
    if (!ok) return std::unexpected(Damaged(index, fmt::format("district entry {}", i)));
  }

  header.source[sizeof header.source - 1] = '\0';
  dir.source_ = header.source;
  dir.records_ = header.records;
  dir.districts_ = header.districts;
  dir.block_records_ = header.block_records;
  dir.fence_count_ = FenceCount(header.records, header.block_records);
  dir.district_table_ = base + layout.districts_offset;
  dir.fences_ = base + layout.fences_offset;
  dir.keys_ = base + layout.keys_offset;
  dir.grids_ = base + layout.grids_offset;
  dir.district_ids_ = base + layout.district_ids_offset;
  dir.payload_crc_ = header.records_crc;
  return dir;
}

Result<PostcodeDirectory> PostcodeDirectory::OpenDefault() {
  return Open(DefaultIndexPath());
}

std::filesystem::path PostcodeDirectory::DefaultIndexPath() {
  return core::ShippedPath("SAFEGUARD_POSTCODES", std::filesystem::path("data") / "postcodes.idx");
}

PostcodeDirectory::PostcodeDirectory(PostcodeDirectory&& other) noexcept {
  *this = std::move(other);
}

PostcodeDirectory& PostcodeDirectory::operator=(PostcodeDirectory&& other) noexcept {
  if (this != &other) {
    Release();
    path_ = std::move(other.path_);
    source_ = std::move(other.source_);
    map_ = std::exchange(other.map_, nullptr);
    map_size_ = std::exchange(other.map_size_, 0);
    records_ = std::exchange(other.records_, 0);
    districts_ = std::exchange(other.districts_, 0);
    block_records_ = other.block_records_;
    fence_count_ = std::exchange(other.fence_count_, 0);
    district_table_ = std::exchange(other.district_table_, nullptr);
    fences_ = std::exchange(other.fences_, nullptr);
    keys_ = std::exchange(other.keys_, nullptr);
    grids_ = std::exchange(other.grids_, nullptr);
    district_ids_ = std::exchange(other.district_ids_, nullptr);
    payload_crc_ = other.payload_crc_;
  }
  return *this;
}

PostcodeDirectory::~PostcodeDirectory() {
  Release();
}

void PostcodeDirectory::Release() {
  if (map_ != nullptr) ::munmap(const_cast<char*>(map_), map_size_);
  map_ = nullptr;
  map_size_ = 0;
  records_ = 0;
}

std::optional<PostcodeInfo> PostcodeDirectory::Find(std::string_view postcode) const {
  if (records_ == 0) return std::nullopt;  // moved from
  std::optional<uint64_t> key = PostcodeKey(postcode);
  if (!key) return std::nullopt;
  // The last block whose first key is <= key, then the key's place in it.
  // Both searches stay inside the file whatever the fences hold.
  const uint64_t fences_at_or_below = CountBelow<true>(fences_, fence_count_, *key);
  if (fences_at_or_below == 0) return std::nullopt;  // before the first postcode
  const uint64_t begin = (fences_at_or_below - 1) * block_records_;
  const uint64_t end = std::min(begin + block_records_, records_);
  const uint64_t lo = begin + CountBelow<false>(keys_ + begin * 8, end - begin, *key);
  if (lo == end || Load<uint64_t>(keys_ + lo * 8) != *key) return std::nullopt;

  PostcodeInfo info;
  const int32_t easting = Load<int32_t>(grids_ + lo * 8);
  const int32_t northing = Load<int32_t>(grids_ + lo * 8 + 4);
  if (easting != kNoGrid && northing != kNoGrid) {
    Grid grid =
        (*key >> (kKeyBits - 12)) == kIrishGridPrefix ? Grid::kIrish : Grid::kBritishNational;
    info.grid = GridRef{easting, northing, grid};
  }
  const uint16_t id = Load<uint16_t>(district_ids_ + lo * 2);
  if (id < districts_) {
    const char* entry = district_table_ + uint64_t{id} * kDistrictEntryBytes;
    info.district = std::string_view(entry, ::strnlen(entry, kDistrictEntryBytes));
  }
  return info;
}

Status PostcodeDirectory::Verify() const {
  if (map_ == nullptr) return Fail(Code::kFailedPrecondition, "postcode index is not open");
  const auto fences_offset = static_cast<size_t>(fences_ - map_);
  if (Crc32(fences_, map_size_ - fences_offset) != payload_crc_) {
    return std::unexpected(Damaged(path_, "record checksum mismatch"));
  }
  uint64_t previous = 0;
  for (uint64_t i = 0; i < records_; ++i) {
    const uint64_t key = Load<uint64_t>(keys_ + i * 8);
    if ((i > 0 && key <= previous) || (key >> kKeyBits) != 0) {
      return std::unexpected(Damaged(path_, fmt::format("record {} out of order", i)));
    }
    if (i % block_records_ == 0 && Load<uint64_t>(fences_ + (i / block_records_) * 8) != key) {
      return std::unexpected(Damaged(path_, fmt::format("fence of record {}", i)));
    }
    const int32_t easting = Load<int32_t>(grids_ + i * 8);
    const int32_t northing = Load<int32_t>(grids_ + i * 8 + 4);
    const bool no_grid = easting == kNoGrid && northing == kNoGrid;
    const bool in_range =
        easting >= 0 && easting <= kMaxCoordinate && northing >= 0 && northing <= kMaxCoordinate;
    if (!no_grid && !in_range) {
      return std::unexpected(Damaged(path_, fmt::format("record {} grid reference", i)));
    }
    if (Load<uint16_t>(district_ids_ + i * 2) >= districts_) {
      return std::unexpected(Damaged(path_, fmt::format("record {} district", i)));
    }
    previous = key;
  }
  return {};
}

}  // namespace sg::places
