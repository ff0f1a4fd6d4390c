// serialize -> deserialize of model values built from the input, in both formats: the value
// comes back unchanged, or serialize refuses it with InvalidArgumentError exactly when it holds
// text the format cannot carry. A Client sends exactly serialize's text, or nothing at all.

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "fuzz_support.hpp"

namespace {

namespace vc = fuzz::vc;

// Independent of the SDK's own checks: nlohmann's strict dump refuses what is not UTF-8.
bool is_utf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

// Of UTF-8 text, what XML 1.0 cannot carry: C0 controls but tab, LF, CR; U+FFFE and U+FFFF.
bool has_non_xml_char(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
      return true;
    }
  }
  return false;
}

bool carriable(const std::optional<std::string>& text, vc::Format format) {
  if (!text) return true;
  return is_utf8(*text) && (format == vc::Format::json || !has_non_xml_char(*text));
}

std::optional<std::string> maybe_text(FuzzedDataProvider& input) {
  if (!input.ConsumeBool()) return std::nullopt;
  return input.ConsumeRandomLengthString(64);
}

bool carriable(const vc::ParticipantFollowUp& v, vc::Format format) {
  const auto contacted = v.contacted ? std::optional(v.contacted->name()) : std::nullopt;
  return carriable(v.contact_id, format) && carriable(v.viewing_id, format) &&
         carriable(contacted, format) && !(contacted && contacted->empty());
}

bool carriable(const vc::OrderUserInteractionRequest& v, vc::Format format) {
  return carriable(v.id, format) && carriable(v.url, format) && carriable(v.comment, format);
}

template <class Model, class Send>
void check(const Model& value, vc::Format format, fuzz::canned_transport& transport, Send&& send) {
  std::string text;
  try {
    text = vc::serialize(value, format);
  } catch (const vc::InvalidArgumentError& e) {
    fuzz::require(!carriable(value, format), "serialize refused a value it can carry", e.what());
    transport.set(200, "true");
    const auto result = send();
    fuzz::require(!result && result.error().kind() == vc::ErrorKind::invalid_argument &&
                      transport.sent() == 0,
                  "a client sent a value serialize refuses");
    return;
  }
  fuzz::require(carriable(value, format), "serialize accepted text the format cannot carry", text);
  fuzz::require(vc::deserialize<Model>(text, format) == value, "value changed in a round trip",
                text);
  transport.set(200, "true");
  const auto result = send();
  if (result) {
    fuzz::require(transport.sent() == 1 && transport.last_body() == text,
                  "the client sent another body than serialize's", transport.last_body());
  } else {
    // Only the order's url has a rule beyond the format's: it must be an absolute URL.
    fuzz::require(std::is_same_v<Model, vc::OrderUserInteractionRequest> &&
                      result.error().kind() == vc::ErrorKind::invalid_argument &&
                      transport.sent() == 0,
                  "a serializable value failed to send", result.error().what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto transport = std::make_shared<fuzz::canned_transport>();
  static auto json_client = fuzz::client_over(transport, vc::Format::json);
  static auto xml_client = fuzz::client_over(transport, vc::Format::xml);

  FuzzedDataProvider input(data, size);
  const auto format = input.ConsumeBool() ? vc::Format::xml : vc::Format::json;
  auto& client = format == vc::Format::xml ? xml_client : json_client;
  if (input.ConsumeBool()) {
    vc::ParticipantFollowUp v;
    v.contact_id = maybe_text(input);
    v.viewing_id = maybe_text(input);
    v.participated = input.ConsumeBool();
    if (auto name = maybe_text(input)) v.contacted = vc::Contacted(std::move(*name));
    check(v, format, *transport, [&] { return client.try_update_viewing_participant("c", v); });
  } else {
    vc::OrderUserInteractionRequest v;
    v.id = maybe_text(input);
    v.url = maybe_text(input);
    v.comment = maybe_text(input);
    check(v, format, *transport, [&] { return client.try_request_order_user_interaction("c", v); });
  }
  return 0;
}
