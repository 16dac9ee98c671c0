// SSDA903 rules: the Header and UASC tables (who the child is: sex, date of
// birth, ethnicity, UPN, motherhood, UASC status), how they agree with last
// year's return, and the integrity checks that tie every other table to the
// Header (INT*).
#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "returns/ssda903_rule_kit.h"

namespace sg::returns {
namespace {

using T = LacTable;

// The collection year from which sex is coded M/F/U instead of 1/2.
constexpr int kSexLettersFrom = 2025;

bool IsMale(const LacContext& lac, const Cell& sex) {
  return sex.Is(lac.collection_year >= kSexLettersFrom ? "M" : "1");
}

bool IsFemale(const LacContext& lac, const Cell& sex) {
  return sex.Is(lac.collection_year >= kSexLettersFrom ? "F" : "2");
}

// The sex as the letter code, whatever year's coding `sex` uses, so that a
// 2024-25 return compares with a 2023-24 one.
std::string_view SexAsLetters(const Cell& sex, int collection_year) {
  if (collection_year < kSexLettersFrom) {
    if (sex.Is("1")) return "M";
    if (sex.Is("2")) return "F";
  }
  return sex.text;
}

// The child's Header row in last year's return, if they were in it.
const HeaderRow* LastYearHeader(const LacContext& lac, const HeaderRow& row) {
  return lac.previous_children->Header(row.child.text);
}

// Two date fields hold the same date (as text when either is not a date).
bool SameDate(const Cell& a, const Cell& b) {
  if (a.date && b.date) return *a.date == *b.date;
  return a.text == b.text;
}

// UN1-UN5: the codes for a UPN that is not known (UN2-UN5 say why).
bool IsUnknownUpn(std::string_view upn) {
  return upn.size() == 3 && upn.starts_with("UN") && upn[2] >= '1' && upn[2] <= '5';
}

// A UPN in the DfE's form: a check letter (not I, O or S), 11 digits, and a
// digit or a letter; or one of the "unknown" codes UN1-UN5.
bool IsWellFormedUpn(std::string_view upn) {
  if (IsUnknownUpn(upn)) return true;
  if (upn.size() != 13) return false;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (!letter(upn[0]) || upn[0] == 'I' || upn[0] == 'O' || upn[0] == 'S') return false;
  for (size_t i = 1; i < 12; ++i) {
    if (!digit(upn[i])) return false;
  }
  return digit(upn[12]) || letter(upn[12]);
}

// Whether a child was UASC in a year's return: its Header's UASC flag; a
// child missing from the Header has no status (nullopt), except in a return
// sent without a Header, where a UASC row says so.
std::optional<bool> UascStatus(const LacReturn& year, const LacChildren& children, uint32_t child) {
  if (const HeaderRow* header = children.Header(child)) return header->uasc.Is("1");
  if (!year.Has(T::kHeader) && !children.Rows(child, T::kUasc).empty()) return true;
  return std::nullopt;
}

// What the 205 rules compare for one child of the current return.
struct UascYears {
  std::optional<bool> now, last;  // UASC this year, last year
  const UascRow* row = nullptr;   // this year's UASC row (the first)
  const UascRow* last_row = nullptr;
};

// Adds to `out` the number in `now` (this year's index) of every child of
// `year`'s return who may have been UASC in it: flagged in the Header, or
// with a UASC row.
void AddMaybeUasc(const LacReturn& year, const LacChildren& now, std::vector<uint32_t>& out) {
  auto add = [&](const LacRow& row) {
    if (std::optional<uint32_t> c = now.Find(row.child.text)) out.push_back(*c);
  };
  for (const HeaderRow& row : year.header) {
    if (row.uasc.Is("1")) add(row);
  }
  for (const UascRow& row : year.uasc) add(row);
}

// Calls `check(years)` for every child of the current return with a Header or
// UASC row who may have been UASC in either year (no other child can fail a
// 205 rule), and flags those rows when it returns true. Says nothing when
// last year's return has no UASC table (the status cannot be told).
template <class Check>
void CompareUascYears(const LacContext& lac, LacFlagger& flag, Check check) {
  if (!lac.previous->Has(T::kUasc)) return;
  const LacChildren& before = *lac.previous_children;
  std::vector<uint32_t> children;
  AddMaybeUasc(lac.current, lac.children, children);
  AddMaybeUasc(*lac.previous, lac.children, children);
  std::sort(children.begin(), children.end());
  children.erase(std::unique(children.begin(), children.end()), children.end());
  for (uint32_t c : children) {
    ChildRows<HeaderRow> headers = lac.children.Of<HeaderRow>(c);
    ChildRows<UascRow> uasc = lac.children.Of<UascRow>(c);
    if (headers.empty() && uasc.empty()) continue;
    UascYears years;
    years.now = UascStatus(lac.current, lac.children, c);
    if (!uasc.empty()) years.row = &uasc.front();
    if (std::optional<uint32_t> p = before.Find(lac.children.Id(c))) {
      years.last = UascStatus(*lac.previous, before, *p);
      ChildRows<UascRow> last_uasc = before.Of<UascRow>(*p);
      if (!last_uasc.empty()) years.last_row = &last_uasc.front();
    }
    if (!check(years)) continue;
    for (const HeaderRow& row : headers) flag(row);
    for (const UascRow& row : uasc) flag(row);
  }
}

// Flags the rows of a table whose child has no Header row.
template <class Row>
void FlagChildrenNotInHeader(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (lac.children.Header(c) != nullptr) continue;
    for (const Row& row : lac.children.Of<Row>(c)) flag(row);
  }
}

// Flags the rows of a table whose date of birth differs from the child's
// Header (both valid dates).
template <class Row>
void FlagDobUnlikeHeader(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<HeaderRow> headers = lac.children.Of<HeaderRow>(c);
    if (headers.empty()) continue;
    for (const Row& row : lac.children.Of<Row>(c)) {
      if (!Has(row.dob)) continue;
      for (const HeaderRow& header : headers) {
        if (Has(header.dob) && *header.dob.date != *row.dob.date) {
          flag(row);
          break;
        }
      }
    }
  }
}

