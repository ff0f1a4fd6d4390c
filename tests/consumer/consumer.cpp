// What a user's program does first: build a request, send it through a Client (over a fake
// transport, so no network), and read the answer. The build passes the version its package
// manager found (CMake's or pkg-config's) as VITEC_CONNECT_EXPECTED_VERSION: the headers must
// agree with it.
#include <vitec/connect.hpp>
#include <vitec/connect/testing/fake_transport.hpp>

#include <iostream>
#include <memory>
#include <string>

#ifndef VITEC_CONNECT_EXPECTED_VERSION
#error build with -DVITEC_CONNECT_EXPECTED_VERSION="\"<the package's version>\""
#endif

namespace vc = vitec::connect;

int main() {
  auto fake = std::make_shared<vc::testing::FakeTransport>();
  fake->respond(200, "true");
  vc::ClientOptions options;
  options.username = "user";
  options.password = "password";
  options.transport = fake;
  vc::Client client(options);

  vc::ParticipantFollowUp follow_up;
  follow_up.contact_id = "contact";
  follow_up.contacted = vc::Contacted::no;
  const bool answer = client.update_viewing_participant("customer", follow_up);
  const auto sent = fake->requests().at(0);
  const bool ok = answer && sent.body == vc::serialize(follow_up, vc::Format::json) &&
                  sent.url == "https://connect.maklare.vitec.net/ViewingParticipant/customer";
  const bool same_version = vc::version() == VITEC_CONNECT_EXPECTED_VERSION &&
                            std::string(VITEC_CONNECT_VERSION_STRING) == vc::version();
  std::cout << "consumer of vitec-connect-cpp " << vc::version() << " (package "
            << VITEC_CONNECT_EXPECTED_VERSION << ")" << (ok && same_version ? ": ok" : ": WRONG")
            << '\n';
  return ok && same_version ? 0 : 1;
}
