#include "rows.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "csv_file.hpp"

namespace vitec::cli {

namespace {

// Field names in the order RowReader::cell indexes them.
const std::vector<std::string> follow_up_columns = {"contactId", "viewingId", "participated",
                                                    "contacted"};
const std::vector<std::string> order_request_columns = {"id", "url", "comment"};

}  // namespace

std::optional<bool> parse_bool(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (text.empty() || text == "false" || text == "0" || text == "no") return false;
  if (text == "true" || text == "1" || text == "yes") return true;
  return std::nullopt;
}

RowReader::RowReader(command what, const std::vector<std::string>& header) : what_(what) {
  const auto& known =
      what == command::viewing_participant ? follow_up_columns : order_request_columns;
  for (const auto& name : header) {
    if (name == "error" || std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string expected;
    for (const auto& k : known) expected += (expected.empty() ? "" : ",") + k;
    throw std::runtime_error("unknown CSV column \"" + name + "\" (expected " + expected + ")");
  }
  for (const auto& name : known) {
    const auto found = std::find(header.begin(), header.end(), name);
    columns_.push_back(found == header.end() ? -1 : static_cast<int>(found - header.begin()));
  }
}

std::optional<std::string> RowReader::cell(const std::vector<std::string>& fields,
                                           std::size_t known) const {
  const int column = columns_[known];
  if (column < 0 || fields[column].empty()) return std::nullopt;
  return fields[column];
}

RowModel RowReader::operator()(const std::vector<std::string>& fields) const {
  if (what_ != command::viewing_participant) {
    connect::OrderUserInteractionRequest request;
    request.id = cell(fields, 0);
    request.url = cell(fields, 1);
    request.comment = cell(fields, 2);
    return {std::move(request), {}};
  }
  connect::ParticipantFollowUp follow_up;
  follow_up.contact_id = cell(fields, 0);
  follow_up.viewing_id = cell(fields, 1);
  const auto participated = parse_bool(cell(fields, 2).value_or(""));
  if (!participated) return {std::nullopt, "participated must be true or false"};
  follow_up.participated = *participated;
  if (auto contacted = cell(fields, 3)) follow_up.contacted = connect::Contacted(*contacted);
  return {std::move(follow_up), {}};
}

std::size_t check_rows(command what, const std::string& path) {
  CsvReader reader(path);
  const RowReader header_check(what, reader.header());
  std::size_t rows = 0;
  while (reader.next()) ++rows;
  return rows;
}

}  // namespace vitec::cli
