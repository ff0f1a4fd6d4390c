// Peak resident memory over 10,000 sequential calls: it must stay flat once the first calls
// have warmed the handle pool and the allocator. Exits 2 when it grew by more than 2% after the
// first 1,000 calls (a ratio, so it holds whatever the machine's start-up size).
//   vitec_connect_bench_memory --url http://127.0.0.1:PORT/fast [--n 10000]

#include <cstdio>
#include <fstream>

#include "bench_support.hpp"

namespace bench {
namespace {

/// A "Vm...:" line of /proc/self/status, in kB.
long status_kb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  fail("no " + field + " in /proc/self/status");
}

int run(int argc, char** argv) {
  const std::string base = arg(argc, argv, "--url", nullptr);
  const long n = arg_number(argc, argv, "--n", "10000");
  if (n <= 1000) fail("--n must be above 1000: growth is measured after the first 1000 calls");
  vc::Client client(client_options(base));
  const auto item = sample_follow_up();
  const long start_kb = status_kb("VmHWM");
  long after_1000_kb = 0;
  for (long i = 1; i <= n; ++i) {
    if (!client.update_viewing_participant("c1", item)) fail("the server said false");
    if (i == 1000) after_1000_kb = status_kb("VmHWM");
  }
  const long end_kb = status_kb("VmHWM");
  const double growth = static_cast<double>(end_kb - after_1000_kb) / after_1000_kb;
  const bool met = growth <= 0.02;
  std::printf(
      "memory over %ld sequential calls: peak RSS %ld kB at start, %ld kB after 1000, %ld kB at "
      "end; growth after 1000: %ld kB = %.2f%% (target <= 2%%: %s)\n",
      n, start_kb, after_1000_kb, end_kb, end_kb - after_1000_kb, growth * 100,
      met ? "ok" : "MISS");
  return met ? 0 : 2;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
