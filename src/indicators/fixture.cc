#include "indicators/fixture.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <sstream>

#include <fmt/format.h>

namespace sg::indicators {
namespace {

using core::Code;
using core::Date;
using core::Fail;
using core::Result;
using core::Status;
using store::DayNumber;
using store::kNoDate;
using store::kNoRow;
using store::kOpen;
using store::ShortCode;

const std::map<std::string, std::string, std::less<>> kHeaders = {
    {"persons", "child birth uasc uasc_ceased"},
    {"contacts", "child date outcome factors tools"},
    {"early_help", "child start end"},
    {"referrals", "ref child date nfa closure reason"},
    {"assessments", "ref start authorised"},
    {"section47s", "s47 ref start"},
    {"icpcs", "ref s47 date transfer_in"},
    {"cp_plans", "child ref start end category previous reviews"},
    {"care_episodes",
     "child start end rne legal_status placement reason_ceased distance outside"},
    {"leaver_contacts", "child date in_touch activity accommodation"},
    {"expect", "id value"},
};

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::istringstream in{std::string(line)};
  for (std::string w; in >> w;) {
    std::replace(w.begin(), w.end(), '~', ' ');
    words.push_back(w);
  }
  return words;
}

struct Cursor {
  int line = 0;
  Status Error(std::string message) const {
    return Fail(Code::kInvalidArgument, fmt::format("line {}: {}", line, message));
  }
};

// A row of any table, before labels are resolved.
using Row = std::vector<std::string>;

class Builder {
 public:
  Result<Fixture> Build(std::string_view text);

 private:
  Status Header(const Cursor& at, std::string_view key, std::string_view value);
  Status Section(const Cursor& at, const std::vector<std::string>& words);
  Status AddRow(const Cursor& at, std::vector<std::string> words);
  Result<Fixture> Assemble();

  Result<DayNumber> Day(const Cursor& at, const std::string& text, DayNumber empty) const;
  int32_t Person(const std::string& label);

  Fixture fixture_;
  bool has_period_ = false;
  std::string section_;
  bool expect_header_ = false;
  std::map<std::string, std::vector<std::pair<int, Row>>> rows_;
  std::map<std::string, int32_t> person_index_;
  std::vector<std::string> person_labels_;
};

Result<DayNumber> Builder::Day(const Cursor& at, const std::string& text, DayNumber empty) const {
  if (text == "-") return empty;
  auto d = Date::ParseIso(text);
  if (!d) return std::unexpected(at.Error(fmt::format("'{}' is not a date (YYYY-MM-DD)", text)).error());
  return d->days();
}

int32_t Builder::Person(const std::string& label) {
  auto [it, added] = person_index_.emplace(label, static_cast<int32_t>(person_labels_.size()));
  if (added) person_labels_.push_back(label);
  return it->second;
}

Status Builder::Header(const Cursor& at, std::string_view key, std::string_view value) {
  auto words = Words(value);
  if (key == "year" && words.size() == 1) {
    int year = 0;
    auto [p, ec] = std::from_chars(words[0].data(), words[0].data() + words[0].size(), year);
    if (ec != std::errc() || year < 2000 || year > 2100) return at.Error("year: expects a year");
    fixture_.period = core::ReportingYear(year);
    has_period_ = true;
    return {};
  }
  if (key == "period" && words.size() == 2) {
    auto start = Date::ParseIso(words[0]);
    auto end = Date::ParseIso(words[1]);
    if (!start || !end || *end < *start) return at.Error("period: expects two ordered dates");
    fixture_.period = {*start, *end};
    has_period_ = true;
    return {};
  }
  if (key == "population" && words.size() == 1) {
    char* end = nullptr;
    double p = std::strtod(words[0].c_str(), &end);
    if (*end != '\0' || p <= 0) return at.Error("population: expects a positive number");
    fixture_.population = p;
    return {};
  }
  return at.Error(fmt::format("unknown setting '{}' (year, period, population)", key));
}

Status Builder::Section(const Cursor& at, const std::vector<std::string>& words) {
  if (words.size() != 2) return at.Error("a section line is '--- <table>'");
  if (!kHeaders.contains(words[1])) return at.Error(fmt::format("unknown table '{}'", words[1]));
  if (rows_.contains(words[1])) return at.Error(fmt::format("table '{}' given twice", words[1]));
  section_ = words[1];
  rows_[section_];
  expect_header_ = true;
  return {};
}

Status Builder::AddRow(const Cursor& at, std::vector<std::string> words) {
  if (section_.empty()) return at.Error("a row before any '--- <table>' line");
  const std::string& header = kHeaders.at(section_);
  size_t columns = Words(header).size();
  if (expect_header_) {
    expect_header_ = false;
    std::string got = fmt::format("{}", fmt::join(words, " "));
    bool ok = got == header || (section_ == "persons" && header.starts_with(got)) ||
              (section_ == "expect" && got.starts_with(header));
    if (!ok) return at.Error(fmt::format("the {} header must be '{}'", section_, header));
    return {};
  }
  if (section_ == "persons") {
    if (words.size() < 2 || words.size() > 4) return at.Error("persons: 2 to 4 columns");
    words.resize(4, "-");
  } else if (section_ == "expect") {
    if (words.size() < 2 || words.size() > 3) return at.Error("expect: id value [num/den]");
  } else if (words.size() != columns) {
    return at.Error(fmt::format("{}: expected {} columns ({}), found {}", section_, columns,
                                header, words.size()));
  }
  rows_[section_].emplace_back(at.line, std::move(words));
  return {};
}

Result<Fixture> Builder::Build(std::string_view text) {
  Cursor at;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    ++at.line;
    auto words = Words(line);
    if (words.empty() || words[0].starts_with("#")) continue;
    if (words[0] == "---") {
      SG_RETURN_IF_ERROR(Section(at, words));
    } else if (section_.empty() && words[0].ends_with(":")) {
      auto colon = line.find(':');
      SG_RETURN_IF_ERROR(Header(at, words[0].substr(0, words[0].size() - 1),
                                std::string_view(line).substr(colon + 1)));
    } else {
      SG_RETURN_IF_ERROR(AddRow(at, std::move(words)));
    }
  }
  if (!has_period_) return Fail(Code::kInvalidArgument, "the fixture has no 'year:' or 'period:'");
  if (!rows_.contains("expect") || rows_["expect"].empty())
    return Fail(Code::kInvalidArgument, "the fixture expects nothing (no '--- expect' rows)");
  return Assemble();
}

