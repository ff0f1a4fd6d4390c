#pragma once

#include <string>
#include <string_view>

#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/url.hpp"
#include "vitec/connect/detail/utf8.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/options.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect::detail {

/// Turns an endpoint, a customer id and a body into the HttpRequest every transport receives.
/// Everything that does not change per request is computed once, here.
class request_factory {
 public:
  explicit request_factory(const ClientOptions& options)
      : base_url_(checked_base_url(options.base_url, options.allow_insecure_http)),
        authorization_("Basic " +
                       base64(checked_username(options.username) + ":" + options.password)),
        content_type_(options.format == Format::json ? "application/json; charset=utf-8"
                                                     : "application/xml; charset=utf-8"),
        accept_(options.format == Format::json ? "application/json" : "application/xml"),
        user_agent_(std::string("vitec-connect-cpp/") + VITEC_CONNECT_VERSION_STRING),
        connect_timeout_(checked_positive("connect_timeout", options.connect_timeout)),
        timeout_(checked_positive("request_timeout", options.request_timeout)) {
    // libcurl would read 0 as "no limit", and nothing would be accepted past it anyway.
    if (options.max_response_bytes == 0)
      throw InvalidArgumentError("max_response_bytes must be at least 1");
  }

  /// The Authorization header value, so that it can be kept out of anything the SDK reports.
  const std::string& authorization() const noexcept { return authorization_; }

  /// PUT {base_url}{path}{customer_id}; the id goes in as one percent-encoded path segment.
  HttpRequest make(std::string_view path, std::string_view customer_id, std::string body) const {
    check_customer_id(customer_id);
    HttpRequest request;
    request.method = "PUT";
    request.url.reserve(base_url_.size() + path.size() + customer_id.size() * 3);
    request.url.append(base_url_).append(path).append(percent_encode_segment(customer_id));
    request.headers = {{"Authorization", authorization_},
                       {"Content-Type", content_type_},
                       {"Accept", accept_},
                       {"User-Agent", user_agent_}};
    request.body = std::move(body);
    request.connect_timeout = connect_timeout_;
    request.timeout = timeout_;
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

  static void check_customer_id(std::string_view id) {
    if (id.empty()) throw InvalidArgumentError("customer id is required");
    // "." and ".." would be removed as dot segments and send the request to another path.
    if (id == "." || id == "..") throw InvalidArgumentError("customer id cannot be . or ..");
    for (const char c : id) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7F)
        throw InvalidArgumentError("customer id holds a control character");
    }
    if (check_text(id, false).problem != text_problem::none) {
      throw InvalidArgumentError("customer id is not valid UTF-8");
    }
  }

  std::string base_url_;
  std::string authorization_;
  std::string content_type_;
  std::string accept_;
  std::string user_agent_;
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds timeout_;
};

}  // namespace vitec::connect::detail
