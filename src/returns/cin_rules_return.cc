// CIN census rules over the header and the return as a whole: the reference
// date, duplicate identifiers across children, and the authority-level
// queries on percentages and code use. Conventions in cin_rule_kit.h.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "returns/cin_rule_kit.h"

namespace sg::returns {
namespace {

// 100: the reference date must be 31 March of the collection year.
class Rule100 final : public CinReturnRule {
 public:
  void Header(const CinHeader& header, const CinContext& census, CinFlagger& flag) override {
    seen_ = true;
    core::Date expected = core::Date::FromYmd(census.collection_year, 3, 31);
    if (header.reference_date.date != expected) {
      flag.FlagReturn(header.reference_date.present() ? header.reference_date.at : header.at);
    }
  }
  void Finish(const CinContext&, CinFlagger& flag) override {
    if (!seen_) flag.FlagReturn(Position{1, 1});  // no header at all
  }

 private:
  bool seen_ = false;
};

// Flags every child that shares a value of one identifier with another
// child. Values are collected as children pass and compared once at the end
// (a sort), which is cheaper than a hash table probed at every child.
class DuplicateValues : public CinReturnRule {
 public:
  explicit DuplicateValues(const Item CinChild::*field) : field_(field) {}
  void Child(const CinChild& child, const CinContext&, CinFlagger&) override {
    const Item& value = child.*field_;
    if (!value.missing()) seen_.push_back(Seen{value.text, child.la_child_id.text, value.at});
  }
  void Finish(const CinContext&, CinFlagger& flag) override {
    std::stable_sort(seen_.begin(), seen_.end(),
                     [](const Seen& a, const Seen& b) { return a.value < b.value; });
    for (size_t i = 0; i < seen_.size();) {
      size_t end = i + 1;
      while (end < seen_.size() && seen_[end].value == seen_[i].value) ++end;
      if (end - i > 1) {
        for (size_t k = i; k < end; ++k) flag.FlagChild(seen_[k].la_child_id, seen_[k].at);
      }
      i = end;
    }
  }

 private:
  struct Seen {
    std::string value;
    std::string la_child_id;
    Position at;
  };
  const Item CinChild::*field_;
  std::vector<Seen> seen_;
};

// 8510: more than one child with the same LA child id.
class Rule8510 final : public DuplicateValues {
 public:
  Rule8510() : DuplicateValues(&CinChild::la_child_id) {}
};

// 1520: more than one child with the same UPN.
class Rule1520 final : public DuplicateValues {
 public:
  Rule1520() : DuplicateValues(&CinChild::upn) {}
};

// 2886Q: more than 2% of children, unborn children excluded, have no sex
// recorded (missing, or "U"; up to 2024, GenderCurrent missing or 0).
class Rule2886Q final : public CinReturnRule {
 public:
  void Header(const CinHeader& header, const CinContext&, CinFlagger&) override {
    at_ = header.at;
  }
  void Child(const CinChild& child, const CinContext& census, CinFlagger&) override {
    ++children_;
    if (child.expected_birth_date.present() && !child.expected_birth_date.missing()) return;
    const Item& sex = census.SexItem(child);
    std::string_view unknown = census.collection_year >= 2025 ? "U" : "0";
    if (sex.missing() || sex.text == unknown) ++not_recorded_;
  }
  void Finish(const CinContext&, CinFlagger& flag) override {
    if (children_ > 0 && not_recorded_ * 100 > children_ * 2) flag.FlagReturn(at_);
  }

 private:
  Position at_{1, 1};
  uint64_t children_ = 0;
  uint64_t not_recorded_ = 0;
};

// 2887Q: fewer than 8 different disability codes (NONE aside) are used in
// the whole return. The sector's validator counts NONE entries instead; the
// DfE's rule counts the distinct codes other than NONE, as here.
class Rule2887Q final : public CinReturnRule {
 public:
  void Header(const CinHeader& header, const CinContext&, CinFlagger&) override {
    at_ = header.at;
  }
  void Child(const CinChild& child, const CinContext&, CinFlagger&) override {
    for (const Item& disability : child.disabilities) {
      if (!disability.missing() && disability.text != "NONE") used_.insert(disability.text);
    }
  }
  void Finish(const CinContext&, CinFlagger& flag) override {
    if (used_.size() < 8) flag.FlagReturn(at_);
  }

 private:
  Position at_{1, 1};
  std::set<std::string> used_;
};

// 2888Q: no child has more than one disability recorded (NONE aside).
class Rule2888Q final : public CinReturnRule {
 public:
  void Header(const CinHeader& header, const CinContext&, CinFlagger&) override {
    at_ = header.at;
  }
  void Child(const CinChild& child, const CinContext&, CinFlagger&) override {
    size_t count = 0;
    for (const Item& disability : child.disabilities) {
      if (!disability.missing() && disability.text != "NONE") ++count;
    }
    if (count > 1) some_child_has_several_ = true;
  }
  void Finish(const CinContext&, CinFlagger& flag) override {
    if (!some_child_has_several_) flag.FlagReturn(at_);
  }

 private:
  Position at_{1, 1};
  bool some_child_has_several_ = false;
};

template <typename Rule>
std::unique_ptr<CinReturnRule> Make() {
  return std::make_unique<Rule>();
}

}  // namespace

// Defined with the other protection rules (cin_rules_protection.cc).
std::unique_ptr<CinReturnRule> MakeCinRule2883();

std::span<const CinReturnRuleFactory> CinReturnRules() {
  static constexpr CinReturnRuleFactory kRules[] = {
      {"100", Make<Rule100>},     {"1520", Make<Rule1520>},   {"8510", Make<Rule8510>},
      {"2886Q", Make<Rule2886Q>}, {"2887Q", Make<Rule2887Q>}, {"2888Q", Make<Rule2888Q>},
      {"2883", MakeCinRule2883},
  };
  return kRules;
}

}  // namespace sg::returns