// Flags every row of a child who has more than one row in a table (rows
// with a blank CHILD are not a child).
template <class Row>
void FlagRepeatedChildren(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (lac.children.Id(c).empty()) continue;
    ChildRows<Row> rows = lac.children.Of<Row>(c);
    if (rows.size() < 2) continue;
    for (const Row& row : rows) flag(row);
  }
}

// 101: sex code valid: 1/2 until 2023-24, M/F/U from 2024-25.
void Rule101(const LacContext& lac, LacFlagger& flag) {
  const bool letters = lac.collection_year >= kSexLettersFrom;
  for (const HeaderRow& row : lac.current.header) {
    bool valid = letters ? (row.sex.Is("M") || row.sex.Is("F") || row.sex.Is("U"))
                         : (row.sex.Is("1") || row.sex.Is("2"));
    if (!valid) flag(row);
  }
}

// 102: date of birth is a valid date.
void Rule102(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (!Has(row.dob)) flag(row);
  }
}

// 103: ethnicity is a valid code.
void Rule103(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (!lac.IsValidCode(core::CodeList::kEthnicity, row.ethnic)) flag(row);
  }
}

// 104: the date UASC status ceased, when given, is a real date and not before
// the year began (a status that ended earlier has no place in this return).
void Rule104(const LacContext& lac, LacFlagger& flag) {
  for (const UascRow& row : lac.current.uasc) {
    if (row.duc.BadDate() || (Has(row.duc) && *row.duc.date < lac.collection_start)) flag(row);
  }
}

// 105: the Header's UASC status is 0 or 1. With CSV tables the reader derives
// it from the UASC table, so only the XML form (where it is a field) can fail.
void Rule105(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (!row.uasc.Is("0") && !row.uasc.Is("1")) flag(row);
  }
}

// 168: the UPN, when given, is a real UPN or one of the unknown codes UN1-UN5.
void Rule168(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (!row.upn.blank() && !IsWellFormedUpn(row.upn.text)) flag(row);
  }
}

// 171: the mother's child's date of birth, when given, is a real date.
void Rule171(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (row.mc_dob.BadDate()) flag(row);
  }
}

