// CSV files for the bulk import: read with libcsv, written with RFC 4180 quoting so that the
// failed-rows file reads back unchanged.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace vitec::cli {

/// A CSV file with a header row; every row holds one value per header column.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;  ///< the file line each row starts on, for messages
  std::string line_end = "\r\n";   ///< the input's (from its first line end); RFC 4180's else

  /// The column's index, or -1 when the header lacks it.
  int column(const std::string& name) const;
};

/// Reads `path`; throws std::runtime_error naming the file and line when it cannot.
CsvTable read_csv(const std::string& path);

/// Quotes a field when RFC 4180 requires it (or when leading/trailing blanks would be trimmed).
std::string csv_field(const std::string& value);

/// Writes `table` with its line ends; throws std::runtime_error when it cannot.
void write_csv(const std::string& path, const CsvTable& table);

}  // namespace vitec::cli
