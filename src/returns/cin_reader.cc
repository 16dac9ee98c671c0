#include "returns/cin_reader.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>

#include "returns/cin_schemas.h"

namespace sg::returns {
namespace {

using core::Code;
using core::Fail;

enum class Tag {
  kOther,
  kMessage, kHeader, kCollectionDetails, kCollection, kYear, kReferenceDate, kSource,
  kSourceLevel, kLea, kSoftwareCode, kRelease, kSerialNo, kDateTime,
  kChildren, kChild,
  kChildIdentifiers, kLaChildId, kUpn, kFormerUpn, kUpnUnknown, kPersonBirthDate,
  kExpectedPersonBirthDate, kGenderCurrent, kSex, kPersonDeathDate,
  kChildCharacteristics, kEthnicity, kDisabilities, kDisability,
  kCinDetails, kCinReferralDate, kReferralSource, kPrimaryNeedCode, kCinClosureDate,
  kReasonForClosure, kDateOfInitialCpc, kReferralNfa,
  kAssessments, kAssessmentActualStartDate, kAssessmentInternalReviewDate,
  kAssessmentAuthorisationDate, kFactorsIdentifiedAtAssessment, kAssessmentFactors,
  kCinPlanDates, kCinPlanStartDate, kCinPlanEndDate,
  kSection47, kS47ActualStartDate, kInitialCpcTarget, kIcpcNotRequired,
  kChildProtectionPlans, kCppStartDate, kCppEndDate, kInitialCategoryOfAbuse,
  kLatestCategoryOfAbuse, kNumberOfPreviousCpp, kReviews, kCppReviewDate,
};

Tag TagOf(std::string_view name) {
  static const std::unordered_map<std::string_view, Tag> kTags = {
      {"Message", Tag::kMessage}, {"Header", Tag::kHeader},
      {"CollectionDetails", Tag::kCollectionDetails}, {"Collection", Tag::kCollection},
      {"Year", Tag::kYear}, {"ReferenceDate", Tag::kReferenceDate}, {"Source", Tag::kSource},
      {"SourceLevel", Tag::kSourceLevel}, {"LEA", Tag::kLea},
      {"SoftwareCode", Tag::kSoftwareCode}, {"Release", Tag::kRelease},
      {"SerialNo", Tag::kSerialNo}, {"DateTime", Tag::kDateTime},
      {"Children", Tag::kChildren}, {"Child", Tag::kChild},
      {"ChildIdentifiers", Tag::kChildIdentifiers}, {"LAchildID", Tag::kLaChildId},
      {"UPN", Tag::kUpn}, {"FormerUPN", Tag::kFormerUpn}, {"UPNunknown", Tag::kUpnUnknown},
      {"PersonBirthDate", Tag::kPersonBirthDate},
      {"ExpectedPersonBirthDate", Tag::kExpectedPersonBirthDate},
      {"GenderCurrent", Tag::kGenderCurrent}, {"Sex", Tag::kSex},
      {"PersonDeathDate", Tag::kPersonDeathDate},
      {"ChildCharacteristics", Tag::kChildCharacteristics}, {"Ethnicity", Tag::kEthnicity},
      {"Disabilities", Tag::kDisabilities}, {"Disability", Tag::kDisability},
      {"CINdetails", Tag::kCinDetails}, {"CINreferralDate", Tag::kCinReferralDate},
      {"ReferralSource", Tag::kReferralSource}, {"PrimaryNeedCode", Tag::kPrimaryNeedCode},
      {"CINclosureDate", Tag::kCinClosureDate}, {"ReasonForClosure", Tag::kReasonForClosure},
      {"DateOfInitialCPC", Tag::kDateOfInitialCpc}, {"ReferralNFA", Tag::kReferralNfa},
      {"Assessments", Tag::kAssessments},
      {"AssessmentActualStartDate", Tag::kAssessmentActualStartDate},
      {"AssessmentInternalReviewDate", Tag::kAssessmentInternalReviewDate},
      {"AssessmentAuthorisationDate", Tag::kAssessmentAuthorisationDate},
      {"FactorsIdentifiedAtAssessment", Tag::kFactorsIdentifiedAtAssessment},
      {"AssessmentFactors", Tag::kAssessmentFactors},
      {"CINPlanDates", Tag::kCinPlanDates}, {"CINPlanStartDate", Tag::kCinPlanStartDate},
      {"CINPlanEndDate", Tag::kCinPlanEndDate}, {"Section47", Tag::kSection47},
      {"S47ActualStartDate", Tag::kS47ActualStartDate},
      {"InitialCPCtarget", Tag::kInitialCpcTarget}, {"ICPCnotRequired", Tag::kIcpcNotRequired},
      {"ChildProtectionPlans", Tag::kChildProtectionPlans},
      {"CPPstartDate", Tag::kCppStartDate}, {"CPPendDate", Tag::kCppEndDate},
      {"InitialCategoryOfAbuse", Tag::kInitialCategoryOfAbuse},
      {"LatestCategoryOfAbuse", Tag::kLatestCategoryOfAbuse},
      {"NumberOfPreviousCPP", Tag::kNumberOfPreviousCpp}, {"Reviews", Tag::kReviews},
      {"CPPreviewDate", Tag::kCppReviewDate},
  };
  auto it = kTags.find(name);
  return it == kTags.end() ? Tag::kOther : it->second;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

void Fill(Item& item, std::string_view text, Position at) {
  item.text.assign(Trim(text));
  item.at = at;
}

void Fill(DateItem& item, std::string_view text, Position at) {
  Fill(static_cast<Item&>(item), text, at);
  item.date.reset();
  if (auto parsed = core::Date::ParseIso(item.text)) item.date = *parsed;
}

void Fill(FlagItem& item, std::string_view text, Position at) {
  Fill(static_cast<Item&>(item), text, at);
  item.value = ParseCinFlag(item.text);
}

// Builds the model from the element stream. Positions of the containers
// (Child, CINdetails, ...) are those of their start tags; a leaf's position
// is that of its own start tag.
class CinBuilder final : public XmlEvents {
 public:
  explicit CinBuilder(CinVisitor& visitor) : visitor_(visitor) {}

  void StartElement(std::string_view name, Position at) override {
    Tag tag = CachedTagOf(name);
    Tag parent = stack_.empty() ? Tag::kOther : stack_.back();
    // A container out of place is read as an unknown element, so that
    // nothing inside it lands in the model (the schema check reports it).
    if (!InPlace(tag, parent)) tag = Tag::kOther;
    stack_.push_back(tag);
    leaf_at_ = at;
    OpenContainer(tag, parent, at);
  }

  core::Status EndElement(std::string_view, std::string_view text) override {
    assert(!stack_.empty());
    Tag tag = stack_.back();
    stack_.pop_back();
    Tag parent = stack_.empty() ? Tag::kOther : stack_.back();
    if (tag == Tag::kChild && in_child_) {
      in_child_ = false;
      ++children_;
      return visitor_.Child(std::move(child_));
    }
    if (tag == Tag::kHeader) return visitor_.Header(header_);
    FillLeaf(tag, parent, text);
    return {};
  }

  const CinHeader& header() const { return header_; }
  uint64_t children() const { return children_; }

 private:
  // Whether a container element sits where the schema puts it; leaves are
  // checked by their parent when filled.
  bool InPlace(Tag tag, Tag parent) const {
    switch (tag) {
      case Tag::kHeader:
      case Tag::kChildren: return parent == Tag::kMessage;
      case Tag::kCollectionDetails:
      case Tag::kSource: return parent == Tag::kHeader;
      case Tag::kChild: return parent == Tag::kChildren && !in_child_;
      case Tag::kChildIdentifiers:
      case Tag::kChildCharacteristics:
      case Tag::kCinDetails: return parent == Tag::kChild;
      case Tag::kDisabilities: return parent == Tag::kChildCharacteristics;
      case Tag::kAssessments:
      case Tag::kCinPlanDates:
      case Tag::kSection47:
      case Tag::kChildProtectionPlans: return parent == Tag::kCinDetails;
      case Tag::kFactorsIdentifiedAtAssessment: return parent == Tag::kAssessments;
      case Tag::kReviews: return parent == Tag::kChildProtectionPlans;
      default: return true;
    }
  }

  void OpenContainer(Tag tag, Tag parent, Position at) {
    switch (tag) {
      case Tag::kHeader: header_.at = at; break;
      case Tag::kChild:
        child_ = CinChild{};
        child_.at = at;
        in_child_ = true;
        break;
      case Tag::kDisabilities:
        if (in_child_) child_.disabilities_block = at;
        break;
      case Tag::kCinDetails:
        if (in_child_ && parent == Tag::kChild) child_.episodes.emplace_back().at = at;
        break;
      case Tag::kAssessments:
        if (auto* e = Episode(parent)) e->assessments.emplace_back().at = at;
        break;
      case Tag::kCinPlanDates:
        if (auto* e = Episode(parent)) e->cin_plans.emplace_back().at = at;
        break;
      case Tag::kSection47:
        if (auto* e = Episode(parent)) e->section47s.emplace_back().at = at;
        break;
      case Tag::kChildProtectionPlans:
        if (auto* e = Episode(parent)) e->cp_plans.emplace_back().at = at;
        break;
      case Tag::kFactorsIdentifiedAtAssessment:
        if (auto* a = Last(parent, Tag::kAssessments, &CinEpisode::assessments)) {
          a->factors_block = at;
        }
        break;
      case Tag::kReviews:
        if (auto* p = Last(parent, Tag::kChildProtectionPlans, &CinEpisode::cp_plans)) {
          p->reviews_block = at;
        }
        break;
      default: break;
    }
  }

  // The episode being read, when `parent` is CINdetails.
  CinEpisode* Episode(Tag parent) {
    if (!in_child_ || parent != Tag::kCinDetails || child_.episodes.empty()) return nullptr;
    return &child_.episodes.back();
  }

  // The last module of a kind in the current episode, when `parent` is that
  // module's element.
  template <typename T>
  T* Last(Tag parent, Tag module, std::vector<T> CinEpisode::*list) {
    if (!in_child_ || parent != module || child_.episodes.empty()) return nullptr;
    auto& modules = child_.episodes.back().*list;
    return modules.empty() ? nullptr : &modules.back();
  }

  void FillLeaf(Tag tag, Tag parent, std::string_view text) {
    Position at = leaf_at_;
    switch (parent) {
      case Tag::kCollectionDetails: return FillCollection(tag, text, at);
      case Tag::kSource: return FillSource(tag, text, at);
      case Tag::kChildIdentifiers: return in_child_ ? FillIdentifiers(tag, text, at) : void();
      case Tag::kChildCharacteristics:
        if (in_child_ && tag == Tag::kEthnicity) Fill(child_.ethnicity, text, at);
        return;
      case Tag::kDisabilities:
        if (in_child_ && tag == Tag::kDisability) Fill(child_.disabilities.emplace_back(), text, at);
        return;
      case Tag::kCinDetails:
        if (auto* e = Episode(parent)) FillEpisode(*e, tag, text, at);
        return;
      case Tag::kAssessments:
        if (auto* a = Last(parent, Tag::kAssessments, &CinEpisode::assessments)) {
          FillAssessment(*a, tag, text, at);
        }
        return;
      case Tag::kFactorsIdentifiedAtAssessment:
        if (tag == Tag::kAssessmentFactors && in_child_ && !child_.episodes.empty() &&
            !child_.episodes.back().assessments.empty()) {
          Fill(child_.episodes.back().assessments.back().factors.emplace_back(), text, at);
        }
        return;
      case Tag::kCinPlanDates:
        if (auto* p = Last(parent, Tag::kCinPlanDates, &CinEpisode::cin_plans)) {
          if (tag == Tag::kCinPlanStartDate) Fill(p->start, text, at);
          if (tag == Tag::kCinPlanEndDate) Fill(p->end, text, at);
        }
        return;
      case Tag::kSection47:
        if (auto* s = Last(parent, Tag::kSection47, &CinEpisode::section47s)) {
          FillSection47(*s, tag, text, at);
        }
        return;
      case Tag::kChildProtectionPlans:
        if (auto* p = Last(parent, Tag::kChildProtectionPlans, &CinEpisode::cp_plans)) {
          FillPlan(*p, tag, text, at);
        }
        return;
      case Tag::kReviews:
        if (tag == Tag::kCppReviewDate && in_child_ && !child_.episodes.empty() &&
            !child_.episodes.back().cp_plans.empty()) {
          Fill(child_.episodes.back().cp_plans.back().reviews.emplace_back(), text, at);
        }
        return;
      default: return;
    }
  }

  void FillCollection(Tag tag, std::string_view text, Position at) {
    if (tag == Tag::kCollection) Fill(header_.collection, text, at);
    if (tag == Tag::kYear) Fill(header_.year, text, at);
    if (tag == Tag::kReferenceDate) Fill(header_.reference_date, text, at);
  }

  void FillSource(Tag tag, std::string_view text, Position at) {
    switch (tag) {
      case Tag::kSourceLevel: return Fill(header_.source_level, text, at);
      case Tag::kLea: return Fill(header_.lea, text, at);
      case Tag::kSoftwareCode: return Fill(header_.software_code, text, at);
      case Tag::kRelease: return Fill(header_.release, text, at);
      case Tag::kSerialNo: return Fill(header_.serial_no, text, at);
      case Tag::kDateTime: return Fill(header_.date_time, text, at);
      default: return;
    }
  }

  void FillIdentifiers(Tag tag, std::string_view text, Position at) {
    switch (tag) {
      case Tag::kLaChildId: return Fill(child_.la_child_id, text, at);
      case Tag::kUpn: return Fill(child_.upn, text, at);
      case Tag::kFormerUpn: return Fill(child_.former_upn, text, at);
      case Tag::kUpnUnknown: return Fill(child_.upn_unknown, text, at);
      case Tag::kPersonBirthDate: return Fill(child_.birth_date, text, at);
      case Tag::kExpectedPersonBirthDate: return Fill(child_.expected_birth_date, text, at);
      case Tag::kGenderCurrent: return Fill(child_.gender_current, text, at);
      case Tag::kSex: return Fill(child_.sex, text, at);
      case Tag::kPersonDeathDate: return Fill(child_.death_date, text, at);
      default: return;
    }
  }

  static void FillEpisode(CinEpisode& e, Tag tag, std::string_view text, Position at) {
    switch (tag) {
      case Tag::kCinReferralDate: return Fill(e.referral_date, text, at);
      case Tag::kReferralSource: return Fill(e.referral_source, text, at);
      case Tag::kPrimaryNeedCode: return Fill(e.primary_need, text, at);
      case Tag::kCinClosureDate: return Fill(e.closure_date, text, at);
      case Tag::kReasonForClosure: return Fill(e.closure_reason, text, at);
      case Tag::kDateOfInitialCpc: return Fill(e.icpc_date, text, at);
      case Tag::kReferralNfa: return Fill(e.nfa, text, at);
      default: return;
    }
  }

  static void FillAssessment(CinAssessment& a, Tag tag, std::string_view text, Position at) {
    switch (tag) {
      case Tag::kAssessmentActualStartDate: return Fill(a.start, text, at);
      case Tag::kAssessmentInternalReviewDate: return Fill(a.internal_review, text, at);
      case Tag::kAssessmentAuthorisationDate: return Fill(a.authorised, text, at);
      default: return;
    }
  }

  static void FillSection47(CinSection47& s, Tag tag, std::string_view text, Position at) {
    switch (tag) {
      case Tag::kS47ActualStartDate: return Fill(s.start, text, at);
      case Tag::kInitialCpcTarget: return Fill(s.icpc_target, text, at);
      case Tag::kDateOfInitialCpc: return Fill(s.icpc_date, text, at);
      case Tag::kIcpcNotRequired: return Fill(s.icpc_not_required, text, at);
      default: return;
    }
  }

  static void FillPlan(CinProtectionPlan& p, Tag tag, std::string_view text, Position at) {
    switch (tag) {
      case Tag::kCppStartDate: return Fill(p.start, text, at);
      case Tag::kCppEndDate: return Fill(p.end, text, at);
      case Tag::kInitialCategoryOfAbuse: return Fill(p.initial_category, text, at);
      case Tag::kLatestCategoryOfAbuse: return Fill(p.latest_category, text, at);
      case Tag::kNumberOfPreviousCpp: return Fill(p.previous_plans, text, at);
      default: return;
    }
  }

  // libxml2 interns element names for the length of a parse, so the same
  // name arrives at the same address: looking the address up is cheaper
  // than hashing the text of every element.
  // The cached name is compared too, in case an address is ever reused.
  Tag CachedTagOf(std::string_view name) {
    auto [it, inserted] = tag_of_address_.try_emplace(name.data(), name, Tag::kOther);
    if (inserted || it->second.first != name) it->second = {name, TagOf(name)};
    return it->second.second;
  }

  CinVisitor& visitor_;
  std::unordered_map<const char*, std::pair<std::string_view, Tag>> tag_of_address_;
  std::vector<Tag> stack_;
  Position leaf_at_;
  CinHeader header_;
  CinChild child_;
  bool in_child_ = false;
  uint64_t children_ = 0;
};

class DiscardChildren final : public CinVisitor {
 public:
  core::Status Child(CinChild&&) override { return {}; }
};

core::Result<int> ChooseYear(std::string_view prefix, const CinReadOptions& options) {
  if (!options.collection_year) return DetectCinYear(prefix);
  int year = *options.collection_year;
  if (year < kFirstCinYear || year > kLastCinYear) {
    return Fail(Code::kOutOfRange,
                fmt::format("collection year {} is not one Safeguard reads ({} to {})", year,
                            kFirstCinYear, kLastCinYear));
  }
  return year;
}

template <typename ReadXml>
core::Result<CinReadResult> ReadCin(std::string_view prefix, CinVisitor& visitor,
                                    const CinReadOptions& options, ReadXml read_xml) {
  CinReadResult result;
  auto year = ChooseYear(prefix, options);
  if (!year) {
    // A file that is not XML at all should hear that, with its line, before
    // it hears that its header lacks a year.
    DiscardChildren discard;
    CinBuilder builder(discard);
    if (auto xml = read_xml(builder, XmlStreamOptions{}); !xml) return std::unexpected(xml.error());
    return std::unexpected(year.error());
  }
  result.collection_year = *year;
  SG_RETURN_IF_ERROR(visitor.Begin(result.collection_year));
  XmlStreamOptions xml_options;
  xml_options.progress = options.progress;
  if (options.validate_structure) xml_options.schema = &CinSchema(result.collection_year);
  CinBuilder builder(visitor);
  SG_ASSIGN_OR_RETURN(XmlStreamResult xml, read_xml(builder, xml_options));
  result.header = builder.header();
  result.bytes = xml.bytes;
  result.children = builder.children();
  result.schema_problems = std::move(xml.schema_problems);
  result.schema_problems_dropped = xml.schema_problems_dropped;
  return result;
}

}  // namespace

std::optional<bool> ParseCinFlag(std::string_view text) {
  auto equals = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
    }
    return true;
  };
  if (text == "1" || equals("true")) return true;
  if (text == "0" || equals("false")) return false;
  return std::nullopt;
}

