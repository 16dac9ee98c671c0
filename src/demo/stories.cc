// The demo's stories: what follows a contact, step by step, with the
// proportions and timings of a typical English authority (the partnership's
// annual report and DfE's national figures): about one contact in four
// becomes a referral, most assessments finish within 45 working days, about
// a third of section 47 enquiries lead to a conference, and so on. Each
// function returns the day the child's story is over (kNever when something
// is still open on the demo's last day).
#include <algorithm>
#include <array>

#include "demo/generator.h"

namespace sg::demo {
namespace {

using Weighted = std::pair<std::string_view, double>;

constexpr std::array<Weighted, 9> kPrimaryNeed = {{{"N1", 55}, {"N2", 8}, {"N3", 6}, {"N4", 10},
                                                   {"N5", 13}, {"N6", 4}, {"N7", 1}, {"N8", 2},
                                                   {"N9", 1}}};
constexpr std::array<Weighted, 5> kCategory = {
    {{"NEG", 46}, {"EMO", 36}, {"PHY", 8}, {"SAB", 4}, {"MUL", 6}}};
constexpr std::array<Weighted, 6> kLegalStatus = {
    {{"V2", 38}, {"C1", 30}, {"C2", 20}, {"L1", 5}, {"E1", 4}, {"J1", 3}}};
constexpr std::array<Weighted, 9> kPlacement = {{{"U4", 25}, {"U6", 30}, {"U1", 6}, {"U3", 7},
                                                 {"K2", 12}, {"P1", 8}, {"R1", 4}, {"S1", 3},
                                                 {"U5", 5}}};
constexpr std::array<Weighted, 7> kPlaceChange = {{{"CARPL", 40}, {"CREQB", 15}, {"CREQO", 10},
                                                   {"CHILD", 10}, {"LAREQ", 10}, {"STAND", 5},
                                                   {"OTHER", 10}}};
constexpr std::array<Weighted, 8> kActivity = {{{"F1", 8}, {"P1", 2}, {"F2", 25}, {"F4", 6},
                                                {"F5", 14}, {"G4", 10}, {"G5", 27}, {"G6", 8}}};
constexpr std::array<Weighted, 8> kAccommodation = {{{"B1", 18}, {"E1", 12}, {"U1", 25},
                                                     {"D1", 12}, {"T1", 6}, {"Z1", 15},
                                                     {"S2", 6}, {"W2", 6}}};

std::string Str(std::string_view v) { return std::string(v); }

// Families come back. In England about one referral in five is a
// re-referral within 12 months of the last, and about one child protection
// plan in five is a second or later plan (DfE, Characteristics of children in
// need). So a closed referral sometimes brings the family back within
// months with a new concern, and an ended plan, less soon, with the old
// concerns back, which call for a section 47 enquiry.
constexpr double kReferredAgain = 0.34;
constexpr double kConcernsReturnAfterPlan = 0.45;

}  // namespace

Result<Date> Generator::ReferralStory(size_t c, Date date, std::optional<Id> contact,
                                      std::string source, bool protection) {
  const int plans_before = children_[c].cp_plans;
  SG_ASSIGN_OR_RETURN(Date over, Referral(c, date, contact, std::move(source), protection));
  SG_RETURN_IF_ERROR(HospitalEnded(c, over));
  if (over == kNever) return over;  // still open on the last day, or cared for
  const bool had_plan = children_[c].cp_plans > plans_before;
  if (!Chance(had_plan ? kConcernsReturnAfterPlan : kReferredAgain)) return over;
  const int days = had_plan ? Between(30, 720) : Between(7, 240);
  const Date back = NextWorkingDayOrSame(over.AddDays(days));
  if (!Open(back)) returns_[back].push_back(Return{c, had_plan});
  return over;
}

Result<Date> Generator::EarlyHelp(size_t c, Date start, Id contact) {
  const DemoChild& child = children_[c];
  start = NextWorkingDayOrSame(start.AddDays(Between(0, 6)));
  if (Open(start)) return start;  // starts after the last day: nothing to record
  SG_ASSIGN_OR_RETURN(Id episode, journey_.StartEarlyHelp(actor_, child.id, start, contact));
  ++counts_.early_help;
  SG_RETURN_IF_ERROR(journey_.Allocate(actor_, child.id, teams_.early_help,
                                       Worker(teams_.early_help), start, "early help"));
  Date end = start.AddDays(Between(60, 300));
  if (Open(end)) return kNever;
  SG_RETURN_IF_ERROR(journey_.EndEarlyHelp(actor_, episode, end,
                                           Chance(0.7) ? "outcomes achieved" : "family withdrew"));
  SG_RETURN_IF_ERROR(journey_.EndAllocations(actor_, child.id, end));
  return end;
}

// `protection`: the concerns call for a section 47 enquiry from the start.
Result<Date> Generator::Referral(size_t c, Date date, std::optional<Id> contact,
                                 std::string source, bool protection) {
  const Id person = children_[c].id;
  journey::NewReferral input;
  input.person_id = person;
  input.date = date;
  input.source = std::move(source);
  input.contact_id = contact;
  input.no_further_action = !protection && Chance(0.08);
  if (!input.no_further_action) input.primary_need = Str(Pick<std::string_view>(kPrimaryNeed));
  Id team = teams_.assessment[static_cast<size_t>(Between(0, 1))];
  input.team_id = team;
  SG_ASSIGN_OR_RETURN(Id referral, journey_.OpenReferral(actor_, input));
  ++counts_.referrals;
  if (input.no_further_action) return date;
  SG_RETURN_IF_ERROR(journey_.Allocate(actor_, person, team, Worker(team), date, "referral"));
  SG_RETURN_IF_ERROR(HospitalAtReferral(c, date));

  // The assessment: counted from the referral, 45 working days allowed.
  Date start = Chance(0.5) ? date : Wd(date, Between(1, 3));
  if (Open(start)) return kNever;
  SG_ASSIGN_OR_RETURN(Id assessment, journey_.StartAssessment(actor_, referral, start));
  ++counts_.assessments;
  int wd = Chance(0.87) ? Between(12, 45) : Between(46, 75);
  Date authorised = std::max(Wd(date, wd), start.AddDays(1));

  // A section 47 enquiry starts while the assessment is under way.
  Date assessed = authorised;
  Result<Date> enquiry = date;
  if (protection || Chance(0.39)) {
    enquiry = Protection(c, referral, date, assessed, protection);
    if (!enquiry) return enquiry;
    SG_RETURN_IF_ERROR(PoliceEnded(c, *enquiry));
  }
  if (Open(assessed)) return kNever;
  SG_RETURN_IF_ERROR(journey_.AuthoriseAssessment(actor_, assessment, assessed,
                                                  {Chance(0.3) ? "3B" : "4B"}));
  if (*enquiry == kNever) return kNever;
  Date after = std::max(*enquiry, assessed);
  if (Chance(0.22)) {  // a second assessment on the same episode
    Date again = after.AddDays(Between(5, 30));
    if (Open(again)) return kNever;
    SG_ASSIGN_OR_RETURN(Id second, journey_.StartAssessment(actor_, referral, again));
    ++counts_.assessments;
    Date done = std::max(Wd(again, Chance(0.9) ? Between(10, 45) : Between(46, 70)),
                         again.AddDays(1));
    if (Open(done)) return kNever;
    SG_RETURN_IF_ERROR(journey_.AuthoriseAssessment(actor_, second, done, {"20"}));
    after = done;
  }
  if (*enquiry == date && Chance(0.09)) {  // accommodated after assessment
    return Care(c, after.AddDays(Between(1, 20)));
  }
  return CloseAfter(c, referral, after, *enquiry == date);
}

// Strategy discussion, section 47 enquiry, and a conference for about a
// third of them (most, when `returning` concerns led to the referral). May
// move the assessment's authorisation later so it never precedes the steps
// it rests on.
Result<Date> Generator::Protection(size_t c, Id referral, Date referral_date, Date& assessed,
                                   bool returning) {
  Date strategy = Wd(referral_date, Between(0, 3));
  if (Open(strategy)) return kNever;
  SG_ASSIGN_OR_RETURN(Id discussion, journey_.HoldStrategyDiscussion(actor_, referral, strategy));
  SG_ASSIGN_OR_RETURN(Id enquiry, journey_.StartSection47(actor_, discussion, strategy));
  ++counts_.section47s;
  SG_RETURN_IF_ERROR(PoliceAtStrategy(c, strategy));
  if (!Chance(returning ? 0.85 : 0.34)) {
    Date concluded = Wd(strategy, Between(5, 20));
    if (Open(concluded)) return kNever;
    SG_RETURN_IF_ERROR(journey_.ConcludeSection47WithoutConference(actor_, enquiry, concluded));
    return concluded;
  }
  Date icpc_date = Wd(strategy, Chance(0.82) ? Between(7, 15) : Between(16, 30));
  if (Open(icpc_date)) return kNever;
  bool plan = Chance(0.93);
  SG_ASSIGN_OR_RETURN(Id icpc, journey_.HoldInitialConference(actor_, referral, enquiry, false,
                                                              icpc_date, plan));
  ++counts_.icpcs;
  if (!plan) return icpc_date;
  assessed = std::max(assessed, icpc_date);
  return ProtectionPlan(c, icpc, icpc_date);
}

Result<Date> Generator::ProtectionPlan(size_t c, Id icpc, Date start) {
  const Id person = children_[c].id;
  SG_ASSIGN_OR_RETURN(Id plan, journey_.StartCpPlan(actor_, icpc, start,
                                                    Pick<std::string_view>(kCategory)));
  ++counts_.cp_plans;
  ++children_[c].cp_plans;
  Id team = teams_.safeguarding[static_cast<size_t>(Between(0, 2))];
  SG_RETURN_IF_ERROR(journey_.Allocate(actor_, person, team, Worker(team), start, "child protection plan"));
  Date core_group = Wd(start, Chance(0.9) ? Between(3, 10) : Between(11, 20));
  if (Open(core_group)) return kNever;
  SG_RETURN_IF_ERROR(journey_.RecordCoreGroup(actor_, plan, core_group));

  double length = random_.Unit();
  int months = length < 0.35 ? Between(3, 6) : length < 0.8 ? Between(6, 14)
               : length < 0.97 ? Between(14, 23) : Between(24, 30);
  Date end = core::AddMonths(start, months).AddDays(Between(0, 20));
  Date due = core::AddMonths(start, 3);
  Date last_review = start;
  for (;;) {
    Date review = Chance(0.93) ? due.AddDays(-Between(0, 14)) : due.AddDays(Between(1, 25));
    review = std::max(review, last_review.AddDays(1));
    if (review > end || Open(review)) break;
    SG_RETURN_IF_ERROR(journey_.RecordCpReview(actor_, plan, review, std::nullopt));
    last_review = review;
    due = core::AddMonths(review, 6);
  }
  end = std::max(end, last_review);
  if (Open(end)) return kNever;
  SG_RETURN_IF_ERROR(journey_.EndCpPlan(actor_, plan, end));
  SG_RETURN_IF_ERROR(PoliceEnded(c, end));  // the police step back when the plan ends
  if (Chance(0.15)) return Care(c, end);  // plan ends as the child comes into care
  return end;
}

Result<Date> Generator::CloseAfter(size_t c, Id referral, Date from, bool cin_plan_likely) {
  const Id person = children_[c].id;
  Date closed = from;
  std::string reason = "RC7";
  if (Chance(cin_plan_likely ? 0.38 : 0.6)) {
    Date start = from.AddDays(Between(0, 10));
    if (Open(start)) return kNever;
    SG_ASSIGN_OR_RETURN(Id plan, journey_.StartCinPlan(actor_, referral, start));
    SG_ASSIGN_OR_RETURN(Id school, SchoolAtCinPlan(c, start));
    Date end = start.AddDays(Between(90, 360));
    if (Open(end)) return kNever;
    SG_RETURN_IF_ERROR(journey_.EndCinPlan(actor_, plan, end));
    if (school != 0) SG_RETURN_IF_ERROR(EndInvolvement(school, end));
    closed = end;
  } else {
    closed = from.AddDays(Between(0, 5));
    // RC8 and RC9 mean "closed after assessment" (CIN rule 2990): not after
    // a section 47 enquiry, which `cin_plan_likely` false stands for. The
    // chance is drawn either way so the demo keeps its random stream.
    bool early_help = journey::CollectionYearOf(closed) >= 2023 && Chance(0.3);
    if (cin_plan_likely) reason = early_help ? "RC9" : "RC8";
  }
  if (Open(closed)) return kNever;
  SG_RETURN_IF_ERROR(journey_.CloseReferral(actor_, referral, closed, reason));
  SG_RETURN_IF_ERROR(journey_.EndAllocations(actor_, person, closed));
  return closed;
}

Result<Date> Generator::Care(size_t c, Date start, std::optional<Date> not_before_end) {
  const DemoChild& child = children_[c];
  if (Open(start)) return kNever;
  const Date eighteenth = core::AddMonths(child.birth, 12 * 18);
  if (start >= eighteenth.AddDays(-30)) return start;  // too old to come into care now
  journey::CareChange entry;
  entry.date = start;
  entry.reason_new_episode = "S";
  entry.legal_status = Str(Pick<std::string_view>(kLegalStatus));
  entry.category_of_need = Chance(0.65) ? "N1" : Str(Pick<std::string_view>(kPrimaryNeed));
  if (entry.category_of_need == "N9") entry.category_of_need = "N4";
  entry.placement_type = Str(Pick<std::string_view>(kPlacement));
  entry.placement_provider = entry.placement_type == "P1" ? "PR0" : Chance(0.55) ? "PR1" : "PR4";
  entry.home_postcode = child.home_postcode;
  entry.placement_postcode = PlacementPostcode(entry.placement_type, child.home_postcode);
  SG_RETURN_IF_ERROR(journey_.StartCare(actor_, child.id, entry));
  ++counts_.care_periods;
  SG_RETURN_IF_ERROR(journey_.Allocate(actor_, child.id, teams_.cared_for,
                                       Worker(teams_.cared_for), start, "cared for"));

  // How long: a short stay, a few years, or until adulthood.
  double kind = random_.Unit();
  Date end = kind < 0.28   ? start.AddDays(Between(30, 180))
             : kind < 0.68 ? start.AddDays(Between(365, 1100))
                           : eighteenth;
  if (not_before_end) end = std::max(end, *not_before_end);
  end = std::min(end, eighteenth);
  std::string reason = end == eighteenth ? (Chance(0.35) ? "E17" : Chance(0.6) ? "E5" : "E6")
                       : kind < 0.28     ? (Chance(0.8) ? "E4A" : "E13")
                       : core::AgeInYears(child.birth, start) < 8 && Chance(0.45)
                           ? (Chance(0.8) ? "E11" : "E12")
                           : (Chance(0.5) ? "E45" : Chance(0.5) ? "E4A" : "E41");

  // Changes of placement, and of legal status after an interim order.
  Date moment = start;
  std::string legal = entry.legal_status;
  for (;;) {
    moment = moment.AddDays(Between(120, 540));
    if (moment >= end || Open(moment)) break;
    journey::CareChange change = entry;
    change.date = moment;
    if (legal == "C1" && Chance(0.6)) {
      change.reason_new_episode = "L";
      change.legal_status = legal = "C2";
    } else {
      change.reason_new_episode = "P";
      change.legal_status = legal;
      change.placement_type = Str(Pick<std::string_view>(kPlacement));
      change.placement_provider = change.placement_type == "P1" ? "PR0" : Chance(0.55) ? "PR1" : "PR4";
      change.placement_postcode = PlacementPostcode(change.placement_type, child.home_postcode);
      change.reason_place_change = Str(Pick<std::string_view>(kPlaceChange));
    }
    SG_RETURN_IF_ERROR(journey_.ChangeCare(actor_, child.id, change));
    entry = change;
  }
  if (Chance(0.09)) {  // missing from placement, once or a few times
    std::vector<Date> days_gone;  // one missing episode a day: the day keys it
    for (int i = Between(1, 4); i > 0; --i) {
      Date gone = start.AddDays(Between(1, std::max(2, std::min(end, options_.until) - start - 1)));
      if (gone >= end || Open(gone)) continue;
      if (std::find(days_gone.begin(), days_gone.end(), gone) != days_gone.end()) continue;
      days_gone.push_back(gone);
      Date back = std::min(gone.AddDays(Between(0, 3)), options_.until);
      SG_RETURN_IF_ERROR(journey_.RecordMissing(actor_, child.id, Chance(0.7) ? "M" : "A", gone, back));
    }
  }
  SG_RETURN_IF_ERROR(CareReviews(child.id, start, end));
  if (Open(end)) return kNever;
  SG_RETURN_IF_ERROR(journey_.EndCare(actor_, child.id, end, reason));
  SG_RETURN_IF_ERROR(journey_.EndAllocations(actor_, child.id, end));
  if (core::AgeInYears(child.birth, end) >= 16) SG_RETURN_IF_ERROR(CareLeaver(c, end));
  return kNever;  // a child who has been in care is not picked for a new story
}

// Reviews at 20 working days, 3 months, then every 6 months; most on time.
Status Generator::CareReviews(Id person, Date start, Date end) {
  Date due = Wd(start, 20);
  Date last = start;
  for (int n = 0;; ++n) {
    Date review = Chance(0.92) ? due.AddDays(-Between(0, n == 0 ? 8 : 14))
                               : due.AddDays(Between(1, 30));
    review = std::max(review, last.AddDays(1));
    if (review >= end || Open(review)) return {};
    SG_RETURN_IF_ERROR(journey_.RecordCareReview(actor_, person, review,
                                                 Str(Chance(0.5) ? "PN1" : "PN5")));
    last = review;
    due = core::AddMonths(review, n == 0 ? 3 : 6);
  }
}

// Contacts around the 18th to 21st birthdays after leaving care.
Status Generator::CareLeaver(size_t c, Date left) {
  const DemoChild& child = children_[c];
  SG_RETURN_IF_ERROR(journey_.Allocate(actor_, child.id, teams_.care_leavers,
                                       Worker(teams_.care_leavers), left, "care leaver"));
  for (int age = 18; age <= 21; ++age) {
    Date birthday = core::AddMonths(child.birth, 12 * age);
    Date contact = birthday.AddDays(Between(-20, 40));
    if (contact <= left) continue;
    if (Open(contact)) break;
    double touch = random_.Unit();
    std::string_view in_touch = touch < 0.88 ? "YES" : touch < 0.93 ? "NREQ" : touch < 0.97 ? "REFU" : "NO";
    std::optional<std::string> activity, accommodation;
    if (in_touch == "YES") {
      activity = Str(Pick<std::string_view>(kActivity));
      // Until 2020-21 apprenticeships and other training were one code, F3.
      if (journey::CollectionYearOf(contact) < 2022 && (*activity == "F4" || *activity == "F5")) {
        activity = "F3";
      }
      accommodation = Str(Pick<std::string_view>(kAccommodation));
    } else {
      activity = "0";
      accommodation = "0";
    }
    SG_RETURN_IF_ERROR(journey_.RecordCareLeaverContact(actor_, child.id, contact, in_touch,
                                                        activity, accommodation));
    ++counts_.care_leaver_contacts;
  }
  return {};
}

}  // namespace sg::demo
