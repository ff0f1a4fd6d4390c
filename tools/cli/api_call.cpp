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

}  // namespace vitec::cli

// The table is instantiated here for the whole program: the outbox's `add` (Outbox::enqueue by
// id) uses it from a unit that does not include all.hpp, so that it is compiled once.
template const std::vector<vitec::connect::detail::json_operation>&
vitec::connect::detail::json_operations<void>();
