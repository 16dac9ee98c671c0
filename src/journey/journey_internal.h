// Helpers shared by the journey_*.cc files; not part of the module's API.
#ifndef SAFEGUARD_JOURNEY_JOURNEY_INTERNAL_H_
#define SAFEGUARD_JOURNEY_JOURNEY_INTERNAL_H_

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "access/audit.h"
#include "core/date.h"
#include "store/records.h"

namespace sg::journey {

// Code lists start with the 2016-17 collection.
inline constexpr int kEarliestCollectionYear = 2017;

inline access::AuditNote Note(std::string_view action, std::string_view entity, store::Id id,
                              store::Id person_id) {
  return access::AuditNote{std::string(action), std::string(entity), std::to_string(id),
                           person_id, "{}"};
}

// "the assessment's authorisation (2024-01-02) cannot be before its start (2024-01-05)"
inline std::string Before(std::string_view later, core::Date later_date, std::string_view earlier,
                          core::Date earlier_date) {
  return fmt::format("the {} ({}) cannot be before the {} ({})", later, later_date.Iso(), earlier,
                     earlier_date.Iso());
}

}  // namespace sg::journey

#endif  // SAFEGUARD_JOURNEY_JOURNEY_INTERNAL_H_
