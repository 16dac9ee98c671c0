// Cared-for children (SSDA903 episodes, reviews, missing episodes) and care
// leavers. An episode is a span with one legal status and one placement; a
// change of either ends the open episode with reason X1 and opens the next
// on the same day, so a period of care is the chain of episodes joined by X1.
#include <algorithm>

#include <fmt/format.h>

#include "journey/journey.h"
#include "journey/journey_internal.h"
#include "places/placement.h"

namespace sg::journey {

using core::Code;
using core::Fail;

namespace {

constexpr std::string_view kStartedToBeLookedAfter = "S";
constexpr std::string_view kNewEpisodeSameDay = "X1";

const store::CareEpisode* OpenEpisode(const std::vector<store::CareEpisode>& episodes) {
  for (const auto& e : episodes) {
    if (!e.end) return &e;
  }
  return nullptr;
}

bool CoveredByCare(const std::vector<store::CareEpisode>& episodes, Date d) {
  return std::ranges::any_of(episodes, [&](const store::CareEpisode& e) {
    return e.start <= d && (!e.end || d <= *e.end);
  });
}

}  // namespace

// Checks the codes of an episode against the collection year of its start.
static Status CheckEpisodeCodes(const core::CodeLists& codes, const CareChange& c) {
  int year = CollectionYearOf(c.date);
  SG_RETURN_IF_ERROR(codes.Check(core::CodeList::kReasonNewEpisode, c.reason_new_episode, year));
  SG_RETURN_IF_ERROR(codes.Check(core::CodeList::kLegalStatus, c.legal_status, year));
  SG_RETURN_IF_ERROR(codes.Check(core::CodeList::kPlacementType, c.placement_type, year));
  SG_RETURN_IF_ERROR(codes.Check(core::CodeList::kPrimaryNeed, c.category_of_need, year));
  if (c.category_of_need == "N0" || c.category_of_need == "N9") {
    return Fail(Code::kInvalidArgument,
                fmt::format("category of need '{}' is not used for cared-for children (N1-N8)",
                            c.category_of_need));
  }
  if (c.placement_provider) {
    SG_RETURN_IF_ERROR(codes.Check(core::CodeList::kPlacementProvider, *c.placement_provider, year));
  }
  if (c.reason_place_change) {
    SG_RETURN_IF_ERROR(codes.Check(core::CodeList::kReasonPlaceChange, *c.reason_place_change, year));
  }
  return {};
}

static store::CareEpisode EpisodeFrom(Id person_id, const CareChange& c) {
  store::CareEpisode e;
  e.person_id = person_id;
  e.start = c.date;
  e.reason_new_episode = c.reason_new_episode;
  e.legal_status = c.legal_status;
  e.category_of_need = c.category_of_need;
  e.placement_type = c.placement_type;
  e.placement_provider = c.placement_provider;
  e.home_postcode = c.home_postcode;
  e.placement_postcode = c.placement_postcode;
  return e;
}

store::DerivedPlacement Journey::DerivePlacement(const store::CareEpisode& episode) const {
  if (placements_.directory == nullptr) return {};
  const places::Placement placement = places::PlacementOf(
      *placements_.directory, placements_.authority, episode.home_postcode.value_or(""),
      episode.placement_postcode.value_or(""));
  store::DerivedPlacement derived;
  derived.distance = placement.distance_miles;
  derived.placement_la = placement.authority;
  if (std::string_view code = places::PlacementLocationCode(placement.location); !code.empty()) {
    derived.placement_location = std::string(code);
  }
  return derived;
}

Result<Id> Journey::StartCare(const Actor& actor, Id person_id, const CareChange& start) {
  SG_RETURN_IF_ERROR(NotInFuture(start.date, "start of care"));
  if (start.reason_new_episode != kStartedToBeLookedAfter) {
    return Fail(Code::kInvalidArgument,
                fmt::format("a period of care starts with reason for new episode S, not '{}'",
                            start.reason_new_episode));
  }
  SG_RETURN_IF_ERROR(CheckEpisodeCodes(codes_, start));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_RETURN_IF_ERROR(ChildOf(person_id));
    SG_ASSIGN_OR_RETURN(auto episodes, store_.CareEpisodesOf(person_id));
    if (const auto* open = OpenEpisode(episodes)) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("the child is already looked after (episode since {})",
                              open->start.Iso()));
    }
    if (!episodes.empty() && start.date <= *episodes.back().end) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("a new period of care ({}) must start after the last one ended ({})",
                              start.date.Iso(), episodes.back().end->Iso()));
    }
    const store::CareEpisode episode = EpisodeFrom(person_id, start);
    SG_ASSIGN_OR_RETURN(id, store_.InsertCareEpisode(episode, DerivePlacement(episode)));
    SG_RETURN_IF_ERROR(Chronicle(
        actor, person_id, start.date, "care",
        fmt::format("Started to be looked after ({}, placement {})", start.legal_status,
                    start.placement_type),
        "care_episodes", id));
    note = Note("create", "care_episode", id, person_id);
    return {};
  }));
  return id;
}

