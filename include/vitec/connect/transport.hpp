#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// HTTP header fields as (name, value) pairs, in order; a name may repeat.
using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse;

/// A request body made as it is sent, in pieces (HttpRequest::body_stream): a file or an image
/// uploaded in bounded memory.
struct BodyStream {
  /// Reads the body's next bytes into `into` (at most `room`) and returns how many; 0 at the end.
  using reader = std::function<std::size_t(char* into, std::size_t room)>;
  /// Starts the body again from its first byte and returns its reader: called once per attempt,
  /// and again whenever the transport must send the body anew. May throw: the attempt fails.
  std::function<reader()> open{};
  /// The body's length in bytes, sent as Content-Length; -1 when unknown (sent chunked).
  std::int64_t size = -1;
};

/// One HTTP exchange as the client hands it to a Transport. `headers` already holds
/// Authorization, Accept and User-Agent, and Content-Type when there is a body.
struct HttpRequest {
  std::string method{};  ///< "GET", "PUT" or "POST"
  std::string url{};     ///< the full URL, path ids percent-encoded, query included
  Headers headers{};     ///< Authorization holds the credentials: never log it
  std::string body{};    ///< the model, serialized in ClientOptions::format; "" for a GET
  std::chrono::milliseconds connect_timeout{10000};  ///< ClientOptions::connect_timeout
  std::chrono::milliseconds timeout{30000};  ///< ClientOptions::request_timeout: whole exchange
  /// The longest answer this endpoint accepts (a boolean's is small, a list's large); 0 = the
  /// transport's own limit. A longer answer is a ProtocolError for a 2xx.
  std::size_t max_response_bytes = 0;
  /// Optional (set for the downloads of files and images): the body of a 2xx answer goes here
  /// chunk by chunk as it arrives, with the status and headers already received in `head` (its
  /// body empty), instead of into HttpResponse::body; max_response_bytes does not bound it.
  /// Another status's body is kept as usual. If the sink throws, the transfer stops at once and
  /// send() throws what it threw. A transport that ignores it (one written before it existed)
  /// still works: the client then hands the body it returned to the sink itself.
  std::function<void(const HttpResponse& head, std::string_view chunk)> body_sink{};
  /// Optional (set for the uploads of files and images): when its `open` is set, the body is
  /// read from it as it is sent, and `body` is empty. The client sets it only for a transport
  /// whose streams_request_bodies() is true; any other gets the whole body in `body`.
  BodyStream body_stream{};
};

/// The answer a Transport got, whatever its status: the Client turns it into a result or an Error.
struct HttpResponse {
  int status = 0;      ///< as received; the Client follows no redirect (a 3xx is an HttpError)
  Headers headers{};   ///< the Client reads Retry-After and Location
  std::string body{};  ///< raw; the Client decodes it as the endpoint documents
};

/// One exchange of a TransportBatch that ended: the answer, or why none came. Use it as
/// BatchCompletion; a template only so that a unit that does not use it does not compile its
/// std::variant, as BasicClient.
template <class Unused = void>
struct BasicBatchCompletion {
  std::size_t tag = 0;                          ///< what TransportBatch::start was given
  std::variant<HttpResponse, Error> outcome{};  ///< whatever status came back, or the failure
  std::chrono::microseconds elapsed{0};         ///< how long the exchange took
};

/// One exchange of a TransportBatch that ended; see BasicBatchCompletion.
using BatchCompletion = BasicBatchCompletion<>;

/// Many exchanges at once, driven from the one thread that calls it (curl multi for the libcurl
/// transport): the Client's bulk calls use it so that a thousand items need no thousand threads.
class TransportBatch {
 public:
  virtual ~TransportBatch() = default;
  /// Starts `request`, which must stay alive and unchanged until its completion is returned;
  /// `tag` comes back with it. Never throws for one request's failure: that is its completion.
  virtual void start(const HttpRequest& request, std::size_t tag) = 0;
  /// Waits up to `wait` for started exchanges to end and returns those that did (possibly none).
  /// Destroying the batch abandons what is still in flight.
  virtual std::vector<BatchCompletion> poll(std::chrono::milliseconds wait) = 0;
};

/// Sends one request and returns whatever status came back. Implementations signal a failure
/// to get any answer by throwing TransportError (or TimeoutError); a non-permanent one is retried.
/// Replace it in ClientOptions to mock the network or to use another HTTP stack.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends `request` once and returns the answer; retries and status mapping are the Client's.
  /// May be called from several threads at once. Any exception that is not an Error becomes a
  /// TransportError that is not retried.
  virtual HttpResponse send(const HttpRequest& request) = 0;
  /// A batch of up to `max_in_flight` concurrent exchanges for the Client's bulk calls, or null
  /// (the default) when the transport has none: the Client then sends them one after another
  /// through send(). CurlTransport returns curl multi, and a wrapper around a CurlTransport keeps
  /// that by forwarding this call.
  virtual std::unique_ptr<TransportBatch> open_batch(std::size_t /*max_in_flight*/) {
    return nullptr;
  }
  /// Whether send() reads HttpRequest::body_stream (false, the default: the client then puts an
  /// upload's whole body in HttpRequest::body, as for any request). CurlTransport does; a wrapper
  /// around one keeps that by forwarding this call.
  virtual bool streams_request_bodies() const noexcept { return false; }
};

namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// A user transport threw something other than an Error: nothing says a retry would help.
template <class = void>
Error foreign_failure(const std::string& what) {
  ErrorDetails details;
  details.permanent = true;
  return TransportError(what, std::move(details));
}

/// One send() whose failure, whatever a user transport throws, is a value.
template <class Unused = void>
std::variant<HttpResponse, Error> exchange(Transport& transport,
                                           const HttpRequest& request) noexcept {
  try {
    return transport.send(request);
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return foreign_failure(std::string("transport failed: ") + e.what());
  } catch (...) {
    return foreign_failure("transport failed with an unknown exception");
  }
}

}  // namespace detail

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
