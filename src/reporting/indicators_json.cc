#include "reporting/indicators_json.h"

#include "reporting/json.h"

namespace sg::reporting {

using nlohmann::ordered_json;

ordered_json IndicatorJson(const indicators::Value& v) {
  const auto* def = indicators::FindDefinition(v.id);
  ordered_json out = {{"id", v.id}, {"title", def->title}};
  const bool count = v.unit == indicators::Unit::kCount;
  out["value"] = count ? JsonNumber(v.value) : (v.value ? ordered_json(*v.value) : nullptr);
  if (!count) {
    out["numerator"] = JsonNumber(v.numerator);
    out["denominator"] = JsonNumber(v.denominator);
  }
  out["unit"] = indicators::UnitName(v.unit);
  if (!v.value) out["reason"] = v.reason;
  return out;
}

ordered_json IndicatorsJson(const std::vector<indicators::Value>& values,
                            const indicators::ChildPopulationFor& population, std::string_view la,
                            int year, int quarter, core::Period period) {
  ordered_json out = {{"la", la.empty() ? ordered_json(nullptr) : ordered_json(la)}};
  if (year != 0) out["year"] = year;
  if (quarter != 0) out["quarter"] = quarter;
  out["period"] = {{"start", period.start.Iso()}, {"end", period.end.Iso()}};
  out["population"] = {{"children_0_17", JsonNumber(population.children)},
                       {"source", population.note}};
  out["indicators"] = ordered_json::array();
  for (const auto& v : values) out["indicators"].push_back(IndicatorJson(v));
  return out;
}

}  // namespace sg::reporting
