#include "bulk_report.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace vitec::cli {

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

Report::Report(const Settings& settings, const CsvReader& reader, bool dry_run, std::size_t total)
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

std::size_t Report::add(CsvRow row) {
  pending_.push_back({std::move(row), false, std::nullopt});
  return first_ + pending_.size() - 1;
}

void Report::settle(std::size_t number, std::optional<row_failure> failure) {
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

int Report::finish(bool earlier_failures) {
  const int code = codes_.empty()       ? exit_ok
                   : codes_.size() == 1 ? *codes_.begin()
                                        : int{exit_rows_failed};
  // A dry run gives the code the real run would give for the rows refused before sending.
  if (dry_run_) return code;
  std::cout << "sent " << settled_ << " row(s): " << settled_ - failed_ << " succeeded, " << failed_
            << " failed\n";
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

/// The row as it was read, with the reason in a last `error` column (replacing the one a
/// fed-back failed-rows file already has), so that the file can be fed back unchanged.
std::vector<std::string> Report::without_old_error(std::vector<std::string> fields) const {
  if (old_error_column_)
    fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(*old_error_column_));
  return fields;
}

void Report::write_failure(slot& failed) {
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

}  // namespace vitec::cli
