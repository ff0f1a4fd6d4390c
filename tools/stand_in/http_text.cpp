#include "http_text.hpp"

#include <algorithm>
#include <cctype>

namespace vitec::stand_in::detail {

namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<std::string> base64_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = base64_value(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFFu);
    }
  }
  return out;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string decoded_path(std::string_view target) {
  target = target.substr(0, target.find('?'));
  std::string out;
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] == '%' && i + 2 < target.size()) {
      const int high = hex_value(target[i + 1]);
      const int low = hex_value(target[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += target[i];
  }
  return out;
}

std::optional<std::vector<std::string>> path_segments(std::string_view target,
                                                      std::string_view prefix) {
  std::string_view path = target.substr(0, target.find('?'));
  if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
  path.remove_prefix(prefix.size());
  std::vector<std::string> segments;
  for (std::size_t end = path.find('/');; end = path.find('/')) {
    segments.push_back(decoded_path(path.substr(0, end)));
    if (end == std::string_view::npos) return segments;
    path.remove_prefix(end + 1);
  }
}

std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view header) {
  constexpr std::string_view scheme = "basic ";
  if (header.size() < scheme.size() || !iequals(header.substr(0, scheme.size()), scheme)) {
    return std::nullopt;
  }
  const auto decoded = base64_decode(header.substr(scheme.size()));
  if (!decoded) return std::nullopt;
  // The user name cannot hold ':' in Basic auth; the password may.
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

std::string log_excerpt(std::string_view text, std::size_t limit) {
  std::string_view kept = text.substr(0, limit);
  if (kept.size() < text.size()) {
    // Back off while the first byte left out continues a character that started inside.
    while (!kept.empty() && (static_cast<unsigned char>(text[kept.size()]) & 0xC0u) == 0x80u) {
      kept.remove_suffix(1);
    }
  }
  std::string out;
  for (const char c : kept) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      constexpr std::string_view hex = "0123456789ABCDEF";
      out += "\\x";
      out += hex[byte >> 4u];
      out += hex[byte & 0xFu];
    } else {
      out += c;  // UTF-8 stays readable; only the terminal-moving bytes are escaped
    }
  }
  if (kept.size() < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace vitec::stand_in::detail
