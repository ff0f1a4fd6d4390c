// DateTime::parse of any text: a value or InvalidArgumentError. A value gives back exactly the
// text it was read from, and its instant (when it has one) survives from_sys_time unchanged.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace vc = fuzz::vc;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<vc::DateTime> value;
  try {
    value = vc::DateTime::parse(text);
  } catch (const vc::InvalidArgumentError&) {
    return 0;
  }
  fuzz::require(value->to_string() == text, "to_string() is not the text parsed", text);
  if (const auto instant = value->to_sys_time()) {
    const auto utc = vc::DateTime::from_sys_time(*instant);
    fuzz::require(utc.to_sys_time() == instant, "from_sys_time moved the instant", text);
    fuzz::require(vc::DateTime::parse(utc.to_string()) == utc, "from_sys_time's text misreads",
                  utc.to_string());
  }
  return 0;
}
