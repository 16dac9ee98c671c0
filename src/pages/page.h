// Page: how every HTML page of Safeguard is made.
//
// Design. The pages are server-rendered HTML in the GOV.UK Design System:
// GOV.UK Frontend's stylesheet and components, mustache templates
// (data/pages/templates/*.mustache, embedded at build time), and no page
// that needs JavaScript to work. A page handler runs exactly like an API
// handler (api::Call on the database thread, in a savepoint of a group
// commit), reads and changes a child through the same doors as the API
// (api::OnChildRecord, api::ChangeChild, the journey commands), and turns
// what it got into a View: a template name and the template's data as JSON.
// Render() wraps it in the layout (header, navigation for the user's role,
// error summary, notice banner, session-expiry warning) and escapes every
// value. The filling of the templates is left to the server's I/O thread
// (http::Response::finish), so the one database thread only gathers the
// data and never spends its time making HTML: mustache's {{name}} escapes, and a template uses
// {{{name}}} only for HTML made by our own code (charts).
//
// Forms follow the GOV.UK pattern. A POST reads the form (ReadForm),
// validates it on the server into FormErrors, and on any error renders the
// same form again with status 400, an error summary at the top linking to
// each field, the message by the field, and every value as the user typed
// it. On success it answers 303 to the page to see next (post/redirect/get),
// with a one-time notice ("Referral recorded") carried in a short-lived
// cookie so that a reload never repeats the change.
//
// An expired session never loses an entry: a page route's refusal for "not
// signed in" (api::Refusal::kNotSignedIn) answers a GET with 303 to
// /sign-in?next=..., and a POST with the sign-in page carrying the posted
// fields (except the CSRF token and files) as hidden inputs; after signing
// in, the form is shown again filled in, to check and submit.
//
// Optimistic concurrency: a form that changes a child carries the child's
// version (hidden field "version"); ChangeChildFromForm refuses a stale one
// by showing the form again with the entry kept and a message, as the API
// answers 412 to a stale If-Match.
#ifndef SAFEGUARD_PAGES_PAGE_H_
#define SAFEGUARD_PAGES_PAGE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/app.h"
#include "api/views.h"
#include "core/date.h"
#include "core/error.h"
#include "http/form.h"
#include "http/message.h"

namespace sg::pages {

// --- Routes ---------------------------------------------------------------

// A page for a signed-in user: on the database thread, CSRF token in the
// form, refusals and errors answered as HTML (ErrorPage).
api::Route Page(api::HandlerFn handler);
// A page anyone may open (Auth::kOptional: Call::auth is set when signed in).
api::Route PublicPage(api::HandlerFn handler);
// The route hook behind both: the sign-in page for kNotSignedIn (keeping a
// POST's fields), the change-password page for kMustChangePassword, else an
// error page with the error's status and message.
http::Response ErrorPage(const http::Request& request, const core::Error& error,
                         api::Refusal refusal);

// --- Rendering ------------------------------------------------------------

// The part of the service a page belongs to: its item in the navigation is
// shown as current.
enum class Section { kNone, kFrontDoor, kChildren, kWork, kFigures, kReturns, kAdmin };

class FormErrors;

struct View {
  std::string title;          // <title> is "{title} - Safeguard" ("Error: " first with errors)
  std::string template_name;  // data/pages/templates/{template_name}.mustache
  nlohmann::json data = nlohmann::json::object();
  Section section = Section::kNone;
  int status = 200;
  // With errors the layout shows the GOV.UK error summary, and the data
  // gains "errors": {field: message} for the messages by the fields.
  const FormErrors* errors = nullptr;
};

// The page: the template rendered with `view.data` (every template whose
// name starts with "_" is a partial, e.g. {{> _date_input}}), inside the layout. The
// layout's data: "user" (display_name, team, role), "csrf_token",
// "nav" (the sections the role may use), the notice of the last change.
http::Response Render(const api::Call& call, View view);
// 303 See Other to `location` (a path of ours), with `notice` (plain text)
// to show once, in a success banner, on the page it leads to.
http::Response SeeOther(std::string_view location, std::string_view notice = "");

// --- Forms ----------------------------------------------------------------

// The request's form (url-encoded or multipart); kInvalidArgument when the
// body is malformed.
core::Result<http::Form> ReadForm(const api::Call& call);

// The errors of one form submission, in the order of the fields on the page.
class FormErrors {
 public:
  // The first message for a field wins (GOV.UK shows one per field).
  // `field` is the id of the input the summary links to.
  void Add(std::string field, std::string message);
  bool empty() const { return errors_.empty(); }
  bool Has(std::string_view field) const;
  // {"list": [{"href": "#field", "text": message}...], "field": message, ...}
  nlohmann::json Json() const;

