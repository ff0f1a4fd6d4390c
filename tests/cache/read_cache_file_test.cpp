// The read cache's SQLite file over loopback HTTP: created 0600, read again after reopening, and
// holding neither the password nor a personal identity number that an argument carried.
#include <sqlite3.h>
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <vitec/connect.hpp>
#include <vitec/connect/detail/operation.hpp>
#include <vitec/connect/read_cache_file.hpp>

#include "../outbox/scratch_dir.hpp"
#include "cache_server.hpp"

namespace {

namespace vc = vitec::connect;
namespace detail = vitec::connect::detail;
using cache_test::CacheServer;

// An operation shaped like GET CRM/Contact/{customerId}/Person, whose SocialNumber is personal.
constexpr detail::param_def person_params[] = {
    {"customerId", "customerId", true, true, false, false, detail::param_kind::text, -1, -1, -1},
    {"SocialNumber", "SocialNumber", false, true, false, true, detail::param_kind::text, 10, 13,
     -1},
};
constexpr detail::operation_def find_person{"GET-Test-customerId-Person",
                                            "GET",
                                            "Test/{customerId}/Person",
                                            "crm",
                                            true,
                                            detail::answer_size::single,
                                            person_params,
                                            2,
                                            false};
const std::string social_number = "19121212-1212";

// A write that names no customer, as POST Viewing/{viewingId}/{timeSlotId}/Participant.
constexpr detail::operation_def flush{
    "PUT-Test-Flush", "PUT", "Test/Flush", "crm", true, detail::answer_size::single,
    nullptr,          0,     true};

vc::Result<std::string> read_person(const vc::Client& client, const char* customer = "C1") {
  return detail::run_operation<std::string>(client, find_person, {customer, social_number},
                                            detail::no_body{});
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Runs `sql` on the file at `path` from a connection of its own.
bool run_sql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open(path.c_str(), &db) == SQLITE_OK;
  ok = ok && sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

/// The first column of the one row `sql` selects from the file at `path`, as text.
std::string column_of(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_stmt* statement = nullptr;
  std::string out;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(statement, 0));
    out.assign(data, static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("the cache file is private, outlives its cache and holds no secret", "[cache]") {
  outbox_test::ScratchDir dir;
  CacheServer server;
  server.answer(R"("Svensson")");
  vc::ReadCacheOptions options;
  options.path = dir.file("reads.db");
  {
    vc::Client client(server.options(std::make_shared<vc::ReadCache>(options)));
    CHECK(read_person(client).value() == "Svensson");
  }
  struct stat info {};
  REQUIRE(::stat(options.path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);

  vc::Client reopened(server.options(std::make_shared<vc::ReadCache>(options)));
  const auto again = read_person(reopened);
  CHECK(again.cache() == vc::CacheUse::fresh);
  CHECK(again.value() == "Svensson");
  CHECK(server.gets() == 1);
  CHECK(server.targets().at(0).find("1212") != std::string::npos);  // it did carry it

  std::string everything = bytes_of(options.path) + bytes_of(options.path + "-wal");
  CHECK(everything.find("Svensson") != std::string::npos);  // the file is the one in use
  CHECK(everything.find("19121212") == std::string::npos);
  CHECK(everything.find("1212-1212") == std::string::npos);
  CHECK(everything.find("a-password-of-some-length") == std::string::npos);
  CHECK(everything.find("YS1wYXNzd29yZC") == std::string::npos);  // its base64, roughly
}

TEST_CASE("the cache file drops what a write makes stale, and refuses another's database",
          "[cache]") {
  outbox_test::ScratchDir dir;
  CacheServer server;
  server.answer(R"("before")");
  vc::ReadCacheOptions options;
  options.path = dir.file("reads.db");
  const auto cache = std::make_shared<vc::ReadCache>(options);
  vc::Client client(server.options(cache));
  (void)read_person(client);
  CHECK(read_person(client).cache() == vc::CacheUse::fresh);
  cache->drop("GET-Test-customerId-Person");
  CHECK(read_person(client).cache() == vc::CacheUse::none);
  cache->clear();
  CHECK(cache->bytes() == 0);

  std::ofstream(dir.file("other.db")) << "not a database at all, but long enough to be read";
  options.path = dir.file("other.db");
  CHECK_THROWS_AS(vc::ReadCache(options), vc::InvalidArgumentError);
}

TEST_CASE("the cache file drops a customer's reads on its writes, and all on a write of none",
          "[cache]") {
  outbox_test::ScratchDir dir;
  CacheServer server;
  server.answer(R"("before")");
  vc::ReadCacheOptions options;
  options.path = dir.file("reads.db");
  vc::Client client(server.options(std::make_shared<vc::ReadCache>(options)));
  (void)read_person(client, "C1");
  (void)read_person(client, "C12");  // starts as C1 does: another customer all the same
  vc::OrderUserInteractionRequest interaction;
  interaction.id = "O1";
  CHECK(client.request_order_user_interaction("C1", interaction));
  CHECK(read_person(client, "C1").cache() == vc::CacheUse::none);
  CHECK(read_person(client, "C12").cache() == vc::CacheUse::fresh);
  CHECK(server.gets() == 3);

  CHECK(detail::run_operation<bool>(client, flush, {}, detail::no_body{}).value());
  CHECK(server.puts() == 2);
  CHECK(read_person(client, "C1").cache() == vc::CacheUse::none);
  CHECK(read_person(client, "C12").cache() == vc::CacheUse::none);
  CHECK(server.gets() == 5);
}

TEST_CASE("an entry stored after the clock's now, the clock set back, is not served fresh",
          "[cache]") {
  outbox_test::ScratchDir dir;
  CacheServer server;
  server.answer(R"("Svensson")");
  vc::ReadCacheOptions options;
  options.path = dir.file("reads.db");
  vc::Client client(server.options(std::make_shared<vc::ReadCache>(options)));
  (void)read_person(client);
  CHECK(read_person(client).cache() == vc::CacheUse::fresh);
  // As if the clock had been an hour ahead when it was stored.
  REQUIRE(run_sql(options.path, "UPDATE entries SET stored_at = stored_at + 3600000"));
  CHECK(read_person(client).cache() == vc::CacheUse::none);
  CHECK(server.gets() == 2);
}

TEST_CASE("two cache files name the same read differently, each under its own secret", "[cache]") {
  outbox_test::ScratchDir dir;
  CacheServer server;
  server.answer(R"("Svensson")");
  std::vector<std::string> keys;
  for (const char* name : {"a.db", "b.db"}) {
    vc::ReadCacheOptions options;
    options.path = dir.file(name);
    {
      vc::Client client(server.options(std::make_shared<vc::ReadCache>(options)));
      (void)read_person(client);
    }
    vc::Client reopened(server.options(std::make_shared<vc::ReadCache>(options)));
    CHECK(read_person(reopened).cache() == vc::CacheUse::fresh);
    keys.push_back(column_of(options.path, "SELECT key FROM entries"));
  }
  CHECK(server.gets() == 2);
  CHECK(keys.at(0).size() == 32);
  CHECK(keys.at(1).size() == 32);
  CHECK(keys.at(0) != keys.at(1));
}

TEST_CASE("a cache file of the first layout loses its entries and gains a secret", "[cache]") {
  outbox_test::ScratchDir dir;
  const auto path = dir.file("old.db");
  REQUIRE(
      run_sql(path,
              "PRAGMA application_id = 1447252547; PRAGMA user_version = 1;"
              "CREATE TABLE entries(key BLOB PRIMARY KEY, operation_id BLOB NOT NULL,"
              " url BLOB NOT NULL, scope BLOB NOT NULL, body BLOB NOT NULL, etag BLOB NOT NULL,"
              " last_modified BLOB NOT NULL, stored_at INTEGER NOT NULL, used INTEGER NOT NULL,"
              " bytes INTEGER NOT NULL);"
              "INSERT INTO entries VALUES(x'00', 'op', x'01', 's', 'body', '', '', 0, 1, 70);"));
  CacheServer server;
  server.answer(R"("Svensson")");
  vc::ReadCacheOptions options;
  options.path = path;
  const auto cache = std::make_shared<vc::ReadCache>(options);
  CHECK(cache->bytes() == 0);
  vc::Client client(server.options(cache));
  (void)read_person(client);
  CHECK(read_person(client).cache() == vc::CacheUse::fresh);
  CHECK(column_of(path, "SELECT length(value) FROM meta WHERE name = 'key_secret'") == "32");
}
