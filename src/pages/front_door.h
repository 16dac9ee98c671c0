// Front door pages, internal to the pages module: what the two files of the
// front door share. front_door_pages.cc has the start page, the search
// ("find the child first") and the registration of a new child, and
// defines the helpers declared here; contact_pages.cc has the contact form
// and the decision on a contact.
//
// Design. The two files write the same things the same way: a child's name,
// the consultation reference a link carries from one child of a
// consultation to the next, the decision clock's tag in words ("Overdue",
// "Due today", "On time", never colour alone), and the View of a front door
// form. Keeping one copy of each here means the start page's list and the
// decision page cannot tag the same clock differently.
//
// Everything is in namespace front_door so that its short names never meet
// another page file's.
#ifndef SAFEGUARD_PAGES_FRONT_DOOR_H_
#define SAFEGUARD_PAGES_FRONT_DOOR_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/app.h"
#include "core/date.h"
#include "http/message.h"
#include "journey/clocks.h"
#include "pages/page.h"
#include "store/records.h"

namespace sg::pages::front_door {

using Choices = std::vector<std::pair<std::string, std::string>>;

// The longest consultation reference a form or a link may carry.
inline constexpr size_t kMaxConsultationRef = 50;

// The text of `value` among `choices`, "" when it is none of them.
std::string_view TextOf(const Choices& choices, std::string_view value);
bool IsChoice(const Choices& choices, std::string_view value);

// "Forename Surname", trimmed.
std::string ChildName(const store::Person& person);

// The consultation reference a link carries (?consultation=): trimmed,
// short, or "".
std::string ConsultationParam(const http::Request& request);
// `path` with ?consultation=`ref` (or &...) added, unless `ref` is empty.
std::string WithConsultation(std::string path, std::string_view ref);

// ChoiceField with the GOV.UK small radios or checkboxes.
nlohmann::json SmallChoices(std::string id, std::string legend, nlohmann::json options,
                            const FormErrors& errors, std::string hint = "");

// The decision clock's tag: {"text", "class"} for "Overdue" (`status`
// kOverdue), "Due today" (`due` is `today`) or "On time".
nlohmann::json ClockTag(journey::ClockStatus status, core::Date due, core::Date today);

// A front door form page: `template_name` with `data`, in the front door's
// section, with `errors` by the fields and in the summary.
http::Response RenderForm(const api::Call& call, std::string title, std::string template_name,
                          nlohmann::json data, const FormErrors& errors, int status);

// GET|POST /children/{id}/contacts and /contacts/{id}/decision
// (contact_pages.cc); AddFrontDoorPages calls it.
void AddContactPages(api::RouteTable& routes);

}  // namespace sg::pages::front_door

#endif  // SAFEGUARD_PAGES_FRONT_DOOR_H_
