#pragma once

// Shared by the guarantee tests: a Client over a FakeTransport that never really sleeps.

#include <vitec/connect.hpp>
#include <vitec/connect/testing/fake_transport.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace guarantees {

namespace vc = vitec::connect;

inline constexpr const char* password = "s3cret-Pa55word";

struct fixture {
  std::shared_ptr<vc::testing::FakeTransport> fake = std::make_shared<vc::testing::FakeTransport>();
  std::vector<std::chrono::milliseconds> waits;
  std::vector<vc::LogEvent> log;

  vc::ClientOptions options(vc::Format format = vc::Format::json) {
    vc::ClientOptions options;
    options.base_url = "https://connect.example.test";
    options.username = "broker";
    options.password = password;
    options.format = format;
    options.transport = fake;
    options.retry.jitter = [] { return 0.0; };
    options.retry.sleep = [this](std::chrono::milliseconds wait) { waits.push_back(wait); };
    options.logger = [this](const vc::LogEvent& event) { log.push_back(event); };
    return options;
  }

  vc::Client client(vc::Format format = vc::Format::json) { return vc::Client(options(format)); }

  std::size_t sent() const { return fake->requests().size(); }
};

inline vc::ParticipantFollowUp follow_up_with_contact(std::string contact_id) {
  vc::ParticipantFollowUp follow_up;
  follow_up.contact_id = std::move(contact_id);
  return follow_up;
}

}  // namespace guarantees
