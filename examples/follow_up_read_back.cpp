// Reports a viewing follow-up, then reads back what Vitec now holds for that participant and
// viewing: a list, since a participant may hold several time slots of one viewing.
#include <iostream>
#include <vector>

#include <vitec/connect.hpp>

#include "example_environment.hpp"

namespace vc = vitec::connect;

int main(int argc, char** argv) {
  example::arguments(argc, argv, "",
                     "Reports a viewing follow-up, then reads back what Vitec holds.");
  try {
    vc::Client client(example::options_from_environment());

    vc::ParticipantFollowUp follow_up;
    follow_up.contact_id = "C-1001";
    follow_up.viewing_id = "V-2002";
    follow_up.participated = true;
    follow_up.contacted = vc::Contacted::no;
    const bool accepted = client.update_viewing_participant("M-42", follow_up);
    std::cout
        << "PUT ViewingParticipant/M-42 (contact C-1001, viewing V-2002): the server answered "
        << std::boolalpha << accepted << "\n";

    const std::vector<vc::ParticipantFollowUp> held =
        client.get_viewing_participant("M-42", "C-1001", "V-2002");
    std::cout << "GET ViewingParticipant/M-42/C-1001/V-2002: " << held.size() << " follow-up(s)\n";
    bool found = false;
    for (const vc::ParticipantFollowUp& item : held) {
      std::cout << "  time slot " << item.time_slot_id.value_or("-") << ": participated "
                << item.participated << ", contacted "
                << (item.contacted ? item.contacted->name() : "-") << "\n";
      found = found || (item.participated == follow_up.participated &&
                        item.contacted == follow_up.contacted);
    }
    if (!found) std::cout << "what was sent is not what Vitec holds\n";
    return accepted && found ? 0 : 1;
  } catch (const vc::Error& e) {
    std::cerr << "failed: " << e.what() << "\n";
    return 1;
  }
}
