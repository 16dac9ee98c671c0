// Journey step pages, internal to the pages module: what the two files of
// the journey's forms share. journey_pages.cc has the handlers, the helpers
// declared here and the children in need and child protection steps;
// journey_care_pages.cc has the allocation, early help, care, missing, care
// leaver and chronology note steps.
//
// Design. Every step is one row of a table (a Step): its path, heading,
// where the child is found from the path's id, the fields it shows, and how
// it reads a submitted form into a journey command. One GET handler and one
// POST handler (in journey_pages.cc, see its overview) serve every row, so
// each form behaves the same way; a file adds its rows with AddStepRoutes.
//
//   * Ctx is what a step's functions have to hand: the step, the call, the
//     path's id, the form as sent (null for a new form), the child's record
//     (while showing the form), the errors and today.
//   * A step's `read` turns a valid form into a Recording (the command to run
//     and the notice after it), or nullopt with the errors filled.
//   * A step whose only field is a date needs no functions of its own: its
//     DateOnly names the field and the journey::Journey command (one that
//     makes a record, or one that changes the record of the path's id), and
//     the defaults DateOnlyFields/ReadDateOnly show and read it. A step that
//     ends a record with a date and a reason code (closing a referral, ending
//     care) reads its form with ReadDateAndCode.
//   * The field helpers (Hidden, DateItem, TextItem, ChoiceItem, CodeItem)
//     build items of the journey_step template's "fields", with the value as
//     typed on a form shown again; the read helpers (ReadDay, ReadCode,
//     ReadId, OrNone, and page.h's Trim) read a form with GOV.UK messages,
//     checking codes against the collection year's code lists.
//
// Everything is in namespace journey_step so that its short names never
// meet another page file's.
#ifndef SAFEGUARD_PAGES_JOURNEY_STEP_H_
#define SAFEGUARD_PAGES_JOURNEY_STEP_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/policy.h"
#include "api/app.h"
#include "api/views.h"
#include "core/code_lists.h"
#include "core/date.h"
#include "core/error.h"
#include "http/form.h"
#include "journey/journey.h"
#include "pages/page.h"
#include "store/records.h"

namespace sg::pages::journey_step {

using core::CodeList;
using core::Date;
using core::Result;
using nlohmann::json;
using store::Id;

struct Step;

// What a step's functions have to hand.
struct Ctx {
  const Step& step;
  api::Call& call;
  Id id;                           // the path's id
  const http::Form* form;          // the form as sent; null for a new form
  const api::ChildRecord* record;  // set while showing the form
  const FormErrors& errors;
  Date today;
};

// A valid form: the command to run and the notice to show after it.
struct Recording {
  std::function<Result<Id>(Id person_id)> command;
  std::string notice;
};

// A step whose only field is a date: the command on the path's id and it,
// either `makes` (the new record's id is the result) or `changes` (the
// path's id is the record changed).
struct DateOnly {
  std::string_view name;    // "date", "start" (as the API names it)
  std::string_view legend;  // "Date the plan ended"
  std::string_view label;   // in messages: "Enter the date the plan ended"
  std::string_view notice;
  Result<Id> (journey::Journey::*makes)(const access::Actor&, Id, Date) = nullptr;
  core::Status (journey::Journey::*changes)(const access::Actor&, Id, Date) = nullptr;
};

json DateOnlyFields(const Ctx& c);
std::optional<Recording> ReadDateOnly(const Ctx& c, FormErrors& errors);

struct Step {
  std::string_view path;     // as routed: "/referrals/{id}/assessments"
  std::string_view entity;   // what the path's id names, for the audit row
  std::string_view heading;  // the page's h1 and title
  api::ChildFinder (*child)(Id) = nullptr;
  DateOnly date_only{};  // or, for other steps, `fields` and `read`:
  json (*fields)(const Ctx&) = DateOnlyFields;
  // The command, or nullopt with `errors` filled.
  std::optional<Recording> (*read)(const Ctx&, FormErrors& errors) = ReadDateOnly;
  // A sentence above the form about the record the step is on.
  std::string (*context)(const Ctx&) = nullptr;
  // Where the journey's refusal shows ("": the date-only step's date).
  std::string_view main_field = "";
  access::Action action = access::Action::kRecordJourney;
  std::string_view button = "Save and continue";
};

// Routes GET and POST of every step to the shared handlers. `steps` must
// outlive the routes (a function's static table).
void AddStepRoutes(api::RouteTable& routes, const std::vector<Step>& steps);

// The allocation, early help, care, missing, care leaver and note steps
// (journey_care_pages.cc); AddJourneyPages calls it.
void AddCareSteps(api::RouteTable& routes);

// The child of a step whose path's id is the child's.
api::ChildFinder OfChild(Id id);

// --- Fields ---------------------------------------------------------------------

using Choices = std::vector<std::pair<std::string, std::string>>;

json Hidden(const Ctx& c, std::string_view name, std::string preset = "");

json DateItem(const Ctx& c, std::string name, std::string legend,
              std::optional<Date> preset = std::nullopt, std::string hint = "");

json TextItem(const Ctx& c, std::string name, std::string label, bool textarea = false,
              std::string hint = "");

// Radios for a few choices, a select for many (with a first, empty choice
// `none`: "Select one", or what no choice means for an optional field).
json ChoiceItem(const Ctx& c, std::string name, std::string legend, Choices choices,
                std::string none = "", std::string preset = "", std::string hint = "");

// A code list's codes valid today (but `except`), with their descriptions.
json CodeItem(const Ctx& c, std::string name, std::string legend, CodeList list,
              std::string none = "", std::vector<std::string_view> except = {},
              std::string hint = "");

// --- Reading a form ---------------------------------------------------------------

// The code chosen in `name` ("" when none): `missing` when required and
// empty, "Select ... from the list" when not a code of the list on `on`.
std::string ReadCode(const Ctx& c, FormErrors& errors, std::string_view name, CodeList list,
                     std::string_view missing, std::optional<Date> on);

// nullopt for "".
std::optional<std::string> OrNone(std::string value);

std::optional<Date> ReadDay(const Ctx& c, FormErrors& errors, std::string_view name,
                            std::string_view label, DateRules rules = {});

// A number the form carries (an id in a hidden field or a radio); nullopt
// when empty or not a number.
std::optional<Id> ReadId(const Ctx& c, std::string_view name);

// A journey Status as the Result<Id> of the record it changed.
Result<Id> Changed(core::Status status, Id id);

// A form of a date (field "date") and a required reason code that ends or
// closes the record of the path's id.
struct DateAndCode {
  std::string_view date_label;  // in messages: "date the referral was closed"
  std::string_view code;        // the code's field: "reason"
  CodeList list;
  std::string_view missing;  // "Select the reason for closure"
  core::Status (journey::Journey::*command)(const access::Actor&, Id, Date, std::string_view);
  std::string_view notice;
};
std::optional<Recording> ReadDateAndCode(const Ctx& c, FormErrors& errors, const DateAndCode& read);

// The contact a referral or early help form is prefilled from: ?contact=ID
// when it is one of this child's contacts.
const store::Contact* PrefillContact(const Ctx& c);

}  // namespace sg::pages::journey_step

#endif  // SAFEGUARD_PAGES_JOURNEY_STEP_H_
