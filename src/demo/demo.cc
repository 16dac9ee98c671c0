// The demo's driver: the directory of agencies and teams, the children, the
// cohorts already in care on the first day, and the front door day by day.
#include "demo/demo.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "demo/demo_users.h"
#include "demo/generator.h"
#include "demo/postcodes.h"
#include "places/authorities.h"
#include "store/journey_store.h"

namespace sg::demo {
namespace {

using core::Code;
using core::Fail;

constexpr std::array kForenames = {
    "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Ivy",
    "Leo", "Lily", "Arthur", "Isabella", "Muhammad", "Rosie", "Oscar", "Sophia", "Charlie",
    "Grace", "Jacob", "Freya", "Thomas", "Evie", "Alfie", "Poppy", "Riley", "Ella", "Archie",
    "Daisy", "Ethan", "Chloe", "Joshua", "Emily", "Mason", "Ruby", "Logan", "Millie", "Dylan",
    "Harper", "Kai", "Layla", "Reuben", "Zara", "Tyler", "Maya", "Callum", "Niamh"};
constexpr std::array kSurnames = {
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
    "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
    "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Khan", "Begum", "Ahmed"};

using Weighted = std::pair<std::string_view, double>;
constexpr std::array<Weighted, 8> kEthnicity = {{{"WBRI", 84}, {"WOTH", 4}, {"MWBC", 3},
                                                 {"MOTH", 2}, {"APKN", 2}, {"BAFR", 2},
                                                 {"AOTH", 1.5}, {"NOBT", 1.5}}};
constexpr std::array<Weighted, 13> kContactSource = {
    {{"6", 28}, {"2A", 18}, {"3A", 4}, {"3E", 5}, {"3F", 5}, {"3B", 4}, {"1A", 8}, {"5A", 7},
     {"8", 6}, {"9", 3}, {"7", 4}, {"4", 2}, {"1C", 1}}};

// The partnership's agencies are seeded by migration 0004 (DESIGN.md and the
// issue: council children's social care and early help, police, the
// clinical commissioning group, the two hospital trusts, schools, youth
// justice, probation, public health); the demo finds them by code.

// Why each partner may see a child's record (UK GDPR articles 6 and 9 and
// the statutory duty the share rests on).
constexpr std::string_view kPoliceBasis =
    "public task: Children Act 1989 s47 enquiry, Working Together 2023 strategy discussion "
    "(UK GDPR 6(1)(e), 9(2)(g); DPA 2018 Sch 1 para 18)";
constexpr std::string_view kSchoolBasis =
    "public task: Children Act 1989 s17 child in need plan, Education Act 2002 s175 "
    "(UK GDPR 6(1)(e), 9(2)(g))";
constexpr std::string_view kHospitalBasis =
    "public task: Children Act 2004 s11 duty to safeguard (UK GDPR 6(1)(e), 9(2)(h))";

// Restricted police intelligence of the kind a Public Protection Unit shares
// at a strategy discussion: no names, and not to be told to the family.
constexpr std::array kIntelligence = {
    "Intelligence: an adult male associate of the household is on bail for an offence of "
    "violence; bail conditions do not prevent contact with the address. Not to be disclosed to "
    "the family.",
    "Intelligence: a vehicle linked to the home address has been seen repeatedly at a location "
    "associated with drug supply. Source to be protected.",
    "Intelligence: the child's mobile number was found on a device seized in a county lines "
    "investigation. Investigation ongoing; do not share with the family.",
    "Police National Computer check: a household member has previous convictions for domestic "
    "abuse related offences. Details held by the Public Protection Unit.",
    "Intelligence: third-party information that an adult now visiting the home is subject to "
    "notification requirements. Disclosure under the Child Sex Offender Disclosure Scheme is "
    "being considered.",
    "Intelligence: the child has been reported as associating with older young people suspected "
    "of exploitation in the town centre. Operation details restricted.",
    "Intelligence: an anonymous report alleges weapons are kept at the address. Being assessed; "
    "no action to be taken that would identify the source.",
};

// The demo records as the council's children's social care would.
access::Actor DemoActor() {
  access::Actor actor = access::Actor::System("demo", "build the demonstration authority");
  actor.agency = "LA-CSC";
  return actor;
}

// The police's intelligence is recorded as the police would record it, so
// that it carries their restriction.
access::Actor PoliceActor() {
  access::Actor actor = access::Actor::System("demo", "record police intelligence");
  actor.agency = "POLICE";
  return actor;
}

// The partner stories' own stream: a fixed offset of the seed, so that it is
// as repeatable as the council's and independent of it.
constexpr uint64_t kPartnerStream = 0x5AFE6A4D00000001ULL;

journey::PlacementLookup Placements(const Options& options) {
  auto authority = places::FindByNumber(kLaNumber);
  return {options.postcodes, authority ? std::string(authority->ons_code) : std::string()};
}

}  // namespace

Generator::Generator(access::Gate& gate, const core::WorkingCalendar& calendar,
                     const core::CodeLists& codes, const Options& options)
    : gate_(gate),
      calendar_(calendar),
      codes_(codes),
      options_(options),
      journey_(gate, calendar, codes, Placements(options)),
      actor_(DemoActor()),
      random_(options.seed),
      partner_random_(options.seed ^ kPartnerStream),
      police_actor_(PoliceActor()) {}

Date Generator::NextWorkingDayOrSame(Date d) const {
  return calendar_.IsWorkingDay(d) ? d : calendar_.AddWorkingDays(d, 1);
}

std::string Generator::HomePostcode() { return std::string(PickOne(kCheshireEastPostcodes)); }

// Where a child is placed: a child placed with parents lives at home; other
// placements are mostly in Cheshire East, some across the border, and
// children's homes, secure units and residential schools are far more often
// at a distance, as nationally.
std::string Generator::PlacementPostcode(std::string_view placement_type,
                                         const std::string& home) {
  if (placement_type == "P1") return home;
  const bool residential =
      placement_type == "K2" || placement_type == "R1" || placement_type == "S1";
  const double inside = residential ? 0.45 : 0.80;
  const double neighbour = residential ? 0.22 : 0.13;
  const double x = random_.Unit();
  if (x < inside) return std::string(PickOne(kCheshireEastPostcodes));
  if (x < inside + neighbour) return std::string(PickOne(kNeighbourPostcodes));
  return std::string(PickOne(kDistantPostcodes));
}

Id Generator::Worker(Id team) {
  const auto& workers = teams_.workers[static_cast<size_t>(team - 1)];
  return workers[static_cast<size_t>(Between(0, static_cast<int>(workers.size()) - 1))];
}

Status Generator::SeedDirectory() {
  return gate_.Run(actor_, access::Action::kAdminister, [&](access::AuditNote& note) -> Status {
    store::JourneyStore store(gate_.database());
    auto agency = [&](std::string_view code) -> Result<Id> {
      SG_ASSIGN_OR_RETURN(auto found, store.FindAgencyByCode(code));
      if (!found) {
        return Fail(Code::kFailedPrecondition,
                    fmt::format("the agency {} is missing; the database's migrations seed it",
                                code));
      }
      return found->id;
    };
    SG_ASSIGN_OR_RETURN(const Id csc, agency("LA-CSC"));
    SG_ASSIGN_OR_RETURN(const Id eh, agency("LA-EH"));
    auto team = [&](Id agency_id, std::string name, const char* role) -> Result<Id> {
      SG_ASSIGN_OR_RETURN(Id id, store.InsertTeam({0, agency_id, name}));
      std::vector<Id> workers;
      for (int i = 0; i < 6; ++i) {
        std::string worker = fmt::format(
            "{} {}", kForenames[static_cast<size_t>(Between(0, kForenames.size() - 1))],
            kSurnames[static_cast<size_t>(Between(0, kSurnames.size() - 1))]);
        SG_ASSIGN_OR_RETURN(Id w, store.InsertWorker({0, id, worker, role}));
        workers.push_back(w);
      }
      teams_.workers.push_back(std::move(workers));
      return id;
    };
    SG_ASSIGN_OR_RETURN(teams_.front_door, team(csc, "Front Door (ChECS)", "front-door practitioner"));
    SG_ASSIGN_OR_RETURN(teams_.early_help, team(eh, "Early Help Locality Team", "early help practitioner"));
    for (const char* name : {"Assessment Team North", "Assessment Team South"}) {
      SG_ASSIGN_OR_RETURN(Id id, team(csc, name, "social worker"));
      teams_.assessment.push_back(id);
    }
    for (const char* name : {"Safeguarding Team 1", "Safeguarding Team 2", "Safeguarding Team 3"}) {
      SG_ASSIGN_OR_RETURN(Id id, team(csc, name, "social worker"));
      teams_.safeguarding.push_back(id);
    }
    SG_ASSIGN_OR_RETURN(teams_.cared_for, team(csc, "Cared for Children Team", "social worker"));
    SG_ASSIGN_OR_RETURN(teams_.care_leavers, team(csc, "Care Leavers Team", "personal adviser"));
    SG_ASSIGN_OR_RETURN(teams_.police, PartnerTeam(store, "POLICE", "Public Protection Unit",
                                                   "detective constable"));
    SG_ASSIGN_OR_RETURN(teams_.hospital, PartnerTeam(store, "MCHFT", "Safeguarding Children Team",
                                                     "named nurse for safeguarding"));
    SG_ASSIGN_OR_RETURN(teams_.school, PartnerTeam(store, "SCHOOLS", "Wistaston Primary School",
                                                   "designated safeguarding lead"));
    SG_ASSIGN_OR_RETURN(teams_.business_unit,
                        PartnerTeam(store, "LA-CSC", "Partnership Business Unit",
                                    "partnership officer"));
    note = access::AuditNote{"create", "directory", "demo", std::nullopt,
                             fmt::format("{{\"teams\":{}}}", teams_.workers.size())};
    return {};
  });
}

// A team beside the council's, with workers named from the partner stream.
Result<Id> Generator::PartnerTeam(store::JourneyStore& store, std::string_view agency,
                                  std::string name, const char* role) {
  SG_ASSIGN_OR_RETURN(auto found, store.FindAgencyByCode(agency));
  if (!found) {
    return Fail(Code::kFailedPrecondition,
                fmt::format("the agency {} is missing; the database's migrations seed it", agency));
  }
  SG_ASSIGN_OR_RETURN(Id id, store.InsertTeam({0, found->id, std::move(name)}));
  std::vector<Id> workers;
  for (int i = 0; i < 4; ++i) {
    auto pick = [&](const auto& names) {
      return names[static_cast<size_t>(
          partner_random_.Between(0, static_cast<int64_t>(names.size()) - 1))];
    };
    std::string forename = pick(kForenames);
    std::string worker = fmt::format("{} {}", forename, pick(kSurnames));
    SG_ASSIGN_OR_RETURN(Id w, store.InsertWorker({0, id, worker, role}));
    workers.push_back(w);
  }
  teams_.workers.push_back(std::move(workers));
  return id;
}

Result<Id> Generator::Involve(size_t c, Id team, Date start, std::string_view lawful_basis,
                              bool consent, std::string_view reason) {
  const auto& workers = teams_.workers[static_cast<size_t>(team - 1)];
  const Id worker = workers[static_cast<size_t>(
      partner_random_.Between(0, static_cast<int64_t>(workers.size()) - 1))];
  return journey_.Involve(actor_, children_[c].id, team, worker, start, std::string(lawful_basis),
                          consent, std::string(reason));
}

Status Generator::EndInvolvement(Id involvement, Date end) {
  if (Open(end)) return {};  // still involved on the last day
  return journey_.EndInvolvement(actor_, involvement, end);
}

Status Generator::PoliceIntelligence(size_t c, Date from) {
  if (!partner_random_.Chance(0.45)) return {};
  const int notes = partner_random_.Chance(0.3) ? 2 : 1;
  Date on = from;
  for (int i = 0; i < notes; ++i) {
    on = on.AddDays(partner_random_.Between(0, 6));
    if (Open(on)) return {};
    const char* text = kIntelligence[static_cast<size_t>(
        partner_random_.Between(0, static_cast<int64_t>(kIntelligence.size()) - 1))];
    SG_RETURN_IF_ERROR(journey_.AddNote(
        police_actor_, journey::NewNote{children_[c].id, on, text, "police-restricted"}));
  }
  return {};
}

Status Generator::HospitalAtReferral(size_t c, Date date) {
  if (core::AgeInYears(children_[c].birth, date) >= 1 || hospital_open_.contains(c)) return {};
  SG_ASSIGN_OR_RETURN(hospital_open_[c], Involve(c, teams_.hospital, date, kHospitalBasis, false,
                                                 "baby under one referred to children's social "
                                                 "care"));
  return {};
}

Status Generator::HospitalEnded(size_t c, Date over) {
  auto open = hospital_open_.find(c);
  if (open == hospital_open_.end() || over == kNever || Open(over)) return {};
  const Id involvement = open->second;
  hospital_open_.erase(open);
  return EndInvolvement(involvement, over);
}

Status Generator::PoliceAtStrategy(size_t c, Date date) {
  if (police_open_.contains(c)) return {};
  SG_ASSIGN_OR_RETURN(police_open_[c], Involve(c, teams_.police, date, kPoliceBasis, false,
                                               "strategy discussion and section 47 enquiry"));
  return PoliceIntelligence(c, date);
}

Status Generator::PoliceEnded(size_t c, Date over) {
  auto open = police_open_.find(c);
  if (open == police_open_.end() || over == kNever || Open(over)) return {};
  const Id involvement = open->second;
  police_open_.erase(open);
  return EndInvolvement(involvement, over);
}

Result<Id> Generator::SchoolAtCinPlan(size_t c, Date start) {
  const int age = core::AgeInYears(children_[c].birth, start);
  if (age < 4 || age > 10 || !partner_random_.Chance(0.6)) return Id{0};
  return Involve(c, teams_.school, start, kSchoolBasis, false, "child in need plan");
}

// Pre-birth: the hospital's safeguarding team works with some expectant
// families, with their consent, before any referral.
Status Generator::Unborn() {
  const int unborn = std::max(2, static_cast<int>(std::lround(options_.contacts_per_year / 1500)));
  for (int i = 0; i < unborn; ++i) {
    store::Person p;
    p.la_child_id = fmt::format("C{:07}", next_child_number_++);
    p.surname = kSurnames[static_cast<size_t>(
        partner_random_.Between(0, static_cast<int64_t>(kSurnames.size()) - 1))];
    p.expected_birth_date = options_.until.AddDays(partner_random_.Between(20, 140));
    p.home_postcode = std::string(kCheshireEastPostcodes[static_cast<size_t>(
        partner_random_.Between(0, static_cast<int64_t>(kCheshireEastPostcodes.size()) - 1))]);
    SG_ASSIGN_OR_RETURN(Id id, journey_.RegisterChild(actor_, p));
    ++counts_.children;
    children_.push_back(DemoChild{id, *p.expected_birth_date, *p.home_postcode, kNever});
    const Date booked = options_.until.AddDays(-partner_random_.Between(0, 60));
    SG_ASSIGN_OR_RETURN(Id involvement,
                        Involve(children_.size() - 1, teams_.hospital, booked, "", true,
                                "pre-birth: midwifery safeguarding concern"));
    (void)involvement;
  }
  return {};
}

Result<size_t> Generator::NewChild(Date on, int min_age, int max_age) {
  store::Person p;
  p.la_child_id = fmt::format("C{:07}", next_child_number_++);
  p.forename = kForenames[static_cast<size_t>(Between(0, kForenames.size() - 1))];
  p.surname = kSurnames[static_cast<size_t>(Between(0, kSurnames.size() - 1))];
  p.sex = Chance(0.5) ? "M" : "F";
  p.ethnicity = std::string(Pick<std::string_view>(kEthnicity));
  int age_days = Between(min_age * 365, max_age * 365 + 364);
  Date birth = on.AddDays(-age_days);
  p.birth_date = birth;
  p.home_postcode = HomePostcode();
  p.disabilities = {Chance(0.08) ? (Chance(0.5) ? "AUT" : "LD") : "NONE"};
  SG_ASSIGN_OR_RETURN(Id id, journey_.RegisterChild(actor_, p));
  ++counts_.children;
  children_.push_back(DemoChild{id, birth, *p.home_postcode, on.AddDays(-1)});
  return children_.size() - 1;
}

// A quarter of contacts are about a child already known: pick one at random
// from those whose story is over (a re-referral, a new concern).
Result<size_t> Generator::PickChild(Date on) {
  if (!children_.empty() && Chance(0.25)) {
    for (int tries = 0; tries < 8; ++tries) {
      size_t i = static_cast<size_t>(Between(0, static_cast<int>(children_.size()) - 1));
      const DemoChild& c = children_[i];
      if (c.free_from < on && core::AgeInYears(c.birth, on) < 17) return i;
    }
  }
  static constexpr std::array<std::pair<int, double>, 4> kAgeBands = {
      {{0, 30}, {5, 28}, {10, 32}, {16, 10}}};
  int band = Pick<int>(kAgeBands);
  int top = band == 0 ? 4 : band == 5 ? 9 : band == 10 ? 15 : 17;
  return NewChild(on, band, top);
}

// The source of a contact on `day`: since 2022-23 some school contacts come
// from the school's designated safeguarding lead (5D) rather than the school.
std::string Generator::ContactSource(Date day) {
  std::string source(Pick<std::string_view>(kContactSource));
  if (source == "5A" && journey::CollectionYearOf(day) >= 2023 && Chance(0.5)) source = "5D";
  return source;
}

Result<Id> Generator::RecordContact(size_t c, Date day, const std::string& source) {
  journey::NewContact contact;
  contact.person_id = children_[c].id;
  contact.date = day;
  contact.source = source;
  contact.contactor = contact.source == "6" ? "Police officer" : "Professional";
  contact.team_id = teams_.front_door;
  if (Chance(0.25)) contact.factors.push_back("domestic_abuse");
  if (Chance(0.15)) contact.factors.push_back("mental_health");
  if (Chance(0.12)) contact.factors.push_back("neglect");
  if (Chance(0.08)) contact.factors.push_back("substance_misuse");
  if (Chance(0.03)) contact.factors.push_back("missing");
  if (Chance(0.045)) {
    contact.factors.push_back(Chance(0.55) ? "child_sexual_exploitation"
                                           : "child_criminal_exploitation");
    if (Chance(0.65)) contact.screening_tools.push_back("CE screening tool");
  }
  if (std::ranges::find(contact.factors, "domestic_abuse") != contact.factors.end() &&
      Chance(0.5)) {
    contact.screening_tools.push_back("DASH risk assessment");
  }
  SG_ASSIGN_OR_RETURN(Id contact_id, journey_.RecordContact(actor_, contact));
  ++counts_.contacts;
  return contact_id;
}

Status Generator::Contact(Date day) {
  SG_ASSIGN_OR_RETURN(size_t c, PickChild(day));
  const std::string source = ContactSource(day);
  SG_ASSIGN_OR_RETURN(Id contact_id, RecordContact(c, day, source));

  double late = random_.Unit();
  Date decided = late < 0.55 ? day : late < 0.93 ? Wd(day, 1) : Wd(day, Between(2, 4));
  if (Open(decided)) return {};  // still awaiting a decision on the last day
  const bool free = children_[c].free_from < day;
  double x = random_.Unit();
  // Families coming back (ComeBack) bring the share of contacts that become
  // referrals to about a quarter.
  std::string_view outcome = x < 0.20   ? journey::kOutcomeReferral
                             : x < 0.38 ? journey::kOutcomeEarlyHelp
                             : x < 0.70 ? journey::kOutcomeAdvice
                                        : journey::kOutcomeNoFurtherAction;
  if (!free && (outcome == journey::kOutcomeReferral || outcome == journey::kOutcomeEarlyHelp)) {
    outcome = journey::kOutcomeAdvice;  // already known and worked with: pass to the worker
  }
  SG_RETURN_IF_ERROR(journey_.DecideContact(actor_, contact_id, decided, outcome));
  if (outcome == journey::kOutcomeReferral) {
    SG_ASSIGN_OR_RETURN(children_[c].free_from, ReferralStory(c, decided, contact_id, source));
  } else if (outcome == journey::kOutcomeEarlyHelp) {
    SG_ASSIGN_OR_RETURN(children_[c].free_from, EarlyHelp(c, decided, contact_id));
  }
  return {};
}

// A family known before comes back: the front door passes the new concern
// straight to a referral. Nothing happens when the child is being worked
// with again by then, or is nearly 17.
Status Generator::ComeBack(const Return& back, Date day) {
  const DemoChild& child = children_[back.child];
  if (child.free_from >= day || core::AgeInYears(child.birth, day) >= 17) return {};
  const std::string source = ContactSource(day);
  SG_ASSIGN_OR_RETURN(Id contact_id, RecordContact(back.child, day, source));
  const Date decided = Chance(0.6) ? day : Wd(day, 1);
  if (Open(decided)) return {};
  SG_RETURN_IF_ERROR(
      journey_.DecideContact(actor_, contact_id, decided, journey::kOutcomeReferral));
  SG_ASSIGN_OR_RETURN(children_[back.child].free_from,
                      ReferralStory(back.child, decided, contact_id, source, back.protection));
  return {};
}

Status Generator::ContactDay(Date day, int contacts) {
  if (auto due = returns_.extract(day)) {
    for (const Return& back : due.mapped()) SG_RETURN_IF_ERROR(ComeBack(back, day));
  }
  for (int i = 0; i < contacts; ++i) SG_RETURN_IF_ERROR(Contact(day));
  // Some referrals come straight to the assessment teams, not through a contact.
  int direct = static_cast<int>(std::lround(contacts * 0.03));
  for (int i = 0; i < direct; ++i) {
    SG_ASSIGN_OR_RETURN(size_t c, PickChild(day));
    if (children_[c].free_from >= day) continue;
    SG_ASSIGN_OR_RETURN(children_[c].free_from, ReferralStory(c, day, std::nullopt, "6"));
  }
  return {};
}

// On the first day an authority already has children in care and young
// people who have left care; without them the first years would be empty.
Status Generator::SeedCohorts(Date first_day) {
  const double scale = options_.contacts_per_year / 9000.0;
  const int in_care = static_cast<int>(std::lround(430 * scale));
  for (int i = 0; i < in_care; ++i) {
    Date start = first_day.AddDays(-Between(20, 2000));
    SG_ASSIGN_OR_RETURN(size_t c, NewChild(start, 0, 15));
    if (core::AgeInYears(children_[c].birth, first_day) >= 18) continue;
    SG_ASSIGN_OR_RETURN(children_[c].free_from, Care(c, start, first_day.AddDays(Between(30, 1500))));
  }
  const int leavers = static_cast<int>(std::lround(180 * scale));
  for (int i = 0; i < leavers; ++i) {
    Date eighteenth = first_day.AddDays(-Between(30, 1000));
    Date birth = core::AddMonths(eighteenth, -12 * 18);
    Date start = eighteenth.AddDays(-Between(200, 2000));
    SG_ASSIGN_OR_RETURN(size_t c, NewChild(start, core::AgeInYears(birth, start),
                                           core::AgeInYears(birth, start)));
    SG_ASSIGN_OR_RETURN(children_[c].free_from, Care(c, start, kNever));
  }
  return {};
}

Result<Counts> Generator::Run(const Progress& progress) {
  SG_RETURN_IF_ERROR(SeedDirectory());
  const Date first_day = options_.until.AddDays(-365 * options_.years + 1);
  SG_RETURN_IF_ERROR(SeedCohorts(first_day));
  const int days = options_.until - first_day + 1;
  // Contacts arrive on working days; a few at weekends through the out of
  // hours service.
  const double per_working_day = options_.contacts_per_year / 253.0;
  double carry = 0;
  for (int i = 0; i < days; ++i) {
    Date day = first_day.AddDays(i);
    double expected = calendar_.IsWorkingDay(day) ? per_working_day : per_working_day * 0.04;
    carry += expected * (0.8 + 0.4 * random_.Unit());
    int today = static_cast<int>(carry);
    carry -= today;
    SG_RETURN_IF_ERROR(ContactDay(day, today));
    if (progress && i % 7 == 0) progress(static_cast<double>(i + 1) / days);
  }
  SG_RETURN_IF_ERROR(Unborn());
  if (progress) progress(1.0);
  return counts_;
}

Result<Counts> Build(access::Gate& gate, const core::WorkingCalendar& calendar,
                     const core::CodeLists& codes, const Options& options,
                     const Progress& progress) {
  if (options.years < 1 || options.years > 10) {
    return Fail(Code::kInvalidArgument, "--years must be between 1 and 10");
  }
  if (options.contacts_per_year < 10 || options.contacts_per_year > 100000) {
    return Fail(Code::kInvalidArgument, "contacts per year must be between 10 and 100,000");
  }
  if (gate.clock().Today() != options.until) {
    return Fail(Code::kInternal, "the demo's clock must stand at its last day");
  }
  auto existing = store::JourneyStore(gate.database()).CountPersons();
  if (!existing) return std::unexpected(existing.error());
  if (*existing > 0) {
    return Fail(Code::kFailedPrecondition,
                "the database already holds children; build the demo in a new database file");
  }
  Counts counts;
  Generator generator(gate, calendar, codes, options);
  SG_RETURN_IF_ERROR(gate.Batch([&]() -> Status {
    SG_ASSIGN_OR_RETURN(counts, generator.Run(progress));
    store::JourneyStore store(gate.database());
    SG_RETURN_IF_ERROR(store.PutSetting("demo.seed", std::to_string(options.seed)));
    SG_RETURN_IF_ERROR(store.PutSetting("demo.years", std::to_string(options.years)));
    SG_RETURN_IF_ERROR(store.PutSetting("demo.until", options.until.Iso()));
    // The DfE number of the authority the demo stands for (Cheshire East), as
    // returns write it in their headers.
    SG_RETURN_IF_ERROR(store.PutSetting("la_number", std::to_string(kLaNumber)));
    if (options.users_password.empty()) return {};
    return AddDemoUsers(gate.database(), gate, gate.clock(), options.users_password,
                        options.users_hash_cost);
  }));
  return counts;
}

}  // namespace sg::demo
