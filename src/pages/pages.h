// Pages: Safeguard in the browser, for practitioners and the partnership.
//
// Server-rendered HTML in the GOV.UK Design System, mounted on the same
// App as the JSON API (api/app.h), so that a page and an API call read and
// change a child through the same doors and are audited the same way. How
// a page is made (templates, forms, errors, sessions) is in page.h; the
// pages by area are in *_pages.cc:
//
//   session_pages.cc     /sign-in, /sign-out, /session/extend, /account/password, /
//   front_door_pages.cc  /front-door and /children: search before create, register
//   contact_pages.cc     record a contact (consultation) and decide it on its clock
//   child_pages.cc       /children/{id}: banner, next steps, the journey so far
//   child_chronology_pages.cc  the chronology as the user may see it; break-glass
//   journey_pages.cc     a form for each step of the journey (CIN and child protection)
//   journey_care_pages.cc      ... and of allocation, early help, care, notes
//   work_pages.cc        /work: my work and my team's, missed-timescale reasons
//   figure_pages.cc      /scorecard, /reports/annual
//   return_pages.cc      /returns: upload a CIN census or SSDA903 return, check it
//   job_pages.cc         the findings, the import, a job's progress and result
//   admin_pages.cc       /admin: users and teams
//   involvement_pages.cc who works with a child, and the child's access log
//   api_call.cc          the API's own handlers, called in process by some pages
//   assets.cc            /assets/: GOV.UK Frontend, our stylesheet and script
#ifndef SAFEGUARD_PAGES_PAGES_H_
#define SAFEGUARD_PAGES_PAGES_H_

#include "api/app.h"

namespace sg::pages {

// Every page and asset route, added to the API's table.
void AddPageRoutes(api::RouteTable& routes);

// By area (each *_pages.cc adds its own).
void AddAssetRoutes(api::RouteTable& routes);
void AddSessionPages(api::RouteTable& routes);
void AddFrontDoorPages(api::RouteTable& routes);
void AddChildPages(api::RouteTable& routes);
void AddJourneyPages(api::RouteTable& routes);
void AddWorkPages(api::RouteTable& routes);
void AddFigurePages(api::RouteTable& routes);
void AddReturnPages(api::RouteTable& routes);
void AddAdminPages(api::RouteTable& routes);

// The API's routes and the pages together, as `safeguard serve` mounts them.
api::RouteTable AllRoutesWithPages();

}  // namespace sg::pages

#endif  // SAFEGUARD_PAGES_PAGES_H_
