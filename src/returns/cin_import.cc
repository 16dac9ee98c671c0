#include "returns/cin_import.h"

#include <charconv>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "returns/cin_reader.h"
#include "store/census_store.h"
#include "store/journey_store.h"

namespace sg::returns {
namespace {

constexpr size_t kWarningsKept = 1000;

std::optional<std::string> TextOrNone(const Item& item) {
  if (item.missing()) return std::nullopt;
  return item.text;
}

// The census's sex codes as the journey keeps them (M, F, U).
std::string SexOf(const CinChild& child) {
  if (!child.sex.missing()) return child.sex.text == "M" || child.sex.text == "F" ? child.sex.text : "U";
  if (child.gender_current.text == "1") return "M";
  if (child.gender_current.text == "2") return "F";
  return "U";
}

// Maps one child of the file to the store's census records, leaving out
// what the records cannot hold and saying why.
class Mapper {
 public:
  Mapper(CinImportSummary& summary) : summary_(summary) {}

  std::optional<store::CensusChild> Map(const CinChild& c) {
    child_ = c.la_child_id.text.empty() ? "(no LA child id)" : c.la_child_id.text;
    if (c.la_child_id.missing()) {
      Warn(c.at, "the child has no LAchildID and was not imported");
      return std::nullopt;
    }
    if (!c.birth_date.date && !c.expected_birth_date.date) {
      Warn(c.at, "the child has neither a valid PersonBirthDate nor an ExpectedPersonBirthDate "
                 "and was not imported");
      return std::nullopt;
    }
    store::CensusChild out;
    store::Person& p = out.person;
    p.la_child_id = c.la_child_id.text;
    p.upn = TextOrNone(c.upn);
    out.former_upn = TextOrNone(c.former_upn);
    out.upn_unknown = TextOrNone(c.upn_unknown);
    p.sex = SexOf(c);
    p.ethnicity = c.ethnicity.text;
    p.birth_date = c.birth_date.date;
    p.expected_birth_date = c.expected_birth_date.date;
    p.death_date = c.death_date.date;
    for (const Item& d : c.disabilities) {
      if (!d.missing()) p.disabilities.push_back(d.text);
    }
    for (const CinEpisode& e : c.episodes) {
      if (auto episode = MapEpisode(e)) out.episodes.push_back(std::move(*episode));
    }
    return out;
  }

 private:
  void Warn(Position at, std::string_view what) {
    ++summary_.warnings_total;
    if (summary_.warnings.size() < kWarningsKept) {
      summary_.warnings.push_back(fmt::format("line {}: child {}: {}", at.line, child_, what));
    }
  }

  // An end date, unless it lies before its start (then left out, with a warning).
  std::optional<core::Date> End(const DateItem& end, core::Date start, std::string_view what) {
    if (!end.date) return std::nullopt;
    if (*end.date < start) {
      Warn(end.at, fmt::format("{} {} is before its start {}; the end was left out", what,
                               end.date->Iso(), start.Iso()));
      return std::nullopt;
    }
    return end.date;
  }

  std::optional<store::CensusEpisode> MapEpisode(const CinEpisode& e) {
    if (!e.referral_date.date) {
      Warn(e.at, "a CINdetails module has no valid CINreferralDate and was not imported");
      return std::nullopt;
    }
    store::CensusEpisode out;
    core::Date referred = *e.referral_date.date;
    store::Referral& r = out.referral;
    r.referral_date = referred;
    r.referral_source = e.referral_source.text;
    r.primary_need = TextOrNone(e.primary_need);
    r.nfa = e.nfa.value.value_or(false);
    r.closure_date = End(e.closure_date, referred, "CINclosureDate");
    if (r.closure_date) {
      r.closure_reason = e.closure_reason.text;
    } else if (!e.closure_reason.missing()) {
      Warn(e.closure_reason.at, "ReasonForClosure without a valid CINclosureDate was left out");
    }
    out.icpc_date = e.icpc_date.date;
    for (const CinAssessment& a : e.assessments) {
      if (!a.start.date) {
        Warn(a.at, "an assessment with no valid start date was not imported");
        continue;
      }
      store::Assessment stored;
      stored.start = *a.start.date;
      stored.authorised = End(a.authorised, stored.start, "AssessmentAuthorisationDate");
      for (const Item& f : a.factors) {
        if (!f.missing()) stored.factors.push_back(f.text);
      }
      out.assessments.push_back(std::move(stored));
      ++summary_.assessments;
    }
    for (const CinPlanDates& p : e.cin_plans) {
      if (!p.start.date) {
        Warn(p.at, "a CIN plan with no valid start date was not imported");
        continue;
      }
      out.cin_plans.push_back(store::CinPlan{0, {}, 0, *p.start.date,
                                             End(p.end, *p.start.date, "CINPlanEndDate")});
      ++summary_.cin_plans;
    }
    for (const CinSection47& s : e.section47s) {
      if (!s.start.date) {
        Warn(s.at, "a section 47 enquiry with no valid start date was not imported");
        continue;
      }
      store::CensusSection47 stored;
      stored.enquiry.start = *s.start.date;
      stored.enquiry.icpc_target = s.icpc_target.date;
      stored.enquiry.icpc_not_required = s.icpc_not_required.value.value_or(false);
      stored.icpc_date = s.icpc_date.date;
      if (stored.icpc_date) ++summary_.icpcs;
      out.section47s.push_back(std::move(stored));
      ++summary_.section47s;
    }
    if (out.icpc_date) ++summary_.icpcs;
    for (const CinProtectionPlan& p : e.cp_plans) MapPlan(p, out);
    ++summary_.referrals;
    return out;
  }

