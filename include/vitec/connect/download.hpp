#pragma once

/// \file
/// Files and images streamed in bounded memory: api::Download, api::download (any operation
/// whose answer is a file, by its id: defined with <vitec/connect/api/all.hpp>), and what the
/// area clients' `_stream` and `_to_file` members run.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "vitec/connect/client.hpp"
#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/operation.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/operations.hpp"
#include "vitec/connect/result.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace api {

/// What a download delivered: the answer's Content-Type and the file's size.
struct Download {
  std::string content_type{};  ///< as the server gave it ("image/jpeg", "application/json", ...)
  std::uint64_t bytes = 0;     ///< the file's bytes handed to the sink (decoded from base64)
};

}  // namespace api

namespace detail {

/// One attempt's answer on its way to the user's sink: the raw bytes of an image or
/// octet-stream answer as they are, or the base64 of a JSON string (as .NET writes a byte[])
/// decoded as it arrives; ClientOptions::max_download_bytes counted on the file's bytes.
template <class Unused = void>
class basic_download_sink {
 public:
  basic_download_sink(const std::function<void(std::string_view)>& sink, std::uint64_t cap,
                      std::string where)
      : sink_(sink), cap_(cap), where_(std::move(where)) {}

  /// Takes one chunk of a 2xx body; throws ProtocolError for what is not a file, or what the
  /// user's sink throws.
  void take(const HttpResponse& head, std::string_view chunk) {
    if (!started_) start(head);
    if (!json_) return deliver(chunk);
    for (std::size_t at = 0; at < chunk.size(); ++at) {
      const char c = chunk[at];
      switch (state_) {
        case json_state::before:
          if (c == '"') {
            state_ = json_state::inside;
          } else if (!is_space(c)) {
            refuse("does not start with a JSON string");
          }
          break;
        case json_state::inside: {
          // The digits up to the next quote or escape go in one piece.
          const auto end = std::min(chunk.find_first_of("\"\\", at), chunk.size());
          digits_.append(chunk.substr(at, end - at));
          at = end;
          if (end == chunk.size()) break;
          state_ = chunk[end] == '"' ? json_state::after : json_state::escape;
          break;
        }
        case json_state::escape:  // JSON may write '/' as "\/"
          if (c != '/') refuse("holds an escape that base64 cannot");
          digits_ += c;
          state_ = json_state::inside;
          break;
        case json_state::after:
          if (!is_space(c)) refuse("goes on after its JSON string");
          break;
      }
    }
    decoded_.clear();
    if (!decoder_.feed(digits_, decoded_)) refuse("is not base64");
    digits_.clear();
    deliver(decoded_);
  }

  /// After a 2xx answer ended: throws ProtocolError if it stopped inside its JSON string.
  void finish(const HttpResponse& head) {
    if (!started_) take(head, {});
    if (json_ && (state_ != json_state::after || !decoder_.complete())) {
      refuse("ends before its base64 string does");
    }
  }

  bool started() const noexcept { return started_; }
  bool delivered() const noexcept { return delivered_; }
  api::Download result() const { return {content_type_, bytes_}; }

 private:
  enum class json_state { before, inside, escape, after };

  static bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  [[noreturn]] void refuse(const std::string& why) const {
    throw ProtocolError(where_ + ": the answer " + why + ", so it is not a file");
  }

  void start(const HttpResponse& head) {
    started_ = true;
    if (const auto* type = find_header(head.headers, "Content-Type")) content_type_ = *type;
    const std::string_view type = content_type_;
    const auto media = type.substr(0, type.find(';'));
    json_ = iequals(media, "application/json") || iequals(media, "text/json");
    const auto* length = find_header(head.headers, "Content-Length");
    // A raw file says its size up front: one over the limit is refused before any byte.
    if (!json_ && length != nullptr &&
        length->find_first_not_of("0123456789") == std::string::npos && length->size() < 20 &&
        std::stoull(*length) > cap_) {
      over_cap();
    }
  }

  void deliver(std::string_view bytes) {
    if (bytes.empty()) return;
    if (bytes.size() > cap_ - bytes_) over_cap();
    bytes_ += bytes.size();
    delivered_ = true;
    sink_(bytes);
  }

  [[noreturn]] void over_cap() const {
    throw ProtocolError(where_ + ": the file is longer than ClientOptions::max_download_bytes (" +
                        std::to_string(cap_) + " bytes); the download was stopped");
  }

