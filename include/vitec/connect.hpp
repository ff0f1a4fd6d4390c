#pragma once

// vitec-connect-cpp: a header-only C++17 client SDK for Vitec Connect.
#include "vitec/connect/client.hpp"
#include "vitec/connect/curl_transport.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/logging.hpp"
#include "vitec/connect/models.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/result.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"
