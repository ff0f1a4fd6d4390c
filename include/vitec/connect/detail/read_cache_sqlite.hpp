#pragma once

// ReadCache's SQLite file. Keys and URLs are stored as their HMAC-SHA-256 under a random secret
// of the file's own (OpenSSL's libcrypto, which libcurl's TLS already brings): they hold path ids
// and query values, personal identity numbers among them, and a file outlives the process. A
// plain hash would not do: a 10-12 digit number, a known user name and URL are few enough
// guesses to try them all. The secret is only as safe as the file (mode 0600), which also holds
// the bodies; it keeps the file's names from being read anywhere else its rows are copied. A cache
// may lose what it holds: every failure after opening is a miss (a read) or drops more than asked
// (a write), never a failed call.

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "vitec/connect/detail/private_file.hpp"
#include "vitec/connect/detail/read_cache_store.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

/// Says "this file is a read cache" in the database header: PRAGMA application_id.
inline constexpr int read_cache_application_id = 0x56435243;  // "VCRC"

/// The layout this code writes: 2 added the meta table and its key_secret.
inline constexpr int read_cache_schema_version = 2;
inline constexpr std::size_t read_cache_secret_bytes = 32;

inline std::string hmac_sha256(const std::string& secret, const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest,
           &size) == nullptr) {
    throw std::runtime_error("HMAC-SHA-256 failed");
  }
  return std::string(reinterpret_cast<const char*>(digest), size);
}

class sqlite_cache_store final : public read_cache_store {
 public:
  explicit sqlite_cache_store(std::string path) : path_(std::move(path)) {
    const int prepared = prepare_private_file(path_.c_str());
    if (prepared != 0) {
      refuse(prepared < 0 ? "cannot make the new file private"
                          : std::string("cannot open for writing: ") + std::strerror(prepared));
    }
    const int opened =
        sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (opened != SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(opened);
      sqlite3_close(db_);
      refuse(why);
    }
    try {
      sqlite3_busy_timeout(db_, 5000);
      open_schema();
    } catch (...) {
      sqlite3_close(db_);
      throw;
    }
  }
  ~sqlite_cache_store() override { sqlite3_close(db_); }
  sqlite_cache_store(const sqlite_cache_store&) = delete;
  sqlite_cache_store& operator=(const sqlite_cache_store&) = delete;

  std::optional<cache_record> find(const std::string& key) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    try {
      const auto hashed = hashed_name(key);
      statement select(db_,
                       "SELECT body, etag, last_modified, stored_at FROM entries WHERE key = ?");
      select.bind(1, hashed);
      if (!select.step()) return std::nullopt;
      cache_record record;
      record.key = key;
      record.body = select.text(0);
      record.etag = select.text(1);
      record.last_modified = select.text(2);
      record.stored_at_ms = select.int64(3);
      statement(db_, "UPDATE entries SET used = ? WHERE key = ?")
          .bind(1, ++used_)
          .bind(2, hashed)
          .run();
      return record;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  void put(cache_record record, std::uint64_t max_bytes) override {
    const auto size = record_bytes(record);
    const std::lock_guard<std::mutex> lock(mutex_);
    try {
      const auto hashed = hashed_name(record.key);
      remove_locked(hashed);
      if (size > max_bytes) return;
      statement(db_,
                "INSERT INTO entries(key, operation_id, url, scope, body, etag, last_modified, "
                "stored_at, used, bytes) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(1, hashed)
          .bind(2, record.operation_id)
          .bind(3, hashed_name(record.url))
          .bind(4, record.scope)
          .bind(5, record.body)
          .bind(6, record.etag)
          .bind(7, record.last_modified)
          .bind(8, record.stored_at_ms)
          .bind(9, ++used_)
          .bind(10, static_cast<std::int64_t>(size))
          .run();
      bytes_ += size;
      while (bytes_ > max_bytes) {
        statement oldest(db_, "SELECT key FROM entries ORDER BY used LIMIT 1");
        if (!oldest.step()) break;
        const auto victim = oldest.text(0);
        oldest.reset();
        remove_locked(victim);
      }
    } catch (const std::exception&) {
      // Not kept: the next read asks the server.
    }
  }

  void refresh(const std::string& key, std::int64_t stored_at_ms) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    try {
      statement(db_, "UPDATE entries SET stored_at = ? WHERE key = ?")
          .bind(1, stored_at_ms)
          .bind(2, hashed_name(key))
          .run();
    } catch (const std::exception&) {
      // Its age stays: the next read asks again.
    }
  }

  void drop_key(const std::string& key) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    or_everything([&] { remove_locked(hashed_name(key)); });
  }

