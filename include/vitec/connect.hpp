#pragma once

/// \file
/// vitec-connect-cpp, a header-only C++17 client SDK for Vitec Connect: this header brings in all
/// of it but vitec/connect/testing/fake_transport.hpp. Needs libcurl, nlohmann/json and pugixml.
#include "vitec/connect/client.hpp"
#include "vitec/connect/curl_transport.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/logging.hpp"
#include "vitec/connect/models.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/read_cache.hpp"
#include "vitec/connect/result.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"
