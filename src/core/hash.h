// SHA-256, as lowercase hex, over bytes (libsodium underneath).
#ifndef SAFEGUARD_CORE_HASH_H_
#define SAFEGUARD_CORE_HASH_H_

#include <string>
#include <string_view>

namespace sg::core {

std::string Sha256Hex(std::string_view bytes);

}  // namespace sg::core

#endif  // SAFEGUARD_CORE_HASH_H_
