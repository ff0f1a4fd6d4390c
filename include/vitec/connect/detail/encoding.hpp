#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// Appends the base64 of the whole groups of three bytes at the start of `in` to `out`, and
/// returns how many bytes that took (a multiple of 3).
template <class = void>
std::size_t base64_groups(std::string_view in, std::string& out) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::size_t whole = in.size() / 3 * 3;
  const std::size_t from = out.size();
  out.resize(from + whole / 3 * 4);
  char* to = &out[from];
  for (std::size_t i = 0; i < whole; i += 3) {
    const unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    *to++ = alphabet[(n >> 18) & 63];
    *to++ = alphabet[(n >> 12) & 63];
    *to++ = alphabet[(n >> 6) & 63];
    *to++ = alphabet[n & 63];
  }
  return whole;
}

template <class = void>
std::string base64(std::string_view in) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  const std::size_t i = base64_groups(in, out);
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(in[k]); };
  if (i + 1 == in.size()) {
    const unsigned n = byte(i) << 16;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned n = (byte(i) << 16) | (byte(i + 1) << 8);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

/// base64 with padding written as the bytes arrive, in pieces split anywhere: at most two bytes
/// are held between pieces. The whole equals base64() of all the bytes.
template <class Unused = void>
class basic_base64_stream_encoder {
 public:
  /// Appends the digits of every whole group `in` completes to `out`.
  void feed(std::string_view in, std::string& out) {
    while (held_ > 0 && held_ < 3 && !in.empty()) {
      group_[held_++] = in.front();
      in.remove_prefix(1);
    }
    if (held_ == 3) {
      base64_groups(std::string_view(group_, 3), out);
      held_ = 0;
    }
    const std::size_t used = base64_groups(in, out);
    for (const char c : in.substr(used)) group_[held_++] = c;
  }

  /// Appends the last digits and their padding to `out`; the encoder starts afresh after it.
  void finish(std::string& out) {
    out += base64(std::string_view(group_, held_));
    held_ = 0;
  }

  /// The length of the base64 of `bytes` bytes.
  static std::uint64_t encoded_size(std::uint64_t bytes) noexcept { return (bytes + 2) / 3 * 4; }

 private:
  char group_[3] = {};
  std::size_t held_ = 0;
};
using base64_stream_encoder = basic_base64_stream_encoder<>;

/// A base64 digit's value, or -1 for any other character.
template <class = void>
int base64_digit(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/// The bytes `in` holds in base64 with padding, as .NET writes a byte[]; nullopt for anything
/// else (a wrong character, length or padding), so that a damaged answer is not read as data.
template <class Bytes>
std::optional<Bytes> base64_decode(std::string_view in) {
  if (in.size() % 4 != 0) return std::nullopt;
  Bytes out;
  out.reserve(in.size() / 4 * 3);
  for (std::size_t i = 0; i < in.size(); i += 4) {
    const bool last = i + 4 == in.size();
    const std::size_t padding =
        last ? (in[i + 3] == '=') + (in[i + 2] == '=' && in[i + 3] == '=') : 0;
    unsigned n = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int v = k >= 4 - padding ? 0 : base64_digit(in[k + i]);
      if (v < 0) return std::nullopt;
      n = n << 6 | static_cast<unsigned>(v);
    }
    out.push_back(static_cast<typename Bytes::value_type>(n >> 16 & 0xFF));
    if (padding < 2) out.push_back(static_cast<typename Bytes::value_type>(n >> 8 & 0xFF));
    if (padding < 1) out.push_back(static_cast<typename Bytes::value_type>(n & 0xFF));
  }
  return out;
}

/// base64 with padding decoded as it arrives, in pieces split anywhere: at most three digits are
/// held between pieces. Accepts exactly what base64_decode accepts.
template <class Unused = void>
class basic_base64_stream_decoder {
 public:
  /// Appends the bytes `in` completes to `out`; false on a character that cannot come next.
  bool feed(std::string_view in, std::string& out) {
    for (const char c : in) {
      if (closed_) return false;  // nothing after the padding
      if (c == '=') {
        if (held_ < 2 || held_ + ++padding_ > 4) return false;
        if (held_ + padding_ == 4) close(out);
        continue;
      }
      const int v = base64_digit(c);
      if (v < 0 || padding_ > 0) return false;
      bits_ = bits_ << 6 | static_cast<unsigned>(v);
      if (++held_ == 4) {
        out += static_cast<char>(bits_ >> 16 & 0xFF);
        out += static_cast<char>(bits_ >> 8 & 0xFF);
        out += static_cast<char>(bits_ & 0xFF);
        bits_ = 0;
        held_ = 0;
      }
    }
    return true;
  }

  /// Whether what was fed ends where base64 may end (a whole group, padded or not).
  bool complete() const noexcept { return held_ == 0 && padding_ == 0; }

 private:
  void close(std::string& out) {
    if (held_ == 2) {
      out += static_cast<char>(bits_ >> 4 & 0xFF);
    } else {
      out += static_cast<char>(bits_ >> 10 & 0xFF);
      out += static_cast<char>(bits_ >> 2 & 0xFF);
    }
    closed_ = true;
    held_ = 0;
    padding_ = 0;
  }

  unsigned bits_ = 0;
  int held_ = 0;  // digits in bits_
  int padding_ = 0;
  bool closed_ = false;
};
using base64_stream_decoder = basic_base64_stream_decoder<>;

/// Percent-encodes everything but RFC 3986 unreserved characters and those in `also_keep`.
template <class = void>
std::string percent_encode(std::string_view in, std::string_view also_keep) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size() * 3);
  std::size_t plain_from = 0;  // runs of kept characters are appended whole
  for (std::size_t at = 0; at < in.size(); ++at) {
    const auto u = static_cast<unsigned char>(in[at]);
    const bool kept = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
                      u == '-' || u == '.' || u == '_' || u == '~' ||
                      also_keep.find(static_cast<char>(u)) != std::string_view::npos;
    if (kept) continue;
    out.append(in.data() + plain_from, at - plain_from);
    plain_from = at + 1;
    out += '%';
    out += hex[u >> 4];
    out += hex[u & 15];
  }
  out.append(in.data() + plain_from, in.size() - plain_from);
  return out;
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so the text stays one path
/// segment whatever it holds ('/', '?', '#', '%', spaces, non-ASCII).
template <class = void>
std::string percent_encode_segment(std::string_view in) {
  return percent_encode(in, {});
}

/// Percent-encodes a query parameter's value: as a path segment, but ':' stays as it is (RFC 3986
/// allows it in a query, and the API docs' sample dates carry it bare). '+', '&', '=' and '#'
/// are encoded, as a server would read them as a space or a separator.
template <class = void>
std::string percent_encode_query_value(std::string_view in) {
  return percent_encode(in, ":");
}

template <class = void>
bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
