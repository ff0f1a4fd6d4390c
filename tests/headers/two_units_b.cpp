#include <vitec/connect.hpp>
#include <vitec/connect/testing/fake_transport.hpp>

#include <string>

namespace vc = vitec::connect;

std::string serialize_in_unit_b(const vc::ParticipantFollowUp& follow_up) {
  return vc::serialize(follow_up, vc::Format::xml);
}
