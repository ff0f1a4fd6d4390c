// Bulk sending over curl multi: order, progress, mixed failures, retries that do not block.

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support.hpp"

namespace concurrency {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

/// The threads of this process now (Linux: the Threads line of /proc/self/status).
int thread_count() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  FAIL("no Threads line in /proc/self/status");
  return 0;
}

/// Records every progress call: (done, total), when, on which thread, and how many threads the
/// process had then.
struct Progress {
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  std::vector<clock_type::time_point> times;
  std::vector<std::thread::id> threads;
  int most_threads = 0;
  vc::BatchOptions options(std::size_t max_in_flight) {
    vc::BatchOptions batch;
    batch.max_in_flight = max_in_flight;
    batch.on_progress = [this](std::size_t done, std::size_t total) {
      calls.emplace_back(done, total);
      times.push_back(clock_type::now());
      threads.push_back(std::this_thread::get_id());
      most_threads = std::max(most_threads, thread_count());
    };
    return batch;
  }
};

void require_monotonic_to(const Progress& progress, std::size_t total) {
  REQUIRE(progress.calls.size() == total);
  for (std::size_t i = 0; i < total; ++i) {
    CHECK(progress.calls[i] == std::make_pair(i + 1, total));
  }
}

std::string viewing_id_of(const Seen& seen) {
  return nlohmann::json::parse(seen.body).at("viewingId").get<std::string>();
}

TEST_CASE("bulk of 200 at 16 in flight: input order, progress to (200,200)",
          "[concurrency][issue4][bulk]") {
  std::atomic<int> in_flight{0};
  std::atomic<int> most_in_flight{0};
  // Odd viewing ids answer false, so a result in the wrong slot shows.
  CountingServer server([&](const Seen& seen) {
    raise_to(most_in_flight, ++in_flight);
    std::this_thread::sleep_for(2ms);
    --in_flight;
    const int n = std::stoi(viewing_id_of(seen));
    return Reply{200, n % 2 == 0 ? "true" : "false", {}};
  });
  std::vector<vc::ParticipantFollowUp> items;
  for (int i = 0; i < 200; ++i) items.push_back(follow_up(std::to_string(i)));
  Progress progress;
  std::vector<vc::Result<bool>> results;
  int threads_after = 0;
  {
    vc::Client client(options_for(server));
    results = client.update_viewing_participants("c1", items, progress.options(16));
    threads_after = thread_count();  // the server's pool, started by now, included
  }

  REQUIRE(results.size() == 200);
  for (std::size_t i = 0; i < results.size(); ++i) {
    INFO("slot " << i);
    REQUIRE(results[i].ok());
    CHECK(results[i].value() == (i % 2 == 0));
  }
  require_monotonic_to(progress, 200);
  // Driven by curl multi from the calling thread: no thread per request, nor per batch.
  CHECK(std::all_of(progress.threads.begin(), progress.threads.end(),
                    [](std::thread::id id) { return id == std::this_thread::get_id(); }));
  CHECK(progress.most_threads <= threads_after);
  CHECK(server.requests() == 200);
  CHECK(most_in_flight.load() <= 16);
  CHECK(most_in_flight.load() > 1);
  CHECK(server.connections() <= 16);
}

TEST_CASE("bulk with mixed failures: every slot is accounted for", "[concurrency][issue4][bulk]") {
  std::mutex mutex;
  std::map<std::string, int> seen_ids;
  CountingServer server([&](const Seen& seen) {
    const std::string id = nlohmann::json::parse(seen.body).at("id").get<std::string>();
    int count = 0;
    {
      const std::lock_guard<std::mutex> lock(mutex);
      count = ++seen_ids[id];
    }
    const std::string kind = id.substr(0, id.find('-'));
    if (kind == "bad") {
      return Reply{400, R"({"message":"invalid","modelState":{"request.Id":["bad id"]}})", {}};
    }
    if (kind == "down") return Reply{500, "{}", {}};
    if (kind == "flaky" && count == 1) return Reply{503, "", {}};
    if (kind == "no") return Reply{200, "false", {}};
    return Reply{};
  });
  const char* kinds[] = {"invalid", "bad", "down", "flaky", "ok", "no"};
  std::vector<vc::OrderUserInteractionRequest> items;
  for (int i = 0; i < 60; ++i) {
    vc::OrderUserInteractionRequest item;
    item.id = std::string(kinds[i % 6]) + "-" + std::to_string(i);
    item.url = i % 6 == 0 ? "relative/path" : "https://example.com/" + std::to_string(i);
    items.push_back(item);
  }
  Progress progress;
  std::vector<vc::Result<bool>> results;
  {
    vc::Client client(options_for(server));
    results = client.request_order_user_interactions("c1", items, progress.options(8));
  }

  // The server's threads wrote it; the answers arriving over TCP order that before this read,
  // but only the lock tells ThreadSanitizer so.
  const auto seen = [&] {
    const std::lock_guard<std::mutex> lock(mutex);
    return seen_ids;
  }();
  REQUIRE(results.size() == items.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    INFO("slot " << i << " id " << *items[i].id);
    const auto& result = results[i];
    const auto& id = *items[i].id;
    switch (i % 6) {
      case 0:
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind() == vc::ErrorKind::invalid_argument);
        CHECK(result.error().attempts() == 0);
        CHECK(seen.count(id) == 0);
        CHECK_THROWS_AS(result.value(), vc::InvalidArgumentError);
        break;
      case 1:
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind() == vc::ErrorKind::validation);
        CHECK(result.error().status() == 400);
        CHECK(result.error().message() == "invalid");
        CHECK(result.error().model_state().at("request.Id") == std::vector<std::string>{"bad id"});
        CHECK(seen.at(id) == 1);
        break;
      case 2:
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind() == vc::ErrorKind::server);
        CHECK(result.error().status() == 500);
        CHECK(result.error().attempts() == 3);
        CHECK(seen.at(id) == 3);
        break;
      case 3:
        REQUIRE(result.ok());
        CHECK(result.value());
        CHECK(seen.at(id) == 2);
        break;
      case 4:
        REQUIRE(result.ok());
        CHECK(result.value());
        CHECK(seen.at(id) == 1);
        break;
      default:
        REQUIRE(result.ok());
        CHECK_FALSE(result.value());
        CHECK(seen.at(id) == 1);
    }
  }
  require_monotonic_to(progress, items.size());
  // 10 bad + 30 down + 20 flaky + 10 ok + 10 no; the 10 invalid are never sent.
  CHECK(server.requests() == 80);
}

