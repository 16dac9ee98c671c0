// The routes about the API itself: a health check for load balancers and
// the OpenAPI document. Both are answered on the I/O thread: neither needs
// the database, and a health check must not queue behind a busy one.
#include <array>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/app.h"

namespace sg::embedded {
extern const std::string_view kOpenApiBase;
extern const std::string_view kOpenApiSession;
extern const std::string_view kOpenApiChildren;
extern const std::string_view kOpenApiJourney;
extern const std::string_view kOpenApiWork;
extern const std::string_view kOpenApiAdmin;
}  // namespace sg::embedded

namespace sg::api {
namespace {

using core::Code;
using nlohmann::json;

// Each area's fragment brings {"paths":{...},"components":{...}}; paths merge
// by method (two areas may serve one path), components by name.
void Merge(json& document, const json& fragment) {
  if (auto paths = fragment.find("paths"); paths != fragment.end() && paths->is_object()) {
    for (const auto& [path, operations] : paths->items()) {
      json& into = document["paths"][path];
      for (const auto& [method, operation] : operations.items()) into[method] = operation;
    }
  }
  if (auto components = fragment.find("components");
      components != fragment.end() && components->is_object()) {
    for (const auto& [section, entries] : components->items()) {
      json& into = document["components"][section];
      for (const auto& [name, entry] : entries.items()) into[name] = entry;
    }
  }
  if (auto tags = fragment.find("tags"); tags != fragment.end() && tags->is_array()) {
    for (const auto& tag : *tags) document["tags"].push_back(tag);
  }
}

core::Result<std::string> Build() {
  const std::array<std::pair<std::string_view, std::string_view>, 5> fragments = {{
      {"session.json", embedded::kOpenApiSession},
      {"children.json", embedded::kOpenApiChildren},
      {"journey.json", embedded::kOpenApiJourney},
      {"work.json", embedded::kOpenApiWork},
      {"admin.json", embedded::kOpenApiAdmin},
  }};
  json document = json::parse(embedded::kOpenApiBase, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return core::Fail(Code::kInternal, "the OpenAPI fragment base.json is not a JSON object");
  }
  for (const auto& [name, text] : fragments) {
    json fragment = json::parse(text, nullptr, false);
    if (fragment.is_discarded() || !fragment.is_object()) {
      return core::Fail(Code::kInternal,
                        fmt::format("the OpenAPI fragment {} is not a JSON object", name));
    }
    Merge(document, fragment);
  }
  return document.dump();
}

http::Response Health(const http::Request&) {
  return http::Json(200, R"({"status":"ok"})");
}

http::Response Document(const http::Request&) {
  core::Result<std::string> document = OpenApiDocument();
  if (!document) return http::Problem(document.error());
  http::Response response = http::Json(200, *document);
  // The same for every caller until the next release.
  response.SetHeader("Cache-Control", "public, max-age=300");
  return response;
}

Route Inline(InlineFn fn) {
  Route route;
  route.placement = Placement::kInline;
  route.auth = Auth::kNone;
  route.inline_handler = std::move(fn);
  return route;
}

}  // namespace

core::Result<std::string> OpenApiDocument() {
  static const core::Result<std::string> document = Build();
  return document;
}

void AddMetaRoutes(RouteTable& routes) {
  routes.Add("GET", "/healthz", Inline(Health));
  routes.Add("GET", "/api/v1/openapi.json", Inline(Document));
}

}  // namespace sg::api
