#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// Decodes the code point at `text[pos]`, advancing `pos`; nullopt for anything that is not
/// well-formed UTF-8 (overlong forms, surrogates, > U+10FFFF, truncated sequences).
template <class = void>
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& pos) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  std::size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return std::nullopt;
  }
  if (text.size() - pos < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char continuation = byte(pos + i);
    if ((continuation & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (continuation & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return std::nullopt;
  }
  pos += length;
  return value;
}

/// The characters XML 1.0 can carry at all (its `Char` production).
constexpr bool is_xml_char(char32_t c) noexcept {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

enum class text_problem { none, invalid_utf8, not_xml_char };

struct text_check {
  text_problem problem = text_problem::none;
  std::size_t offset = 0;  ///< byte offset of the first offending character
};

/// Checks that `text` is UTF-8 and, when `for_xml`, that XML 1.0 can carry every character.
template <class = void>
text_check check_text(std::string_view text, bool for_xml) noexcept {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const auto c = next_code_point(text, pos);
    if (!c) return {text_problem::invalid_utf8, start};
    if (for_xml && !is_xml_char(*c)) return {text_problem::not_xml_char, start};
  }
  return {};
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
