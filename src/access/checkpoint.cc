#include "access/checkpoint.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/audit_store.h"

namespace sg::access {
namespace {

using core::Code;
using core::Fail;

using PublicKey = std::array<unsigned char, crypto_sign_PUBLICKEYBYTES>;
using Signature = std::array<unsigned char, crypto_sign_BYTES>;

// The newest line is found by reading only the end of the file, which grows
// for as long as the log does. A line is about 330 bytes.
constexpr off_t kTailBytes = 64 * 1024;
constexpr size_t kMaxKeyFileBytes = 1024;

core::Status InitSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) return Fail(Code::kInternal, "libsodium could not be initialised");
  return {};
}

std::string ErrnoText(int error) {
  return std::generic_category().message(error);
}

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

template <size_t N>
std::string Hex(const std::array<unsigned char, N>& bytes) {
  std::string hex(2 * N + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), N);
  hex.pop_back();
  return hex;
}

// Exactly 2 * N hex digits, nothing else.
template <size_t N>
std::optional<std::array<unsigned char, N>> FromHex(std::string_view hex) {
  std::array<unsigned char, N> bytes{};
  size_t length = 0;
  const char* end = nullptr;
  if (hex.size() != 2 * N ||
      sodium_hex2bin(bytes.data(), N, hex.data(), hex.size(), nullptr, &length, &end) != 0 ||
      length != N || end != hex.data() + hex.size()) {
    return std::nullopt;
  }
  return bytes;
}

