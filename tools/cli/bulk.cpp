#include "bulk.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include "csv_file.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "rows.hpp"

namespace vitec::cli {

namespace {

namespace vc = vitec::connect;

/// Rows held between reading and writing out, per request in flight. A row that stalls (a long
/// Retry-After, a server slow to answer) holds back every row that ends after it, failed ones
/// with their fields, since the failed-rows file follows the input order; past this many,
/// reading pauses until the rows in flight have ended. Far above the 2 x --max-in-flight rows
/// in flight, so a run without a stalled row never pauses.
constexpr std::size_t rows_held_per_request = 64;

/// Why one row failed, and the exit code that failure alone would give.
struct row_failure {
  std::string text;
  int code = exit_ok;
};

std::optional<row_failure> failure_of(const vc::Result<bool>& result) {
  if (!result) return row_failure{describe(result.error()), exit_code_for(result.error().kind())};
  if (!result.value()) return row_failure{"the server answered false", exit_answered_false};
  return std::nullopt;
}

/// Fails before anything is sent when the failed-rows file could not be written afterwards,
/// leaving no new file behind. Returns whether it already holds rows of an earlier run.
bool check_failed_file(const std::string& path) {
  std::error_code error;
  const bool existed = std::filesystem::exists(path, error);
  const bool earlier = existed && std::filesystem::file_size(path, error) > 0 && !error;
  if (!std::ofstream(path, std::ios::binary | std::ios::app))  // creates, never truncates
    throw usage_error(path + ": cannot write the failed-rows file; nothing was sent");
  // Written only once a row failed: a run that stops before must not leave an empty file.
  if (!existed) std::filesystem::remove(path, error);
  return earlier;
}

/// Results come back as requests complete; messages and the failed-rows file follow the input
/// order all the same. Holds the rows read and not yet settled: those in flight, and those that
/// finished ahead of a slower earlier row (successful ones without their fields).
class Report {
 public:
  Report(const Settings& settings, const CsvReader& reader, bool dry_run, std::size_t total)
      : settings_(settings),
        reader_(reader),
        dry_run_(dry_run),
        total_(total),
        progress_(std::cerr, isatty(STDERR_FILENO) == 1) {
    const auto& header = reader.header();
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (header[c] == "error") old_error_column_ = c;
    }
  }

  /// Takes a row read from the file; returns its number for settle().
  std::size_t add(CsvRow row) {
    pending_.push_back({std::move(row), false, std::nullopt});
    return first_ + pending_.size() - 1;
  }

  /// Rows read and not yet written out: in flight, or ended behind an earlier row still in flight.
  std::size_t held() const noexcept { return pending_.size(); }

  /// Records how row `number` ended, then writes out every row settled in input order.
  void settle(std::size_t number, std::optional<row_failure> failure) {
    slot& settled = pending_[number - first_];
    settled.done = true;
    if (failure) {
      settled.failure = std::move(failure);
    } else {
      settled.row.fields = {};
    }
    ++settled_;
    // A dry run shows requests, not a progress bar between them.
    if (!dry_run_) progress_.update(settled_, std::max(total_, settled_));
    while (!pending_.empty() && pending_.front().done) {
      if (pending_.front().failure) write_failure(pending_.front());
      pending_.pop_front();
      ++first_;
    }
  }

  /// Closes the failed-rows file; returns the process exit code.
  int finish(bool earlier_failures) {
    const int code = codes_.empty()       ? exit_ok
                     : codes_.size() == 1 ? *codes_.begin()
                                          : int{exit_rows_failed};
    // A dry run gives the code the real run would give for the rows refused before sending.
    if (dry_run_) return code;
    std::cout << "sent " << settled_ << " row(s): " << settled_ - failed_ << " succeeded, "
              << failed_ << " failed\n";
    if (!file_) {
      // What the file held would otherwise pass for failures of this run.
      std::filesystem::remove(settings_.failed);
      if (earlier_failures) std::cout << "removed " << settings_.failed << " of an earlier run\n";
      return code;
    }
    file_->close();
    std::cout << "failed rows written to " << settings_.failed
              << " (fix them, then run again with --csv " << settings_.failed << ")\n";
    return code;
  }