 private:
  std::vector<std::pair<std::string, std::string>> errors_;
};

// A GOV.UK date input: three fields `name`-day, `name`-month, `name`-year.
// Adds GOV.UK's messages to `errors` under the id `name` ("Enter the date
// of the referral", "Date of the referral must include a year", "must be a
// real date", "must be today or in the past") and returns the date when
// valid. `label` is the lower-case name of the date in those messages.
struct DateRules {
  bool required = true;
  bool not_in_future = true;
};
std::optional<core::Date> ReadDate(const http::Form& form, std::string_view name,
                                   std::string_view label, FormErrors& errors, core::Date today,
                                   DateRules rules = {});
// The date input's values for the template: {"day", "month", "year"} as
// typed (from the form) or of `date` (to prefill).
nlohmann::json DateInputJson(const http::Form& form, std::string_view name);
nlohmann::json DateInputJson(std::optional<core::Date> date);

// A required text field: trimmed; the message `missing` when empty, or
// "{label} must be {max} characters or less" when too long.
std::optional<std::string> ReadText(const http::Form& form, std::string_view name,
                                    std::string_view missing, FormErrors& errors,
                                    size_t max_length = 500);

// Options for a select, radios or checkboxes: [{"value", "text",
// "selected": bool}] with `selected` marking those chosen.
nlohmann::json Options(const std::vector<std::pair<std::string, std::string>>& value_text,
                       const std::vector<std::string>& selected);

// For the template: the form's fields as typed, {name: value} (the first
// value of each name; a checkbox group is read with Options).
nlohmann::json Typed(const http::Form& form);

// The data of one field partial (_text_input, _textarea, _date_input,
// _select, _radios, _checkboxes) with every key the partial reads set:
// mustache looks a key missing from a section up in the enclosing ones, so
// a field without its own "error" would show another's. The message by the
// field is errors' message for `id`, if any.
nlohmann::json TextField(std::string id, std::string label, std::string value,
                         const FormErrors& errors, std::string hint = "");
// `value` is DateInputJson(...).
nlohmann::json DateField(std::string id, std::string legend, nlohmann::json value,
                         const FormErrors& errors, std::string hint = "");
// `options` is Options(...).
nlohmann::json ChoiceField(std::string id, std::string legend, nlohmann::json options,
                           const FormErrors& errors, std::string hint = "");

// A change to a child from a form: the hidden field "version" must be the
// child's version (a stale one shows `stale_form` again with the message
// "This record changed since you opened this form..."), then the change
// runs through api::ChangeChild. When the journey refuses the command
// (kInvalidArgument, kFailedPrecondition, kOutOfRange, kAlreadyExists) the
// answer is `on_refused` with the journey's message, rolled back, so the
// page can show the form again with what was typed.
struct FormChange {
  api::ChildFinder child;
  access::Action action = access::Action::kRecordJourney;
  std::function<core::Result<store::Id>(store::Id person_id)> command;
  // The answer when done, usually SeeOther to the child's record.
  std::function<http::Response(const api::ChildRecord&, store::Id record_id)> done;
  // The form again, with this message for the summary (stale or refused).
  std::function<http::Response(std::string message)> again;
};
core::Result<http::Response> ChangeChildFromForm(api::Call& call, const http::Form& form,
                                                 const FormChange& change);

// --- Words and dates as GOV.UK writes them -----------------------------------

std::string LongDate(core::Date date);               // "2 June 2025"
std::string ShortDate(core::Date date);              // "2 Jun 2025"
std::string LongDateTime(std::string_view utc_iso);  // "2 June 2025 at 9:05am"
// The child's path: "/children/{id}".
std::string ChildPath(store::Id person_id);
// A module's message as a sentence for the page: a capital first letter,
// and every ISO date ("2025-03-04") written out ("4 March 2025").
std::string Readable(std::string_view message);
// `text` without the white space at either end.
std::string Trim(std::string_view text);
// The text with its first letter in capitals ("police-restricted" -> "Police-restricted").
std::string Capitalised(std::string_view text);

}  // namespace sg::pages

#endif  // SAFEGUARD_PAGES_PAGE_H_
