#include "places/postcode.h"

#include <cstddef>

namespace sg::places {
namespace {

constexpr size_t kMinLength = 5;  // "M11AE": 2-character outward code + 3
constexpr size_t kMaxLength = 7;  // "SW1A1AA": 4-character outward code + 3

// Copies the characters of `text` other than spaces, upper-cased, into
// `out`; returns how many, or 0 when the text cannot be a postcode.
size_t Compact(std::string_view text, char (&out)[kMaxLength]) {
  size_t n = 0;
  for (char c : text) {
    if (c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    bool allowed = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!allowed || n == kMaxLength) return 0;
    out[n++] = c;
  }
  return n >= kMinLength ? n : 0;
}

// 1 for the space, 2-11 for the digits, 12-37 for the letters; 0 pads short
// postcodes. The order is the characters' byte order, so keys sort as the
// normal forms do.
uint64_t CharCode(char c) {
  if (c == ' ') return 1;
  return c <= '9' ? static_cast<uint64_t>(c - '0' + 2) : static_cast<uint64_t>(c - 'A' + 12);
}

}  // namespace

std::string NormalisePostcode(std::string_view text) {
  char compact[kMaxLength];
  size_t n = Compact(text, compact);
  if (n == 0) return {};
  std::string out;
  out.reserve(n + 1);
  out.append(compact, n - 3);
  out.push_back(' ');
  out.append(compact + n - 3, 3);
  return out;
}

std::optional<uint64_t> PostcodeKey(std::string_view text) {
  char compact[kMaxLength];
  size_t n = Compact(text, compact);
  if (n == 0) return std::nullopt;
  uint64_t key = 0;
  for (size_t i = 0; i <= kMaxLength; ++i) {  // the normal form: n + 1 characters
    uint64_t code = 0;
    if (i < n - 3) {
      code = CharCode(compact[i]);
    } else if (i == n - 3) {
      code = CharCode(' ');
    } else if (i <= n) {
      code = CharCode(compact[i - 1]);
    }
    key = (key << 6) | code;
  }
  return key;
}

}  // namespace sg::places