  const std::function<void(std::string_view)>& sink_;
  std::uint64_t cap_;
  std::string where_;
  bool started_ = false;
  bool json_ = false;
  bool delivered_ = false;
  json_state state_ = json_state::before;
  std::string content_type_;
  std::string digits_;   // one chunk's base64 digits, without quotes or escapes
  std::string decoded_;  // one chunk's bytes
  basic_base64_stream_decoder<Unused> decoder_;
  std::uint64_t bytes_ = 0;
};

/// Sends `op` (whose answer is a file) and streams the file to `sink`, retried as any GET until
/// the first byte reached the sink, and never after (the sink has seen it). Throws
/// InvalidArgumentError (nothing sent), the Error of the last attempt, or what the sink threw, as
/// it threw it.
template <class Unused>
api::Download run_download(const BasicClient<Unused>& client, const operation_def& op,
                           const param_texts& texts,
                           const std::function<void(std::string_view)>& sink) {
  using access = operation_access<Unused>;
  if (!sink) throw InvalidArgumentError(std::string(op.id) + ": the download's sink is empty");
  const operation_target target = target_of(op, texts);
  HttpRequest request = access::make(client, op, target, request_content{target.query, {}});
  // Raw bytes and JSON are both read, whatever the client's format: base64 in XML is not.
  for (auto& [name, value] : request.headers) {
    if (iequals(name, "Accept")) value = "application/octet-stream, image/*, application/json";
  }
  const auto& policy = access::attempts(client);
  const std::string where = request.method + " " + request.url;
  for (int attempt = 1;; ++attempt) {
    basic_download_sink<Unused> state(sink, access::max_download_bytes(client), where);
    std::exception_ptr failure;
    request.body_sink = [&state, &failure](const HttpResponse& head, std::string_view chunk) {
      try {
        state.take(head, chunk);
      } catch (...) {
        failure = std::current_exception();
        throw;
      }
    };
    const auto started = std::chrono::steady_clock::now();
    auto got = access::send_once(client, request);
    // A transport that does not stream returned the body whole: it goes through the same path.
    auto* response = std::get_if<HttpResponse>(&got);
    if (!failure && response != nullptr && response->status >= 200 && response->status < 300) {
      try {
        if (!state.started()) state.take(*response, response->body);
        state.finish(*response);
      } catch (...) {
        failure = std::current_exception();
      }
    }
    auto classified = classify<api::NoContent>(request, std::move(got), policy.scrubber());
    attempt_outcome<api::Download> outcome{state.result(), classified.status};
    if (failure) {
      try {
        std::rethrow_exception(failure);
      } catch (const Error& e) {
        outcome.result = e;
      }  // anything else is the user's sink's, and reaches the caller as it was thrown
    } else if (auto* error = std::get_if<Error>(&classified.result)) {
      outcome.result = std::move(*error);
    }
    policy.log(request, outcome, attempt,
               std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::steady_clock::now() - started));
    std::optional<std::chrono::milliseconds> delay;
    if (!state.delivered()) delay = policy.next_delay(attempt, outcome, op.idempotent);
    if (!delay) return policy.finish(std::move(outcome), attempt).value();
    sleep_for(policy.retry(), *delay);
  }
}

/// A file of mode 0600 written as a download arrives: first under a new name beside `path`
/// (`path` + ".part-" and six random characters, created by mkstemp: never a file or a symbolic
/// link that was there, never one another download writes), renamed to `path` once whole,
/// removed if the download fails.
template <class Unused = void>
class basic_download_file {
 public:
  explicit basic_download_file(const std::string& path)
      : path_(path), part_(path + ".part-XXXXXX") {
    fd_ = ::mkstemp(part_.data());
    if (fd_ < 0) fail("cannot create");
    if (::fcntl(fd_, F_SETFD, FD_CLOEXEC) != 0) fail("cannot set close-on-exec on");
  }
  basic_download_file(const basic_download_file&) = delete;
  basic_download_file& operator=(const basic_download_file&) = delete;
  ~basic_download_file() {
    if (fd_ >= 0) ::close(fd_);
    if (!done_) ::unlink(part_.c_str());
  }

