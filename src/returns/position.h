// Position: where something is in a file being read, for messages that
// name the line a person has to fix.
#ifndef SAFEGUARD_RETURNS_POSITION_H_
#define SAFEGUARD_RETURNS_POSITION_H_

#include <cstdint>

namespace sg::returns {

// Line and column, counted from 1; line 0 means "not in the file".
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
};

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_POSITION_H_
