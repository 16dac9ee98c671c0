#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "pages/page.h"

namespace sg::pages {
namespace {

using nlohmann::json;

std::optional<int> Number(std::string_view text) {
  std::string trimmed = Trim(text);
  int value = 0;
  auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
  if (ec != std::errc() || end != trimmed.data() + trimmed.size() || trimmed.empty()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

void FormErrors::Add(std::string field, std::string message) {
  if (Has(field)) return;
  errors_.emplace_back(std::move(field), std::move(message));
}

bool FormErrors::Has(std::string_view field) const {
  for (const auto& [known, message] : errors_) {
    if (known == field) return true;
  }
  return false;
}

json FormErrors::Json() const {
  json out = json::object();
  json list = json::array();
  for (const auto& [field, message] : errors_) {
    list.push_back({{"href", "#" + field}, {"text", message}});
    out[field] = message;
  }
  out["list"] = list;
  return out;
}

std::optional<core::Date> ReadDate(const http::Form& form, std::string_view name,
                                   std::string_view label, FormErrors& errors, core::Date today,
                                   DateRules rules) {
  const std::string field(name);
  std::string day = Trim(form.Get(field + "-day"));
  std::string month = Trim(form.Get(field + "-month"));
  std::string year = Trim(form.Get(field + "-year"));
  const std::string subject = Capitalised(label);
  if (day.empty() && month.empty() && year.empty()) {
    if (rules.required) errors.Add(field, fmt::format("Enter the {}", label));
    return std::nullopt;
  }
  std::vector<std::string> missing;
  if (day.empty()) missing.push_back("day");
  if (month.empty()) missing.push_back("month");
  if (year.empty()) missing.push_back("year");
  if (!missing.empty()) {
    std::string parts = missing[0];
    if (missing.size() == 2) parts += " and " + missing[1];
    errors.Add(field, fmt::format("{} must include a {}", subject, parts));
    return std::nullopt;
  }
  auto d = Number(day);
  auto m = Number(month);
  auto y = Number(year);
  if (!d || !m || !y || *y < 1900 || *y > 2200 || *m < 1 || *m > 12 || *d < 1 || *d > 31) {
    errors.Add(field, fmt::format("{} must be a real date", subject));
    return std::nullopt;
  }
  auto parsed = core::Date::ParseIso(fmt::format("{:04}-{:02}-{:02}", *y, *m, *d), label);
  if (!parsed) {
    errors.Add(field, fmt::format("{} must be a real date", subject));
    return std::nullopt;
  }
  if (rules.not_in_future && *parsed > today) {
    errors.Add(field, fmt::format("{} must be today or in the past", subject));
    return std::nullopt;
  }
  return *parsed;
}

json DateInputJson(const http::Form& form, std::string_view name) {
  const std::string field(name);
  return {{"day", form.Get(field + "-day")},
          {"month", form.Get(field + "-month")},
          {"year", form.Get(field + "-year")}};
}

json DateInputJson(std::optional<core::Date> date) {
  if (!date) return {{"day", ""}, {"month", ""}, {"year", ""}};
  return {{"day", std::to_string(date->day())},
          {"month", std::to_string(date->month())},
          {"year", std::to_string(date->year())}};
}

std::optional<std::string> ReadText(const http::Form& form, std::string_view name,
                                    std::string_view missing, FormErrors& errors,
                                    size_t max_length) {
  std::string value = Trim(form.Get(name));
  if (value.empty()) {
    errors.Add(std::string(name), std::string(missing));
    return std::nullopt;
  }
  if (value.size() > max_length) {
    errors.Add(std::string(name), fmt::format("This must be {} characters or less", max_length));
    return std::nullopt;
  }
  return value;
}

json Options(const std::vector<std::pair<std::string, std::string>>& value_text,
             const std::vector<std::string>& selected) {
  json out = json::array();
  for (const auto& [value, text] : value_text) {
    bool chosen = false;
    for (const auto& pick : selected) chosen = chosen || pick == value;
    out.push_back({{"value", value}, {"text", text}, {"selected", chosen}});
  }
  return out;
}

json Typed(const http::Form& form) {
  json out = json::object();
  for (const auto& field : form.fields()) {
    if (field.filename || field.name == "csrf_token") continue;
    if (!out.contains(field.name)) out[field.name] = field.value;
  }
  return out;
}

namespace {

json ErrorFor(const FormErrors& errors, const std::string& id) {
  json all = errors.Json();
  return all.contains(id) ? all[id] : json(nullptr);
}

json HintOrNull(const std::string& hint) {
  return hint.empty() ? json(nullptr) : json(hint);
}

}  // namespace

json TextField(std::string id, std::string label, std::string value, const FormErrors& errors,
               std::string hint) {
  json out = {{"label", label},           {"value", value},
              {"hint", HintOrNull(hint)}, {"error", ErrorFor(errors, id)},
              {"type", nullptr},          {"width", nullptr},
              {"label_class", nullptr},   {"autocomplete", nullptr},
              {"spellcheck_off", false},  {"inputmode", nullptr},
              {"rows", nullptr}};
  out["id"] = std::move(id);
  return out;
}

json DateField(std::string id, std::string legend, json value, const FormErrors& errors,
               std::string hint) {
  json out = {{"legend", legend},
              {"value", std::move(value)},
              {"hint", HintOrNull(hint)},
              {"error", ErrorFor(errors, id)}};
  out["id"] = std::move(id);
  return out;
}

json ChoiceField(std::string id, std::string legend, json options, const FormErrors& errors,
                 std::string hint) {
  // GOV.UK gives the first input the field's own id, so that the error
  // summary's link (#id) lands on it; the others are id-2, id-3 ...
  for (size_t i = 0; i < options.size(); ++i) {
    options[i]["input_id"] = i == 0 ? id : fmt::format("{}-{}", id, i + 1);
  }
  json out = {{"legend", legend},
              {"label", legend},
              {"options", std::move(options)},
              {"hint", HintOrNull(hint)},
              {"error", ErrorFor(errors, id)},
              {"small", false}};
  out["id"] = std::move(id);
  return out;
}

core::Result<http::Response> ChangeChildFromForm(api::Call& call, const http::Form& form,
                                                 const FormChange& change) {
  auto sent_version = Number(form.Get("version"));
  api::ChildChange child_change;
  child_change.action = change.action;
  child_change.child = change.child;
  child_change.precondition = [&](int64_t version) -> std::optional<http::Response> {
    if (sent_version && *sent_version == version) return std::nullopt;
    return change.again(
        "This record changed since you opened this form (someone else recorded something). "
        "Your entry is kept below: check it against the record and submit it again.");
  };
  child_change.command = change.command;
  child_change.answer = [&](const api::ChildRecord& record,
                            store::Id record_id) -> core::Result<http::Response> {
    return change.done(record, record_id);
  };
  auto changed = api::ChangeChild(call, child_change);
  if (changed) return changed;
  switch (changed.error().code()) {
    case core::Code::kInvalidArgument:
    case core::Code::kFailedPrecondition:
    case core::Code::kOutOfRange:
    case core::Code::kAlreadyExists:
      // The gate rolled the command back; the form is shown again.
      return change.again(std::string(changed.error().message()));
    default:
      return changed;
  }
}

}  // namespace sg::pages
