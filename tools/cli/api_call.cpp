#include "api_call.hpp"

#include <utility>

#include <vitec/connect/api/all.hpp>

namespace vitec::cli {

connect::Result<nlohmann::json> call_operation(const connect::Client& client,
                                               const std::string& operation_id,
                                               std::map<std::string, std::string> path,
                                               std::map<std::string, std::string> query,
                                               const std::optional<nlohmann::json>& body) {
  connect::api::Arguments arguments;
  arguments.path = std::move(path);
  arguments.query = std::move(query);
  return connect::api::try_call(client, operation_id, arguments, body);
}

std::optional<connect::Error> for_each_row(
    const connect::Client& client, const std::string& operation_id,
    std::map<std::string, std::string> path, std::map<std::string, std::string> query,
    const std::function<void(const nlohmann::json&)>& on_row) {
  connect::api::Arguments arguments;
  arguments.path = std::move(path);
  arguments.query = std::move(query);
  try {
    for (const auto& row : connect::api::rows(client, operation_id, std::move(arguments))) {
      on_row(row);
    }
  } catch (const connect::Error& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace vitec::cli

// The table is instantiated here for the whole program: the outbox's `add` (Outbox::enqueue by
// id) uses it from a unit that does not include all.hpp, so that it is compiled once.
template const std::vector<vitec::connect::detail::json_operation>&
vitec::connect::detail::json_operations<void>();
