#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "vitec/connect/error.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace testing {

/// A Transport for unit tests of code that uses a Client: it records every request and answers
/// each from a script, in order. Put it in ClientOptions::transport. Thread-safe.
///
///     auto fake = std::make_shared<vc::testing::FakeTransport>();
///     fake->respond(503, "").respond(200, "true");
class FakeTransport : public Transport {
 public:
  /// Answers one request: returns a response, or throws as a failing network would.
  using Responder = std::function<HttpResponse(const HttpRequest&)>;

  /// The next request gets this status, body and headers.
  FakeTransport& respond(int status, std::string body, Headers headers = {}) {
    HttpResponse response{status, std::move(headers), std::move(body)};
    return respond_with([response](const HttpRequest&) { return response; });
  }

  /// The next request fails as if the network did (TransportError, TimeoutError, ...).
  template <class TransportFailure>
  FakeTransport& fail(TransportFailure error) {
    return respond_with([error](const HttpRequest&) -> HttpResponse { throw error; });
  }

  /// The next request is answered by `responder`, which may also throw.
  FakeTransport& respond_with(Responder responder) {
    const std::lock_guard<std::mutex> lock(mutex_);
    script_.push_back(std::move(responder));
    return *this;
  }

  /// Records `request` and answers it from the script. With the script used up it throws a
  /// permanent TransportError, so that an unexpected extra request fails the test at once
  /// instead of being retried.
  HttpResponse send(const HttpRequest& request) override {
    Responder next;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
      if (script_.empty()) {
        ErrorDetails details;
        details.permanent = true;
        throw TransportError("FakeTransport: no scripted answer left for request " +
                                 std::to_string(requests_.size()),
                             std::move(details));
      }
      next = std::move(script_.front());
      script_.pop_front();
    }
    return next(request);
  }

  /// Every request received so far, in order.
  std::vector<HttpRequest> requests() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

  /// Scripted answers not used yet.
  std::size_t remaining() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return script_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::deque<Responder> script_;
  std::vector<HttpRequest> requests_;
};

}  // namespace testing
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