bool IsLowerHex(std::string_view text, size_t size) {
  return text.size() == size && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

core::Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Fail(Code::kUnavailable,
                  fmt::format("cannot write '{}': {}", path, ErrnoText(n < 0 ? errno : EIO)));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

// A new file's name lives in its directory; without this a crash could lose
// a file whose contents were fsync'd. Best effort: some file systems refuse.
void SyncDirectoryOf(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::filesystem::path dir = parent.empty() ? std::filesystem::path(".") : parent;
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

// ---- the key ---------------------------------------------------------------

struct SigningKey {
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret{};
  PublicKey public_key{};

  SigningKey() = default;
  SigningKey(const SigningKey&) = default;
  SigningKey& operator=(const SigningKey&) = default;
  ~SigningKey() { sodium_memzero(secret.data(), secret.size()); }
};

core::Result<SigningKey> ReadKey(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return Fail(Code::kUnavailable,
                fmt::format("cannot read the checkpoint key '{}': {}", path, ErrnoText(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return Fail(Code::kFailedPrecondition,
                fmt::format("the checkpoint key '{}' is not a regular file", path));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Fail(Code::kFailedPrecondition,
                fmt::format("the checkpoint key '{}' is open to other users (mode {:03o}); "
                            "run 'chmod 600 {}'",
                            path, st.st_mode & 0777, path));
  }
  std::string text(kMaxKeyFileBytes, '\0');
  size_t size = 0;
  while (size < text.size()) {
    const ssize_t n = ::read(fd, text.data() + size, text.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Fail(Code::kUnavailable,
                  fmt::format("cannot read the checkpoint key '{}': {}", path, ErrnoText(errno)));
    }
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  std::string_view hex(text.data(), size);
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) {
    hex.remove_suffix(1);
  }
  SigningKey key;
  auto secret = FromHex<crypto_sign_SECRETKEYBYTES>(hex);
  sodium_memzero(text.data(), text.size());
  if (!secret) {
    return Fail(Code::kDataLoss, fmt::format("the checkpoint key '{}' is not the hex of a "
                                             "64-byte Ed25519 secret key",
                                             path));
  }
  key.secret = *secret;
  sodium_memzero(secret->data(), secret->size());
  // A libsodium secret key is seed || public key: rebuilding it from the
  // seed proves the two halves belong together.
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  SigningKey rebuilt;
  crypto_sign_ed25519_sk_to_seed(seed.data(), key.secret.data());
  crypto_sign_seed_keypair(rebuilt.public_key.data(), rebuilt.secret.data(), seed.data());
  sodium_memzero(seed.data(), seed.size());
  if (sodium_memcmp(rebuilt.secret.data(), key.secret.data(), key.secret.size()) != 0) {
    return Fail(Code::kDataLoss, fmt::format("the checkpoint key '{}' is damaged", path));
  }
  key.public_key = rebuilt.public_key;
  return key;
}

core::Result<SigningKey> CreateKey(const std::string& path, int fd) {
  // The mode given to open() passes through the umask; fchmod does not.
  if (::fchmod(fd, 0600) != 0) {
    return Fail(Code::kUnavailable, fmt::format("cannot make the checkpoint key '{}' private: {}",
                                                path, ErrnoText(errno)));
  }
  SigningKey key;
  crypto_sign_keypair(key.public_key.data(), key.secret.data());
  std::string hex = Hex(key.secret) + "\n";
  auto written = WriteAll(fd, hex, path);
  sodium_memzero(hex.data(), hex.size());
  if (!written) return std::unexpected(written.error());
  if (::fsync(fd) != 0) {
    return Fail(Code::kUnavailable,
                fmt::format("cannot write the checkpoint key '{}': {}", path, ErrnoText(errno)));
  }
  SyncDirectoryOf(path);
  return key;
}

// The key in `path`; when the file is missing, a new one when `create`, else
// nothing.
core::Result<std::optional<SigningKey>> OpenKey(const std::string& path, bool create) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() >= 0) {
    SG_ASSIGN_OR_RETURN(SigningKey key, ReadKey(fd.get(), path));
    return key;
  }
  if (errno != ENOENT) {
    return Fail(Code::kUnavailable,
                fmt::format("cannot open the checkpoint key '{}': {}", path, ErrnoText(errno)));
  }
  if (!create) return std::nullopt;
  Fd created(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (created.get() < 0) {
    return Fail(Code::kUnavailable,
                fmt::format("cannot create the checkpoint key '{}': {}", path, ErrnoText(errno)));
  }
  auto key = CreateKey(path, created.get());
  if (!key) {
    ::unlink(path.c_str());  // a half-written key would block every later write
    return std::unexpected(key.error());
  }
  return *key;
}

// ---- lines -----------------------------------------------------------------

struct Checkpoint {
  int64_t seq = 0;
  std::string entry_hash;
  std::string at;
  PublicKey public_key{};
  Signature signature{};
};

std::string SignedMessage(int64_t seq, std::string_view entry_hash, std::string_view at) {
  return fmt::format("safeguard-audit-checkpoint v1\n{}\n{}\n{}\n", seq, entry_hash, at);
}

std::string FormatLine(const Checkpoint& c) {
  nlohmann::ordered_json line;
  line["seq"] = c.seq;
  line["entry_hash"] = c.entry_hash;
  line["at"] = c.at;
  line["public_key"] = Hex(c.public_key);
  line["signature"] = Hex(c.signature);
  return line.dump() + "\n";
}

// A line's fields, or why it is not a checkpoint (its signature aside).
core::Result<Checkpoint> ParseLine(std::string_view text) {
  auto bad = [](std::string_view why) { return Fail(Code::kDataLoss, std::string(why)); };
  const nlohmann::json line = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (line.is_discarded() || !line.is_object()) return bad("it is not a JSON object");
  auto text_field = [&](const char* name) -> std::optional<std::string> {
    auto it = line.find(name);
    if (it == line.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  Checkpoint c;
  auto seq = line.find("seq");
  if (seq == line.end() || !seq->is_number_integer() || seq->get<int64_t>() < 1) {
    return bad("its seq is not a positive whole number");
  }
  c.seq = seq->get<int64_t>();
  auto hash = text_field("entry_hash");
  if (!hash || !IsLowerHex(*hash, 64)) return bad("its entry_hash is not a SHA-256 in hex");
  c.entry_hash = *hash;
  auto at = text_field("at");
  if (!at || at->empty()) return bad("it has no time");
  c.at = *at;
  auto public_key = text_field("public_key");
  auto key_bytes = public_key ? FromHex<crypto_sign_PUBLICKEYBYTES>(*public_key) : std::nullopt;
  if (!key_bytes) return bad("its public_key is not an Ed25519 public key in hex");
  c.public_key = *key_bytes;
  auto signature = text_field("signature");
  auto signature_bytes = signature ? FromHex<crypto_sign_BYTES>(*signature) : std::nullopt;
  if (!signature_bytes) return bad("its signature is not an Ed25519 signature in hex");
  c.signature = *signature_bytes;
  return c;
}

bool SignatureHolds(const Checkpoint& c) {
  const std::string message = SignedMessage(c.seq, c.entry_hash, c.at);
  return crypto_sign_verify_detached(c.signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), c.public_key.data()) == 0;
}

// The end of the checkpoint file as a writer needs it: the newest complete
// checkpoint, and where a torn last line begins (to cut it off).
struct Tail {
  std::optional<Checkpoint> newest;
  bool torn = false;
  off_t keep = 0;  // the file's size without the torn line
};

core::Result<Tail> ReadTail(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return Fail(Code::kUnavailable,
                fmt::format("cannot read the checkpoint file '{}': {}", path, ErrnoText(errno)));
  }
  const off_t start = std::max<off_t>(0, st.st_size - kTailBytes);
  std::string data(static_cast<size_t>(st.st_size - start), '\0');
  size_t got = 0;
  while (got < data.size()) {
    const ssize_t n =
        ::pread(fd, data.data() + got, data.size() - got, start + static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Fail(Code::kUnavailable, fmt::format("cannot read the checkpoint file '{}': {}", path,
                                                  ErrnoText(n < 0 ? errno : EIO)));
    }
    got += static_cast<size_t>(n);
  }
  Tail tail;
  tail.keep = st.st_size;
  // The lines in the tail, newest last, each [begin, end) without its '\n';
  // when the tail is not the whole file its first line may be cut: drop it.
  struct Span {
    size_t begin, end;
    bool terminated;
  };
  std::vector<Span> lines;
  for (size_t begin = 0; begin < data.size();) {
    const size_t nl = data.find('\n', begin);
    const bool terminated = nl != std::string::npos;
    const size_t end = terminated ? nl : data.size();
    lines.push_back({begin, end, terminated});
    begin = terminated ? nl + 1 : data.size();
  }
  if (start > 0 && !lines.empty()) lines.erase(lines.begin());
  auto unreadable_end = [&] {
    return Fail(Code::kDataLoss,
                fmt::format("the end of the checkpoint file '{}' is not made of checkpoint lines; "
                            "run 'safeguard audit verify'",
                            path));
  };
  if (lines.empty()) {
    if (start > 0) return unreadable_end();
    return tail;
  }
  const Span last = lines.back();
  auto parsed = ParseLine(std::string_view(data).substr(last.begin, last.end - last.begin));
  if (last.terminated && parsed) {
    tail.newest = *std::move(parsed);
    return tail;
  }
  tail.torn = true;
  tail.keep = start + static_cast<off_t>(last.begin);
  lines.pop_back();
  if (lines.empty()) {
    if (start > 0) return unreadable_end();
    return tail;
  }
  const Span before = lines.back();
  auto previous = ParseLine(std::string_view(data).substr(before.begin, before.end - before.begin));
  if (!previous) return unreadable_end();
  tail.newest = *std::move(previous);
  return tail;
}

// Opens the checkpoint file for appending, creating it when missing.
core::Result<int> OpenForAppend(const std::string& path, bool& created) {
  created = false;
  int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    created = fd >= 0;
    // Another writer made it first: use theirs.
    if (fd < 0 && errno == EEXIST) fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  }
  if (fd < 0) {
    return Fail(Code::kUnavailable,
                fmt::format("cannot open the checkpoint file '{}': {}", path, ErrnoText(errno)));
  }
  return fd;
}

core::Status LockExclusive(int fd, const std::string& path) {
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    return Fail(Code::kUnavailable,
                fmt::format("cannot lock the checkpoint file '{}': {}", path, ErrnoText(errno)));
  }
  return {};
}

// Under the file lock: the head again (it may have moved on), and a refusal
// to sign a head that went backwards.
core::Result<int64_t> AppendUnderLock(store::Database& db, const CheckpointPaths& paths,
                                      const core::Clock& clock, int fd, bool created) {
  SG_ASSIGN_OR_RETURN(auto head, store::AuditStore(db).Head());
  if (!head) return 0;
  SG_ASSIGN_OR_RETURN(Tail tail, ReadTail(fd, paths.file));
  const bool unchanged =
      tail.newest && tail.newest->seq == head->seq && tail.newest->entry_hash == head->entry_hash;
  if (tail.newest && !unchanged) {
    const Checkpoint& newest = *tail.newest;
    if (newest.seq >= head->seq) {
      return Fail(Code::kDataLoss,
                  fmt::format("the audit log's head (row {}) is not after the newest checkpoint in "
                              "'{}' (row {}): the log may have been tampered with; run "
                              "'safeguard audit verify'",
                              head->seq, paths.file, newest.seq));
    }
  }
  SG_ASSIGN_OR_RETURN(auto key, OpenKey(paths.key, /*create=*/!tail.newest));
  if (!key) {
    return Fail(Code::kFailedPrecondition,
                fmt::format("the checkpoint key '{}' is missing but '{}' holds checkpoints signed "
                            "with it; restore the key (a new one would not verify them)",
                            paths.key, paths.file));
  }
  if (tail.newest && sodium_memcmp(tail.newest->public_key.data(), key->public_key.data(),
                                   key->public_key.size()) != 0) {
    return Fail(Code::kFailedPrecondition,
                fmt::format("the checkpoint key '{}' is not the key that signed the checkpoints "
                            "in '{}'",
                            paths.key, paths.file));
  }
  // Only now, so that a key that would be refused is reported even when
  // there is nothing new to sign.
  if (unchanged) return 0;
  Checkpoint c;
  c.seq = head->seq;
  c.entry_hash = head->entry_hash;
  c.at = clock.NowUtc();
  c.public_key = key->public_key;
  const std::string message = SignedMessage(c.seq, c.entry_hash, c.at);
  crypto_sign_detached(c.signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       key->secret.data());
  if (tail.torn && ::ftruncate(fd, tail.keep) != 0) {
    return Fail(Code::kUnavailable, fmt::format("cannot cut the torn last line of '{}': {}",
                                                paths.file, ErrnoText(errno)));
  }
  SG_RETURN_IF_ERROR(WriteAll(fd, FormatLine(c), paths.file));
  if (::fsync(fd) != 0) {
    return Fail(Code::kUnavailable,
                fmt::format("cannot write '{}': {}", paths.file, ErrnoText(errno)));
  }
  if (created) SyncDirectoryOf(paths.file);
  return c.seq;
}

// The seq of the newest checkpoint in the file, 0 when there is none.
core::Result<int64_t> NewestCheckpointSeq(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return 0;
    return Fail(Code::kUnavailable,
                fmt::format("cannot open the checkpoint file '{}': {}", path, ErrnoText(errno)));
  }
  SG_ASSIGN_OR_RETURN(Tail tail, ReadTail(fd.get(), path));
  return tail.newest ? tail.newest->seq : 0;
}

