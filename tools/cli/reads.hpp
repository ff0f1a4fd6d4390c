// The reading subcommands: get-viewing-participant, order-ticket and list-orders.
#pragma once

#include <vitec/connect/client.hpp>

#include "dry_run.hpp"
#include "settings.hpp"

namespace vitec::cli {

/// Calls the endpoint and prints its answer as a table, tab-separated lines or JSON (with a
/// `recorder`: prints the request instead); returns the process exit code.
int run_read(const Settings& settings, connect::Client& client, RecordingTransport* recorder);

}  // namespace vitec::cli
