// Many PUTs against a location that answers after 20 ms: the SDK's batch against hand-written
// curl multi at the same number in flight, and the batch against sequential SDK calls.
//   vitec_connect_bench_bulk --url http://127.0.0.1:PORT/slow --in-flight 32 [--n 2000]
//   vitec_connect_bench_bulk --url http://127.0.0.1:PORT/slow --sequential 100

#include <cstdio>
#include <vector>

#include "bench_support.hpp"
#include "raw_curl.hpp"

namespace bench {
namespace {

double sdk_batch_rate(const std::string& base, long n, std::size_t in_flight) {
  vc::Client client(client_options(base));
  const std::vector<vc::ParticipantFollowUp> items(static_cast<std::size_t>(n), sample_follow_up());
  vc::BatchOptions batch;
  batch.max_in_flight = in_flight;
  const auto start = std::chrono::steady_clock::now();
  const auto results = client.update_viewing_participants("c1", items, batch);
  const double seconds = seconds_since(start);
  for (const auto& result : results) {
    if (!result.ok() || !result.value()) {
      fail(result.ok() ? "the server said false" : result.error().what());
    }
  }
  return static_cast<double>(n) / seconds;
}

double raw_multi_rate(const std::string& url, long n, std::size_t in_flight) {
  const auto start = std::chrono::steady_clock::now();
  raw::bulk(url, n, in_flight);
  return static_cast<double>(n) / seconds_since(start);
}

double sdk_sequential_rate(const std::string& base, long n) {
  vc::Client client(client_options(base));
  const auto item = sample_follow_up();
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) {
    if (!client.update_viewing_participant("c1", item)) fail("the server said false");
  }
  return static_cast<double>(n) / seconds_since(start);
}

int run(int argc, char** argv) {
  const std::string base = arg(argc, argv, "--url", nullptr);
  const long sequential = arg_number(argc, argv, "--sequential", "0");
  if (sequential > 0) {
    std::printf("bulk sequential_sdk n=%ld sdk_rps=%.1f\n", sequential,
                sdk_sequential_rate(base, sequential));
    return 0;
  }
  const long n = arg_number(argc, argv, "--n", "2000");
  const auto in_flight = static_cast<std::size_t>(arg_number(argc, argv, "--in-flight", "32"));
  // Fresh connections for each side: both pay the same connects.
  const double raw_rate = raw_multi_rate(base + "/ViewingParticipant/c1", n, in_flight);
  const double sdk_rate = sdk_batch_rate(base, n, in_flight);
  std::printf("bulk in_flight=%zu n=%ld sdk_rps=%.1f raw_rps=%.1f ratio=%.3f\n", in_flight, n,
              sdk_rate, raw_rate, sdk_rate / raw_rate);
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
