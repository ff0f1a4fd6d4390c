#pragma once

// Shared by the unit tests: a Client wired to a FakeTransport whose retry waits are recorded
// instead of slept, so every test runs instantly and without a network.
#include <vitec/connect.hpp>
#include <vitec/connect/testing/fake_transport.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace unit {

namespace vc = vitec::connect;
using std::chrono::milliseconds;

// Holds every character the brief names as tricky for credentials, so that a leak through any
// encoding step that leaves it intact is caught.
inline const std::string username = "mäklare";
inline const std::string password = "p:ss@w/rd+=å";
// base64("mäklare:p:ss@w/rd+=å"), computed outside the SDK.
inline const std::string basic_credentials = "bcOka2xhcmU6cDpzc0B3L3JkKz3DpQ==";

struct harness {
  std::shared_ptr<vc::testing::FakeTransport> fake = std::make_shared<vc::testing::FakeTransport>();
  std::shared_ptr<std::vector<milliseconds>> sleeps = std::make_shared<std::vector<milliseconds>>();
  vc::ClientOptions options;

  explicit harness(vc::Format format = vc::Format::json) {
    options.base_url = "https://connect.example.test";
    options.username = username;
    options.password = password;
    options.format = format;
    options.transport = fake;
    options.retry.sleep = [sleeps = sleeps](milliseconds delay) { sleeps->push_back(delay); };
    options.retry.jitter = [] { return 0.0; };
  }

  vc::Client client() const { return vc::Client(options); }
};

inline vc::ParticipantFollowUp docs_follow_up() {
  vc::ParticipantFollowUp v;
  v.contact_id = "sample string 1";
  v.viewing_id = "sample string 2";
  v.participated = true;
  v.contacted = vc::Contacted::no;
  return v;
}

inline vc::OrderUserInteractionRequest docs_order_request() {
  vc::OrderUserInteractionRequest v;
  v.id = "sample string 1";
  v.url = "sample string 2";
  v.comment = "sample string 3";
  return v;
}

// The docs' sample values with an absolute url, which the client insists on.
inline vc::OrderUserInteractionRequest client_order() {
  auto v = docs_order_request();
  v.url = "https://crm.example.test/interaction/1";
  return v;
}

inline const std::string* find_header(const vc::Headers& headers, std::string_view name) {
  const auto lower = [](std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  };
  for (const auto& [key, value] : headers) {
    if (lower(key) == lower(name)) return &value;
  }
  return nullptr;
}

// True when `text` carries the password or the encoded credentials. Tests assert on this
// instead of on the text itself so that a failure never prints the secret.
inline bool leaks_secret(std::string_view text) {
  return text.find(password) != std::string_view::npos ||
         text.find(basic_credentials) != std::string_view::npos;
}

// A permanent transport failure (e.g. TLS verification): retrying cannot help.
inline vc::TransportError permanent_failure(const std::string& what) {
  vc::ErrorDetails details;
  details.permanent = true;
  return vc::TransportError(what, details);
}

}  // namespace unit
