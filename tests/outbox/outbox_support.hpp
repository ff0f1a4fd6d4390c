#pragma once

// Shared by the outbox tests that drain over loopback HTTP: a stand-in that can be stopped and
// started again on the same port, a Client aimed at it, numbered items, and what it received.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vitec/connect/outbox.hpp>

#include "scratch_dir.hpp"
#include "support.hpp"

namespace outbox_test {

namespace vc = vitec::connect;
namespace si = vitec::stand_in;

/// The stand-in of the integration tests, which can go away and come back on its port.
class StandIn {
 public:
  StandIn() { start(); }
  void start() {
    auto options = integration::server_options();
    options.port = port_;
    server_.emplace(options);
    port_ = server_->port();
  }
  void stop() { server_.reset(); }
  si::Server& operator*() { return *server_; }
  si::Server* operator->() { return &*server_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_ = 0;
  std::optional<si::Server> server_;
};

/// A client of `base_url` that retries fast: three attempts, 10 ms then 20 ms apart.
inline vc::ClientOptions client_options(const std::string& base_url,
                                        const std::string& password = integration::password) {
  vc::ClientOptions options;
  options.base_url = base_url;
  options.username = integration::user;
  options.password = password;
  options.retry.initial_backoff = std::chrono::milliseconds(10);
  options.retry.max_backoff = std::chrono::milliseconds(200);
  options.retry.jitter = [] { return 0.0; };
  return options;
}

/// Follow-up number `n`: its own key (contact C<n>, viewing V1) unless `contact` says otherwise.
inline vc::ParticipantFollowUp follow_up(int n, bool participated = true) {
  vc::ParticipantFollowUp item;
  item.contact_id = "C" + std::to_string(n);
  item.viewing_id = "V1";
  item.participated = participated;
  return item;
}

/// How many PUTs (JSON bodies) the server received per contact id, answered or not yet.
inline std::map<std::string, int> requests_per_contact(const si::Server& server) {
  std::map<std::string, int> counts;
  for (const auto& request : server.requests()) {
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object() && body.contains("contactId"))
      ++counts[body["contactId"].get<std::string>()];
  }
  return counts;
}

}  // namespace outbox_test
