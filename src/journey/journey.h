// Journey: the commands that record a child's journey, each enforcing the
// rules of the process.
//
// Front door (contact and decision) -> early help, or referral -> assessment
// -> child in need (CIN plan) -> strategy discussion and section 47 enquiry
// -> initial child protection conference (ICPC) -> child protection plan with
// core groups and reviews -> cared for (episodes, reviews, missing) -> care
// leaver.
//
// Every command:
//   * takes the Actor doing it and goes through access::Gate, so the policy
//     decides first and the audit row is written in the same transaction;
//   * checks its rules before writing and fails with one sentence naming the
//     broken rule (kInvalidArgument for a bad value, kFailedPrecondition when
//     the record's state forbids the step, kNotFound for an unknown id);
//   * refuses dates after today (the injected Clock's today);
//   * writes an entry in the child's chronology and bumps the child's
//     version (persons.version, which the API's ETags carry).
// A failed command changes nothing.
//
// Need-to-know is the Gate's (access/need_to_know.h): a command on a child
// the actor is not cleared for is refused and rolled back. The chronology
// is read through the classifications: an entry restricted by an agency
// (e.g. "police-restricted") is shown only to that agency's cleared users;
// everyone else learns that such entries exist and whom to ask.
//
// Collection-year code lists (core::CodeLists) check every code against the
// collection year in which the event's date falls.
//
// The care commands derive each episode's placement distance, placement
// authority and IN/OUT (places::PlacementOf, the derivation the SSDA903
// import uses) when the Journey is given a postcode directory; without one,
// or for a postcode the directory does not know, those fields stay unknown.
//
// Thread safety: as the Gate it uses (one per thread).
#ifndef SAFEGUARD_JOURNEY_JOURNEY_H_
#define SAFEGUARD_JOURNEY_JOURNEY_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/actor.h"
#include "access/gate.h"
#include "access/need_to_know.h"
#include "core/calendar.h"
#include "core/code_lists.h"
#include "places/postcode_directory.h"
#include "store/journey_store.h"
#include "store/records.h"

namespace sg::journey {

using access::Actor;
using core::Date;
using core::Result;
using core::Status;
using store::Id;

// Decisions on a contact at the front door.
inline constexpr std::string_view kOutcomeAdvice = "advice";
inline constexpr std::string_view kOutcomeEarlyHelp = "early_help";
inline constexpr std::string_view kOutcomeReferral = "referral";
inline constexpr std::string_view kOutcomeNoFurtherAction = "nfa";

struct NewContact {
  Id person_id = 0;
  Date date;
  std::string source;  // referral source code (1A ... 10)
  std::string contactor;
  std::vector<std::string> factors;          // e.g. "child_exploitation", "domestic_abuse"
  std::vector<std::string> screening_tools;  // e.g. "CE screening tool"
  std::optional<std::string> consultation_ref;
  std::optional<Id> team_id;
};

struct NewReferral {
  Id person_id = 0;
  Date date;
  std::string source;  // referral source code
  std::optional<std::string> primary_need;  // N0-N9; required unless NFA
  bool no_further_action = false;           // closes the referral the same day (RC8)
  std::optional<Id> contact_id;             // the contact decided as a referral
  std::optional<Id> team_id;
};

struct CareChange {
  Date date;
  std::string reason_new_episode;  // S (start), or L P T B U for a change
  std::string legal_status;
  std::string category_of_need;    // N1-N8
  std::string placement_type;
  std::optional<std::string> placement_provider;
  std::optional<std::string> home_postcode;
  std::optional<std::string> placement_postcode;
  std::optional<std::string> reason_place_change;  // on the episode that ends
};

struct NewNote {
  Id person_id = 0;
  Date date;
  std::string summary;
  std::string classification;  // "" or e.g. "police-restricted"
};

// A child's chronology as one reader may see it.
struct ChronologyView {
  std::vector<store::ChronologyEntry> entries;  // in date order
  std::vector<access::Withheld> withheld;       // restricted entries not shown, by classification
};

// Where the care commands look placement postcodes up.
struct PlacementLookup {
  // Not owned; must outlive the Journey. nullptr: nothing is derived.
  const places::PostcodeDirectory* directory = nullptr;
  // The responsible authority's ONS code (e.g. "E06000049"); "" leaves
  // IN/OUT unknown while the distance and the placement's authority are
  // still derived.
  std::string authority;
};

class Journey {
 public:
  Journey(access::Gate& gate, const core::WorkingCalendar& calendar, const core::CodeLists& codes,
          PlacementLookup placements = {})
      : gate_(gate),
        calendar_(calendar),
        codes_(codes),
        placements_(std::move(placements)),
        store_(gate.database()) {}

