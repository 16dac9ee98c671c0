// CinCensusWriter: writes a CIN census file, child by child, from the
// store's census records, as the year's schema lays it out (GenderCurrent up
// to 2024, Sex from 2025, CIN plan dates from 2022) and as at the reference
// date: a record is written when it was open at some point in the census
// year, and a date after the reference date is left out (a closure in May is
// not in March's census). Output goes to the file in 1 MB pieces, so a large
// census never sits whole in memory.
#ifndef SAFEGUARD_RETURNS_CIN_WRITER_H_
#define SAFEGUARD_RETURNS_CIN_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "core/date.h"
#include "core/error.h"
#include "returns/xml_writer.h"
#include "store/census_store.h"

namespace sg::returns {

class CinCensusWriter {
 public:
  // `out` stays owned by the caller. REQUIRES: 2017 <= collection_year <= 2026.
  CinCensusWriter(std::FILE* out, int collection_year);

  // The header; `now_utc` is an ISO timestamp ("2026-04-01T09:00:00Z").
  void Header(const std::string& la_number, const std::string& now_utc);
  core::Status Child(const store::CensusChild& child);
  core::Status Finish();

  uint64_t children() const { return children_; }
  uint64_t referrals() const { return referrals_; }
  uint64_t bytes() const { return bytes_; }

 private:
  void Episode(const store::CensusEpisode& episode);
  void Plan(const store::CensusCpPlan& plan);
  core::Status Flush();

  std::FILE* out_;
  int year_;
  core::Period period_;
  XmlWriter xml_;
  uint64_t children_ = 0;
  uint64_t referrals_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace sg::returns

#endif  // SAFEGUARD_RETURNS_CIN_WRITER_H_
