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

/// What a read is filed under for writes to drop: the base URL and the customer id. Each ends in
/// a character neither can hold, so that one scope is never the start of another's.
inline std::string cache_scope(std::string_view base_url, std::string_view customer_id) {
  std::string scope(base_url);
  scope.append("\n").append(customer_id).append("\n");
  return scope;
}

/// The start of every scope a write makes stale. Any write may change what any read of the same
/// customer answers (POST Contacts/UpdatePerson changes GET CRM/Contact/...), and the paths do
/// not say which: so all of the customer's reads, or, for a write that names no customer, every
/// read of the base URL.
inline std::string written_scope(std::string_view base_url, std::string_view customer_id) {
  if (customer_id.empty()) return std::string(base_url) + "\n";
  return cache_scope(base_url, customer_id);
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

/// Whether an entry stored at `stored_at_ms` may still be served without asking. A negative age
/// means the system clock was set back since it was stored: how old it really is is unknown, so
/// it counts as expired rather than fresh for as long as the clock was moved.
inline bool within_time_to_live(std::int64_t stored_at_ms, std::int64_t now_ms,
                                std::chrono::seconds time_to_live) {
  const auto age = now_ms - stored_at_ms;
  return age >= 0 &&
         age < std::chrono::duration_cast<std::chrono::milliseconds>(time_to_live).count();
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
