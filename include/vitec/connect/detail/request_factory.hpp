#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/endpoints.hpp"
#include "vitec/connect/detail/secrets.hpp"
#include "vitec/connect/detail/url.hpp"
#include "vitec/connect/detail/utf8.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// Refuses a path id that is missing or would not reach the intended path; `name` says which.
template <class = void>
void check_path_id(std::string_view name, std::string_view id) {
  const auto refuse = [name](const char* why) {
    throw InvalidArgumentError(std::string(name) + " " + why);
  };
  if (id.empty()) refuse("is required");
  // "." and ".." would be removed as dot segments and send the request to another path.
  if (id == "." || id == "..") refuse("cannot be . or ..");
  for (const char c : id) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) refuse("holds a control character");
  }
  if (check_text(id, false).problem != text_problem::none) refuse("is not valid UTF-8");
}

/// Which credentials a request needs: Vitec issues one password per customer and area.
struct credential_scope {
  std::string_view customer_id;
  std::string_view area;
};

/// Turns an endpoint's path, ids and content into the HttpRequest every transport receives.
/// Everything that does not change per request is computed once, here. It also knows the
/// credentials, so it makes the scrubber that keeps them out of what the SDK reports.
template <class Unused = void>
class basic_request_factory {
 public:
  explicit basic_request_factory(const ClientOptions& options)
      : base_url_(checked_base_url(options.base_url, options.allow_insecure_http)),
        username_(checked_username(options.username)),
        password_for_(checked_password_for(options)),
        authorization_(password_for_ ? std::string()
                                     : "Basic " + base64(username_ + ":" + options.password)),
        content_type_(options.format == Format::json ? "application/json; charset=utf-8"
                                                     : "application/xml; charset=utf-8"),
        accept_(options.format == Format::json ? "application/json" : "application/xml"),
        user_agent_(std::string("vitec-connect-cpp/") + VITEC_CONNECT_VERSION_STRING),
        connect_timeout_(checked_positive("connect_timeout", options.connect_timeout)),
        timeout_(checked_positive("request_timeout", options.request_timeout)),
        single_cap_(checked_cap("max_response_bytes", options.max_response_bytes)),
        list_cap_(checked_cap("max_list_response_bytes", options.max_list_response_bytes)),
        scrubber_(scrubber_for(options.password, authorization_, password_for_ != nullptr)),
        passwords_(password_for_ ? std::make_shared<password_cache>() : nullptr) {}

  /// ClientOptions::base_url as every request starts with it.
  const std::string& base_url() const noexcept { return base_url_; }
  const std::string& username() const noexcept { return username_; }

  /// The fixed Authorization header value ("" with ClientOptions::password_for).
  const std::string& authorization() const noexcept { return authorization_; }

  /// Keeps the credentials out of text from elsewhere; copies of it learn each password that
  /// ClientOptions::password_for gives later.
  const basic_secret_scrubber<Unused>& scrubber() const noexcept { return scrubber_; }

  /// {method} {base_url}/{path}?{query}: each {name} in `path` is replaced by the next of `ids`
  /// (a std::array or std::vector of anything that converts to std::string_view), required and
  /// percent-encoded as one path segment; there must be exactly one id per {name}. The password
  /// is the fixed one, or ClientOptions::password_for's for `scope`, asked for once per scope
  /// and only once the ids have passed. Throws InvalidArgumentError; nothing is sent then.
  template <class Ids>
  HttpRequest make(const char* method, std::string_view path, const Ids& ids,
                   request_content content, answer_size size, credential_scope scope) const {
    HttpRequest request;
    request.method = method;
    std::string& url = request.url;
    url.reserve(base_url_.size() + path.size() + 64);
    url.append(base_url_).append("/");
    std::size_t next_id = 0;
    for (std::size_t at = 0; at < path.size();) {
      const auto open = path.find('{', at);
      url.append(path.substr(at, open - at));
      if (open == std::string_view::npos) break;
      const auto close = path.find('}', open);
      if (close == std::string_view::npos) {
        throw InvalidArgumentError("the path " + std::string(path) + " has an unclosed {");
      }
      const std::string_view name = path.substr(open + 1, close - open - 1);
      if (next_id >= ids.size()) throw id_count_mismatch(path, ids.size());
      const std::string_view id = ids[next_id++];
      check_path_id(name, id);
      url.append(percent_encode_segment(id));
      at = close + 1;
    }
    if (next_id != ids.size()) throw id_count_mismatch(path, ids.size());
    if (!content.query.empty()) url.append("?").append(content.query);
    std::string scoped;  // stays empty, and so free, without password_for
    if (password_for_) scoped = authorization_for(scope);
    const std::string& authorization = password_for_ ? scoped : authorization_;
    if (content.body) {
      request.headers = {{"Authorization", authorization},
                         {"Content-Type", content_type_},
                         {"Accept", accept_},
                         {"User-Agent", user_agent_}};
      request.body = std::move(*content.body);
    } else {
      request.headers = {
          {"Authorization", authorization}, {"Accept", accept_}, {"User-Agent", user_agent_}};
    }
    request.connect_timeout = connect_timeout_;
    request.timeout = timeout_;
    request.max_response_bytes = size == answer_size::list ? list_cap_ : single_cap_;
    return request;
  }