  void write(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("cannot write");
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  void commit() {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("cannot write");
    if (::rename(part_.c_str(), path_.c_str()) != 0) fail("cannot rename to " + path_ + ":");
    done_ = true;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::system_error(errno, std::generic_category(), what + " " + part_);
  }

  std::string path_;
  std::string part_;
  int fd_ = -1;
  bool done_ = false;
};

/// run_download into a file; see basic_download_file. An error writing it is a
/// std::system_error.
template <class Unused>
api::Download run_download_to_file(const BasicClient<Unused>& client, const operation_def& op,
                                   const param_texts& texts, const std::string& path) {
  target_of(op, texts);  // nothing is created for arguments that cannot be sent
  basic_download_file<Unused> file(path);
  const auto got =
      run_download(client, op, texts, [&file](std::string_view bytes) { file.write(bytes); });
  file.commit();
  return got;
}

/// run_download with every failure of the SDK, the server or the network as a value. What the
/// user's `sink` throws still reaches the caller as it was thrown: it is the caller's own
/// exception (the transfer stops at once, as in the throwing form).
template <class Unused>
Result<api::Download> try_run_download(const BasicClient<Unused>& client, const operation_def& op,
                                       const param_texts& texts,
                                       const std::function<void(std::string_view)>& sink) {
  if (!sink) return InvalidArgumentError(std::string(op.id) + ": the download's sink is empty");
  bool sink_threw = false;
  try {
    return run_download(client, op, texts, [&sink, &sink_threw](std::string_view bytes) {
      try {
        sink(bytes);
      } catch (...) {
        sink_threw = true;
        throw;
      }
    });
  } catch (const Error& e) {
    if (sink_threw) throw;
    return e;
  } catch (const std::exception& e) {
    if (sink_threw) throw;
    return Error(ErrorKind::transport, std::string(op.id) + ": unexpected failure: " + e.what());
  }
}

/// run_download_to_file with every failure as a value: a file that cannot be created is an
/// InvalidArgumentError (nothing was sent); one that cannot be written once the answer arrives
/// (a full disk) a permanent TransportError, as an answer that cannot be kept in memory.
template <class Unused>
Result<api::Download> try_run_download_to_file(const BasicClient<Unused>& client,
                                               const operation_def& op, const param_texts& texts,
                                               const std::string& path) noexcept {
  try {
    target_of(op, texts);
    std::optional<basic_download_file<Unused>> file;
    try {
      file.emplace(path);
    } catch (const std::system_error& e) {
      return InvalidArgumentError(std::string(op.id) + ": " + e.what());
    }
    try {
      auto got =
          run_download(client, op, texts, [&file](std::string_view bytes) { file->write(bytes); });
      file->commit();
      return got;
    } catch (const std::system_error& e) {
      ErrorDetails details;
      details.permanent = true;
      return TransportError(std::string(op.id) + ": the file could not be written: " + e.what(),
                            std::move(details));
    }
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error(ErrorKind::transport, std::string(op.id) + ": unexpected failure: " + e.what());
  }
}

/// The operations whose answer is a file or an image, sorted by id. Defined in
/// <vitec/connect/api/all.hpp>.
template <class Unused = void>
const std::vector<const operation_def*>& download_operations();

}  // namespace detail

namespace api {

/// Any operation whose answer is a file or an image, by its id (see api::call for `arguments`):
/// the file goes to `sink` chunk by chunk as it arrives, in bounded memory, whether the server
/// sends its raw bytes or a JSON base64 string. Retried as any GET until the first chunk reached
/// the sink, never after. Past ClientOptions::max_download_bytes the transfer stops with a
/// ProtocolError. Throws InvalidArgumentError (nothing sent) for an unknown id, one whose answer
/// is not a file, or a wrong argument; the Error subclass of the failure; or whatever `sink`
/// throws, as it threw it (the transfer stops at once; the client stays usable). Needs
/// <vitec/connect/api/all.hpp>.
template <class Unused = void>
Download download(const Client& client, std::string_view operation_id, const Arguments& arguments,
                  const std::function<void(std::string_view chunk)>& sink) {
  for (const auto* op : detail::download_operations<Unused>()) {
    if (op->id == operation_id) {
      return detail::run_download(client, *op, detail::texts_of(*op, arguments), sink);
    }
  }
  for (const auto& row : detail::json_operations<Unused>()) {
    if (row.op->id == operation_id) {
      throw InvalidArgumentError(std::string(operation_id) +
                                 " does not answer a file or an image: use api::call");
    }
  }
  throw InvalidArgumentError("no documented operation has the id " + std::string(operation_id));
}

}  // namespace api

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
