// `vitec-connect api OPERATION_ID --csv FILE`: one call of the operation per row.
#pragma once

#include <vitec/connect/client.hpp>

#include "api_rows.hpp"
#include "catalogue.hpp"
#include "dry_run.hpp"
#include "settings.hpp"

namespace vitec::cli {

/// Calls `op` once per row of settings.csv, `fixed` (the command line's NAME=VALUE) giving
/// every row's other parameters; rows are read as calls end, --max-in-flight calls at once
/// (one with a `recorder`, so that the printed requests keep the file's order). Failed rows go
/// to settings.failed as the 0.2 subcommands' --csv writes them; returns the exit code.
int run_api_csv(const Settings& settings, const ordered_json& op, ApiRow fixed,
                connect::Client& client, RecordingTransport* recorder);

}  // namespace vitec::cli