Result<Id> Journey::ChangeCare(const Actor& actor, Id person_id, const CareChange& change) {
  SG_RETURN_IF_ERROR(NotInFuture(change.date, "change of episode"));
  if (change.reason_new_episode == kStartedToBeLookedAfter) {
    return Fail(Code::kInvalidArgument,
                "reason S starts a period of care; a change within care uses L, P, T, B or U");
  }
  SG_RETURN_IF_ERROR(CheckEpisodeCodes(codes_, change));
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto episodes, store_.CareEpisodesOf(person_id));
    const store::CareEpisode* open = OpenEpisode(episodes);
    if (open == nullptr) {
      return Fail(Code::kFailedPrecondition, "the child is not looked after; start a period of care");
    }
    if (change.date <= open->start) {
      return Fail(Code::kInvalidArgument,
                  fmt::format("a change of episode ({}) must come after the current episode "
                              "began ({})",
                              change.date.Iso(), open->start.Iso()));
    }
    SG_RETURN_IF_ERROR(store_.EndCareEpisode(open->id, change.date, kNewEpisodeSameDay,
                                             change.reason_place_change));
    store::CareEpisode next = EpisodeFrom(person_id, change);
    if (!next.home_postcode) next.home_postcode = open->home_postcode;
    SG_ASSIGN_OR_RETURN(id, store_.InsertCareEpisode(next, DerivePlacement(next)));
    SG_RETURN_IF_ERROR(Chronicle(
        actor, person_id, change.date, "care",
        fmt::format("Care episode changed (reason {}: {}, placement {})", change.reason_new_episode,
                    change.legal_status, change.placement_type),
        "care_episodes", id));
    note = Note("create", "care_episode", id, person_id);
    return {};
  }));
  return id;
}

Status Journey::EndCare(const Actor& actor, Id person_id, Date end, std::string_view reason) {
  SG_RETURN_IF_ERROR(NotInFuture(end, "end of care"));
  if (reason == kNewEpisodeSameDay) {
    return Fail(Code::kInvalidArgument,
                "reason X1 continues care in a new episode; record the change of episode instead");
  }
  SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kReasonEpisodeCeased, reason, end));
  return gate_.Run(actor, access::Action::kRecordJourney, [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto episodes, store_.CareEpisodesOf(person_id));
    const store::CareEpisode* open = OpenEpisode(episodes);
    if (open == nullptr) return Fail(Code::kFailedPrecondition, "the child is not looked after");
    if (end < open->start) {
      return Fail(Code::kInvalidArgument, Before("end of care", end, "episode's start", open->start));
    }
    SG_RETURN_IF_ERROR(store_.EndCareEpisode(open->id, end, reason, std::nullopt));
    SG_RETURN_IF_ERROR(Chronicle(actor, person_id, end, "care",
                                 fmt::format("Ceased to be looked after ({})", reason),
                                 "care_episodes", open->id));
    note = Note("update", "care_episode", open->id, person_id);
    return {};
  });
}

