#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "vitec/connect/format.hpp"
#include "vitec/connect/logging.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

class ReadCache;

/// When and how long to wait before trying again. Retried: 408, 429, 500, 502, 503, 504 and
/// transport failures that are not permanent; never 400, 401, 403, 404 or a TLS verification
/// failure. Delay before retry n: initial_backoff * 2^(n-1) * (1 + a random jitter in [0, 1]);
/// past max_backoff, a random wait in [max_backoff / 2, max_backoff]. A Retry-After header
/// replaces it when respect_retry_after; one longer than max_backoff ends the call at once, with
/// the server's wait in Error::retry_after(), rather than coming back early. Any values are safe:
/// max_attempts below 1 counts as 1, a negative duration as 0, and the waits saturate at
/// max_backoff rather than overflow.
struct RetryPolicy {
  int max_attempts = 3;                            ///< 1 = no retry
  std::chrono::milliseconds initial_backoff{500};  ///< first step, doubled for each later retry
  std::chrono::milliseconds max_backoff{30000};    ///< longest wait between two attempts
  /// Wait as a retried answer's Retry-After header says (seconds or HTTP-date) instead of
  /// backing off; false ignores the header.
  bool respect_retry_after = true;
  /// How a single call waits; null = std::this_thread::sleep_for. Tests inject one that records.
  /// Batches wait on a timer instead, so that a waiting item never holds up the others.
  std::function<void(std::chrono::milliseconds)> sleep{};
  /// Jitter source returning a factor in [0, 1]; null = random. Tests return 0 for the plain
  /// exponential steps.
  std::function<double()> jitter{};
};

/// Settings of a Client, read once when it is made. The defaults talk to the production API;
/// set at least username and password.
struct ClientOptions {
  /// Where the API lives; a path prefix is kept, a trailing '/' does not matter. No credentials,
  /// query or fragment.
  std::string base_url = "https://connect.maklare.vitec.net";
  std::string username{};  ///< for Basic auth; cannot contain ':' (Basic auth splits at the first)
  /// For Basic auth; the SDK never puts it in an Error or a LogEvent. See also password_for.
  std::string password{};
  Format format = Format::json;                      ///< request body and Accept
  std::chrono::milliseconds connect_timeout{10000};  ///< to set up a connection, per attempt
  std::chrono::milliseconds request_timeout{30000};  ///< whole request, per attempt
  RetryPolicy retry{};                               ///< when and how long to wait to try again
  std::string ca_bundle{};                           ///< PEM file; empty = system store
  /// Empty = the usual *_proxy environment variables, if any, else none; with plain http and
  /// without allow_insecure_http, only a proxy on loopback and never the environment's.
  std::string proxy{};
  bool allow_insecure_http = false;        ///< plain http only to loopback unless true
  std::shared_ptr<Transport> transport{};  ///< null = a CurlTransport made from these options
  std::function<void(const LogEvent&)> logger{};  ///< optional; never sees the password
  /// Answers longer than this are cut off: a ProtocolError for a 2xx, else mapped by status.
  /// Applies to the endpoints that answer one small value (a boolean, an OrderTicket).
  std::size_t max_response_bytes = std::size_t{1} << 20;
  /// The same limit for the endpoints that answer a list (get_viewing_participant,
  /// list_orders): an office's whole order history must fit.
  std::size_t max_list_response_bytes = std::size_t{64} << 20;
  /// One password per customer and area, as Vitec issues them to one user name: when set, each
  /// request's password is `password_for(customer_id, area)` (area as in the API description:
  /// "viewing" for ViewingParticipant, "service" for Service/Order, ...; the customer id is the
  /// call's). It is asked once per pair and the answer kept for the client's life (copies share
  /// it); calls from many threads for a pair not yet known wait for that one answer. Every
  /// password it gives is kept out of errors and log events like `password`. If it throws or
  /// gives an empty password, that call fails with an InvalidArgumentError and nothing is
  /// sent; the exception's text is withheld (it may hold a secret), nothing is cached, and the
  /// next call for the pair asks again. It is called on the calling thread and must be
  /// thread-safe. Set it or `password`, not both: the constructor refuses both.
  std::function<std::string(std::string_view customer_id, std::string_view area)> password_for{};
  /// The longest file or image a download accepts (api::download and the area clients'
  /// `_stream` / `_to_file` members), counted in the file's bytes: past it the transfer stops at
  /// once with a ProtocolError naming the limit.
  std::uint64_t max_download_bytes = std::uint64_t{1} << 30;
  /// At most this many requests start per second through this client, its copies and its bulk
  /// calls, retries included: each start is spaced 1/N s after the one before (a single call
  /// waits through RetryPolicy::sleep; a bulk call keeps polling its transfers meanwhile). 0 (the
  /// default) = no pacing: Vitec publishes no limit. A negative or NaN value is refused by the
  /// Client's constructor.
  double max_requests_per_second = 0;
  /// Answers of GET calls kept and reused (see ReadCache, <vitec/connect/read_cache.hpp>); may
  /// be shared by several clients. null (the default) = every read asks the server. Bulk calls
  /// and downloads do not read it; every write through this client drops what it makes stale.
  std::shared_ptr<ReadCache> read_cache{};
};

/// How a bulk call runs.
struct BatchOptions {
  /// The largest max_in_flight a bulk call accepts; above it the call throws
  /// InvalidArgumentError before anything is sent. Each transfer holds a connection and two
  /// built requests, so a count past a few thousand only exhausts file descriptors and memory
  /// (and SIZE_MAX would overflow the size of the slots).
  static constexpr std::size_t max_in_flight_limit = 4096;

  /// Transfers at once (0 counts as 1), max_in_flight_limit at most.
  std::size_t max_in_flight = 16;
  /// Optional; called on the calling thread after each item ends. An exception it throws ends
  /// the whole batch and reaches the caller: transfers in flight are abandoned, results lost.
  std::function<void(std::size_t done, std::size_t total)> on_progress{};
};

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
