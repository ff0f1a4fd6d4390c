// The durable outbox: enqueue rate (each enqueue synced to disk) against enqueue_all's in
// batches, drain throughput against the plain batch at the same number in flight, and peak
// memory over a large queue.
//   vitec_connect_bench_outbox --url http://127.0.0.1:PORT/slow --dir DIR [--n 2000]
//       [--in-flight 16] [--enqueue 2000] [--batch 1000] [--batches 20] [--enqueue-only 1]
//   vitec_connect_bench_outbox --url http://127.0.0.1:PORT/fast --dir DIR --memory 100000

#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>
#include <vitec/connect/outbox.hpp>

#include "bench_support.hpp"

namespace bench {
namespace {

long hwm_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  fail("no VmHWM in /proc/self/status");
}

double enqueue_rate(const std::string& path, long n) {
  vc::Outbox outbox(vc::Client(client_options("http://127.0.0.1:1")), {path});
  const auto item = sample_follow_up();
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) outbox.enqueue("c1", item);
  return static_cast<double>(n) / seconds_since(start);
}

double enqueue_all_rate(const std::string& path, long batch, long batches) {
  vc::Outbox outbox(vc::Client(client_options("http://127.0.0.1:1")), {path});
  const std::vector<vc::ParticipantFollowUp> items(static_cast<std::size_t>(batch),
                                                   sample_follow_up());
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < batches; ++i) outbox.enqueue_all("c1", items);
  return static_cast<double>(batch * batches) / seconds_since(start);
}

/// Fills the queue in one transaction: n distinct keys, as n enqueues would (which, each synced
/// to disk, would take minutes for 100,000).
void prefill(const std::string& path, long n) {
  { vc::Outbox(vc::Client(client_options("http://127.0.0.1:1")), {path}); }  // the schema
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) fail("cannot open " + path);
  const std::string sql =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
      std::to_string(n) +
      ") INSERT INTO items(operation_id, endpoint, customer_id, order_key, body, enqueued_at) "
      "SELECT 'PUT-ViewingParticipant-customerId', 'ViewingParticipant', 'c1', "
      "json_array('ViewingParticipant', 'c1', 'C' || i, 'V1'), "
      "json_object('contactId', 'C' || i, 'viewingId', 'V1', 'participated', json('true')), 0 "
      "FROM n";
  const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  if (code != SQLITE_OK) fail("prefill failed");
}

void require_all_sent(const vc::DrainReport& report, long n) {
  if (report.sent != static_cast<std::size_t>(n) || report.halted) {
    fail("drain sent " + std::to_string(report.sent) + " of " + std::to_string(n));
  }
}

int memory(const std::string& base, const std::string& dir, long n) {
  const std::string path = dir + "/memory.db";
  prefill(path, n);
  vc::Outbox outbox(vc::Client(client_options(base)), {path});
  long after_1000_kb = 0;
  vc::BatchOptions batch;
  batch.on_progress = [&](std::size_t done, std::size_t) {
    if (done == 1000) after_1000_kb = hwm_kb();
  };
  const auto start = std::chrono::steady_clock::now();
  require_all_sent(outbox.drain(batch), n);
  const double seconds = seconds_since(start);
  const long end_kb = hwm_kb();
  std::printf("outbox_memory n=%ld hwm_after_1000_kb=%ld hwm_end_kb=%ld growth_kb=%ld rps=%.1f\n",
              n, after_1000_kb, end_kb, end_kb - after_1000_kb, static_cast<double>(n) / seconds);
  return 0;
}

int run(int argc, char** argv) {
  const std::string base = arg(argc, argv, "--url", nullptr);
  const std::string dir = arg(argc, argv, "--dir", nullptr);
  const long memory_n = arg_number(argc, argv, "--memory", "0");
  if (memory_n > 0) return memory(base, dir, memory_n);

  const long enqueue_n = arg_number(argc, argv, "--enqueue", "2000");
  const double enqueue_rps = enqueue_rate(dir + "/enqueue.db", enqueue_n);
  const long batch_size = arg_number(argc, argv, "--batch", "1000");
  const long batches = arg_number(argc, argv, "--batches", "20");
  const double enqueue_all_rps = enqueue_all_rate(dir + "/enqueue_all.db", batch_size, batches);
  std::printf(
      "outbox_enqueue single_rps=%.1f batch=%ld batches=%ld enqueue_all_rps=%.1f "
      "ratio=%.1f\n",
      enqueue_rps, batch_size, batches, enqueue_all_rps, enqueue_all_rps / enqueue_rps);
  if (arg_number(argc, argv, "--enqueue-only", "0") != 0) return 0;

  const long n = arg_number(argc, argv, "--n", "2000");
  vc::BatchOptions batch;
  batch.max_in_flight = static_cast<std::size_t>(arg_number(argc, argv, "--in-flight", "16"));
  const std::string path = dir + "/drain.db";
  prefill(path, n);
  vc::Client client(client_options(base));
  vc::Outbox outbox(client, {path});
  auto start = std::chrono::steady_clock::now();
  require_all_sent(outbox.drain(batch), n);
  const double drain_rps = static_cast<double>(n) / seconds_since(start);

  const std::vector<vc::ParticipantFollowUp> items(static_cast<std::size_t>(n), sample_follow_up());
  start = std::chrono::steady_clock::now();
  for (const auto& result : client.update_viewing_participants("c1", items, batch)) {
    if (!result.ok() || !result.value()) fail("the plain batch failed");
  }
  const double batch_rps = static_cast<double>(n) / seconds_since(start);
  std::printf(
      "outbox enqueue_n=%ld enqueue_rps=%.1f n=%ld in_flight=%zu drain_rps=%.1f "
      "batch_rps=%.1f ratio=%.3f\n",
      enqueue_n, enqueue_rps, n, batch.max_in_flight, drain_rps, batch_rps, drain_rps / batch_rps);
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
