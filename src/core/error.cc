#include "core/error.h"

#include <string>

namespace sg::core {

std::string_view CodeName(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kNotFound: return "not_found";
    case Code::kAlreadyExists: return "already_exists";
    case Code::kFailedPrecondition: return "failed_precondition";
    case Code::kUnauthenticated: return "unauthenticated";
    case Code::kPermissionDenied: return "permission_denied";
    case Code::kAborted: return "aborted";
    case Code::kOutOfRange: return "out_of_range";
    case Code::kDataLoss: return "data_loss";
    case Code::kUnavailable: return "unavailable";
    case Code::kInternal: return "internal";
  }
  return "internal";
}

int HttpStatus(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return 400;
    case Code::kNotFound: return 404;
    case Code::kAlreadyExists: return 409;
    case Code::kFailedPrecondition: return 422;
    case Code::kUnauthenticated: return 401;
    case Code::kPermissionDenied: return 403;
    case Code::kAborted: return 412;
    case Code::kOutOfRange: return 400;
    case Code::kDataLoss: return 500;
    case Code::kUnavailable: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

// Exit codes follow sysexits.h where one fits, so scripts can tell a bad
// command line (64) from bad data (65) from a missing file (66).
int ExitStatus(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return 64;
    case Code::kOutOfRange: return 64;
    case Code::kFailedPrecondition: return 65;
    case Code::kAlreadyExists: return 65;
    case Code::kAborted: return 75;
    case Code::kNotFound: return 66;
    case Code::kUnavailable: return 69;
    case Code::kUnauthenticated: return 77;
    case Code::kPermissionDenied: return 77;
    case Code::kDataLoss: return 76;
    case Code::kInternal: return 70;
  }
  return 70;
}

Error Error::WithContext(std::string_view context) const {
  return Error(code_, std::string(context) + ": " + message_);
}

}  // namespace sg::core
