// api::call from the CLI. Its one definition (api_call.cpp) includes <vitec/connect/api/all.hpp>,
// which instantiates every operation: no other unit of the CLI pays for that.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include <vitec/connect/client.hpp>
#include <vitec/connect/error.hpp>
#include <vitec/connect/result.hpp>

namespace vitec::cli {

/// vitec::connect::api::try_call: path and query parameters by the page's names, the body as
/// JSON; the answer re-encoded as JSON.
connect::Result<nlohmann::json> call_operation(const connect::Client& client,
                                               const std::string& operation_id,
                                               std::map<std::string, std::string> path,
                                               std::map<std::string, std::string> query,
                                               const std::optional<nlohmann::json>& body);

/// vitec::connect::api::rows: every row of the paged list `operation_id`, each handed to
/// `on_row` as its page arrives. Returns the error that stopped it, if any.
std::optional<connect::Error> for_each_row(
    const connect::Client& client, const std::string& operation_id,
    std::map<std::string, std::string> path, std::map<std::string, std::string> query,
    const std::function<void(const nlohmann::json&)>& on_row);

}  // namespace vitec::cli
