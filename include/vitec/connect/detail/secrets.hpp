#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/error.hpp"

namespace vitec::connect::detail {

/// Removes the credentials from text that leaves the SDK, in case a server or proxy echoes them.
class secret_scrubber {
 public:
  /// Secrets shorter than four bytes are not tracked: hiding every "a" of a message protects
  /// nothing and ruins the message.
  void add(std::string secret) {
    if (secret.size() >= 4) secrets_.push_back(std::move(secret));
  }

  /// The secret, and the forms a server echoing it in a URL (a Location, say) would use:
  /// percent-encoded with upper- or lower-case hex digits.
  void add_with_url_forms(const std::string& secret) {
    add(secret);
    std::string encoded = percent_encode_segment(secret);
    if (encoded == secret) return;
    add(encoded);
    for (std::size_t at = encoded.find('%'); at != std::string::npos;
         at = encoded.find('%', at + 1)) {
      for (std::size_t digit = at + 1; digit < at + 3; ++digit) {
        if (encoded[digit] >= 'A' && encoded[digit] <= 'F') encoded[digit] += 'a' - 'A';
      }
    }
    add(std::move(encoded));
  }

  void scrub(std::string& text) const {
    for (const auto& secret : secrets_) {
      for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
        text.replace(at, secret.size(), "<redacted>");
        at += 10;
      }
    }
  }

  Error scrub(const Error& error) const {
    if (secrets_.empty()) return error;
    ErrorDetails details = error.details();
    std::string what = error.what();
    scrub(what);
    scrub(details.body);
    scrub(details.message);
    // Field names come from the server too: scrub them, merging fields that become equal.
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
    return Error(error.kind(), what, std::move(details));
  }

 private:
  std::vector<std::string> secrets_;
};

}  // namespace vitec::connect::detail
