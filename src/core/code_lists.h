// Code lists of the DfE returns, versioned by collection year.
//
// The lists change almost every year (Sex replaced GenderCurrent in 2024-25,
// Z1 split into Z11-Z14 in 2025-26, ...), so a code is valid for a range of
// collection years, never for all time. A collection year is named by the
// year in which it ends: 2025 is the 2024-25 collection (1 April 2024 to
// 31 March 2025), the same convention as `--year` everywhere in Safeguard.
//
// The lists are data, not code: data/code-lists.csv (list, code, description,
// first_year, last_year) is embedded in the binary at build time, with its
// provenance in data/PROVENANCE.md. CodeLists::Parse() reads a replacement file
// of the same shape when the DfE publishes changes before we ship a release.
//
// Thread safety: a CodeLists object is immutable after construction and safe
// to share between threads.
#ifndef SAFEGUARD_CORE_CODE_LISTS_H_
#define SAFEGUARD_CORE_CODE_LISTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sg::core {

enum class CodeList {
  kReferralSource,           // CIN ReferralSource: 1A ... 10
  kPrimaryNeed,              // CIN PrimaryNeedCode N0-N9
  kReasonForClosure,         // CIN ReasonForClosure RC1-RC9
  kAssessmentFactor,         // CIN AssessmentFactors 1A ... 24A
  kCategoryOfAbuse,          // NEG PHY SAB EMO MUL
  kDisability,               // NONE MOB HAND ...
  kEthnicity,                // WBRI ... NOBT
  kLegalStatus,              // 903 LS: C1 C2 D1 E1 V2 V3 V4 L1 L2 L3 J1 J2 J3
  kReasonNewEpisode,         // 903 RNE: S L P T B U
  kPlacementType,            // 903 PLACE
  kPlacementProvider,        // 903 PLACE_PROVIDER PR0-PR5
  kReasonEpisodeCeased,      // 903 REC
  kReasonPlaceChange,        // 903 REASON_PLACE_CHANGE
  kCareLeaverInTouch,        // 903 IN_TOUCH
  kCareLeaverActivity,       // 903 ACTIV
  kCareLeaverAccommodation,  // 903 ACCOM
};

// The name used in data/code-lists.csv and in messages: "referral_source", ...
std::string_view CodeListName(CodeList list);
std::optional<CodeList> CodeListFromName(std::string_view name);

struct CodeEntry {
  CodeList list;
  std::string code;
  std::string description;
  int first_year;  // first collection year in which the code is valid
  int last_year;   // last collection year in which it is valid; 9999 when still current
};

class CodeLists {
 public:
  // Parses the CSV form described above. Fails with kInvalidArgument naming
  // the line of the first malformed row (unknown list, bad year, year range
  // reversed, duplicate code with overlapping years).
  static Result<CodeLists> Parse(std::string_view csv, std::string_view source_name);
  // The lists embedded in the binary. Aborts only if the build embedded a
  // broken file, which the tests rule out.
  static const CodeLists& Embedded();

  bool IsValid(CodeList list, std::string_view code, int collection_year) const;
  // Description of `code` in `collection_year`, or nullopt if not valid then.
  std::optional<std::string_view> Describe(CodeList list, std::string_view code,
                                           int collection_year) const;
  // The codes valid in `collection_year`, in file order.
  std::vector<const CodeEntry*> CodesFor(CodeList list, int collection_year) const;
  // kInvalidArgument with a message such as "placement type 'Z1' is not a valid
  // code in collection year 2025-26" when the code is not valid.
  Status Check(CodeList list, std::string_view code, int collection_year) const;

  const std::vector<CodeEntry>& entries() const { return entries_; }

 private:
  std::vector<CodeEntry> entries_;
};

}  // namespace sg::core

#endif  // SAFEGUARD_CORE_CODE_LISTS_H_
