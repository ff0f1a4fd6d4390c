// The SQLite store on its own: order per key, supersede, leases, dead letters, and the files it
// cannot use. What a drain makes of answers is in drain_test.cpp.

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>
#include <vitec/connect/detail/outbox_sqlite.hpp>

#include "scratch_dir.hpp"

namespace {

namespace vc = vitec::connect;
namespace vd = vitec::connect::detail;
using outbox_test::ScratchDir;
using Reason = vc::OutboxError::Reason;

constexpr const char* follow_up_operation = "PUT-ViewingParticipant-customerId";

vd::new_outbox_item item(const std::string& key, const std::string& body) {
  return {follow_up_operation, "ViewingParticipant", "M1", key, body, vd::outbox_now(), "", ""};
}

vd::claim_result claim(vd::sqlite_store& store, const std::string& owner,
                       std::int64_t now = vd::outbox_now(), std::int64_t lease_ms = 60000) {
  return store.claim({owner, now, now, 0, store.last_id(), 100, now + lease_ms});
}

std::vector<std::string> bodies(const vd::claim_result& claimed) {
  std::vector<std::string> out;
  for (const auto& claimed_item : claimed.items) out.push_back(claimed_item.body);
  return out;
}

/// Runs SQL on the file through a connection of the test's own.
void run_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  REQUIRE(code == SQLITE_OK);
}

Reason reason_opening(const std::string& path) {
  try {
    vd::sqlite_store store(path);
    (void)store.counts();
  } catch (const vc::OutboxError& e) {
    INFO(e.what());
    CHECK(e.kind() == vc::ErrorKind::invalid_argument);
    CHECK(std::string(e.what()).find(path) != std::string::npos);
    return e.reason();
  }
  FAIL("the store opened " << path);
  return Reason::io;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string journal_mode(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  std::string mode;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return mode;
}

unsigned mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777u;
}

}  // namespace

TEST_CASE("a new outbox file and its -wal and -shm files are private (0600)", "[outbox][files]") {
  ScratchDir dir;
  const auto path = dir.file("q.db");
  const auto old_mask = ::umask(0);  // the most permissive umask: the mode must not rely on it
  vd::sqlite_store store(path);
  ::umask(old_mask);
  store.enqueue(item("", "{}"));
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(path + "-wal") == 0600);
  CHECK(mode_of(path + "-shm") == 0600);
}

TEST_CASE(
    "claims go in enqueue order, and a later item with the same key supersedes an earlier "
    "one",
    "[outbox][order]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  store.enqueue(item("k1", "a"));
  store.enqueue(item("k2", "b"));
  store.enqueue(item("k1", "c"));
  store.enqueue(item("", "d"));
  store.enqueue(item("", "e"));  // no key: never superseded
  const auto claimed = claim(store, "one");
  CHECK(bodies(claimed) == std::vector<std::string>{"b", "c", "d", "e"});
  CHECK(claimed.superseded == 1);
  CHECK(store.counts().pending == 4);
}

TEST_CASE("an item waits while an earlier one with its key is in flight", "[outbox][order]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  const auto first = store.enqueue(item("k1", "a"));
  CHECK(bodies(claim(store, "one")) == std::vector<std::string>{"a"});
  store.enqueue(item("k1", "b"));
  store.enqueue(item("k1", "c"));
  const auto blocked = claim(store, "two");
  CHECK(blocked.items.empty());
  CHECK(blocked.superseded == 1);  // b: replaced by c, and neither may go before a is done
  CHECK(blocked.blocked == 1);
  store.complete(first, "one");
  CHECK(bodies(claim(store, "two")) == std::vector<std::string>{"c"});
}

TEST_CASE("a deferred item is dropped when a later one with its key goes first",
          "[outbox][order]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  const auto first = store.enqueue(item("k1", "a"));
  claim(store, "one");
  const auto later = vd::outbox_now() + 3600 * 1000;
  store.defer(first, "one", "{}", later);
  CHECK(claim(store, "one").items.empty());  // not due yet
  store.enqueue(item("k1", "b"));
  const auto claimed = claim(store, "two");
  CHECK(bodies(claimed) == std::vector<std::string>{"b"});
  CHECK(claimed.superseded == 1);
  // Once b is done nothing older can follow it and put back the older state.
  store.complete(claimed.items.front().id, "two");
  CHECK(store.counts().pending == 0);
}