// 174: a male child cannot have a child's date of birth recorded as a mother.
void Rule174(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (IsMale(lac, row.sex) && !row.mc_dob.blank()) flag(row);
  }
}

// 202: the child's sex agrees with last year's return (1/2 read as M/F across
// the 2024-25 change of codes).
void Rule202(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    const HeaderRow* last = LastYearHeader(lac, row);
    if (last == nullptr) continue;
    if (SexAsLetters(row.sex, lac.collection_year) !=
        SexAsLetters(last->sex, lac.previous->collection_year)) {
      flag(row);
    }
  }
}

// 203: the date of birth agrees with last year's return (a date missing in
// one year only disagrees).
void Rule203(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    const HeaderRow* last = LastYearHeader(lac, row);
    if (last != nullptr && row.dob.date != last->dob.date) flag(row);
  }
}

// 204: the ethnicity agrees with last year's return.
void Rule204(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    const HeaderRow* last = LastYearHeader(lac, row);
    if (last != nullptr && row.ethnic.text != last->ethnic.text) flag(row);
  }
}

// 205A: a child UASC last year and not this year stopped being UASC last
// year: last year's DUC lies in last year and none is given this year.
// (The peer looks only at children with a UASC row this year, which a CSV
// return never holds for a child no longer UASC; we look at every child.)
void Rule205A(const LacContext& lac, LacFlagger& flag) {
  const core::Period last_year = core::ReportingYear(lac.collection_year - 1);
  CompareUascYears(lac, flag, [&](const UascYears& years) {
    if (years.last != true || years.now == true) return false;
    const bool duc_now = years.row != nullptr && !years.row->duc.blank();
    const bool ceased_last_year = years.last_row != nullptr && Has(years.last_row->duc) &&
                                  last_year.Contains(*years.last_row->duc.date);
    return duc_now || !ceased_last_year;
  });
}

// 205B: a child UASC in both years had last year's DUC at their 18th
// birthday, and this year's DUC is in this year or the same date.
void Rule205B(const LacContext& lac, LacFlagger& flag) {
  CompareUascYears(lac, flag, [&](const UascYears& years) {
    if (years.now != true || years.last != true) return false;
    const UascRow* last = years.last_row;
    const bool last_at_18 = last != nullptr && Has(last->duc) && Has(last->dob) &&
                            *last->duc.date == AddYears(*last->dob.date, 18);
    const UascRow* now = years.row;
    const bool now_in_year = now != nullptr && lac.InYear(now->duc);
    const bool now_as_last = now != nullptr && last != nullptr && Has(now->duc) && Has(last->duc) &&
                             *now->duc.date == *last->duc.date;
    return !last_at_18 || !(now_in_year || now_as_last);
  });
}

// 205C: a child UASC in neither year has no date UASC status ceased.
void Rule205C(const LacContext& lac, LacFlagger& flag) {
  CompareUascYears(lac, flag, [&](const UascYears& years) {
    if (years.now == true || years.last == true) return false;
    return (years.row != nullptr && Has(years.row->duc)) ||
           (years.last_row != nullptr && Has(years.last_row->duc));
  });
}

// 205D: a child UASC this year who was in last year's return was UASC then.
void Rule205D(const LacContext& lac, LacFlagger& flag) {
  CompareUascYears(
      lac, flag, [&](const UascYears& years) { return years.now == true && years.last == false; });
}

// 207: a child who was a mother last year (and is looked after this year)
// is still recorded as one.
void Rule207(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& last : lac.previous->header) {
    if (!last.mother.Is("1")) continue;
    std::optional<uint32_t> c = lac.children.Find(last.child.text);
    if (!c || lac.children.Rows(*c, T::kEpisodes).empty()) continue;
    for (const HeaderRow& row : lac.children.Of<HeaderRow>(*c)) {
      if (!row.mother.Is("1")) flag(row);
    }
  }
}

