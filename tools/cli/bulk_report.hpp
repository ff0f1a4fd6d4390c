// What the --csv runs share: the failed-rows file's check, and the report that writes out each
// row's outcome in input order, whatever order the requests end in.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "csv_file.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "settings.hpp"

namespace vitec::cli {

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

/// Fails before anything is sent when the failed-rows file could not be written afterwards,
/// leaving no new file behind. Returns whether it already holds rows of an earlier run.
bool check_failed_file(const std::string& path);

/// Results come back as requests complete; messages and the failed-rows file follow the input
/// order all the same. Holds the rows read and not yet settled: those in flight, and those that
/// finished ahead of a slower earlier row (successful ones without their fields). Not
/// thread-safe.
class Report {
 public:
  Report(const Settings& settings, const CsvReader& reader, bool dry_run, std::size_t total);

  /// Takes a row read from the file; returns its number for settle().
  std::size_t add(CsvRow row);

  /// Rows read and not yet written out: in flight, or ended behind an earlier row still in flight.
  std::size_t held() const noexcept { return pending_.size(); }

  /// Records how row `number` ended, then writes out every row settled in input order.
  void settle(std::size_t number, std::optional<row_failure> failure);

  /// Closes the failed-rows file; returns the process exit code.
  int finish(bool earlier_failures);

 private:
  struct slot {
    CsvRow row;
    bool done;
    std::optional<row_failure> failure;
  };

  std::vector<std::string> without_old_error(std::vector<std::string> fields) const;
  void write_failure(slot& failed);

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

}  // namespace vitec::cli
