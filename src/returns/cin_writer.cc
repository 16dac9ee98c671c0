#include "returns/cin_writer.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace sg::returns {
namespace {

using core::Code;
using core::Date;
using core::Fail;

// A date as the census shows it: only if it had happened by the reference date.
std::optional<Date> Known(const std::optional<Date>& date, Date reference) {
  if (date && *date <= reference) return date;
  return std::nullopt;
}

// A record running from `start` to `end` (open when empty) was open at some
// point in the census year.
bool OpenIn(Date start, const std::optional<Date>& end, const core::Period& year) {
  return start <= year.end && (!end || *end >= year.start);
}

std::string GenderCurrent(std::string_view sex) {
  if (sex == "M") return "1";
  if (sex == "F") return "2";
  return "0";
}

std::optional<std::string> NonEmpty(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  return text;
}

}  // namespace

CinCensusWriter::CinCensusWriter(std::FILE* out, int collection_year)
    : out_(out), year_(collection_year), period_(core::ReportingYear(collection_year)) {}

void CinCensusWriter::Header(const std::string& la_number, const std::string& now_utc) {
  xml_.Open("Message");
  xml_.Open("Header");
  xml_.Open("CollectionDetails");
  xml_.Leaf("Collection", std::string_view("CIN"));
  xml_.Leaf("Year", std::string_view(std::to_string(year_)));
  xml_.Leaf("ReferenceDate", std::string_view(period_.end.Iso()));
  xml_.Close();
  xml_.Open("Source");
  xml_.Leaf("SourceLevel", std::string_view("L"));
  xml_.Leaf("LEA", std::string_view(la_number));
  xml_.Leaf("SoftwareCode", std::string_view("Safeguard"));
  xml_.Leaf("Release", std::string_view("1"));
  xml_.Leaf("SerialNo", std::string_view("001"));
  // xs:dateTime without a zone designator, as the DfE examples write it.
  xml_.Leaf("DateTime", std::string_view(now_utc.substr(0, 19)));
  xml_.Close();
  xml_.Close();
  xml_.Open("Children");
}

core::Status CinCensusWriter::Child(const store::CensusChild& c) {
  const store::Person& p = c.person;
  xml_.Open("Child");
  xml_.Open("ChildIdentifiers");
  xml_.Leaf("LAchildID", p.la_child_id);
  xml_.Leaf("UPN", NonEmpty(p.upn));
  xml_.Leaf("FormerUPN", NonEmpty(c.former_upn));
  xml_.Leaf("UPNunknown", NonEmpty(c.upn_unknown));
  xml_.Leaf("PersonBirthDate", p.birth_date);
  xml_.Leaf("ExpectedPersonBirthDate", p.expected_birth_date);
  if (year_ >= 2025) {
    xml_.Leaf("Sex", std::string_view(p.sex));
  } else {
    xml_.Leaf("GenderCurrent", std::string_view(GenderCurrent(p.sex)));
  }
  xml_.Leaf("PersonDeathDate", Known(p.death_date, period_.end));
  xml_.Close();
  xml_.Open("ChildCharacteristics");
  xml_.Leaf("Ethnicity", std::string_view(p.ethnicity));
  if (!p.disabilities.empty()) {
    xml_.Open("Disabilities");
    for (const std::string& d : p.disabilities) xml_.Leaf("Disability", std::string_view(d));
    xml_.Close();
  }
  xml_.Close();
  for (const store::CensusEpisode& e : c.episodes) Episode(e);
  xml_.Close();
  ++children_;
  return Flush();
}

core::Status CinCensusWriter::Finish() {
  xml_.Close();  // Children
  xml_.Close();  // Message
  return Flush();
}

