#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include "vitec/connect/detail/curl_batch.hpp"
#include "vitec/connect/detail/curl_easy.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// Settings of a CurlTransport; a Client fills them from its ClientOptions.
struct CurlTransportOptions {
  std::string ca_bundle{};  ///< PEM file; empty = system store
  std::string proxy{};      ///< empty = the usual *_proxy environment variables, if any, else none
  /// False: an empty `proxy` means no proxy at all, whatever the environment says.
  bool use_environment_proxy = true;
  /// Larger answers are a ProtocolError and are never read whole into memory; a request's own
  /// HttpRequest::max_response_bytes takes precedence.
  std::size_t max_response_bytes = std::size_t{1} << 20;
};

/// The default Transport, on libcurl. TLS peer and host verification are always on, TLS 1.2 is
/// the minimum, redirects are never followed. Thread-safe: each concurrent send takes its own
/// easy handle from a pool owned by this object, and a handle keeps its connection open for the
/// next request. Use it as CurlTransport: a template only so that it is compiled where it is
/// used, as BasicClient is.
template <class Unused = void>
class BasicCurlTransport final : public Transport {
 public:
  /// Connects to nothing yet. The first CurlTransport of the process initializes libcurl, and
  /// throws TransportError if that fails.
  explicit BasicCurlTransport(CurlTransportOptions options = {})
      : pool_(detail::curl_settings{std::move(options.ca_bundle), std::move(options.proxy),
                                    options.use_environment_proxy, options.max_response_bytes}) {}

  /// Sends on an idle pooled handle (reusing its open connection) or on a new one. Throws
  /// TimeoutError; TransportError, marked ErrorDetails::permanent when another attempt cannot get
  /// past it (e.g. TLS verification); ProtocolError for an answer over max_response_bytes.
  HttpResponse send(const HttpRequest& request) override {
    const auto easy = pool_.acquire();
    detail::basic_transfer<Unused> exchange(*easy, request, pool_.settings().max_response_bytes);
    return exchange.finish(curl_easy_perform(easy->handle.get()));
  }

  /// Batches run over curl multi on this transport's pooled handles, from the calling thread;
  /// over HTTP/2 their transfers share one connection.
  std::unique_ptr<TransportBatch> open_batch(std::size_t max_in_flight) override {
    return std::make_unique<detail::basic_curl_multi_batch<Unused>>(pool_, max_in_flight);
  }

  /// Uploads are read from HttpRequest::body_stream as they are sent.
  bool streams_request_bodies() const noexcept override { return true; }

 private:
  detail::basic_easy_pool<Unused> pool_;
};
/// The default Transport; see BasicCurlTransport.
using CurlTransport = BasicCurlTransport<>;

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
