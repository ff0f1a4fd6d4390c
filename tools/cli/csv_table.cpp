#include "csv_table.hpp"

#include <csv.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace vitec::cli {

namespace {

struct parse_state {
  CsvTable table;
  std::vector<std::string> row;
  std::size_t line = 1;  // the line the parser is on
  // The line the current row started on: the first line fed with content after the previous
  // row ended (libcsv skips blank lines between rows without a callback).
  std::size_t row_line = 1;
  bool in_row = false;
  std::string error;
};

void on_field(void* data, std::size_t size, void* context) {
  auto& state = *static_cast<parse_state*>(context);
  state.row.emplace_back(static_cast<const char*>(data), size);
}

void on_row(int /*terminator*/, void* context) {
  auto& state = *static_cast<parse_state*>(context);
  std::vector<std::string> row = std::move(state.row);
  state.row.clear();
  // Two rows on one fed line (bare CR line ends) share that line.
  const std::size_t line = state.in_row ? state.row_line : state.line;
  state.in_row = false;
  if (!state.error.empty()) return;
  if (state.table.header.empty()) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      // A second column of the same name would be ignored, losing what the user put there.
      if (std::find(row.begin(), row.begin() + c, row[c]) != row.begin() + c) {
        state.error = "the header names column \"" + row[c] + "\" twice";
        return;
      }
    }
    state.table.header = std::move(row);
    return;
  }
  // No blank-line case here: libcsv skips blank lines (LF, CRLF or CR) itself, so a row of one
  // empty field is a real `""` row of a one-column file.
  if (row.size() != state.table.header.size()) {
    state.error = "line " + std::to_string(line) + " has " + std::to_string(row.size()) +
                  " fields, the header has " + std::to_string(state.table.header.size());
    return;
  }
  state.table.rows.push_back(std::move(row));
  state.table.lines.push_back(line);
}

/// Finds the first line end outside quotes, so that the failed-rows file can keep the input's.
class line_end_finder {
 public:
  void feed(const char* data, std::size_t size) {
    for (std::size_t i = 0; i < size && !found_; ++i) {
      const char c = data[i];
      if (after_cr_) {
        found_ = c == '\n' ? "\r\n" : "\r";
      } else if (c == '"') {
        quoted_ = !quoted_;  // an escaped quote toggles twice
      } else if (!quoted_ && c == '\n') {
        found_ = "\n";
      } else if (!quoted_ && c == '\r') {
        after_cr_ = true;
      }
    }
  }

  /// The line end found; RFC 4180's CRLF for a file without any.
  const char* result() const { return found_ ? found_ : after_cr_ ? "\r" : "\r\n"; }

 private:
  const char* found_ = nullptr;
  bool quoted_ = false;
  bool after_cr_ = false;
};

}  // namespace

int CsvTable::column(const std::string& name) const {
  const auto found = std::find(header.begin(), header.end(), name);
  return found == header.end() ? -1 : static_cast<int>(found - header.begin());
}

CsvTable read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open");
  csv_parser parser{};
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    throw std::runtime_error("cannot start the CSV parser");
  const std::unique_ptr<csv_parser, void (*)(csv_parser*)> owner(&parser, csv_free);
  // libcsv trims spaces and tabs around unquoted fields by default; RFC 4180 keeps them.
  csv_set_space_func(&parser, [](unsigned char) { return 0; });

  parse_state state;
  line_end_finder line_end;
  char buffer[64 * 1024];
  bool first = true;
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    const auto size = static_cast<std::size_t>(in.gcount());
    std::size_t start = 0;
    // Spreadsheets often save a UTF-8 byte order mark first. Dropped before libcsv sees it, so
    // that a quoted first column name stays valid CSV under CSV_STRICT.
    if (first && size >= 3 && std::memcmp(buffer, "\xEF\xBB\xBF", 3) == 0) start = 3;
    first = false;
    line_end.feed(buffer + start, size - start);
    // Feeding line by line keeps the line counter right for messages about a row.
    while (start < size) {
      const char* newline = std::find(buffer + start, buffer + size, '\n');
      const std::size_t end = newline == buffer + size ? size : newline - buffer + 1;
      const bool blank =
          std::all_of(buffer + start, buffer + end, [](char c) { return c == '\r' || c == '\n'; });
      if (!state.in_row && !blank) {
        state.in_row = true;
        state.row_line = state.line;
      }
      if (csv_parse(&parser, buffer + start, end - start, on_field, on_row, &state) !=
          end - start) {
        throw std::runtime_error(path + ": line " + std::to_string(state.line) + ": " +
                                 csv_strerror(csv_error(&parser)));
      }
      if (newline != buffer + size) ++state.line;
      start = end;
    }
  }
  if (csv_fini(&parser, on_field, on_row, &state) != 0) {
    throw std::runtime_error(path + ": line " + std::to_string(state.line) + ": " +
                             csv_strerror(csv_error(&parser)));
  }
  if (!state.error.empty()) throw std::runtime_error(path + ": " + state.error);
  if (state.table.header.empty()) throw std::runtime_error(path + ": no header row");
  state.table.line_end = line_end.result();
  return std::move(state.table);
}

std::string csv_field(const std::string& value) {
  const bool blank_edge = !value.empty() && (value.front() == ' ' || value.front() == '\t' ||
                                             value.back() == ' ' || value.back() == '\t');
  if (value.find_first_of(",\"\r\n") == std::string::npos && !blank_edge) return value;
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

void write_csv(const std::string& path, const CsvTable& table) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(path + ": cannot write");
  const auto write_row = [&out, &table](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << csv_field(row[i]);
    out << table.line_end;
  };
  write_row(table.header);
  for (const auto& row : table.rows) write_row(row);
  out.flush();
  if (!out) throw std::runtime_error(path + ": cannot write");
}

}  // namespace vitec::cli
