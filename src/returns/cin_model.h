// The CIN census as it stands in the file: one child at a time.
//
// The reader (cin_reader.h) fills these structs from the XML; the validation
// rules (cin_rules.h) read them; the importer maps them to the journey's
// records. They keep what the file says, not what it should say: every value
// is the element's text as written (trimmed), where it was (line and column),
// and, for dates and flags, the parsed value when the text is valid. A rule
// can therefore tell "absent" from "present but blank" from "not a date", and
// name the line of the value it objects to.
//
// The XML carries no ids below the child; episodes, assessments and plans are
// identified by their position in the file and, when stored, by the child and
// their start dates.
#ifndef SAFEGUARD_RETURNS_CIN_MODEL_H_
#define SAFEGUARD_RETURNS_CIN_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "returns/position.h"

namespace sg::returns {

// An element's text as written, and where it was.
struct Item {
  std::string text;  // leading and trailing white space removed
  Position at;

  bool present() const { return at.line != 0; }
  // Absent, or present with no text: what the DfE rules call "missing".
  bool missing() const { return text.empty(); }
};

// A date element; `date` is set when the text is a valid ISO date.
struct DateItem : Item {
  std::optional<core::Date> date;
};

// A boolean element; the CIN schemas say 0/1, real files also write
// true/false in any case, and all six are accepted.
struct FlagItem : Item {
  std::optional<bool> value;
};

struct CinHeader {
  Item collection;  // "CIN"
  Item year;        // collection year, named by its ending year
  DateItem reference_date;
  Item source_level;
  Item lea;  // the DfE's three-digit local authority number
  Item software_code;
  Item release;
  Item serial_no;
  Item date_time;
  Position at;
};

struct CinAssessment {
  DateItem start;            // AssessmentActualStartDate
  DateItem internal_review;  // AssessmentInternalReviewDate (legacy, optional)
  DateItem authorised;       // AssessmentAuthorisationDate
  Position factors_block;    // FactorsIdentifiedAtAssessment, if present
  std::vector<Item> factors;  // AssessmentFactors
  Position at;
};

struct CinPlanDates {
  DateItem start;  // CINPlanStartDate
  DateItem end;    // CINPlanEndDate
  Position at;
};

struct CinSection47 {
  DateItem start;        // S47ActualStartDate
  DateItem icpc_target;  // InitialCPCtarget
  DateItem icpc_date;    // DateOfInitialCPC
  FlagItem icpc_not_required;
  Position at;
};

struct CinProtectionPlan {
  DateItem start;  // CPPstartDate
  DateItem end;    // CPPendDate
  Item initial_category;
  Item latest_category;
  Item previous_plans;  // NumberOfPreviousCPP, a count
  Position reviews_block;
  std::vector<DateItem> reviews;  // CPPreviewDate, every one of them
  Position at;
};

// One CINdetails module: a referral and everything that followed from it.
struct CinEpisode {
  DateItem referral_date;
  Item referral_source;
  Item primary_need;
  DateItem closure_date;
  Item closure_reason;
  DateItem icpc_date;  // DateOfInitialCPC at this level: not tied to a section 47 here
  FlagItem nfa;        // ReferralNFA
  std::vector<CinAssessment> assessments;
  std::vector<CinPlanDates> cin_plans;
  std::vector<CinSection47> section47s;
  std::vector<CinProtectionPlan> cp_plans;
  Position at;
};

struct CinChild {
  Item la_child_id;
  Item upn;
  Item former_upn;
  Item upn_unknown;
  DateItem birth_date;
  DateItem expected_birth_date;
  Item gender_current;  // 0/1/2/9, collection years up to 2024
  Item sex;             // M/F/U, from 2025
  DateItem death_date;
  Item ethnicity;
  Position disabilities_block;
  std::vector<Item> disabilities;
  std::vector<CinEpisode> episodes;
  Position at;
};

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_CIN_MODEL_H_
