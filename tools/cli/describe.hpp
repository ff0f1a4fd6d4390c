// `vitec-connect operations` and `vitec-connect describe`: what the description says, with no
// request sent and no credentials needed.
#pragma once

#include "settings.hpp"

namespace vitec::cli {

/// Lists the operations (of settings.api.area, or all); returns the exit code.
int run_operations(const Settings& settings);

/// Describes the operation, model or enum settings.api.name names; returns the exit code.
int run_describe(const Settings& settings);

}  // namespace vitec::cli
