// The API document and the router must agree: every route is documented
// under the same method and path, every documented operation is routed,
// every path parameter is declared, and every reference resolves. This test
// fails until every area documents its routes; that is its purpose.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/app.h"

namespace sg::api {
namespace {

using nlohmann::json;

const std::set<std::string> kMethods = {"get",   "put",  "post",    "delete",
                                        "patch", "head", "options", "trace"};

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

json Document() {
  auto text = OpenApiDocument();
  EXPECT_TRUE(text) << (text ? "" : text.error().message());
  if (!text) return json::object();
  return json::parse(*text);
}

// "#/components/parameters/Limit" -> the object it names, or null.
const json* Resolve(const json& document, const json& maybe_ref) {
  if (!maybe_ref.is_object() || !maybe_ref.contains("$ref")) return &maybe_ref;
  const std::string ref = maybe_ref["$ref"].get<std::string>();
  if (ref.rfind("#/", 0) != 0) return nullptr;
  try {
    const json& target = document.at(json::json_pointer(ref.substr(1)));
    return &target;
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::vector<std::string> PathParameters(const std::string& path) {
  std::vector<std::string> names;
  size_t at = 0;
  while ((at = path.find('{', at)) != std::string::npos) {
    const size_t end = path.find('}', at);
    names.push_back(path.substr(at + 1, end - at - 1));
    at = end;
  }
  return names;
}

TEST(OpenApiTest, DocumentIsOpenApi303) {
  json document = Document();
  EXPECT_EQ(document.value("openapi", ""), "3.0.3");
  EXPECT_TRUE(document.contains("info"));
  EXPECT_TRUE(document["components"]["securitySchemes"].contains("session"));
  EXPECT_TRUE(document["components"]["securitySchemes"].contains("bearer"));
  EXPECT_TRUE(document["components"]["responses"].contains("Problem"));
  EXPECT_TRUE(document["components"]["schemas"].contains("Problem"));
}

TEST(OpenApiTest, EveryRouteIsDocumented) {
  json document = Document();
  for (const http::RouteKey& route : AllRoutes().Routes()) {
    const std::string method = Lower(route.method);
    EXPECT_TRUE(document["paths"].contains(route.pattern) &&
                document["paths"][route.pattern].contains(method))
        << route.method << " " << route.pattern << " is routed but not in the OpenAPI document";
  }
}

TEST(OpenApiTest, EveryDocumentedOperationIsRouted) {
  json document = Document();
  std::set<std::pair<std::string, std::string>> routed;
  for (const http::RouteKey& route : AllRoutes().Routes()) {
    routed.emplace(Lower(route.method), route.pattern);
  }
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [key, operation] : item.items()) {
      if (!kMethods.contains(key)) continue;
      EXPECT_TRUE(routed.contains({key, path}))
          << key << " " << path << " is documented but not routed";
    }
  }
}

TEST(OpenApiTest, EveryPathParameterIsDeclared) {
  json document = Document();
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [key, operation] : item.items()) {
      if (!kMethods.contains(key)) continue;
      std::set<std::string> declared;
      for (const json* list : {&item, &operation}) {
        if (!list->contains("parameters")) continue;
        for (const json& parameter : (*list)["parameters"]) {
          const json* resolved = Resolve(document, parameter);
          ASSERT_NE(resolved, nullptr) << key << " " << path << ": a parameter $ref is dangling";
          if (resolved->value("in", "") == "path") {
            EXPECT_TRUE(resolved->value("required", false))
                << key << " " << path << ": path parameter " << resolved->value("name", "")
                << " must be required";
            declared.insert(resolved->value("name", ""));
          }
        }
      }
      for (const std::string& name : PathParameters(path)) {
        EXPECT_TRUE(declared.contains(name))
            << key << " " << path << ": path parameter {" << name << "} is not declared";
      }
    }
  }
}

TEST(OpenApiTest, EveryOperationHasResponses) {
  json document = Document();
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [key, operation] : item.items()) {
      if (!kMethods.contains(key)) continue;
      EXPECT_TRUE(operation.contains("responses") && !operation["responses"].empty())
          << key << " " << path << " documents no responses";
    }
  }
}

TEST(OpenApiTest, JsonRequestBodiesAreClosedObjects) {
  json document = Document();
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [key, operation] : item.items()) {
      if (!kMethods.contains(key) || !operation.contains("requestBody")) continue;
      const json* body = Resolve(document, operation["requestBody"]);
      ASSERT_NE(body, nullptr) << key << " " << path;
      if (!body->contains("content") || !(*body)["content"].contains("application/json")) continue;
      const json* schema = Resolve(document, (*body)["content"]["application/json"]["schema"]);
      ASSERT_NE(schema, nullptr) << key << " " << path << ": the body schema $ref is dangling";
      if (schema->value("type", "") != "object") continue;
      EXPECT_EQ(schema->value("additionalProperties", json(true)), json(false))
          << key << " " << path << ": a JSON body must say additionalProperties: false";
    }
  }
}

// Every "$ref" anywhere in the document names something that is there.
void CheckRefs(const json& document, const json& node, const std::string& where) {
  if (node.is_object()) {
    if (auto ref = node.find("$ref"); ref != node.end()) {
      EXPECT_NE(Resolve(document, node), nullptr)
          << where << ": $ref " << ref->dump() << " resolves to nothing";
    }
    for (const auto& [key, child] : node.items()) CheckRefs(document, child, where + "/" + key);
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) {
      CheckRefs(document, node[i], where + "/" + std::to_string(i));
    }
  }
}

TEST(OpenApiTest, EveryReferenceResolves) {
  json document = Document();
  CheckRefs(document, document, "#");
}

}  // namespace
}  // namespace sg::api