// ---- verification ----------------------------------------------------------

// What a verified line claims about the log.
struct Claim {
  int64_t line = 0;
  int64_t seq = 0;
  std::string entry_hash;
  std::string at;
};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

class LineChecker {
 public:
  LineChecker(const CheckpointPaths& paths, std::optional<PublicKey> trusted,
              CheckpointVerification& v)
      : paths_(paths), trusted_(trusted), from_key_file_(trusted.has_value()), v_(v) {}

  // One line, numbered from 1; `terminated` when it ended with '\n'.
  void Line(int64_t number, std::string_view text, bool terminated) {
    // A bad line is a failure only when another follows it: as the last
    // line it is a write cut short by a crash.
    if (pending_) Broken(*std::exchange(pending_, std::nullopt));
    auto parsed = ParseLine(text);
    if (!terminated || !parsed) {
      pending_ = fmt::format("checkpoint line {} of '{}' cannot be read: {}", number, paths_.file,
                             terminated ? parsed.error().message() : "it is cut short");
      return;
    }
    Check(number, *parsed);
  }

  void Finish() {
    if (pending_) v_.torn_last_line = true;
  }

  std::vector<Claim>& claims() { return claims_; }

 private:
  void Check(int64_t number, const Checkpoint& c) {
    if (!trusted_) trusted_ = c.public_key;
    if (sodium_memcmp(c.public_key.data(), trusted_->data(), trusted_->size()) != 0) {
      Broken(fmt::format("checkpoint line {} of '{}' is signed by a different key from {}", number,
                         paths_.file,
                         from_key_file_ ? fmt::format("the checkpoint key '{}'", paths_.key)
                                        : std::string("the first line's")));
      return;
    }
    if (!SignatureHolds(c)) {
      Broken(
          fmt::format("the signature on checkpoint line {} of '{}' does not verify: the line "
                      "was changed after it was signed",
                      number, paths_.file));
      return;
    }
    if (!claims_.empty() && c.seq <= claims_.back().seq) {
      Broken(
          fmt::format("checkpoint line {} of '{}' signs row {}, not after row {} on an earlier "
                      "line: lines were reordered or copied",
                      number, paths_.file, c.seq, claims_.back().seq));
      return;
    }
    claims_.push_back(Claim{number, c.seq, c.entry_hash, c.at});
    ++v_.checkpoints;
    v_.newest_seq = c.seq;
  }

