// Sink: where the compute functions of each section put their values.
//
// Internal to indicators/. Compute() gives each section (front door,
// children in need, protection, care) a Sink; a section calls one of the
// methods below once per id it owns. The sink rounds, applies the
// population to rates and turns an empty denominator into null with a
// reason, so that those rules live in one place.
#ifndef SAFEGUARD_INDICATORS_SINK_H_
#define SAFEGUARD_INDICATORS_SINK_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/indicator.h"

namespace sg::indicators {

class Sink {
 public:
  explicit Sink(std::optional<double> population, std::string population_note)
      : population_(population), population_note_(std::move(population_note)) {}

  void Count(std::string_view id, int64_t count);
  // numerator ÷ denominator × 100; null with a reason when denominator is 0.
  void Percent(std::string_view id, int64_t numerator, int64_t denominator);
  // count ÷ population × 10,000; null when the population is not known.
  void Rate(std::string_view id, int64_t count);
  void Null(std::string_view id, Unit unit, std::string reason);

  // REQUIRES: every catalogue id given exactly once (asserted).
  std::vector<Value> TakeInCatalogueOrder();

 private:
  std::optional<double> population_;
  std::string population_note_;
  std::vector<Value> values_;
};

// Each section's compute function (one file each).
void ComputeFrontDoor(const Inputs& in, Sink& out);
void ComputeChildrenInNeed(const Inputs& in, Sink& out);
void ComputeProtection(const Inputs& in, Sink& out);
void ComputeCare(const Inputs& in, Sink& out);

}  // namespace sg::indicators

#endif  // SAFEGUARD_INDICATORS_SINK_H_