TEST_CASE("a lease keeps an item from other claimers until it runs out", "[outbox][leases]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  store.enqueue(item("k1", "a"));
  const auto now = vd::outbox_now();
  const auto first = claim(store, "one", now, 1000);
  REQUIRE(first.items.size() == 1);
  CHECK(claim(store, "two", now + 999).items.empty());
  const auto second = claim(store, "two", now + 1000);
  REQUIRE(second.items.size() == 1);
  // The first holder's late answer no longer owns the item: it changes nothing.
  store.complete(first.items.front().id, "one");
  CHECK(store.counts().pending == 1);
  store.complete(second.items.front().id, "two");
  CHECK(store.counts().pending == 0);
}

TEST_CASE("release gives back everything one owner holds, and only that", "[outbox][leases]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  store.enqueue(item("", "a"));
  claim(store, "one");
  store.enqueue(item("", "b"));
  claim(store, "two");
  store.release("one");
  CHECK(bodies(claim(store, "three")) == std::vector<std::string>{"a"});
}

TEST_CASE("dead letters keep body and error, and requeue puts them back under their id",
          "[outbox][dead]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  const auto id = store.enqueue(item("k1", "{\"contactId\":\"C1\"}"));
  claim(store, "one");
  store.dead(id, "one", "{\"kind\":\"validation\"}", vd::outbox_now());
  CHECK(store.counts().pending == 0);
  const auto letters = store.dead_letters();
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].id == id);
  CHECK(letters[0].body == "{\"contactId\":\"C1\"}");
  CHECK(letters[0].error == "{\"kind\":\"validation\"}");
  CHECK(letters[0].customer_id == "M1");
  CHECK(letters[0].endpoint == "ViewingParticipant");
  CHECK(letters[0].operation_id == follow_up_operation);
  CHECK_FALSE(letters[0].superseded);
  CHECK(store.requeue_dead_letters({"POST-Some-Other"}) == 0);
  CHECK(store.requeue_dead_letters({follow_up_operation}) == 1);
  CHECK(store.dead_letters().empty());
  const auto again = claim(store, "two");
  REQUIRE(again.items.size() == 1);
  CHECK(again.items[0].id == id);
}

TEST_CASE("reopening an outbox keeps its items, and a newer schema is refused", "[outbox][files]") {
  ScratchDir dir;
  const auto path = dir.file("q.db");
  { vd::sqlite_store(path).enqueue(item("", "kept")); }
  {
    vd::sqlite_store reopened(path);
    CHECK(reopened.counts().pending == 1);
  }
  run_sql(path, "PRAGMA user_version = " + std::to_string(vd::sqlite_store::schema_version + 1));
  CHECK(reason_opening(path) == Reason::newer_schema);
}

TEST_CASE("a file that is not an outbox is refused and left alone", "[outbox][files]") {
  ScratchDir dir;
  SECTION("not a database") {
    const auto path = dir.file("text.db");
    std::ofstream(path) << std::string(8192, 'x');
    CHECK(reason_opening(path) == Reason::not_an_outbox);
    CHECK(std::filesystem::file_size(path) == 8192);
  }
  SECTION("another program's database: not a byte of it changes, nor its journal mode") {
    const auto path = dir.file("other.db");
    run_sql(path, "CREATE TABLE customers(name TEXT); INSERT INTO customers VALUES('A')");
    const auto before = file_text(path);
    CHECK(journal_mode(path) == "delete");
    CHECK(reason_opening(path) == Reason::not_an_outbox);
    CHECK(file_text(path) == before);
    CHECK_FALSE(std::filesystem::exists(path + "-wal"));
    CHECK_FALSE(std::filesystem::exists(path + "-shm"));
    CHECK_FALSE(std::filesystem::exists(path + "-journal"));
    CHECK(journal_mode(path) == "delete");
  }
}