Result<bool> Flag(const Cursor& at, const std::string& text) {
  if (text == "1") return true;
  if (text == "0" || text == "-") return false;
  return std::unexpected(at.Error(fmt::format("'{}' is not 0 or 1", text)).error());
}

Result<double> Number(const Cursor& at, const std::string& text) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') return std::unexpected(at.Error(fmt::format("'{}' is not a number", text)).error());
  return v;
}

std::vector<std::string> List(const std::string& text) {
  std::vector<std::string> items;
  if (text == "-") return items;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ';'))
    if (!item.empty()) items.push_back(item);
  return items;
}

uint16_t Intern(std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<uint16_t>(it - names.begin());
  names.push_back(name);
  return static_cast<uint16_t>(names.size() - 1);
}

ShortCode CodeOf(const std::string& text) { return text == "-" ? ShortCode() : ShortCode(text); }

Result<Fixture> Builder::Assemble() {
  store::Snapshot& s = fixture_.snapshot;
  Cursor at;
  // Persons first, so that their order is the order they are listed in.
  struct PersonFacts { DayNumber birth = kNoDate; bool uasc = false; DayNumber uasc_ceased = kOpen; };
  std::map<int32_t, PersonFacts> facts;
  for (auto& [line, r] : rows_["persons"]) {
    at.line = line;
    if (person_index_.contains(r[0])) return std::unexpected(at.Error(fmt::format("person '{}' listed twice", r[0])).error());
    int32_t p = Person(r[0]);
    SG_ASSIGN_OR_RETURN(facts[p].birth, Day(at, r[1], kNoDate));
    SG_ASSIGN_OR_RETURN(facts[p].uasc, Flag(at, r[2]));
    SG_ASSIGN_OR_RETURN(facts[p].uasc_ceased, Day(at, r[3], kOpen));
  }

  for (auto& [line, r] : rows_["contacts"]) {
    at.line = line;
    s.contacts.person.push_back(Person(r[0]));
    SG_ASSIGN_OR_RETURN(DayNumber day, Day(at, r[1], kNoDate));
    if (day == kNoDate) return std::unexpected(at.Error("a contact needs a date").error());
    s.contacts.date.push_back(day);
    static const std::map<std::string, store::ContactOutcome> kOutcomes = {
        {"-", store::ContactOutcome::kUndecided}, {"advice", store::ContactOutcome::kAdvice},
        {"early_help", store::ContactOutcome::kEarlyHelp},
        {"referral", store::ContactOutcome::kReferral}, {"nfa", store::ContactOutcome::kNfa}};
    auto outcome = kOutcomes.find(r[2]);
    if (outcome == kOutcomes.end()) return std::unexpected(at.Error(fmt::format("unknown outcome '{}'", r[2])).error());
    s.contacts.outcome.push_back(outcome->second);
    for (const auto& f : List(r[3])) s.contacts.factor_values.push_back(Intern(s.contacts.factor_names, f));
    s.contacts.factors.offsets.push_back(static_cast<uint32_t>(s.contacts.factor_values.size()));
    for (const auto& t : List(r[4])) s.contacts.tool_values.push_back(Intern(s.contacts.tool_names, t));
    s.contacts.tools.offsets.push_back(static_cast<uint32_t>(s.contacts.tool_values.size()));
  }

  for (auto& [line, r] : rows_["early_help"]) {
    at.line = line;
    s.early_help.person.push_back(Person(r[0]));
    SG_ASSIGN_OR_RETURN(DayNumber start, Day(at, r[1], kNoDate));
    SG_ASSIGN_OR_RETURN(DayNumber end, Day(at, r[2], kOpen));
    s.early_help.start.push_back(start);
    s.early_help.end.push_back(end);
  }

  // Rows are kept in the order the file lists them, labels resolved to
  // those rows; store::SortSnapshot puts them in order at the end.
  std::vector<std::string> referral_labels;
  for (auto& [line, r] : rows_["referrals"]) {
    at.line = line;
    referral_labels.push_back(r[0]);
    s.referrals.person.push_back(Person(r[1]));
    SG_ASSIGN_OR_RETURN(DayNumber date, Day(at, r[2], kNoDate));
    SG_ASSIGN_OR_RETURN(bool nfa, Flag(at, r[3]));
    SG_ASSIGN_OR_RETURN(DayNumber closure, Day(at, r[4], kOpen));
    s.referrals.date.push_back(date);
    s.referrals.nfa.push_back(nfa);
    s.referrals.closure.push_back(closure);
    s.referrals.closure_reason.push_back(CodeOf(r[5]));
  }
  std::map<std::string, int32_t> referral_row;
  for (size_t i = 0; i < referral_labels.size(); ++i) {
    if (!referral_row.emplace(referral_labels[i], static_cast<int32_t>(i)).second)
      return Fail(Code::kInvalidArgument, fmt::format("referral '{}' listed twice", referral_labels[i]));
  }
  auto find_referral = [&](const std::string& label, bool optional) -> Result<int32_t> {
    if (optional && label == "-") return kNoRow;
    auto it = referral_row.find(label);
    if (it == referral_row.end()) return std::unexpected(at.Error(fmt::format("no referral '{}'", label)).error());
    return it->second;
  };

  for (auto& [line, r] : rows_["assessments"]) {
    at.line = line;
    SG_ASSIGN_OR_RETURN(int32_t ref, find_referral(r[0], false));
    SG_ASSIGN_OR_RETURN(DayNumber start, Day(at, r[1], kNoDate));
    SG_ASSIGN_OR_RETURN(DayNumber authorised, Day(at, r[2], kNoDate));
    s.assessments.referral.push_back(ref);
    s.assessments.start.push_back(start);
    s.assessments.authorised.push_back(authorised);
  }

  std::map<std::string, int32_t> s47_row;
  for (auto& [line, r] : rows_["section47s"]) {
    at.line = line;
    SG_ASSIGN_OR_RETURN(int32_t ref, find_referral(r[1], false));
    SG_ASSIGN_OR_RETURN(DayNumber start, Day(at, r[2], kNoDate));
    if (!s47_row.emplace(r[0], static_cast<int32_t>(s.section47s.size())).second)
      return std::unexpected(at.Error(fmt::format("section 47 '{}' listed twice", r[0])).error());
    s.section47s.referral.push_back(ref);
    s.section47s.start.push_back(start);
  }

  for (auto& [line, r] : rows_["icpcs"]) {
    at.line = line;
    SG_ASSIGN_OR_RETURN(int32_t ref, find_referral(r[0], false));
    int32_t s47 = kNoRow;
    if (r[1] != "-") {
      auto it = s47_row.find(r[1]);
      if (it == s47_row.end()) return std::unexpected(at.Error(fmt::format("no section 47 '{}'", r[1])).error());
      s47 = it->second;
    }
    SG_ASSIGN_OR_RETURN(DayNumber date, Day(at, r[2], kNoDate));
    SG_ASSIGN_OR_RETURN(bool transfer_in, Flag(at, r[3]));
    s.icpcs.referral.push_back(ref);
    s.icpcs.section47.push_back(s47);
    s.icpcs.date.push_back(date);
    s.icpcs.transfer_in.push_back(transfer_in);
  }

  auto& cp = s.cp_plans;
  for (auto& [line, r] : rows_["cp_plans"]) {
    at.line = line;
    cp.person.push_back(Person(r[0]));
    SG_ASSIGN_OR_RETURN(int32_t ref, find_referral(r[1], true));
    cp.referral.push_back(ref);
    SG_ASSIGN_OR_RETURN(DayNumber start, Day(at, r[2], kNoDate));
    SG_ASSIGN_OR_RETURN(DayNumber end, Day(at, r[3], kOpen));
    cp.start.push_back(start);
    cp.end.push_back(end);
    cp.initial_category.push_back(CodeOf(r[4]));
    SG_ASSIGN_OR_RETURN(double previous, Number(at, r[5] == "-" ? "0" : r[5]));
    cp.previous_plans.push_back(static_cast<int32_t>(previous));
    std::vector<DayNumber> dates;
    for (const auto& d : List(r[6])) {
      SG_ASSIGN_OR_RETURN(DayNumber day, Day(at, d, kNoDate));
      dates.push_back(day);
    }
    std::sort(dates.begin(), dates.end());
    cp.review_dates.insert(cp.review_dates.end(), dates.begin(), dates.end());
    cp.reviews.offsets.push_back(static_cast<uint32_t>(cp.review_dates.size()));
  }

  auto& ce = s.care_episodes;
  for (auto& [line, r] : rows_["care_episodes"]) {
    at.line = line;
    ce.person.push_back(Person(r[0]));
    SG_ASSIGN_OR_RETURN(DayNumber start, Day(at, r[1], kNoDate));
    SG_ASSIGN_OR_RETURN(DayNumber end, Day(at, r[2], kOpen));
    ce.start.push_back(start);
    ce.end.push_back(end);
    ce.reason_new_episode.push_back(CodeOf(r[3]));
    ce.legal_status.push_back(CodeOf(r[4]));
    ce.placement_type.push_back(CodeOf(r[5]));
    ce.reason_ceased.push_back(CodeOf(r[6]));
    double distance = std::nan("");
    if (r[7] != "-") {
      SG_ASSIGN_OR_RETURN(distance, Number(at, r[7]));
    }
    ce.distance_miles.push_back(static_cast<float>(distance));
    ce.outside_la.push_back(r[8] == "-" ? -1 : (r[8] == "1" ? 1 : 0));
  }

  auto& lc = s.leaver_contacts;
  for (auto& [line, r] : rows_["leaver_contacts"]) {
    at.line = line;
    lc.person.push_back(Person(r[0]));
    SG_ASSIGN_OR_RETURN(DayNumber date, Day(at, r[1], kNoDate));
    lc.date.push_back(date);
    lc.in_touch.push_back(CodeOf(r[2]));
    lc.activity.push_back(CodeOf(r[3]));
    lc.accommodation.push_back(CodeOf(r[4]));
  }

  for (size_t p = 0; p < person_labels_.size(); ++p) {
    const PersonFacts f = facts.contains(static_cast<int32_t>(p)) ? facts[static_cast<int32_t>(p)] : PersonFacts{};
    s.persons.id.push_back(static_cast<int64_t>(p + 1));
    s.persons.birth.push_back(f.birth);
    s.persons.uasc.push_back(f.uasc);
    s.persons.uasc_ceased.push_back(f.uasc_ceased);
  }

  for (auto& [line, r] : rows_["expect"]) {
    at.line = line;
    Expectation e;
    e.id = r[0];
    e.line = line;
    if (r[1] != "null") {
      SG_ASSIGN_OR_RETURN(e.value, Number(at, r[1]));
    }
    if (r.size() == 3) {
      auto slash = r[2].find('/');
      if (slash == std::string::npos) return std::unexpected(at.Error("expect: the third column is numerator/denominator").error());
      SG_ASSIGN_OR_RETURN(e.numerator, Number(at, r[2].substr(0, slash)));
      SG_ASSIGN_OR_RETURN(e.denominator, Number(at, r[2].substr(slash + 1)));
    }
    fixture_.expectations.push_back(std::move(e));
  }
  store::SortSnapshot(s);
  SG_RETURN_IF_ERROR(s.Validate());
  return std::move(fixture_);
}

}  // namespace

Result<Fixture> ParseFixture(std::string_view text) { return Builder().Build(text); }

}  // namespace sg::indicators
