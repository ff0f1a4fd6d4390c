// A user's outbox program built with `pkg-config --cflags --libs vitec_connect_outbox` alone:
// queue one follow-up in a new SQLite file, drain it through a Client (over a fake transport, so
// no network) and check that it was sent. The build passes the version pkg-config reported as
// VITEC_CONNECT_EXPECTED_VERSION; the headers must agree with it.
#include <vitec/connect/outbox.hpp>
#include <vitec/connect/testing/fake_transport.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#ifndef VITEC_CONNECT_EXPECTED_VERSION
#error build with -DVITEC_CONNECT_EXPECTED_VERSION="\"<the package's version>\""
#endif

namespace vc = vitec::connect;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: outbox_consumer NEW_OUTBOX_FILE\n";
    return 2;
  }
  const std::string path = argv[1];
  std::remove(path.c_str());
  auto fake = std::make_shared<vc::testing::FakeTransport>();
  fake->respond(200, "true");
  vc::ClientOptions options;
  options.username = "user";
  options.password = "password";
  options.transport = fake;

  vc::Outbox outbox(vc::Client(options), {path});
  vc::ParticipantFollowUp follow_up;
  follow_up.contact_id = "contact";
  follow_up.viewing_id = "viewing";
  outbox.enqueue("customer", follow_up);
  const vc::DrainReport report = outbox.drain();
  const bool ok = report.sent == 1 && outbox.pending() == 0 && fake->requests().size() == 1;
  const bool same_version = vc::version() == std::string(VITEC_CONNECT_EXPECTED_VERSION);
  std::cout << "outbox consumer of vitec-connect-cpp " << vc::version() << " (package "
            << VITEC_CONNECT_EXPECTED_VERSION << ")" << (ok && same_version ? ": ok" : ": WRONG")
            << '\n';
  return ok && same_version ? 0 : 1;
}
