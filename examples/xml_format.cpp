// The same call in XML: set ClientOptions::format; the models do not change.
#include <iostream>

#include <vitec/connect.hpp>

#include "example_environment.hpp"

namespace vc = vitec::connect;

int main(int argc, char** argv) {
  example::arguments(argc, argv, "", "Sends a follow-up in DataContract XML.");
  vc::ClientOptions options = example::options_from_environment();
  options.format = vc::Format::xml;  // request body and Accept; the answer is read as XML

  vc::ParticipantFollowUp follow_up;
  follow_up.contact_id = "C-1001";
  follow_up.viewing_id = "V-2002";
  follow_up.participated = false;

  // serialize() shows the exact body: DataContract XML, members in the order the server needs.
  std::cout << "body: " << vc::serialize(follow_up, vc::Format::xml) << "\n";
  try {
    vc::Client client(options);
    const bool accepted = client.update_viewing_participant("M-42", follow_up);
    std::cout << "PUT ViewingParticipant/M-42 as XML: the server answered " << std::boolalpha
              << accepted << "\n";
    return accepted ? 0 : 1;
  } catch (const vc::Error& e) {
    std::cerr << "failed: " << e.what() << "\n";
    return 1;
  }
}
