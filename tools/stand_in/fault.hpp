#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vitec::stand_in {

/// One scripted misbehaviour; one request consumes one step.
struct Fault {
  enum class Kind {
    // Played by the HTTP listener.
    answer,            ///< `status` with `body` of `content_type`, and Retry-After if set
    retry_after_date,  ///< 429 with Retry-After as an HTTP-date `delay` ahead
    stall,             ///< wait `delay` (ended early by shutdown), then serve normally
    huge_body,         ///< 200 with `bytes` of non-boolean, chunked or with Content-Length
    redirect,          ///< 302 to `location`
    echo_credentials,  ///< `status` whose body repeats the request's Authorization value
    // Played by the raw listener.
    reset,             ///< half a status line, then a TCP reset
    truncated,         ///< 200 with Content-Length larger than the body sent, then close
    malformed_status,  ///< a status line that is not HTTP
    drop,              ///< read the request, close without a byte
  };

  Kind kind = Kind::answer;
  int status = 200;
  std::string body;
  std::string content_type = "text/plain";
  std::optional<int> retry_after_seconds;
  std::chrono::milliseconds delay{0};
  std::size_t bytes = 0;
  bool chunked = true;
  std::string location;
  /// "" = the next request, whatever its operation, plays this step; else only a request for
  /// this operation id (spec/vitec-connect.json's, e.g. "GET-CRM-Contact-customerId-contactId")
  /// plays it, and requests for others pass it by. The raw listener ignores it.
  std::string operation;

  static Fault answer(int status, std::string body = "", std::string content_type = "text/plain");
  static Fault retry_after(int status, int seconds);  ///< Retry-After as delta-seconds
  static Fault retry_after_date(std::chrono::seconds ahead);
  static Fault stall(std::chrono::milliseconds delay);
  static Fault garbage();  ///< 200 with a body that is not a boolean in any format
  static Fault huge_body(std::size_t bytes, bool chunked = true);
  static Fault redirect(std::string location = "http://127.0.0.2:1/ViewingParticipant/moved");
  static Fault echo_credentials(int status);
  static Fault reset();
  static Fault truncated();
  static Fault malformed_status();
  static Fault drop();

  /// This fault for `operation_id` only (see `operation`).
  Fault on(std::string operation_id) const;

  bool raw() const noexcept { return kind >= Kind::reset; }
};

/// A fault with its repeat count, as the command line spells it.
struct FaultSpec {
  Fault fault;
  int times = 1;
};

/// Parses "503", "503x2", "500x3", "retry-after", "429-date", "stall", "garbage", "huge",
/// "huge-length", "redirect", "reset", "truncated", "malformed", "drop", each with an optional
/// "xN" repeat and an optional "@OPERATION_ID" that plays it for that operation only
/// ("429-date@GET-CRM-Contact-customerId-contactId"); nullopt when `spec` is none of those or
/// names an operation the description does not have.
std::optional<FaultSpec> parse_fault_spec(std::string_view spec);

/// The fault names parse_fault_spec knows, for a usage message.
const char* fault_spec_help() noexcept;

}  // namespace vitec::stand_in
