#include "returns/ssda903_import.h"

#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "returns/ssda903_reader.h"
#include "returns/ssda903_rule_kit.h"
#include "returns/ssda903_tables.h"
#include "store/journey_store.h"
#include "store/lac_store.h"

namespace sg::returns {
namespace {

using core::Code;
using core::Fail;
using store::OptDate;
using store::OptText;

constexpr size_t kWarningsKept = 1000;
constexpr size_t kDatesShown = 5;

OptText Text(const Cell& cell) {
  if (cell.blank()) return std::nullopt;
  return std::string(cell.text);
}

// Maps one child's rows onto the store's records, warning about what the
// records cannot hold.
class Mapper {
 public:
  Mapper(const LacReturn& lac, const LacChildren& children, LacImportSummary& summary)
      : lac_(lac), children_(children), summary_(summary),
        year_(core::ReportingYear(lac.collection_year)) {}

  std::optional<store::LacChild> Map(uint32_t c) {
    child_ = children_.Id(c);
    const HeaderRow* header = children_.Header(c);
    if (header == nullptr) {
      Warn(LacTable::kHeader, 0, "has rows but no Header row; the child was not imported");
      return std::nullopt;
    }
    if (!header->dob.date) {
      Warn(LacTable::kHeader, header->line, "has no date of birth; the child was not imported");
      return std::nullopt;
    }
    store::LacChild out;
    MapPerson(*header, c, out.person);
    MapEpisodes(c, out);
    for (const ReviewRow& r : children_.Of<ReviewRow>(c)) {
      if (!r.review.date) {
        Warn(LacTable::kReviews, r.line, "a review with no date was not imported");
      } else if (!out.reviews.empty() && out.reviews.back().date == *r.review.date) {
        Warn(LacTable::kReviews, r.line, "a second review on the same day was not imported");
      } else {
        out.reviews.push_back({*r.review.date, Text(r.review_code)});
      }
    }
    summary_.reviews += out.reviews.size();
    MapMissing(c, out);
    for (const Oc3Row& r : children_.Of<Oc3Row>(c)) MapLeaverContact(r, *header->dob.date, out);
    for (const Oc2Row& r : children_.Of<Oc2Row>(c)) {
      if (out.outcomes) {
        Warn(LacTable::kOc2, r.line, "a second OC2 row was not imported");
        continue;
      }
      store::LacOutcomes o;
      std::span<Cell Oc2Row::* const> cells = CellsOf<Oc2Row>();
      for (size_t i = 0; i < o.size(); ++i) o[i] = Text(r.*cells[i + 2]);
      out.outcomes = std::move(o);
    }
    for (const Ad1Row& r : children_.Of<Ad1Row>(c)) {
      if (out.adoption) {
        Warn(LacTable::kAd1, r.line, "a second AD1 row was not imported");
        continue;
      }
      out.adoption = store::LacAdoption{r.date_int.date,    r.date_match.date, Text(r.foster_care),
                                        Text(r.nb_adoptr),  Text(r.sex_adoptr),
                                        Text(r.ls_adoptr)};
    }
    for (const PlacedAdoptionRow& r : children_.Of<PlacedAdoptionRow>(c)) {
      if (!r.date_placed.date) {
        Warn(LacTable::kPlacedAdoption, r.line, "a decision with no DATE_PLACED was not imported");
      } else if (!out.adoption_decisions.empty() &&
                 out.adoption_decisions.back().decision_date == *r.date_placed.date) {
        Warn(LacTable::kPlacedAdoption, r.line, "a second decision on the same day was not imported");
      } else {
        out.adoption_decisions.push_back({*r.date_placed.date,
                                          OrderedEnd(LacTable::kPlacedAdoption, r.line,
                                                     *r.date_placed.date, r.date_placed_ceased),
                                          Text(r.reason_placed_ceased)});
      }
    }
    for (const PrevPermRow& r : children_.Of<PrevPermRow>(c)) {
      if (out.permanence) {
        Warn(LacTable::kPrevPerm, r.line, "a second PrevPerm row was not imported");
        continue;
      }
      out.permanence = store::LacPermanence{Text(r.prev_perm), Text(r.la_perm), Text(r.date_perm)};
    }
    for (const SwEpisodeRow& r : children_.Of<SwEpisodeRow>(c)) {
      if (!r.sw_decom.date) {
        Warn(LacTable::kSwEpisodes, r.line, "a social worker episode with no start was not imported");
        continue;
      }
      out.social_workers.push_back(
          {std::string(r.sw_id.text), *r.sw_decom.date,
           OrderedEnd(LacTable::kSwEpisodes, r.line, *r.sw_decom.date, r.sw_dec),
           Text(r.sw_reason)});
    }
    for (const DoloRow& r : children_.Of<DoloRow>(c)) {
      if (!r.dolo_start.date) {
        Warn(LacTable::kDolo, r.line, "an order with no start date was not imported");
        continue;
      }
      out.liberty_orders.push_back(
          {*r.dolo_start.date, OrderedEnd(LacTable::kDolo, r.line, *r.dolo_start.date, r.dolo_end)});
    }
    return out;
  }

