#pragma once

#include <array>
#include <string>
#include <string_view>

#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/endpoints.hpp"
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

/// Turns an endpoint's path, ids and content into the HttpRequest every transport receives.
/// Everything that does not change per request is computed once, here.
template <class Unused = void>
class basic_request_factory {
 public:
  explicit basic_request_factory(const ClientOptions& options)
      : base_url_(checked_base_url(options.base_url, options.allow_insecure_http)),
        authorization_("Basic " +
                       base64(checked_username(options.username) + ":" + options.password)),
        content_type_(options.format == Format::json ? "application/json; charset=utf-8"
                                                     : "application/xml; charset=utf-8"),
        accept_(options.format == Format::json ? "application/json" : "application/xml"),
        user_agent_(std::string("vitec-connect-cpp/") + VITEC_CONNECT_VERSION_STRING),
        connect_timeout_(checked_positive("connect_timeout", options.connect_timeout)),
        timeout_(checked_positive("request_timeout", options.request_timeout)),
        single_cap_(checked_cap("max_response_bytes", options.max_response_bytes)),
        list_cap_(checked_cap("max_list_response_bytes", options.max_list_response_bytes)) {}

  /// The Authorization header value, so that it can be kept out of anything the SDK reports.
  const std::string& authorization() const noexcept { return authorization_; }

  /// {method} {base_url}/{path}?{query}: each {name} in `path` is replaced by the next of `ids`,
  /// required and percent-encoded as one path segment. Throws InvalidArgumentError.
  template <std::size_t N>
  HttpRequest make(const char* method, std::string_view path,
                   const std::array<std::string_view, N>& ids, request_content content,
                   answer_size size) const {
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
      const std::string_view id = ids.at(next_id++);
      check_path_id(path.substr(open + 1, close - open - 1), id);
      url.append(percent_encode_segment(id));
      at = close + 1;
    }
    if (!content.query.empty()) url.append("?").append(content.query);
    if (content.body) {
      request.headers = {{"Authorization", authorization_},
                         {"Content-Type", content_type_},
                         {"Accept", accept_},
                         {"User-Agent", user_agent_}};
      request.body = std::move(*content.body);
    } else {
      request.headers = {
          {"Authorization", authorization_}, {"Accept", accept_}, {"User-Agent", user_agent_}};
    }
    request.connect_timeout = connect_timeout_;
    request.timeout = timeout_;
    request.max_response_bytes = size == answer_size::list ? list_cap_ : single_cap_;
    return request;
  }

 private:
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
  std::string authorization_;
  std::string content_type_;
  std::string accept_;
  std::string user_agent_;
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds timeout_;
  std::size_t single_cap_;
  std::size_t list_cap_;
};
using request_factory = basic_request_factory<>;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
