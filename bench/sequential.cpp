// N keep-alive PUTs in a row: the SDK against hand-written libcurl easy-handle reuse.
//   vitec_connect_bench_sequential --url http://127.0.0.1:PORT/fast [--n 20000] [--mode both]
// --mode sdk or raw runs only that side, N calls and nothing else: scripts/bench.sh runs it under
// callgrind at two N and divides the difference to get instructions per request.

#include <algorithm>
#include <cstdio>

#include "bench_support.hpp"
#include "raw_curl.hpp"

namespace bench {
namespace {

void sdk_sequential(vc::Client& client, long n) {
  const auto item = sample_follow_up();
  for (long i = 0; i < n; ++i) {
    const auto result = client.try_update_viewing_participant("c1", item);
    if (!result.ok() || !result.value()) {
      fail(result.ok() ? "the server said false" : result.error().what());
    }
  }
}

int run(int argc, char** argv) {
  const std::string base = arg(argc, argv, "--url", nullptr);
  const long n = arg_number(argc, argv, "--n", "20000");
  const std::string mode = arg(argc, argv, "--mode", "both");
  const std::string url = base + "/ViewingParticipant/c1";
  if (vc::serialize(sample_follow_up(), vc::Format::json) != raw::body) {
    fail("the raw body differs from the SDK's");
  }
  vc::Client client(client_options(base));
  if (mode == "sdk") {
    sdk_sequential(client, n);
    return 0;
  }
  if (mode == "raw") {
    raw::sequential(url, n);
    return 0;
  }

  // Slices in turn, so that a slow spell on a shared machine falls on both sides alike.
  constexpr long slices = 10;
  const long per_slice = std::max(n / slices, 1L);
  sdk_sequential(client, 200);
  raw::sequential(url, 200);
  double sdk_seconds = 0;
  double raw_seconds = 0;
  for (long slice = 0; slice < slices; ++slice) {
    auto start = std::chrono::steady_clock::now();
    raw::sequential(url, per_slice);
    raw_seconds += seconds_since(start);
    start = std::chrono::steady_clock::now();
    sdk_sequential(client, per_slice);
    sdk_seconds += seconds_since(start);
  }
  const double sdk_rate = static_cast<double>(slices * per_slice) / sdk_seconds;
  const double raw_rate = static_cast<double>(slices * per_slice) / raw_seconds;
  std::printf("sequential n=%ld sdk_rps=%.0f raw_rps=%.0f ratio=%.3f\n", n, sdk_rate, raw_rate,
              sdk_rate / raw_rate);
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
