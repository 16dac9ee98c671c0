// Snapshot: the journey's records as columns, for computing indicators.
//
// Indicators count and time things across every child of an authority over
// several years. Asking the database one question per indicator would tie
// each rule to one SQL dialect and cost a scan per indicator; instead the
// store loads each journey table once into plain column vectors (one vector
// per field, one index per row) and the indicators module walks them in C++.
// Both database engines then give the same answer by construction, and the
// walk is cache-friendly: a five-year authority is a few megabytes.
//
// Representation.
//   - A date is its day number (core::Date::days()). A missing end date is
//     kOpen, which compares after every real date, so "open at d" is simply
//     `start <= d && end > d`. A missing date that is not an end (an
//     assessment not yet authorised, a birth date not recorded) is kNoDate,
//     which compares before every real date.
//   - A code (placement type, reason ceased, category...) is a ShortCode: up to
//     four characters packed into an integer, compared without strings.
//   - Rows refer to rows of another table by index (`referral` is a row
//     number in `referrals`), never by database id, so a join is an array
//     read. `person` is a row number in `persons`.
//   - Many-valued fields (a contact's factors, a plan's reviews) are CSR:
//     the values of row i are values[offsets[i] .. offsets[i + 1]).
//
// Invariants (checked by Validate(), asserted by the loader):
//   - persons are in id order; referrals, cp_plans, care_episodes and
//     leaver_contacts are ordered by (person, date), so a child's history is
//     one contiguous run;
//   - every cross-table index is in range; every CSR offsets vector has
//     rows + 1 entries, starts at 0 and never decreases.
#ifndef SAFEGUARD_STORE_SNAPSHOT_H_
#define SAFEGUARD_STORE_SNAPSHOT_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sg::store {

using DayNumber = int32_t;
inline constexpr DayNumber kOpen = std::numeric_limits<int32_t>::max();
inline constexpr DayNumber kNoDate = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kNoRow = -1;

// A short code (at most 4 characters; longer text is cut at 4). The empty
// code means "not recorded".
class ShortCode {
 public:
  constexpr ShortCode() = default;
  constexpr ShortCode(std::string_view text) {  // NOLINT(google-explicit-constructor)
    for (size_t i = 0; i < text.size() && i < 4; ++i)
      packed_ |= static_cast<uint32_t>(static_cast<unsigned char>(text[i])) << (8 * i);
  }
  template <size_t N>
  constexpr ShortCode(const char (&text)[N])  // NOLINT(google-explicit-constructor): "E11"
      : ShortCode(std::string_view(text, N - 1)) {}
  constexpr bool empty() const { return packed_ == 0; }
  constexpr char at(int i) const { return static_cast<char>((packed_ >> (8 * i)) & 0xFF); }
  std::string str() const;
  constexpr friend bool operator==(ShortCode a, ShortCode b) { return a.packed_ == b.packed_; }

 private:
  uint32_t packed_ = 0;
};

// Row offsets of a many-valued field: values of row i are
// [offsets[i], offsets[i + 1]).
struct Csr {
  std::vector<uint32_t> offsets{0};
  uint32_t begin(size_t row) const { return offsets[row]; }
  uint32_t end(size_t row) const { return offsets[row + 1]; }
};

enum class ContactOutcome : uint8_t { kUndecided, kAdvice, kEarlyHelp, kReferral, kNfa };

struct SnapshotPersons {
  std::vector<int64_t> id;
  std::vector<DayNumber> birth;         // kNoDate for an unborn child
  std::vector<uint8_t> uasc;            // 1 when recorded as an unaccompanied asylum seeker
  std::vector<DayNumber> uasc_ceased;   // kOpen when still UASC or never
  size_t size() const { return id.size(); }
};

struct SnapshotContacts {
  std::vector<int32_t> person;
  std::vector<DayNumber> date;
  std::vector<ContactOutcome> outcome;
  Csr factors;                          // values index into factor_names
  std::vector<uint16_t> factor_values;
  Csr tools;                            // values index into tool_names
  std::vector<uint16_t> tool_values;
  std::vector<std::string> factor_names;  // e.g. "child_sexual_exploitation"
  std::vector<std::string> tool_names;    // e.g. "CE screening tool"
  size_t size() const { return person.size(); }
};