  void drop_scopes(const std::string& prefix) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    or_everything([&] {
      // A range over the index: every blob that starts with `prefix` sorts between it and its
      // last byte plus one (a scope prefix ends in '\n', never 0xff).
      std::string past = prefix;
      ++past.back();
      statement(db_, "DELETE FROM entries WHERE scope >= ? AND scope < ?")
          .bind(1, prefix)
          .bind(2, past)
          .run();
      recount();
    });
  }

  void drop_operation(const std::string& operation_id, const std::string& url) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    or_everything([&] {
      if (url.empty()) {
        statement(db_, "DELETE FROM entries WHERE operation_id = ?").bind(1, operation_id).run();
      } else {
        statement(db_, "DELETE FROM entries WHERE operation_id = ? AND url = ?")
            .bind(1, operation_id)
            .bind(2, hashed_name(url))
            .run();
      }
      recount();
    });
  }

  void clear() override {
    const std::lock_guard<std::mutex> lock(mutex_);
    or_everything([this] {
      exec("DELETE FROM entries");
      bytes_ = 0;
    });
  }

  std::uint64_t bytes() override {
    const std::lock_guard<std::mutex> lock(mutex_);
    return bytes_;
  }

 private:
  class statement {
   public:
    statement(sqlite3* db, const char* sql) : db_(db) {
      check(sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr));
    }
    ~statement() { sqlite3_finalize(stmt_); }
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    statement& bind(int index, std::int64_t value) {
      check(sqlite3_bind_int64(stmt_, index, value));
      return *this;
    }
    statement& bind(int index, const std::string& value) {
      check(sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()),
                              SQLITE_TRANSIENT));
      return *this;
    }
    bool step() {
      const int code = sqlite3_step(stmt_);
      if (code == SQLITE_ROW) return true;
      if (code != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
      return false;
    }
    void run() { step(); }
    void reset() { sqlite3_reset(stmt_); }
    std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::string text(int column) const {
      const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
      return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                  : std::string();
    }

   private:
    void check(int code) const {
      if (code != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
  };

  std::string hashed_name(const std::string& text) const { return hmac_sha256(secret_, text); }

  [[noreturn]] void refuse(const std::string& why) const {
    throw InvalidArgumentError("read cache " + path_ + ": " + why);
  }

  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(db_));
    }
  }

  std::int64_t query_int(const char* sql) {
    statement query(db_, sql);
    query.step();
    return query.int64(0);
  }

  void open_schema() {
    try {
      const auto application = query_int("PRAGMA application_id");
      const bool blank = application == 0 && query_int("SELECT count(*) FROM sqlite_master") == 0;
      if (!blank && application != read_cache_application_id) {
        refuse("an SQLite database of another program, not a read cache");
      }
      exec("PRAGMA journal_mode = WAL");
      exec("PRAGMA synchronous = NORMAL");
      exec("BEGIN IMMEDIATE");  // another process may be creating or upgrading it at once
      try {
        upgrade(blank);
        {
          statement secret(db_, "SELECT value FROM meta WHERE name = 'key_secret'");
          if (secret.step()) secret_ = secret.text(0);
        }
        exec("COMMIT");
      } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
      }
      if (secret_.size() != read_cache_secret_bytes) refuse("its key secret is missing");
      used_ = query_int("SELECT coalesce(max(used), 0) FROM entries");
      recount();
    } catch (const InvalidArgumentError&) {
      throw;
    } catch (const std::exception& e) {
      refuse(e.what());
    }
  }

  /// Brings the file to read_cache_schema_version, within open_schema()'s transaction.
  void upgrade(bool blank) {
    const auto version = query_int("PRAGMA user_version");
    if (version > read_cache_schema_version) refuse("a read cache of a newer version");
    if (version == read_cache_schema_version) return;
    if (blank) {
      exec(
          "CREATE TABLE entries(key BLOB PRIMARY KEY, operation_id BLOB NOT NULL,"
          " url BLOB NOT NULL, scope BLOB NOT NULL, body BLOB NOT NULL, etag BLOB NOT NULL,"
          " last_modified BLOB NOT NULL, stored_at INTEGER NOT NULL, used INTEGER NOT NULL,"
          " bytes INTEGER NOT NULL);"
          "CREATE INDEX entries_by_use ON entries(used);"
          "CREATE INDEX entries_by_scope ON entries(scope);"
          "CREATE INDEX entries_by_operation ON entries(operation_id);");
      exec(("PRAGMA application_id = " + std::to_string(read_cache_application_id)).c_str());
    } else {
      // Version 1 named its entries by a plain SHA-256: no longer found, and guessable.
      exec("DELETE FROM entries");
    }
    unsigned char secret[read_cache_secret_bytes];
    if (RAND_bytes(secret, sizeof secret) != 1) throw std::runtime_error("RAND_bytes failed");
    exec("CREATE TABLE meta(name TEXT PRIMARY KEY, value BLOB NOT NULL)");
    statement(db_, "INSERT INTO meta(name, value) VALUES('key_secret', ?)")
        .bind(1, std::string(reinterpret_cast<const char*>(secret), sizeof secret))
        .run();
    exec(("PRAGMA user_version = " + std::to_string(read_cache_schema_version)).c_str());
  }

  void recount() {
    bytes_ = static_cast<std::uint64_t>(query_int("SELECT coalesce(sum(bytes), 0) FROM entries"));
  }

  void remove_locked(const std::string& hashed) {
    statement(db_, "DELETE FROM entries WHERE key = ?").bind(1, hashed).run();
    if (sqlite3_changes(db_) > 0) recount();
  }

  /// Runs `drop`; if it fails, drops everything rather than keep what may be stale.
  template <class Drop>
  void or_everything(const Drop& drop) {
    try {
      drop();
      return;
    } catch (const std::exception&) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    try {
      exec("DELETE FROM entries");
      bytes_ = 0;
    } catch (const std::exception&) {
      // Nothing more a cache can do; its file is beyond reach.
    }
  }

  std::string path_;
  std::string secret_;  ///< keys the names of entries and URLs; see the top of this file
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
  std::int64_t used_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
