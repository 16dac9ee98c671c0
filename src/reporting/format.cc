#include "reporting/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

namespace sg::reporting {

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatNumber(double value, int decimals) {
  if (!std::isfinite(value)) return "";
  decimals = std::clamp(decimals, 0, 6);
  const double scale = std::pow(10.0, decimals);
  // Rounding the scaled value ourselves (half away from zero) gives the
  // same digits on every platform; printf's round-half-even on binary
  // fractions would print 0.125 and 0.135 differently.
  double rounded = std::round(std::abs(value) * scale + 1e-9) / scale;
  const bool negative = value < 0 && rounded != 0;
  std::string digits = fmt::format("{:.{}f}", rounded, decimals);
  const size_t point = digits.find('.');
  const size_t int_end = point == std::string::npos ? digits.size() : point;
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (negative) out += '-';
  for (size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out.append(digits, int_end);
  return out;
}

std::string FormatPercent(double value, int decimals) {
  std::string number = FormatNumber(value, decimals);
  if (!number.empty()) number += '%';
  return number;
}

}  // namespace sg::reporting
