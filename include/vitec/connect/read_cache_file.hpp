#pragma once

// Include this header in one unit (or more) of a program whose ReadCache keeps its entries in an
// SQLite file (ReadCacheOptions::path), and link vitec::connect_outbox, which brings SQLite 3 and
// libcrypto. A program whose cache is in memory needs neither.

#include <memory>
#include <string>

#include "vitec/connect/detail/read_cache_sqlite.hpp"
#include "vitec/connect/read_cache.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

inline std::unique_ptr<read_cache_store> open_sqlite_cache(const std::string& path) {
  return std::make_unique<sqlite_cache_store>(path);
}

/// Hands ReadCache the SQLite store when the program starts.
inline const bool read_cache_file_registered =
    (read_cache_file_slot().store(&open_sqlite_cache), true);

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
