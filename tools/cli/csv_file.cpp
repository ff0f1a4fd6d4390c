#include "csv_file.hpp"

#include <csv.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <stdexcept>

namespace vitec::cli {

namespace {

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

  const char* result() const { return found_ ? found_ : after_cr_ ? "\r" : "\r\n"; }

 private:
  const char* found_ = nullptr;
  bool quoted_ = false;
  bool after_cr_ = false;
};

}  // namespace

struct CsvReader::state {
  std::string path;
  std::ifstream in;
  csv_parser parser{};
  bool parser_ready = false;
  bool finished = false;  // csv_fini was called
  char buffer[64 * 1024];
  std::size_t start = 0;  // what of `buffer` is not fed yet: [start, size)
  std::size_t size = 0;
  bool first_chunk = true;
  line_end_finder line_end;

  std::size_t line = 1;  // the line the parser is on
  // The line the current row started on: the first line fed with content after the previous
  // row ended (libcsv skips blank lines between rows without a callback).
  std::size_t row_line = 1;
  bool in_row = false;
  std::vector<std::string> fields;
  std::vector<std::string> header;
  bool have_header = false;
  std::deque<CsvRow> ready;  // one fed line may end several rows (bare CR line ends)
  std::string error;

  ~state() {
    if (parser_ready) csv_free(&parser);
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(path + ": " + what);
  }

  static void on_field(void* data, std::size_t size, void* context) {
    static_cast<state*>(context)->fields.emplace_back(static_cast<const char*>(data), size);
  }

  static void on_row(int /*terminator*/, void* context) { static_cast<state*>(context)->end_row(); }

  void end_row() {
    std::vector<std::string> row = std::move(fields);
    fields.clear();
    // Two rows on one fed line (bare CR line ends) share that line.
    const std::size_t row_start = in_row ? row_line : line;
    in_row = false;
    if (!error.empty()) return;
    if (!have_header) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        // A second column of the same name would be ignored, losing what the user put there.
        if (std::find(row.begin(), row.begin() + c, row[c]) != row.begin() + c) {
          error = "the header names column \"" + row[c] + "\" twice";
          return;
        }
      }
      header = std::move(row);
      have_header = true;
      return;
    }
    // No blank-line case here: libcsv skips blank lines (LF, CRLF or CR) itself, so a row of one
    // empty field is a real `""` row of a one-column file.
    if (row.size() != header.size()) {
      error = "line " + std::to_string(row_start) + " has " + std::to_string(row.size()) +
              " fields, the header has " + std::to_string(header.size());
      return;
    }
    ready.push_back({std::move(row), row_start});
  }

  /// Feeds the parser one more line (or reads the next chunk); false at the end of the file.
  bool feed() {
    if (finished) return false;
    if (start == size) {
      in.read(buffer, sizeof buffer);
      size = static_cast<std::size_t>(in.gcount());
      start = 0;
      if (size == 0) {
        if (in.bad()) fail("cannot read");
        finished = true;
        if (csv_fini(&parser, on_field, on_row, this) != 0)
          fail("line " + std::to_string(line) + ": " + csv_strerror(csv_error(&parser)));
        return true;
      }
      // Spreadsheets often save a UTF-8 byte order mark first. Dropped before libcsv sees it,
      // so that a quoted first column name stays valid CSV under CSV_STRICT.
      if (first_chunk && size >= 3 && std::memcmp(buffer, "\xEF\xBB\xBF", 3) == 0) start = 3;
      first_chunk = false;
      line_end.feed(buffer + start, size - start);
    }
    // Feeding line by line keeps the line counter right for messages about a row.
    const char* newline = std::find(buffer + start, buffer + size, '\n');
    const std::size_t end = newline == buffer + size ? size : newline - buffer + 1;
    const bool blank =
        std::all_of(buffer + start, buffer + end, [](char c) { return c == '\r' || c == '\n'; });
    if (!in_row && !blank) {
      in_row = true;
      row_line = line;
    }
    if (csv_parse(&parser, buffer + start, end - start, on_field, on_row, this) != end - start)
      fail("line " + std::to_string(line) + ": " + csv_strerror(csv_error(&parser)));
    if (newline != buffer + size) ++line;
    start = end;
    return true;
  }
};

CsvReader::CsvReader(const std::string& path) : state_(std::make_unique<state>()) {
  state& s = *state_;
  s.path = path;
  s.in.open(path, std::ios::binary);
  if (!s.in) s.fail("cannot open");
  if (csv_init(&s.parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    throw std::runtime_error("cannot start the CSV parser");
  s.parser_ready = true;
  // libcsv trims spaces and tabs around unquoted fields by default; RFC 4180 keeps them.
  csv_set_space_func(&s.parser, [](unsigned char) { return 0; });
  while (!s.have_header && s.error.empty() && s.feed()) {
  }
  if (!s.error.empty()) s.fail(s.error);
  if (!s.have_header) s.fail("no header row");
}

CsvReader::~CsvReader() = default;

const std::vector<std::string>& CsvReader::header() const noexcept { return state_->header; }

std::optional<CsvRow> CsvReader::next() {
  state& s = *state_;
  while (s.ready.empty() && s.error.empty() && s.feed()) {
  }
  if (!s.error.empty()) s.fail(s.error);
  if (s.ready.empty()) return std::nullopt;
  CsvRow row = std::move(s.ready.front());
  s.ready.pop_front();
  return row;
}

const char* CsvReader::line_end() const noexcept { return state_->line_end.result(); }

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

CsvWriter::CsvWriter(const std::string& path, std::string line_end)
    : path_(path), line_end_(std::move(line_end)) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
  // A file that already existed keeps its mode otherwise: it may have been readable to others.
  if (::fchmod(fd, 0600) != 0) {
    ::close(fd);
    throw std::runtime_error(path + ": cannot make it private: " + std::strerror(errno));
  }
  file_ = ::fdopen(fd, "w");
  if (!file_) {
    ::close(fd);
    throw std::runtime_error(path + ": cannot write");
  }
}

CsvWriter::~CsvWriter() {
  if (file_) std::fclose(file_);
}

void CsvWriter::write(const std::vector<std::string>& row) {
  std::string text;
  for (std::size_t i = 0; i < row.size(); ++i) text += (i ? "," : "") + csv_field(row[i]);
  text += line_end_;
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
    throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
}

void CsvWriter::close() {
  std::FILE* file = file_;
  file_ = nullptr;
  if (file && std::fclose(file) != 0)
    throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
}

}  // namespace vitec::cli
