// Cared-for children and care leavers (SSDA903 episodes and OC3 contacts).
//
// Every measure walks the care episodes (or the leaver contacts) one child at
// a time: both tables are ordered by (person, start), so a child's history is
// one contiguous run and "children" are counted once per run. Short-break
// episodes (legal status V3 or V4) are skipped everywhere, so a child whose
// only open episode is a short break is not looked after.
//
// How each rule is implemented, and the choices made (also in the catalogue
// rule text, which users read):
//   - At 31 March (the period's last day d): an episode is open when
//     start <= d < end (kOpen compares after every date), so an episode
//     ending on d is not open and one starting on d is. A child with two
//     open episodes (a recording error) is measured at the one that started
//     last. The placement, distance and UASC breakdowns use that episode.
//   - Distance: miles are rounded to one decimal place before the comparison
//     (> 20.0, so 20.0 is not over); an unknown distance (NaN) or an unknown
//     location (-1) stays in the denominator only.
//   - UASC at 31 March: recorded as UASC and the status ceased after d.
//   - Started: an episode with reason for new episode S starting in the
//     period; a child who starts twice counts once.
//   - Ceased: an episode with an end in the period and a reason other than
//     X1 (an end with no reason recorded is a cessation: only X1 says the
//     care continued). Per child only the last such end counts, and the
//     breakdowns (adopted, SGO, aged 18) use its reason and date. Age is
//     core::AgeInYears; an unknown birth date is not "aged 18".
//   - Care leavers: the birthday measured is the last of the young person's
//     17th-21st (19th-21st for the percentages) birthdays in the period, so
//     each counts once (a period of a year holds at most one). Birthdays are
//     add_months(birth, 12 * age), so a 29 February birthday falls on 28
//     February in other years, as core::AgeInYears counts it. A young person
//     is a care leaver at that birthday when not looked after on it (no
//     episode other than V3/V4 open on it; care that ends on the birthday is
//     over) and either has a care-leaver contact on record or had care end
//     (an episode other than V3/V4, reason not X1) on or after their 16th
//     birthday and on or before the birthday measured. The contact for the
//     birthday is the last one dated from add_months(birthday, -3) to
//     add_months(birthday, 1). The 19-21 cohort leaves out those whose
//     contact says they died (DIED) or returned home (RHOM), as DfE does; no
//     contact keeps the young person in both denominators, not EET and not
//     suitably housed.
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "indicators/sink.h"

