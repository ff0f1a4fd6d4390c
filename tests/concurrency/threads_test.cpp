// One Client shared by many threads; CI runs this under ThreadSanitizer.

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

namespace concurrency {
namespace {

TEST_CASE("one client shared by 8 threads, 1000 calls", "[concurrency][issue4]") {
  // The answer depends on what arrived (true when the viewing id's number is even), so a body
  // or path crossed between threads shows up as a wrong answer, not only as a lost call.
  std::mutex mutex;
  std::multiset<std::string> received;
  CountingServer server([&](const Seen& seen) {
    const auto viewing = nlohmann::json::parse(seen.body).at("viewingId").get<std::string>();
    {
      const std::lock_guard<std::mutex> lock(mutex);
      received.insert(seen.path + " " + viewing);
    }
    return Reply{200, std::stoi(viewing.substr(1)) % 2 == 0 ? "true" : "false", {}};
  });
  std::atomic<int> right{0};
  std::atomic<int> wrong{0};
  {
    vc::Client client(options_for(server));
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&client, &right, &wrong, t] {
        for (int i = 0; i < 125; ++i) {
          const auto result = client.try_update_viewing_participant(
              "c" + std::to_string(t), follow_up("v" + std::to_string(i)));
          if (result.ok() && result.value() == (i % 2 == 0)) {
            ++right;
          } else {
            ++wrong;
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  CHECK(wrong == 0);
  CHECK(right == 1000);
  CHECK(server.requests() == 1000);
  std::multiset<std::string> expected;
  for (int t = 0; t < 8; ++t) {
    for (int i = 0; i < 125; ++i) {
      expected.insert("/ViewingParticipant/c" + std::to_string(t) + " v" + std::to_string(i));
    }
  }
  const std::lock_guard<std::mutex> lock(mutex);  // written by the server's threads
  CHECK(received == expected);
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
