#pragma once

#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

/// Wire format of request bodies and of the Accept header.
enum class Format { json, xml };

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
