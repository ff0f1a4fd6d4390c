#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "vitec/connect/codec.hpp"
#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/error_body.hpp"
#include "vitec/connect/detail/retry.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/transport.hpp"

namespace vitec::connect::detail {

inline const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return &value;
  }
  return nullptr;
}

/// The result of one attempt: the answer, or the error and how long the server asked us to wait.
struct attempt_outcome {
  std::variant<bool, Error> result;
  int status = 0;  ///< 0 when no answer came back
  std::optional<std::chrono::milliseconds> retry_after;
};

inline std::string status_text(int status) {
  switch (status) {
    case 400:
      return " Bad Request";
    case 401:
      return " Unauthorized";
    case 403:
      return " Forbidden";
    case 404:
      return " Not Found";
    case 408:
      return " Request Timeout";
    case 429:
      return " Too Many Requests";
    case 500:
      return " Internal Server Error";
    case 502:
      return " Bad Gateway";
    case 503:
      return " Service Unavailable";
    case 504:
      return " Gateway Timeout";
    default:
      return "";
  }
}

inline attempt_outcome classify(const HttpRequest& request, const HttpResponse& response) {
  const int status = response.status;
  const bool success = status >= 200 && status < 300;
  // The documented answer, byte for byte: no parser, no error text to prepare.
  if (success && (response.body == "true" || response.body == "false")) {
    return {response.body == "true", status, std::nullopt};
  }
  const std::string where = request.method + " " + request.url;
  ErrorDetails details;
  details.status = status;
  details.body = response.body;

  if (success) {
    try {
      return {deserialize<bool>(response.body, Format::json /* either is read */), status,
              std::nullopt};
    } catch (const ProtocolError& e) {
      return {ProtocolError(where + " answered " + std::to_string(status) +
                                " but not with the documented boolean: " + e.what(),
                            std::move(details)),
              status, std::nullopt};
    }
  }

  std::string what = where + " answered " + std::to_string(status) + status_text(status);
  if (status == 400) {
    auto parsed = parse_error_body(response.body);
    if (!parsed.message.empty()) what += ": " + parsed.message;
    details.message = std::move(parsed.message);
    details.model_state = std::move(parsed.model_state);
    return {ValidationError(what, std::move(details)), status, std::nullopt};
  }
  if (status == 401) return {UnauthorizedError(what, std::move(details)), status, std::nullopt};
  if (status == 403) return {ForbiddenError(what, std::move(details)), status, std::nullopt};

  std::optional<std::chrono::milliseconds> retry_after;
  if (const auto* value = find_header(response.headers, "Retry-After")) {
    retry_after = parse_retry_after(*value, std::chrono::system_clock::now());
  }
  if (status >= 500 && status < 600) {
    return {ServerError(what, std::move(details)), status, retry_after};
  }
  if (status >= 300 && status < 400) {
    const auto* location = find_header(response.headers, "Location");
    what += location ? "; redirect to " + *location + " not followed" : "; redirect not followed";
  }
  return {HttpError(what, std::move(details)), status, retry_after};
}

}  // namespace vitec::connect::detail
