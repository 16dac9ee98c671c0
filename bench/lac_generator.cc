// The SSDA903 generator: a care-history simulation (Generator) and the
// snapshot of one collection year (Snapshot). See lac_generator.h.
//
// Sources of the proportions (England, DfE "Children looked after in
// England" tables, copied under shared/ref/benchmarks): reasons for ceasing
// (2024: returned home 20%, adopted 9%, SGO 11%, staying put E17 16%,
// independent living E5/E6 16%, other E8 8%, another LA E3 6%, ...), age on
// ceasing (39% at 18), reasons for placement change (CARPL 34%, status only
// 18%, other 25%, carer requests 15%, ...), children at 31 March with three
// or more placements in the year (10%). The shape of a child's history
// (periods of care ending by route, episodes changing on P/L/T/B/U) follows
// SocialFinance's csc-data-synthesizer; the statutory parts (review
// schedule, police protection up to 72 hours, placement orders before
// placement for adoption) follow the DfE's 903 guidance and validation rules.
#include "lac_generator.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <string_view>

#include "core/code_lists.h"
#include "core/date.h"

namespace sg::bench {
namespace {

using core::Date;

// ---------------------------------------------------------------------------
// Random numbers: splitmix64, one stream per child and purpose, so that a
// child's history does not depend on any other child or on which years are
// written.

constexpr uint64_t Scramble(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
constexpr uint64_t Mix(uint64_t a, uint64_t b) { return Scramble(a ^ Scramble(b ^ 0x632be59bd9b4e019ULL)); }

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Uniform in [lo, hi]; REQUIRES lo <= hi.
  int Between(int lo, int hi) {
    uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo) + 1;
    return lo + static_cast<int>(((Next() >> 32) * span) >> 32);
  }
  // Whole days from an exponential distribution with this mean.
  int Exponential(double mean) { return static_cast<int>(-mean * std::log(1.0 - Unit())); }

