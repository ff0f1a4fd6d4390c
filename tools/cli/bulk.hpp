// --csv: one request per row, streamed so that memory does not grow with the file.
#pragma once

#include <vitec/connect/client.hpp>

#include "settings.hpp"

namespace vitec::cli {

/// Sends (with `dry_run`: prints through the client's recording transport) one request per row
/// of settings.csv; returns the process exit code.
int run_bulk(const Settings& settings, connect::Client& client, bool dry_run);

}  // namespace vitec::cli