namespace sg::indicators {
namespace {

using store::DayNumber;
using store::kNoDate;
using store::kOpen;
using store::ShortCode;

bool IsOneOf(ShortCode code, std::initializer_list<std::string_view> codes) {
  for (std::string_view c : codes)
    if (code == ShortCode(c)) return true;
  return false;
}

bool IsShortBreak(ShortCode legal_status) {
  return IsOneOf(legal_status, {"V3", "V4"});
}

core::Date DateOf(DayNumber day) {
  return core::Date::FromDays(day);
}

// Calls visit(person, first_row, end_row) for each child's run of rows in a
// table ordered by person.
template <typename Visit>
void ForEachChild(const std::vector<int32_t>& person, Visit visit) {
  for (size_t first = 0; first < person.size();) {
    size_t end = first + 1;
    while (end < person.size() && person[end] == person[first]) ++end;
    visit(person[first], first, end);
    first = end;
  }
}

// The rows of each person in a table ordered by person: person p's rows are
// [begin(p), end(p)). Built per call, in one pass.
store::Csr RowsByPerson(const std::vector<int32_t>& person, size_t persons) {
  store::Csr rows;
  rows.offsets.assign(persons + 1, 0);
  for (int32_t p : person) ++rows.offsets[static_cast<size_t>(p) + 1];
  for (size_t p = 0; p < persons; ++p) rows.offsets[p + 1] += rows.offsets[p];
  return rows;
}

bool LookedAfterOn(const store::SnapshotCareEpisodes& e, size_t i, DayNumber day) {
  return !IsShortBreak(e.legal_status[i]) && e.start[i] <= day && e.end[i] > day;
}

// A cessation: an end recorded with any reason but X1, outside short breaks.
bool IsCessation(const store::SnapshotCareEpisodes& e, size_t i) {
  return e.end[i] != kOpen && !IsShortBreak(e.legal_status[i]) &&
         !IsOneOf(e.reason_ceased[i], {"X1"});
}

// ---- At 31 March ----------------------------------------------------------

struct AtPeriodEnd {
  int64_t children = 0;
  int64_t foster = 0;
  int64_t residential_home = 0;
  int64_t residential_school = 0;
  int64_t outside_over_20_miles = 0;
  int64_t uasc = 0;
};

bool IsOutsideOver20Miles(const store::SnapshotCareEpisodes& e, size_t i) {
  const double miles = e.distance_miles[i];
  if (e.outside_la[i] != 1 || std::isnan(miles)) return false;
  return std::lround(miles * 10.0) > 200;  // in tenths of a mile, as recorded
}

void CountPlacement(const store::SnapshotCareEpisodes& e, size_t i, AtPeriodEnd& out) {
  const ShortCode place = e.placement_type[i];
  out.foster += IsOneOf(place, {"U1", "U2", "U3", "U4", "U5", "U6"});
  out.residential_home += IsOneOf(place, {"K1", "K2", "R1"});
  out.residential_school += IsOneOf(place, {"S1"});
  out.outside_over_20_miles += IsOutsideOver20Miles(e, i);
}

AtPeriodEnd CountAtPeriodEnd(const store::Snapshot& s, DayNumber day) {
  const auto& e = s.care_episodes;
  AtPeriodEnd out;
  ForEachChild(e.person, [&](int32_t person, size_t first, size_t end) {
    std::optional<size_t> open;  // the last-started episode open on the day
    for (size_t i = first; i < end; ++i)
      if (LookedAfterOn(e, i, day)) open = i;
    if (!open) return;
    ++out.children;
    CountPlacement(e, *open, out);
    out.uasc += s.persons.uasc[person] == 1 && s.persons.uasc_ceased[person] > day;
  });
  return out;
}

void ComputeAtPeriodEnd(const Inputs& in, Sink& out) {
  const AtPeriodEnd at = CountAtPeriodEnd(in.snapshot, in.period.end.days());
  out.Count("cla_at_31_march", at.children);
  out.Rate("cla_rate_per_10k", at.children);
  out.Percent("cla_placement_foster_pct", at.foster, at.children);
  out.Percent("cla_placement_residential_home_pct", at.residential_home, at.children);
  out.Percent("cla_placement_residential_school_pct", at.residential_school, at.children);
  out.Percent("cla_outside_la_over_20_miles_pct", at.outside_over_20_miles, at.children);
  out.Count("cla_uasc_at_31_march", at.uasc);
}

// ---- Started and ceased ---------------------------------------------------

int64_t CountStarted(const store::SnapshotCareEpisodes& e, const core::Period& period) {
  const DayNumber first_day = period.start.days(), last_day = period.end.days();
  int64_t children = 0;
  ForEachChild(e.person, [&](int32_t, size_t first, size_t end) {
    for (size_t i = first; i < end; ++i) {
      if (IsOneOf(e.reason_new_episode[i], {"S"}) && !IsShortBreak(e.legal_status[i]) &&
          e.start[i] >= first_day && e.start[i] <= last_day) {
        ++children;
        return;
      }
    }
  });
  return children;
}

struct Ceased {
  int64_t children = 0;
  int64_t adopted = 0;
  int64_t sgo = 0;
  int64_t aged_18 = 0;
};

bool AgedAtLeast18(DayNumber birth, DayNumber on) {
  return birth != kNoDate && core::AgeInYears(DateOf(birth), DateOf(on)) >= 18;
}

Ceased CountCeased(const store::Snapshot& s, const core::Period& period) {
  const auto& e = s.care_episodes;
  const DayNumber first_day = period.start.days(), last_day = period.end.days();
  Ceased out;
  ForEachChild(e.person, [&](int32_t person, size_t first, size_t end) {
    std::optional<size_t> last;  // the child's last cessation in the period
    for (size_t i = first; i < end; ++i) {
      if (!IsCessation(e, i) || e.end[i] < first_day || e.end[i] > last_day) continue;
      if (!last || e.end[i] >= e.end[*last]) last = i;
    }
    if (!last) return;
    const ShortCode reason = e.reason_ceased[*last];
    ++out.children;
    out.adopted += IsOneOf(reason, {"E11", "E12"});
    out.sgo += IsOneOf(reason, {"E43", "E44", "E45", "E46", "E47", "E48"});
    out.aged_18 += AgedAtLeast18(s.persons.birth[person], e.end[*last]);
  });
  return out;
}

void ComputeStartedAndCeased(const Inputs& in, Sink& out) {
  out.Count("cla_started", CountStarted(in.snapshot.care_episodes, in.period));
  const Ceased ceased = CountCeased(in.snapshot, in.period);
  out.Count("cla_ceased", ceased.children);
  out.Count("cla_ceased_adopted", ceased.adopted);
  out.Count("cla_ceased_sgo", ceased.sgo);
  out.Count("cla_ceased_aged_18", ceased.aged_18);
}

// ---- Care leavers ---------------------------------------------------------

// One young person's records: their care episodes and leaver contacts.
struct History {
  const store::Snapshot& s;
  DayNumber birth;
  uint32_t episodes_begin, episodes_end;
  uint32_t contacts_begin, contacts_end;
};

// The last of the birthdays from_age..to_age that falls in the period.
std::optional<DayNumber> LastBirthdayIn(DayNumber birth, int from_age, int to_age,
                                        const core::Period& period) {
  for (int age = to_age; age >= from_age; --age) {
    const core::Date birthday = core::AddMonths(DateOf(birth), 12 * age);
    if (period.Contains(birthday)) return birthday.days();
  }
  return std::nullopt;
}

bool IsCareLeaverOn(const History& h, DayNumber birthday) {
  const auto& e = h.s.care_episodes;
  for (uint32_t i = h.episodes_begin; i < h.episodes_end; ++i)
    if (LookedAfterOn(e, i, birthday)) return false;
  if (h.contacts_begin < h.contacts_end) return true;
  const DayNumber sixteenth = core::AddMonths(DateOf(h.birth), 12 * 16).days();
  for (uint32_t i = h.episodes_begin; i < h.episodes_end; ++i)
    if (IsCessation(e, i) && e.end[i] >= sixteenth && e.end[i] <= birthday) return true;
  return false;
}

// The last leaver contact dated from add_months(birthday, -3) to
// add_months(birthday, 1), if any.
std::optional<uint32_t> ContactFor(const History& h, DayNumber birthday) {
  const DayNumber from = core::AddMonths(DateOf(birthday), -3).days();
  const DayNumber to = core::AddMonths(DateOf(birthday), 1).days();
  const auto& date = h.s.leaver_contacts.date;
  std::optional<uint32_t> found;
  for (uint32_t i = h.contacts_begin; i < h.contacts_end; ++i)
    if (date[i] >= from && date[i] <= to) found = i;
  return found;
}

bool IsEet(ShortCode activity) {
  return IsOneOf(activity, {"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"});
}

bool IsSuitable(ShortCode accommodation) {
  return !accommodation.empty() && accommodation.at(1) == '1' && accommodation.at(2) == '\0';
}

// Gone abroad, deported, residence not known: outside the denominator.
bool IsAccommodationExcluded(ShortCode accommodation) {
  const char kind = accommodation.at(0);
  return kind == 'G' || kind == 'H' || kind == 'R';
}

struct Leavers {
  int64_t in_touch = 0;
  int64_t cohort_19_21 = 0;
  int64_t eet = 0;
  int64_t accommodation_cohort = 0;
  int64_t suitable = 0;
};

void CountInTouch(const History& h, const core::Period& period, Leavers& out) {
  auto birthday = LastBirthdayIn(h.birth, 17, 21, period);
  if (!birthday || !IsCareLeaverOn(h, *birthday)) return;
  const auto contact = ContactFor(h, *birthday);
  out.in_touch += contact && IsOneOf(h.s.leaver_contacts.in_touch[*contact], {"YES"});
}

void Count19To21(const History& h, const core::Period& period, Leavers& out) {
  auto birthday = LastBirthdayIn(h.birth, 19, 21, period);
  if (!birthday || !IsCareLeaverOn(h, *birthday)) return;
  const auto& lc = h.s.leaver_contacts;
  const auto contact = ContactFor(h, *birthday);
  if (contact && IsOneOf(lc.in_touch[*contact], {"DIED", "RHOM"})) return;
  ++out.cohort_19_21;
  if (!contact) {  // not known: in both denominators, in neither numerator
    ++out.accommodation_cohort;
    return;
  }
  out.eet += IsEet(lc.activity[*contact]);
  if (IsAccommodationExcluded(lc.accommodation[*contact])) return;
  ++out.accommodation_cohort;
  out.suitable += IsSuitable(lc.accommodation[*contact]);
}

Leavers CountLeavers(const store::Snapshot& s, const core::Period& period) {
  const store::Csr episodes = RowsByPerson(s.care_episodes.person, s.persons.size());
  const store::Csr contacts = RowsByPerson(s.leaver_contacts.person, s.persons.size());
  Leavers out;
  for (size_t p = 0; p < s.persons.size(); ++p) {
    const History h{.s = s,
                    .birth = s.persons.birth[p],
                    .episodes_begin = episodes.begin(p),
                    .episodes_end = episodes.end(p),
                    .contacts_begin = contacts.begin(p),
                    .contacts_end = contacts.end(p)};
    if (h.birth == kNoDate) continue;
    if (h.episodes_begin == h.episodes_end && h.contacts_begin == h.contacts_end) continue;
    CountInTouch(h, period, out);
    Count19To21(h, period, out);
  }
  return out;
}

void ComputeCareLeavers(const Inputs& in, Sink& out) {
  const Leavers leavers = CountLeavers(in.snapshot, in.period);
  out.Count("care_leavers_in_touch", leavers.in_touch);
  out.Percent("care_leavers_19_21_eet_pct", leavers.eet, leavers.cohort_19_21);
  out.Percent("care_leavers_19_21_suitable_accommodation_pct", leavers.suitable,
              leavers.accommodation_cohort);
}

}  // namespace

void ComputeCare(const Inputs& in, Sink& out) {
  ComputeAtPeriodEnd(in, out);
  ComputeStartedAndCeased(in, out);
  ComputeCareLeavers(in, out);
}

}  // namespace sg::indicators
