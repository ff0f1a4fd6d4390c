// The read cache's SQLite file over loopback HTTP: created 0600, read again after reopening, and
// holding neither the password nor a personal identity number that an argument carried.
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>

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

vc::Result<std::string> read_person(const vc::Client& client) {
  return detail::run_operation<std::string>(client, find_person, {"C1", social_number},
                                            detail::no_body{});
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
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