  void Broken(std::string problem) {
    if (!v_.intact) return;  // the first failure is the one to name
    v_.intact = false;
    v_.problem = std::move(problem);
  }

  const CheckpointPaths& paths_;
  std::optional<PublicKey> trusted_;
  const bool from_key_file_;
  CheckpointVerification& v_;
  std::optional<std::string> pending_;
  std::vector<Claim> claims_;
};

// Reads the file line by line into `checker`; false when it is missing.
core::Result<bool> ReadLines(const std::string& path, LineChecker& checker) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rbe"));
  if (!file) {
    if (errno == ENOENT) return false;
    return Fail(Code::kUnavailable,
                fmt::format("cannot open the checkpoint file '{}': {}", path, ErrnoText(errno)));
  }
  char* buffer = nullptr;
  size_t capacity = 0;
  int64_t number = 0;
  ssize_t n = 0;
  while ((n = ::getline(&buffer, &capacity, file.get())) > 0) {
    std::string_view line(buffer, static_cast<size_t>(n));
    const bool terminated = line.back() == '\n';
    if (terminated) line.remove_suffix(1);
    checker.Line(++number, line, terminated);
  }
  std::free(buffer);
  if (std::ferror(file.get())) {
    return Fail(Code::kUnavailable, fmt::format("cannot read the checkpoint file '{}'", path));
  }
  checker.Finish();
  return true;
}

