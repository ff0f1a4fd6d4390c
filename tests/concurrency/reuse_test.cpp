// Connection reuse and the life of a Client's handle pool.

#include <catch2/catch.hpp>

#include "support.hpp"

namespace concurrency {
namespace {

TEST_CASE("100 sequential calls on one client use one connection", "[concurrency][issue4]") {
  CountingServer server;
  {
    vc::Client client(options_for(server));
    for (int i = 0; i < 100; ++i) {
      REQUIRE(client.update_viewing_participant("c1", follow_up("v" + std::to_string(i))));
    }
  }
  CHECK(server.requests() == 100);
  CHECK(server.connections() == 1);
}

TEST_CASE("a client destroyed while idle and made again 50 times", "[concurrency][issue4]") {
  CountingServer server;
  for (int i = 0; i < 50; ++i) {
    vc::Client client(options_for(server));
    REQUIRE(client.update_viewing_participant("c1", follow_up("v1")));
    REQUIRE(client.update_viewing_participant("c1", follow_up("v2")));
  }
  CHECK(server.requests() == 100);
  // Each client owns its pool: its connection dies with it and the next client opens its own.
  CHECK(server.connections() == 50);
}

TEST_CASE("copies of a client share one pool", "[concurrency][issue4]") {
  CountingServer server;
  {
    vc::Client original(options_for(server));
    REQUIRE(original.update_viewing_participant("c1", follow_up("v1")));
    const vc::Client copy = original;
    REQUIRE(vc::Client(copy).update_viewing_participant("c1", follow_up("v2")));
  }
  CHECK(server.connections() == 1);
}

}  // namespace
}  // namespace concurrency
