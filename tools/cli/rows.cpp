#include "rows.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace vitec::cli {

namespace {

/// An empty cell is an absent field, so that it is left out of the body.
std::optional<std::string> cell(const CsvTable& table, std::size_t row, const char* name) {
  const int column = table.column(name);
  if (column < 0 || table.rows[row][column].empty()) return std::nullopt;
  return table.rows[row][column];
}

std::optional<bool> parse_bool(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (text.empty() || text == "false" || text == "0" || text == "no") return false;
  if (text == "true" || text == "1" || text == "yes") return true;
  return std::nullopt;
}

}  // namespace

void check_header(const CsvTable& table, const std::vector<std::string>& known) {
  for (const auto& name : table.header) {
    if (name == "error" || std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string expected;
    for (const auto& k : known) expected += (expected.empty() ? "" : ",") + k;
    throw std::runtime_error("unknown CSV column \"" + name + "\" (expected " + expected + ")");
  }
}

std::vector<RowModel<connect::ParticipantFollowUp>> follow_ups_from(const CsvTable& table) {
  check_header(table, {"contactId", "viewingId", "participated", "contacted"});
  std::vector<RowModel<connect::ParticipantFollowUp>> models;
  models.reserve(table.rows.size());
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    connect::ParticipantFollowUp follow_up;
    follow_up.contact_id = cell(table, row, "contactId");
    follow_up.viewing_id = cell(table, row, "viewingId");
    const auto participated = parse_bool(cell(table, row, "participated").value_or(""));
    if (!participated) {
      models.emplace_back(std::string("participated must be true or false"));
      continue;
    }
    follow_up.participated = *participated;
    if (auto contacted = cell(table, row, "contacted"))
      follow_up.contacted = connect::Contacted(std::move(*contacted));
    models.emplace_back(std::move(follow_up));
  }
  return models;
}

std::vector<RowModel<connect::OrderUserInteractionRequest>> order_requests_from(
    const CsvTable& table) {
  check_header(table, {"id", "url", "comment"});
  std::vector<RowModel<connect::OrderUserInteractionRequest>> models;
  models.reserve(table.rows.size());
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    connect::OrderUserInteractionRequest request;
    request.id = cell(table, row, "id");
    request.url = cell(table, row, "url");
    request.comment = cell(table, row, "comment");
    models.emplace_back(std::move(request));
  }
  return models;
}

}  // namespace vitec::cli