TEST_CASE("a superseded item is held until the item that replaced it is delivered",
          "[outbox][order]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  store.enqueue(item("k1", "a"));
  store.enqueue(item("k1", "b"));
  const auto claimed = claim(store, "one");
  REQUIRE(bodies(claimed) == std::vector<std::string>{"b"});
  CHECK(claimed.superseded == 1);
  auto counts = store.counts();
  CHECK(counts.pending == 1);
  CHECK(counts.superseded == 1);
  SECTION("delivered: both are gone") {
    store.complete(claimed.items.front().id, "one");
    counts = store.counts();
    CHECK(counts.pending + counts.superseded == 0);
  }
  SECTION("deferred: a is still held, and not claimable") {
    store.defer(claimed.items.front().id, "one", R"({"kind":"server"})", 0);
    CHECK(bodies(claim(store, "two")) == std::vector<std::string>{"b"});
    CHECK(store.counts().superseded == 1);
  }
  SECTION("a later item still: a waits for it, not for b") {
    store.enqueue(item("k1", "c"));
    store.defer(claimed.items.front().id, "one", "{}", 0);
    const auto third = claim(store, "two");
    REQUIRE(bodies(third) == std::vector<std::string>{"c"});
    CHECK(third.superseded == 1);  // b; a was set aside before
    CHECK(store.counts().superseded == 2);
    store.complete(third.items.front().id, "two");
    CHECK(store.counts().superseded == 0);
  }
}

TEST_CASE(
    "when the item that replaced others dies, they are dead letters too, marked so, and "
    "requeued they come back in order",
    "[outbox][order][dead]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  const auto a = store.enqueue(item("k1", "a"));
  const auto b = store.enqueue(item("k1", "b"));
  const auto claimed = claim(store, "one");
  REQUIRE(bodies(claimed) == std::vector<std::string>{"b"});
  store.dead(b, "one", R"({"kind":"validation","status":400})", vd::outbox_now());
  CHECK(store.counts().pending + store.counts().superseded == 0);
  const auto letters = store.dead_letters();
  REQUIRE(letters.size() == 2);
  CHECK(letters[0].id == a);
  CHECK(letters[0].superseded);
  CHECK(letters[0].body == "a");
  CHECK(letters[0].error == R"({"kind":"validation","status":400})");
  CHECK(letters[1].id == b);
  CHECK_FALSE(letters[1].superseded);
  CHECK(store.requeue_dead_letters({follow_up_operation}) == 2);
  const auto again = claim(store, "two");
  CHECK(bodies(again) == std::vector<std::string>{"b"});
  CHECK(again.superseded == 1);
}

TEST_CASE("renewed leases keep items from other claimers past the first lease",
          "[outbox][leases]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  store.enqueue(item("", "a"));
  const auto now = vd::outbox_now();
  REQUIRE(claim(store, "one", now, 1000).items.size() == 1);
  store.renew("one", now + 5000);
  CHECK(claim(store, "two", now + 2000).items.empty());
  store.renew("two", now + 1000000);  // holds nothing: changes nothing
  CHECK(claim(store, "two", now + 5000).items.size() == 1);
}

