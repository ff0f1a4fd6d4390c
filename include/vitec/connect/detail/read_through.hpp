#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "vitec/connect/detail/read_cache_store.hpp"
#include "vitec/connect/detail/response.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// How a client reads through its ReadCache; client.hpp's execute() drives it.

/// Which operation a single call is, for the cache.
struct cache_call {
  std::string_view operation_id;
  std::string_view customer_id;
  std::string_view path;  ///< as the description writes it, {name} and all
};

/// The description's id of a 0.2 endpoint, whose path names its ids in words ("{customer
/// id}"): "PUT-ViewingParticipant-customerId".
inline std::string endpoint_operation_id(std::string_view method, std::string_view path) {
  std::string id(method);
  id += '-';
  bool after_space = false;
  for (const char c : path) {
    if (c == '/') {
      id += '-';
    } else if (c == ' ') {
      after_space = true;
      continue;
    } else if (c != '{' && c != '}') {
      id += after_space && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    }
    after_space = false;
  }
  return id;
}

/// What a write drops: the base URL, the customer id and the path's first segment.
inline std::string cache_scope(std::string_view base_url, const cache_call& call) {
  std::string scope(base_url);
  scope.append("\n").append(call.customer_id).append("\n");
  scope.append(call.path.substr(0, call.path.find('/')));
  return scope;
}

/// The entry's key: user name, operation, URL (base URL, path ids, query) and Accept. Each part
/// but the last ends in a character no part can hold, so that no two calls share a key.
inline std::string cache_key(std::string_view username, const cache_call& call,
                             const HttpRequest& request) {
  std::string key(username);
  key.append("\n").append(call.operation_id).append("\n").append(request.url).append("\n");
  if (const auto* accept = find_header(request.headers, "Accept")) key.append(*accept);
  return key;
}

inline std::int64_t cache_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Whether a failed read may be answered from a stale entry: the server was not there to ask.
inline bool is_outage(const Error& error) noexcept {
  return error.kind() == ErrorKind::transport || error.kind() == ErrorKind::timeout ||
         error.kind() == ErrorKind::server;
}

/// Watches each attempt of a cached read: a 304 becomes the entry's answer, a 2xx is kept to
/// be stored once it has decoded.
struct cache_observer {
  const cache_record* entry = nullptr;  ///< the entry a conditional request was made for
  bool revalidated = false;
  std::optional<HttpResponse> fetched;

  void see(std::variant<HttpResponse, Error>& got) {
    auto* response = std::get_if<HttpResponse>(&got);
    if (response == nullptr) return;
    if (response->status == 304 && entry != nullptr) {
      response->status = 200;
      response->body = entry->body;
      revalidated = true;
      fetched.reset();
    } else if (response->status >= 200 && response->status < 300) {
      revalidated = false;
      fetched = *response;
    }
  }
};

/// The request with If-None-Match / If-Modified-Since from what the entry's answer carried.
inline HttpRequest conditional_request(const HttpRequest& request, const cache_record& entry) {
  HttpRequest out = request;
  if (!entry.etag.empty()) out.headers.emplace_back("If-None-Match", entry.etag);
  if (!entry.last_modified.empty()) {
    out.headers.emplace_back("If-Modified-Since", entry.last_modified);
  }
  return out;
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
