// Records: the child's journey as plain structs, one per table.
//
// These are the domain types of DESIGN.md ("domain types are plain structs;
// repositories in store/ load and save them"). They live here, below
// journey/, so that the repository can load and save them while the rules
// that change them stay in journey/. An id of 0 means "not stored yet".
// Optional dates are the ones a record gains later (an end, a decision).
#ifndef SAFEGUARD_STORE_RECORDS_H_
#define SAFEGUARD_STORE_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace sg::store {

using core::Date;
using Id = int64_t;

// The lawful basis of the council's own casework, and of involvements
// recorded before lawful bases were (migration 0004's default).
inline constexpr std::string_view kCouncilLawfulBasis =
    "public task: Children Act 1989 duties (UK GDPR 6(1)(e), 9(2)(g))";

struct Person {
  Id id = 0;
  std::optional<std::string> source_system;
  std::optional<std::string> source_id;
  std::optional<std::string> la_child_id;
  std::optional<std::string> upn;
  std::optional<std::string> nhs_number;
  std::string forename;
  std::string surname;
  std::string sex = "U";  // M, F, U
  std::string ethnicity = "NOBT";
  std::optional<Date> birth_date;
  std::optional<Date> expected_birth_date;  // unborn children
  std::optional<Date> death_date;
  std::optional<std::string> home_postcode;
  std::vector<std::string> disabilities;
};

struct Agency {
  Id id = 0;
  std::string code;
  std::string name;
  std::string kind;
};

struct Team {
  Id id = 0;
  Id agency_id = 0;
  std::string name;
};

struct Worker {
  Id id = 0;
  Id team_id = 0;
  std::string name;
  std::string role;
};

struct Involvement {
  Id id = 0;
  Id person_id = 0;
  Id team_id = 0;
  std::optional<Id> worker_id;
  Date start;
  std::optional<Date> end;
  std::string reason;
  // The basis of the share with the team (need-to-know rests on it), or the
  // family's consent.
  std::string lawful_basis = std::string(kCouncilLawfulBasis);
  bool consent = false;
};

struct Contact {
  Id id = 0;
  std::optional<std::string> source_id;
  std::optional<std::string> consultation_ref;
  Id person_id = 0;
  Date contact_date;
  std::string contact_source;  // referral source code
  std::string contactor;
  std::vector<std::string> factors;
  std::vector<std::string> screening_tools;
  std::optional<Date> decision_date;
  std::optional<std::string> outcome;  // advice, early_help, referral, nfa
  std::optional<Id> team_id;
};

struct EarlyHelpEpisode {
  Id id = 0;
  std::optional<std::string> source_id;
  Id person_id = 0;
  std::optional<Id> contact_id;
  Date start;
  std::optional<Date> end;
  std::optional<Id> lead_agency_id;
  std::optional<std::string> end_reason;
};

struct Referral {
  Id id = 0;
  std::optional<std::string> source_id;
  Id person_id = 0;
  std::optional<Id> contact_id;
  Date referral_date;
  std::string referral_source;
  std::optional<std::string> primary_need;
  bool nfa = false;
  std::optional<Date> closure_date;
  std::optional<std::string> closure_reason;
  std::optional<Id> team_id;
};

struct Assessment {
  Id id = 0;
  std::optional<std::string> source_id;
  Id referral_id = 0;
  Date start;
  std::optional<Date> authorised;
  std::vector<std::string> factors;
};

struct CinPlan {
  Id id = 0;
  std::optional<std::string> source_id;
  Id referral_id = 0;
  Date start;
  std::optional<Date> end;
};

struct StrategyDiscussion {
  Id id = 0;
  std::optional<std::string> source_id;
  Id referral_id = 0;
  Date date;
};

struct Section47 {
  Id id = 0;
  std::optional<std::string> source_id;
  Id referral_id = 0;
  std::optional<Id> strategy_discussion_id;
  Date start;
  std::optional<Date> icpc_target;
  bool icpc_not_required = false;
};

