#include "returns/cin_export.h"

#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "returns/cin_reader.h"
#include "returns/cin_writer.h"
#include "store/census_store.h"
#include "store/journey_store.h"

namespace sg::returns {
namespace {

using core::Code;
using core::Date;
using core::Fail;

// A file opened under a temporary name and renamed into place on Commit;
// removed if never committed.
class StagedFile {
 public:
  explicit StagedFile(std::string path) : path_(std::move(path)), temp_(path_ + ".partial") {}
  ~StagedFile() {
    if (file_ != nullptr) std::fclose(file_);
    if (!committed_) std::remove(temp_.c_str());
  }
  core::Status Open() {
    file_ = std::fopen(temp_.c_str(), "wb");
    if (file_ == nullptr) {
      return Fail(Code::kUnavailable,
                  fmt::format("cannot write {}: {}", temp_, std::strerror(errno)));
    }
    return {};
  }
  std::FILE* get() { return file_; }
  core::Status Commit() {
    bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!closed || std::rename(temp_.c_str(), path_.c_str()) != 0) {
      return Fail(Code::kUnavailable,
                  fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    }
    committed_ = true;
    return {};
  }

 private:
  std::string path_;
  std::string temp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

}  // namespace

core::Result<CinExportSummary> ExportCin(access::Gate& gate, const access::Actor& actor,
                                         const CinExportOptions& options,
                                         const std::string& path) {
  int year = options.collection_year;
  if (year < kFirstCinYear || year > kLastCinYear) {
    return Fail(Code::kOutOfRange, fmt::format("collection year {} is not one Safeguard writes "
                                               "({} to {})",
                                               year, kFirstCinYear, kLastCinYear));
  }
  CinExportSummary summary;
  summary.file = path;
  summary.collection_year = year;
  StagedFile staged(path);
  SG_RETURN_IF_ERROR(staged.Open());
  core::Status done =
      gate.Run(actor, access::Action::kExportReturn, [&](access::AuditNote& note) -> core::Status {
        store::JourneyStore journey(gate.database());
        std::optional<std::string> la_number = options.la_number;
        if (!la_number) {
          SG_ASSIGN_OR_RETURN(la_number, journey.GetSetting("la_number"));
        }
        if (!la_number) {
          return Fail(Code::kFailedPrecondition,
                      "the database does not know its authority's DfE number: give it with --la");
        }
        CinCensusWriter writer(staged.get(), year);
        writer.Header(*la_number, gate.clock().NowUtc());
        store::CensusStore census(gate.database());
        SG_RETURN_IF_ERROR(census.ForEachChild(
            core::ReportingYear(year),
            [&](const store::CensusChild& child) { return writer.Child(child); }));
        SG_RETURN_IF_ERROR(writer.Finish());
        summary.children = writer.children();
        summary.referrals = writer.referrals();
        summary.bytes = writer.bytes();
        note.action = "export";
        note.entity = "cin-census";
        note.entity_id = std::to_string(year);
        note.details = nlohmann::json{{"children", summary.children},
                                      {"file", std::filesystem::path(path).filename().string()}}
                           .dump();
        // The file is put in place inside the transaction, so the audit row
        // is written only for an export that exists.
        return staged.Commit();
      });
  if (!done) return std::unexpected(done.error());
  return summary;
}

}  // namespace sg::returns
