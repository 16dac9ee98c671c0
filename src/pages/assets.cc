// Assets: the stylesheets, scripts and icon the pages use, embedded in the
// program and answered on the I/O thread (Placement::kInline) with no
// database and no session. GOV.UK Frontend's stylesheet is the one the
// annual report uses (reporting::GovukStylesheet: Arial instead of GDS
// Transport, which only GOV.UK may use, so there are no fonts to fetch).
// Assets may be cached for an hour; pages never are.
#include <string_view>

#include "pages/pages.h"
#include "reporting/page.h"

namespace sg::embedded {
extern const std::string_view kGovukFrontendJs;
extern const std::string_view kAppCss;
extern const std::string_view kAppJs;
extern const std::string_view kJobProgressJs;
extern const std::string_view kFaviconSvg;
}  // namespace sg::embedded

namespace sg::pages {
namespace {

api::Route Asset(std::string_view content_type, std::string_view body) {
  api::Route route;
  route.placement = api::Placement::kInline;
  route.auth = api::Auth::kNone;
  route.inline_handler = [content_type, body](const http::Request&) {
    http::Response response;
    response.content_type = std::string(content_type);
    response.body = std::string(body);
    response.SetHeader("Cache-Control", "public, max-age=3600");
    return response;
  };
  return route;
}

}  // namespace

void AddAssetRoutes(api::RouteTable& routes) {
  constexpr std::string_view kCss = "text/css; charset=utf-8";
  constexpr std::string_view kJs = "text/javascript; charset=utf-8";
  routes.Add("GET", "/assets/govuk-frontend.css", Asset(kCss, reporting::GovukStylesheet()));
  routes.Add("GET", "/assets/govuk-frontend.min.js", Asset(kJs, embedded::kGovukFrontendJs));
  routes.Add("GET", "/assets/app.css", Asset(kCss, embedded::kAppCss));
  routes.Add("GET", "/assets/app.mjs", Asset(kJs, embedded::kAppJs));
  routes.Add("GET", "/assets/job-progress.mjs", Asset(kJs, embedded::kJobProgressJs));
  routes.Add("GET", "/assets/favicon.svg", Asset("image/svg+xml", embedded::kFaviconSvg));
}

}  // namespace sg::pages
