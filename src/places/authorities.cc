#include "places/authorities.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <utility>

#include "core/csv.h"

namespace sg::embedded {
extern const std::string_view kLtlaToUtlaCsv;
extern const std::string_view kLaCodesCsv;
extern const std::string_view kOnsCodeAliasesCsv;
}  // namespace sg::embedded

namespace sg::places {
namespace {

using core::Code;
using core::Fail;
using core::Result;

// Prefixes of ONS codes that are an upper-tier authority in their own right.
constexpr std::array<std::string_view, 7> kOwnUpperTier = {"E06", "E08", "E09", "E10",
                                                           "W06", "S12", "N09"};
// ONS pseudo codes for the Channel Islands and the Isle of Man: outside
// every UK local authority.
constexpr std::array<std::string_view, 2> kCrownDependencies = {"L99999999", "M99999999"};

bool IsOnsCode(std::string_view code) {
  if (code.size() != 9 || code[0] < 'A' || code[0] > 'Z') return false;
  return std::all_of(code.begin() + 1, code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Printable(std::string_view text) {
  constexpr size_t kMaxShown = 40;
  std::string out;
  for (char c : text.substr(0, kMaxShown)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (text.size() > kMaxShown) out += "...";
  return out;
}

struct Record {
  int line;
  std::vector<std::string> values;  // in the order the columns were asked for
};

// The rows of `csv` as the named columns; blank lines are skipped.
Result<std::vector<Record>> ReadTable(std::string_view csv, std::string_view source,
                                      std::initializer_list<std::string_view> wanted) {
  if (csv.starts_with("\xEF\xBB\xBF")) csv.remove_prefix(3);
  auto header = core::SplitCsvRecord(core::NextCsvLine(csv));
  if (!header) return std::unexpected(header.error().WithContext(fmt::format("{} line 1", source)));
  std::vector<size_t> columns;
  for (std::string_view name : wanted) {
    auto it = std::find(header->begin(), header->end(), name);
    if (it == header->end()) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("{} line 1: no column '{}' in the header", source, name));
    }
    columns.push_back(static_cast<size_t>(it - header->begin()));
  }
  std::vector<Record> records;
  int line = 1;
  while (!csv.empty()) {
    std::string_view text = core::NextCsvLine(csv);
    ++line;
    if (text.empty()) continue;
    auto fields = core::SplitCsvRecord(text);
    if (!fields) {
      return std::unexpected(fields.error().WithContext(fmt::format("{} line {}", source, line)));
    }
    if (fields->size() != header->size()) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("{} line {}: expected {} fields, found {}", source, line,
                              header->size(), fields->size()));
    }
    Record record{line, {}};
    for (size_t column : columns) record.values.push_back(std::move((*fields)[column]));
    records.push_back(std::move(record));
  }
  return records;
}

core::Error BadRow(std::string_view source, int line, std::string message) {
  return core::Error(Code::kInvalidArgument, fmt::format("{} line {}: {}", source, line, message));
}

Result<std::string> OnsCode(std::string_view source, int line, std::string_view column,
                            const std::string& value) {
  if (!IsOnsCode(value)) {
    return std::unexpected(
        BadRow(source, line,
               fmt::format("{} '{}' is not a 9-character ONS code", column, Printable(value))));
  }
  return value;
}

Result<int> LaNumber(std::string_view source, int line, const std::string& value) {
  bool digits =
      !value.empty() && value.size() <= 3 &&
      std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  int number = 0;
  if (digits) {
    for (char c : value) number = number * 10 + (c - '0');
  }
  if (!digits || number < 1) {
    return std::unexpected(
        BadRow(source, line,
               fmt::format("la_number '{}' is not a number from 1 to 999", Printable(value))));
  }
  return number;
}

}  // namespace

std::string_view PlacementLocationCode(PlacementLocation location) {
  switch (location) {
    case PlacementLocation::kIn:
      return "IN";
    case PlacementLocation::kOut:
      return "OUT";
    case PlacementLocation::kUnknown:
      return "";
  }
  return "";
}

