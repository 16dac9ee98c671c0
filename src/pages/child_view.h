// ChildView: what the pages of a child's record share (internal to
// child_pages.cc, the record, and child_chronology_pages.cc, the chronology
// and break-glass).
//
// Design. Both pages of the record open the same way: the child's id from
// the path, then, for a user who may not see the child, a refusal page
// rather than an error page that leaves them stuck (ShowChildPage). Both
// show the same secondary navigation (TabsJson, drawn by the partial
// _child_tabs.mustache) and the same notice for restricted information
// withheld from the user (WithheldNotice). Keeping these here means the two
// pages cannot drift apart in who is refused, what the refusal shows, or
// which tabs a role is offered. The code of both files is in this
// namespace, so each uses these helpers by their plain names.
#ifndef SAFEGUARD_PAGES_CHILD_VIEW_H_
#define SAFEGUARD_PAGES_CHILD_VIEW_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "access/need_to_know.h"
#include "access/policy.h"
#include "api/app.h"
#include "core/error.h"
#include "http/message.h"
#include "store/records.h"

namespace sg::pages::child_view {

// --- Words -------------------------------------------------------------------

// "domestic_abuse" -> "Domestic abuse".
std::string Humanised(std::string_view name);
// The non-empty parts, separated.
std::string Joined(const std::vector<std::string>& parts, std::string_view separator = ", ");
std::string FullName(const store::Person& person);
// "Police-restricted information is held by Cheshire Constabulary: ask them
// if you need to know (1 item you cannot see)."
std::string WithheldNotice(const access::Withheld& withheld);

// [fn(item)...] as a JSON array.
template <typename T, typename Fn>
nlohmann::json ArrayOf(const std::vector<T>& items, Fn fn) {
  nlohmann::json out = nlohmann::json::array();
  for (const T& item : items) out.push_back(fn(item));
  return out;
}

// Whether the user's role may do `action` at all (need-to-know aside).
bool Allowed(const api::Call& call, access::Action action);

// --- The secondary navigation ---------------------------------------------------

enum class Tab { kRecord, kChronology };

// [{"href", "text", "current"}] for _child_tabs.mustache: Record and
// Chronology, then Involvements and Access log for the roles that may.
nlohmann::json TabsJson(const api::Call& call, store::Id child, Tab current);

// --- Opening a page of the record -------------------------------------------------

// The page `show` makes of the child whose id is the path's {id}, or, for
// a user who may not read the child's record (asked before anything of it
// is read, and again by need-to-know as `show` reads), the 403 refusal page:
// whom to ask and, for roles that may, the link to request emergency
// access; nothing of the child. kNotFound for no such child, as the API
// answers. The refusal is on the record (Gate::Clear), and, the page being
// an answer rather than an error, that audit row commits with it.
using ShowFn = std::function<core::Result<http::Response>(store::Id child)>;
core::Result<http::Response> ShowChildPage(api::Call& call, const ShowFn& show);

// GET /children/{id}/chronology and GET|POST /children/{id}/break-glass
// (child_chronology_pages.cc); AddChildPages adds them with the record.
void AddChronologyPages(api::RouteTable& routes);

}  // namespace sg::pages::child_view

#endif  // SAFEGUARD_PAGES_CHILD_VIEW_H_
