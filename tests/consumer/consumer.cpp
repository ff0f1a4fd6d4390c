// What a user's program does first: build a request, send it through a Client (over a fake
// transport, so no network), and read the answer.
#include <vitec/connect.hpp>
#include <vitec/connect/testing/fake_transport.hpp>

#include <iostream>
#include <memory>
#include <string>

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
  std::cout << "consumer of vitec-connect-cpp " << vc::version() << (ok ? ": ok" : ": WRONG")
            << '\n';
  return ok ? 0 : 1;
}
