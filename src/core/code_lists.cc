#include "core/code_lists.h"

#include "core/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <unordered_map>
#include <utility>

namespace sg::embedded {
extern const std::string_view kCodeListsCsv;
}

namespace sg::core {
namespace {

constexpr int kOpenEnded = 9999;
constexpr int kMinYear = 2000;  // earliest collection year a file may name
constexpr int kMaxYear = 2199;  // latest explicit year; 9999 means "still current"

constexpr std::array<CodeList, 16> kAllLists = {
    CodeList::kReferralSource,     CodeList::kPrimaryNeed,
    CodeList::kReasonForClosure,   CodeList::kAssessmentFactor,
    CodeList::kCategoryOfAbuse,    CodeList::kDisability,
    CodeList::kEthnicity,          CodeList::kLegalStatus,
    CodeList::kReasonNewEpisode,   CodeList::kPlacementType,
    CodeList::kPlacementProvider,  CodeList::kReasonEpisodeCeased,
    CodeList::kReasonPlaceChange,  CodeList::kCareLeaverInTouch,
    CodeList::kCareLeaverActivity, CodeList::kCareLeaverAccommodation,
};

constexpr std::string_view kHeader[] = {"list", "code", "description", "first_year", "last_year"};
constexpr size_t kFieldCount = std::size(kHeader);

// "placement_type" -> "placement type", for messages.
std::string HumanName(CodeList list) {
  std::string name(CodeListName(list));
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

// 2025 -> "2024-25", the way the DfE names its collections.
std::string YearSpan(int year) {
  if (year < 1001 || year > 9999) return fmt::format("{}", year);
  return fmt::format("{}-{:02}", year - 1, year % 100);
}

// A code as it may safely be echoed in a message: printable ASCII only, and
// short, since it may be whatever an imported file happened to contain.
std::string Printable(std::string_view code) {
  constexpr size_t kMaxShown = 20;
  std::string out;
  for (char c : code.substr(0, kMaxShown)) {
    out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  }
  if (code.size() > kMaxShown) out += "...";
  return out;
}


// Parses a year column. `open_ended` allows the empty string (-> 9999).
Result<int> ParseYear(std::string_view text, std::string_view column, bool open_ended) {
  if (text.empty() && open_ended) return kOpenEnded;
  int year = 0;
  bool digits = !text.empty() &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    digits = ec == std::errc() && ptr == text.data() + text.size();
  }
  bool in_range =
      digits && ((year >= kMinYear && year <= kMaxYear) || (open_ended && year == kOpenEnded));
  if (!in_range) {
    return Fail(
        Code::kInvalidArgument,
        fmt::format("{} '{}' is not a collection year between {} and {}{}", column, Printable(text),
                    kMinYear, kMaxYear, open_ended ? " (or empty for still current)" : ""));
  }
  return year;
}

bool IsCodeText(std::string_view code) {
  return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  });
}

bool ListLess(const CodeEntry& a, const CodeEntry& b) {
  return static_cast<int>(a.list) < static_cast<int>(b.list);
}

}  // namespace

std::string_view CodeListName(CodeList list) {
  switch (list) {
    case CodeList::kReferralSource:
      return "referral_source";
    case CodeList::kPrimaryNeed:
      return "primary_need";
    case CodeList::kReasonForClosure:
      return "reason_for_closure";
    case CodeList::kAssessmentFactor:
      return "assessment_factor";
    case CodeList::kCategoryOfAbuse:
      return "category_of_abuse";
    case CodeList::kDisability:
      return "disability";
    case CodeList::kEthnicity:
      return "ethnicity";
    case CodeList::kLegalStatus:
      return "legal_status";
    case CodeList::kReasonNewEpisode:
      return "reason_new_episode";
    case CodeList::kPlacementType:
      return "placement_type";
    case CodeList::kPlacementProvider:
      return "placement_provider";
    case CodeList::kReasonEpisodeCeased:
      return "reason_episode_ceased";
    case CodeList::kReasonPlaceChange:
      return "reason_place_change";
    case CodeList::kCareLeaverInTouch:
      return "care_leaver_in_touch";
    case CodeList::kCareLeaverActivity:
      return "care_leaver_activity";
    case CodeList::kCareLeaverAccommodation:
      return "care_leaver_accommodation";
  }
  return "unknown";
}

std::optional<CodeList> CodeListFromName(std::string_view name) {
  for (CodeList list : kAllLists) {
    if (CodeListName(list) == name) return list;
  }
  return std::nullopt;
}

