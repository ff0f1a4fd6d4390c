// A separate process draining an outbox, for processes_test.cpp: killed mid-drain, or run twice
// at once on one file. Prints "done N" after each outcome and the report at the end.
//   vitec_connect_outbox_drainer DB BASE_URL LEASE_MS MAX_IN_FLIGHT   (password in
//   VITEC_OUTBOX_TEST_PASSWORD, so that it shows in no process listing)

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vitec/connect/outbox.hpp>

namespace vc = vitec::connect;

int main(int argc, char** argv) {
  if (argc != 5 || !std::getenv("VITEC_OUTBOX_TEST_PASSWORD")) {
    std::fprintf(stderr, "usage: DB BASE_URL LEASE_MS MAX_IN_FLIGHT\n");
    return 2;
  }
  std::printf("pid %d\n", static_cast<int>(::getpid()));
  std::fflush(stdout);
  try {
    vc::ClientOptions options;
    options.base_url = argv[2];
    options.username = "broker";
    options.password = std::getenv("VITEC_OUTBOX_TEST_PASSWORD");
    vc::Outbox outbox(vc::Client(options),
                      {argv[1], std::chrono::milliseconds(std::atol(argv[3]))});
    vc::BatchOptions batch;
    batch.max_in_flight = static_cast<std::size_t>(std::atol(argv[4]));
    batch.on_progress = [](std::size_t done, std::size_t) {
      std::printf("done %zu\n", done);
      std::fflush(stdout);
    };
    const auto report = outbox.drain(batch);
    std::printf("report sent=%zu dead=%zu deferred=%zu superseded=%zu halted=%d\n", report.sent,
                report.dead, report.deferred, report.superseded, report.halted ? 1 : 0);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "drainer: %s\n", e.what());
    return 1;
  }
}
