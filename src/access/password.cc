// Passwords: the minimum policy, Argon2id hashing and verification.
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <set>
#include <string>

#include <fmt/format.h>

#include "access/accounts.h"

namespace sg::access {
namespace {

constexpr size_t kMinCharacters = 12;
constexpr size_t kMaxBytes = 256;
constexpr size_t kMinDistinct = 5;
constexpr size_t kMinContained = 3;

// Passwords of 12 characters or more that appear near the top of every
// published list of breached passwords, and the keyboard walks and phrases
// people reach for when told "at least 12 characters". Compared without
// regard to case. Shorter ones are refused by the length rule already; a few
// are kept so that the list reads as what it is.
// clang-format off
constexpr std::array<std::string_view, 104> kCommonPasswords = {
    "password", "123456", "12345678", "qwerty", "letmein", "iloveyou",
    "password1234", "password12345", "password123456", "password1234567", "passwordpassword",
    "password123!", "password2020", "password2021", "password2022", "password2023",
    "password2024", "password2025", "password2026", "passw0rd1234", "p@ssw0rd1234",
    "p@ssword1234", "mypassword123", "newpassword123", "changeme1234", "changemenow!",
    "welcome12345", "welcome123456", "welcometo2024", "welcome2024!", "qwertyuiop12",
    "qwertyuiop123", "qwertyuiopasdf", "qwerty123456", "qwerty1234567", "qwertyqwerty",
    "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "q1w2e3r4t5y6", "asdfghjkl123",
    "asdfghjkl;'#", "zxcvbnm12345", "zxcvbnmasdfg", "123456789012", "1234567890123",
    "12345678901234", "123456123456", "123123123123", "112233445566", "111111111111",
    "000000000000", "999999999999", "121212121212", "123qweasdzxc", "abc123abc123",
    "abcdefghijkl", "abcdefg12345", "abcd12345678", "a1b2c3d4e5f6", "iloveyou1234",
    "iloveyouforever", "letmein12345", "letmeinplease", "trustno11234", "football1234",
    "football123456", "baseball1234", "liverpool1234", "manchesterunited", "chelsea12345",
    "arsenal12345", "superman1234", "batman123456", "starwars1234", "pokemon12345",
    "sunshine1234", "princess1234", "dragon123456", "monkey123456", "shadow123456",
    "master123456", "michael12345", "jennifer1234", "computer1234", "internet1234",
    "whatever1234", "administrator", "administrator1", "admin1234567", "adminadmin12",
    "rootroot1234", "summer2024!!", "winter2024!!", "spring2024!!", "autumn2024!!",
    "correcthorsebatterystaple", "thequickbrownfox", "helloworld12", "hello1234567",
    "safeguarding1", "safeguard1234", "socialworker1", "cheshireeast1",
};
// clang-format on

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Characters, not bytes: UTF-8 continuation bytes do not start one.
size_t CountCharacters(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

size_t CountDistinctCharacters(std::string_view text) {
  std::set<std::string_view> seen;
  size_t start = 0;
  for (size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      seen.insert(text.substr(start, i - start));
      start = i;
    }
  }
  return seen.size();
}

// A name of three characters or more must not appear anywhere in the
// password; a shorter one (a display name of "Al") only must not be all of
// it, or nearly every password would be refused.
bool Contains(std::string_view password_lower, std::string_view name) {
  const std::string needle = Lower(name);
  if (needle.empty()) return false;
  if (CountCharacters(needle) < kMinContained) return password_lower == needle;
  return password_lower.find(needle) != std::string::npos;
}

bool IsCommon(std::string_view password_lower) {
  return std::find(kCommonPasswords.begin(), kCommonPasswords.end(), password_lower) !=
         kCommonPasswords.end();
}

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init returns 1 when already initialised (by another module);
    // -1 means no entropy source, and then no token or salt can be trusted.
    if (sodium_init() < 0) std::abort();
  });
}

struct Limits {
  unsigned long long ops;
  size_t mem;
};

Limits LimitsFor(HashCost cost) {
  switch (cost) {
    case HashCost::kInteractive:
      return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
    case HashCost::kMinimum:
      return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
  }
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

// The alphabet of generated passwords: lower-case letters and digits without
// the look-alikes (0/o, 1/l/i), so that a password read aloud or copied from
// a screen arrives intact. 31 symbols, about 4.95 bits each.
constexpr std::string_view kPasswordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

}  // namespace

core::Status CheckPasswordPolicy(std::string_view password, std::string_view username,
                                 std::string_view display_name) {
  auto fail = [](std::string message) { return core::Fail(core::Code::kInvalidArgument, message); };
  if (CountCharacters(password) < kMinCharacters) {
    return fail(fmt::format("the password is shorter than {} characters", kMinCharacters));
  }
  if (password.size() > kMaxBytes) {
    return fail(fmt::format("the password is longer than {} bytes", kMaxBytes));
  }
  const std::string lower = Lower(password);
  if (Contains(lower, username)) return fail("the password contains the username");
  if (Contains(lower, display_name)) return fail("the password contains the user's name");
  std::string joined(display_name);
  std::erase(joined, ' ');
  if (joined != display_name && Contains(lower, joined)) {
    return fail("the password contains the user's name");
  }
  if (IsCommon(lower)) return fail("the password is one of the most commonly used passwords");
  if (CountDistinctCharacters(password) < kMinDistinct) {
    return fail(fmt::format("the password has fewer than {} different characters", kMinDistinct));
  }
  return {};
}

core::Result<std::string> HashPassword(std::string_view password, HashCost cost) {
  InitSodium();
  const Limits limits = LimitsFor(cost);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), limits.ops, limits.mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::Fail(core::Code::kUnavailable,
                      "the password could not be hashed: not enough memory for Argon2id");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  InitSodium();
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string hash(encoded_hash);  // libsodium wants it NUL-terminated
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view encoded_hash, HashCost cost) {
  InitSodium();
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string hash(encoded_hash);
  const Limits limits = LimitsFor(cost);
  // 1: other limits or algorithm; -1: not an Argon2id string at all.
  return crypto_pwhash_str_needs_rehash(hash.c_str(), limits.ops, limits.mem) != 0;
}

std::string GenerateTemporaryPassword() {
  InitSodium();
  // Four groups of five: 20 symbols, about 99 bits.
  std::string out;
  for (int group = 0; group < 4; ++group) {
    if (group > 0) out.push_back('-');
    for (int i = 0; i < 5; ++i) {
      out.push_back(kPasswordAlphabet[randombytes_uniform(
          static_cast<uint32_t>(kPasswordAlphabet.size()))]);
    }
  }
  return out;
}

}  // namespace sg::access
