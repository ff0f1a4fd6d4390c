#include "table.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace vitec::cli {

namespace {

/// Characters on screen, counting a UTF-8 sequence as one.
std::size_t width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }

style output_style(bool json) {
  if (json) return style::json;
  return stdout_is_terminal() ? style::table : style::tab_separated;
}

std::string cell(const nlohmann::ordered_json& value, const char* absent) {
  if (value.is_null()) return absent;
  std::string text =
      value.is_string()
          ? value.get<std::string>()
          : value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\t' || c == '\r' || c == '\n'; }, ' ');
  return text;
}

void print_rows(const std::vector<std::vector<std::string>>& rows, style how) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const bool last = c + 1 == row.size();
      line += row[c];
      if (how == style::tab_separated) {
        line += last ? "" : "\t";
      } else if (!last) {
        line += std::string(widths[c] - width(row[c]) + 2, ' ');
      }
    }
    // An empty last cell (a member without a description) leaves no padding at the line's end.
    if (how == style::table) line.erase(line.find_last_not_of(' ') + 1);
    std::cout << line << '\n';
  }
}

std::string dump(const nlohmann::ordered_json& document) {
  return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace vitec::cli