 private:
  struct slot {
    CsvRow row;
    bool done;
    std::optional<row_failure> failure;
  };

  /// The row as it was read, with the reason in a last `error` column (replacing the one a
  /// fed-back failed-rows file already has), so that the file can be fed back unchanged.
  std::vector<std::string> without_old_error(std::vector<std::string> fields) const {
    if (old_error_column_)
      fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(*old_error_column_));
    return fields;
  }

  void write_failure(slot& failed) {
    ++failed_;
    codes_.insert(failed.failure->code);
    std::cerr << settings_.csv << ":" << failed.row.line << ": " << failed.failure->text << '\n';
    if (dry_run_) return;
    if (!file_) {
      file_ = std::make_unique<CsvWriter>(settings_.failed, reader_.line_end());
      auto header = without_old_error(reader_.header());
      header.emplace_back("error");
      file_->write(header);
    }
    auto fields = without_old_error(std::move(failed.row.fields));
    fields.push_back(std::move(failed.failure->text));
    file_->write(fields);
  }

  const Settings& settings_;
  const CsvReader& reader_;
  const bool dry_run_;
  const std::size_t total_;
  Progress progress_;
  std::optional<std::size_t> old_error_column_;
  std::deque<slot> pending_;
  std::size_t first_ = 0;  // the number of pending_.front()
  std::size_t settled_ = 0;
  std::size_t failed_ = 0;
  std::set<int> codes_;
  std::unique_ptr<CsvWriter> file_;
};

}  // namespace

int run_bulk(const Settings& settings, vc::Client& client, bool dry_run) {
  const std::size_t total = check_rows(settings.what, settings.csv);
  // A dry run leaves the failed-rows file alone: nothing is sent, so nothing is new to record.
  const bool earlier_failures = !dry_run && check_failed_file(settings.failed);

  CsvReader reader(settings.csv);
  const RowReader to_model(settings.what, reader.header());
  Report report(settings, reader, dry_run, total);
  std::unordered_map<std::size_t, std::size_t> row_of_item;  // the items in flight
  std::size_t items = 0;
  std::optional<std::string> read_error;
  const std::size_t most_held = rows_held_per_request * settings.max_in_flight;
  bool paused = false;

  const auto next = [&]() -> std::optional<vc::BulkRequest> {
    for (;;) {
      if (report.held() >= most_held) {
        // Ending this stream lets the stalled row finish; the next stream reads on.
        paused = true;
        return std::nullopt;
      }
      std::optional<CsvRow> row;
      try {
        row = reader.next();
      } catch (const std::runtime_error& e) {
        // The file changed since it was checked. Ending the stream here (rather than throwing)
        // lets the rows in flight finish and be reported.
        read_error = e.what();
        return std::nullopt;
      }
      if (!row) return std::nullopt;
      RowModel model = to_model(row->fields);
      const std::size_t number = report.add(std::move(*row));
      if (!model.model) {
        report.settle(number, row_failure{"invalid row: " + model.error, exit_invalid_argument});
        continue;
      }
      row_of_item.emplace(items++, number);
      return vc::BulkRequest{settings.customer, std::move(*model.model)};
    }
  };
  const auto on_result = [&](std::size_t item, vc::Result<bool> result) {
    const auto found = row_of_item.find(item);
    const std::size_t number = found->second;
    row_of_item.erase(found);
    report.settle(number, failure_of(result));
  };
  vc::BatchOptions batch;
  batch.max_in_flight = settings.max_in_flight;
  do {
    paused = false;
    items = 0;  // each stream numbers its items from 0
    client.send_stream(next, on_result, batch);
  } while (paused);

  const int code = report.finish(earlier_failures);
  if (read_error) {
    std::cerr << "vitec-connect: " << *read_error
              << " (the file changed while it was sent; the rows above that line were sent)\n";
    return exit_usage;
  }
  return code;
}

}  // namespace vitec::cli
