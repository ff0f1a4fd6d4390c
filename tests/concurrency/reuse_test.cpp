// Connection reuse and the life of a Client's handle pool.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

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

TEST_CASE("consecutive batches on one client reuse the connections of the first",
          "[concurrency][issue4][bulk]") {
  CountingServer server;
  vc::Client client(options_for(server));
  std::vector<vc::ParticipantFollowUp> items;
  for (int i = 0; i < 40; ++i) items.push_back(follow_up("v" + std::to_string(i)));
  vc::BatchOptions batch;
  batch.max_in_flight =
      4;  // below the test server's listen backlog: no connect waits on a SYN retry
  for (int round = 0; round < 3; ++round) {
    for (const auto& result : client.update_viewing_participants("c1", items, batch)) {
      REQUIRE(result.ok());
    }
  }
  CHECK(server.requests() == 120);
  CHECK(server.connections() <= 4);
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
