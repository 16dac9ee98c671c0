#include "reporting/targets.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "core/shipped_path.h"

namespace sg::reporting {
namespace {

using core::Code;
using core::Fail;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string ClosestId(std::string_view wrong) {
  std::string_view best;
  size_t best_distance = SIZE_MAX;
  for (const auto& def : indicators::Catalogue()) {
    size_t d = EditDistance(wrong, def.id);
    if (d < best_distance) {
      best_distance = d;
      best = def.id;
    }
  }
  return std::string(best);
}

}  // namespace

std::string_view RagName(Rag rag) {
  switch (rag) {
    case Rag::kGreen: return "green";
    case Rag::kAmber: return "amber";
    case Rag::kRed: return "red";
    case Rag::kNotRated: return "not_rated";
    case Rag::kNoData: return "no_data";
  }
  return "no_data";
}

std::string_view RagLabel(Rag rag) {
  switch (rag) {
    case Rag::kGreen: return "Green";
    case Rag::kAmber: return "Amber";
    case Rag::kRed: return "Red";
    case Rag::kNotRated: return "Not rated";
    case Rag::kNoData: return "No data";
  }
  return "No data";
}

core::Result<Targets> Targets::Parse(std::string_view text, std::string_view source) {
  Targets targets;
  std::istringstream in{std::string(text)};
  int line_number = 0;
  std::set<std::string, std::less<>> with_target, with_amber;
  for (std::string raw; std::getline(in, raw);) {
    ++line_number;
    std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    auto at = [&](std::string message) {
      return Fail(Code::kInvalidArgument, fmt::format("{} line {}: {}", source, line_number, message));
    };
    auto equals = line.find('=');
    if (equals == std::string_view::npos) return at("expected 'indicator_id = target'");
    std::string_view key = Trim(line.substr(0, equals));
    std::string_view value_text = Trim(line.substr(equals + 1));
    bool amber = key.ends_with(".amber");
    std::string_view id = amber ? key.substr(0, key.size() - 6) : key;
    const indicators::Definition* def = indicators::FindDefinition(id);
    if (def == nullptr)
      return at(fmt::format("'{}' is not an indicator id (did you mean '{}'?)", id, ClosestId(id)));
    std::string number(value_text);
    char* end = nullptr;
    double value = std::strtod(number.c_str(), &end);
    if (number.empty() || *end != '\0' || !std::isfinite(value))
      return at(fmt::format("the target for {} is '{}', not a number", id, value_text));
    if (def->unit == indicators::Unit::kPercent && (value < 0 || value > 100))
      return at(fmt::format("{} is a percentage: {} is outside 0 to 100", id, value));
    auto& seen = amber ? with_amber : with_target;
    if (!seen.emplace(id).second) return at(fmt::format("{} is given twice", key));
    Target& target = targets.targets_[std::string(id)];
    if (amber) {
      target.amber = value;
    } else {
      target.value = value;
    }
  }
  for (const auto& id : with_amber) {
    if (!with_target.contains(id))
      return Fail(Code::kInvalidArgument, fmt::format("{}: {}.amber is set but {} has no target", source, id, id));
  }
  return targets;
}

core::Result<Targets> Targets::Load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Fail(Code::kNotFound, fmt::format("the targets file {} cannot be read", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path.filename().string());
}

std::filesystem::path Targets::DefaultPath() {
  return core::ShippedPath("SAFEGUARD_TARGETS", std::filesystem::path("config") / "targets.conf");
}

const Target* Targets::Find(std::string_view id) const {
  auto it = targets_.find(id);
  return it == targets_.end() ? nullptr : &it->second;
}

Rag RateAgainst(const indicators::Definition& def, std::optional<double> value, const Target* target) {
  if (!value) return Rag::kNoData;
  if (target == nullptr || def.polarity == indicators::Polarity::kNeutral) return Rag::kNotRated;
  if (def.polarity == indicators::Polarity::kHigherIsBetter) {
    double amber = target->amber.value_or(target->value * 0.95);
    if (*value >= target->value) return Rag::kGreen;
    return *value >= amber ? Rag::kAmber : Rag::kRed;
  }
  double amber = target->amber.value_or(target->value * 1.05);
  if (*value <= target->value) return Rag::kGreen;
  return *value <= amber ? Rag::kAmber : Rag::kRed;
}

}  // namespace sg::reporting
