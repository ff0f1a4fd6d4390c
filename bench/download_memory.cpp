// Peak resident memory of downloading one file through AdvertisingClient::get_image_stream, the
// bytes counted and dropped: the file is never held whole, so the peak must not grow with its
// size. One download per process, served by another process (scripts/bench.sh: nginx).
//   vitec_connect_bench_download --url http://127.0.0.1:PORT/files --image raw.jpg

#include <cstdio>

#include <vitec/connect/api/advertising.hpp>

#include "bench_support.hpp"

namespace bench {
namespace {

int run(int argc, char** argv) {
  auto options = client_options(arg(argc, argv, "--url", nullptr));
  options.request_timeout = std::chrono::minutes(5);
  const vc::api::AdvertisingClient advertising{vc::Client(options)};
  vc::api::advertising::GetImageParams params;
  params.customer_id = "M1";
  params.image_id = arg(argc, argv, "--image", nullptr);
  std::uint64_t seen = 0;
  const auto start = std::chrono::steady_clock::now();
  const auto got = advertising.get_image_stream(
      params, [&seen](std::string_view chunk) { seen += chunk.size(); });
  const double seconds = seconds_since(start);
  if (seen != got.bytes) fail("the sink saw another size than the download reports");
  std::printf("download image=%s content_type=%s bytes=%llu peak_rss_kb=%ld mb_per_s=%.1f\n",
              params.image_id.c_str(), got.content_type.c_str(),
              static_cast<unsigned long long>(got.bytes), peak_rss_kb(),
              static_cast<double>(got.bytes) / 1e6 / seconds);
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