Result<CodeLists> CodeLists::Parse(std::string_view csv, std::string_view source_name) {
  auto fail_at = [&](int line_no, std::string_view what) {
    return Fail(Code::kInvalidArgument, fmt::format("{} line {}: {}", source_name, line_no, what));
  };

  struct Seen {
    int first_year;
    int last_year;
    int line_no;
  };
  // Keyed by list name + '\0' + code; the ranges already read for that code.
  std::unordered_map<std::string, std::vector<Seen>> seen;

  CodeLists lists;
  int line_no = 0;
  bool header_seen = false;
  while (!csv.empty()) {
    std::string_view line = NextCsvLine(csv);
    ++line_no;
    if (!header_seen && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // UTF-8 BOM
    if (line.empty()) continue;

    auto fields = SplitCsvRecord(line);
    if (!fields) return fail_at(line_no, fields.error().message());

    if (!header_seen) {
      if (!std::equal(fields->begin(), fields->end(), std::begin(kHeader), std::end(kHeader))) {
        return fail_at(line_no, "expected the header 'list,code,description,first_year,last_year'");
      }
      header_seen = true;
      continue;
    }

    if (fields->size() != kFieldCount) {
      return fail_at(line_no,
                     fmt::format("expected {} fields but found {}", kFieldCount, fields->size()));
    }
    const std::string& list_name = (*fields)[0];
    const std::string& code = (*fields)[1];
    const std::string& description = (*fields)[2];

    std::optional<CodeList> list = CodeListFromName(list_name);
    if (!list) {
      return fail_at(line_no, fmt::format("unknown code list '{}'", Printable(list_name)));
    }
    if (!IsCodeText(code)) {
      return fail_at(
          line_no, fmt::format("code '{}' must be one or more letters or digits", Printable(code)));
    }
    if (description.empty()) return fail_at(line_no, "the description is empty");
    auto first_year = ParseYear((*fields)[3], "first_year", /*open_ended=*/false);
    if (!first_year) return fail_at(line_no, first_year.error().message());
    auto last_year = ParseYear((*fields)[4], "last_year", /*open_ended=*/true);
    if (!last_year) return fail_at(line_no, last_year.error().message());
    if (*first_year > *last_year) {
      return fail_at(line_no,
                     fmt::format("first_year {} is after last_year {}", *first_year, *last_year));
    }

    std::string key = list_name + '\0' + code;
    std::vector<Seen>& ranges = seen[key];
    for (const Seen& other : ranges) {
      if (*first_year <= other.last_year && other.first_year <= *last_year) {
        return fail_at(line_no, fmt::format("{} '{}' overlaps the years given on line {}",
                                            HumanName(*list), code, other.line_no));
      }
    }
    ranges.push_back(Seen{*first_year, *last_year, line_no});
    lists.entries_.push_back(CodeEntry{*list, code, description, *first_year, *last_year});
  }

  if (!header_seen) {
    return Fail(Code::kInvalidArgument,
                fmt::format("{} is empty: expected a header row", source_name));
  }
  if (lists.entries_.empty()) {
    return Fail(Code::kInvalidArgument, fmt::format("{} lists no codes", source_name));
  }
  // Group by list so that a look-up touches one list's codes only. The sort is
  // stable, so within a list the entries keep their file order (CodesFor
  // relies on that), and a file already grouped by list keeps its order.
  std::stable_sort(lists.entries_.begin(), lists.entries_.end(), ListLess);
  return lists;
}

const CodeLists& CodeLists::Embedded() {
  static const CodeLists lists = [] {
    auto parsed = Parse(embedded::kCodeListsCsv, "embedded code lists (data/code-lists.csv)");
    if (!parsed) {
      std::fprintf(stderr, "safeguard: broken build: %s\n", parsed.error().message().c_str());
      std::abort();
    }
    return *std::move(parsed);
  }();
  return lists;
}

namespace {

// The entry of `code` in `list` valid in `year`, or nullptr. At most a few
// dozen entries per list are scanned after a binary search for the list.
const CodeEntry* FindEntry(const std::vector<CodeEntry>& entries, CodeList list,
                           std::string_view code, int year) {
  CodeEntry probe{list, {}, {}, 0, 0};
  auto [begin, end] = std::equal_range(entries.begin(), entries.end(), probe, ListLess);
  for (auto it = begin; it != end; ++it) {
    if (it->code == code && it->first_year <= year && year <= it->last_year) return &*it;
  }
  return nullptr;
}

}  // namespace

bool CodeLists::IsValid(CodeList list, std::string_view code, int collection_year) const {
  return FindEntry(entries_, list, code, collection_year) != nullptr;
}

std::optional<std::string_view> CodeLists::Describe(CodeList list, std::string_view code,
                                                    int collection_year) const {
  const CodeEntry* entry = FindEntry(entries_, list, code, collection_year);
  if (entry == nullptr) return std::nullopt;
  return std::string_view(entry->description);
}

std::vector<const CodeEntry*> CodeLists::CodesFor(CodeList list, int collection_year) const {
  CodeEntry probe{list, {}, {}, 0, 0};
  auto [begin, end] = std::equal_range(entries_.begin(), entries_.end(), probe, ListLess);
  std::vector<const CodeEntry*> codes;
  for (auto it = begin; it != end; ++it) {
    if (it->first_year <= collection_year && collection_year <= it->last_year) {
      codes.push_back(&*it);
    }
  }
  return codes;
}

Status CodeLists::Check(CodeList list, std::string_view code, int collection_year) const {
  if (IsValid(list, code, collection_year)) return {};
  return Fail(Code::kInvalidArgument,
              fmt::format("{} '{}' is not a valid code in collection year {}", HumanName(list),
                          Printable(code), YearSpan(collection_year)));
}

}  // namespace sg::core
