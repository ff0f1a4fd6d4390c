#include "bulk.hpp"

#include <cstddef>
#include <iostream>
#include <optional>
#include <unordered_map>

#include "bulk_report.hpp"
#include "csv_file.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "rows.hpp"

namespace vitec::cli {

namespace {

namespace vc = vitec::connect;

std::optional<row_failure> failure_of(const vc::Result<bool>& result) {
  if (!result) return row_failure{describe(result.error()), exit_code_for(result.error().kind())};
  if (!result.value()) return row_failure{"the server answered false", exit_answered_false};
  return std::nullopt;
}

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
