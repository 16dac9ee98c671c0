// Ofsted's lists of registered providers (children's homes and social care
// providers), which the URN rules check episodes against: what a URN is
// registered for (placement and provider codes), where it is, and when its
// registration ended.
//
// The lists are optional input to validation (`--providers FILE`); the
// rules that need them are not run without them, as in the DfE's tool.
#ifndef SAFEGUARD_RETURNS_SSDA903_PROVIDERS_H_
#define SAFEGUARD_RETURNS_SSDA903_PROVIDERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"

namespace sg::returns {

struct OfstedProvider {
  std::string urn;
  std::vector<std::string> place_codes;     // 903 PLACE codes it may provide
  std::vector<std::string> provider_codes;  // 903 PLACE_PROVIDER codes
  std::optional<core::Date> registration_end;
  std::string postcode;  // normalised
  std::string la_code;   // ONS code of its upper-tier authority, when known
};

class LacProviders {
 public:
  void Add(OfstedProvider provider) {
    std::string urn = provider.urn;
    by_urn_[urn] = std::move(provider);
  }
  const OfstedProvider* Find(std::string_view urn) const {
    auto at = by_urn_.find(urn);  // no string made per look-up: the URN rules ask per episode
    return at == by_urn_.end() ? nullptr : &at->second;
  }
  size_t size() const { return by_urn_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };
  std::unordered_map<std::string, OfstedProvider, Hash, std::equal_to<>> by_urn_;
};

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_SSDA903_PROVIDERS_H_
