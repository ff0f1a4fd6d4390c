#pragma once

// The outbox_store on one SQLite file, through SQLite's C API (a header-only SDK should not add
// a C++ wrapper library to its users' link line).
//
// Durability: WAL journal. An enqueue commits with synchronous=FULL, because in WAL mode NORMAL
// may lose the last commits on a power cut. Everything else (claims and outcomes) commits with
// NORMAL: losing one of those to a power cut can only make an item go again, never lose it, and
// the next FULL commit syncs them too since the WAL is written in order. A process crash loses
// nothing in either mode.

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vitec/connect/detail/outbox_error.hpp"
#include "vitec/connect/detail/outbox_store.hpp"
#include "vitec/connect/detail/private_file.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

/// Says "this file is an outbox" in the database header: PRAGMA application_id.
inline constexpr int outbox_application_id = 0x56434F42;  // "VCOB"
/// How long an operation waits for another connection's write to end before OutboxError locked.
inline constexpr int outbox_busy_timeout_ms = 5000;

class sqlite_store final : public outbox_store {
 public:
  /// The schema version this code writes, and the steps that lead to it: step n turns version n
  /// into n + 1, inside the transaction that then sets user_version.
  static constexpr int schema_version = 3;

  explicit sqlite_store(std::string path) : path_(std::move(path)) {
    create_private_file();
    const int opened =
        sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (opened != SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(opened);
      sqlite3_close(db_);
      throw OutboxError(reason_for(opened), message(why));
    }
    try {
      if (sqlite3_db_readonly(db_, "main") == 1)
        throw OutboxError(OutboxError::Reason::read_only, message("the file is read-only"));
      sqlite3_busy_timeout(db_, outbox_busy_timeout_ms);
      open_schema();
    } catch (...) {
      sqlite3_close(db_);
      throw;
    }
  }

  ~sqlite_store() override { sqlite3_close(db_); }
  sqlite_store(const sqlite_store&) = delete;
  sqlite_store& operator=(const sqlite_store&) = delete;

  /// The connection, for tests that need to set a limit on it (e.g. max_page_count).
  sqlite3* handle() noexcept { return db_; }

  std::int64_t enqueue(const new_outbox_item& item) override { return enqueue_all({item}).front(); }

  std::vector<std::int64_t> enqueue_all(const std::vector<new_outbox_item>& items) override {
    std::vector<std::int64_t> ids;
    if (items.empty()) return ids;
    ids.reserve(items.size());
    const std::lock_guard<std::mutex> lock(mutex_);
    const synchronous_full durable(*this);
    transaction txn(*this);
    statement insert(*this,
                     "INSERT INTO items(operation_id, endpoint, customer_id, order_key, body, "
                     "enqueued_at, target, personal) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& item : items) {
      insert.reset().bind(1, item.operation_id).bind(2, item.endpoint).bind(3, item.customer_id);
      if (item.order_key.empty()) {
        insert.bind_null(4);
      } else {
        insert.bind(4, item.order_key);
      }
      insert.bind(5, item.body).bind(6, item.now);
      bind_or_null(insert, 7, item.target);
      bind_or_null(insert, 8, item.personal);
      insert.run();
      ids.push_back(sqlite3_last_insert_rowid(db_));
    }
    txn.commit();
    return ids;
  }

  std::int64_t last_id() override {
    const std::lock_guard<std::mutex> lock(mutex_);
    statement max(*this, "SELECT coalesce(max(id), 0) FROM items");
    max.step();
    return max.int64(0);
  }

