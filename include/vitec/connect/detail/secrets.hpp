#pragma once

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/json_writer.hpp"
#include "vitec/connect/detail/utf8.hpp"
#include "vitec/connect/detail/xml.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// How a JSON writer that escapes every non-ASCII character as `\uXXXX` (nlohmann's
/// ensure_ascii, System.Text.Json's default) writes the rest.
struct json_u_escaping {
  bool html_sensitive;  ///< < > & ' + ` escaped too, as System.Text.Json's default encoder does
  bool upper_hex;
};

template <class = void>
void append_u_escape(std::string& out, unsigned unit, bool upper_hex) {
  char buffer[7];
  std::snprintf(buffer, sizeof buffer, upper_hex ? "\\u%04X" : "\\u%04x", unit);
  out += buffer;
}

/// `text` as the body of a JSON string escaped the given way; empty when it is not UTF-8.
template <class = void>
std::string json_u_escaped(std::string_view text, json_u_escaping how) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    const auto code_point = next_code_point(text, pos);
    if (!code_point) return {};
    const char32_t c = *code_point;
    const bool html =
        c < 0x80 && std::string_view("<>&'+`").find(static_cast<char>(c)) != std::string_view::npos;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x10000) {
      append_u_escape(out, 0xD800 + ((c - 0x10000) >> 10), how.upper_hex);
      append_u_escape(out, 0xDC00 + ((c - 0x10000) & 0x3FF), how.upper_hex);
    } else if (c < 0x20 || c >= 0x80 || (html && how.html_sensitive)) {
      append_u_escape(out, static_cast<unsigned>(c), how.upper_hex);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

/// Secrets and how to take them out of text: the part of a scrubber that is not shared.
template <class Unused = void>
class basic_secret_list {
 public:
  static constexpr std::size_t shortest_redactable = 8;
  static constexpr const char* withheld =
      "<withheld: the password is too short to redact this text safely>";

  bool empty() const noexcept { return secrets_.empty(); }

  void add(std::string secret) {
    if (secret.empty() || std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) {
      return;
    }
    withhold_all_ = withhold_all_ || secret.size() < shortest_redactable;
    // Longest first, so that a secret inside another's echoed form cannot break it up first.
    const auto at = std::upper_bound(
        secrets_.begin(), secrets_.end(), secret.size(),
        [](std::size_t size, const std::string& other) { return size > other.size(); });
    secrets_.insert(at, std::move(secret));
  }

  /// The secret, and the forms a server could echo it in: percent-encoded in a URL (a
  /// `Location`, say) with upper- or lower-case hex digits, escaped in XML text,
  /// and escaped in a JSON string by the usual writers.
  void add_with_echoed_forms(const std::string& secret) {
    add(secret);
    std::string encoded = percent_encode_segment(secret);
    add(encoded);
    for (std::size_t at = encoded.find('%'); at != std::string::npos;
         at = encoded.find('%', at + 1)) {
      for (std::size_t digit = at + 1; digit < at + 3; ++digit) {
        if (encoded[digit] >= 'A' && encoded[digit] <= 'F') encoded[digit] += 'a' - 'A';
      }
    }
    add(std::move(encoded));
    std::string in_xml;
    append_xml_text(in_xml, secret);
    add(std::move(in_xml));
    std::string in_json;
    append_json_string(in_json, secret);
    add(in_json.substr(1, in_json.size() - 2));  // without the quotes
    for (const bool html_sensitive : {false, true}) {
      for (const bool upper_hex : {false, true}) {
        add(json_u_escaped(secret, {html_sensitive, upper_hex}));
      }
    }
  }

  void scrub(std::string& text) const {
    if (withhold_all_) {
      if (!text.empty()) text = withheld;
      return;
    }
    for (const auto& secret : secrets_) {
      for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
        text.replace(at, secret.size(), "<redacted>");
        at += 10;
      }
    }
  }

 private:
  std::vector<std::string> secrets_;
  bool withhold_all_ = false;
};

/// Removes the credentials from text that came from elsewhere (answers, headers, a user's
/// transport or hooks) before it leaves the SDK, in case a server or proxy echoes them. Text the
/// SDK writes itself holds no secret and is never touched. A secret shorter than
/// `shortest_redactable` bytes cannot be replaced without garbling the text and showing where
/// its characters occur, so then such text is withheld whole.
///
/// Its secrets are fixed before the client is shared between threads, except the passwords of
/// ClientOptions::password_for, which arrive while other threads scrub: after
/// allow_later_secrets(), every copy of the scrubber shares one list behind a lock. Without
/// it, scrubbing reads a plain vector, as before password_for existed.
template <class Unused = void>
class basic_secret_scrubber {
 public:
  static constexpr std::size_t shortest_redactable = basic_secret_list<Unused>::shortest_redactable;
  static constexpr const char* withheld = basic_secret_list<Unused>::withheld;

  /// Before the scrubber is shared (or copied) only.
  void add(std::string secret) { fixed_.add(std::move(secret)); }

  /// Before the scrubber is shared (or copied) only; see basic_secret_list::add_with_echoed_forms.
  void add_with_echoed_forms(const std::string& secret) { fixed_.add_with_echoed_forms(secret); }

  /// Lets add_later() add secrets while copies of this scrubber are in use on other threads.
  /// Call it last, before the scrubber is copied: the copies share what is added later.
  void allow_later_secrets() {
    later_ = std::make_shared<later_secrets>();
    later_->list = fixed_;  // one list, so that the longest secret still goes first
  }

  /// Adds a password (with the forms it is echoed in) and its Basic credentials (the base64
  /// after "Basic ") while other threads may be scrubbing. Requires allow_later_secrets().
  void add_later(const std::string& password, std::string basic_credentials) const {
    const std::unique_lock<std::shared_mutex> lock(later_->mutex);
    later_->list.add_with_echoed_forms(password);
    later_->list.add(std::move(basic_credentials));
  }

  /// Scrubs text that came from elsewhere, in place.
  void scrub(std::string& text) const {
    if (!later_) {
      fixed_.scrub(text);
      return;
    }
    const std::shared_lock<std::shared_mutex> lock(later_->mutex);
    later_->list.scrub(text);
  }

  /// Scrubs everything in an Error that came from elsewhere: all of it, for one a user's
  /// transport threw.
  Error scrub(const Error& error) const {
    if (empty()) return error;
    std::string what = error.what();
    scrub(what);
    return Error(error.kind(), what, scrub(error.details()));
  }

  /// Scrubs an answer's body, message and model state (its field names come from the server
  /// too: fields that become equal are merged).
  ErrorDetails scrub(ErrorDetails details) const {
    if (empty()) return details;
    scrub(details.body);
    scrub(details.message);
    std::map<std::string, std::vector<std::string>> model_state;
    for (auto& [field, messages] : details.model_state) {
      std::string name = field;
      scrub(name);
      auto& into = model_state[name];
      for (auto& message : messages) {
        scrub(message);
        into.push_back(std::move(message));
      }
    }
    details.model_state = std::move(model_state);
    return details;
  }

 private:
  struct later_secrets {
    std::shared_mutex mutex;
    basic_secret_list<Unused> list;
  };

  bool empty() const {
    if (!later_) return fixed_.empty();
    const std::shared_lock<std::shared_mutex> lock(later_->mutex);
    return later_->list.empty();
  }

  basic_secret_list<Unused> fixed_;
  std::shared_ptr<later_secrets> later_;  ///< null unless allow_later_secrets()
};
using secret_scrubber = basic_secret_scrubber<>;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