 private:
  /// One (customer id, area)'s Authorization value. Each has a lock of its own, so that a slow
  /// password_for holds up only the calls that need the same password.
  struct cached_password {
    std::mutex mutex;
    std::string authorization;  ///< "" until password_for has given one
  };
  struct password_cache {
    std::mutex mutex;
    std::map<std::string, std::unique_ptr<cached_password>, std::less<>> by_scope;
  };

  static InvalidArgumentError id_count_mismatch(std::string_view path, std::size_t given) {
    std::size_t wanted = 0;
    for (const char c : path) wanted += c == '{' ? 1 : 0;
    return InvalidArgumentError("the path " + std::string(path) + " takes " +
                                std::to_string(wanted) + " ids, not " + std::to_string(given));
  }

  std::string authorization_for(credential_scope scope) const {
    // The length first, so that no customer id and area can run into another pair's key.
    std::string key = std::to_string(scope.customer_id.size());
    key.append(":").append(scope.customer_id).append(scope.area);
    cached_password* entry = nullptr;
    {
      const std::lock_guard<std::mutex> lock(passwords_->mutex);
      auto& slot = passwords_->by_scope[std::move(key)];
      if (!slot) slot = std::make_unique<cached_password>();
      entry = slot.get();  // never erased, so it outlives the lock
    }
    const std::lock_guard<std::mutex> lock(entry->mutex);
    if (entry->authorization.empty()) entry->authorization = fetch_authorization(scope);
    return entry->authorization;
  }

  /// Asks password_for. A failure is not cached: the next call for the scope asks again.
  std::string fetch_authorization(credential_scope scope) const {
    const std::string which = "for customer id \"" + std::string(scope.customer_id) +
                              "\" and area \"" + std::string(scope.area) + "\"";
    std::string password;
    try {
      password = password_for_(scope.customer_id, scope.area);
    } catch (...) {
      // Its text is not ours to show: a vault's error may quote the very secret it was reading.
      throw InvalidArgumentError("ClientOptions::password_for threw " + which +
                                 "; nothing was sent (its message is withheld: it may hold a "
                                 "password)");
    }
    if (password.empty()) {
      throw InvalidArgumentError("ClientOptions::password_for gave an empty password " + which +
                                 "; nothing was sent");
    }
    const std::string credentials = base64(username_ + ":" + password);
    // Known to the scrubber before any request carries it, so that no echo of it can slip out.
    scrubber_.add_later(password, credentials);
    return "Basic " + credentials;
  }

  static basic_secret_scrubber<Unused> scrubber_for(const std::string& password,
                                                    const std::string& authorization,
                                                    bool later_passwords) {
    basic_secret_scrubber<Unused> scrubber;
    if (!password.empty()) {  // else nothing secret to keep out
      scrubber.add_with_echoed_forms(password);
      scrubber.add(authorization.substr(6));  // the base64 after "Basic "
    }
    if (later_passwords) scrubber.allow_later_secrets();
    return scrubber;
  }

  /// One password for every request, or one per customer and area: not both, as which one a
  /// request carries would otherwise be a guess.
  static const std::function<std::string(std::string_view, std::string_view)>& checked_password_for(
      const ClientOptions& options) {
    if (options.password_for && !options.password.empty()) {
      throw InvalidArgumentError(
          "set ClientOptions::password or ClientOptions::password_for, "
          "not both");
    }
    return options.password_for;
  }

  /// Basic auth splits user and password at the first ':', so the server would see another user.
  static const std::string& checked_username(const std::string& username) {
    if (username.find(':') != std::string::npos) {
      throw InvalidArgumentError("username cannot contain ':' (Basic auth splits at it)");
    }
    return username;
  }

  /// libcurl reads a zero timeout as "none" (connect: its 300 s default); refuse, not guess.
  static std::chrono::milliseconds checked_positive(const char* name,
                                                    std::chrono::milliseconds value) {
    if (value <= std::chrono::milliseconds(0)) {
      throw InvalidArgumentError(std::string(name) + " must be at least 1 ms");
    }
    return value;
  }

  /// libcurl would read 0 as "no limit", and nothing would be accepted past it anyway.
  static std::size_t checked_cap(const char* name, std::size_t bytes) {
    if (bytes == 0) throw InvalidArgumentError(std::string(name) + " must be at least 1");
    return bytes;
  }

  std::string base_url_;
  std::string username_;
  std::function<std::string(std::string_view, std::string_view)> password_for_;
  std::string authorization_;
  std::string content_type_;
  std::string accept_;
  std::string user_agent_;
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds timeout_;
  std::size_t single_cap_;
  std::size_t list_cap_;
  basic_secret_scrubber<Unused> scrubber_;
  std::shared_ptr<password_cache> passwords_;  ///< null without password_for
};
using request_factory = basic_request_factory<>;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
