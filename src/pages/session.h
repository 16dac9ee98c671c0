// Internal to pages: the layout around every page, and the sign-in page a
// form sent after the session ended is answered with (session_pages.cc).
#ifndef SAFEGUARD_PAGES_SESSION_H_
#define SAFEGUARD_PAGES_SESSION_H_

#include <chrono>

#include "access/accounts.h"
#include "http/message.h"
#include "pages/page.h"

namespace sg::pages {

// `view` inside the layout; `auth` null for a page of nobody signed in.
http::Response Compose(const http::Request& request, const access::Authenticated* auth,
                       std::chrono::seconds idle_timeout, View view);

// Where a user of `role` starts: the first section of their navigation.
std::string StartPath(access::Role role);

// The sign-in page for a POST whose session has ended, carrying the posted
// fields (not the CSRF token, not files) to send on after signing in.
http::Response SignInAgain(const http::Request& request);

}  // namespace sg::pages

#endif  // SAFEGUARD_PAGES_SESSION_H_