 private:
  void Warn(LacTable table, uint32_t line, std::string_view what) {
    ++summary_.warnings_total;
    if (summary_.warnings.size() >= kWarningsKept) return;
    const std::string& file = lac_.source[static_cast<size_t>(table)];
    summary_.warnings.push_back(line == 0
                                    ? fmt::format("child {} {}", child_, what)
                                    : fmt::format("{}: line {}: child {}: {}", file, line, child_, what));
  }

  // An end that is not before its start, or nothing (with a warning).
  OptDate OrderedEnd(LacTable table, uint32_t line, core::Date start, const Cell& end) {
    if (!end.date) return std::nullopt;
    if (*end.date < start) {
      Warn(table, line, fmt::format("the end date {} is before the start; it was not imported",
                                    end.text));
      return std::nullopt;
    }
    return end.date;
  }

  void MapPerson(const HeaderRow& h, uint32_t c, store::LacPerson& p) {
    p.la_child_id = std::string(child_);
    if (h.sex.Is("1") || h.sex.Is("M")) {
      p.sex = "M";
    } else if (h.sex.Is("2") || h.sex.Is("F")) {
      p.sex = "F";
    } else {
      if (!h.sex.Is("U")) Warn(LacTable::kHeader, h.line, "the sex code is not 1, 2, M, F or U; U was stored");
      p.sex = "U";
    }
    p.birth_date = *h.dob.date;
    p.ethnicity = std::string(h.ethnic.text);
    if (h.upn.text.starts_with("UN") && h.upn.text.size() <= 4) {
      p.upn_unknown = std::string(h.upn.text);
    } else {
      p.upn = Text(h.upn);
    }
    p.uasc = Text(h.uasc);
    for (const UascRow& u : children_.Of<UascRow>(c)) p.uasc_ceased = u.duc.date;
    p.mother = Text(h.mother);
    p.first_child_birth_date = h.mc_dob.date;
  }

  void MapEpisodes(uint32_t c, store::LacChild& out) {
    for (const EpisodeRow& e : children_.Of<EpisodeRow>(c)) {
      if (!e.decom.date) {
        Warn(LacTable::kEpisodes, e.line, "an episode with no start date was not imported");
        continue;
      }
      if (!out.episodes.empty() && out.episodes.back().episode.start == *e.decom.date) {
        Warn(LacTable::kEpisodes, e.line,
             "a second episode starting on the same day was not imported");
        continue;
      }
      store::LacEpisode stored;
      store::CareEpisode& s = stored.episode;
      s.start = *e.decom.date;
      s.reason_new_episode = std::string(e.rne.text);
      s.legal_status = std::string(e.ls.text);
      s.category_of_need = std::string(e.cin.text);
      s.placement_type = std::string(e.place.text);
      s.placement_provider = Text(e.place_provider);
      s.home_postcode = Text(e.home_post);
      s.placement_postcode = Text(e.pl_post);
      s.urn = Text(e.urn);
      s.end = OrderedEnd(LacTable::kEpisodes, e.line, s.start, e.dec);
      s.reason_place_change = Text(e.reason_place_change);
      if (s.end) {
        s.reason_ceased = std::string(e.rec.text);  // blank stays blank: it is a finding, not lost
      } else if (!e.rec.blank()) {
        Warn(LacTable::kEpisodes, e.line,
             "a reason ceased with no date ceased was not imported");
      }
      stored.distance = e.pl_distance;
      if (!e.pl_la.empty()) stored.placement_la = std::string(e.pl_la);
      if (e.pl_location != PlacementLocation::kUnknown) {
        stored.placement_location = e.pl_location == PlacementLocation::kInside ? "IN" : "OUT";
      }
      out.episodes.push_back(std::move(stored));
    }
    summary_.episodes += out.episodes.size();
  }

  void MapMissing(uint32_t c, store::LacChild& out) {
    std::unordered_set<std::string> seen;
    for (const MissingRow& m : children_.Of<MissingRow>(c)) {
      if (!m.missing.Is("M") && !m.missing.Is("A")) {
        Warn(LacTable::kMissing, m.line, "MISSING is not M or A; the episode was not imported");
        continue;
      }
      if (!m.mis_start.date) {
        Warn(LacTable::kMissing, m.line, "a missing episode with no start was not imported");
        continue;
      }
      if (!seen.insert(fmt::format("{}{}", m.mis_start.date->days(), m.missing.text)).second) {
        Warn(LacTable::kMissing, m.line, "a second missing episode starting that day was not imported");
        continue;
      }
      store::MissingEpisode stored;
      stored.kind = std::string(m.missing.text);
      stored.start = *m.mis_start.date;
      stored.end = OrderedEnd(LacTable::kMissing, m.line, stored.start, m.mis_end);
      out.missing.push_back(std::move(stored));
    }
  }