// 208: the UPN agrees with last year's, except that an unknown UPN may become
// known, and an unknown-at-the-time one (UN1 or none) may get a reason (UN2-UN5).
void Rule208(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    const HeaderRow* last = LastYearHeader(lac, row);
    if (last == nullptr || row.upn.text == last->upn.text) continue;
    const std::string_view now = row.upn.text, before = last->upn.text;
    const bool unknown_before = before.empty() || IsUnknownUpn(before);
    const bool known_now = !now.empty() && !IsUnknownUpn(now);
    const bool reason_given =
        (before.empty() || before == "UN1") && IsUnknownUpn(now) && now != "UN1";
    if (!(unknown_before && known_now) && !reason_given) flag(row);
  }
}

// 209: a child of school age (4 by 31 August of the year before the
// collection year began) has a reason for an unknown UPN, not UN1.
void Rule209(const LacContext& lac, LacFlagger& flag) {
  const core::Date school_age_on = core::Date::FromYmd(lac.collection_start.year() - 1, 8, 31);
  const core::Date born_by = AddYears(school_age_on, -4);
  for (const HeaderRow& row : lac.current.header) {
    if (row.upn.Is("UN1") && Has(row.dob) && *row.dob.date <= born_by) flag(row);
  }
}

// 231: UASC children are older young people: one under 11 at the end of the
// year suggests a wrong date of birth. (The peer reads a UASC_STATUS column
// that no table has; the status is the Header's derived UASC.)
void Rule231(const LacContext& lac, LacFlagger& flag) {
  const core::Date eleven_if_born_by = AddYears(lac.collection_end, -11);
  for (const HeaderRow& row : lac.current.header) {
    if (row.uasc.Is("1") && Has(row.dob) && *row.dob.date > eleven_if_born_by) flag(row);
  }
}

// 232: the sex is reported as unknown (a query, not an error of form).
void Rule232(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (row.sex.Is("U")) flag(row);
  }
}

// 301: the child was born by the end of the year.
void Rule301(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (Has(row.dob) && *row.dob.date > lac.collection_end) flag(row);
  }
}

// 303: a child with a date UASC status ceased is UASC. With CSV tables the
// reader derives UASC from the UASC table, so only the XML form can fail.
void Rule303(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    for (const HeaderRow& header : lac.children.Of<HeaderRow>(c)) {
      if (header.uasc.Is("1")) continue;
      for (const UascRow& row : lac.children.Of<UascRow>(c)) {
        if (row.duc.blank()) continue;
        flag(header);
        flag(row);
      }
    }
  }
}

// 304: UASC status ceases by the 18th birthday at the latest.
void Rule304(const LacContext& lac, LacFlagger& flag) {
  for (const UascRow& row : lac.current.uasc) {
    if (Has(row.duc) && Has(row.dob) && *row.duc.date > AddYears(*row.dob.date, 18)) flag(row);
  }
}

// 351: no child is older than 25 when the year begins (a date of birth error).
void Rule351(const LacContext& lac, LacFlagger& flag) {
  const core::Date over_25_if_born_before = AddYears(lac.collection_start, -25);
  for (const HeaderRow& row : lac.current.header) {
    if (Has(row.dob) && *row.dob.date < over_25_if_born_before) flag(row);
  }
}

// 607: a girl who left care in the year (not after short breaks) has her
// mother status recorded.
void Rule607(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr || !IsFemale(lac, header->sex) || !header->mother.blank()) continue;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      const bool left_care = !episode.rec.blank() && !episode.rec.Is("X1");
      const bool short_breaks = episode.ls.Is("V3") || episode.ls.Is("V4");
      if (left_care && !short_breaks && lac.InYear(episode.dec)) {
        flag(*header);
        flag(episode);
      }
    }
  }
}

// 611: a mother has her child's date of birth recorded.
void Rule611(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (row.mother.Is("1") && row.mc_dob.blank()) flag(row);
  }
}

// 612: a girl with a child's date of birth recorded is recorded as a mother.
void Rule612(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    const bool not_mother = row.mother.Is("0") || row.mother.blank();
    if (not_mother && IsFemale(lac, row.sex) && !row.mc_dob.blank()) flag(row);
  }
}

// 620: a mother is at least 11 when the year begins.
void Rule620(const LacContext& lac, LacFlagger& flag) {
  const core::Date eleven_if_born_by = AddYears(lac.collection_start, -11);
  for (const HeaderRow& row : lac.current.header) {
    if (row.mother.Is("1") && Has(row.dob) && *row.dob.date > eleven_if_born_by) flag(row);
  }
}

