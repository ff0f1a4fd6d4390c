#pragma once

#include <utility>

#include "vitec/connect/detail/curl_easy.hpp"
#include "vitec/connect/transport.hpp"

namespace vitec::connect {

class Client;

/// Settings of a CurlTransport; a Client fills them from its ClientOptions.
struct CurlTransportOptions {
  std::string ca_bundle;  ///< PEM file; empty = system store
  std::string proxy;      ///< empty = none, or the usual *_proxy environment variables
  std::size_t max_response_bytes = std::size_t{1} << 20;
};

/// The default Transport, on libcurl. TLS peer and host verification are always on, TLS 1.2 is
/// the minimum, redirects are never followed. Thread-safe: each concurrent send takes its own
/// easy handle from a pool owned by this object, and a handle keeps its connection open for the
/// next request.
class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlTransportOptions options = {})
      : pool_(detail::curl_settings{std::move(options.ca_bundle), std::move(options.proxy),
                                    options.max_response_bytes}) {}

  HttpResponse send(const HttpRequest& request) override {
    const auto easy = pool_.acquire();
    detail::transfer exchange(*easy, request, pool_.settings().max_response_bytes);
    return exchange.finish(curl_easy_perform(easy->handle.get()));
  }

 private:
  friend class Client;  // its batches drive this pool through curl multi
  detail::easy_pool pool_;
};

}  // namespace vitec::connect