  // OC3 has no date: the contact is the one "on or around" the young
  // person's birthday, so it is dated on the birthday that falls in the year.
  void MapLeaverContact(const Oc3Row& r, core::Date birth, store::LacChild& out) {
    int age = AgeOn(birth, year_.end);
    core::Date birthday = AddYears(birth, age);
    if (!year_.Contains(birthday)) {
      Warn(LacTable::kOc3, r.line, "no birthday falls in the year; the contact was not imported");
      return;
    }
    if (!out.leaver_contacts.empty()) {
      Warn(LacTable::kOc3, r.line, "a second OC3 row was not imported");
      return;
    }
    store::CareLeaverContact contact;
    contact.date = birthday;
    contact.in_touch = std::string(r.in_touch.text);
    contact.activity = Text(r.activ);
    contact.accommodation = Text(r.accom);
    out.leaver_contacts.push_back(std::move(contact));
  }

  const LacReturn& lac_;
  const LacChildren& children_;
  LacImportSummary& summary_;
  core::Period year_;
  std::string_view child_;
};

}  // namespace

std::vector<std::string> MalformedDates(const LacReturn& lac) {
  std::vector<std::string> problems;
  ForEachTable(lac, [&](LacTable table, const auto& rows) {
    using Row = typename std::decay_t<decltype(rows)>::value_type;
    const LacTableSpec& spec = SpecOf(table);
    std::span<Cell Row::* const> cells = CellsOf<Row>();
    for (size_t c = 0; c < cells.size(); ++c) {
      if (!IsLacDateColumn(spec.columns[c]) || spec.columns[c] == "DATE_PERM") continue;
      for (const Row& row : rows) {
        const Cell& cell = row.*cells[c];
        if (cell.BadDate()) {
          problems.push_back(fmt::format("{}: line {}: {} '{}'",
                                         lac.source[static_cast<size_t>(table)], row.line,
                                         spec.columns[c], cell.text));
        }
      }
    }
  });
  return problems;
}

core::Result<LacImportSummary> ImportLac(access::Gate& gate, const access::Actor& actor,
                                         const LacReturn& lac, const LacImportOptions& options) {
  std::vector<std::string> bad_dates = MalformedDates(lac);
  if (!bad_dates.empty()) {
    std::string shown;
    for (size_t i = 0; i < bad_dates.size() && i < kDatesShown; ++i) {
      shown += (i == 0 ? "" : "; ") + bad_dates[i];
    }
    return Fail(Code::kInvalidArgument,
                fmt::format("{} date(s) are not in the form dd/mm/yyyy: {}{}; nothing was imported",
                            bad_dates.size(), shown,
                            bad_dates.size() > kDatesShown ? " ..." : ""));
  }
  LacImportSummary summary;
  summary.collection_year = lac.collection_year;
  summary.rows = lac.RowCount();
  LacChildren children(lac);
  core::Status done =
      gate.Run(actor, access::Action::kImportReturn, [&](access::AuditNote& note) -> core::Status {
        store::LacStore store(gate.database());
        if (!options.la_number.empty()) {
          store::JourneyStore journey(gate.database());
          SG_ASSIGN_OR_RETURN(auto known, journey.GetSetting("la_number"));
          if (!known) SG_RETURN_IF_ERROR(journey.PutSetting("la_number", options.la_number));
        }
        SG_ASSIGN_OR_RETURN(int64_t rows_before, store.CountRows());
        const std::string created_at = gate.clock().NowUtc();
        Mapper mapper(lac, children, summary);
        int64_t changed = 0;
        for (uint32_t c = 0; c < children.size(); ++c) {
          std::optional<store::LacChild> child = mapper.Map(c);
          if (child) {
            SG_ASSIGN_OR_RETURN(int64_t rows, store.SaveChild(*child, lac.collection_year, created_at));
            changed += rows;
            ++summary.children;
          }
          if (options.progress && c % 4096 == 0) options.progress(double(c) / children.size());
        }
        SG_ASSIGN_OR_RETURN(int64_t rows_after, store.CountRows());
        summary.rows_added = rows_after - rows_before;
        summary.rows_updated = changed - summary.rows_added;
        note.action = "import";
        note.entity = "ssda903";
        note.entity_id = std::to_string(lac.collection_year);
        note.details = nlohmann::json{{"collection_year", lac.collection_year},
                                      {"children", summary.children},
                                      {"rows_added", summary.rows_added},
                                      {"rows_updated", summary.rows_updated},
                                      {"warnings", summary.warnings_total}}
                           .dump();
        return {};
      });
  if (!done) return std::unexpected(done.error());
  if (options.progress) options.progress(1.0);
  return summary;
}

core::Result<LacImportSummary> ImportLacReturn(access::Gate& gate, const access::Actor& actor,
                                               std::span<const std::filesystem::path> files,
                                               int collection_year,
                                               const LacImportOptions& options) {
  LacReadReport read;
  SG_ASSIGN_OR_RETURN(LacReturn lac, ReadLacReturn(files, collection_year, options.la_code, &read));
  SG_ASSIGN_OR_RETURN(LacImportSummary summary, ImportLac(gate, actor, lac, options));
  summary.files = files.size();
  summary.bytes = read.bytes;
  summary.notes = std::move(read.notes);
  return summary;
}

}  // namespace sg::returns
