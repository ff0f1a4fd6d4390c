// Turning CSV rows into request models, column names being the JSON field names.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include <vitec/connect/order_user_interaction_request.hpp>
#include <vitec/connect/participant_follow_up.hpp>

#include "csv_table.hpp"

namespace vitec::cli {

/// The model for one row, or why the row cannot become one.
template <class Model>
using RowModel = std::variant<Model, std::string>;

/// Throws std::runtime_error when the header names a column the model does not have (a typo
/// would otherwise silently drop that field from every request). An `error` column, as written
/// to the failed-rows file, is ignored.
void check_header(const CsvTable& table, const std::vector<std::string>& known);

std::vector<RowModel<connect::ParticipantFollowUp>> follow_ups_from(const CsvTable& table);
std::vector<RowModel<connect::OrderUserInteractionRequest>> order_requests_from(
    const CsvTable& table);

}  // namespace vitec::cli