struct Icpc {
  Id id = 0;
  std::optional<std::string> source_id;
  Id referral_id = 0;
  std::optional<Id> section47_id;  // empty for a transfer-in conference
  Date date;
  bool transfer_in = false;
  bool plan_made = false;
};

struct CpPlan {
  Id id = 0;
  std::optional<std::string> source_id;
  Id referral_id = 0;
  std::optional<Id> icpc_id;
  Date start;
  std::optional<Date> end;
  std::string initial_category;  // NEG PHY SAB EMO MUL
  std::string latest_category;
  int previous_plans = 0;
};

struct CareEpisode {
  Id id = 0;
  std::optional<std::string> source_id;
  Id person_id = 0;
  Date start;
  std::string reason_new_episode;  // S L P T B U
  std::string legal_status;
  std::string category_of_need;    // N1-N8
  std::string placement_type;
  std::optional<std::string> placement_provider;
  std::optional<std::string> home_postcode;
  std::optional<std::string> placement_postcode;
  std::optional<std::string> urn;
  std::optional<Date> end;
  std::optional<std::string> reason_ceased;
  std::optional<std::string> reason_place_change;
};

// The SSDA903 fields derived from a care episode's postcodes (PL_DISTANCE,
// PL_LA, PL_LOCATION; places::PlacementOf derives them). Each is NULL,
// unknown, when it could not be derived.
struct DerivedPlacement {
  std::optional<double> distance;                 // miles, one decimal place
  std::optional<std::string> placement_la;        // ONS code of the upper-tier authority
  std::optional<std::string> placement_location;  // IN / OUT
};

// A looked-after child's review (SSDA903 REVIEW, PARTICIPATION).
struct CareReview {
  Id id = 0;
  Id person_id = 0;
  Date date;
  std::optional<std::string> participation;  // PN0-PN7
};

struct CareLeaverContact {
  Id id = 0;
  Id person_id = 0;
  Date date;
  std::string in_touch;
  std::optional<std::string> activity;
  std::optional<std::string> accommodation;
};

struct MissingEpisode {
  Id id = 0;
  Id person_id = 0;
  std::string kind;  // M missing, A away without authorisation
  Date start;
  std::optional<Date> end;
};

struct ChronologyEntry {
  Id id = 0;
  Id person_id = 0;
  Date occurred_on;
  std::string recorded_at;  // UTC timestamp
  std::string kind;         // contact, referral, ..., note
  std::string summary;
  std::string author;
  std::string author_agency;
  std::string classification;  // "" or an owning agency's restriction
  std::optional<std::string> record_table;
  std::optional<Id> record_id;
};

// --- Reads of a whole child at once ---------------------------------------

// A dated event of a child protection plan (a review, a core group meeting).
struct PlanDate {
  Id plan_id = 0;
  Date date;
};

// Everything recorded under all of a child's referrals, read in a fixed
// number of queries however many referrals the child has; each list is in
// the order of the per-referral reads (date, then id), so that splitting it
// by referral_id (or plan_id) gives each referral's (plan's) lists.
struct ChildReferralRecords {
  std::vector<Assessment> assessments;  // with factors
  std::vector<CinPlan> cin_plans;
  std::vector<StrategyDiscussion> strategy_discussions;
  std::vector<Section47> section47s;
  std::vector<Icpc> conferences;
  std::vector<CpPlan> cp_plans;
  std::vector<PlanDate> cp_reviews;   // by date
  std::vector<PlanDate> core_groups;  // by date
};

// An involvement with the names a reader needs; each name is "" when the
// row it comes from is missing (an involvement that names no worker).
struct NamedInvolvement {
  Involvement involvement;
  std::string team;
  std::string agency;  // code
  std::string agency_name;
  std::string worker;
};

// How many of a child's chronology items carry one classification.
struct ClassificationCount {
  std::string classification;
  int count = 0;
};

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_RECORDS_H_
