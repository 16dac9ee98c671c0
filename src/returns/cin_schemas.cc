#include "returns/cin_schemas.h"

#include <array>
#include <cassert>

namespace sg::embedded {
extern const std::string_view kCinSchema2017, kCinSchema2018, kCinSchema2019, kCinSchema2020,
    kCinSchema2021, kCinSchema2022, kCinSchema2023, kCinSchema2024, kCinSchema2025,
    kCinSchema2026;
}  // namespace sg::embedded

namespace sg::returns {

std::string_view CinSchemaText(int collection_year) {
  using namespace sg::embedded;
  static const std::array<const std::string_view*, kLastCinYear - kFirstCinYear + 1> kSchemas = {
      &kCinSchema2017, &kCinSchema2018, &kCinSchema2019, &kCinSchema2020, &kCinSchema2021,
      &kCinSchema2022, &kCinSchema2023, &kCinSchema2024, &kCinSchema2025, &kCinSchema2026};
  assert(collection_year >= kFirstCinYear && collection_year <= kLastCinYear);
  return *kSchemas[static_cast<size_t>(collection_year - kFirstCinYear)];
}

}  // namespace sg::returns
