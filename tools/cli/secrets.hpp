// The secrets the command line takes: never as an argument when it can be helped, so that they
// do not show in a process listing.
#pragma once

#include <string>

#include "settings.hpp"

namespace vitec::cli {

/// From --password-file's first line, else VITEC_CONNECT_PASSWORD; throws usage_error.
std::string read_password(const Settings& settings);

/// From --token, else --token-file's first line ("-": standard input); throws usage_error.
std::string read_token(const Settings& settings);

}  // namespace vitec::cli