// Walks the log in seq order beside the claims (also in seq order).
core::Status CheckLog(store::Database& db, const CheckpointPaths& paths,
                      const std::vector<Claim>& claims, CheckpointVerification& v) {
  auto broken = [&](std::string problem) {
    if (!v.intact) return;
    v.intact = false;
    v.problem = std::move(problem);
  };
  size_t next = 0;
  int64_t last_row = 0;
  bool done = false;
  auto walked = db.InTransaction(store::TransactionMode::kRead, [&]() -> core::Status {
    return store::AuditStore(db).ForEach([&](const store::AuditRow& row) -> core::Status {
      last_row = row.seq;
      for (; next < claims.size() && claims[next].seq < row.seq; ++next) {
        broken(
            fmt::format("audit row {}, signed by checkpoint line {} of '{}', is missing from "
                        "the log",
                        claims[next].seq, claims[next].line, paths.file));
      }
      if (next < claims.size() && claims[next].seq == row.seq) {
        if (row.entry_hash != claims[next].entry_hash) {
          broken(
              fmt::format("audit row {} does not match checkpoint line {} of '{}' (signed at "
                          "{}): the log has been rewritten since",
                          row.seq, claims[next].line, paths.file, claims[next].at));
        }
        ++next;
      }
      if (next < claims.size()) return {};
      done = true;  // the rest of the log is newer than every checkpoint
      return Fail(Code::kAborted, "stop");
    });
  });
  if (!walked && !done) return walked;
  if (next < claims.size()) {
    const Claim& newest = claims.back();
    broken(
        fmt::format("audit rows {} to {} have been removed from the end of the log: checkpoint "
                    "line {} of '{}' signed row {} but the log ends at row {}",
                    last_row + 1, newest.seq, newest.line, paths.file, newest.seq, last_row));
  }
  return {};
}

}  // namespace

