#pragma once

/// \file
/// The SDK's version, for the preprocessor and at run time.

#include <string>

#define VITEC_CONNECT_VERSION_MAJOR 0         ///< major version, a number for `#if` tests
#define VITEC_CONNECT_VERSION_MINOR 1         ///< minor version, a number for `#if` tests
#define VITEC_CONNECT_VERSION_PATCH 0         ///< patch version, a number for `#if` tests
#define VITEC_CONNECT_VERSION_STRING "0.1.0"  ///< the three as "MAJOR.MINOR.PATCH"

namespace vitec::connect {

/// The SDK's version, "MAJOR.MINOR.PATCH"; also the start of every User-Agent.
inline std::string version() { return VITEC_CONNECT_VERSION_STRING; }

}  // namespace vitec::connect
