#pragma once

/// \file
/// The SDK's version, for the preprocessor and at run time. The three numbers below are the
/// only place it is written: CMakeLists.txt reads them for `project(VERSION)`, the package
/// files and the pkg-config file.

#include <string>

#define VITEC_CONNECT_VERSION_MAJOR 0  ///< major version, a number for `#if` tests
#define VITEC_CONNECT_VERSION_MINOR 3  ///< minor version, a number for `#if` tests
#define VITEC_CONNECT_VERSION_PATCH 0  ///< patch version, a number for `#if` tests

/// \cond
#define VITEC_CONNECT_DETAIL_TEXT(major, minor, patch) #major "." #minor "." #patch
#define VITEC_CONNECT_DETAIL_VERSION(major, minor, patch) \
  VITEC_CONNECT_DETAIL_TEXT(major, minor, patch)
/// \endcond

/// The three as "MAJOR.MINOR.PATCH", a string literal.
#define VITEC_CONNECT_VERSION_STRING                                                     \
  VITEC_CONNECT_DETAIL_VERSION(VITEC_CONNECT_VERSION_MAJOR, VITEC_CONNECT_VERSION_MINOR, \
                               VITEC_CONNECT_VERSION_PATCH)

/// \cond
#define VITEC_CONNECT_DETAIL_ABI_NAME(major, minor) v##major##_##minor
#define VITEC_CONNECT_DETAIL_ABI(major, minor) VITEC_CONNECT_DETAIL_ABI_NAME(major, minor)
/// \endcond

/// The inline namespace that holds every name of the SDK, from the version (v0_3): code built
/// against two versions of the SDK then names different symbols, and a program that mixes them
/// fails to link instead of silently breaking.
#define VITEC_CONNECT_ABI_NAMESPACE \
  VITEC_CONNECT_DETAIL_ABI(VITEC_CONNECT_VERSION_MAJOR, VITEC_CONNECT_VERSION_MINOR)

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// The SDK's version, "MAJOR.MINOR.PATCH"; also the start of every User-Agent.
inline std::string version() { return VITEC_CONNECT_VERSION_STRING; }

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
