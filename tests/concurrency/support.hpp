#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vitec/connect.hpp>

#include "counting_server.hpp"

namespace concurrency {

namespace vc = vitec::connect;

/// Options aimed at `server`: retries quick and without jitter, so timings are predictable.
inline vc::ClientOptions options_for(const CountingServer& server) {
  vc::ClientOptions options;
  options.base_url = server.base_url();
  options.username = "broker";
  options.password = "secret-password";  // long enough to be redacted, not withheld
  options.request_timeout = std::chrono::seconds(10);
  options.retry.initial_backoff = std::chrono::milliseconds(10);
  options.retry.jitter = [] { return 0.0; };
  return options;
}

inline vc::ParticipantFollowUp follow_up(const std::string& viewing_id) {
  vc::ParticipantFollowUp item;
  item.contact_id = "contact-1";
  item.viewing_id = viewing_id;
  item.participated = true;
  return item;
}

/// Keeps the largest value seen in `most`, from any thread.
inline void raise_to(std::atomic<int>& most, int value) {
  int seen = most.load();
  while (value > seen && !most.compare_exchange_weak(seen, value)) {
  }
}

}  // namespace concurrency
