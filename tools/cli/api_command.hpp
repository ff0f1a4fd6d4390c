// `vitec-connect api OPERATION_ID [NAME=VALUE ...] [--body FILE|-]`: any documented operation,
// through vitec::connect::api::call.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <vitec/connect/client.hpp>

#include "dry_run.hpp"
#include "settings.hpp"

namespace vitec::cli {

/// An operation's arguments as `api` reads them from its command line.
struct OperationArguments {
  std::string operation_id;  ///< as the description spells it
  std::map<std::string, std::string> path, query;
  std::optional<nlohmann::json> body;
};

/// `operation_id` (matched as `api` matches it), NAME=VALUE `words` into path and query
/// parameters, and the JSON of `body_file` ("" = none, "-" = standard input). Throws
/// connect::InvalidArgumentError for an operation the description does not have, usage_error
/// for a word that is not NAME=VALUE or a body that cannot be read.
OperationArguments operation_arguments(const std::string& operation_id,
                                       const std::vector<std::string>& words,
                                       const std::string& body_file);

/// Sends the operation settings.api names and prints its answer (with a `recorder`: prints the
/// request instead); returns the exit code. Throws usage_error for a bad command line.
int run_api(const Settings& settings, connect::Client& client, RecordingTransport* recorder);

}  // namespace vitec::cli
