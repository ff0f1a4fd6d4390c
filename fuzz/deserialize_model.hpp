#pragma once

// deserialize<Model> of any bytes, in both formats: a value or a ProtocolError. A value read
// must be one the SDK can send back unchanged: serialize it again and read it back, in both
// formats (the other format may refuse it with InvalidArgumentError, never alter it); members
// only answers carry are not sent back.
//
// deserialize<Answer> of any bytes (an answer model or a list of them): a value or a
// ProtocolError; a value read, written again as a server would answer it, reads back equal.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"

namespace fuzz {

/// What serialize() carries of `value`: members only answers carry are dropped.
template <class Model>
Model sent_part(Model value) {
  vc::detail::for_each_field<Model>([&](const auto& field) {
    if (!field.sent) value.*field.member = {};
  });
  return value;
}

template <class Model>
void send_back(const Model& value, vc::Format format, bool must_accept, std::string_view origin) {
  std::string text;
  try {
    text = vc::serialize(value, format);
  } catch (const vc::InvalidArgumentError& e) {
    if (must_accept) finding("deserialize returned a value serialize refuses", e.what());
    return;
  }
  require(vc::deserialize<Model>(text, format) == sent_part(value), "value changed on its way back",
          origin);
}

template <class Model>
void deserialize_both_formats(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  for (const auto format : {vc::Format::json, vc::Format::xml}) {
    std::optional<Model> value;
    if (!parses([&] { value = vc::deserialize<Model>(body, format); })) continue;
    const auto other = format == vc::Format::json ? vc::Format::xml : vc::Format::json;
    send_back(*value, format, true, body);
    send_back(*value, other, false, body);
  }
}

template <class Answer>
void write_back(const Answer& value, vc::Format format, bool must_accept, std::string_view origin) {
  std::string text;
  try {
    text = vc::detail::answer_body(value, format);
  } catch (const vc::InvalidArgumentError& e) {
    if (must_accept) finding("an answer read could not be written back", e.what());
    return;
  }
  require(vc::deserialize<Answer>(text, format) == value, "answer changed on its way back", origin);
}

template <class Answer>
void read_answer_both_formats(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  for (const auto format : {vc::Format::json, vc::Format::xml}) {
    std::optional<Answer> value;
    if (!parses([&] { value = vc::deserialize<Answer>(body, format); })) continue;
    const auto other = format == vc::Format::json ? vc::Format::xml : vc::Format::json;
    write_back(*value, format, true, body);
    write_back(*value, other, false, body);
  }
}

}  // namespace fuzz
