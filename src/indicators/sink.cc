#include "indicators/sink.h"

#include <algorithm>
#include <cassert>

#include <fmt/format.h>

namespace sg::indicators {
namespace {

// numerator ÷ denominator × 100 to one decimal place, half away from zero,
// in integers so that 1 ÷ 8 = 12.5 exactly and never 12.4999.
double PercentOneDecimal(int64_t numerator, int64_t denominator) {
  int64_t tenths = (2000 * numerator + denominator) / (2 * denominator);
  return static_cast<double>(tenths) / 10.0;
}

[[maybe_unused]] Unit UnitOf(std::string_view id) {
  const Definition* def = FindDefinition(id);
  assert(def != nullptr && "an id missing from the catalogue");
  return def->unit;
}

Value Empty(std::string_view id, Unit unit) {
  Value v;
  v.id = id;
  v.unit = unit;
  return v;
}

}  // namespace

void Sink::Count(std::string_view id, int64_t count) {
  assert(UnitOf(id) == Unit::kCount);
  Value v = Empty(id, Unit::kCount);
  v.value = static_cast<double>(count);
  values_.push_back(std::move(v));
}

void Sink::Percent(std::string_view id, int64_t numerator, int64_t denominator) {
  assert(UnitOf(id) == Unit::kPercent);
  assert(numerator >= 0);  // may exceed the denominator: s47_to_icpc_pct is a ratio of two counts
  Value v = Empty(id, Unit::kPercent);
  v.numerator = static_cast<double>(numerator);
  v.denominator = static_cast<double>(denominator);
  if (denominator == 0) {
    v.reason = "nothing to count in the period: the denominator is 0";
  } else {
    v.value = PercentOneDecimal(numerator, denominator);
  }
  values_.push_back(std::move(v));
}

void Sink::Rate(std::string_view id, int64_t count) {
  assert(UnitOf(id) == Unit::kPer10k);
  Value v = Empty(id, Unit::kPer10k);
  v.numerator = static_cast<double>(count);
  if (!population_ || *population_ <= 0) {
    v.reason = population_note_.empty() ? "the child population is not known"
                                        : population_note_;
  } else {
    v.denominator = *population_;
    v.value = RoundOneDecimal(static_cast<double>(count) / *population_ * 10000.0);
  }
  values_.push_back(std::move(v));
}

void Sink::Null(std::string_view id, Unit unit, std::string reason) {
  assert(UnitOf(id) == unit);
  Value v = Empty(id, unit);
  v.reason = std::move(reason);
  values_.push_back(std::move(v));
}

std::vector<Value> Sink::TakeInCatalogueOrder() {
  std::vector<Value> ordered;
  ordered.reserve(Catalogue().size());
  for (const Definition& def : Catalogue()) {
    auto it = std::find_if(values_.begin(), values_.end(),
                           [&](const Value& v) { return v.id == def.id; });
    assert(it != values_.end() && "an indicator was not computed");
    assert(std::count_if(values_.begin(), values_.end(),
                         [&](const Value& v) { return v.id == def.id; }) == 1);
    ordered.push_back(std::move(*it));
  }
  assert(ordered.size() == values_.size() && "a value for an id not in the catalogue");
  values_.clear();
  return ordered;
}

}  // namespace sg::indicators