Result<Id> Journey::RecordCareReview(const Actor& actor, Id person_id, Date date,
                                     std::optional<std::string> participation) {
  SG_RETURN_IF_ERROR(NotInFuture(date, "review"));
  if (participation && (participation->size() != 3 || !participation->starts_with("PN") ||
                        (*participation)[2] < '0' || (*participation)[2] > '7')) {
    return Fail(Code::kInvalidArgument,
                fmt::format("review participation '{}' is not a code PN0 to PN7", *participation));
  }
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto episodes, store_.CareEpisodesOf(person_id));
    if (!CoveredByCare(episodes, date)) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("the child was not looked after on {}", date.Iso()));
    }
    SG_ASSIGN_OR_RETURN(auto reviews, store_.CareReviewDates(person_id));
    if (std::ranges::find(reviews, date) != reviews.end()) {
      return Fail(Code::kAlreadyExists, fmt::format("a review on {} is already recorded", date.Iso()));
    }
    SG_ASSIGN_OR_RETURN(id, store_.InsertCareReview(person_id, date, participation));
    SG_RETURN_IF_ERROR(Chronicle(actor, person_id, date, "care_review", "Cared-for review held",
                                 "care_reviews", id));
    note = Note("create", "care_review", id, person_id);
    return {};
  }));
  return id;
}

Result<Id> Journey::RecordMissing(const Actor& actor, Id person_id, std::string_view kind,
                                  Date start, std::optional<Date> end) {
  SG_RETURN_IF_ERROR(NotInFuture(start, "start of the missing episode"));
  if (end) SG_RETURN_IF_ERROR(NotInFuture(*end, "end of the missing episode"));
  if (kind != "M" && kind != "A") {
    return Fail(Code::kInvalidArgument,
                fmt::format("'{}' is not M (missing) or A (away without authorisation)", kind));
  }
  if (end && *end < start) {
    return Fail(Code::kInvalidArgument, Before("end of the missing episode", *end, "start", start));
  }
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto episodes, store_.CareEpisodesOf(person_id));
    if (!CoveredByCare(episodes, start)) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("the child was not looked after on {}", start.Iso()));
    }
    SG_ASSIGN_OR_RETURN(id, store_.InsertMissing({0, person_id, std::string(kind), start, end}));
    SG_RETURN_IF_ERROR(Chronicle(actor, person_id, start, "missing",
                                 kind == "M" ? "Missing from placement" : "Away from placement "
                                                                          "without authorisation",
                                 "missing_episodes", id));
    note = Note("create", "missing_episode", id, person_id);
    return {};
  }));
  return id;
}

Result<Id> Journey::RecordCareLeaverContact(const Actor& actor, Id person_id, Date date,
                                            std::string_view in_touch,
                                            std::optional<std::string> activity,
                                            std::optional<std::string> accommodation) {
  SG_RETURN_IF_ERROR(NotInFuture(date, "care leaver contact"));
  SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kCareLeaverInTouch, in_touch, date));
  if (activity) SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kCareLeaverActivity, *activity, date));
  if (accommodation) {
    SG_RETURN_IF_ERROR(CheckCode(core::CodeList::kCareLeaverAccommodation, *accommodation, date));
  }
  Id id = 0;
  SG_RETURN_IF_ERROR(gate_.Run(actor, access::Action::kRecordJourney,
                               [&](access::AuditNote& note) -> Status {
    SG_ASSIGN_OR_RETURN(auto episodes, store_.CareEpisodesOf(person_id));
    bool left_care = std::ranges::any_of(episodes, [&](const store::CareEpisode& e) {
      return e.end && *e.end <= date && e.reason_ceased != std::string(kNewEpisodeSameDay);
    });
    const bool looked_after_again = std::ranges::any_of(episodes, [&](const store::CareEpisode& e) {
      return e.start <= date && (!e.end || date < *e.end);  // the day care ends is outside it
    });
    if (left_care && looked_after_again) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("the young person is looked after again on {}; record contact as "
                              "a cared-for child, not a care leaver",
                              date.Iso()));
    }
    if (!left_care) {
      return Fail(Code::kFailedPrecondition,
                  fmt::format("the child had not left care by {}, so is not a care leaver then",
                              date.Iso()));
    }
    store::CareLeaverContact contact{0, person_id, date, std::string(in_touch), activity,
                                     accommodation};
    SG_ASSIGN_OR_RETURN(id, store_.InsertCareLeaverContact(contact));
    SG_RETURN_IF_ERROR(Chronicle(actor, person_id, date, "care_leaver",
                                 fmt::format("Care leaver contact (in touch: {})", in_touch),
                                 "care_leaver_contacts", id));
    note = Note("create", "care_leaver_contact", id, person_id);
    return {};
  }));
  return id;
}

}  // namespace sg::journey
