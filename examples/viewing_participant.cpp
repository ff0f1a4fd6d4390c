// Reports that a contact took part in a viewing: the smallest complete use of the SDK.
#include <iostream>

#include <vitec/connect.hpp>

#include "example_environment.hpp"

namespace vc = vitec::connect;

int main(int argc, char** argv) {
  example::arguments(argc, argv, "", "Reports that a contact took part in a viewing.");
  try {
    vc::Client client(example::options_from_environment());

    vc::ParticipantFollowUp follow_up;
    follow_up.contact_id = "C-1001";
    follow_up.viewing_id = "V-2002";
    follow_up.participated = true;
    follow_up.contacted = vc::Contacted::no;

    const bool accepted = client.update_viewing_participant("M-42", follow_up);
    std::cout << "PUT ViewingParticipant/M-42 (contact C-1001, viewing V-2002, participated): "
              << "the server answered " << std::boolalpha << accepted << "\n";
    return accepted ? 0 : 1;
  } catch (const vc::Error& e) {
    // what() never holds the password, so it is safe to log as it is.
    std::cerr << "failed: " << e.what() << "\n";
    return 1;
  }
}
