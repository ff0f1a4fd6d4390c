#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "vitec/connect/detail/read_cache_store.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// How a ReadCache keeps answers; see ReadCache.
struct ReadCacheOptions {
  /// An SQLite file (created with mode 0600; needs <vitec/connect/read_cache_file.hpp> and
  /// vitec::connect_outbox, which links SQLite); "" = in memory.
  std::string path;
  /// How long an answer is served without asking the server; 0 = ask every time (a conditional
  /// request when the answer carried ETag or Last-Modified).
  std::chrono::seconds time_to_live{300};
  /// time_to_live by operation id ("GET-Advertising-Estate-customerId-estateId").
  std::map<std::string, std::chrono::seconds> time_to_live_for;
  /// The most the entries may take (bodies, keys and a small overhead each); the least
  /// recently used go first. An answer larger than this is not kept.
  std::uint64_t max_bytes = 256u << 20;
  /// When the server cannot be reached, times out or answers 5xx, a read answers with the
  /// entry past its time to live (Result::cache() == CacheUse::stale) rather than the error.
  bool serve_stale_on_error = true;
};

class ReadCache;

namespace detail {

/// Opens the SQLite store: set by <vitec/connect/read_cache_file.hpp>, so that a program that
/// keeps its cache in memory needs no SQLite.
using read_cache_file_opener = std::unique_ptr<read_cache_store> (*)(const std::string& path);

inline std::atomic<read_cache_file_opener>& read_cache_file_slot() noexcept {
  static std::atomic<read_cache_file_opener> slot{nullptr};
  return slot;
}

/// What the client reaches of a ReadCache.
struct read_cache_access;

}  // namespace detail

/// Answers of GET calls kept for reuse, as Vitec asks of its integrators, shared by any number
/// of clients (ClientOptions::read_cache). Entries are keyed by the user name, operation and
/// request URL (base URL, path ids and query) and format, never the password: one cache may
/// serve several clients without one account reading another's answers. A write (PUT, POST,
/// DELETE) through a client drops every cached read of the same base URL and customer id, as the
/// paths do not say which reads a write changes (a POST Contacts/UpdatePerson changes GET
/// CRM/Contact/...); a write that names no customer drops every cached read of the base URL.
/// Thread-safe.
class ReadCache {
 public:
  /// Throws InvalidArgumentError for a path when <vitec/connect/read_cache_file.hpp> is not in
  /// the program, or when the file cannot be opened or is another program's.
  explicit ReadCache(ReadCacheOptions options)
      : options_(std::move(options)), store_(open(options_.path)) {}

  /// Drops every entry.
  void clear() { store_->clear(); }

  /// Drops every entry of `operation_id`, for every account; with `url` (a request URL as
  /// LogEvent::url shows it), only the entries of that URL.
  void drop(std::string_view operation_id, std::string_view url = {}) {
    store_->drop_operation(std::string(operation_id), std::string(url));
  }

  /// What the entries take now, as counted against ReadCacheOptions::max_bytes.
  std::uint64_t bytes() const { return store_->bytes(); }

  /// The options it was made with.
  const ReadCacheOptions& options() const noexcept { return options_; }

 private:
  friend struct detail::read_cache_access;

  static std::unique_ptr<detail::read_cache_store> open(const std::string& path) {
    if (path.empty()) return std::make_unique<detail::memory_cache_store>();
    const auto opener = detail::read_cache_file_slot().load();
    if (opener == nullptr) {
      throw InvalidArgumentError(
          "ReadCacheOptions::path needs <vitec/connect/read_cache_file.hpp> included in the "
          "program and vitec::connect_outbox (SQLite) linked");
    }
    return opener(path);
  }

  ReadCacheOptions options_;
  std::unique_ptr<detail::read_cache_store> store_;
};

namespace detail {

struct read_cache_access {
  static read_cache_store& store(const ReadCache& cache) noexcept { return *cache.store_; }
  static std::chrono::seconds time_to_live(const ReadCache& cache, const std::string& operation) {
    const auto& options = cache.options_;
    const auto it = options.time_to_live_for.find(operation);
    return it == options.time_to_live_for.end() ? options.time_to_live : it->second;
  }
};

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