struct SnapshotEarlyHelp {
  std::vector<int32_t> person;
  std::vector<DayNumber> start;
  std::vector<DayNumber> end;  // kOpen
  size_t size() const { return person.size(); }
};

struct SnapshotReferrals {  // ordered by (person, date)
  std::vector<int32_t> person;
  std::vector<DayNumber> date;
  std::vector<uint8_t> nfa;
  std::vector<DayNumber> closure;     // kOpen
  std::vector<ShortCode> closure_reason;   // RC1 ... RC9, empty when open
  size_t size() const { return person.size(); }
};

struct SnapshotAssessments {
  std::vector<int32_t> referral;
  std::vector<DayNumber> start;
  std::vector<DayNumber> authorised;  // kNoDate when not yet authorised
  size_t size() const { return referral.size(); }
};

struct SnapshotSection47s {
  std::vector<int32_t> referral;
  std::vector<DayNumber> start;
  size_t size() const { return referral.size(); }
};

struct SnapshotIcpcs {
  std::vector<int32_t> referral;
  std::vector<int32_t> section47;  // kNoRow for a conference not under an enquiry
  std::vector<DayNumber> date;
  std::vector<uint8_t> transfer_in;
  size_t size() const { return referral.size(); }
};

struct SnapshotCpPlans {  // ordered by (person, start)
  std::vector<int32_t> person;
  std::vector<int32_t> referral;  // kNoRow when the plan's referral is not held
  std::vector<DayNumber> start;
  std::vector<DayNumber> end;  // kOpen
  std::vector<ShortCode> initial_category;  // NEG, PHY, SAB, EMO, MUL
  std::vector<int32_t> previous_plans;  // as the return reported it
  Csr reviews;                          // values are review dates, ascending
  std::vector<DayNumber> review_dates;
  size_t size() const { return person.size(); }
};

struct SnapshotCareEpisodes {  // ordered by (person, start)
  std::vector<int32_t> person;
  std::vector<DayNumber> start;
  std::vector<DayNumber> end;  // kOpen
  std::vector<ShortCode> reason_new_episode;  // S, L, P, T, U, B, ...
  std::vector<ShortCode> legal_status;        // C1, C2, V2, V3, V4, E1, ...
  std::vector<ShortCode> placement_type;      // U1 ... Z1
  std::vector<ShortCode> reason_ceased;       // E11 ..., X1; empty when open
  std::vector<float> distance_miles;     // NaN when unknown
  std::vector<int8_t> outside_la;        // 1 outside, 0 inside, -1 unknown
  size_t size() const { return person.size(); }
};

struct SnapshotLeaverContacts {  // ordered by (person, date)
  std::vector<int32_t> person;
  std::vector<DayNumber> date;
  std::vector<ShortCode> in_touch;       // YES, NO, DIED, REFU, NREQ, RHOM
  std::vector<ShortCode> activity;       // F1 ... G6
  std::vector<ShortCode> accommodation;  // B1 ... Z2
  size_t size() const { return person.size(); }
};

struct Snapshot {
  std::string la_number;  // the authority's DfE number, "" when not set
  SnapshotPersons persons;
  SnapshotContacts contacts;
  SnapshotEarlyHelp early_help;
  SnapshotReferrals referrals;
  SnapshotAssessments assessments;
  SnapshotSection47s section47s;
  SnapshotIcpcs icpcs;
  SnapshotCpPlans cp_plans;
  SnapshotCareEpisodes care_episodes;
  SnapshotLeaverContacts leaver_contacts;

  // Checks the invariants above; kInternal naming the first broken one.
  core::Status Validate() const;
};

// Puts rows built in any order (a test fixture, a generator) into the
// invariant order: referrals, plans (with their reviews), care episodes and
// leaver contacts by (person, date), stably, and rewrites every index that
// points at a referral. The loader needs none of this: its queries are
// ordered.
void SortSnapshot(Snapshot& snapshot);

class Database;

// Loads every journey table into a Snapshot in one read transaction.
core::Result<Snapshot> LoadSnapshot(Database& db);

}  // namespace sg::store

#endif  // SAFEGUARD_STORE_SNAPSHOT_H_