 private:
  uint64_t state_;
};

template <typename T>
struct W {
  T value;
  double weight;
};

// One of `options`, with probability proportional to its weight (weights
// may be 0 to switch an option off).
template <typename T>
T Pick(Rng& rng, std::initializer_list<W<T>> options) {
  double total = 0;
  for (const W<T>& o : options) total += o.weight;
  double x = rng.Unit() * total;
  for (const W<T>& o : options) {
    if (x < o.weight) return o.value;
    x -= o.weight;
  }
  return (options.end() - 1)->value;
}

// ---------------------------------------------------------------------------
// Codes. The simulation works with enums; the snapshot renders them as the
// codes valid in its collection year.

enum class Ls : uint8_t { kC1, kC2, kE1, kV2, kL1, kL2, kJ1, kJ2 };
constexpr std::string_view kLsCode[] = {"C1", "C2", "E1", "V2", "L1", "L2", "J1", "J2"};

// kSupported is H5 up to 2023-24 and K3 from 2024-25 (supported accommodation
// for 16- and 17-year-olds was regulated from 28 October 2023); kOther is Z1
// up to 2024-25 and one of Z11-Z14 from 2025-26.
enum class Place : uint8_t {
  kA3, kA4, kA5, kA6, kK1, kK2, kSupported, kP1, kP2, kP3, kR1, kR2, kR3, kR5, kS1,
  kT0, kT1, kT2, kT3, kT4, kU1, kU2, kU3, kU4, kU5, kU6, kOther,
};
constexpr std::string_view kPlaceCode[] = {
    "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
    "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
};
constexpr std::string_view kZCode[] = {"Z11", "Z12", "Z13", "Z14"};

bool IsAdoptive(Place p) { return p <= Place::kA6; }
bool IsTemporary(Place p) { return p >= Place::kT0 && p <= Place::kT4; }
bool IsFoster(Place p) { return p >= Place::kU1 && p <= Place::kU6; }
bool IsKinFoster(Place p) { return p >= Place::kU1 && p <= Place::kU3; }
bool IsResidential(Place p) {
  return p == Place::kK1 || p == Place::kK2 || p == Place::kSupported || p == Place::kOther;
}

enum class Provider : uint8_t { kNone, kPR0, kPR1, kPR2, kPR3, kPR4, kPR5 };
constexpr std::string_view kProviderCode[] = {"", "PR0", "PR1", "PR2", "PR3", "PR4", "PR5"};

enum class Rec : uint8_t {
  kNone, kX1, kE11, kE12, kE2, kE3, kE4A, kE4B, kE13, kE41, kE45, kE46, kE47, kE48,
  kE5, kE6, kE7, kE8, kE9, kE14, kE15, kE16, kE17,
};
constexpr std::string_view kRecCode[] = {
    "",    "X1",  "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46",
    "E47", "E48", "E5",  "E6",  "E7", "E8", "E9",  "E14", "E15", "E16", "E17",
};
bool IsSgo(Rec r) { return r >= Rec::kE45 && r <= Rec::kE48; }

enum class Rpc : uint8_t {
  kNone, kCARPL, kCLOSE, kALLEG, kSTAND, kAPPRR, kCREQB, kCREQO, kCHILD, kLAREQ, kPLACE,
  kCUSTOD, kOTHER,
};
constexpr std::string_view kRpcCode[] = {
    "",      "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB",
    "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER",
};

// How a period of care ends; decides its length and the last REC.
enum class Route : uint8_t {
  kAdopt, kSgo, kCao, kHome, kAge18, kTransfer, kCustody, kRemand, kOther, kAgeAssess, kPace,
};

constexpr std::string_view kEthnicCode[] = {
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
    "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
};
constexpr std::string_view kCinCode[] = {"", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"};
constexpr std::string_view kReviewCode[] = {"PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"};
constexpr std::string_view kSwReasonCode[] = {"FCONTA", "TSPROC", "LEFTRL", "MANAGE", "ORGRST",
                                              "ABSENC", "CHCHAN", "PCCHAN", "OTHERS"};
enum SwReason : uint8_t { kFconta, kTsproc, kLeftrl, kManage, kOrgrst, kAbsenc, kChchan, kPcchan, kOthers };
constexpr std::string_view kPrevPermCode[] = {"Z1", "P1", "P2", "P3", "P4"};
constexpr std::string_view kInTouchCode[] = {"YES", "NO", "REFU", "NREQ", "RHOM"};
constexpr std::string_view kActivCode[] = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6"};
constexpr std::string_view kAccomLetters = "UDBEZKTCXSVWYGR";

// DfE numbers of this authority (Cheshire East) and of others a previous
// permanence order may have come from.
constexpr std::string_view kOwnLa = "895";
constexpr std::string_view kOtherLas[] = {"896", "861", "860", "356", "352", "330", "876", "341", "888", "206"};

// Real postcodes (ONS Postcode Directory, Nov 2025; OGL v3): the authority's
// own area, the region around it, and further away. The first three are
// Cheshire East's offices in Crewe, Macclesfield and Sandbach.
constexpr std::string_view kPostcodes[] = {
    // own area (Cheshire East)
    "CW1 2BJ", "SK10 1DX", "CW11 1HZ", "CW1 1LU", "CW1 1XB", "CW1 3LR", "CW1 4PT", "CW1 6YD",
    "CW10 0GE", "CW10 0GG", "CW10 0QG", "CW10 0QL", "CW10 9BE", "CW11 0NH", "CW11 1JP",
    "CW11 1JW", "CW11 3NA", "CW11 4HG", "CW12 1NH", "CW12 1QL", "CW12 3HF", "CW12 3JD",
    "CW12 4YH", "CW2 5HL", "CW2 6PJ", "CW2 6SH", "CW2 6ST", "CW2 8EE", "CW4 7DB", "CW4 7QD",
    "CW4 8AD", "CW4 8FL", "CW4 8PA", "CW5 6AN", "CW5 6FH", "CW5 7GF", "CW5 8BL", "CW5 8ET",
    "SK10 2SQ", "SK10 3PF", "SK10 5DR", "SK10 9BH", "SK10 9EW", "SK11 0EW", "SK11 6HJ",
    "SK11 6WP", "SK11 7LF", "SK11 7TX", "SK12 1SP", "SK12 1TZ", "SK12 1XU", "SK12 2FF",
    "SK12 2FU", "SK9 0DL", "SK9 1BU", "SK9 1QL", "SK9 2XD", "SK9 7EH", "ST7 2DD", "ST7 2QT",
    "ST7 2UT", "ST7 3AJ", "ST7 3QT", "WA16 0BB", "WA16 0DS", "WA16 0JE", "WA16 8EQ", "WA16 8QU",
    // the region
    "M1 1AE", "CH1 5ZB", "CH2 2NB", "CH4 8YN", "CH41 6LF", "CH43 1JX", "CH44 4ST", "CH46 8SR",
    "CH65 5DY", "CW7 2QN", "CW8 4YT", "CW9 8ZR", "L11 4WY", "L15 4JN", "L4 5PL", "L6 5NH",
    "L8 7SW", "M11 2XB", "M13 9RB", "M14 7XN", "M20 2WG", "M32 0DE", "M33 1UN", "M40 2AY",
    "M41 9EU", "M8 0EU", "M9 6AG", "SK1 1YS", "SK2 5ED", "SK3 9EJ", "SK4 1QL", "SK5 6UQ",
    "SK7 3FT", "ST1 2EN", "ST13 7AU", "ST3 5AN", "ST4 2JF", "ST5 2EL", "ST6 7NB", "SY1 1XQ",
    "SY3 0LZ", "TF9 9EW", "WA1 3RQ", "WA14 1FY", "WA15 9FQ", "WA2 9UE", "WA4 6EW", "WA5 1WN",
    // further away
    "SW1A 1AA", "B10 0BE", "B23 5TJ", "B31 2WG", "B5 4SZ", "BS3 3HZ", "BS5 9FH", "BS7 9SB",
    "LS11 5TG", "LS6 2PY", "LS9 7RY", "NW1 3ZN", "NW5 1DN", "SE11 4LX", "SW2 3LD", "SW9 6BQ",
    "WV1 3HD", "WV10 0HR", "WV3 0UX",
};
constexpr int kLocalPostcodes = 68;
constexpr int kRegionalPostcodes = 48;
constexpr int kPostcodeCount = static_cast<int>(std::size(kPostcodes));
static_assert(kLocalPostcodes + kRegionalPostcodes < kPostcodeCount);

constexpr int32_t kNoPostcode = -1;
constexpr int32_t kNoUrn = -1;
constexpr int32_t kUrnNotInspected = -2;  // "XXXXXXX"

constexpr Date kNever = Date::FromDays(10'000'000);

int LocalPostcode(Rng& rng) { return rng.Between(0, kLocalPostcodes - 1); }
int RegionalPostcode(Rng& rng) { return rng.Between(kLocalPostcodes, kLocalPostcodes + kRegionalPostcodes - 1); }
int FarPostcode(Rng& rng) { return rng.Between(kLocalPostcodes + kRegionalPostcodes, kPostcodeCount - 1); }
int SomePostcode(Rng& rng, double local, double regional, double far) {
  double x = rng.Unit() * (local + regional + far);
  if (x < local) return LocalPostcode(rng);
  if (x < local + regional) return RegionalPostcode(rng);
  return FarPostcode(rng);
}

Date Birthday(Date dob, int years) { return core::AddMonths(dob, 12 * years); }
int AgeAt(Date dob, Date on) { return core::AgeInYears(dob, on); }

// The day supported accommodation became regulated; P2 (independent living)
// ends then.
const Date kSupportedRegime = Date::FromYmd(2023, 10, 28);

// ---------------------------------------------------------------------------
// Providers with an Ofsted URN: children's homes, secure homes, supported
// accommodation, residential schools, family centres, fostering agencies and
// voluntary adoption agencies. Each has one URN, provider code and postcode.

enum PoolKind { kPoolK1, kPoolK2, kPoolSupported, kPoolS1, kPoolR3, kPoolFostering, kPoolAdoption, kPoolCount };

struct Establishment {
  std::string urn;
  Provider provider;
  int32_t postcode;
};

class Establishments {
 public:
  explicit Establishments(uint64_t seed) {
    Rng rng(Mix(seed, 0x0f57ed));
    int serial = 0;
    auto add = [&](PoolKind kind, int count, std::initializer_list<W<Provider>> providers) {
      for (int i = 0; i < count; ++i, ++serial) {
        Establishment e;
        e.provider = Pick(rng, providers);
        if (e.provider == Provider::kPR1) {
          e.postcode = LocalPostcode(rng);
        } else if (e.provider == Provider::kPR2) {
          e.postcode = SomePostcode(rng, 0, 0.8, 0.2);
        } else {
          e.postcode = SomePostcode(rng, 0.45, 0.45, 0.10);
        }
        // Older establishments have "SC" and six digits, newer ones seven
        // digits; both are bijections of the serial number, so never repeat.
        char buf[16];
        if (rng.Chance(0.65)) {
          uint64_t n = 100000 + (static_cast<uint64_t>(serial) * 104729 + 4409) % 900000;
          buf[0] = 'S';
          buf[1] = 'C';
          std::to_chars(buf + 2, buf + sizeof buf, n);
          e.urn.assign(buf, 8);
        } else {
          uint64_t n = 1000000 + (static_cast<uint64_t>(serial) * 104729 + 7717) % 1500000;
          std::to_chars(buf, buf + sizeof buf, n);
          e.urn.assign(buf, 7);
        }
        pools_[kind].push_back(static_cast<int32_t>(all_.size()));
        all_.push_back(std::move(e));
      }
    };
    using P = Provider;
    add(kPoolK1, 20, {{P::kPR1, 35}, {P::kPR2, 65}});
    add(kPoolK2, 600, {{P::kPR4, 82}, {P::kPR1, 12}, {P::kPR5, 6}});
    add(kPoolSupported, 300, {{P::kPR4, 75}, {P::kPR5, 15}, {P::kPR1, 10}});
    add(kPoolS1, 60, {{P::kPR4, 60}, {P::kPR5, 40}});
    add(kPoolR3, 20, {{P::kPR4, 50}, {P::kPR5, 30}, {P::kPR1, 20}});
    add(kPoolFostering, 80, {{P::kPR4, 85}, {P::kPR5, 15}});
    add(kPoolAdoption, 20, {{P::kPR5, 100}});
  }

  int32_t Choose(Rng& rng, PoolKind kind) const {
    const std::vector<int32_t>& pool = pools_[kind];
    return pool[static_cast<size_t>(rng.Between(0, static_cast<int>(pool.size()) - 1))];
  }
  const Establishment& at(int32_t i) const { return all_[static_cast<size_t>(i)]; }

 private:
  std::vector<Establishment> all_;
  std::array<std::vector<int32_t>, kPoolCount> pools_;
};

// ---------------------------------------------------------------------------
// A child's simulated history.

struct Placement {
  Place place = Place::kU6;
  uint8_t z_sub = 0;  // 0-3: Z11-Z14
  Provider provider = Provider::kNone;
  int32_t urn = kNoUrn;  // an establishment, kNoUrn or kUrnNotInspected
  int32_t postcode = kNoPostcode;
};

struct Episode {
  Date start;
  Date end = kNever;  // kNever: still open at the horizon
  char rne = 'S';
  Ls ls = Ls::kV2;
  Placement placement;
  Rec rec = Rec::kNone;
  Rpc reason = Rpc::kNone;
};

// The plan of a period of care, drawn first for every child (cheap), so that
// children who touch none of the years asked for are skipped before their
// episodes are simulated.
struct PeriodPlan {
  Date start;
  Date end;  // after the horizon: still looked after then
  Route route = Route::kHome;
  uint8_t other_kind = 0;  // kOther: 0 other (E8), 1 died (E2), 2 moved abroad (E16)
  // Adoption: a decision that the child should be placed for adoption.
  bool adoption_decision = false;
  bool consent = false;  // relinquished baby: placed with consent, no placement order
  bool adopted = false;
  Date decision = kNever;
  Date placement_order = kNever;
  Date match = kNever;
  Date placed = kNever;
  Date reversal = kNever;  // decision that the child should no longer be placed
  uint8_t reversal_reason = 0;  // 1-4: RD1-RD4
};

struct CarePeriod {
  Date start;
  Date end;  // kNever when open at the horizon
  uint32_t first_episode = 0;
  uint32_t episode_count = 0;
  uint8_t cin = 1;
  uint8_t prev_perm = 0;  // index into kPrevPermCode
  bool date_perm_day_unknown = false;
  int8_t la_perm = -1;  // -1 own authority, else index into kOtherLas
  Date date_perm;
  bool foster_carers_adopt = false;
  int32_t home_postcode = kNoPostcode;
};

struct Review {
  Date date;
  uint8_t code;  // index into kReviewCode
};

struct MissingEpisode {
  Date start;
  Date end;
  bool away;  // A rather than M
};

struct SocialWorkerEpisode {
  Date start;
  Date end;  // kNever when open at the horizon
  int32_t worker;
  uint8_t reason;
};

struct Dolo {
  Date start;
  Date end;
};

struct Child {
  uint64_t seed = 0;
  char id[8] = {};
  bool male = true;
  bool uasc = false;
  Date dob;
  uint8_t ethnic = 0;
  char upn[13] = {};
  bool upn_before_school = false;  // has a UPN before school age (nursery)
  bool uasc_upn = false;           // a UASC with a UPN
  Date mc_dob = kNever;            // mother: birth of her first child
  std::vector<PeriodPlan> plans;
  std::vector<CarePeriod> periods;
  std::vector<Episode> episodes;
  std::vector<Review> reviews;
  std::vector<MissingEpisode> missing;
  std::vector<SocialWorkerEpisode> social_workers;
  std::vector<Dolo> dolos;

  void Clear() {
    plans.clear();
    periods.clear();
    episodes.clear();
    reviews.clear();
    missing.clear();
    social_workers.clear();
    dolos.clear();
    mc_dob = kNever;
  }
  std::string_view Id() const { return {id, 8}; }
  std::string_view Upn() const { return {upn, 13}; }
};

// "dd/mm/yyyy" for every day the generator can write, made once with
// core::Date so that formatting a date is a copy.
class DateText {
 public:
  DateText(int first_year, int last_year)
      : first_(Date::FromYmd(first_year, 1, 1)), last_(Date::FromYmd(last_year, 12, 31)) {
    text_.reserve(static_cast<size_t>(last_ - first_ + 1) * 10);
    for (Date d = first_; d <= last_; d = d.AddDays(1)) text_ += d.Uk();
  }
  std::string_view operator()(Date d) const {
    if (d < first_ || d > last_) return {};  // never happens for generated dates
    return {text_.data() + static_cast<size_t>(d - first_) * 10, 10};
  }

 private:
  Date first_;
  Date last_;
  std::string text_;
};

// ---------------------------------------------------------------------------
// The simulation.

class Generator {
 public:
  Generator(const LacGeneratorOptions& options, const Establishments& establishments)
      : options_(options),
        establishments_(establishments),
        horizon_(Date::FromYmd(options.year, 3, 31)),
        first_entry_(Date::FromYmd(options.year - 27, 4, 1)),
        workers_(std::max<int64_t>(50, options.children / 12)) {}

  // Draws child `index`'s date of birth, sex and periods of care.
  void Plan(uint64_t index, Child& c) const;
  // Draws the rest: episodes, reviews, missing, social workers, DoLOs.
  void Simulate(Child& c) const;

  Date horizon() const { return horizon_; }
  int64_t workers() const { return workers_; }

 private:
  void PlanPeriods(Rng& rng, Child& c, Date first_start) const;
  Date PlanEnd(Rng& rng, PeriodPlan& p, Route route, Date from) const;
  void SimulatePeriod(Rng& rng, Child& c, size_t k) const;
  Placement Make(Rng& rng, const CarePeriod& p, Place place) const;
  Placement Initial(Rng& rng, const Child& c, const CarePeriod& p, const PeriodPlan& plan, Ls ls) const;
  Placement Move(Rng& rng, const Child& c, const CarePeriod& p, const PeriodPlan& plan, Ls ls, Date when,
                 const Placement& from) const;
  Date NextMove(Rng& rng, const Child& c, const Placement& pl, Date from) const;
  Rec EndCode(Rng& rng, const PeriodPlan& plan, const Placement& last) const;
  void AddReviews(Rng& rng, Child& c, const CarePeriod& p) const;
  void AddMissing(Rng& rng, Child& c, double rate) const;
  void AddSocialWorkers(Rng& rng, Child& c) const;
  void AddDolos(Rng& rng, Child& c) const;

  const LacGeneratorOptions& options_;
  const Establishments& establishments_;
  Date horizon_;      // 31 March of options.year: nothing later is simulated
  Date first_entry_;  // the earliest first entry to care that can still matter
  int64_t workers_;   // social workers in the authority
};

Route PickRoute(Rng& rng, int age, bool uasc) {
  using R = Route;
  if (uasc) return Pick<R>(rng, {{R::kAge18, 72}, {R::kAgeAssess, 14}, {R::kTransfer, 9}, {R::kOther, 5}});
  if (age < 1) {
    return Pick<R>(rng, {{R::kAdopt, 34}, {R::kSgo, 24}, {R::kHome, 24}, {R::kCao, 3}, {R::kAge18, 9},
                         {R::kTransfer, 4}, {R::kOther, 4}});
  }
  if (age < 5) {
    return Pick<R>(rng, {{R::kAdopt, 21}, {R::kSgo, 22}, {R::kHome, 32}, {R::kCao, 4}, {R::kAge18, 14},
                         {R::kTransfer, 4}, {R::kOther, 4}});
  }
  if (age < 10) {
    return Pick<R>(rng, {{R::kAdopt, 2}, {R::kSgo, 14}, {R::kHome, 40}, {R::kCao, 5}, {R::kAge18, 28},
                         {R::kTransfer, 5}, {R::kOther, 6}});
  }
  if (age < 14) {
    return Pick<R>(rng, {{R::kSgo, 5}, {R::kHome, 36}, {R::kCao, 3}, {R::kAge18, 41}, {R::kTransfer, 7},
                         {R::kCustody, 1}, {R::kRemand, 1.5}, {R::kPace, 1}, {R::kOther, 4}});
  }
  if (age < 16) {
    return Pick<R>(rng, {{R::kSgo, 2}, {R::kHome, 34}, {R::kAge18, 46}, {R::kTransfer, 7}, {R::kCustody, 2},
                         {R::kRemand, 2.5}, {R::kPace, 2}, {R::kOther, 4}});
  }
  return Pick<R>(rng, {{R::kHome, 30}, {R::kAge18, 54}, {R::kTransfer, 5}, {R::kCustody, 1.5}, {R::kRemand, 2.5},
                       {R::kPace, 3}, {R::kOther, 4}});
}

void Generator::Plan(uint64_t index, Child& c) const {
  c.Clear();
  c.seed = Mix(options_.seed, index);
  Rng rng(Mix(c.seed, 1));
  // The first entry to care, uniform over the window, and the age then
  // (starters in England: under 1 about 20%, 1-4 15%, 5-9 15%, 10-15 32%,
  // 16-17 18%; a third of the babies come into care in their first week).
  const int window = horizon_ - first_entry_;
  const Date start = first_entry_.AddDays(rng.Between(0, window));
  int age_days = 0;
  switch (Pick<int>(rng, {{0, 20}, {1, 15}, {5, 15}, {10, 32}, {16, 18}})) {
    case 0: age_days = rng.Chance(0.33) ? rng.Between(0, 7) : rng.Between(8, 364); break;
    case 1: age_days = rng.Between(365, 5 * 365); break;
    case 5: age_days = rng.Between(5 * 365 + 2, 10 * 365 + 1); break;
    case 10: age_days = rng.Between(10 * 365 + 3, 16 * 365 + 3); break;
    default: age_days = rng.Between(16 * 365 + 4, 18 * 365 - 40); break;
  }
  c.dob = start.AddDays(-age_days);
  const int age = age_days / 365;
  // Unaccompanied asylum-seeking children arrive as teenagers, nearly all boys.
  c.uasc = rng.Chance(age >= 16 ? 0.34 : age >= 14 ? 0.16 : age >= 13 ? 0.04 : 0.0);
  c.male = rng.Chance(c.uasc ? 0.93 : 0.55);
  PlanPeriods(rng, c, start);
}

void Generator::PlanPeriods(Rng& rng, Child& c, Date first_start) const {
  const Date b18 = Birthday(c.dob, 18);
  Date start = first_start;
  for (;;) {
    PeriodPlan p;
    p.start = start;
    const int age = AgeAt(c.dob, start);
    Route route = PickRoute(rng, age, c.uasc);
    if (route == Route::kAdopt) {
      p.adoption_decision = true;
      p.consent = age < 1 && rng.Chance(0.08);
      if (p.consent) {
        p.decision = start.AddDays(rng.Between(20, 120));
        p.placed = p.decision.AddDays(rng.Between(20, 150));
        p.match = std::max(p.decision, p.placed.AddDays(-rng.Between(3, 20)));
        p.end = p.placed.AddDays(rng.Between(70, 250));
        p.adopted = true;
        p.route = route;
      } else {
        p.decision = start.AddDays(rng.Between(60, 330));
        p.placement_order = p.decision.AddDays(rng.Between(30, 220));
        if (rng.Chance(0.12)) {
          // The plan for adoption is given up: RD1 needs changed, RD2 no
          // placement order, RD3 no adopters found, RD4 other.
          p.reversal_reason = static_cast<uint8_t>(Pick<int>(rng, {{1, 30}, {2, 15}, {3, 35}, {4, 20}}));
          if (p.reversal_reason == 2) {
            p.reversal = p.placement_order;
            p.placement_order = kNever;
          } else {
            p.reversal = p.placement_order.AddDays(rng.Between(60, 450));
          }
          route = Pick<Route>(rng, {{Route::kAge18, 55}, {Route::kSgo, 35}, {Route::kHome, 10}});
          p.end = PlanEnd(rng, p, route, p.reversal.AddDays(30));
        } else {
          p.placed = p.placement_order.AddDays(rng.Between(25, 270));
          p.match = std::max(p.placement_order.AddDays(1), p.placed.AddDays(-rng.Between(5, 40)));
          p.end = p.placed.AddDays(rng.Between(70, 330));
          p.adopted = true;
          p.route = route;
        }
      }
    } else {
      p.end = PlanEnd(rng, p, route, start);
    }
    if (p.end >= b18) {  // no one is looked after past their 18th birthday
      p.end = b18;
      p.route = Route::kAge18;
      p.adopted = false;
    }
    c.plans.push_back(p);
    if (p.end > horizon_) return;
    double again = 0;
    switch (p.route) {
      case Route::kHome: again = 0.28; break;
      case Route::kSgo: again = 0.04; break;
      case Route::kCao: again = 0.06; break;
      case Route::kOther: again = p.other_kind == 0 ? 0.18 : 0; break;
      case Route::kRemand: case Route::kCustody: again = 0.3; break;
      case Route::kPace: again = 0.35; break;
      case Route::kTransfer: again = 0.02; break;
      default: break;
    }
    if (!rng.Chance(again)) return;
    start = p.end.AddDays(14 + rng.Exponential(450));
    if (start > horizon_ || start >= b18.AddDays(-60)) return;
  }
}

// The end of a period that follows `route` from `from`; sets p.route.
Date Generator::PlanEnd(Rng& rng, PeriodPlan& p, Route route, Date from) const {
  p.route = route;
  switch (route) {
    case Route::kSgo: return from.AddDays(180 + rng.Exponential(420));
    case Route::kCao: return from.AddDays(150 + rng.Exponential(330));
    case Route::kHome:
      return from.AddDays(rng.Chance(0.32) ? rng.Between(1, 42) : 43 + rng.Exponential(400));
    case Route::kAge18: return kNever;  // capped at the 18th birthday
    case Route::kTransfer: return from.AddDays(7 + rng.Exponential(300));
    case Route::kCustody: return from.AddDays(30 + rng.Exponential(300));
    case Route::kRemand: return from.AddDays(rng.Between(2, 120));
    case Route::kOther:
      p.other_kind = static_cast<uint8_t>(Pick<int>(rng, {{0, 94}, {1, 2}, {2, 4}}));
      return from.AddDays(1 + rng.Exponential(280));
    case Route::kAgeAssess: return from.AddDays(rng.Between(5, 120));
    case Route::kPace: return from.AddDays(rng.Between(1, 2));
    case Route::kAdopt: break;
  }
  return from.AddDays(365);
}

// The legal statuses of a period: the first, and the changes after it.
struct LegalPath {
  Ls entry = Ls::kV2;
  std::array<std::pair<Date, Ls>, 5> steps{};
  int count = 0;
  void Add(Date d, Ls ls) {
    if (count > 0 && d <= steps[static_cast<size_t>(count) - 1].first) {
      d = steps[static_cast<size_t>(count) - 1].first.AddDays(1);
    }
    steps[static_cast<size_t>(count++)] = {d, ls};
  }
};

LegalPath PlanLegalStatus(Rng& rng, const Child& c, const PeriodPlan& plan, int age) {
  using L = Ls;
  LegalPath path;
  const Date s = plan.start;
  bool court = false;  // heading for a care order
  switch (plan.route) {
    case Route::kRemand: path.entry = L::kJ1; return path;
    case Route::kPace: path.entry = L::kJ2; return path;
    case Route::kAgeAssess: path.entry = L::kV2; return path;
    default: break;
  }
  if (c.uasc || plan.consent) {
    path.entry = L::kV2;
    return path;
  }
  if (plan.adoption_decision) {
    path.entry = Pick<L>(rng, {{L::kC1, 55}, {L::kV2, 22}, {L::kL1, 15}, {L::kL2, 8}});
    court = true;
  } else if (plan.route == Route::kSgo || plan.route == Route::kCao) {
    path.entry = Pick<L>(rng, {{L::kC1, 45}, {L::kV2, 35}, {L::kL1, 14}, {L::kL2, 6}});
    court = rng.Chance(0.75);
  } else if (plan.route == Route::kAge18 && age < 10) {
    path.entry = Pick<L>(rng, {{L::kC1, 55}, {L::kV2, 25}, {L::kL1, 14}, {L::kL2, 6}});
    court = rng.Chance(0.85);
  } else if (plan.route == Route::kAge18) {
    path.entry = Pick<L>(rng, {{L::kV2, 58}, {L::kC1, 28}, {L::kL1, 12}, {L::kL2, 2}});
    court = rng.Chance(0.4);
  } else {
    path.entry = Pick<L>(rng, {{L::kV2, 55}, {L::kC1, 28}, {L::kL1, 14}, {L::kL2, 3}});
    court = rng.Chance(0.3);
  }
  Ls now = path.entry;
  Date t = s;
  if (now == L::kL1) {  // police protection lasts at most 72 hours
    t = s.AddDays(rng.Between(1, 3));
    now = court || path.entry == L::kC1 ? L::kC1 : L::kV2;
    path.Add(t, now);
  } else if (now == L::kL2) {  // an emergency protection order, then an interim care order
    t = s.AddDays(rng.Between(2, 8));
    now = L::kC1;
    path.Add(t, now);
  }
  if (now == L::kV2 && court) {
    int latest = plan.adoption_decision ? std::max(8, (plan.decision - t) - 1) : 200;
    t = t.AddDays(rng.Between(7, std::max(7, latest)));
    now = L::kC1;
    path.Add(t, now);
  }
  if (now != L::kC1) return path;
  if (plan.adoption_decision) {
    // The care order and the placement order are made together; if the
    // court refuses the placement order, or the plan is given up later,
    // the child stays under a full care order.
    if (plan.placement_order != kNever) {
      path.Add(plan.placement_order, L::kE1);
      if (plan.reversal != kNever) path.Add(plan.reversal, L::kC2);
    } else if (plan.reversal != kNever) {
      path.Add(plan.reversal, L::kC2);
    }
  } else if (rng.Chance(0.92)) {
    path.Add(t.AddDays(rng.Between(140, 420)), L::kC2);
  }
  return path;
}

Placement Generator::Make(Rng& rng, const CarePeriod& p, Place place) const {
  using P = Provider;
  Placement pl;
  pl.place = place;
  auto establishment = [&](PoolKind kind) {
    for (int tries = 0; tries < 8; ++tries) {
      pl.urn = establishments_.Choose(rng, kind);
      const Establishment& e = establishments_.at(pl.urn);
      pl.provider = e.provider;
      pl.postcode = e.postcode;
      if (pl.postcode != p.home_postcode) break;
    }
  };
  auto carer_postcode = [&](double local, double regional, double far) {
    for (int tries = 0; tries < 8; ++tries) {
      pl.postcode = SomePostcode(rng, local, regional, far);
      if (pl.postcode != p.home_postcode) break;
    }
  };
  switch (place) {
    case Place::kK1: establishment(kPoolK1); break;
    case Place::kK2: establishment(kPoolK2); break;
    case Place::kSupported: establishment(kPoolSupported); break;
    case Place::kS1: establishment(kPoolS1); break;
    case Place::kR3: establishment(kPoolR3); break;
    case Place::kU1: case Place::kU2: case Place::kU3:
      // Family and friends carers, approved by this authority when they live
      // in it (own provision must be in the authority's area).
      pl.urn = kUrnNotInspected;
      if (rng.Chance(0.78)) {
        pl.provider = P::kPR1;
        carer_postcode(1, 0, 0);
      } else {
        pl.provider = P::kPR2;
        carer_postcode(0, 0.85, 0.15);
      }
      break;
    case Place::kU4: case Place::kU5: case Place::kU6: {
      double x = rng.Unit();
      if (x < 0.55) {
        pl.provider = P::kPR1;
        pl.urn = kUrnNotInspected;
        carer_postcode(1, 0, 0);
      } else if (x < 0.58) {
        pl.provider = P::kPR2;
        pl.urn = kUrnNotInspected;
        carer_postcode(0, 0.9, 0.1);
      } else {  // an independent fostering agency's carers
        pl.urn = establishments_.Choose(rng, kPoolFostering);
        pl.provider = establishments_.at(pl.urn).provider;
        carer_postcode(0.5, 0.45, 0.05);
      }
      break;
    }
    case Place::kA3: case Place::kA4: case Place::kA5: case Place::kA6: {
      double x = rng.Unit();
      if (x < 0.5) {  // the regional adoption agency this authority hosts
        pl.provider = P::kPR1;
        pl.urn = kUrnNotInspected;
        carer_postcode(1, 0, 0);
      } else if (x < 0.8) {
        pl.provider = P::kPR2;
        pl.urn = kUrnNotInspected;
        carer_postcode(0, 0.85, 0.15);
      } else {
        pl.urn = establishments_.Choose(rng, kPoolAdoption);
        pl.provider = P::kPR5;
        carer_postcode(0.3, 0.55, 0.15);
      }
      break;
    }
    case Place::kP1:
      pl.provider = P::kPR0;
      pl.postcode = p.home_postcode;
      break;
    case Place::kP2:
      pl.provider = P::kPR1;
      carer_postcode(1, 0, 0);
      break;
    case Place::kP3: case Place::kR1:
      pl.provider = P::kPR4;
      carer_postcode(0.4, 0.5, 0.1);
      break;
    case Place::kR2:
      pl.provider = P::kPR3;
      carer_postcode(0.5, 0.45, 0.05);
      break;
    case Place::kR5:
      pl.provider = P::kPR3;
      carer_postcode(0, 0.7, 0.3);
      break;
    case Place::kOther:
      pl.z_sub = static_cast<uint8_t>(Pick<int>(rng, {{0, 30}, {1, 30}, {2, 20}, {3, 20}}));
      carer_postcode(0.4, 0.5, 0.1);
      break;
    case Place::kT0: case Place::kT1: case Place::kT2: case Place::kT3: case Place::kT4:
      if (place == Place::kT2) {
        carer_postcode(0, 0.3, 0.7);
      } else {
        carer_postcode(0.6, 0.38, 0.02);
      }
      break;
  }
  // A few placement postcodes are not recorded.
  if (place != Place::kP1 && rng.Chance(0.015)) pl.postcode = kNoPostcode;
  return pl;
}

Placement Generator::Initial(Rng& rng, const Child& c, const CarePeriod& p, const PeriodPlan& plan,
                             Ls ls) const {
  using P = Place;
  const int age = AgeAt(c.dob, plan.start);
  const double p1 = ls == Ls::kC1 || ls == Ls::kC2 ? 1 : 0;  // never with section 20
  const double p2 = plan.start < kSupportedRegime ? 1 : 0;
  P place;
  if (plan.route == Route::kRemand) {
    place = Pick<P>(rng, {{P::kK2, 35}, {P::kU6, 35}, {P::kK1, 10}, {P::kR5, age >= 15 ? 20.0 : 0}});
  } else if (plan.route == Route::kPace) {
    place = Pick<P>(rng, {{P::kU6, 60}, {P::kK2, 40}});
  } else if (plan.adoption_decision) {
    place = Pick<P>(rng, {{P::kU6, 65}, {P::kU5, age < 1 ? 22.0 : 5}, {P::kU3, 13}});
  } else if (c.uasc) {
    place = age >= 16 ? Pick<P>(rng, {{P::kSupported, 62}, {P::kU6, 28}, {P::kK2, 10}})
                      : Pick<P>(rng, {{P::kU6, 75}, {P::kK2, 25}});
  } else if (age < 1) {
    place = Pick<P>(rng, {{P::kU6, 62}, {P::kU3, 14}, {P::kU5, 5}, {P::kR3, 8}, {P::kP1, 4 * p1}, {P::kOther, 1}});
  } else if (age < 5) {
    place = Pick<P>(rng, {{P::kU6, 64}, {P::kU3, 20}, {P::kU5, 2}, {P::kP1, 6 * p1}, {P::kK2, 1}, {P::kOther, 1}});
  } else if (age < 10) {
    place = Pick<P>(rng, {{P::kU6, 62}, {P::kU3, 18}, {P::kP1, 6 * p1}, {P::kK2, 8}, {P::kS1, 1}, {P::kOther, 2}});
  } else if (age < 14) {
    place = Pick<P>(rng, {{P::kU6, 55}, {P::kU3, 12}, {P::kK2, 22}, {P::kP1, 5 * p1}, {P::kK1, 1}, {P::kS1, 1},
                          {P::kOther, 3}, {P::kR2, 1}});
  } else if (age < 16) {
    place = Pick<P>(rng, {{P::kU6, 45}, {P::kU3, 8}, {P::kK2, 36}, {P::kP1, 4 * p1}, {P::kK1, 2}, {P::kOther, 4},
                          {P::kR2, 1}});
  } else {
    place = Pick<P>(rng, {{P::kU6, 26}, {P::kU3, 5}, {P::kK2, 24}, {P::kSupported, 35}, {P::kP2, 3 * p2},
                          {P::kP1, 3 * p1}, {P::kOther, 3}, {P::kR2, 1}});
  }
  return Make(rng, p, place);
}

Placement Generator::Move(Rng& rng, const Child& c, const CarePeriod& p, const PeriodPlan& plan, Ls ls,
                          Date when, const Placement& from) const {
  using P = Place;
  const int age = AgeAt(c.dob, when);
  const double p1 = (ls == Ls::kC1 || ls == Ls::kC2) && from.place != P::kP1 ? 1 : 0;
  const double p2 = when < kSupportedRegime ? 1 : 0;
  P place;
  if (plan.adoption_decision && (plan.reversal == kNever || when < plan.reversal)) {
    place = Pick<P>(rng, {{P::kU6, 50}, {P::kU4, 10}, {P::kU5, 25}, {P::kU3, 15}});
  } else if (plan.route == Route::kRemand) {
    place = Pick<P>(rng, {{P::kK2, 40}, {P::kU6, 35}, {P::kK1, 10}, {P::kR5, age >= 15 ? 15.0 : 0}});
  } else if (c.uasc) {
    place = age >= 16 ? Pick<P>(rng, {{P::kSupported, 65}, {P::kU6, 25}, {P::kK2, 10}})
                      : Pick<P>(rng, {{P::kU6, 70}, {P::kK2, 30}});
  } else if (age < 1) {
    place = Pick<P>(rng, {{P::kU6, 50}, {P::kU4, 10}, {P::kU3, 14}, {P::kU5, 6}, {P::kU1, 4}, {P::kP1, 10 * p1},
                          {P::kR3, 6}});
  } else if (age < 5) {
    place = Pick<P>(rng, {{P::kU6, 45}, {P::kU4, 22}, {P::kU3, 12}, {P::kU1, 6}, {P::kU5, 3}, {P::kP1, 16 * p1},
                          {P::kK2, 1}, {P::kOther, 2}});
  } else if (age < 11) {
    place = Pick<P>(rng, {{P::kU6, 38}, {P::kU4, 25}, {P::kU3, 8}, {P::kU1, 7}, {P::kK2, 11}, {P::kP1, 15 * p1},
                          {P::kS1, 2}, {P::kOther, 2}});
  } else if (age < 16) {
    place = Pick<P>(rng, {{P::kU6, 30}, {P::kU4, 13}, {P::kU3, 5}, {P::kU1, 5}, {P::kK2, 32}, {P::kK1, 2},
                          {P::kP1, 12 * p1}, {P::kS1, 2}, {P::kOther, 4}, {P::kR2, 1}});
  } else {
    place = Pick<P>(rng, {{P::kU6, 17}, {P::kU4, 6}, {P::kU3, 3}, {P::kU1, 3}, {P::kK2, 20}, {P::kSupported, 40},
                          {P::kP2, 3 * p2}, {P::kP1, 4 * p1}, {P::kOther, 3}, {P::kR2, 1}, {P::kP3, 0.5},
                          {P::kR5, 1}, {P::kR1, 0.5}});
  }
  Placement pl = Make(rng, p, place);
  // A move is to somewhere else, and the record must show it: another
  // type, provider or postcode (URNs are not always shown).
  auto same = [&](const Placement& a) {
    return a.place == from.place && a.provider == from.provider && a.postcode == from.postcode;
  };
  for (int tries = 0; tries < 8 && same(pl); ++tries) pl = Make(rng, p, place);
  if (same(pl)) pl = Make(rng, p, place == Place::kU6 ? Place::kU4 : Place::kU6);
  return pl;
}

// Moves per year by placement and age: long-term foster placements are the
// most stable, hospital stays and secure homes the least.
Date Generator::NextMove(Rng& rng, const Child& c, const Placement& pl, Date from) const {
  const int age = AgeAt(c.dob, from);
  double rate = 0;
  switch (pl.place) {
    case Place::kU1: case Place::kU4: rate = 0.12; break;
    case Place::kU2: case Place::kU5: rate = 0.25; break;
    case Place::kU3: case Place::kU6: rate = age < 11 ? 0.35 : 0.55; break;
    case Place::kK2: rate = 0.8; break;
    case Place::kK1: rate = 1.6; break;
    case Place::kSupported: rate = 0.55; break;
    case Place::kP1: rate = 0.35; break;
    case Place::kP2: rate = 0.5; break;
    case Place::kP3: rate = 0.6; break;
    case Place::kR1: case Place::kR2: case Place::kR3: rate = 3.0; break;
    case Place::kR5: rate = 2.5; break;
    case Place::kS1: rate = 0.35; break;
    case Place::kOther: rate = 1.5; break;
    default: return kNever;  // placed for adoption, or temporary
  }
  constexpr double kScale = 1.15;  // calibrates three or more placements a year to about 10%
  return from.AddDays(1 + rng.Exponential(365.0 / (rate * kScale)));
}

Rpc MoveReason(Rng& rng, int age) {
  using R = Rpc;
  return Pick<R>(rng, {{R::kCARPL, 41}, {R::kCREQB, 10}, {R::kCREQO, 8.5}, {R::kCHILD, age >= 10 ? 4 : 0.5},
                       {R::kLAREQ, 2.4}, {R::kSTAND, 1}, {R::kALLEG, 1}, {R::kCLOSE, 1}, {R::kAPPRR, 0.4},
                       {R::kCUSTOD, age >= 10 ? 0.3 : 0}, {R::kOTHER, 30}});
}

Rec Generator::EndCode(Rng& rng, const PeriodPlan& plan, const Placement& last) const {
  using R = Rec;
  const Place pl = last.place;
  switch (plan.route) {
    case Route::kAdopt: return plan.consent || rng.Chance(0.45) ? R::kE11 : R::kE12;
    case Route::kSgo:
      if (IsKinFoster(pl)) return Pick<R>(rng, {{R::kE45, 80}, {R::kE47, 20}});
      if (IsFoster(pl)) return Pick<R>(rng, {{R::kE46, 45}, {R::kE47, 35}, {R::kE48, 20}});
      return Pick<R>(rng, {{R::kE47, 60}, {R::kE48, 40}});
    case Route::kCao: return R::kE41;
    case Route::kHome:
      if (pl == Place::kSupported || pl == Place::kP2) {
        return Pick<R>(rng, {{R::kE5, 50}, {R::kE6, 16}, {R::kE13, 12}, {R::kE4A, 17}, {R::kE4B, 5}});
      }
      if (pl == Place::kP1) return Pick<R>(rng, {{R::kE4A, 85}, {R::kE4B, 10}, {R::kE13, 5}});
      return Pick<R>(rng, {{R::kE4A, 70}, {R::kE4B, 13}, {R::kE13, 17}});
    case Route::kAge18:
      if (IsFoster(pl)) {
        return Pick<R>(rng, {{R::kE17, 64}, {R::kE5, 16}, {R::kE8, 10}, {R::kE6, 4}, {R::kE13, 4}, {R::kE7, 2}});
      }
      if (pl == Place::kK1 || pl == Place::kK2 || pl == Place::kR1 || pl == Place::kR2 || pl == Place::kS1) {
        return Pick<R>(rng, {{R::kE5, 45}, {R::kE8, 24}, {R::kE7, 15}, {R::kE6, 10}, {R::kE13, 6}});
      }
      if (pl == Place::kSupported || pl == Place::kP2) {
        return Pick<R>(rng, {{R::kE5, 62}, {R::kE6, 18}, {R::kE8, 14}, {R::kE13, 6}});
      }
      return Pick<R>(rng, {{R::kE8, 40}, {R::kE5, 35}, {R::kE13, 15}, {R::kE6, 10}});
    case Route::kTransfer: return R::kE3;
    case Route::kCustody: return R::kE9;
    case Route::kRemand: return R::kE14;
    case Route::kAgeAssess: return R::kE15;
    case Route::kPace: return Pick<R>(rng, {{R::kE8, 50}, {R::kE4A, 40}, {R::kE13, 10}});
    case Route::kOther: return plan.other_kind == 1 ? R::kE2 : plan.other_kind == 2 ? R::kE16 : R::kE8;
  }
  return R::kE8;
}

void Generator::Simulate(Child& c) const {
  Rng rng(Mix(c.seed, 2));
  // Who the child is.
  c.ethnic = c.uasc ? static_cast<uint8_t>(Pick<int>(rng, {{12, 30}, {14, 35}, {17, 30}, {15, 5}}))
                    : static_cast<uint8_t>(Pick<int>(rng, {{0, 66}, {1, 0.4}, {2, 0.3}, {3, 4.5}, {4, 0.7},
                                                           {5, 3},  {6, 1},   {7, 1.5}, {8, 3},   {9, 0.4},
                                                           {10, 1}, {11, 0.4}, {12, 2}, {13, 1},  {14, 4},
                                                           {15, 2}, {16, 0.2}, {17, 3}, {18, 0.1}, {19, 0.5}}));
  // A UPN with the right check letter: letter, authority, 8 digits, 1 digit.
  {
    const char* la = rng.Chance(0.75) ? "895" : kOtherLas[rng.Between(0, 5)].data();
    char digits[12];
    digits[0] = la[0];
    digits[1] = la[1];
    digits[2] = la[2];
    for (int i = 3; i < 12; ++i) digits[i] = static_cast<char>('0' + rng.Between(0, 9));
    int sum = (digits[11] - '0') * 13;
    for (int i = 0; i < 11; ++i) sum += (digits[i] - '0') * (i + 2);
    constexpr std::string_view kCheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";
    c.upn[0] = kCheckLetters[static_cast<size_t>(sum % 23)];
    std::copy(digits, digits + 12, c.upn + 1);
  }
  c.upn_before_school = rng.Chance(0.15);
  c.uasc_upn = rng.Chance(0.45);
  // How often a teenager goes missing, per year, if at all.
  const double missing_rate =
      rng.Chance(0.3) ? Pick<double>(rng, {{1, 40}, {2, 25}, {4, 20}, {8, 10}, {15, 5}}) : 0;

  for (size_t k = 0; k < c.plans.size(); ++k) SimulatePeriod(rng, c, k);
  for (const CarePeriod& p : c.periods) AddReviews(rng, c, p);
  AddMissing(rng, c, missing_rate);
  AddSocialWorkers(rng, c);
  AddDolos(rng, c);
  // A few girls in care have a baby of their own.
  if (!c.male) {
    const Date b14 = Birthday(c.dob, 14);
    const Date b18 = Birthday(c.dob, 18);
    for (const CarePeriod& p : c.periods) {
      Date from = std::max(p.start, b14);
      Date to = std::min({p.end, b18, horizon_});
      if (to - from < 30) continue;
      if (rng.Chance(0.012 * (to - from) / 365.0)) {
        c.mc_dob = from.AddDays(rng.Between(0, (to - from) - 1));
        break;
      }
    }
  }
}

void Generator::SimulatePeriod(Rng& rng, Child& c, size_t k) const {
  const PeriodPlan& plan = c.plans[k];
  CarePeriod p;
  p.start = plan.start;
  p.end = plan.end > horizon_ ? kNever : plan.end;
  p.first_episode = static_cast<uint32_t>(c.episodes.size());
  const int age = AgeAt(c.dob, plan.start);
  p.cin = c.uasc ? 8
                 : static_cast<uint8_t>(Pick<int>(rng, {{1, 60}, {2, 3}, {3, 3}, {4, 8}, {5, 14}, {6, 3},
                                                        {7, 0.3}, {8, 8}}));
  if (c.uasc) {
    p.home_postcode = kNoPostcode;  // no home in England
  } else if (!c.periods.empty() && rng.Chance(0.8)) {
    p.home_postcode = c.periods.back().home_postcode;
  } else {
    p.home_postcode = rng.Chance(0.015) ? kNoPostcode : SomePostcode(rng, 0.85, 0.12, 0.03);
  }
  // Permanence before this period: our own SGO or child arrangements order,
  // or what the family tells the authority.
  const Rec previous_rec = k > 0 ? c.episodes.back().rec : Rec::kNone;
  if (IsSgo(previous_rec) || previous_rec == Rec::kE41) {
    p.prev_perm = IsSgo(previous_rec) ? 2 : 3;
    p.la_perm = -1;
    p.date_perm = c.periods.back().end;
  } else if (!c.uasc && plan.start - c.dob > 120) {
    p.prev_perm = static_cast<uint8_t>(Pick<int>(rng, {{0, 86}, {4, 5}, {2, 4}, {3, 2}, {1, 3}}));
    if (p.prev_perm != 0) {  // every option but Z1 has an authority and a date (rule 630)
      p.la_perm = rng.Chance(0.5) ? -1 : static_cast<int8_t>(rng.Between(0, 9));
      p.date_perm = c.dob.AddDays(rng.Between(30, (plan.start - c.dob) - 60));
      p.date_perm_day_unknown = rng.Chance(p.prev_perm == 4 ? 0.5 : 0.12);
    }
  }

  const LegalPath path = PlanLegalStatus(rng, c, plan, age);
  Episode cur;
  cur.start = plan.start;
  cur.rne = 'S';
  cur.ls = path.entry;
  cur.placement = Initial(rng, c, p, plan, cur.ls);

  // Temporary placements and remands a year, for children who can have them.
  constexpr double kTempRate = 0.16;
  constexpr double kRemandRate = 0.08;
  enum Event { kLegal, kMove, kStatus, kTemporary, kAdoption, kRegime, kRemand, kEvents };
  std::array<Date, kEvents> next;
  int step = 0;
  next[kLegal] = path.count > 0 ? path.steps[0].first : kNever;
  auto reset_placement_clocks = [&](Date from) {
    const Place pl = cur.placement.place;
    next[kMove] = NextMove(rng, c, cur.placement, from);
    // A short-term foster placement that becomes the child's long-term home:
    // the same carers, a new status (U6 -> U4, U3 -> U1).
    const bool can_settle = (pl == Place::kU6 || pl == Place::kU3) && AgeAt(c.dob, from) < 16 &&
                            (plan.route == Route::kAge18 || plan.route == Route::kSgo ||
                             plan.route == Route::kCao) &&
                            !plan.adoption_decision;
    next[kStatus] = can_settle && rng.Chance(0.8) ? from.AddDays(rng.Between(120, 540)) : kNever;
    next[kTemporary] = (IsFoster(pl) || pl == Place::kK2) ? from.AddDays(7 + rng.Exponential(365.0 / kTempRate))
                                                           : kNever;
    next[kRegime] = pl == Place::kP2 ? kSupportedRegime : kNever;
  };
  reset_placement_clocks(plan.start);
  // Emergency placements often end within weeks.
  if (plan.route != Route::kPace && plan.route != Route::kAgeAssess && !plan.consent && rng.Chance(0.3)) {
    next[kMove] = plan.start.AddDays(rng.Between(1, 45));
  }
  next[kAdoption] = plan.adopted ? plan.placed : kNever;
  const bool can_be_remanded = !c.uasc && !plan.adoption_decision && plan.route != Route::kRemand &&
                               plan.route != Route::kPace && plan.route != Route::kAgeAssess;
  next[kRemand] = can_be_remanded ? std::max(plan.start, Birthday(c.dob, 12))
                                        .AddDays(1 + rng.Exponential(365.0 / kRemandRate))
                                  : kNever;

  auto close = [&](Date when, Rpc reason) {
    cur.end = when;
    cur.rec = Rec::kX1;
    cur.reason = reason;
    c.episodes.push_back(cur);
    cur.start = when;
    cur.end = kNever;
    cur.rec = Rec::kNone;
    cur.reason = Rpc::kNone;
  };
  auto settled = [](Place pl) { return pl == Place::kU6 ? Place::kU4 : pl == Place::kU3 ? Place::kU1 : pl; };

  const Date limit = p.end == kNever ? horizon_.AddDays(1) : p.end;
  for (;;) {
    int event = 0;
    for (int e = 1; e < kEvents; ++e) {
      if (next[static_cast<size_t>(e)] < next[static_cast<size_t>(event)]) event = e;
    }
    Date& when = next[static_cast<size_t>(event)];
    if (when >= limit) break;
    if (when <= cur.start) {  // one change a day: try the next day
      when = cur.start.AddDays(1);
      continue;
    }
    const Date at = when;
    switch (event) {
      case kLegal: {
        const Ls ls = path.steps[static_cast<size_t>(step)].second;
        ++step;
        next[kLegal] = step < path.count ? path.steps[static_cast<size_t>(step)].first : kNever;
        if (ls == cur.ls) break;
        const double u = rng.Unit();
        const Place pl = cur.placement.place;
        if (u < 0.045 && !IsAdoptive(pl) && !IsTemporary(pl)) {  // B: legal status and carers change
          Placement moved = Move(rng, c, p, plan, ls, at, cur.placement);
          close(at, MoveReason(rng, AgeAt(c.dob, at)));
          cur.rne = 'B';
          cur.ls = ls;
          cur.placement = moved;
          reset_placement_clocks(at);
        } else if (u < 0.06 && settled(pl) != pl) {  // U: legal status and placement, same carers
          close(at, Rpc::kPLACE);
          cur.rne = 'U';
          cur.ls = ls;
          cur.placement.place = settled(pl);
          next[kStatus] = kNever;
          next[kMove] = NextMove(rng, c, cur.placement, at);
        } else {  // L: legal status only
          close(at, Rpc::kNone);
          cur.rne = 'L';
          cur.ls = ls;
        }
        break;
      }
      case kMove: {
        Placement moved = Move(rng, c, p, plan, cur.ls, at, cur.placement);
        close(at, MoveReason(rng, AgeAt(c.dob, at)));
        cur.rne = 'P';
        cur.placement = moved;
        reset_placement_clocks(at);
        break;
      }
      case kStatus: {
        close(at, rng.Chance(0.85) ? Rpc::kPLACE : Rpc::kCARPL);
        cur.rne = 'T';
        cur.placement.place = settled(cur.placement.place);
        next[kStatus] = kNever;
        next[kMove] = NextMove(rng, c, cur.placement, at);
        break;
      }
      case kTemporary: {
        // Respite while the carers are away (T3), hospital (T1), a holiday
        // (T2), up to a week elsewhere (T4), other (T0); then back home.
        const Place tp = Pick<Place>(rng, {{Place::kT3, 40}, {Place::kT1, 15}, {Place::kT2, 15},
                                           {Place::kT4, 20}, {Place::kT0, 10}});
        const int days = tp == Place::kT3   ? rng.Between(2, 14)
                         : tp == Place::kT1 ? rng.Between(1, 20)
                         : tp == Place::kT2 ? rng.Between(3, 14)
                         : tp == Place::kT4 ? rng.Between(1, 7)
                                            : rng.Between(1, 14);
        const Date back = at.AddDays(days);
        const Date bound = std::min({next[kLegal], next[kAdoption], next[kRegime], limit, horizon_});
        if (back.AddDays(1) >= bound) {
          next[kTemporary] = at.AddDays(30 + rng.Exponential(365.0 / kTempRate));
          break;
        }
        const Placement home = cur.placement;
        Placement away = Make(rng, p, tp);
        if (tp == Place::kT3 && home.postcode >= 0 && away.postcode == home.postcode) away.postcode = kNoPostcode;
        // Both changes are P: into the temporary placement and back (rules
        // 380 and 383).
        close(at, Rpc::kNone);
        cur.rne = 'P';
        cur.placement = away;
        close(back, Rpc::kNone);
        cur.rne = 'P';
        cur.placement = home;
        next[kMove] = std::max(next[kMove], back.AddDays(1));
        next[kStatus] = next[kStatus] == kNever ? kNever : std::max(next[kStatus], back.AddDays(1));
        next[kTemporary] = back.AddDays(30 + rng.Exponential(365.0 / kTempRate));
        break;
      }
      case kAdoption: {
        // Placed for adoption: with the foster carers who will adopt (A3/A5,
        // same carers) or with new adopters (A4/A6).
        const Place pl = cur.placement.place;
        const bool same_carers = pl == Place::kU5 || pl == Place::kU2 || rng.Chance(0.12);
        const Place adoptive = plan.consent ? (same_carers ? Place::kA3 : Place::kA4)
                                            : (same_carers ? Place::kA5 : Place::kA6);
        if (same_carers) {
          Placement np = cur.placement;
          np.place = adoptive;
          if (np.provider == Provider::kPR4 || np.provider == Provider::kPR5) {
            np.provider = Provider::kPR5;
            np.urn = establishments_.Choose(rng, kPoolAdoption);
          }
          close(at, Rpc::kPLACE);
          cur.rne = 'T';
          cur.placement = np;
        } else {
          Placement np = Make(rng, p, adoptive);
          close(at, Rpc::kCARPL);
          cur.rne = 'P';
          cur.placement = np;
        }
        p.foster_carers_adopt = same_carers;
        next[kMove] = next[kStatus] = next[kTemporary] = next[kAdoption] = next[kRegime] = kNever;
        break;
      }
      case kRemand: {
        // Remanded to local authority accommodation (J1) for a while, then
        // back to the legal status before; the placement stays.
        const Date back = at.AddDays(rng.Between(3, 60));
        const Date bound = std::min({next[kLegal], next[kAdoption], next[kRegime], limit, horizon_});
        next[kRemand] = back.AddDays(60 + rng.Exponential(365.0 / kRemandRate));
        if (back.AddDays(1) >= bound || cur.ls == Ls::kJ1) break;
        const Ls before = cur.ls;
        close(at, Rpc::kNone);
        cur.rne = 'L';
        cur.ls = Ls::kJ1;
        close(back, Rpc::kNone);
        cur.rne = 'L';
        cur.ls = before;
        next[kMove] = std::max(next[kMove], back.AddDays(1));
        next[kTemporary] = std::max(next[kTemporary], back.AddDays(1));
        if (next[kStatus] != kNever) next[kStatus] = std::max(next[kStatus], back.AddDays(1));
        break;
      }
      case kRegime: {  // independent living ends: supported accommodation
        Placement np = Make(rng, p, Place::kSupported);
        close(at, Rpc::kCARPL);
        cur.rne = 'P';
        cur.placement = np;
        reset_placement_clocks(at);
        break;
      }
      default: break;
    }
  }
  if (p.end != kNever) {
    cur.end = p.end;
    cur.rec = EndCode(rng, plan, cur.placement);
  }
  c.episodes.push_back(cur);
  p.episode_count = static_cast<uint32_t>(c.episodes.size()) - p.first_episode;
  c.periods.push_back(p);
}

// Reviews: the first within 20 working days, the second within three months
// of it, then every six months, on weekdays, while the child is looked after.
void Generator::AddReviews(Rng& rng, Child& c, const CarePeriod& p) const {
  const Date end = std::min(p.end, horizon_.AddDays(1));
  const Date b4 = Birthday(c.dob, 4);
  const Date b8 = Birthday(c.dob, 8);
  Date r = p.start.AddDays(rng.Between(14, 28));
  for (int n = 0;; ++n) {
    if (r.weekday() == 5) r = r.AddDays(-1);
    if (r.weekday() == 6) r = r.AddDays(1);
    if (r >= end) break;
    uint8_t code = 0;
    if (r >= b8) {
      code = static_cast<uint8_t>(Pick<int>(rng, {{1, 52}, {2, 6}, {3, 3}, {4, 3}, {5, 10}, {6, 17}, {7, 9}}));
    } else if (r >= b4) {
      code = static_cast<uint8_t>(Pick<int>(rng, {{1, 22}, {2, 10}, {3, 14}, {4, 8}, {5, 14}, {6, 20}, {7, 12}}));
    }
    c.reviews.push_back({r, code});
    r = r.AddDays(n == 0 ? rng.Between(60, 91) : rng.Between(150, 182));
  }
}

// Missing (M) or away without authorisation (A), from age 11, more often from
// children's homes and supported accommodation; episodes never overlap and
// end before the placement does.
void Generator::AddMissing(Rng& rng, Child& c, double rate) const {
  if (rate <= 0) return;
  const Date b11 = Birthday(c.dob, 11);
  Date last_end = c.dob;
  for (const Episode& e : c.episodes) {
    const Place pl = e.placement.place;
    if (IsTemporary(pl) || IsAdoptive(pl)) continue;
    const Date from = std::max(e.start, b11);
    const Date to = std::min(e.end, horizon_);
    if (from >= to) continue;
    const double r = rate * (IsResidential(pl) ? 2.0 : IsFoster(pl) ? 0.6 : 1.0);
    Date t = from;
    for (;;) {
      t = t.AddDays(1 + rng.Exponential(365.0 / r));
      if (t >= to) break;
      if (t <= last_end) continue;
      const int days = Pick<int>(rng, {{0, 30}, {1, 38}, {2, 12}, {3, 8}, {5, 6}, {10, 4}, {20, 2}});
      Date end = t.AddDays(days);
      // Some who go missing in March are still missing on 31 March, so the
      // return shows no end (both years then agree on the episode).
      const Date march31 = Date::FromYmd(t.month() >= 4 ? t.year() + 1 : t.year(), 3, 31);
      if (march31 - t < 45 && end <= march31 && rng.Chance(0.18)) end = march31.AddDays(rng.Between(1, 21));
      if (e.end != kNever) end = std::min(end, e.end);
      // Back before care ends (or care would have ended as E8, rule 580).
      if (e.rec != Rec::kX1 && e.rec != Rec::kNone) end = std::max(t, std::min(end, e.end.AddDays(-1)));
      c.missing.push_back({t, end, rng.Chance(0.22)});
      last_end = end;
      t = end;
    }
  }
}

// Social workers: one from before the child came into care (as a child in
// need) or from the day care started, then a change about every 20 months.
// The chain of episodes is unbroken (each starts the day the last ended) and
// runs on through a gap between periods of care shorter than two years,
// while the child is still a child in need.
void Generator::AddSocialWorkers(Rng& rng, Child& c) const {
  Date last_end = c.dob;
  for (size_t k = 0; k < c.periods.size();) {
    size_t last = k;
    while (last + 1 < c.periods.size() && c.periods[last].end != kNever &&
           c.periods[last + 1].start - c.periods[last].end < 730) {
      ++last;
    }
    Date start = c.periods[k].start;
    if (rng.Chance(0.55)) start = start.AddDays(-rng.Between(1, 300));
    start = std::max({start, last_end.AddDays(1), c.dob});
    Date end = kNever;
    if (c.periods[last].end != kNever) {
      end = c.periods[last].end.AddDays(rng.Chance(0.4) ? rng.Between(1, 60) : 0);
      // A case closing in the last days of March stays open into April.
      const Date march31 = Date::FromYmd(end.month() >= 4 ? end.year() + 1 : end.year(), 3, 31);
      if (march31 - end < 7) end = march31.AddDays(rng.Between(1, 30));
      if (last + 1 < c.periods.size()) end = std::min(end, c.periods[last + 1].start.AddDays(-2));
      if (end <= start) end = start.AddDays(1);
    }
    int32_t worker = static_cast<int32_t>(rng.Between(0, static_cast<int>(workers_) - 1));
    uint8_t reason = static_cast<uint8_t>(Pick<int>(rng, {{kFconta, 45}, {kTsproc, 45}, {kOthers, 10}}));
    Date t = start;
    for (;;) {
      const Date change = t.AddDays(30 + rng.Exponential(365.0 / 0.6));
      if (change >= end || change > horizon_) {
        c.social_workers.push_back({t, end > horizon_ ? kNever : end, worker, reason});
        break;
      }
      c.social_workers.push_back({t, change, worker, reason});
      int32_t next = static_cast<int32_t>(rng.Between(0, static_cast<int>(workers_) - 1));
      worker = next == worker ? (worker + 1) % static_cast<int32_t>(workers_) : next;
      const double asks = AgeAt(c.dob, change) >= 8 ? 4 : 0;  // the child asked for a change
      reason = static_cast<uint8_t>(Pick<int>(rng, {{kLeftrl, 35}, {kManage, 18}, {kTsproc, 15}, {kOrgrst, 8},
                                                    {kAbsenc, 8}, {kChchan, asks}, {kPcchan, 3}, {kOthers, 9}}));
      t = change;
    }
    last_end = end == kNever ? horizon_ : end;
    k = last + 1;
  }
}

// Deprivation of liberty orders, for some teenagers in children's homes.
void Generator::AddDolos(Rng& rng, Child& c) const {
  const Date b12 = Birthday(c.dob, 12);
  for (const Episode& e : c.episodes) {
    if (e.placement.place != Place::kK2 || e.start < b12) continue;
    const int span = std::min(e.end, horizon_) - e.start;
    if (span < 3 || !rng.Chance(0.05)) continue;
    const Date start = e.start.AddDays(rng.Between(0, std::min(60, span - 2)));
    Date end = start.AddDays(rng.Between(30, 300));
    // Ends while the child is still in the home (rules 709, 710 look at the
    // placement on the last day).
    if (e.end != kNever) end = std::min(end, e.end.AddDays(-1));
    if (end > start) c.dolos.push_back({start, end});
  }
}

// ---------------------------------------------------------------------------
// One collection year's return.

// The code of a placement in collection year `year`.
std::string_view PlaceCode(const Placement& pl, int year) {
  if (pl.place == Place::kSupported && year <= 2024) return "H5";
  if (pl.place == Place::kOther && year >= 2026) return kZCode[pl.z_sub];
  return kPlaceCode[static_cast<size_t>(pl.place)];
}

enum Table { kHeader, kEpisodes, kReviews, kUasc, kOc2, kOc3, kAd1, kPlaced, kPrevPerm, kMissing, kSw, kDolo, kTables };

struct TableSpec {
  std::string_view name;
  std::string_view file_name;
  std::string_view columns;
  double bytes_per_child;  // to reserve the buffer
};

constexpr TableSpec kTableSpecs[kTables] = {
    {"Header", "header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", 50},
    {"Episodes", "episodes.csv",
     "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN", 170},
    {"Reviews", "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE", 90},
    {"UASC", "uasc.csv", "CHILD,SEX,DOB,DUC", 3},
    {"OC2", "oc2.csv",
     "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
     "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
     25},
    {"OC3", "oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", 3},
    {"AD1", "ad1.csv", "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR", 3},
    {"PlacedAdoption", "placed_for_adoption.csv", "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED",
     3},
    {"PrevPerm", "previous_permanence.csv", "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM", 8},
    {"Missing", "missing.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END", 30},
    {"SWEpisodes", "sw_episodes.csv", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON", 90},
    {"DoLo", "dolo.csv", "CHILD,DOB,DOLO_START,DOLO_END", 1},
};

// Appends one CSV record: fields joined by commas, the line ended when the
// Row goes out of scope (at the end of the statement that made it).
class Row {
 public:
  Row(std::string& out, uint64_t& rows) : out_(out) { ++rows; }
  Row(const Row&) = delete;
  Row& operator=(const Row&) = delete;
  ~Row() { out_.push_back('\n'); }
  Row& operator<<(std::string_view field) {
    if (!first_) out_.push_back(',');
    first_ = false;
    out_.append(field);
    return *this;
  }

 private:
  std::string& out_;
  bool first_ = true;
};

class Snapshot {
 public:
  Snapshot(int year, const LacGeneratorOptions& options, const DateText& dates,
           const Establishments& establishments, const std::vector<std::string>& workers)
      : year_(year),
        start_(Date::FromYmd(year - 1, 4, 1)),
        end_(Date::FromYmd(year, 3, 31)),
        school_age_cutoff_(Date::FromYmd(year - 2, 8, 31)),
        options_(options),
        dates_(dates),
        establishments_(establishments),
        workers_(workers) {
    for (int t = 0; t < kTables; ++t) {
      csv_[static_cast<size_t>(t)].reserve(
          static_cast<size_t>(kTableSpecs[t].bytes_per_child * static_cast<double>(options.children)) + 256);
      csv_[static_cast<size_t>(t)].append(kTableSpecs[t].columns);
      csv_[static_cast<size_t>(t)].push_back('\n');
    }
  }

  Date start() const { return start_; }
  Date end() const { return end_; }

  void Add(const Child& c);
  LacReturn Finish();

 private:
  Row Out(Table t) { return Row(csv_[static_cast<size_t>(t)], rows_[static_cast<size_t>(t)]); }
  std::string_view D(Date d) const { return d == kNever ? std::string_view() : dates_(d); }
  // An end date as the return shows it: blank while still open at 31 March.
  std::string_view End(Date d) const { return d > end_ ? std::string_view() : dates_(d); }
  std::string_view Sex(const Child& c) const {
    return year_ <= 2024 ? (c.male ? "1" : "2") : (c.male ? "M" : "F");
  }
  // The URN of episode `i` of `c`.
  std::string_view Urn(const Child& c, uint32_t i) const {
    const Placement& pl = c.episodes[i].placement;
    if (pl.urn == kNoUrn) return {};
    if (pl.urn == kUrnNotInspected) return "XXXXXXX";
    // Semi-independent living (H5) needed a URN only from 28 October 2023:
    // a stay there shows it if the stay lasted to that day.
    if (pl.place == Place::kSupported && year_ <= 2024) {
      uint32_t last = i;
      while (last + 1 < c.episodes.size() && c.episodes[last].rec == Rec::kX1 &&
             c.episodes[last + 1].placement.urn == pl.urn && c.episodes[last + 1].placement.place == pl.place) {
        ++last;
      }
      if (c.episodes[last].end < kSupportedRegime) return {};
    }
    return establishments_.at(pl.urn).urn;
  }
  std::string_view Postcode(int32_t i) const {
    return i < 0 ? std::string_view() : kPostcodes[static_cast<size_t>(i)];
  }
  bool Mistake(Rng& rng) const { return options_.error_rate > 0 && rng.Chance(options_.error_rate); }
  bool Oc3Cohort(const Child& c, int& age, Rec& rec) const;

  int year_;
  Date start_;
  Date end_;
  // Children 4 by this day (31 August before the year began) are of school
  // age and have a UPN (rule 209).
  Date school_age_cutoff_;
  const LacGeneratorOptions& options_;
  const DateText& dates_;
  const Establishments& establishments_;
  const std::vector<std::string>& workers_;
  std::array<std::string, kTables> csv_;
  std::array<uint64_t, kTables> rows_{};
};

// Care leavers: 17 to 21 this year, looked after for at least 13 weeks
// since their 14th birthday and still on or after their 16th, not looked
// after at 31 March; 17- and 18-year-olds only if they left before their
// 17th birthday (rule 1016: those who left later, most at 18, are reported
// from 19). Not for those who died, moved to another authority, were
// adopted, were found to be adults or moved abroad. `rec` is how their care
// ended.
bool Snapshot::Oc3Cohort(const Child& c, int& age, Rec& rec) const {
  const CarePeriod* last = nullptr;
  for (const CarePeriod& p : c.periods) {
    if (p.start <= end_) last = &p;
  }
  if (last == nullptr || last->end > end_) return false;
  rec = c.episodes[last->first_episode + last->episode_count - 1].rec;
  if (rec == Rec::kE2 || rec == Rec::kE3 || rec == Rec::kE11 || rec == Rec::kE12 || rec == Rec::kE15 ||
      rec == Rec::kE16) {
    return false;
  }
  age = 0;
  for (int k = 17; k <= 21; ++k) {
    const Date birthday = Birthday(c.dob, k);
    if (birthday >= start_ && birthday <= end_) {
      age = k;
      break;
    }
  }
  if (age == 0 || last->end < Birthday(c.dob, 16)) return false;
  if (age <= 18 && last->end >= Birthday(c.dob, 17)) return false;
  const Date b14 = Birthday(c.dob, 14);
  int days = 0;
  for (const CarePeriod& p : c.periods) {
    if (p.start > end_) break;
    Date from = std::max(p.start, b14);
    Date to = std::min(p.end, end_);
    if (to > from) days += to - from;
  }
  return days >= 91;
}

void Snapshot::Add(const Child& c) {
  // Which episodes and periods the year sees.
  bool looked_after = false;
  bool in_care_at_end = false;
  for (const CarePeriod& p : c.periods) {
    if (p.start <= end_ && p.end >= start_) looked_after = true;
    if (p.start <= end_ && p.end > end_) in_care_at_end = true;
  }
  int leaver_age = 0;
  Rec left_with = Rec::kNone;
  const bool leaver = Oc3Cohort(c, leaver_age, left_with);
  if (!looked_after && !leaver) return;

  Rng year_rng(Mix(c.seed, 1000 + static_cast<uint64_t>(year_)));
  Rng mistakes(Mix(c.seed, 5000 + static_cast<uint64_t>(year_)));
  const std::string_view id = c.Id();
  const std::string_view dob = D(c.dob);

  // Header.
  {
    std::string_view upn = c.Upn();
    if (c.uasc && !c.uasc_upn) {
      upn = "UN2";  // never attended a maintained school in England
    } else if (Birthday(c.dob, 4) > school_age_cutoff_ && !c.upn_before_school) {
      upn = "UN1";  // not yet of school age
    }
    char wrong[13];
    if (upn.size() == 13 && Mistake(mistakes)) {
      std::copy(upn.begin(), upn.end(), wrong);
      wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
      upn = std::string_view(wrong, 13);
    }
    std::string_view mother;
    std::string_view mc_dob;
    if (!c.male && looked_after) {
      const bool is_mother = c.mc_dob <= end_;
      mother = is_mother ? "1" : "0";
      if (is_mother) mc_dob = D(c.mc_dob);
    }
    Out(kHeader) << id << Sex(c) << dob << kEthnicCode[c.ethnic] << upn << mother << mc_dob;
  }

  if (looked_after) {
    // Episodes.
    for (const CarePeriod& p : c.periods) {
      if (p.start > end_ || p.end < start_) continue;
      for (uint32_t i = p.first_episode; i < p.first_episode + p.episode_count; ++i) {
        const Episode& e = c.episodes[i];
        if (e.start > end_ || e.end < start_) continue;
        const bool ended = e.end <= end_;
        std::string_view reason = ended ? kRpcCode[static_cast<size_t>(e.reason)] : std::string_view();
        std::string_view urn = Urn(c, i);
        std::string_view home = Postcode(p.home_postcode);
        std::string_view placed = Postcode(e.placement.postcode);
        std::string_view cin = kCinCode[p.cin];
        if (Mistake(mistakes)) {
          switch (mistakes.Between(0, 3)) {
            case 0: reason = {}; break;
            case 1: if (urn.size() > 0 && urn[0] != 'X') urn = {}; break;
            case 2: if (!home.empty()) placed = home; break;
            default: cin = kCinCode[p.cin == 1 ? 5 : 1]; break;
          }
        }
        Out(kEpisodes) << id << D(e.start) << std::string_view(&e.rne, 1) << kLsCode[static_cast<size_t>(e.ls)]
                       << cin << PlaceCode(e.placement, year_) << kProviderCode[static_cast<size_t>(e.placement.provider)]
                       << (ended ? D(e.end) : std::string_view())
                       << (ended ? kRecCode[static_cast<size_t>(e.rec)] : std::string_view()) << reason << home
                       << placed << urn;
      }
    }
    // Reviews.
    const Date b4 = Birthday(c.dob, 4);
    for (const Review& r : c.reviews) {
      if (r.date < start_ || r.date > end_) continue;
      std::string_view code = kReviewCode[r.code];
      if (Mistake(mistakes)) code = r.date < b4 ? "PN1" : "PN0";
      Out(kReviews) << id << dob << D(r.date) << code;
    }
    // UASC: the status ends at 18.
    if (c.uasc) Out(kUasc) << id << Sex(c) << dob << D(Birthday(c.dob, 18));
    // OC2: looked after continuously for 12 months at 31 March.
    bool continuous = false;
    for (const CarePeriod& p : c.periods) {
      if (p.start <= start_ && p.end > end_) continuous = true;
    }
    if (continuous) {
      const int age_start = AgeAt(c.dob, start_);
      const int age_end = AgeAt(c.dob, end_);
      Rng& r = year_rng;
      char score[4] = {};
      std::string_view sdq_score;
      std::string_view sdq_reason;
      if (age_end < 4 || age_start >= 17) {
        // no SDQ data at all (rules 188, 189)
      } else if (age_start >= 4 && age_end <= 16) {
        if (r.Chance(0.82)) {
          int s = std::clamp(static_cast<int>(std::lround(14 + 7 * (r.Unit() + r.Unit() + r.Unit() - 1.5) * 2)), 0, 40);
          auto [ptr, ec] = std::to_chars(score, score + 3, s);
          sdq_score = std::string_view(score, static_cast<size_t>(ptr - score));
          (void)ec;
        } else {
          sdq_reason = Pick<std::string_view>(r, {{"SDQ2", 30}, {"SDQ3", 15}, {"SDQ4", 35}, {"SDQ5", 20}});
        }
      } else {
        sdq_reason = "SDQ1";  // turned 4 or 17 during the year
      }
      if (!sdq_score.empty() && Mistake(mistakes)) sdq_score = {};
      const std::string_view convicted = age_end >= 10 ? (r.Chance(0.03) ? "1" : "0") : "";
      const std::string_view health_check = age_end < 5 ? (r.Chance(0.9) ? "1" : "0") : "";
      const std::string_view immunisations = r.Chance(0.86) ? "1" : "0";
      const std::string_view teeth = r.Chance(0.78) ? "1" : "0";
      const std::string_view assessment = r.Chance(0.9) ? "1" : "0";
      const bool misuse = age_end >= 12 && r.Chance(0.05);
      std::string_view received;
      std::string_view offered;
      if (misuse) {
        received = r.Chance(0.6) ? "1" : "0";
        if (received == "0") offered = r.Chance(0.5) ? "1" : "0";
      }
      Out(kOc2) << id << dob << sdq_score << sdq_reason << convicted << health_check << immunisations << teeth
                << assessment << (misuse ? "1" : "0") << received << offered;
    }
  }

  // OC3.
  if (leaver) {
    Rng& r = year_rng;
    const int in_touch = Pick<int>(r, {{0, 86}, {1, 4}, {2, 3}, {3, 5}, {4, 2}});
    std::string_view activ;
    std::string_view accom;
    char accom_text[2];
    if (in_touch == 0) {
      const double adult = leaver_age >= 18 ? 1 : 0;
      int a = Pick<int>(r, {{0, 7 * adult}, {1, adult}, {2, 22}, {3, 3}, {4, 3}, {5, 1}, {6, 12}, {7, 6},
                            {8, 8}, {9, 26}, {10, 5}});
      activ = kActivCode[static_cast<size_t>(a)];
      if (year_ <= 2021 && a >= 4 && a <= 7) activ = a % 2 == 0 ? "F3" : "P3";
      // Former foster carers (Z) and foyers (T) only from 18 (rules 3001, 347).
      const int letter = Pick<int>(r, {{0, 24}, {1, 20}, {2, 14}, {3, 6}, {4, 11 * adult}, {5, 5}, {6, 2 * adult}, {7, 3},
                                       {8, 2}, {9, 1}, {10, 1}, {11, 1}, {12, 3}, {13, 0.5}, {14, 0.5}});
      accom_text[0] = kAccomLetters[static_cast<size_t>(letter)];
      // Most who stayed put at 18 still live with their former foster carers.
      if (left_with == Rec::kE17 && leaver_age >= 18 && leaver_age <= 20 && r.Chance(0.7)) accom_text[0] = 'Z';
      const bool always_unsuitable = accom_text[0] == 'S' || accom_text[0] == 'X';
      accom_text[1] = always_unsuitable || r.Chance(accom_text[0] == 'V' || accom_text[0] == 'W' ? 0.5 : 0.08)
                          ? '2'
                          : '1';
      accom = std::string_view(accom_text, 2);
    } else {  // not in touch, refused, no longer needs services, home for 6 months
      activ = "0";
      accom = "0";
    }
    Out(kOc3) << id << dob << kInTouchCode[static_cast<size_t>(in_touch)] << activ << accom;
  }

  if (!looked_after) return;

  // AD1 and PlacedAdoption.
  for (size_t k = 0; k < c.periods.size(); ++k) {
    const CarePeriod& p = c.periods[k];
    const PeriodPlan& plan = c.plans[k];
    if (p.start > end_ || p.end < start_ || !plan.adoption_decision || plan.decision > end_) continue;
    if (plan.adopted && p.end >= start_ && p.end <= end_) {
      Rng r(Mix(c.seed, 77));
      const bool couple = r.Chance(0.9);
      std::string_view sex;
      std::string_view status;
      if (couple) {
        sex = Pick<std::string_view>(r, {{"MF", 85}, {"MM", 7}, {"FF", 8}});
        status = sex == "MF" ? Pick<std::string_view>(r, {{"L11", 75}, {"L3", 25}})
                             : Pick<std::string_view>(r, {{"L12", 50}, {"L2", 25}, {"L4", 25}});
      } else {
        sex = r.Chance(0.85) ? "F1" : "M1";
        status = "L0";
      }
      Out(kAd1) << id << dob << D(plan.decision) << D(plan.match) << (p.foster_carers_adopt ? "1" : "0")
                << (couple ? "2" : "1") << sex << status;
    }
    const bool ceased = plan.reversal <= end_;
    if (ceased && plan.reversal < start_) continue;  // reported in an earlier year
    const char rd[3] = {'R', 'D', static_cast<char>('0' + plan.reversal_reason)};
    Out(kPlaced) << id << dob << D(plan.decision) << (ceased ? D(plan.reversal) : std::string_view())
                 << (ceased ? std::string_view(rd, 3) : std::string_view());
  }

  // PrevPerm: for the period that started this year (the latest, if two did).
  const CarePeriod* started = nullptr;
  for (const CarePeriod& p : c.periods) {
    if (p.start >= start_ && p.start <= end_) started = &p;
  }
  if (started != nullptr) {
    const CarePeriod& p = *started;
    std::string_view la;
    std::string_view date;
    char date_text[10];
    if (p.prev_perm != 0) {
      la = p.la_perm < 0 ? kOwnLa : kOtherLas[static_cast<size_t>(p.la_perm)];
      date = D(p.date_perm);
      if (p.date_perm_day_unknown) {  // the day is not known: "zz/MM/YYYY"
        std::copy(date.begin(), date.end(), date_text);
        date_text[0] = date_text[1] = 'z';
        date = std::string_view(date_text, 10);
      }
    }
    Out(kPrevPerm) << id << dob << kPrevPermCode[p.prev_perm] << la << date;
  }

  // Missing: the episodes that overlap the year.
  for (const MissingEpisode& m : c.missing) {
    if (m.start > end_ || m.end < start_) continue;
    const bool open = m.end > end_;
    std::string_view from = D(m.start);
    std::string_view to = open ? std::string_view() : D(m.end);
    if (!open && m.end > m.start && Mistake(mistakes)) std::swap(from, to);
    Out(kMissing) << id << dob << (m.away ? "A" : "M") << from << to;
  }

  // Social workers: for children looked after at 31 March, every episode of
  // the year, also from before they came into care (rules SW01, SW12, SW17).
  if (year_ >= 2024 && in_care_at_end) {
    for (const SocialWorkerEpisode& s : c.social_workers) {
      if (s.start > end_ || s.end < start_) continue;
      Out(kSw) << id << dob << workers_[static_cast<size_t>(s.worker)] << D(s.start) << End(s.end)
               << kSwReasonCode[s.reason];
    }
  }
  if (year_ >= 2027) {
    for (const Dolo& d : c.dolos) {
      if (d.start > end_ || d.end < start_) continue;
      Out(kDolo) << id << dob << D(d.start) << End(d.end);
    }
  }
}

LacReturn Snapshot::Finish() {
  LacReturn result;
  result.year = year_;
  for (int t = 0; t < kTables; ++t) {
    if (t == kSw && year_ < 2024) continue;
    if (t == kDolo && year_ < 2027) continue;
    GeneratedTable table;
    table.name = kTableSpecs[t].name;
    table.file_name = kTableSpecs[t].file_name;
    table.csv = std::move(csv_[static_cast<size_t>(t)]);
    table.rows = rows_[static_cast<size_t>(t)];
    result.tables.push_back(std::move(table));
  }
  return result;
}

// Every code a return for `year` can hold must be valid that year by the
// embedded code lists; a failure here is a bug in this file.
core::Status CheckCodes(int year) {
  using core::CodeList;
  const core::CodeLists& lists = core::CodeLists::Embedded();
  auto check = [&](CodeList list, std::string_view code) { return lists.Check(list, code, year); };
  for (std::string_view code : kLsCode) SG_RETURN_IF_ERROR(check(CodeList::kLegalStatus, code));
  for (std::string_view code : {"S", "L", "P", "T", "B", "U"}) {
    SG_RETURN_IF_ERROR(check(CodeList::kReasonNewEpisode, code));
  }
  for (size_t i = 0; i < std::size(kPlaceCode); ++i) {
    const Place place = static_cast<Place>(i);
    if (place == Place::kP2 && year >= 2025) continue;  // every P2 placement ended in October 2023
    for (uint8_t sub = 0; sub < 4; ++sub) {
      Placement pl;
      pl.place = place;
      pl.z_sub = sub;
      SG_RETURN_IF_ERROR(check(CodeList::kPlacementType, PlaceCode(pl, year)));
    }
  }
  for (size_t i = 1; i < std::size(kProviderCode); ++i) {
    SG_RETURN_IF_ERROR(check(CodeList::kPlacementProvider, kProviderCode[i]));
  }
  for (size_t i = 1; i < std::size(kRecCode); ++i) {
    SG_RETURN_IF_ERROR(check(CodeList::kReasonEpisodeCeased, kRecCode[i]));
  }
  for (size_t i = 1; i < std::size(kRpcCode); ++i) {
    SG_RETURN_IF_ERROR(check(CodeList::kReasonPlaceChange, kRpcCode[i]));
  }
  for (size_t i = 1; i < std::size(kCinCode); ++i) SG_RETURN_IF_ERROR(check(CodeList::kPrimaryNeed, kCinCode[i]));
  for (std::string_view code : kEthnicCode) SG_RETURN_IF_ERROR(check(CodeList::kEthnicity, code));
  for (std::string_view code : kInTouchCode) SG_RETURN_IF_ERROR(check(CodeList::kCareLeaverInTouch, code));
  for (std::string_view code : kActivCode) {
    if (year <= 2021 && (code[1] == '4' || code[1] == '5')) code = code[0] == 'F' ? "F3" : "P3";
    SG_RETURN_IF_ERROR(check(CodeList::kCareLeaverActivity, code));
  }
  SG_RETURN_IF_ERROR(check(CodeList::kCareLeaverActivity, "0"));
  SG_RETURN_IF_ERROR(check(CodeList::kCareLeaverAccommodation, "0"));
  for (char letter : kAccomLetters) {
    for (char suitable : {'1', '2'}) {
      const char code[2] = {letter, suitable};
      SG_RETURN_IF_ERROR(check(CodeList::kCareLeaverAccommodation, std::string_view(code, 2)));
    }
  }
  return {};
}

}  // namespace

uint64_t LacReturn::bytes() const {
  uint64_t total = 0;
  for (const GeneratedTable& t : tables) total += t.csv.size();
  return total;
}

core::Result<std::vector<LacReturn>> GenerateLacReturns(const LacGeneratorOptions& options,
                                                        std::span<const int> years) {
  using core::Code;
  using core::Fail;
  if (options.children < 1 || options.children > 10'000'000) {
    return Fail(Code::kInvalidArgument, "children must be between 1 and 10,000,000");
  }
  if (options.year < 2019 || options.year > 2040) {
    return Fail(Code::kInvalidArgument, "the collection year must be between 2019 and 2040");
  }
  if (!(options.error_rate >= 0 && options.error_rate <= 1)) {
    return Fail(Code::kInvalidArgument, "the error rate must be between 0 and 1");
  }
  if (years.empty()) return Fail(Code::kInvalidArgument, "no collection year to write");
  for (int year : years) {
    if (year > options.year || year < std::max(2019, options.year - 3)) {
      return Fail(Code::kInvalidArgument,
                  "a return can be written for the population's year and the three before it, from 2019");
    }
    SG_RETURN_IF_ERROR(CheckCodes(year));
  }

  const Establishments establishments(options.seed);
  const DateText dates(options.year - 50, options.year + 20);
  const Generator generator(options, establishments);
  std::vector<std::string> workers;
  workers.reserve(static_cast<size_t>(generator.workers()));
  for (int64_t k = 0; k < generator.workers(); ++k) {
    // Social Work England numbers start "SW"; "XX" is for a worker without one.
    Rng rng(Mix(options.seed, 0x5000000 + static_cast<uint64_t>(k)));
    char buf[8] = {'S', 'W'};
    if (rng.Chance(0.04)) buf[0] = buf[1] = 'X';
    std::to_chars(buf + 2, buf + 8, 100000 + (static_cast<uint64_t>(k) * 7919 + 12345) % 900000);
    workers.emplace_back(buf, 8);
  }

  std::vector<Snapshot> snapshots;
  snapshots.reserve(years.size());
  Date window_start = kNever;
  Date window_end;
  for (int year : years) {
    snapshots.emplace_back(year, options, dates, establishments, workers);
    window_start = std::min(window_start, snapshots.back().start());
    window_end = std::max(window_end, snapshots.back().end());
  }
  const Date target_start = Date::FromYmd(options.year - 1, 4, 1);
  const Date target_end = generator.horizon();
  const uint64_t id_offset = Scramble(options.seed) % 90'000'000;

  Child c;
  int64_t counted = 0;
  for (uint64_t index = 0; counted < options.children; ++index) {
    generator.Plan(index, c);
    bool in_target = false;
    bool relevant = false;
    for (const PeriodPlan& p : c.plans) {
      if (p.start <= target_end && p.end >= target_start) in_target = true;
      if (p.start <= window_end && p.end >= window_start) relevant = true;
    }
    if (in_target) ++counted;
    if (!relevant && c.plans.back().end.AddDays(6 * 366) >= window_start) {
      // A care leaver (left at 16 or over) who is 17 to 21 in one of the years.
      relevant = c.plans.back().end >= Birthday(c.dob, 16) && Birthday(c.dob, 17) <= window_end &&
                 Birthday(c.dob, 22) > window_start;
    }
    if (!relevant) continue;
    // Eight-digit ids, a bijection of the child's number: never repeated.
    std::to_chars(c.id, c.id + 8, 10'000'000 + (index * 7'777'777 + id_offset) % 90'000'000);
    generator.Simulate(c);
    for (Snapshot& s : snapshots) s.Add(c);
  }

  std::vector<LacReturn> returns;
  returns.reserve(snapshots.size());
  for (Snapshot& s : snapshots) returns.push_back(s.Finish());
  return returns;
}

core::Result<std::vector<GeneratedTable>> GenerateLacReturn(const LacGeneratorOptions& options,
                                                            int year_to_snapshot) {
  const int years[] = {year_to_snapshot};
  SG_ASSIGN_OR_RETURN(std::vector<LacReturn> returns, GenerateLacReturns(options, years));
  return std::move(returns.front().tables);
}

}  // namespace sg::bench
