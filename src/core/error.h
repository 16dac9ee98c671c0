// Error: the one error type of Safeguard.
//
// Every fallible call returns std::expected<T, Error>. An Error carries a
// canonical code (a subset of Abseil's canonical codes) and a message that is
// safe to show the person who asked: one sentence naming the problem, never a
// stack trace, never another person's data. The mapping from code to HTTP
// status and to process exit code lives here and nowhere else.
#ifndef SAFEGUARD_CORE_ERROR_H_
#define SAFEGUARD_CORE_ERROR_H_

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace sg::core {

enum class Code {
  kInvalidArgument,     // the input is malformed or breaks a rule of its own
  kNotFound,            // the thing named does not exist
  kAlreadyExists,       // creating something that is already there
  kFailedPrecondition,  // valid input, but the record's state forbids it
  kUnauthenticated,     // no valid sign-in (session or token) came with the request
  kPermissionDenied,    // the actor may not do this
  kAborted,             // a concurrent change won; retry with fresh data
  kOutOfRange,          // a value outside the range the system supports
  kDataLoss,            // stored data is corrupt or has been tampered with
  kUnavailable,         // a resource (file, database) cannot be reached now
  kInternal,            // a broken invariant inside Safeguard
};

std::string_view CodeName(Code code);  // "invalid_argument", ...
int HttpStatus(Code code);             // 400, 404, 409, ...
int ExitStatus(Code code);             // process exit code for the command line

class Error {
 public:
  Error(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "context: message", for adding where the
  // error happened (a file name, a record id) as it travels up.
  Error WithContext(std::string_view context) const;

 private:
  Code code_;
  std::string message_;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(Code code, std::string message) {
  return std::unexpected<Error>(Error(code, std::move(message)));
}

}  // namespace sg::core

// Early return of an error, as Abseil's RETURN_IF_ERROR / ASSIGN_OR_RETURN:
//   SG_RETURN_IF_ERROR(store.Save(x));
//   SG_ASSIGN_OR_RETURN(auto person, store.FindPerson(id));
#define SG_RETURN_IF_ERROR(expr) SG_RETURN_IF_ERROR_IMPL_(SG_CONCAT_(sg_status_, __COUNTER__), expr)
#define SG_RETURN_IF_ERROR_IMPL_(status, expr)                             \
  do {                                                                     \
    if (auto status = (expr); !status) {                                   \
      return std::unexpected(std::move(status).error());                   \
    }                                                                      \
  } while (0)

#define SG_CONCAT_INNER_(a, b) a##b
#define SG_CONCAT_(a, b) SG_CONCAT_INNER_(a, b)
#define SG_ASSIGN_OR_RETURN(lhs, expr) SG_ASSIGN_OR_RETURN_IMPL_(SG_CONCAT_(sg_result_, __COUNTER__), lhs, expr)
#define SG_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr)                       \
  auto result = (expr);                                                    \
  if (!result) return std::unexpected(std::move(result).error());          \
  lhs = std::move(result).value()

#endif  // SAFEGUARD_CORE_ERROR_H_