// 621: a mother was born before her child. (The peer also flags a blank or
// invalid DOB; 102 reports those.)
void Rule621(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (Has(row.mc_dob) && Has(row.dob) && *row.mc_dob.date <= *row.dob.date) flag(row);
  }
}

// 624: the first child's date of birth, once recorded, stays the same.
void Rule624(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& last : lac.previous->header) {
    if (last.mc_dob.blank()) continue;
    std::optional<uint32_t> c = lac.children.Find(last.child.text);
    if (!c) continue;
    for (const HeaderRow& row : lac.children.Of<HeaderRow>(*c)) {
      if (!SameDate(row.mc_dob, last.mc_dob)) flag(row);
    }
  }
}

// 625: the first child was born by the end of the year and, for a mother who
// has left care, by the day she left. (The peer compares with the latest DEC
// even while an episode is still open, and checks the year end only for
// children with an ended episode; we follow the DfE message.)
void Rule625(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    const HeaderRow* header = lac.children.Header(c);
    if (header == nullptr || !Has(header->mc_dob)) continue;
    const EpisodeRow* last_ended = nullptr;
    bool all_ended = true;
    for (const EpisodeRow& episode : lac.children.Of<EpisodeRow>(c)) {
      if (!Has(episode.dec)) {
        all_ended = false;
      } else if (last_ended == nullptr || *episode.dec.date > *last_ended->dec.date) {
        last_ended = &episode;
      }
    }
    const bool after_leaving =
        all_ended && last_ended != nullptr && *header->mc_dob.date > *last_ended->dec.date;
    if (after_leaving) flag(*last_ended);
    if (after_leaving || *header->mc_dob.date > lac.collection_end) flag(*header);
  }
}

// 626: a child recorded as not a mother last year cannot have had her first
// child before this year began.
void Rule626(const LacContext& lac, LacFlagger& flag) {
  for (const HeaderRow& row : lac.current.header) {
    if (!row.mother.Is("1") || !Has(row.mc_dob) || *row.mc_dob.date >= lac.collection_start) {
      continue;
    }
    const HeaderRow* last = LastYearHeader(lac, row);
    if (last != nullptr && last->mother.Is("0")) flag(row);
  }
}

// EPI: a child in the Header has episodes (or, as a care leaver, an OC3 row)
// before anything else about them can be checked.
void RuleEPI(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    if (!lac.children.Rows(c, T::kEpisodes).empty() || !lac.children.Rows(c, T::kOc3).empty()) {
      continue;
    }
    for (const HeaderRow& row : lac.children.Of<HeaderRow>(c)) flag(row);
  }
}

// INT01: every child in AD1 is in the Header.
void RuleINT01(const LacContext& lac, LacFlagger& flag) {
  FlagChildrenNotInHeader<Ad1Row>(lac, flag);
}

// INT02: every child in PlacedAdoption is in the Header.
void RuleINT02(const LacContext& lac, LacFlagger& flag) {
  FlagChildrenNotInHeader<PlacedAdoptionRow>(lac, flag);
}

// INT03: every child in Episodes is in the Header.
void RuleINT03(const LacContext& lac, LacFlagger& flag) {
  FlagChildrenNotInHeader<EpisodeRow>(lac, flag);
}

// INT04: every child in Missing is in the Header.
void RuleINT04(const LacContext& lac, LacFlagger& flag) {
  FlagChildrenNotInHeader<MissingRow>(lac, flag);
}

// INT05: every child in OC2 is in the Header.
void RuleINT05(const LacContext& lac, LacFlagger& flag) {
  FlagChildrenNotInHeader<Oc2Row>(lac, flag);
}

// INT06: every child in OC3 is in the Header.
void RuleINT06(const LacContext& lac, LacFlagger& flag) {
  FlagChildrenNotInHeader<Oc3Row>(lac, flag);
}

// INT07: every child in PrevPerm is in the Header.
void RuleINT07(const LacContext& lac, LacFlagger& flag) {
  FlagChildrenNotInHeader<PrevPermRow>(lac, flag);
}

