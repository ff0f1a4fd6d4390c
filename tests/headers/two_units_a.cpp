#include <catch2/catch.hpp>
#include <vitec/connect.hpp>

#include <string>

namespace vc = vitec::connect;

std::string serialize_in_unit_b(const vc::ParticipantFollowUp& follow_up);

TEST_CASE("the umbrella header links from two translation units", "[headers]") {
  vc::ParticipantFollowUp follow_up;
  follow_up.viewing_id = "v";
  REQUIRE(vc::serialize(follow_up, vc::Format::xml) == serialize_in_unit_b(follow_up));
  REQUIRE(vc::version() == VITEC_CONNECT_VERSION_STRING);
  REQUIRE(vc::Contacted::no.name() == "No");
}
