// Running what the command line asked for.
#pragma once

#include "settings.hpp"

namespace vitec::cli {

/// Sends (or with --dry-run prints) the request(s); returns the process exit code.
int run(const Settings& settings);

}  // namespace vitec::cli