TEST_CASE("enqueue_all stores every item in one transaction, or none", "[outbox][enqueue]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  std::vector<vd::new_outbox_item> items;
  for (int i = 0; i < 100; ++i) items.push_back(item("k" + std::to_string(i), "x"));
  const auto ids = store.enqueue_all(items);
  REQUIRE(ids.size() == 100);
  for (std::size_t i = 1; i < ids.size(); ++i) CHECK(ids[i] == ids[i - 1] + 1);
  CHECK(store.counts().pending == 100);
  CHECK(store.enqueue_all({}).empty());
  // A batch the disk cannot hold leaves nothing of itself behind.
  REQUIRE(sqlite3_exec(store.handle(), "PRAGMA max_page_count = 1", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  std::vector<vd::new_outbox_item> large(200, item("", std::string(1000, 'y')));
  CHECK_THROWS_AS(store.enqueue_all(large), vc::OutboxError);
  CHECK(store.counts().pending == 100);
}

TEST_CASE("a 0.2 outbox file is upgraded: its items keep their place and get operation ids",
          "[outbox][files]") {
  ScratchDir dir;
  const auto path = dir.file("q.db");
  // The schema 0.2 wrote, with an item of each of its endpoints and one of an unknown one.
  run_sql(
      path,
      "CREATE TABLE items(id INTEGER PRIMARY KEY AUTOINCREMENT, endpoint TEXT NOT NULL, "
      "customer_id TEXT NOT NULL, order_key TEXT, body TEXT NOT NULL, enqueued_at INTEGER "
      "NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, next_due INTEGER NOT "
      "NULL DEFAULT 0, lease_owner TEXT, lease_until INTEGER NOT NULL DEFAULT 0);"
      "CREATE INDEX items_by_key ON items(order_key, id);"
      "CREATE TABLE dead_letters(id INTEGER PRIMARY KEY, endpoint TEXT NOT NULL, "
      "customer_id TEXT NOT NULL, order_key TEXT, body TEXT NOT NULL, enqueued_at INTEGER "
      "NOT NULL, attempts INTEGER NOT NULL, error TEXT NOT NULL, died_at INTEGER NOT NULL);"
      "INSERT INTO items(endpoint, customer_id, body, enqueued_at) VALUES"
      " ('ViewingParticipant', 'M1', 'f', 1), ('Service/Order/UserInteraction', 'M1', 'o', 2),"
      " ('Some/Future/Thing', 'M1', 'x', 3);"
      "INSERT INTO dead_letters VALUES(9, 'ViewingParticipant', 'M1', NULL, 'd', 4, 1, '{}', 5);"
      "PRAGMA application_id = 1447251778; PRAGMA user_version = 1;");
  vd::sqlite_store store(path);
  const auto claimed = claim(store, "one");
  REQUIRE(claimed.items.size() == 3);
  CHECK(claimed.items[0].operation_id == follow_up_operation);
  CHECK(claimed.items[1].operation_id == "PUT-Service-Order-UserInteraction-customerId");
  CHECK(claimed.items[2].operation_id.empty());
  CHECK(claimed.items[2].endpoint == "Some/Future/Thing");
  const auto letters = store.dead_letters();
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].operation_id == follow_up_operation);
}

TEST_CASE("a corrupt outbox gives OutboxError corrupt", "[outbox][files]") {
  ScratchDir dir;
  const auto path = dir.file("q.db");
  {
    vd::sqlite_store store(path);
    for (int i = 0; i < 200; ++i)
      store.enqueue(item("k" + std::to_string(i), std::string(200, 'b')));
  }  // the last connection checkpoints the WAL into the file
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4096);  // past the header and schema page: the tables' pages
    const std::string garbage(3 * 4096, '\x5a');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  CHECK(reason_opening(path) == Reason::corrupt);
}

TEST_CASE("a read-only outbox file is refused before anything is read", "[outbox][files]") {
  ScratchDir dir;
  const auto path = dir.file("q.db");
  { vd::sqlite_store(path).enqueue(item("", "a")); }
  // Root writes to any file: the check then runs as nobody, which may read but not write it.
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all |
                                               std::filesystem::perms::group_exec |
                                               std::filesystem::perms::others_exec);
  ::chmod(path.c_str(), 0444);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (::geteuid() == 0 && ::setuid(65534) != 0) ::_exit(3);
    try {
      vd::sqlite_store store(path);
    } catch (const vc::OutboxError& e) {
      ::_exit(e.reason() == Reason::read_only ? 0 : 1);
    }
    ::_exit(2);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);  // 1: another reason, 2: it opened, 3: setuid failed
}

TEST_CASE("a file locked by another connection gives OutboxError locked, and stores nothing",
          "[outbox][files]") {
  ScratchDir dir;
  const auto path = dir.file("q.db");
  vd::sqlite_store store(path);
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  try {
    store.enqueue(item("", "a"));
    FAIL("enqueue went through a lock");
  } catch (const vc::OutboxError& e) {
    CHECK(e.reason() == Reason::locked);
    CHECK(std::string(e.what()).find("try again later") != std::string::npos);
  }
  REQUIRE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(other);
  CHECK(store.counts().pending == 0);
  store.enqueue(item("", "b"));
  CHECK(store.counts().pending == 1);
}

