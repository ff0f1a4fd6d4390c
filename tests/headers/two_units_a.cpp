#include <catch2/catch.hpp>
#include <vitec/connect.hpp>

#include <string>

namespace vc = vitec::connect;

std::string serialize_in_unit_b(const vc::ParticipantFollowUp& follow_up);

namespace {
// The named values are static members of a class template (so that including the header
// constructs nothing): a static of the user's, set up from them, must still see them set.
const vc::Contacted early_no = vc::Contacted::no;
const vc::OrderEntryStatus early_error = vc::OrderEntryStatus::error;
}  // namespace

TEST_CASE("the umbrella header links from two translation units", "[headers]") {
  vc::ParticipantFollowUp follow_up;
  follow_up.viewing_id = "v";
  REQUIRE(vc::serialize(follow_up, vc::Format::xml) == serialize_in_unit_b(follow_up));
  REQUIRE(vc::version() == VITEC_CONNECT_VERSION_STRING);
  REQUIRE(vc::Contacted::no.name() == "No");
}

TEST_CASE("the enums' named values are set before a static that copies them", "[headers]") {
  CHECK(early_no.name() == "No");
  CHECK(early_error.name() == "Error");
}
