// Many PUTs against a location that answers after 20 ms: the SDK's batch against hand-written
// curl multi at the same number in flight, and the batch against sequential SDK calls.
//   vitec_connect_bench_bulk --url http://127.0.0.1:PORT/slow --in-flight 32 [--n 2000]
//   vitec_connect_bench_bulk --url https://127.0.0.1:PORT --ca ca.pem --in-flight 128
//   vitec_connect_bench_bulk --url http://127.0.0.1:PORT/slow --sequential 100
// With --ca the server speaks HTTP/2 over TLS with a certificate from that CA; the hand-written
// side then asks for HTTP/2 and waits to multiplex (CURLOPT_PIPEWAIT). The SDK sends to customer
// "sdk" and the hand-written side to "raw", so the server's log can tell their connections apart.

#include <cstdio>
#include <vector>

#include "bench_support.hpp"
#include "raw_curl.hpp"

namespace bench {
namespace {

/// Requests per second and CPU microseconds per request of one side.
struct rate {
  double rps;
  double cpu_us;
};

template <class Work>
rate measure(long n, Work&& work) {
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  work();
  const double seconds = seconds_since(start);
  const auto count = static_cast<double>(n);
  return {count / seconds, (cpu_seconds() - cpu_start) * 1e6 / count};
}

rate sdk_batch(const vc::ClientOptions& options, long n, std::size_t in_flight) {
  vc::Client client(options);
  const std::vector<vc::ParticipantFollowUp> items(static_cast<std::size_t>(n), sample_follow_up());
  vc::BatchOptions batch;
  batch.max_in_flight = in_flight;
  std::vector<vc::Result<bool>> results;
  const rate measured =
      measure(n, [&] { results = client.update_viewing_participants("sdk", items, batch); });
  for (const auto& result : results) {
    if (!result.ok() || !result.value()) {
      fail(result.ok() ? "the server said false" : result.error().what());
    }
  }
  return measured;
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
  raw::bulk_options raw_options;
  raw_options.ca_file = arg(argc, argv, "--ca", "");
  raw_options.http2 = !raw_options.ca_file.empty();
  vc::ClientOptions sdk_options = client_options(base);
  sdk_options.ca_bundle = raw_options.ca_file;

  // Fresh connections for each side: both pay the same connects.
  long raw_connects = 0;
  const rate raw = measure(n, [&] {
    raw_connects = raw::bulk(base + "/ViewingParticipant/raw", n, in_flight, raw_options);
  });
  const rate sdk = sdk_batch(sdk_options, n, in_flight);
  std::printf(
      "bulk in_flight=%zu n=%ld sdk_rps=%.1f raw_rps=%.1f ratio=%.3f sdk_cpu_us=%.1f "
      "raw_cpu_us=%.1f raw_connects=%ld\n",
      in_flight, n, sdk.rps, raw.rps, sdk.rps / raw.rps, sdk.cpu_us, raw.cpu_us, raw_connects);
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