TEST_CASE("a full disk gives OutboxError full, and what was stored before stays",
          "[outbox][files]") {
  // No small file system to fill here: the connection's page limit stands in for the disk.
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  const auto pages = [&] {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(store.handle(), "PRAGMA page_count", -1, &stmt, nullptr);
    sqlite3_step(stmt);
    const auto count = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return count;
  }();
  REQUIRE(sqlite3_exec(store.handle(),
                       ("PRAGMA max_page_count = " + std::to_string(pages + 4)).c_str(), nullptr,
                       nullptr, nullptr) == SQLITE_OK);
  std::size_t stored = 0;
  try {
    for (; stored < 1000; ++stored) store.enqueue(item("", std::string(1000, 'x')));
    FAIL("1000 items of 1 kB fit in a few pages");
  } catch (const vc::OutboxError& e) {
    CHECK(e.reason() == Reason::full);
  }
  CHECK(stored > 0);
  CHECK(store.counts().pending == stored);
}

TEST_CASE("a row a 0.2 process writes into an upgraded file gets its operation id",
          "[outbox][files]") {
  ScratchDir dir;
  const auto path = dir.file("q.db");
  { vd::sqlite_store store(path); }
  // 0.2's own INSERTs, which name no operation.
  run_sql(path,
          "INSERT INTO items(endpoint, customer_id, body, enqueued_at) VALUES"
          " ('ViewingParticipant', 'M1', 'f', 1), ('Service/Order/UserInteraction', 'M1', 'o', 2);"
          "INSERT INTO dead_letters(id, endpoint, customer_id, body, enqueued_at, attempts, "
          "error, died_at) VALUES(99, 'ViewingParticipant', 'M1', 'd', 3, 1, '{}', 4);");
  vd::sqlite_store store(path);
  const auto claimed = claim(store, "one");
  REQUIRE(claimed.items.size() == 2);
  CHECK(claimed.items[0].operation_id == follow_up_operation);
  CHECK(claimed.items[1].operation_id == "PUT-Service-Order-UserInteraction-customerId");
  REQUIRE(store.dead_letters().size() == 1);
  CHECK(store.dead_letters()[0].operation_id == follow_up_operation);
}

TEST_CASE("fixed dead letters go back in their place with what they superseded, once",
          "[outbox][dead]") {
  ScratchDir dir;
  vd::sqlite_store store(dir.file("q.db"));
  const auto a = store.enqueue(item("k1", "a"));
  const auto b = store.enqueue(item("k1", "b"));
  const auto other = store.enqueue(item("k2", "c"));
  const auto claimed = claim(store, "one");
  REQUIRE(claimed.items.size() == 2);
  store.dead(b, "one", "{}", vd::outbox_now());
  store.dead(other, "one", "{}", vd::outbox_now());
  const vd::dead_letter_fix fix{b, follow_up_operation, "M2", "k1", "b fixed"};
  SECTION("requeued with the fix, a comes back too, and a second time changes nothing") {
    CHECK(store.requeue_fixed({fix}) == 1);
    CHECK(store.requeue_fixed({fix}) == 0);
    const auto letters = store.dead_letters();
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].id == other);
    const auto again = claim(store, "two");
    REQUIRE(again.items.size() == 1);
    CHECK(again.items[0].id == b);
    CHECK(again.items[0].body == "b fixed");
    CHECK(again.items[0].customer_id == "M2");
    CHECK(again.superseded == 1);  // a, held again behind b
  }
  SECTION("a fix naming another operation is not applied") {
    auto wrong = fix;
    wrong.operation_id = "PUT-Service-Order-UserInteraction-customerId";
    CHECK(store.requeue_fixed({wrong}) == 0);
    CHECK(store.dead_letters().size() == 3);
  }
  SECTION("removed, it takes what it superseded with it") {
    CHECK(store.remove_dead_letters({b, 12345}) == 1);
    const auto letters = store.dead_letters();
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].id == other);
  }
  (void)a;
}
