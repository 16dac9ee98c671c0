#include "returns/ssda903_export.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "returns/ssda903_tables.h"
#include "store/lac_store.h"

namespace sg::returns {
namespace {

using core::Code;
using core::Date;
using core::Fail;

void AppendField(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Builds the return's tables from the stored records, as at 31 March.
class Builder {
 public:
  explicit Builder(LacReturn& lac) : lac_(lac), year_(core::ReportingYear(lac.collection_year)) {}

  void Child(const store::LacChild& child) {
    const store::LacPerson& p = child.person;
    HeaderRow header;
    Begin(header, p);
    header.sex = Put(SexCode(p.sex));
    header.ethnic = Put(p.ethnicity);
    header.upn = Put(p.upn ? *p.upn : p.upn_unknown.value_or(""));
    header.mother = Put(p.mother);
    header.mc_dob = Put(p.first_child_birth_date);
    lac_.header.push_back(header);
    if (p.uasc == "1") {
      UascRow uasc;
      Begin(uasc, p);
      uasc.sex = header.sex;
      uasc.duc = Put(p.uasc_ceased);
      lac_.uasc.push_back(uasc);
    }
    for (const store::LacEpisode& stored : child.episodes) {
      const store::CareEpisode& e = stored.episode;
      if (!Overlaps(e.start, e.end)) continue;
      EpisodeRow row;
      Begin(row, p);
      row.decom = Put(e.start);
      row.rne = Put(e.reason_new_episode);
      row.ls = Put(e.legal_status);
      row.cin = Put(e.category_of_need);
      row.place = Put(e.placement_type);
      row.place_provider = Put(e.placement_provider);
      row.home_post = Put(e.home_postcode);
      row.pl_post = Put(e.placement_postcode);
      row.urn = Put(e.urn);
      if (EndedInTime(e.end)) {
        row.dec = Put(e.end);
        row.rec = Put(e.reason_ceased);
        row.reason_place_change = Put(e.reason_place_change);
      }
      lac_.episodes.push_back(row);
    }
    for (const store::LacReview& r : child.reviews) {
      if (!year_.Contains(r.date)) continue;
      ReviewRow row;
      Begin(row, p);
      row.review = Put(r.date);
      row.review_code = Put(r.participation);
      lac_.reviews.push_back(row);
    }
    if (child.outcomes) {
      Oc2Row row;
      Begin(row, p);
      std::span<Cell Oc2Row::* const> cells = CellsOf<Oc2Row>();
      for (size_t i = 0; i < child.outcomes->size(); ++i) row.*cells[i + 2] = Put((*child.outcomes)[i]);
      lac_.oc2.push_back(row);
    }
    for (const store::CareLeaverContact& c : child.leaver_contacts) {
      if (!year_.Contains(c.date)) continue;
      Oc3Row row;
      Begin(row, p);
      row.in_touch = Put(c.in_touch);
      row.activ = Put(c.activity);
      row.accom = Put(c.accommodation);
      lac_.oc3.push_back(row);
    }
    if (child.adoption) {
      const store::LacAdoption& a = *child.adoption;
      Ad1Row row;
      Begin(row, p);
      row.date_int = Put(a.decision_date);
      row.date_match = Put(a.matched_date);
      row.foster_care = Put(a.by_foster_carer);
      row.nb_adoptr = Put(a.adopters);
      row.sex_adoptr = Put(a.adopters_sex);
      row.ls_adoptr = Put(a.adopters_legal_status);
      lac_.ad1.push_back(row);
    }
    for (const store::LacAdoptionDecision& d : child.adoption_decisions) {
      if (!Overlaps(d.decision_date, d.ceased_date)) continue;
      PlacedAdoptionRow row;
      Begin(row, p);
      row.date_placed = Put(d.decision_date);
      if (EndedInTime(d.ceased_date)) {
        row.date_placed_ceased = Put(d.ceased_date);
        row.reason_placed_ceased = Put(d.ceased_reason);
      }
      lac_.placed_adoption.push_back(row);
    }
    if (child.permanence) {
      PrevPermRow row;
      Begin(row, p);
      row.prev_perm = Put(child.permanence->option);
      row.la_perm = Put(child.permanence->la);
      row.date_perm = Put(child.permanence->date_text);
      lac_.prev_perm.push_back(row);
    }
    for (const store::MissingEpisode& m : child.missing) {
      if (!year_.Contains(m.start)) continue;
      MissingRow row;
      Begin(row, p);
      row.missing = Put(m.kind);
      row.mis_start = Put(m.start);
      if (EndedInTime(m.end)) row.mis_end = Put(m.end);
      lac_.missing.push_back(row);
    }
    if (CollectedIn(LacTable::kSwEpisodes, lac_.collection_year)) {
      for (const store::LacSocialWorkerEpisode& s : child.social_workers) {
        if (!Overlaps(s.start, s.end)) continue;
        SwEpisodeRow row;
        Begin(row, p);
        row.sw_id = Put(s.worker_id);
        row.sw_decom = Put(s.start);
        if (EndedInTime(s.end)) {
          row.sw_dec = Put(s.end);
          row.sw_reason = Put(s.reason);
        }
        lac_.sw_episodes.push_back(row);
      }
    }
    if (CollectedIn(LacTable::kDolo, lac_.collection_year)) {
      for (const store::LacLibertyOrder& d : child.liberty_orders) {
        if (!Overlaps(d.start, d.end)) continue;
        DoloRow row;
        Begin(row, p);
        row.dolo_start = Put(d.start);
        if (EndedInTime(d.end)) row.dolo_end = Put(d.end);
        lac_.dolo.push_back(row);
      }
    }
  }

 private:
  template <class Row>
  void Begin(Row& row, const store::LacPerson& p) {
    row.child = Put(p.la_child_id);
    if constexpr (!std::is_same_v<Row, EpisodeRow>) row.dob = Put(p.birth_date);
  }

  std::string_view SexCode(const std::string& sex) const {
    if (lac_.collection_year >= 2025) return sex;
    return sex == "M" ? "1" : sex == "F" ? "2" : "";
  }

  bool Overlaps(Date start, const std::optional<Date>& end) const {
    return start <= year_.end && (!end || *end >= year_.start);
  }
  // An end the return may show: one on or before 31 March.
  bool EndedInTime(const std::optional<Date>& end) const { return end && *end <= year_.end; }

  Cell Put(std::string_view text) { return Cell{lac_.text->Copy(text), std::nullopt}; }
  Cell Put(const std::string& text) { return Put(std::string_view(text)); }
  Cell Put(const char* text) { return Put(std::string_view(text)); }
  Cell Put(const std::optional<std::string>& text) { return Put(text ? std::string_view(*text) : ""); }
  Cell Put(Date date) { return Cell{lac_.text->Copy(date.Uk()), date}; }
  Cell Put(const std::optional<Date>& date) { return date ? Put(*date) : Cell{}; }

  LacReturn& lac_;
  core::Period year_;
};

}  // namespace

std::string LacTableCsv(const LacReturn& lac, LacTable table) {
  std::string out;
  const LacTableSpec& spec = SpecOf(table);
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    if (c > 0) out += ',';
    out += spec.columns[c];
  }
  out += '\n';
  ForEachTable(lac, [&](LacTable t, const auto& rows) {
    if (t != table) return;
    using Row = typename std::decay_t<decltype(rows)>::value_type;
    std::span<Cell Row::* const> cells = CellsOf<Row>();
    for (const Row& row : rows) {
      for (size_t c = 0; c < cells.size(); ++c) {
        if (c > 0) out += ',';
        AppendField(out, (row.*cells[c]).text);
      }
      out += '\n';
    }
  });
  return out;
}

core::Result<LacExportSummary> ExportLac(access::Gate& gate, const access::Actor& actor,
                                         int year, const std::filesystem::path& folder) {
  if (year < kFirstLacYear || year > kLastLacYear) {
    return Fail(Code::kOutOfRange, fmt::format("collection year {} is not one Safeguard writes "
                                               "({} to {})",
                                               year, kFirstLacYear, kLastLacYear));
  }
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) {
    return Fail(Code::kUnavailable,
                fmt::format("cannot create the folder {}: {}", folder.string(), error.message()));
  }
  LacExportSummary summary;
  summary.collection_year = year;
  summary.folder = folder;
  LacReturn lac;
  lac.collection_year = year;
  std::vector<std::filesystem::path> staged;
  auto discard = [&] {
    for (const auto& path : staged) std::filesystem::remove(path, error);
  };
  core::Status done =
      gate.Run(actor, access::Action::kExportReturn, [&](access::AuditNote& note) -> core::Status {
        store::LacStore store(gate.database());
        Builder builder(lac);
        SG_RETURN_IF_ERROR(store.ForEachChild(year, [&](const store::LacChild& child) {
          builder.Child(child);
          return core::Status{};
        }));
        summary.children = lac.header.size();
        summary.episodes = lac.episodes.size();
        std::vector<std::pair<std::filesystem::path, std::filesystem::path>> moves;
        for (const LacTableSpec& spec : AllLacTables()) {
          if (!CollectedIn(spec.table, year)) continue;
          std::filesystem::path path = folder / spec.file_name;
          std::filesystem::path temp = folder / ("." + std::string(spec.file_name) + ".tmp");
          std::string csv = LacTableCsv(lac, spec.table);
          std::ofstream out(temp, std::ios::binary | std::ios::trunc);
          staged.push_back(temp);
          out.write(csv.data(), static_cast<std::streamsize>(csv.size()));
          out.close();
          if (!out) {
            return Fail(Code::kUnavailable, fmt::format("cannot write {}", temp.string()));
          }
          summary.bytes += csv.size();
          ++summary.files;
          moves.emplace_back(temp, path);
        }
        note.action = "export";
        note.entity = "ssda903";
        note.entity_id = std::to_string(year);
        note.details = nlohmann::json{{"children", summary.children},
                                      {"folder", folder.filename().string()}}
                           .dump();
        // The files are put in place inside the transaction, so the audit
        // row is written only for an export that exists.
        for (const auto& [from, to] : moves) {
          std::filesystem::rename(from, to, error);
          if (error) {
            return Fail(Code::kUnavailable,
                        fmt::format("cannot write {}: {}", to.string(), error.message()));
          }
        }
        staged.clear();
        return {};
      });
  if (!done) {
    discard();
    return std::unexpected(done.error());
  }
  return summary;
}

}  // namespace sg::returns