Result<Authorities> Authorities::Parse(std::string_view ltla_to_utla_csv,
                                       std::string_view la_codes_csv,
                                       std::string_view aliases_csv) {
  constexpr std::string_view kLtlaSource = "ltla_to_utla_april_2021.csv";
  constexpr std::string_view kLaCodesSource = "la-codes.csv";
  constexpr std::string_view kAliasesSource = "ons-code-aliases.csv";
  Authorities out;

  SG_ASSIGN_OR_RETURN(auto ltla,
                      ReadTable(ltla_to_utla_csv, kLtlaSource, {"LTLA21CD", "UTLA21CD"}));
  for (Record& r : ltla) {
    SG_ASSIGN_OR_RETURN(std::string lower, OnsCode(kLtlaSource, r.line, "LTLA21CD", r.values[0]));
    SG_ASSIGN_OR_RETURN(std::string upper, OnsCode(kLtlaSource, r.line, "UTLA21CD", r.values[1]));
    if (!out.upper_.emplace(lower, upper).second) {
      return std::unexpected(BadRow(kLtlaSource, r.line, fmt::format("{} is repeated", lower)));
    }
  }

  SG_ASSIGN_OR_RETURN(auto codes,
                      ReadTable(la_codes_csv, kLaCodesSource, {"la_number", "ons_code", "name"}));
  for (Record& r : codes) {
    SG_ASSIGN_OR_RETURN(int number, LaNumber(kLaCodesSource, r.line, r.values[0]));
    SG_ASSIGN_OR_RETURN(std::string code, OnsCode(kLaCodesSource, r.line, "ons_code", r.values[1]));
    if (r.values[2].empty()) return std::unexpected(BadRow(kLaCodesSource, r.line, "empty name"));
    auto same = std::find_if(out.entries_.begin(), out.entries_.end(), [&](const Entry& e) {
      return e.number == number || e.ons_code == code;
    });
    if (same != out.entries_.end()) {
      return std::unexpected(BadRow(kLaCodesSource, r.line,
                                    fmt::format("{} repeats the LA number or ONS code of {} {}",
                                                r.values[0], same->number, same->ons_code)));
    }
    out.entries_.push_back(Entry{number, std::move(code), std::move(r.values[2])});
  }
  std::sort(out.entries_.begin(), out.entries_.end(),
            [](const Entry& a, const Entry& b) { return a.number < b.number; });
  for (size_t i = 0; i < out.entries_.size(); ++i)
    out.by_code_.emplace(out.entries_[i].ons_code, i);

  SG_ASSIGN_OR_RETURN(auto aliases,
                      ReadTable(aliases_csv, kAliasesSource, {"ons_code", "la_number"}));
  for (Record& r : aliases) {
    SG_ASSIGN_OR_RETURN(std::string code, OnsCode(kAliasesSource, r.line, "ons_code", r.values[0]));
    SG_ASSIGN_OR_RETURN(int number, LaNumber(kAliasesSource, r.line, r.values[1]));
    auto entry = std::lower_bound(out.entries_.begin(), out.entries_.end(), number,
                                  [](const Entry& e, int n) { return e.number < n; });
    if (entry == out.entries_.end() || entry->number != number) {
      return std::unexpected(BadRow(kAliasesSource, r.line,
                                    fmt::format("LA number {} is not in la-codes.csv", number)));
    }
    if (!out.by_code_.emplace(code, static_cast<size_t>(entry - out.entries_.begin())).second) {
      return std::unexpected(
          BadRow(kAliasesSource, r.line, fmt::format("{} is already an authority's code", code)));
    }
  }
  return out;
}

const Authorities& Authorities::Embedded() {
  static const Authorities authorities = [] {
    auto parsed =
        Parse(embedded::kLtlaToUtlaCsv, embedded::kLaCodesCsv, embedded::kOnsCodeAliasesCsv);
    if (!parsed) {
      std::fprintf(stderr, "safeguard: broken build: embedded data/authorities: %s\n",
                   parsed.error().message().c_str());
      std::abort();
    }
    return *std::move(parsed);
  }();
  return authorities;
}

std::optional<std::string> Authorities::UpperTier(std::string_view lad_code) const {
  if (!IsOnsCode(lad_code)) return std::nullopt;
  if (auto it = upper_.find(lad_code); it != upper_.end()) return it->second;
  std::string_view prefix = lad_code.substr(0, 3);
  if (std::find(kOwnUpperTier.begin(), kOwnUpperTier.end(), prefix) != kOwnUpperTier.end()) {
    return std::string(lad_code);
  }
  return std::nullopt;
}

std::optional<Authority> Authorities::FindByNumber(int la_number) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), la_number,
                             [](const Entry& e, int n) { return e.number < n; });
  if (it == entries_.end() || it->number != la_number) return std::nullopt;
  return View(*it);
}

std::optional<Authority> Authorities::FindByCode(std::string_view ons_code) const {
  auto it = by_code_.find(ons_code);
  if (it == by_code_.end()) return std::nullopt;
  return View(entries_[it->second]);
}

std::vector<Authority> Authorities::All() const {
  std::vector<Authority> all;
  all.reserve(entries_.size());
  for (const Entry& entry : entries_) all.push_back(View(entry));
  return all;
}

PlacementLocation Authorities::Locate(std::string_view responsible_authority,
                                      const std::optional<PostcodeInfo>& placement) const {
  if (!placement || placement->district.empty() || !IsOnsCode(responsible_authority)) {
    return PlacementLocation::kUnknown;
  }
  std::optional<std::string> upper = UpperTier(placement->district);
  if (!upper) {
    bool abroad = std::find(kCrownDependencies.begin(), kCrownDependencies.end(),
                            placement->district) != kCrownDependencies.end();
    return abroad ? PlacementLocation::kOut : PlacementLocation::kUnknown;
  }
  std::optional<Authority> own = FindByCode(responsible_authority);
  std::optional<Authority> there = FindByCode(*upper);
  bool same = own && there ? own->number == there->number : *upper == responsible_authority;
  return same ? PlacementLocation::kIn : PlacementLocation::kOut;
}

std::optional<std::string> UpperTier(std::string_view lad_code) {
  return Authorities::Embedded().UpperTier(lad_code);
}

std::optional<Authority> FindByNumber(int la_number) {
  return Authorities::Embedded().FindByNumber(la_number);
}

std::optional<Authority> FindByCode(std::string_view ons_code) {
  return Authorities::Embedded().FindByCode(ons_code);
}

}  // namespace sg::places
