// CIN census rules: identity (LA child id, UPN, dates of birth and death, sex,
// ethnicity, disability). Conventions in cin_rule_kit.h.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/csv.h"
#include "returns/cin_rule_kit.h"

namespace sg::embedded {
extern const std::string_view kCinUpnLaCodesCsv;
}  // namespace sg::embedded

namespace sg::returns {
namespace {

using core::CodeList;
using core::Date;

// Whether any referral of the child went on to further action (ReferralNFA
// false); a missing ReferralNFA says neither.
bool AnyFurtherAction(const CinChild& child) {
  return std::ranges::any_of(child.episodes,
                             [](const CinEpisode& e) { return e.nfa.value == false; });
}

// The code of an unknown sex in the year's schema: GenderCurrent 0, or Sex U.
std::string_view UnknownSexCode(const CinContext& census) {
  return census.collection_year >= 2025 ? "U" : "0";
}

bool IsSexCode(const CinContext& census, std::string_view code) {
  if (census.collection_year >= 2025) return code == "M" || code == "F" || code == "U";
  return code == "0" || code == "1" || code == "2" || code == "9";
}

// ---------------------------------------------------------------------------
// The UPN: a check letter, the issuing authority's three-digit number, eight
// digits, and a digit or (in a temporary UPN) a letter.

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool AllDigits(std::string_view s) { return std::ranges::all_of(s, IsDigit); }

// The check letters in the order of the remainder they stand for (I, O and S
// are never used).
constexpr std::string_view kCheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";

// What character 13 counts for in the check sum: a digit its value, a letter
// its place among the check letters; nullopt when it may not stand there.
std::optional<int> FinalCharacterValue(char c) {
  if (IsDigit(c)) return c - '0';
  size_t place = kCheckLetters.find(c);
  if (place == std::string_view::npos) return std::nullopt;
  return static_cast<int>(place);
}

// The check letter a UPN should start with, or nullopt when characters 2-13
// are not in the shape the check sum is defined for (rules 1540 and 1550 say
// what is wrong then).
std::optional<char> ExpectedCheckLetter(std::string_view upn) {
  if (upn.size() != 13 || !AllDigits(upn.substr(1, 11))) return std::nullopt;
  std::optional<int> last = FinalCharacterValue(upn[12]);
  if (!last) return std::nullopt;
  int sum = *last * 13;
  for (size_t i = 1; i < 12; ++i) sum += (upn[i] - '0') * static_cast<int>(i + 1);
  return kCheckLetters[static_cast<size_t>(sum % 23)];
}

// The whole layout, check letter not verified: what "correctly formatted"
// means for a former UPN.
bool HasUpnLayout(std::string_view upn) {
  return upn.size() == 13 && upn[0] >= 'A' && upn[0] <= 'Z' && AllDigits(upn.substr(1, 11)) &&
         FinalCharacterValue(upn[12]).has_value();
}

// One row of data/cin/upn-la-codes.csv.
struct LaCodeRange {
  int first = 0;
  int last = 0;
  int first_year = 0;
  int last_year = 9999;
};

std::optional<int> ParseNumber(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<LaCodeRange> ParseLaCodeRange(std::string_view line) {
  auto fields = core::SplitCsvRecord(line);
  if (!fields || fields->size() != 4) return std::nullopt;
  auto first = ParseNumber((*fields)[0]);
  auto last = ParseNumber((*fields)[1]);
  auto first_year = ParseNumber((*fields)[2]);
  auto last_year = (*fields)[3].empty() ? std::optional<int>(9999) : ParseNumber((*fields)[3]);
  if (!first || !last || !first_year || !last_year || *first > *last) return std::nullopt;
  return LaCodeRange{*first, *last, *first_year, *last_year};
}

// The embedded list; a broken file is a build defect, caught by the tests.
const std::vector<LaCodeRange>& UpnLaCodes() {
  static const std::vector<LaCodeRange> ranges = [] {
    std::vector<LaCodeRange> parsed;
    std::string_view csv = embedded::kCinUpnLaCodesCsv;
    for (int line_number = 1; !csv.empty(); ++line_number) {
      std::string_view line = core::NextCsvLine(csv);
      if (line_number == 1 || line.empty()) continue;
      std::optional<LaCodeRange> range = ParseLaCodeRange(line);
      if (!range) {
        fmt::print(stderr, "embedded data/cin/upn-la-codes.csv is broken at line {}\n",
                   line_number);
        std::abort();
      }
      parsed.push_back(*range);
    }
    return parsed;
  }();
  return ranges;
}

bool IsUpnLaCode(std::string_view digits, int collection_year) {
  if (digits.size() != 3 || !AllDigits(digits)) return false;
  int code = *ParseNumber(digits);
  return std::ranges::any_of(UpnLaCodes(), [&](const LaCodeRange& r) {
    return r.first <= code && code <= r.last && r.first_year <= collection_year &&
           collection_year <= r.last_year;
  });
}

// 1510: a UPN's first character must be the check letter its digits give.
void Rule1510(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (child.upn.missing()) return;
  std::optional<char> expected = ExpectedCheckLetter(child.upn.text);
  if (expected && child.upn.text[0] != *expected) flag(child.upn);
}

// 1530: a UPN's characters 2-4 must be the number of an authority that issues
// UPNs (the list grew in 2023-24).
void Rule1530(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  if (child.upn.missing()) return;
  std::string_view upn = child.upn.text;
  if (!IsUpnLaCode(upn.substr(1, 3), census.collection_year)) flag(child.upn);
}

// 1540: a UPN's characters 5-12 must all be digits.
void Rule1540(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (child.upn.missing()) return;
  std::string_view upn = child.upn.text;
  if (upn.size() < 12 || !AllDigits(upn.substr(4, 8))) flag(child.upn);
}

// 1550: a UPN's character 13 must be a digit or a letter other than I, O, S.
void Rule1550(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (child.upn.missing()) return;
  std::string_view upn = child.upn.text;
  if (upn.size() < 13 || !FinalCharacterValue(upn[12])) flag(child.upn);
}

// 1560Q: a former UPN should have the layout of a UPN. The sector's validator
// wants 12 digits after the letter; a former UPN is often a temporary UPN,
// which ends in a letter, and the DfE text asks only for the UPN format.
void Rule1560Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (!child.former_upn.missing() && !HasUpnLayout(child.former_upn.text)) {
    flag(child.former_upn);
  }
}

// 1570: the LA child id must be at most 20 characters long.
void Rule1570(const CinChild& child, const CinContext&, CinFlagger& flag) {
  auto characters = std::ranges::count_if(child.la_child_id.text, [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // not a UTF-8 continuation byte
  });
  if (characters > 20) flag(child.la_child_id);
}

// 1580: the LA child id must hold letters and digits only, so that it can be
// matched across returns.
void Rule1580(const CinChild& child, const CinContext&, CinFlagger& flag) {
  auto alphanumeric = [](char c) {
    return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  };
  if (!child.la_child_id.missing() && !std::ranges::all_of(child.la_child_id.text, alphanumeric)) {
    flag(child.la_child_id);
  }
}

// 4180: the child's sex must be given, in the year's codes (GenderCurrent
// 0/1/2/9 up to 2023-24, Sex M/F/U from 2024-25).
void Rule4180(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  const Item& sex = census.SexItem(child);
  if (!IsSexCode(census, sex.text)) flag(At(sex, child.at));
}

// 4220: ethnicity must be given and be a code of the Ethnicity table.
void Rule4220(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  if (!census.IsValidCode(CodeList::kEthnicity, child.ethnicity)) {
    flag(At(child.ethnicity, child.at));
  }
}

// 8500: every child needs an LA child id.
void Rule8500(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (child.la_child_id.missing()) flag(At(child.la_child_id, child.at));
}

// 8520: a child cannot be born after the end of the census year.
void Rule8520(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  if (Has(child.birth_date) && *child.birth_date.date > census.reference_date) {
    flag(child.birth_date);
  }
}

// 8525Q: a child is either born (date of birth) or unborn (expected date of
// birth), so exactly one of the two dates is expected.
void Rule8525Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  bool born = Has(child.birth_date);
  bool expected = Has(child.expected_birth_date);
  if (born && expected) {
    flag(child.expected_birth_date);
  } else if (!born && !expected) {
    flag(At(child.birth_date, At(child.expected_birth_date, child.at)));
  }
}

// 8530Q: an unborn child is expected between 30 days before the reference
// date and 9 months after it (1 March to 31 December). Both ends count as
// inside, as the message's "March to December" says; the sector's validator
// excludes them.
void Rule8530Q(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  if (!Has(child.expected_birth_date)) return;
  Date expected = *child.expected_birth_date.date;
  if (expected < census.reference_date.AddDays(-30) ||
      expected > core::AddMonths(census.reference_date, 9)) {
    flag(child.expected_birth_date);
  }
}

// 8535Q: a child cannot die before being born. Says nothing without a date of
// birth (8525Q reports that); the sector's validator flags it here too.
void Rule8535Q(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (Has(child.death_date) && Has(child.birth_date) &&
      *child.death_date.date < *child.birth_date.date) {
    flag(child.death_date);
  }
}

// 8540: a born child whose referral went on to further action needs at least
// one disability code (NONE included), and every code must be in the table.
void Rule8540(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  if (!Has(child.birth_date) || !AnyFurtherAction(child)) return;
  if (child.disabilities.empty()) {
    flag(child.disabilities_block.line != 0 ? child.disabilities_block : child.at);
    return;
  }
  for (const Item& disability : child.disabilities) {
    if (!census.IsValidCode(CodeList::kDisability, disability)) flag(disability);
  }
}

// 8545Q: a date of death given in the census should fall within the census year.
void Rule8545Q(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  if (Has(child.death_date) && !census.InPeriod(child.death_date)) flag(child.death_date);
}

// 8590: a child is in the census because of a CIN episode, so needs one.
void Rule8590(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (child.episodes.empty()) flag(At(child.la_child_id, child.at));
}

// 8750: the sex of an unborn child is not yet known (GenderCurrent 0 up to
// 2023-24, Sex U from 2024-25).
void Rule8750(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  if (Has(child.birth_date) || !Has(child.expected_birth_date)) return;
  const Item& sex = census.SexItem(child);
  if (sex.text != UnknownSexCode(census)) flag(At(sex, child.at));
}

// Whether the child is old enough that a UPN is expected (8770Q): up to
// 2023-24, born more than 6 years before the reference date; from 2024-25,
// of school age, that is born on or before 31 August six years before the
// reference date's year (the boundary the sector's validator uses; the DfE's
// text of the 2024-25 rule is not in our sources).
bool UpnExpected(const CinChild& child, const CinContext& census) {
  if (!Has(child.birth_date)) return false;
  Date birth = *child.birth_date.date;
  if (census.collection_year >= 2025) {
    return birth <= Date::FromYmd(census.reference_date.year() - 6, 8, 31);
  }
  return birth < core::AddMonths(census.reference_date, -6 * 12);
}

// 8770Q: a school-age child who went on to further action should have a UPN
// or a reason for not having one. UN1 ("under 6, not yet at school") is no
// reason for such a child: the 2024-25 message says so, and so does the
// meaning of the code in earlier years.
void Rule8770Q(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  if (!UpnExpected(child, census) || !AnyFurtherAction(child) || !child.upn.missing()) return;
  constexpr std::string_view kReasons[] = {"UN2", "UN3", "UN4", "UN5", "UN6", "UN7"};
  if (std::ranges::find(kReasons, child.upn_unknown.text) != std::end(kReasons)) return;
  flag(At(child.upn_unknown, At(child.upn, child.at)));
}

// 8772: "UPN unknown because the referral had no further action" (UN7) needs
// every referral of the child to be marked no further action.
void Rule8772(const CinChild& child, const CinContext&, CinFlagger& flag) {
  if (child.upn_unknown.text != "UN7") return;
  for (const CinEpisode& episode : child.episodes) {
    if (episode.nfa.value != true) flag(At(episode.nfa, episode.at));
  }
}

// 8775Q: a child over 25 at the reference date should have had every episode
// closed by the 25th birthday.
void Rule8775Q(const CinChild& child, const CinContext& census, CinFlagger& flag) {
  if (!Has(child.birth_date)) return;
  Date birth = *child.birth_date.date;
  if (birth >= core::AddMonths(census.reference_date, -25 * 12)) return;
  Date birthday25 = core::AddMonths(birth, 25 * 12);
  bool open_after_25 = std::ranges::any_of(child.episodes, [&](const CinEpisode& e) {
    return !Has(e.closure_date) || *e.closure_date.date > birthday25;
  });
  if (open_after_25) flag(child.birth_date);
}

// 8790: NONE means no disability, so it cannot stand beside a disability.
void Rule8790(const CinChild& child, const CinContext&, CinFlagger& flag) {
  bool none = false;
  bool other = false;
  for (const Item& disability : child.disabilities) {
    if (disability.missing()) continue;
    (disability.text == "NONE" ? none : other) = true;
  }
  if (none && other) flag(child.disabilities_block);
}

// 8794: each disability code is recorded once per child.
void Rule8794(const CinChild& child, const CinContext&, CinFlagger& flag) {
  const std::vector<Item>& codes = child.disabilities;
  for (auto it = codes.begin(); it != codes.end(); ++it) {
    if (it->missing()) continue;
    auto same = [&](const Item& earlier) { return earlier.text == it->text; };
    if (std::any_of(codes.begin(), it, same)) flag(*it);
  }
}

}  // namespace

std::span<const CinChildRule> CinChildRulesIdentity() {
  static constexpr CinChildRule kRules[] = {
      {"1510", Rule1510},   {"1530", Rule1530},   {"1540", Rule1540},   {"1550", Rule1550},
      {"1560Q", Rule1560Q}, {"1570", Rule1570},   {"1580", Rule1580},   {"4180", Rule4180},
      {"4220", Rule4220},   {"8500", Rule8500},   {"8520", Rule8520},   {"8525Q", Rule8525Q},
      {"8530Q", Rule8530Q}, {"8535Q", Rule8535Q}, {"8540", Rule8540},   {"8545Q", Rule8545Q},
      {"8590", Rule8590},   {"8750", Rule8750},   {"8770Q", Rule8770Q}, {"8772", Rule8772},
      {"8775Q", Rule8775Q}, {"8790", Rule8790},   {"8794", Rule8794},
  };
  return kRules;
}

}  // namespace sg::returns
