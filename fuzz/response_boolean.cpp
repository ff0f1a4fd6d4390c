// The response boolean, from bytes a server or proxy sent with a 2xx status: through
// deserialize<bool> in both formats, and through a Client, which must answer the value or a
// ProtocolError and nothing else.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_support.hpp"

namespace {

std::optional<bool> read(std::string_view body, fuzz::vc::Format format) {
  std::optional<bool> value;
  fuzz::parses([&] { value = fuzz::vc::deserialize<bool>(body, format); });
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace vc = fuzz::vc;
  static const auto transport = std::make_shared<fuzz::canned_transport>();
  static auto client = fuzz::client_over(transport, vc::Format::json);

  const std::string body(reinterpret_cast<const char*>(data), size);
  const auto as_json = read(body, vc::Format::json);
  const auto as_xml = read(body, vc::Format::xml);

  // Whichever format is asked for, an answer read in both ways must read the same, and a JSON
  // true or false (as an independent parser sees it) must be read as exactly that.
  fuzz::require(!(as_json && as_xml) || as_json == as_xml, "the formats disagree", body);
  const auto read_any = as_json ? as_json : as_xml;
  const auto reference = nlohmann::json::parse(body, nullptr, false);
  if (reference.is_boolean()) {
    fuzz::require(read_any == reference.get<bool>(), "JSON boolean misread", body);
  }

  transport->set(200, body);
  const auto result = client.try_update_viewing_participant("customer", {});
  fuzz::require(transport->sent() == 1, "a 200 answer was not taken as final");
  if (result) {
    fuzz::require(read_any == result.value(), "client answered a value no deserializer reads",
                  body);
  } else {
    fuzz::require(result.error().kind() == vc::ErrorKind::protocol,
                  "a 200 answer failed as something other than ProtocolError",
                  result.error().what());
    fuzz::require(!read_any, "client refused a body a deserializer accepts", body);
    fuzz::require(result.error().status() == 200, "ProtocolError lost the status");
    fuzz::require(
        !fuzz::shows_secret(result.error().what()) && !fuzz::shows_secret(result.error().body()),
        "a secret leaked into the error", body);
    if (!fuzz::shows_secret(body)) {
      fuzz::require(result.error().body() == body, "ProtocolError altered the body", body);
    }
  }
  return 0;
}