TEST_CASE("one item waiting on Retry-After does not hold up the others",
          "[concurrency][issue4][bulk]") {
  // Bound by order and by a ratio measured in this run, not by the clock: when the held-back
  // item comes again every other item is done, and they were done within half its wait. The
  // wait of 2 s is many times what 20 quick answers take, even under a sanitizer.
  std::atomic<std::size_t> done{0};
  std::atomic<bool> refused{false};
  std::atomic<std::size_t> done_at_retry{0};
  CountingServer server([&](const Seen& seen) {
    if (viewing_id_of(seen) == "slow") {
      if (!refused.exchange(true)) return Reply{503, "", {{"Retry-After", "2"}}};
      done_at_retry = done.load();
    }
    return Reply{};
  });
  std::vector<vc::ParticipantFollowUp> items{follow_up("slow")};
  for (int i = 0; i < 20; ++i) items.push_back(follow_up(std::to_string(i)));
  std::vector<vc::LogEvent> log;
  std::vector<vc::Result<bool>> results;
  std::vector<clock_type::time_point> progress;
  const auto started = clock_type::now();
  {
    auto options = options_for(server);
    options.logger = [&](const vc::LogEvent& event) { log.push_back(event); };
    vc::BatchOptions batch;
    batch.max_in_flight = 4;
    batch.on_progress = [&](std::size_t finished, std::size_t) {
      progress.push_back(clock_type::now());
      done = finished;
    };
    results = vc::Client(options).update_viewing_participants("c1", items, batch);
  }

  REQUIRE(results.size() == items.size());
  for (const auto& result : results) {
    REQUIRE(result.ok());
    CHECK(result.value());
  }
  REQUIRE(progress.size() == items.size());
  CHECK(done_at_retry.load() == items.size() - 1);
  const auto ms_since_start = [&](clock_type::time_point at) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at - started).count();
  };
  const auto others_done = ms_since_start(progress[items.size() - 2]);
  const auto held_back_done = ms_since_start(progress.back());
  CHECK(held_back_done >= 1950);
  CHECK(others_done < held_back_done / 2);
  // The held-back item is the only one with a second attempt, and it finished last.
  REQUIRE(log.size() == items.size() + 1);
  CHECK(log.back().attempt == 2);
  CHECK(std::count_if(log.begin(), log.end(),
                      [](const vc::LogEvent& e) { return e.attempt == 2; }) == 1);
  CHECK(server.requests() == items.size() + 1);
}

/// A user transport over the real one that notes how many sends overlap and on which thread.
class WatchingTransport final : public vc::Transport {
 public:
  vc::HttpResponse send(const vc::HttpRequest& request) override {
    raise_to(most_, ++in_flight_);
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      threads_.push_back(std::this_thread::get_id());
    }
    std::this_thread::sleep_for(1ms);
    auto response = inner_.send(request);
    --in_flight_;
    return response;
  }
  int most_in_flight() const { return most_.load(); }
  std::vector<std::thread::id> threads() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return threads_;
  }

 private:
  vc::CurlTransport inner_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> most_{0};
  mutable std::mutex mutex_;
  std::vector<std::thread::id> threads_;
};

TEST_CASE("a batch over a user transport sends one at a time", "[concurrency][issue4][bulk]") {
  CountingServer server;
  auto transport = std::make_shared<WatchingTransport>();
  auto options = options_for(server);
  options.transport = transport;
  vc::Client client(options);
  const std::vector<vc::ParticipantFollowUp> items(20, follow_up("v"));
  Progress progress;

  const auto results = client.update_viewing_participants("c1", items, progress.options(16));

  REQUIRE(results.size() == 20);
  for (const auto& result : results) CHECK((result.ok() && result.value()));
  require_monotonic_to(progress, 20);
  CHECK(transport->most_in_flight() == 1);
  const auto threads = transport->threads();
  CHECK(threads.size() == 20);
  CHECK(std::all_of(threads.begin(), threads.end(),
                    [](std::thread::id id) { return id == std::this_thread::get_id(); }));
  CHECK(server.requests() == 20);
}

}  // namespace
}  // namespace concurrency
