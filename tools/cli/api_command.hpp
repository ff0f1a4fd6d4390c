// `vitec-connect api OPERATION_ID [NAME=VALUE ...] [--body FILE|-]`: any documented operation,
// through vitec::connect::api::call.
#pragma once

#include <vitec/connect/client.hpp>

#include "dry_run.hpp"
#include "settings.hpp"

namespace vitec::cli {

/// Sends the operation settings.api names and prints its answer (with a `recorder`: prints the
/// request instead); returns the exit code. Throws usage_error for a bad command line.
int run_api(const Settings& settings, connect::Client& client, RecordingTransport* recorder);

}  // namespace vitec::cli