// INT08: every child in Reviews is in the Header.
void RuleINT08(const LacContext& lac, LacFlagger& flag) {
  FlagChildrenNotInHeader<ReviewRow>(lac, flag);
}

// INT09: every child in UASC is in the Header.
void RuleINT09(const LacContext& lac, LacFlagger& flag) {
  FlagChildrenNotInHeader<UascRow>(lac, flag);
}

// INT11: AD1 gives the child the Header's date of birth.
void RuleINT11(const LacContext& lac, LacFlagger& flag) {
  FlagDobUnlikeHeader<Ad1Row>(lac, flag);
}

// INT12: PlacedAdoption gives the child the Header's date of birth.
void RuleINT12(const LacContext& lac, LacFlagger& flag) {
  FlagDobUnlikeHeader<PlacedAdoptionRow>(lac, flag);
}

// INT13: Missing gives the child the Header's date of birth.
void RuleINT13(const LacContext& lac, LacFlagger& flag) {
  FlagDobUnlikeHeader<MissingRow>(lac, flag);
}

// INT14: OC2 gives the child the Header's date of birth.
void RuleINT14(const LacContext& lac, LacFlagger& flag) {
  FlagDobUnlikeHeader<Oc2Row>(lac, flag);
}

// INT15: OC3 gives the child the Header's date of birth.
void RuleINT15(const LacContext& lac, LacFlagger& flag) {
  FlagDobUnlikeHeader<Oc3Row>(lac, flag);
}

// INT16: PrevPerm gives the child the Header's date of birth.
void RuleINT16(const LacContext& lac, LacFlagger& flag) {
  FlagDobUnlikeHeader<PrevPermRow>(lac, flag);
}

// INT17: Reviews give the child the Header's date of birth.
void RuleINT17(const LacContext& lac, LacFlagger& flag) {
  FlagDobUnlikeHeader<ReviewRow>(lac, flag);
}

// INT18: UASC gives the child the Header's date of birth.
void RuleINT18(const LacContext& lac, LacFlagger& flag) {
  FlagDobUnlikeHeader<UascRow>(lac, flag);
}

// INT21: UASC gives the child the Header's sex (both given).
void RuleINT21(const LacContext& lac, LacFlagger& flag) {
  for (uint32_t c = 0; c < lac.children.size(); ++c) {
    ChildRows<HeaderRow> headers = lac.children.Of<HeaderRow>(c);
    for (const UascRow& row : lac.children.Of<UascRow>(c)) {
      if (row.sex.blank()) continue;
      for (const HeaderRow& header : headers) {
        if (!header.sex.blank() && header.sex.text != row.sex.text) {
          flag(row);
          break;
        }
      }
    }
  }
}

// INT31: a child has at most one AD1 row.
void RuleINT31(const LacContext& lac, LacFlagger& flag) {
  FlagRepeatedChildren<Ad1Row>(lac, flag);
}

// INT32: a child has at most one Header row.
void RuleINT32(const LacContext& lac, LacFlagger& flag) {
  FlagRepeatedChildren<HeaderRow>(lac, flag);
}

// INT33: a child has at most one OC2 row.
void RuleINT33(const LacContext& lac, LacFlagger& flag) {
  FlagRepeatedChildren<Oc2Row>(lac, flag);
}

// INT34: a child has at most one OC3 row.
void RuleINT34(const LacContext& lac, LacFlagger& flag) {
  FlagRepeatedChildren<Oc3Row>(lac, flag);
}

// INT35: a child has at most one PrevPerm row.
void RuleINT35(const LacContext& lac, LacFlagger& flag) {
  FlagRepeatedChildren<PrevPermRow>(lac, flag);
}

// INT36: a child has at most one UASC row.
void RuleINT36(const LacContext& lac, LacFlagger& flag) {
  FlagRepeatedChildren<UascRow>(lac, flag);
}

