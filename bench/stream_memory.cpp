// Peak resident memory of Client::send_stream over N follow-ups at 16 in flight, with CPU per
// item: one size per process, so that each peak is that size's alone. The stream holds no item
// or result beyond those in flight, so the peak must not grow with N.
//   vitec_connect_bench_stream --url http://127.0.0.1:PORT/fast [--n 1000000]

#include <cstdio>
#include <optional>

#include "bench_support.hpp"

namespace bench {
namespace {

int run(int argc, char** argv) {
  const std::string base = arg(argc, argv, "--url", nullptr);
  const long n = arg_number(argc, argv, "--n", "1000000");
  vc::Client client(client_options(base));
  vc::BatchOptions batch;
  batch.max_in_flight = 16;
  long pulled = 0;
  long answered = 0;
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  client.send_stream(
      [&]() -> std::optional<vc::BulkRequest> {
        if (pulled == n) return std::nullopt;
        ++pulled;
        return vc::BulkRequest{"sdk", sample_follow_up()};
      },
      [&](std::size_t, vc::Result<bool> result) {
        if (!result.ok() || !result.value()) {
          fail(result.ok() ? "the server said false" : result.error().what());
        }
        ++answered;
      },
      batch);
  const double seconds = seconds_since(start);
  if (answered != n) fail("the stream reported " + std::to_string(answered) + " results");
  const auto items = static_cast<double>(n);
  std::printf("stream n=%ld peak_rss_kb=%ld sdk_rps=%.1f sdk_cpu_us=%.2f\n", n, peak_rss_kb(),
              items / seconds, (cpu_seconds() - cpu_start) * 1e6 / items);
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
