#pragma once

// Shared pieces of the integration tests: the real Client with its libcurl transport, talking
// over loopback to an in-process stand-in of Vitec Connect.

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>
#include <vitec/connect.hpp>

#include "stand_in.hpp"

namespace integration {

namespace vc = vitec::connect;
namespace si = vitec::stand_in;
using std::chrono::milliseconds;

inline const std::string user = "broker";
/// Every character that breaks naive Basic auth or URL handling, and non-ASCII letters.
inline const std::string password = "p:a@s/s+w=rd-\xC3\xA5\xC3\xA4\xC3\xB6";

/// Collects the client's LogEvents; safe to call from any thread.
class LogCapture {
 public:
  std::function<void(const vc::LogEvent&)> sink();
  std::vector<vc::LogEvent> events() const;

 private:
  mutable std::mutex mutex_;
  std::vector<vc::LogEvent> events_;
};

/// A stand-in that accepts `user`/`password`, and client options aimed at it: retries fast
/// (initial 10 ms, max 200 ms, 3 attempts) and log events captured.
struct Harness {
  Harness();
  explicit Harness(si::ServerOptions server_options);

  vc::ClientOptions options(vc::Format format = vc::Format::json) const;
  vc::ClientOptions raw_options() const;  ///< aimed at the raw fault listener instead

  si::Server server;
  std::shared_ptr<LogCapture> log = std::make_shared<LogCapture>();
};

si::ServerOptions server_options();

vc::ParticipantFollowUp sample_follow_up();
vc::OrderUserInteractionRequest sample_order();

/// A call's result and how long it took.
struct Outcome {
  vc::Result<bool> result;
  milliseconds elapsed;
};

/// Runs `call` and returns how long it took.
milliseconds time_of(const std::function<void()>& call);

/// The error of a call that must fail.
vc::Error failure_of(const vc::Result<bool>& result);

/// Neither the password, nor its Basic-auth encoding, nor the header name may show in anything
/// the SDK hands out: what(), body(), message(), model_state() and every LogEvent.
void require_no_secrets(const vc::Error& error, const std::vector<vc::LogEvent>& events);

/// One LogEvent per attempt, numbered 1..n, for `method` on `url`, each with its elapsed time.
void require_one_event_per_attempt(const std::vector<vc::LogEvent>& events, int attempts,
                                   const std::string& url);

/// A TCP socket bound to an ephemeral port on 127.0.0.1, listening with `backlog` unless it is
/// negative; the caller closes `fd`.
struct LoopbackSocket {
  int fd;
  int port;
};
LoopbackSocket bind_loopback(int backlog);

/// A loopback port that nothing listens on (bound, then closed).
int closed_port();

}  // namespace integration
