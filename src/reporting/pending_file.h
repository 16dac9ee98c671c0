// A file that appears under its final name only when it is complete.
//
// The workbook and PDF writers hand their output path to a library or to
// another program, which may fail half way. PendingFile reserves a unique
// temporary name in the target's directory (so the final rename is atomic,
// on the same file system), and Commit() renames it into place. If Commit()
// is never reached, the destructor removes the temporary file: a failure
// leaves neither a half-written file nor a stray temporary one. The
// temporary file is private to its owner (mkstemp's 0600) while it is
// written; the committed file gets the permissions of any new file, 0666
// less the process's umask.
//
// Thread safety: one PendingFile per writer; distinct instances are
// independent (mkstemp makes their names unique).
#ifndef SAFEGUARD_REPORTING_PENDING_FILE_H_
#define SAFEGUARD_REPORTING_PENDING_FILE_H_

#include <filesystem>
#include <string_view>

#include "core/error.h"

namespace sg::reporting {

class PendingFile {
 public:
  // Reserves "<dir>/.<name>.XXXXXX.tmp" beside `target` (an empty file).
  // Fails if the directory does not exist or cannot be written.
  static core::Result<PendingFile> Reserve(const std::filesystem::path& target);

  PendingFile(PendingFile&& other) noexcept;
  PendingFile& operator=(PendingFile&& other) noexcept;
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
  ~PendingFile();

  // The temporary path the writer writes to.
  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }

  // Renames the temporary file to the target, replacing any file there.
  // REQUIRES: not committed yet.
  core::Status Commit();

 private:
  PendingFile(std::filesystem::path target, std::filesystem::path temp);
  void Discard();

  std::filesystem::path target_;
  std::filesystem::path temp_;  // empty once committed or moved from
};

// Writes `text` to `path` through a PendingFile: the file is replaced
// whole or not at all.
core::Status WriteFileAtomically(const std::filesystem::path& path, std::string_view text);

}  // namespace sg::reporting

#endif  // SAFEGUARD_REPORTING_PENDING_FILE_H_
