// CSV files for the bulk import: read row by row with libcsv, so that memory does not grow with
// the file, and written with RFC 4180 quoting so that the failed-rows file reads back unchanged.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vitec::cli {

struct CsvRow {
  std::vector<std::string> fields;  ///< one per header column
  std::size_t line = 0;             ///< the file line the row starts on, for messages
};

/// A CSV file with a header row, read one row at a time.
class CsvReader {
 public:
  /// Opens `path` and reads its header row; throws std::runtime_error naming the file and line
  /// when it cannot (also for a header naming a column twice).
  explicit CsvReader(const std::string& path);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::vector<std::string>& header() const noexcept;

  /// The next row, or std::nullopt at the end of the file; throws std::runtime_error naming the
  /// file and line for malformed CSV or a row whose field count differs from the header's.
  std::optional<CsvRow> next();

  /// The input's line end ("\n", "\r\n" or "\r", from its first one; "\r\n" for a file without
  /// any), so that what is written from it looks the same.
  const char* line_end() const noexcept;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

/// Quotes a field when RFC 4180 requires it (or when leading/trailing blanks would be trimmed).
std::string csv_field(const std::string& value);

/// A CSV file written row by row, mode 0600 (it holds customer data); an existing one is
/// truncated and made private.
class CsvWriter {
 public:
  /// Throws std::runtime_error naming the file when it cannot be created.
  CsvWriter(const std::string& path, std::string line_end);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  /// Throws std::runtime_error naming the file when it cannot write.
  void write(const std::vector<std::string>& row);
  /// Flushes and closes; throws std::runtime_error when what was written did not all land.
  void close();

 private:
  std::string path_;
  std::string line_end_;
  std::FILE* file_ = nullptr;
};

}  // namespace vitec::cli