  void MapPlan(const CinProtectionPlan& p, store::CensusEpisode& out) {
    if (!p.start.date) {
      Warn(p.at, "a child protection plan with no valid start date was not imported");
      return;
    }
    store::CensusCpPlan stored;
    stored.plan.start = *p.start.date;
    stored.plan.end = End(p.end, stored.plan.start, "CPPendDate");
    stored.plan.initial_category = p.initial_category.text;
    stored.plan.latest_category = p.latest_category.text;
    int previous = 0;
    const std::string& count = p.previous_plans.text;
    auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), previous);
    if (ec != std::errc() || end != count.data() + count.size() || previous < 0) {
      if (!p.previous_plans.missing()) {
        Warn(p.previous_plans.at,
             fmt::format("NumberOfPreviousCPP '{}' is not a count; 0 was stored", count));
      }
      previous = 0;
    }
    stored.plan.previous_plans = previous;
    for (const DateItem& review : p.reviews) {
      if (review.date) stored.reviews.push_back(*review.date);
    }
    summary_.cp_reviews += stored.reviews.size();
    out.cp_plans.push_back(std::move(stored));
    ++summary_.cp_plans;
  }

  CinImportSummary& summary_;
  std::string child_;
};

// Saves each child as the reader delivers it.
class Importer final : public CinVisitor {
 public:
  Importer(store::Database& db, const core::Clock& clock, CinImportSummary& summary)
      : census_(db), journey_(db), created_at_(clock.NowUtc()), summary_(summary), mapper_(summary) {}

  core::Status Begin(int collection_year) override {
    summary_.collection_year = collection_year;
    as_at_ = core::Date::FromYmd(collection_year, 3, 31);
    return {};
  }

  core::Status Header(const CinHeader& header) override {
    if (header.reference_date.date) as_at_ = *header.reference_date.date;
    // The first authority number seen becomes the database's own, so that an
    // export writes the header the import read.
    if (!header.lea.missing()) {
      SG_ASSIGN_OR_RETURN(auto known, journey_.GetSetting("la_number"));
      if (!known) SG_RETURN_IF_ERROR(journey_.PutSetting("la_number", header.lea.text));
    }
    return {};
  }

  core::Status Child(CinChild&& child) override {
    std::optional<store::CensusChild> mapped = mapper_.Map(child);
    if (!mapped) return {};
    SG_ASSIGN_OR_RETURN(store::CensusChanges changes,
                        census_.SaveChild(*mapped, as_at_, created_at_));
    summary_.rows_added += changes.added;
    summary_.rows_updated += changes.updated;
    ++summary_.children;
    return {};
  }

 private:
  store::CensusStore census_;
  store::JourneyStore journey_;
  std::string created_at_;
  CinImportSummary& summary_;
  Mapper mapper_;
  core::Date as_at_;
};

}  // namespace

core::Result<CinImportSummary> ImportCinFile(access::Gate& gate, const access::Actor& actor,
                                             const std::string& path,
                                             const CinImportOptions& options) {
  CinImportSummary summary;
  summary.file = path;
  core::Status done =
      gate.Run(actor, access::Action::kImportReturn, [&](access::AuditNote& note) -> core::Status {
        Importer importer(gate.database(), gate.clock(), summary);
        CinReadOptions read;
        read.progress = options.progress;
        SG_ASSIGN_OR_RETURN(CinReadResult result, ReadCinFile(path, importer, read));
        summary.bytes = result.bytes;
        note.action = "import";
        note.entity = "cin-census";
        note.entity_id = std::filesystem::path(path).filename().string();
        note.details = nlohmann::json{{"collection_year", summary.collection_year},
                                      {"children", summary.children},
                                      {"rows_added", summary.rows_added},
                                      {"rows_updated", summary.rows_updated},
                                      {"warnings", summary.warnings_total}}
                           .dump();
        return {};
      });
  if (!done) return std::unexpected(done.error().WithContext(path));
  return summary;
}

}  // namespace sg::returns
