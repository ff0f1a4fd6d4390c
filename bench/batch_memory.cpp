// Peak resident memory of one bulk send of N follow-ups at 16 in flight, one form per process so
// that each peak is that form's alone, with CPU per item:
//   vitec_connect_bench_batch_memory --url http://127.0.0.1:PORT/fast --form vector [--n 100000]
// --form vector: update_viewing_participants over a vector of N items, then the hand-written curl
//   multi loop over the same N in the same process (after the peak is read) for the throughput
//   and CPU ratios;
// --form raw: the hand-written loop alone, for its own peak.

#include <cstdio>
#include <vector>

#include "bench_support.hpp"
#include "raw_curl.hpp"

namespace bench {
namespace {

constexpr std::size_t in_flight = 16;

/// Seconds and CPU seconds of `work`.
struct cost {
  double seconds;
  double cpu_seconds;
};

template <class Work>
cost measure(Work&& work) {
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  work();
  return {seconds_since(start), cpu_seconds() - cpu_start};
}

void require_all_true(const std::vector<vc::Result<bool>>& results) {
  for (const auto& result : results) {
    if (!result.ok() || !result.value()) {
      fail(result.ok() ? "the server said false" : result.error().what());
    }
  }
}

cost raw_loop(const std::string& base, long n) {
  return measure([&] { raw::bulk(base + "/ViewingParticipant/raw", n, in_flight); });
}

void print(const char* form, long n, const cost& sdk, long peak_kb) {
  const auto items = static_cast<double>(n);
  std::printf("batch_memory form=%s n=%ld peak_rss_kb=%ld sdk_rps=%.1f sdk_cpu_us=%.2f", form, n,
              peak_kb, items / sdk.seconds, sdk.cpu_seconds * 1e6 / items);
}

int run(int argc, char** argv) {
  const std::string base = arg(argc, argv, "--url", nullptr);
  const long n = arg_number(argc, argv, "--n", "100000");
  const std::string form = arg(argc, argv, "--form", "vector");
  const auto items = static_cast<double>(n);
  if (form == "raw") {
    const cost raw = raw_loop(base, n);
    std::printf("batch_memory form=raw n=%ld peak_rss_kb=%ld raw_rps=%.1f raw_cpu_us=%.2f\n", n,
                peak_rss_kb(), items / raw.seconds, raw.cpu_seconds * 1e6 / items);
    return 0;
  }
  if (form != "vector") fail("--form is vector or raw");

  vc::Client client(client_options(base));
  vc::BatchOptions batch;
  batch.max_in_flight = in_flight;
  const cost sdk = measure([&] {
    // The items are the caller's and part of the figure: a vector form cannot do without them.
    const std::vector<vc::ParticipantFollowUp> follow_ups(static_cast<std::size_t>(n),
                                                          sample_follow_up());
    require_all_true(client.update_viewing_participants("sdk", follow_ups, batch));
  });
  print("vector", n, sdk, peak_rss_kb());
  const cost raw = raw_loop(base, n);
  std::printf(" raw_rps=%.1f raw_cpu_us=%.2f ratio=%.3f cpu_ratio=%.3f\n", items / raw.seconds,
              raw.cpu_seconds * 1e6 / items, raw.seconds / sdk.seconds,
              sdk.cpu_seconds / raw.cpu_seconds);
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