  // People, and who works with them. Allocate ends the child's current
  // allocations on `start` and opens one to `team_id` (and `worker_id`);
  // allocations are the involvements that need-to-know rests on.
  Result<Id> RegisterChild(const Actor& actor, store::Person child);
  Result<Id> Allocate(const Actor& actor, Id person_id, Id team_id, std::optional<Id> worker_id,
                      Date start, std::string_view reason);
  Status EndAllocations(const Actor& actor, Id person_id, Date end);
  // A partner agency's team (police, health, a school) working with the
  // child beside the council: unlike Allocate, ends no other involvement.
  // The share needs a lawful basis, or the family's consent (then the basis
  // may be empty and is recorded as "consent"). kAlreadyExists when the team
  // is already involved.
  Result<Id> Involve(const Actor& actor, Id person_id, Id team_id, std::optional<Id> worker_id,
                     Date start, std::string lawful_basis, bool consent, std::string reason);
  // Ends one involvement on `end` (not before its start).
  Status EndInvolvement(const Actor& actor, Id involvement_id, Date end);

  // Front door and early help.
  Result<Id> RecordContact(const Actor& actor, const NewContact& contact);
  Status DecideContact(const Actor& actor, Id contact_id, Date decided, std::string_view outcome);
  Result<Id> StartEarlyHelp(const Actor& actor, Id person_id, Date start,
                            std::optional<Id> contact_id);
  Status EndEarlyHelp(const Actor& actor, Id episode_id, Date end, std::string_view reason);

  // Children in need.
  Result<Id> OpenReferral(const Actor& actor, const NewReferral& referral);
  Result<Id> StartAssessment(const Actor& actor, Id referral_id, Date start);
  Status AuthoriseAssessment(const Actor& actor, Id assessment_id, Date authorised,
                             const std::vector<std::string>& factors);
  Result<Id> StartCinPlan(const Actor& actor, Id referral_id, Date start);
  Status EndCinPlan(const Actor& actor, Id plan_id, Date end);
  Status CloseReferral(const Actor& actor, Id referral_id, Date closed, std::string_view reason);

  // Child protection.
  Result<Id> HoldStrategyDiscussion(const Actor& actor, Id referral_id, Date date);
  Result<Id> StartSection47(const Actor& actor, Id strategy_discussion_id, Date start);
  Status ConcludeSection47WithoutConference(const Actor& actor, Id section47_id, Date concluded);
  // An ICPC under a section 47 enquiry of the same referral, or a transfer-in
  // conference (section47_id empty, transfer_in true).
  Result<Id> HoldInitialConference(const Actor& actor, Id referral_id,
                                   std::optional<Id> section47_id, bool transfer_in, Date date,
                                   bool plan_made);
  // REQUIRES nothing: start must equal the conference date (the rule).
  Result<Id> StartCpPlan(const Actor& actor, Id icpc_id, Date start, std::string_view category);
  Result<Id> RecordCoreGroup(const Actor& actor, Id plan_id, Date date);
  Result<Id> RecordCpReview(const Actor& actor, Id plan_id, Date date,
                            std::optional<std::string> latest_category);
  Status EndCpPlan(const Actor& actor, Id plan_id, Date end);

  // Cared for and care leavers.
  Result<Id> StartCare(const Actor& actor, Id person_id, const CareChange& start);
  Result<Id> ChangeCare(const Actor& actor, Id person_id, const CareChange& change);
  Status EndCare(const Actor& actor, Id person_id, Date end, std::string_view reason_ceased);
  Result<Id> RecordCareReview(const Actor& actor, Id person_id, Date date,
                              std::optional<std::string> participation);
  Result<Id> RecordMissing(const Actor& actor, Id person_id, std::string_view kind, Date start,
                           std::optional<Date> end);
  Result<Id> RecordCareLeaverContact(const Actor& actor, Id person_id, Date date,
                                     std::string_view in_touch,
                                     std::optional<std::string> activity,
                                     std::optional<std::string> accommodation);

  // Finds a child by LA child id, or by Safeguard id when `reference` is a
  // number with no LA child id matching it. The look-up is audited.
  Result<Id> FindChild(const Actor& actor, std::string_view reference);

  // The chronology. A note may carry only a classification the actor's
  // agency owns (access::MayClassify).
  Result<Id> AddNote(const Actor& actor, const NewNote& note);
  // A child's chronology as `actor` may see it (classified entries they may
  // not see are withheld and counted); the read is audited.
  Result<ChronologyView> ReadChronology(const Actor& actor, Id person_id,
                                        store::Person* child_out = nullptr);

 private:
  Status NotInFuture(Date date, std::string_view what) const;
  Status CheckCode(core::CodeList list, std::string_view code, Date on) const;
  Result<store::Person> ChildOf(Id person_id);
  Result<store::Referral> OpenReferralById(Id referral_id);
  // The open referral, when `date` (named `what` in messages) is not before it.
  Result<store::Referral> OpenReferralFrom(Id referral_id, Date date, std::string_view what);
  Status Chronicle(const Actor& actor, Id person_id, Date date, std::string_view kind,
                   std::string summary, std::string_view table, Id record_id);
  // What the episode's postcodes tell; all unknown without a directory.
  store::DerivedPlacement DerivePlacement(const store::CareEpisode& episode) const;

  access::Gate& gate_;
  const core::WorkingCalendar& calendar_;
  const core::CodeLists& codes_;
  PlacementLookup placements_;
  store::JourneyStore store_;
};

// The collection year (named by the 31 March it ends on) that `d` falls in.
int CollectionYearOf(Date d);

}  // namespace sg::journey

#endif  // SAFEGUARD_JOURNEY_JOURNEY_H_
