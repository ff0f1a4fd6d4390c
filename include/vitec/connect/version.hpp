#pragma once

#include <string>

#define VITEC_CONNECT_VERSION_MAJOR 0
#define VITEC_CONNECT_VERSION_MINOR 1
#define VITEC_CONNECT_VERSION_PATCH 0
#define VITEC_CONNECT_VERSION_STRING "0.1.0"

namespace vitec::connect {

/// The SDK's version, "MAJOR.MINOR.PATCH"; also the start of every User-Agent.
inline std::string version() { return VITEC_CONNECT_VERSION_STRING; }

}  // namespace vitec::connect
