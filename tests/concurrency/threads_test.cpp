// One Client shared by many threads; CI runs this under ThreadSanitizer.

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "support.hpp"

namespace concurrency {
namespace {

TEST_CASE("one client shared by 8 threads, 1000 calls", "[concurrency][issue4]") {
  CountingServer server;
  std::atomic<int> trues{0};
  std::atomic<int> failures{0};
  {
    vc::Client client(options_for(server));
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&client, &trues, &failures, t] {
        for (int i = 0; i < 125; ++i) {
          const auto result = client.try_update_viewing_participant(
              "c" + std::to_string(t), follow_up("v" + std::to_string(i)));
          if (result.ok() && result.value()) {
            ++trues;
          } else {
            ++failures;
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  CHECK(failures == 0);
  CHECK(trues == 1000);
  CHECK(server.requests() == 1000);
  // Handles are pooled: never more connections than threads that could hold one at once.
  CHECK(server.connections() >= 1);
  CHECK(server.connections() <= 8);
}

TEST_CASE("batches on one client from 4 threads at once", "[concurrency][issue4][bulk]") {
  CountingServer server;
  std::atomic<int> trues{0};
  {
    vc::Client client(options_for(server));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&client, &trues] {
        std::vector<vc::ParticipantFollowUp> items(25, follow_up("v"));
        vc::BatchOptions batch;
        batch.max_in_flight = 4;
        for (const auto& result : client.update_viewing_participants("c1", items, batch)) {
          if (result.ok() && result.value()) ++trues;
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  CHECK(trues == 100);
  CHECK(server.requests() == 100);
}

}  // namespace
}  // namespace concurrency
