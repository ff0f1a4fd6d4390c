// Peak resident memory over 10,000 sequential calls: it must stay flat once the first calls
// have warmed the handle pool and the allocator.
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
  vc::Client client(client_options(base));
  const auto item = sample_follow_up();
  const long start_kb = status_kb("VmHWM");
  long after_1000_kb = 0;
  for (long i = 1; i <= n; ++i) {
    if (!client.update_viewing_participant("c1", item)) fail("the server said false");
    if (i == 1000) after_1000_kb = status_kb("VmHWM");
  }
  const long end_kb = status_kb("VmHWM");
  std::printf("memory n=%ld hwm_start_kb=%ld hwm_after_1000_kb=%ld hwm_end_kb=%ld growth_kb=%ld\n",
              n, start_kb, after_1000_kb, end_kb, end_kb - after_1000_kb);
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