  claim_result claim(const claim_request& request) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    transaction txn(*this);
    claim_result result;
    result.cursor = request.after_id;
    // Read the window first: rows are then changed without a statement still reading them.
    struct candidate {
      claimed_outbox_item item;
      std::string key;
    };
    std::vector<candidate> window;
    const std::size_t window_size = std::max<std::size_t>(request.limit, 1) * 4;
    {
      statement scan(*this,
                     "SELECT id, coalesce(operation_id, ''), endpoint, customer_id, body, "
                     "coalesce(target, ''), coalesce(personal, ''), coalesce(order_key, '') "
                     "FROM items "
                     "WHERE id > ? AND id <= ? AND lease_until <= ? AND next_due <= ? "
                     "AND superseded_by IS NULL ORDER BY id LIMIT ?");
      scan.bind(1, request.after_id)
          .bind(2, request.up_to_id)
          .bind(3, request.now)
          .bind(4, request.due_by)
          .bind(5, static_cast<std::int64_t>(window_size));
      while (scan.step()) {
        window.push_back({{scan.int64(0), scan.text(1), scan.text(2), scan.text(3), scan.text(4),
                           scan.text(5), scan.text(6)},
                          scan.text(7)});
      }
    }
    result.more = window.size() == window_size;
    statement newest(*this, "SELECT max(id) FROM items WHERE order_key = ? AND id > ?");
    statement set_aside(*this, "UPDATE items SET superseded_by = ? WHERE id = ?");
    // Earlier ones not in flight, deferred ones included: sending them after this one would put
    // back an older state. They are held, not deleted, until this one is delivered.
    statement supersede_older(*this,
                              "UPDATE items SET superseded_by = ? WHERE order_key = ? AND id < ? "
                              "AND lease_until <= ? AND superseded_by IS NULL");
    statement repoint_older(*this,
                            "UPDATE items SET superseded_by = ? WHERE order_key = ? AND id < ? "
                            "AND lease_until <= ? AND superseded_by IS NOT NULL");
    statement older_in_flight(
        *this, "SELECT 1 FROM items WHERE order_key = ? AND id < ? AND lease_until > ? LIMIT 1");
    statement lease(*this, "UPDATE items SET lease_owner = ?, lease_until = ? WHERE id = ?");
    for (auto& [item, key] : window) {
      result.cursor = item.id;
      if (!key.empty()) {
        newest.reset().bind(1, key).bind(2, item.id);
        newest.step();
        if (!newest.is_null(0)) {
          const auto successor = newest.int64(0);
          newest.reset();
          set_aside.reset().bind(1, successor).bind(2, item.id).run();
          ++result.superseded;
          continue;
        }
        newest.reset();
        supersede_older.reset().bind(1, item.id).bind(2, key).bind(3, item.id).bind(4, request.now);
        supersede_older.run();
        result.superseded += static_cast<std::size_t>(sqlite3_changes(db_));
        repoint_older.reset().bind(1, item.id).bind(2, key).bind(3, item.id).bind(4, request.now);
        repoint_older.run();
        if (older_in_flight.reset().bind(1, key).bind(2, item.id).bind(3, request.now).exists()) {
          ++result.blocked;
          continue;
        }
      }
      lease.reset().bind(1, request.owner).bind(2, request.lease_until).bind(3, item.id).run();
      result.items.push_back(std::move(item));
      if (result.items.size() == request.limit) {
        result.more = true;
        break;
      }
    }
    txn.commit();
    return result;
  }

  void renew(const std::string& owner, std::int64_t lease_until) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    transaction txn(*this);
    statement(*this, "UPDATE items SET lease_until = ? WHERE lease_owner = ?")
        .bind(1, lease_until)
        .bind(2, owner)
        .run();
    txn.commit();
  }

  void complete(std::int64_t id, const std::string& owner) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    transaction txn(*this);
    statement(*this, "DELETE FROM items WHERE id = ? AND lease_owner = ?")
        .bind(1, id)
        .bind(2, owner)
        .run();
    if (sqlite3_changes(db_) > 0) {
      statement(*this, "DELETE FROM items WHERE superseded_by = ?").bind(1, id).run();
    }
    txn.commit();
  }

  void defer(std::int64_t id, const std::string& owner, const std::string& error,
             std::int64_t next_due) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    transaction txn(*this);
    statement(*this,
              "UPDATE items SET attempts = attempts + 1, last_error = ?, next_due = ?, "
              "last_tried_at = ?, lease_owner = NULL, lease_until = 0 "
              "WHERE id = ? AND lease_owner = ?")
        .bind(1, error)
        .bind(2, next_due)
        .bind(3, outbox_now())
        .bind(4, id)
        .bind(5, owner)
        .run();
    txn.commit();
  }

  void dead(std::int64_t id, const std::string& owner, const std::string& error,
            std::int64_t now) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    transaction txn(*this);
    statement(*this,
              "INSERT INTO dead_letters(id, operation_id, endpoint, customer_id, order_key, body, "
              "enqueued_at, attempts, error, died_at, target, personal) SELECT id, operation_id, "
              "endpoint, customer_id, order_key, body, enqueued_at, attempts + 1, ?, ?, target, "
              "personal "
              "FROM items WHERE id = ? AND lease_owner = ?")
        .bind(1, error)
        .bind(2, now)
        .bind(3, id)
        .bind(4, owner)
        .run();
    if (sqlite3_changes(db_) > 0) {
      // What it replaced goes with it: the older states are all that is left of the key.
      statement(*this,
                "INSERT INTO dead_letters(id, operation_id, endpoint, customer_id, order_key, "
                "body, enqueued_at, attempts, error, died_at, superseded_by, target, personal) "
                "SELECT id, operation_id, endpoint, customer_id, order_key, body, enqueued_at, "
                "attempts, ?, ?, superseded_by, target, personal FROM items "
                "WHERE superseded_by = ?")
          .bind(1, error)
          .bind(2, now)
          .bind(3, id)
          .run();
      statement(*this, "DELETE FROM items WHERE superseded_by = ?").bind(1, id).run();
      statement(*this, "DELETE FROM items WHERE id = ?").bind(1, id).run();
    }
    txn.commit();
  }

  void release(const std::string& owner) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    transaction txn(*this);
    statement(*this, "UPDATE items SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?")
        .bind(1, owner)
        .run();
    txn.commit();
  }

  outbox_counts counts() override {
    const std::lock_guard<std::mutex> lock(mutex_);
    outbox_counts counts;
    statement items(*this,
                    "SELECT count(*), min(enqueued_at), min(CASE WHEN lease_owner IS NULL THEN "
                    "next_due END) FROM items WHERE superseded_by IS NULL");
    items.step();
    counts.pending = static_cast<std::size_t>(items.int64(0));
    if (!items.is_null(1)) counts.oldest_enqueued_at = items.int64(1);
    if (!items.is_null(2)) counts.next_due = items.int64(2);
    statement held(*this, "SELECT count(*) FROM items WHERE superseded_by IS NOT NULL");
    held.step();
    counts.superseded = static_cast<std::size_t>(held.int64(0));
    statement last(*this,
                   "SELECT last_error FROM items WHERE last_error IS NOT NULL AND superseded_by "
                   "IS NULL ORDER BY last_tried_at DESC, id DESC LIMIT 1");
    if (last.step()) counts.last_error = last.text(0);
    statement dead(*this, "SELECT count(*) FROM dead_letters");
    dead.step();
    counts.dead = static_cast<std::size_t>(dead.int64(0));
    return counts;
  }

  std::vector<stored_dead_letter> dead_letters() override {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::vector<stored_dead_letter> letters;
    statement all(*this,
                  "SELECT id, endpoint, customer_id, body, error, coalesce(operation_id, ''), "
                  "superseded_by IS NOT NULL FROM dead_letters ORDER BY id");
    while (all.step()) {
      letters.push_back({all.int64(0), all.text(1), all.text(2), all.text(3), all.text(4),
                         all.text(5), all.int64(6) != 0});
    }
    return letters;
  }

  std::size_t requeue_dead_letters(const std::vector<std::string_view>& operations) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    const synchronous_full durable(*this);
    transaction txn(*this);
    statement move(*this,
                   "INSERT INTO items(id, operation_id, endpoint, customer_id, order_key, body, "
                   "enqueued_at, attempts, target, personal) SELECT id, operation_id, endpoint, "
                   "customer_id, order_key, body, enqueued_at, attempts, target, personal "
                   "FROM dead_letters WHERE operation_id = ?");
    statement forget(*this, "DELETE FROM dead_letters WHERE operation_id = ?");
    std::size_t moved = 0;
    for (const auto operation : operations) {
      move.reset().bind(1, operation).run();
      moved += static_cast<std::size_t>(sqlite3_changes(db_));
      forget.reset().bind(1, operation).run();
    }
    txn.commit();
    return moved;
  }

  std::size_t requeue_fixed(const std::vector<dead_letter_fix>& fixes) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    const synchronous_full durable(*this);
    transaction txn(*this);
    statement fixed(*this,
                    "INSERT INTO items(id, operation_id, endpoint, customer_id, order_key, body, "
                    "enqueued_at, attempts) SELECT id, operation_id, endpoint, ?, ?, ?, "
                    "enqueued_at, attempts FROM dead_letters WHERE id = ? AND operation_id = ?");
    // What it had superseded comes back with it, to be superseded again: left behind, it could
    // be requeued after the fixed one was delivered and put back an older state.
    statement replaced(*this,
                       "INSERT INTO items(id, operation_id, endpoint, customer_id, order_key, "
                       "body, enqueued_at, attempts, target, personal) SELECT id, operation_id, "
                       "endpoint, customer_id, order_key, body, enqueued_at, attempts, target, "
                       "personal FROM dead_letters WHERE superseded_by = ?");
    statement forget(*this, "DELETE FROM dead_letters WHERE id = ? OR superseded_by = ?");
    std::size_t moved = 0;
    for (const auto& fix : fixes) {
      fixed.reset().bind(1, fix.customer_id);
      if (fix.order_key.empty()) {
        fixed.bind_null(2);
      } else {
        fixed.bind(2, fix.order_key);
      }
      fixed.bind(3, fix.body).bind(4, fix.id).bind(5, fix.operation_id).run();
      if (sqlite3_changes(db_) == 0) continue;  // not (or no longer) that dead letter
      ++moved;
      replaced.reset().bind(1, fix.id).run();
      forget.reset().bind(1, fix.id).bind(2, fix.id).run();
    }
    txn.commit();
    return moved;
  }

  std::size_t remove_dead_letters(const std::vector<std::int64_t>& ids) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    transaction txn(*this);
    statement count(*this, "SELECT count(*) FROM dead_letters WHERE id = ?");
    statement forget(*this, "DELETE FROM dead_letters WHERE id = ? OR superseded_by = ?");
    std::size_t removed = 0;
    for (const auto id : ids) {
      count.reset().bind(1, id).step();
      removed += static_cast<std::size_t>(count.int64(0));
      count.reset();
      forget.reset().bind(1, id).bind(2, id).run();
    }
    txn.commit();
    return removed;
  }

 private:
  /// One prepared statement; every failure becomes an OutboxError.
  class statement {
   public:
    statement(sqlite_store& store, const char* sql) : store_(store) {
      store_.check(sqlite3_prepare_v2(store_.db_, sql, -1, &stmt_, nullptr));
    }
    ~statement() { sqlite3_finalize(stmt_); }
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;

    statement& bind(int index, std::int64_t value) {
      store_.check(sqlite3_bind_int64(stmt_, index, value));
      return *this;
    }
    statement& bind(int index, std::string_view value) {
      store_.check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                     SQLITE_TRANSIENT));
      return *this;
    }
    statement& bind_null(int index) {
      store_.check(sqlite3_bind_null(stmt_, index));
      return *this;
    }
    statement& reset() {
      sqlite3_reset(stmt_);
      return *this;
    }
    /// True with a row to read, false when done.
    bool step() {
      const int code = sqlite3_step(stmt_);
      if (code == SQLITE_ROW) return true;
      if (code != SQLITE_DONE) store_.fail(code);
      return false;
    }
    void run() { step(); }
    /// Whether the query has a row; leaves the statement finished, so a commit may follow.
    bool exists() {
      const bool row = step();
      reset();
      return row;
    }

    std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
    bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    std::string text(int column) const {
      const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
      return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                  : std::string();
    }

   private:
    sqlite_store& store_;
    sqlite3_stmt* stmt_ = nullptr;
  };

  /// BEGIN IMMEDIATE: takes the write lock up front (waiting up to the busy timeout), so that a
  /// transaction never fails half-way for want of it. Rolled back unless committed.
  class transaction {
   public:
    explicit transaction(sqlite_store& store) : store_(store) { store_.exec("BEGIN IMMEDIATE"); }
    ~transaction() {
      if (!done_) sqlite3_exec(store_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    void commit() {
      store_.exec("COMMIT");
      done_ = true;
    }

   private:
    sqlite_store& store_;
    bool done_ = false;
  };

  /// synchronous=FULL for one operation, NORMAL again after it.
  class synchronous_full {
   public:
    explicit synchronous_full(sqlite_store& store) : store_(store) {
      store_.exec("PRAGMA synchronous = FULL");
    }
    ~synchronous_full() {
      sqlite3_exec(store_.db_, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr);
    }
    synchronous_full(const synchronous_full&) = delete;
    synchronous_full& operator=(const synchronous_full&) = delete;

   private:
    sqlite_store& store_;
  };

  /// The file holds customer data: see prepare_private_file.
  void create_private_file() const {
    const int error = prepare_private_file(path_.c_str());
    if (error == 0) return;
    if (error < 0) {
      throw OutboxError(OutboxError::Reason::io, message("cannot make the new file private"));
    }
    throw OutboxError(error == EACCES || error == EROFS || error == EPERM
                          ? OutboxError::Reason::read_only
                          : OutboxError::Reason::io,
                      message(std::string("cannot open for writing: ") + std::strerror(error)));
  }

  static void create_version_1(sqlite_store& store) {
    store.exec(
        "CREATE TABLE items("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"  // never reused: dead letters keep their id
        " endpoint TEXT NOT NULL, customer_id TEXT NOT NULL,"
        " order_key TEXT,"  // NULL: ordered against nothing
        " body TEXT NOT NULL, enqueued_at INTEGER NOT NULL,"
        " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
        " next_due INTEGER NOT NULL DEFAULT 0,"
        " lease_owner TEXT, lease_until INTEGER NOT NULL DEFAULT 0);"
        "CREATE INDEX items_by_key ON items(order_key, id);"
        "CREATE TABLE dead_letters("
        " id INTEGER PRIMARY KEY, endpoint TEXT NOT NULL, customer_id TEXT NOT NULL,"
        " order_key TEXT, body TEXT NOT NULL, enqueued_at INTEGER NOT NULL,"
        " attempts INTEGER NOT NULL, error TEXT NOT NULL, died_at INTEGER NOT NULL);");
  }

  /// Version 2 (0.3): items name their operation by id, superseded items are held until the
  /// item that replaced them is delivered, and leases are found by owner through an index. A 0.2
  /// file's two endpoints get their ids; any other endpoint keeps none, so its items are
  /// dead-lettered, never sent elsewhere. The triggers name the operation of a row that a 0.2
  /// process, which checked the schema only when it opened the file, still writes after this.
  static void migrate_to_version_2(sqlite_store& store) {
    const std::string operation_of_endpoint =
        "CASE endpoint WHEN 'ViewingParticipant' THEN 'PUT-ViewingParticipant-customerId' "
        "WHEN 'Service/Order/UserInteraction' THEN "
        "'PUT-Service-Order-UserInteraction-customerId' END";
    std::string sql =
        "ALTER TABLE items ADD COLUMN operation_id TEXT;"
        "ALTER TABLE items ADD COLUMN superseded_by INTEGER;"  // NULL: not superseded
        "ALTER TABLE items ADD COLUMN last_tried_at INTEGER;"
        "ALTER TABLE dead_letters ADD COLUMN operation_id TEXT;"
        "ALTER TABLE dead_letters ADD COLUMN superseded_by INTEGER;"
        "CREATE INDEX items_by_successor ON items(superseded_by) WHERE superseded_by IS NOT NULL;"
        "CREATE INDEX items_by_owner ON items(lease_owner) WHERE lease_owner IS NOT NULL;";
    for (const char* table : {"items", "dead_letters"}) {
      std::string fill = "UPDATE ";
      fill.append(table).append(" SET operation_id = ").append(operation_of_endpoint);
      sql.append(fill).append(";");
      sql.append("CREATE TRIGGER ").append(table).append("_written_by_0_2 AFTER INSERT ON ");
      sql.append(table).append(" WHEN NEW.operation_id IS NULL BEGIN ").append(fill);
      sql.append(" WHERE id = NEW.id; END;");
    }
    store.exec(sql);
  }

  /// Version 3 (0.4): an item may be any write safe to send again, held with its request's path
  /// and query as sent and the texts to keep out of its errors. The two 0.2 models keep neither
  /// (NULL): they are sent from their model, in the drain's Client's format.
  static void migrate_to_version_3(sqlite_store& store) {
    store.exec(
        "ALTER TABLE items ADD COLUMN target TEXT;"
        "ALTER TABLE items ADD COLUMN personal TEXT;"
        "ALTER TABLE dead_letters ADD COLUMN target TEXT;"
        "ALTER TABLE dead_letters ADD COLUMN personal TEXT;");
  }

  static void bind_or_null(statement& insert, int index, std::string_view text) {
    if (text.empty()) {
      insert.bind_null(index);
    } else {
      insert.bind(index, text);
    }
  }

  void open_schema() {
    // Whose file it is comes first, read without writing: the journal mode below is stored in
    // the file and lasts, and another program's database must be left as it was.
    check_owner(*this);
    {
      statement journal(*this, "PRAGMA journal_mode = WAL");
      journal.step();
      if (journal.text(0) != "wal")
        throw OutboxError(OutboxError::Reason::io, message("cannot use a WAL journal here"));
    }
    exec("PRAGMA synchronous = NORMAL");
    const synchronous_full durable(*this);  // a new schema is written once: make it last
    transaction txn(*this);
    const int version = check_owner(*this);  // again, under the write lock: another may have won
    if (version > schema_version) {
      throw OutboxError(OutboxError::Reason::newer_schema,
                        message("written by a newer vitec-connect (schema " +
                                std::to_string(version) + ", this one knows up to " +
                                std::to_string(schema_version) + "); upgrade to use it"));
    }
    if (version == schema_version) return;  // nothing to write: the rollback is harmless
    // migrations[n] turns version n into n + 1.
    using migration = void (*)(sqlite_store&);
    static constexpr migration migrations[schema_version] = {
        &create_version_1, &migrate_to_version_2, &migrate_to_version_3};
    for (int step = version; step < schema_version; ++step) migrations[step](*this);
    exec("PRAGMA application_id = " + std::to_string(outbox_application_id));
    exec("PRAGMA user_version = " + std::to_string(schema_version));
    txn.commit();
  }

  /// Refuses a database that is neither empty nor an outbox; returns its schema version.
  static int check_owner(sqlite_store& store) {
    const int application = store.pragma_int("application_id");
    const int version = store.pragma_int("user_version");
    const bool blank = application == 0 && version == 0 &&
                       store.pragma_int_query("SELECT count(*) FROM sqlite_master") == 0;
    if (!blank && application != outbox_application_id) {
      throw OutboxError(OutboxError::Reason::not_an_outbox,
                        store.message("an SQLite database of another program, not an outbox"));
    }
    return version;
  }

  int pragma_int(const char* name) {
    return pragma_int_query((std::string("PRAGMA ") + name).c_str());
  }
  int pragma_int_query(const char* sql) {
    statement query(*this, sql);
    query.step();
    return static_cast<int>(query.int64(0));
  }

  void exec(const std::string& sql) {
    check(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr));
  }

  void check(int code) {
    if (code != SQLITE_OK) fail(code);
  }

  [[noreturn]] void fail(int code) {
    const auto reason = reason_for(code);
    std::string why = sqlite3_errmsg(db_);
    if (reason == OutboxError::Reason::locked) {
      why += " (another connection held it for over " +
             std::to_string(outbox_busy_timeout_ms / 1000) + " s; try again later)";
    }
    throw OutboxError(reason, message(why));
  }

  static OutboxError::Reason reason_for(int code) {
    switch (code & 0xff) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return OutboxError::Reason::locked;
      case SQLITE_NOTADB:
        return OutboxError::Reason::not_an_outbox;
      case SQLITE_CORRUPT:
        return OutboxError::Reason::corrupt;
      case SQLITE_READONLY:
        return OutboxError::Reason::read_only;
      case SQLITE_FULL:
        return OutboxError::Reason::full;
      default:
        return OutboxError::Reason::io;
    }
  }

  std::string message(const std::string& why) const { return "outbox " + path_ + ": " + why; }

  std::string path_;
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
};

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
