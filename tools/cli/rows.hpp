// Turning CSV rows into request models, column names being the JSON field names.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <vitec/connect/order_user_interaction_request.hpp>
#include <vitec/connect/participant_follow_up.hpp>

#include "settings.hpp"

namespace vitec::cli {

/// What one row of a bulk import becomes (the model of a connect::BulkRequest).
using RequestModel =
    std::variant<connect::ParticipantFollowUp, connect::OrderUserInteractionRequest>;

/// The model for one row, or why the row cannot become one.
struct RowModel {
  std::optional<RequestModel> model;
  std::string error;  ///< set when `model` is empty
};

/// A boolean cell: true/false, 1/0, yes/no in any case, and empty for false; nullopt otherwise.
std::optional<bool> parse_bool(std::string text);

/// Reads the rows of one bulk command's CSV file.
class RowReader {
 public:
  /// Throws std::runtime_error when the header names a column the model does not have (a typo
  /// would otherwise silently drop that field from every request). An `error` column, as written
  /// to the failed-rows file, is ignored. `what` is a command with a CSV form.
  RowReader(command what, const std::vector<std::string>& header);

  RowModel operator()(const std::vector<std::string>& fields) const;

 private:
  /// An empty cell is an absent field, so that it is left out of the body.
  std::optional<std::string> cell(const std::vector<std::string>& fields, std::size_t known) const;

  command what_;
  std::vector<int> columns_;  ///< per known field name: its column, or -1 when absent
};

/// Reads the whole file once without keeping it, so that a malformed file or an unknown column
/// is refused before anything is done with its rows; returns the number of rows. Throws
/// std::runtime_error naming the file and line.
std::size_t check_rows(command what, const std::string& path);

}  // namespace vitec::cli
