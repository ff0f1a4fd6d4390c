#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "vitec/connect/codec.hpp"
#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/error_body.hpp"
#include "vitec/connect/detail/retry.hpp"
#include "vitec/connect/detail/secrets.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

template <class = void>
const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return &value;
  }
  return nullptr;
}

/// The result of one attempt: the decoded answer, or the error (with the server's Retry-After
/// in its details).
template <class Answer>
struct attempt_outcome {
  std::variant<Answer, Error> result;
  int status = 0;  ///< 0 when no answer came back
};

/// The format an answer is in, whatever was asked for: a server may answer XML to an XML request
/// without honouring Accept, or JSON by default.
template <class = void>
Format answer_format(std::string_view body) noexcept {
  constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";  // .NET writers may put one before XML
  const auto first = body.find_first_not_of(" \t\r\n", body.rfind(utf8_bom, 0) == 0 ? 3 : 0);
  return first != std::string_view::npos && body[first] == '<' ? Format::xml : Format::json;
}

/// Reads the answers deserialize() does not (a string, bytes, one of several models, nothing):
/// specialised in detail/operation.hpp, for the generated operations.
template <class Answer, class = void>
struct answer_reader;

template <class Answer>
Answer decode_answer(std::string_view body) {
  if constexpr (std::is_same_v<Answer, bool>) {
    // The documented answer, byte for byte: no parser.
    if (body == "true") return true;
    if (body == "false") return false;
  }
  if constexpr (is_answer<Answer>) {
    return deserialize<Answer>(body, answer_format(body));
  } else {
    return answer_reader<Answer>::read(body);
  }
}

template <class = void>
std::string status_text(int status) {
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

/// The Error for an answer that is not a success; its text is the SDK's own words plus what the
/// server said, scrubbed of the credentials.
template <class = void>
Error error_for_status(const std::string& where, HttpResponse&& response,
                       const secret_scrubber& scrubber) {
  const int status = response.status;
  ErrorDetails details;
  details.status = status;
  details.body = std::move(response.body);
  if (const auto* value = find_header(response.headers, "Retry-After")) {
    details.retry_after = parse_retry_after(*value, std::chrono::system_clock::now());
  }
  std::string what = where + " answered " + std::to_string(status) + status_text(status);
  if (status == 400) {
    auto parsed = parse_error_body(details.body);
    details.message = std::move(parsed.message);
    details.model_state = std::move(parsed.model_state);
    details = scrubber.scrub(std::move(details));
    if (!details.message.empty()) what += ": " + details.message;
    return ValidationError(what, std::move(details));
  }
  details = scrubber.scrub(std::move(details));
  if (status == 401) return UnauthorizedError(what, std::move(details));
  if (status == 403) return ForbiddenError(what, std::move(details));
  if (status == 404) return NotFoundError(what, std::move(details));
  if (status >= 500 && status < 600) return ServerError(what, std::move(details));
  if (status >= 300 && status < 400) {
    if (const auto* location = find_header(response.headers, "Location")) {
      std::string target = *location;
      scrubber.scrub(target);
      what += "; redirect to " + target + " not followed";
    } else {
      what += "; redirect not followed";
    }
  }
  return HttpError(what, std::move(details));
}

/// Turns what one attempt got into the endpoint's answer or a typed Error.
template <class Answer>
attempt_outcome<Answer> classify(const HttpRequest& request,
                                 std::variant<HttpResponse, Error>&& got,
                                 const secret_scrubber& scrubber) {
  if (auto* failed = std::get_if<Error>(&got)) return {std::move(*failed), failed->status()};
  auto& response = std::get<HttpResponse>(got);
  const int status = response.status;
  if (status < 200 || status >= 300) {
    return {error_for_status(request.method + " " + request.url, std::move(response), scrubber),
            status};
  }
  try {
    return {decode_answer<Answer>(response.body), status};
  } catch (const ProtocolError& e) {
    std::string why = e.what();  // a reader's message may quote the body
    scrubber.scrub(why);
    ErrorDetails details;
    details.status = status;
    details.body = std::move(response.body);
    return {
        ProtocolError(request.method + " " + request.url + " answered " + std::to_string(status) +
                          " but not with the documented answer: " + why,
                      scrubber.scrub(std::move(details))),
        status};
  }
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
