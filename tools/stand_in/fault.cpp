#include "fault.hpp"

#include <charconv>
#include <utility>

#include "catalogue.hpp"

namespace vitec::stand_in {

namespace {

// A stall twice as long as any sensible test timeout, short enough to end by itself.
constexpr std::chrono::milliseconds default_stall{10000};
// Well above the SDK's default 1 MiB cap; the stand-in stops by itself after this many bytes.
constexpr std::size_t default_huge_bytes = std::size_t{64} << 20;

Fault with(Fault::Kind kind) {
  Fault fault;
  fault.kind = kind;
  return fault;
}

std::optional<int> to_int(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

std::optional<Fault> named_fault(std::string_view name) {
  if (const auto status = to_int(name)) {
    if (*status < 100 || *status > 599) return std::nullopt;
    return Fault::answer(*status, *status >= 400 ? "stand-in fault" : "");
  }
  if (name == "retry-after") return Fault::retry_after(503, 1);
  if (name == "429-date") return Fault::retry_after_date(std::chrono::seconds(2));
  if (name == "stall") return Fault::stall(default_stall);
  if (name == "garbage") return Fault::garbage();
  if (name == "huge") return Fault::huge_body(default_huge_bytes, true);
  if (name == "huge-length") return Fault::huge_body(default_huge_bytes, false);
  if (name == "redirect") return Fault::redirect();
  if (name == "reset") return Fault::reset();
  if (name == "truncated") return Fault::truncated();
  if (name == "malformed") return Fault::malformed_status();
  if (name == "drop") return Fault::drop();
  return std::nullopt;
}

}  // namespace

Fault Fault::answer(int status, std::string body, std::string content_type) {
  Fault fault = with(Kind::answer);
  fault.status = status;
  fault.body = std::move(body);
  fault.content_type = std::move(content_type);
  return fault;
}

Fault Fault::retry_after(int status, int seconds) {
  Fault fault = answer(status, "busy, come back later");
  fault.retry_after_seconds = seconds;
  return fault;
}

Fault Fault::retry_after_date(std::chrono::seconds ahead) {
  Fault fault = with(Kind::retry_after_date);
  fault.status = 429;
  fault.delay = ahead;
  return fault;
}

Fault Fault::stall(std::chrono::milliseconds delay) {
  Fault fault = with(Kind::stall);
  fault.delay = delay;
  return fault;
}

Fault Fault::garbage() {
  return answer(200, "<html><body>Service temporarily moved</body></html>", "text/html");
}

Fault Fault::huge_body(std::size_t bytes, bool chunked) {
  Fault fault = with(Kind::huge_body);
  fault.bytes = bytes;
  fault.chunked = chunked;
  return fault;
}

Fault Fault::redirect(std::string location) {
  Fault fault = with(Kind::redirect);
  fault.status = 302;
  fault.location = std::move(location);
  return fault;
}

Fault Fault::echo_credentials(int status) {
  Fault fault = with(Kind::echo_credentials);
  fault.status = status;
  return fault;
}

Fault Fault::on(std::string operation_id) const {
  Fault fault = *this;
  fault.operation = std::move(operation_id);
  return fault;
}

Fault Fault::reset() { return with(Kind::reset); }
Fault Fault::truncated() { return with(Kind::truncated); }
Fault Fault::malformed_status() { return with(Kind::malformed_status); }
Fault Fault::drop() { return with(Kind::drop); }

std::optional<FaultSpec> parse_fault_spec(std::string_view spec) {
  FaultSpec out;
  std::string operation;
  if (const auto at = spec.find('@'); at != std::string_view::npos) {
    operation = spec.substr(at + 1);
    if (!detail::the_catalogue().operation(operation)) return std::nullopt;
    spec = spec.substr(0, at);
  }
  std::string_view name = spec;
  if (const auto x = spec.rfind('x'); x != std::string_view::npos && x > 0) {
    const auto times = to_int(spec.substr(x + 1));
    if (!times || *times < 1) return std::nullopt;
    out.times = *times;
    name = spec.substr(0, x);
  }
  auto fault = named_fault(name);
  if (!fault) return std::nullopt;
  out.fault = fault->on(std::move(operation));
  return out;
}

const char* fault_spec_help() noexcept {
  return "STATUS (e.g. 503), retry-after, 429-date, stall, garbage, huge, huge-length, redirect, "
         "reset, truncated, malformed, drop; append xN to repeat (503x2), and @OPERATION_ID to "
         "play it for that operation only (429-date@GET-CRM-Contact-customerId-contactId)";
}

}  // namespace vitec::stand_in