core::Result<int> DetectCinYear(std::string_view prefix) {
  constexpr std::string_view kOpen = "<Year>";
  size_t open = prefix.find(kOpen);
  size_t close = open == std::string_view::npos ? open : prefix.find("</Year>", open);
  if (close == std::string_view::npos) {
    return Fail(Code::kInvalidArgument,
                "the header has no <Year>, so the collection year is unknown (give it with "
                "--year)");
  }
  std::string_view digits = Trim(prefix.substr(open + kOpen.size(), close - open - kOpen.size()));
  int year = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), year);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.size() != 4) {
    return Fail(Code::kInvalidArgument,
                fmt::format("the header's <Year> is '{}', not a year", digits.substr(0, 20)));
  }
  if (year < kFirstCinYear || year > kLastCinYear) {
    return Fail(Code::kOutOfRange,
                fmt::format("collection year {} is not one Safeguard reads ({} to {})", year,
                            kFirstCinYear, kLastCinYear));
  }
  return year;
}

const XmlSchema& CinSchema(int collection_year) {
  assert(collection_year >= kFirstCinYear && collection_year <= kLastCinYear);
  static std::array<std::shared_ptr<const XmlSchema>, kLastCinYear - kFirstCinYear + 1> schemas;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto& slot = schemas[static_cast<size_t>(collection_year - kFirstCinYear)];
  if (!slot) {
    auto compiled = XmlSchema::Compile(CinSchemaText(collection_year),
                                       fmt::format("CIN_schema_{}.xsd", collection_year));
    // The schemas are part of the build and a test compiles each one.
    assert(compiled.has_value());
    if (!compiled) std::abort();
    slot = *std::move(compiled);
  }
  return *slot;
}

core::Result<CinReadResult> ReadCinFile(const std::string& path, CinVisitor& visitor,
                                        const CinReadOptions& options) {
  std::string prefix(64 * 1024, '\0');
  {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
      return Fail(errno == ENOENT ? Code::kNotFound : Code::kUnavailable,
                  fmt::format("cannot open {}: {}", path, std::strerror(errno)));
    }
    prefix.resize(std::fread(prefix.data(), 1, prefix.size(), file));
    std::fclose(file);
  }
  if (prefix.empty()) return Fail(Code::kInvalidArgument, "1:1: the file is empty");
  return ReadCin(prefix, visitor, options, [&](XmlEvents& events, const XmlStreamOptions& xml) {
    return ReadXmlFile(path, events, xml);
  });
}

core::Result<CinReadResult> ReadCinBytes(std::string_view bytes, CinVisitor& visitor,
                                         const CinReadOptions& options) {
  if (bytes.empty()) return Fail(Code::kInvalidArgument, "1:1: the file is empty");
  return ReadCin(bytes.substr(0, 64 * 1024), visitor, options,
                 [&](XmlEvents& events, const XmlStreamOptions& xml) {
                   return ReadXmlBytes(bytes, events, xml);
                 });
}

}  // namespace sg::returns
