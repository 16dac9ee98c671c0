// The indicator catalogue: one entry per id of INDICATORS.md, in its order.
// docs/indicators.md is rendered from this table (catalogue_test.cc fails
// when the two differ), so a rule is written once, here.
#include <algorithm>
#include <cassert>
#include <cmath>

#include <fmt/format.h>

#include "indicators/indicator.h"

namespace sg::indicators {
namespace {

constexpr std::string_view kFrontDoor = "Front door";
constexpr std::string_view kCin = "Referrals, assessments and children in need";
constexpr std::string_view kProtection = "Section 47 enquiries and child protection";
constexpr std::string_view kCare = "Cared-for children and care leavers";

constexpr std::string_view kLocal =
    "Contacts recorded in Safeguard (or imported from the SSD); a local measure: DfE publishes "
    "no contact statistics.";
constexpr std::string_view kCinCensus =
    "Referrals and their assessments, plans and enquiries (recorded in Safeguard or imported "
    "from the CIN census); DfE Characteristics of children in need";
constexpr std::string_view kLac =
    "Care episodes (recorded in Safeguard or imported from the SSDA903 return); DfE Children "
    "looked after in England";
constexpr std::string_view kLeavers =
    "Care-leaver contacts (recorded in Safeguard or the SSDA903 OC3 table); DfE Children looked "
    "after in England, care leavers";

using enum Unit;
using enum Polarity;
using enum Measure;

constexpr Definition kCatalogue[] = {
    // Front door.
    {"contacts", kFrontDoor, "Contacts",
     "Contacts with contact date in the period; a contact about several children counts once per "
     "child.",
     kLocal, kCount, kNeutral},
    {"contacts_to_referral_pct", kFrontDoor, "Contacts converted to referral",
     "% of those contacts whose outcome is a referral to children's social care.", kLocal,
     kPercent, kNeutral},
    {"contacts_child_exploitation", kFrontDoor, "Child exploitation contacts",
     "Contacts in the period with child exploitation (sexual or criminal) recorded as a factor.",
     kLocal, kCount, kNeutral},
    {"children_child_exploitation_contacts", kFrontDoor, "Children with a child exploitation contact",
     "Distinct children among those contacts.", kLocal, kCount, kNeutral},
    {"contacts_child_exploitation_screening_pct", kFrontDoor,
     "Child exploitation contacts with a screening tool",
     "% of child exploitation contacts with a child exploitation screening tool attached (a tool "
     "whose name mentions child exploitation or begins \"CE\").",
     kLocal, kPercent, kHigherIsBetter},
    {"contacts_child_exploitation_to_referral", kFrontDoor,
     "Child exploitation contacts converted to referral",
     "Child exploitation contacts whose outcome is a referral.", kLocal, kCount, kNeutral},
    {"early_help_started", kFrontDoor, "Early help episodes started",
     "Early help episodes starting in the period.",
     "Early help episodes recorded in Safeguard; a local measure.", kCount, kNeutral},

    // Referrals, assessments, children in need.
    {"referrals", kCin, "Referrals",
     "Referrals (CIN episodes) with referral date in the period, NFA referrals included.",
     kCinCensus, kCount, kNeutral},
    {"referrals_nfa", kCin, "Referrals with no further action",
     "Of those, referrals marked no further action.", kCinCensus, kCount, kNeutral},
    {"referral_rate_per_10k", kCin, "Referral rate per 10,000 children",
     "Referrals per 10,000 children aged 0-17 (ONS mid-year estimate for the year before the "
     "reporting year ends).",
     kCinCensus, kPer10k, kNeutral},
    {"rereferrals_12m_pct", kCin, "Re-referrals within 12 months",
     "% of referrals for which the same child has an earlier referral dated on or after "
     "add_months(this referral date, -12) and before this referral date; the earlier referral may "
     "lie before the period and may be NFA. A second referral on the same day is not a "
     "re-referral (its partner is not before it).",
     kCinCensus, kPercent, kLowerIsBetter},
    {"assessments_completed", kCin, "Assessments completed",
     "Assessments with authorisation date in the period.", kCinCensus, kCount, kNeutral},
    {"assessments_within_45wd_pct", kCin, "Assessments completed within 45 working days",
     "% of those with WD(assessment start, authorisation) <= 45 (the DfE measure); an "
     "authorisation before the start is a data error and is left out.",
     kCinCensus, kPercent, kHigherIsBetter},
    {"assessments_within_45wd_of_referral_pct", kCin,
     "Assessments completed within 45 working days of referral",
     "% of those with WD(referral date, authorisation) <= 45 (the Working Together measure); an "
     "authorisation before the referral date is a data error and is left out.",
     kCinCensus, kPercent, kHigherIsBetter},
    {"cin_at_31_march", kCin, "Children in need at 31 March",
     "CIN episodes open at the end of the period (31 March for a year), excluding NFA referrals; "
     "those awaiting assessment are included. Open means referred on or before that day and not "
     "closed on or before it: an episode closed on 31 March is not open at 31 March.",
     kCinCensus, kCount, kNeutral, kStock},
    {"cin_rate_per_10k", kCin, "Children in need per 10,000 children",
     "Children in need at 31 March per 10,000 children aged 0-17.", kCinCensus, kPer10k,
     kNeutral, kStock},
    {"cin_started", kCin, "Children in need episodes started",
     "Referrals in the period that are neither NFA nor closed with reason RC8 or RC9 by the end "
     "of the period (a referral closed RC8 or RC9 after the period ends was open at its end and "
     "counts as started, as the census would have returned it then).",
     kCinCensus, kCount, kNeutral},

    // Section 47 and child protection.
    {"s47_started", kProtection, "Section 47 enquiries started",
     "Section 47 enquiries with start date (the initiating strategy discussion) in the period.",
     kCinCensus, kCount, kNeutral},
    {"icpc_held", kProtection, "Initial child protection conferences",
     "Initial child protection conferences dated in the period, whether recorded under a "
     "section 47 or at referral level (transfer-in).",
     kCinCensus, kCount, kNeutral},
    {"s47_to_icpc_pct", kProtection, "Section 47 enquiries leading to an ICPC",
     "Initial conferences held ÷ section 47 enquiries started × 100 (same period, not "
     "cohort-linked, as DfE), so it can exceed 100.",
     kCinCensus, kPercent, kNeutral},
    {"icpc_within_15wd_pct", kProtection, "ICPCs within 15 working days",
     "Of ICPCs in the period recorded under a section 47 whose start is on or before the ICPC: % "
     "with WD(section 47 start, ICPC) <= 15. Transfer-in conferences are left out, and so is a "
     "conference dated before its section 47 (a data error); both still count in the ICPCs held.",
     kCinCensus, kPercent, kHigherIsBetter},
    {"cpp_started", kProtection, "Child protection plans started",
     "Child protection plans starting in the period.", kCinCensus, kCount, kNeutral},
    {"cpp_started_neglect", kProtection, "Plans started: neglect",
     "Plans starting in the period with initial category NEG.", kCinCensus, kCount, kNeutral},
    {"cpp_started_physical", kProtection, "Plans started: physical abuse",
     "Plans starting in the period with initial category PHY.", kCinCensus, kCount, kNeutral},
    {"cpp_started_sexual", kProtection, "Plans started: sexual abuse",
     "Plans starting in the period with initial category SAB.", kCinCensus, kCount, kNeutral},
    {"cpp_started_emotional", kProtection, "Plans started: emotional abuse",
     "Plans starting in the period with initial category EMO.", kCinCensus, kCount, kNeutral},
    {"cpp_started_multiple", kProtection, "Plans started: multiple categories",
     "Plans starting in the period with initial category MUL.", kCinCensus, kCount, kNeutral},
    {"cpp_second_or_subsequent_pct", kProtection, "Plans that are a second or subsequent plan",
     "% of plans starting in the period for a child who had an earlier plan at any time: the "
     "return's previous-plan count is above 0, or a plan of the same child starting before this "
     "one is on record (a second plan starting the same day is not an earlier plan).",
     kCinCensus, kPercent, kLowerIsBetter},
    {"cpp_at_31_march", kProtection, "Child protection plans at 31 March",
     "Plans open at the end of the period: started on or before it and not ended on or before "
     "it (a plan ending on 31 March is not open at 31 March).", kCinCensus, kCount, kNeutral, kStock},
    {"cpp_rate_per_10k", kProtection, "Child protection plans per 10,000 children",
     "Plans at 31 March per 10,000 children aged 0-17.", kCinCensus, kPer10k, kNeutral, kStock},
    {"cpp_ended_2y_plus_pct", kProtection, "Plans ending after 2 years or more",
     "% of plans ending in the period with end - start >= 729 days. A plan ending before it "
     "starts (a data error) is left out.",
     kCinCensus, kPercent, kLowerIsBetter},
    {"cpp_open_2y_plus_pct", kProtection, "Plans open for 2 years or more",
     "% of plans open at 31 March with 31 March - start >= 729 days.", kCinCensus, kPercent,
     kLowerIsBetter, kStock},
    {"cpp_reviews_in_time_pct", kProtection, "Child protection plans reviewed in time",
     "Of plans open at 31 March that started on or before add_months(31 March, -3): % where the "
     "first review was <= add_months(start, 3), every later review <= add_months(previous review, "
     "6), and the next review due after the last one held (or after the start, if none) is not "
     "before 31 March. 31 March is the period's last day; only reviews on or before it count. A "
     "plan with a review on or before its start (a data error, CIN rule 8841) is left out.",
     kCinCensus, kPercent, kHigherIsBetter, kStock},

    // Children looked after and care leavers.
    {"cla_at_31_march", kCare, "Cared-for children at 31 March",
     "Children with a care episode open at the end of the period: started on or before it and "
     "not ended by it (an episode ending on 31 March is not open; one starting that day is). "
     "Each child counts once. Short-break episodes (legal status V3 or V4) are excluded from "
     "every cared-for measure, so a child whose only open episode is a short break is not "
     "counted.",
     kLac, kCount, kNeutral, kStock},
    {"cla_rate_per_10k", kCare, "Cared-for children per 10,000 children",
     "Cared-for children at 31 March per 10,000 children aged 0-17.", kLac, kPer10k, kNeutral, kStock},
    {"cla_started", kCare, "Children starting to be cared for",
     "Children starting a new period of care in the period (an episode with reason for new "
     "episode S); a child who starts more than once counts once.",
     kLac, kCount, kNeutral},
    {"cla_ceased", kCare, "Children ceasing to be cared for",
     "Children whose period of care ended in the period (an episode ending with a reason other "
     "than X1, which only changes the episode; an end with no reason recorded counts); only the "
     "last cessation of each child in the period counts, and the breakdowns below use its reason "
     "and date.",
     kLac, kCount, kNeutral},
    {"cla_ceased_adopted", kCare, "Ceased: adopted", "Of those, reason E11 or E12.", kLac, kCount,
     kNeutral},
    {"cla_ceased_sgo", kCare, "Ceased: special guardianship order",
     "Of those, reason E43, E44, E45, E46, E47 or E48.", kLac, kCount, kNeutral},
    {"cla_ceased_aged_18", kCare, "Ceased: aged 18 or over",
     "Of those, aged 18 or over on the day care ended (whole years from the date of birth; a 29 "
     "February birthday falls on 28 February in other years; no date of birth recorded: not "
     "counted).",
     kLac, kCount, kNeutral},
    {"cla_placement_foster_pct", kCare, "Cared-for children in foster care",
     "% of cared-for children at 31 March whose placement then is U1-U6 (a child with two open "
     "episodes, a recording error, is measured at the one that started last).",
     kLac, kPercent, kHigherIsBetter, kStock},
    {"cla_placement_residential_home_pct", kCare, "Cared-for children in residential homes",
     "% whose placement at 31 March is K1, K2 or R1.", kLac, kPercent, kLowerIsBetter, kStock},
    {"cla_placement_residential_school_pct", kCare, "Cared-for children in residential schools",
     "% whose placement at 31 March is S1.", kLac, kPercent, kNeutral, kStock},
    {"cla_outside_la_over_20_miles_pct", kCare,
     "Cared-for children placed outside the authority and over 20 miles from home",
     "% whose placement at 31 March is outside the authority and more than 20.0 miles from home "
     "(straight line between home and placement postcodes, miles to 1 decimal place: 20.0 is "
     "not over, 20.1 is); an unknown distance or placement location counts in the denominator "
     "only.",
     kLac, kPercent, kLowerIsBetter, kStock},
    {"cla_uasc_at_31_march", kCare, "Unaccompanied asylum-seeking cared-for children",
     "Of cared-for children at 31 March, those recorded as unaccompanied asylum-seeking whose "
     "UASC status had not ceased by that day (ceasing on 31 March itself means not UASC at 31 "
     "March).",
     kLac, kCount, kNeutral, kStock},
    {"care_leavers_in_touch", kCare, "Care leavers in touch",
     "Care leavers whose 17th to 21st birthday falls in the period, not looked after on that "
     "birthday, recorded as in touch (YES) at the contact for that birthday. Not looked after: "
     "no episode other than V3/V4 open on the birthday (care that ends on the birthday is over). "
     "A care leaver: a young person with a care-leaver contact on record, or whose care (an "
     "episode other than V3/V4) ended with a reason other than X1 on or after their 16th "
     "birthday and on or before the birthday measured. The contact for a birthday is the last "
     "contact dated from add_months(birthday, -3) to add_months(birthday, 1); a 29 February "
     "birthday falls on 28 February in other years. Each young person counts once, at the last "
     "of their 17th-21st birthdays in the period (a year holds at most one).",
     kLeavers, kCount, kHigherIsBetter},
    {"care_leavers_19_21_eet_pct", kCare, "Care leavers aged 19-21 in education, employment or "
                                          "training",
     "Of care leavers (as for care leavers in touch) whose 19th, 20th or 21st birthday falls in "
     "the period, not looked after on it, leaving out those whose contact for the birthday "
     "records that they died (DIED) or returned home (RHOM), as DfE does: % in education, "
     "employment or training at that contact (activity F1, P1, F2, P2, F4, P4, F5, P5, and F3, "
     "P3 as used until 2020-21). No contact for the birthday counts in the denominator as not "
     "known.",
     kLeavers, kPercent, kHigherIsBetter},
    {"care_leavers_19_21_suitable_accommodation_pct", kCare,
     "Care leavers aged 19-21 in suitable accommodation",
     "Of the same cohort, excluding those whose accommodation at the contact for the birthday is "
     "G (gone abroad), H (deported) or R (residence not known): % whose accommodation code ends "
     "in 1 (suitable). No contact for the birthday counts in the denominator as not suitable.",
     kLeavers, kPercent, kHigherIsBetter},
};

}  // namespace

std::span<const Definition> Catalogue() { return kCatalogue; }

const Definition* FindDefinition(std::string_view id) {
  auto it = std::find_if(std::begin(kCatalogue), std::end(kCatalogue),
                         [&](const Definition& d) { return d.id == id; });
  return it == std::end(kCatalogue) ? nullptr : &*it;
}

bool ComparableWithYearlyFigure(const Definition& def) {
  return def.unit == kPercent || def.measure == kStock;
}

std::string_view UnitName(Unit unit) {
  switch (unit) {
    case kCount: return "count";
    case kPercent: return "percent";
    case kPer10k: return "per_10k";
  }
  return "count";
}

std::string_view PolarityName(Polarity p) {
  switch (p) {
    case kHigherIsBetter: return "higher_is_better";
    case kLowerIsBetter: return "lower_is_better";
    case kNeutral: return "neutral";
  }
  return "neutral";
}

std::string CatalogueMarkdown() {
  std::string md =
      "# Indicators\n\n"
      "<!-- Generated from src/indicators/catalogue.cc by `safeguard indicators --catalogue`; "
      "catalogue_test.cc fails when the two differ. -->\n\n"
      "Every indicator Safeguard computes, with its counting rule and source. The ids and rules "
      "are those of the project's indicator contract (INDICATORS.md); where a rule had to be "
      "chosen, the choice is written into the rule below.\n\n"
      "Conventions: a reporting year Y runs from 1 April Y-1 to 31 March Y; a quarter is Q1 "
      "April-June to Q4 January-March; \"at 31 March\" is taken on the last day of the period "
      "asked for (so a quarter is measured at its end), and something ending on that day is no "
      "longer open. WD(a, b) counts the working days d with a < d <= b (Monday to Friday except "
      "England and Wales bank holidays). Percentages and rates are rounded to one decimal place, "
      "half away from zero. Rates are per 10,000 children aged 0-17 (ONS mid-year estimate for "
      "mid-(Y-1), shipped with the DfE benchmark files). A value that cannot be computed (an "
      "empty denominator, an unknown population) is null with a reason, never 0.\n";
  std::string_view section;
  for (const Definition& d : Catalogue()) {
    if (d.section != section) {
      section = d.section;
      md += fmt::format("\n## {}\n\n| id | indicator | unit | polarity | rule | source |\n"
                        "|---|---|---|---|---|---|\n",
                        section);
    }
    md += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", d.id, d.title, UnitName(d.unit),
                      PolarityName(d.polarity), d.rule, d.source);
  }
  return md;
}

double RoundOneDecimal(double x) {
  // Scale, round half away from zero, unscale; the nudge absorbs binary
  // representation error (2.25 is exact, but 0.35 * 10 is 3.4999...).
  double scaled = x * 10.0;
  double rounded = std::round(scaled + (scaled >= 0 ? 1e-9 : -1e-9));
  return rounded / 10.0;
}

}  // namespace sg::indicators
