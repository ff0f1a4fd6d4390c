// Printing rows of cells and JSON documents: shared by the reading subcommands and `api`.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vitec::cli {

enum class style { table, tab_separated, json };

/// A table on a terminal, tab-separated lines when piped, or JSON when asked for.
style output_style(bool json);

/// Whether standard output is a terminal.
bool stdout_is_terminal();

/// A value as one cell: strings unquoted, one line (tabs and line breaks become spaces), null
/// shown as `absent`.
std::string cell(const nlohmann::ordered_json& value, const char* absent);

/// Rows of cells: columns padded to their widest cell with `table`, tab-separated otherwise.
void print_rows(const std::vector<std::vector<std::string>>& rows, style how);

/// A document pretty-printed, with text from the server printed as it came even when it is not
/// valid UTF-8.
std::string dump(const nlohmann::ordered_json& document);

}  // namespace vitec::cli
