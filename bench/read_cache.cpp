// A read served by ClientOptions::read_cache against the same read over loopback HTTP, both
// decoding the answer (GET ViewingParticipant, one small follow-up), from an in-process
// cpp-httplib server. Prints microseconds per read and the ratio hit / loopback.
//   vitec_connect_bench_read_cache [--reads 2000]

#include <httplib.h>

#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "bench_support.hpp"

namespace bench {
namespace {

template <class Read>
double micros_per_read(long reads, const Read& read) {
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < reads; ++i) read();
  return seconds_since(start) * 1e6 / static_cast<double>(reads);
}

int run(int argc, char** argv) {
  const long reads = arg_number(argc, argv, "--reads", "2000");
  httplib::Server server;
  const std::string answer = "[" + vc::serialize(sample_follow_up(), vc::Format::json) + "]";
  server.Get(".*", [&answer](const httplib::Request&, httplib::Response& res) {
    res.set_content(answer, "application/json");
  });
  server.set_tcp_nodelay(true);  // else the body waits for the client's delayed ACK
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&server] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const std::string base_url = "http://127.0.0.1:" + std::to_string(port);

  vc::Client plain(client_options(base_url));
  auto cached_options = client_options(base_url);
  cached_options.read_cache = std::make_shared<vc::ReadCache>(vc::ReadCacheOptions{});
  vc::Client cached(cached_options);
  const auto check = [](const vc::Result<std::vector<vc::ParticipantFollowUp>>& result) {
    if (!result.ok() || result.value().size() != 1) fail("the read failed");
  };
  check(plain.try_get_viewing_participant("C1", "K1", "V1"));   // warm the connection
  check(cached.try_get_viewing_participant("C1", "K1", "V1"));  // and the entry
  const double loopback =
      micros_per_read(reads, [&] { check(plain.try_get_viewing_participant("C1", "K1", "V1")); });
  const double hit = micros_per_read(reads, [&] {
    const auto result = cached.try_get_viewing_participant("C1", "K1", "V1");
    if (result.cache() != vc::CacheUse::fresh) fail("not a cache hit");
    check(result);
  });
  std::printf("read_cache reads=%ld loopback_us=%.1f hit_us=%.2f hit_to_loopback=%.4f\n", reads,
              loopback, hit, hit / loopback);
  server.stop();
  thread.join();
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
