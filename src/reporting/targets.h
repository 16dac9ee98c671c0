// Targets: what the partnership aims for on each indicator, and the RAG
// status a value earns against it.
//
// The partnership's business unit sets targets in a plain text file
// (config/targets.conf as shipped; any file with --targets), one per line:
//
//   # comment
//   assessments_within_45wd_pct = 85          the target
//   assessments_within_45wd_pct.amber = 80    optional: where amber ends
//
// A line that names no catalogue id, a value that is not a number, a key
// given twice: each is an error naming the file, the line and (for a
// misspelt id) the closest id, so a typo is caught rather than ignored.
//
// RAG uses the indicator's polarity. Higher is better: green at or above
// the target, amber at or above the amber line (by default 95% of the
// target), red below. Lower is better: mirrored (amber line by default 105%
// of the target). A neutral indicator (a count of activity, say) is not
// rated even when it has a target, and a null value is "no data".
//
// Thread safety: immutable after parsing.
#ifndef SAFEGUARD_REPORTING_TARGETS_H_
#define SAFEGUARD_REPORTING_TARGETS_H_

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "indicators/indicator.h"

namespace sg::reporting {

enum class Rag { kGreen, kAmber, kRed, kNotRated, kNoData };
std::string_view RagName(Rag rag);   // "green", "amber", "red", "not_rated", "no_data"
std::string_view RagLabel(Rag rag);  // "Green", "Amber", "Red", "Not rated", "No data"

struct Target {
  double value = 0;
  std::optional<double> amber;  // where amber ends; default 95% / 105% of value
};

class Targets {
 public:
  // `source` names the file in messages.
  static core::Result<Targets> Parse(std::string_view text, std::string_view source);
  static core::Result<Targets> Load(const std::filesystem::path& path);
  // config/targets.conf as shipped (or $SAFEGUARD_TARGETS).
  static std::filesystem::path DefaultPath();

  const Target* Find(std::string_view id) const;
  size_t size() const { return targets_.size(); }

 private:
  std::map<std::string, Target, std::less<>> targets_;
};

Rag RateAgainst(const indicators::Definition& def, std::optional<double> value, const Target* target);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_TARGETS_H_
