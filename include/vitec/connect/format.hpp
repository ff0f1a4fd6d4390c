#pragma once

namespace vitec::connect {

/// Wire format of request bodies and of the Accept header.
enum class Format { json, xml };

}  // namespace vitec::connect
