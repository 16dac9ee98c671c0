// IndicatorsJson: the indicators document, in the one shape INDICATORS.md
// fixes, for every caller that prints it (`safeguard indicators --format
// json`, GET /api/v1/indicators).
#ifndef SAFEGUARD_REPORTING_INDICATORS_JSON_H_
#define SAFEGUARD_REPORTING_INDICATORS_JSON_H_

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "indicators/indicator.h"
#include "indicators/source.h"

namespace sg::reporting {

// One indicator: id, title, value (a count as an integer), numerator and
// denominator for rates and percentages, unit, and the reason when null.
nlohmann::ordered_json IndicatorJson(const indicators::Value& value);

// The whole document. `year` and `quarter` are 0 when the period was given
// as a date range (or a whole year); `la` is "" when not known.
nlohmann::ordered_json IndicatorsJson(const std::vector<indicators::Value>& values,
                                      const indicators::ChildPopulationFor& population,
                                      std::string_view la, int year, int quarter,
                                      core::Period period);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_INDICATORS_JSON_H_