void CinCensusWriter::Episode(const store::CensusEpisode& e) {
  const store::Referral& r = e.referral;
  const Date reference = period_.end;
  xml_.Open("CINdetails");
  xml_.Leaf("CINreferralDate", std::optional<Date>(r.referral_date));
  xml_.Leaf("ReferralSource", std::string_view(r.referral_source));
  xml_.Leaf("PrimaryNeedCode", NonEmpty(r.primary_need));
  std::optional<Date> closure = Known(r.closure_date, reference);
  xml_.Leaf("CINclosureDate", closure);
  if (closure) xml_.Leaf("ReasonForClosure", NonEmpty(r.closure_reason));
  xml_.Leaf("DateOfInitialCPC", Known(e.icpc_date, reference));
  for (const store::Assessment& a : e.assessments) {
    if (!OpenIn(a.start, a.authorised, period_)) continue;
    xml_.Open("Assessments");
    xml_.Leaf("AssessmentActualStartDate", std::optional<Date>(a.start));
    std::optional<Date> authorised = Known(a.authorised, reference);
    xml_.Leaf("AssessmentAuthorisationDate", authorised);
    if (authorised && !a.factors.empty()) {
      xml_.Open("FactorsIdentifiedAtAssessment");
      for (const std::string& f : a.factors) xml_.Leaf("AssessmentFactors", std::string_view(f));
      xml_.Close();
    }
    xml_.Close();
  }
  if (year_ >= 2022) {
    for (const store::CinPlan& p : e.cin_plans) {
      if (!OpenIn(p.start, p.end, period_)) continue;
      xml_.Open("CINPlanDates");
      xml_.Leaf("CINPlanStartDate", std::optional<Date>(p.start));
      xml_.Leaf("CINPlanEndDate", Known(p.end, reference));
      xml_.Close();
    }
  }
  for (const store::CensusSection47& s : e.section47s) {
    if (!OpenIn(s.enquiry.start, s.icpc_date, period_)) continue;
    xml_.Open("Section47");
    xml_.Leaf("S47ActualStartDate", std::optional<Date>(s.enquiry.start));
    xml_.Leaf("InitialCPCtarget", s.enquiry.icpc_target);
    xml_.Leaf("DateOfInitialCPC", Known(s.icpc_date, reference));
    xml_.Leaf("ICPCnotRequired", std::string_view(s.enquiry.icpc_not_required ? "1" : "0"));
    xml_.Close();
  }
  xml_.Leaf("ReferralNFA", std::string_view(r.nfa ? "1" : "0"));
  for (const store::CensusCpPlan& c : e.cp_plans) Plan(c);
  xml_.Close();
  ++referrals_;
}

void CinCensusWriter::Plan(const store::CensusCpPlan& c) {
  const store::CpPlan& p = c.plan;
  if (!OpenIn(p.start, p.end, period_)) return;
  xml_.Open("ChildProtectionPlans");
  xml_.Leaf("CPPstartDate", std::optional<Date>(p.start));
  xml_.Leaf("CPPendDate", Known(p.end, period_.end));
  xml_.Leaf("InitialCategoryOfAbuse", std::string_view(p.initial_category));
  xml_.Leaf("LatestCategoryOfAbuse", std::string_view(p.latest_category));
  xml_.Leaf("NumberOfPreviousCPP", std::string_view(std::to_string(p.previous_plans)));
  std::vector<Date> reviews;
  for (Date d : c.reviews) {
    if (period_.Contains(d)) reviews.push_back(d);
  }
  if (!reviews.empty()) {
    xml_.Open("Reviews");
    for (Date d : reviews) xml_.Leaf("CPPreviewDate", std::optional<Date>(d));
    xml_.Close();
  }
  xml_.Close();
}

core::Status CinCensusWriter::Flush() {
  std::string& buffer = xml_.buffer();
  if (buffer.size() < (1 << 20) && !xml_.balanced()) return {};
  if (std::fwrite(buffer.data(), 1, buffer.size(), out_) != buffer.size()) {
    return Fail(Code::kUnavailable, fmt::format("cannot write: {}", std::strerror(errno)));
  }
  bytes_ += buffer.size();
  buffer.clear();
  return {};
}

}  // namespace sg::returns