constexpr LacRule kRules[] = {
    {"101", Rule101, Needs({T::kHeader})},
    {"102", Rule102, Needs({T::kHeader})},
    {"103", Rule103, Needs({T::kHeader})},
    {"104", Rule104, Needs({T::kUasc})},
    {"105", Rule105, Needs({T::kHeader, T::kUasc})},
    {"168", Rule168, Needs({T::kHeader})},
    {"171", Rule171, Needs({T::kHeader})},
    {"174", Rule174, Needs({T::kHeader})},
    {"202", Rule202, Needs({T::kHeader}, kLastYear)},
    {"203", Rule203, Needs({T::kHeader}, kLastYear)},
    {"204", Rule204, Needs({T::kHeader}, kLastYear)},
    {"205A", Rule205A, Needs({T::kHeader, T::kUasc}, kLastYear)},
    {"205B", Rule205B, Needs({T::kHeader, T::kUasc}, kLastYear)},
    {"205C", Rule205C, Needs({T::kHeader, T::kUasc}, kLastYear)},
    {"205D", Rule205D, Needs({T::kHeader, T::kUasc}, kLastYear)},
    {"207", Rule207, Needs({T::kHeader, T::kEpisodes}, kLastYear)},
    {"208", Rule208, Needs({T::kHeader}, kLastYear)},
    {"209", Rule209, Needs({T::kHeader})},
    {"231", Rule231, Needs({T::kHeader, T::kUasc})},
    {"232", Rule232, Needs({T::kHeader})},
    {"301", Rule301, Needs({T::kHeader})},
    {"303", Rule303, Needs({T::kHeader, T::kUasc})},
    {"304", Rule304, Needs({T::kUasc})},
    {"351", Rule351, Needs({T::kHeader})},
    {"607", Rule607, Needs({T::kHeader, T::kEpisodes})},
    {"611", Rule611, Needs({T::kHeader})},
    {"612", Rule612, Needs({T::kHeader})},
    {"620", Rule620, Needs({T::kHeader})},
    {"621", Rule621, Needs({T::kHeader})},
    {"624", Rule624, Needs({T::kHeader}, kLastYear)},
    {"625", Rule625, Needs({T::kHeader, T::kEpisodes})},
    {"626", Rule626, Needs({T::kHeader}, kLastYear)},
    {"EPI", RuleEPI, Needs({T::kHeader})},
    {"INT01", RuleINT01, Needs({T::kHeader, T::kAd1})},
    {"INT02", RuleINT02, Needs({T::kHeader, T::kPlacedAdoption})},
    {"INT03", RuleINT03, Needs({T::kHeader, T::kEpisodes})},
    {"INT04", RuleINT04, Needs({T::kHeader, T::kMissing})},
    {"INT05", RuleINT05, Needs({T::kHeader, T::kOc2})},
    {"INT06", RuleINT06, Needs({T::kHeader, T::kOc3})},
    {"INT07", RuleINT07, Needs({T::kHeader, T::kPrevPerm})},
    {"INT08", RuleINT08, Needs({T::kHeader, T::kReviews})},
    {"INT09", RuleINT09, Needs({T::kHeader, T::kUasc})},
    {"INT11", RuleINT11, Needs({T::kHeader, T::kAd1})},
    {"INT12", RuleINT12, Needs({T::kHeader, T::kPlacedAdoption})},
    {"INT13", RuleINT13, Needs({T::kHeader, T::kMissing})},
    {"INT14", RuleINT14, Needs({T::kHeader, T::kOc2})},
    {"INT15", RuleINT15, Needs({T::kHeader, T::kOc3})},
    {"INT16", RuleINT16, Needs({T::kHeader, T::kPrevPerm})},
    {"INT17", RuleINT17, Needs({T::kHeader, T::kReviews})},
    {"INT18", RuleINT18, Needs({T::kHeader, T::kUasc})},
    {"INT21", RuleINT21, Needs({T::kHeader, T::kUasc})},
    {"INT31", RuleINT31, Needs({T::kAd1})},
    {"INT32", RuleINT32, Needs({T::kHeader})},
    {"INT33", RuleINT33, Needs({T::kOc2})},
    {"INT34", RuleINT34, Needs({T::kOc3})},
    {"INT35", RuleINT35, Needs({T::kPrevPerm})},
    {"INT36", RuleINT36, Needs({T::kUasc})},
};

}  // namespace

std::span<const LacRule> LacRulesHeader() { return kRules; }

}  // namespace sg::returns