CheckpointPaths CheckpointPaths::Beside(const std::string& database_path) {
  return CheckpointPaths{database_path + ".checkpoints", database_path + ".checkpoint-key"};
}

core::Result<int64_t> WriteCheckpoint(store::Database& db, const CheckpointPaths& paths,
                                      const core::Clock& clock) {
  SG_RETURN_IF_ERROR(InitSodium());
  // Looked at before the file is touched, so that an empty log leaves no
  // file behind; read again under the lock.
  SG_ASSIGN_OR_RETURN(auto head, store::AuditStore(db).Head());
  if (!head) return 0;
  bool created = false;
  SG_ASSIGN_OR_RETURN(int raw_fd, OpenForAppend(paths.file, created));
  Fd fd(raw_fd);
  SG_RETURN_IF_ERROR(LockExclusive(fd.get(), paths.file));
  return AppendUnderLock(db, paths, clock, fd.get(), created);  // closing the file unlocks it
}

core::Result<CheckpointVerification> VerifyCheckpoints(store::Database& db,
                                                       const CheckpointPaths& paths) {
  SG_RETURN_IF_ERROR(InitSodium());
  SG_ASSIGN_OR_RETURN(auto key, OpenKey(paths.key, /*create=*/false));
  CheckpointVerification v;
  LineChecker checker(paths, key ? std::optional<PublicKey>(key->public_key) : std::nullopt, v);
  SG_ASSIGN_OR_RETURN(const bool exists, ReadLines(paths.file, checker));
  if (!exists) {
    v.file_missing = true;
    return v;
  }
  if (!checker.claims().empty()) SG_RETURN_IF_ERROR(CheckLog(db, paths, checker.claims(), v));
  return v;
}

Checkpointer::Checkpointer(CheckpointPaths paths, const core::Clock& clock)
    : paths_(std::move(paths)), clock_(clock), last_at_(clock.NowUnixSeconds()) {}

core::Result<int64_t> Checkpointer::MaybeWrite(store::Database& db, int64_t every_rows,
                                               std::chrono::seconds every) {
  std::lock_guard lock(mu_);
  SG_ASSIGN_OR_RETURN(auto head, store::AuditStore(db).Head());
  if (!head) return 0;
  if (!last_seq_) {
    SG_ASSIGN_OR_RETURN(int64_t newest, NewestCheckpointSeq(paths_.file));
    last_seq_ = newest;
  }
  const int64_t now = clock_.NowUnixSeconds();
  const int64_t fresh = head->seq - *last_seq_;
  if (fresh == 0) return 0;
  // A head behind the newest checkpoint goes to WriteCheckpoint, which
  // reports it.
  const bool due =
      fresh < 0 || fresh >= std::max<int64_t>(every_rows, 1) || now - last_at_ >= every.count();
  if (!due) return 0;
  SG_ASSIGN_OR_RETURN(int64_t written, WriteCheckpoint(db, paths_, clock_));
  last_seq_ = written != 0 ? written : head->seq;
  last_at_ = now;
  return written;
}

}  // namespace sg::access
