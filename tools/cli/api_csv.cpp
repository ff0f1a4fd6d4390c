#include "api_csv.hpp"

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "api_call.hpp"
#include "bulk_report.hpp"
#include "csv_file.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

namespace vitec::cli {

namespace {

namespace vc = vitec::connect;

std::optional<row_failure> failure_of(const vc::Result<nlohmann::json>& result) {
  if (!result) return row_failure{describe(result.error()), exit_code_for(result.error().kind())};
  if (result.value() == false) return row_failure{"the server answered false", exit_answered_false};
  return std::nullopt;
}

/// Reads the whole file once without keeping it, so that a malformed file or an unknown column
/// is refused before anything is sent; returns the number of rows.
std::size_t check_api_rows(const std::string& path, const ordered_json& op, const ApiRow& fixed) {
  CsvReader reader(path);
  const ApiRowReader header_check(op, reader.header(), fixed);
  std::size_t rows = 0;
  while (reader.next()) ++rows;
  return rows;
}

/// The rows and their report, shared by the threads that send: the Client is safe to use from
/// many threads, so each sends one call at a time, and all else happens under `mutex`.
class Sender {
 public:
  Sender(const Settings& settings, const ordered_json& op, ApiRow fixed, vc::Client& client,
         RecordingTransport* recorder, std::size_t total)
      : id_(op["id"].get<std::string>()),
        client_(client),
        recorder_(recorder),
        reader_(settings.csv),
        to_call_(op, reader_.header(), std::move(fixed)),
        report_(settings, reader_, recorder != nullptr, total),
        most_held_(rows_held_per_request * settings.max_in_flight) {}

  /// Sends rows until the file ends (or cannot be read, or a failed row cannot be written).
  void work() noexcept {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopped_) {
      try {
        step(lock);
      } catch (...) {
        if (!error_) error_ = std::current_exception();
        stopped_ = true;
      }
      if (stopped_) settled_.notify_all();
    }
  }

  /// After the threads ended: the exit code, or the error that stopped them, rethrown.
  int finish(bool earlier_failures) {
    const int code = report_.finish(earlier_failures);
    if (error_) std::rethrow_exception(error_);
    return code;
  }

 private:
  void step(std::unique_lock<std::mutex>& lock) {
    // A stalled row holds back those behind it; past this many, wait for it to end.
    settled_.wait(lock, [this] { return stopped_ || report_.held() < most_held_; });
    if (stopped_) return;
    auto row = reader_.next();
    if (!row) {
      stopped_ = true;
      return;
    }
    ApiRowCall call = to_call_(row->fields);
    const std::size_t number = report_.add(std::move(*row));
    if (!call.call) {
      report_.settle(number, row_failure{"invalid row: " + call.error, exit_invalid_argument});
      return;
    }
    const std::size_t printed = recorder_ ? recorder_->count() : 0;
    lock.unlock();
    const auto result = call_operation(client_, id_, std::move(call.call->path),
                                       std::move(call.call->query), call.call->body);
    lock.lock();
    // A dry run's request is what counts (one thread then); its stand-in answer is not the
    // operation's.
    const bool printed_request = recorder_ && recorder_->count() > printed;
    report_.settle(number, printed_request ? std::nullopt : failure_of(result));
    settled_.notify_all();
  }

  const std::string id_;
  vc::Client& client_;
  RecordingTransport* recorder_;
  CsvReader reader_;
  const ApiRowReader to_call_;
  Report report_;
  const std::size_t most_held_;
  std::mutex mutex_;
  std::condition_variable settled_;
  bool stopped_ = false;
  std::exception_ptr error_;
};

}  // namespace

int run_api_csv(const Settings& settings, const ordered_json& op, ApiRow fixed, vc::Client& client,
                RecordingTransport* recorder) {
  const std::size_t total = check_api_rows(settings.csv, op, fixed);
  // A dry run leaves the failed-rows file alone: nothing is sent, so nothing is new to record.
  const bool earlier_failures = !recorder && check_failed_file(settings.failed);
  Sender sender(settings, op, std::move(fixed), client, recorder, total);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < (recorder ? 1 : settings.max_in_flight); ++i)
    threads.emplace_back([&sender] { sender.work(); });
  for (auto& thread : threads) thread.join();
  return sender.finish(earlier_failures);
}

}  // namespace vitec::cli
