#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

/// One cached answer and what the store files it under. `key` names the account, operation and
/// arguments (it may hold personal identity numbers: a store that writes it down hashes it);
/// `url` is the request's URL (the same care); `scope` is what a write drops (base URL and
/// customer id: nothing personal).
struct cache_record {
  std::string key;
  std::string operation_id;
  std::string url;
  std::string scope;
  std::string body;
  std::string etag;
  std::string last_modified;
  std::int64_t stored_at_ms = 0;  ///< system clock, so that a file's entries age across runs
};

/// Where a ReadCache keeps its answers: memory, or an SQLite file (detail/read_cache_sqlite.hpp).
/// Every member is called from many threads at once.
class read_cache_store {
 public:
  virtual ~read_cache_store() = default;
  /// The record under `key`, marked as just used; nullopt when there is none.
  virtual std::optional<cache_record> find(const std::string& key) = 0;
  /// Stores or replaces `record`, then evicts the least recently used past `max_bytes`.
  virtual void put(cache_record record, std::uint64_t max_bytes) = 0;
  /// Restarts the age of the record under `key` (a 304 said it is unchanged).
  virtual void refresh(const std::string& key, std::int64_t stored_at_ms) = 0;
  virtual void drop_key(const std::string& key) = 0;
  /// Every record whose scope starts with `prefix`.
  virtual void drop_scopes(const std::string& prefix) = 0;
  /// Every record of `operation_id`, or only those of `url` when it is not empty.
  virtual void drop_operation(const std::string& operation_id, const std::string& url) = 0;
  virtual void clear() = 0;
  virtual std::uint64_t bytes() = 0;
};

/// What a record counts against ReadCacheOptions::max_bytes: its texts plus a fixed overhead.
inline std::uint64_t record_bytes(const cache_record& r) {
  constexpr std::uint64_t overhead = 64;
  return overhead + r.key.size() + r.operation_id.size() + r.url.size() + r.scope.size() +
         r.body.size() + r.etag.size() + r.last_modified.size();
}

/// The in-memory store: a list in order of use (most recent first) and an index into it. The
/// keys stay in clear text: they never leave the process, which already holds the same texts in
/// its requests, and an exact key cannot collide.
class memory_cache_store final : public read_cache_store {
 public:
  std::optional<cache_record> find(const std::string& key) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);
    return *it->second;
  }

  void put(cache_record record, std::uint64_t max_bytes) override {
    const auto size = record_bytes(record);
    const std::lock_guard<std::mutex> lock(mutex_);
    erase(record.key);
    if (size > max_bytes) return;  // would evict everything and still not fit
    order_.push_front(std::move(record));
    index_.emplace(order_.front().key, order_.begin());
    bytes_ += size;
    while (bytes_ > max_bytes) erase(order_.back().key);
  }

  void refresh(const std::string& key, std::int64_t stored_at_ms) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = index_.find(key);
    if (it != index_.end()) it->second->stored_at_ms = stored_at_ms;
  }

  void drop_key(const std::string& key) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    erase(key);
  }

  void drop_scopes(const std::string& prefix) override {
    drop_if([&prefix](const cache_record& r) {
      return r.scope.compare(0, prefix.size(), prefix) == 0;
    });
  }

  void drop_operation(const std::string& operation_id, const std::string& url) override {
    drop_if([&](const cache_record& r) {
      return r.operation_id == operation_id && (url.empty() || r.url == url);
    });
  }

  void clear() override {
    const std::lock_guard<std::mutex> lock(mutex_);
    index_.clear();
    order_.clear();
    bytes_ = 0;
  }

  std::uint64_t bytes() override {
    const std::lock_guard<std::mutex> lock(mutex_);
    return bytes_;
  }

 private:
  template <class Predicate>
  void drop_if(const Predicate& matches) {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = order_.begin(); it != order_.end();) {
      const auto next = std::next(it);
      if (matches(*it)) erase(it->key);
      it = next;
    }
  }

  void erase(const std::string& key) {
    const auto it = index_.find(key);
    if (it == index_.end()) return;
    bytes_ -= record_bytes(*it->second);
    const auto at = it->second;
    index_.erase(it);
    order_.erase(at);
  }

  std::mutex mutex_;
  std::list<cache_record> order_;
  std::unordered_map<std::string, std::list<cache_record>::iterator> index_;
  std::uint64_t bytes_ = 0;
};

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
