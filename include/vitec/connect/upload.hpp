#pragma once

/// \file
/// Files and images uploaded in bounded memory: api::ByteSource, and what the area clients'
/// `_from` members run (the operations whose body carries a file as a base64 member, as
/// POST CRM/Image does).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "vitec/connect/client.hpp"
#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/operation.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/result.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace api {

/// The bytes of a file or an image to upload, read as the request is sent, so that a large one
/// is never held in memory: base64-encoded on the fly into the body's JSON. Read again from its
/// start for every attempt.
struct ByteSource {
  /// Starts the bytes from the first and returns their reader (see BodyStream::reader): called
  /// once per attempt. What it or its reader throws fails that attempt, not retried.
  std::function<BodyStream::reader()> open{};
  /// How many bytes the reader gives, or -1 when unknown (the body then goes chunked).
  std::int64_t size = -1;

  /// The file at `path`, opened for each attempt. Its size is taken now; a file that changed
  /// size by an attempt fails that attempt (std::system_error, a permanent TransportError).
  static ByteSource file(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      throw std::system_error(errno, std::generic_category(), "cannot read " + path);
    }
    const std::int64_t size = info.st_size;
    return {[path, size]() -> BodyStream::reader {
              auto fd = std::make_shared<descriptor>(path);
              struct stat now {};
              if (::fstat(fd->fd, &now) != 0 || now.st_size != size) {
                throw std::system_error(EIO, std::generic_category(),
                                        path + " changed size while it was being uploaded");
              }
              return [fd](char* into, std::size_t room) { return fd->read(into, room); };
            },
            size};
  }

  /// Bytes held by the caller (for a small image, or a test): copied, so `bytes` need not stay.
  static ByteSource bytes(std::string bytes) {
    auto held = std::make_shared<const std::string>(std::move(bytes));
    const auto size = static_cast<std::int64_t>(held->size());
    return {[held]() -> BodyStream::reader {
              return [held, at = std::size_t{0}](char* into, std::size_t room) mutable {
                const auto n = held->copy(into, room, at);
                at += n;
                return n;
              };
            },
            size};
  }

 private:
  /// An open file, closed with the last reader that uses it.
  struct descriptor {
    explicit descriptor(const std::string& file)
        : fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC)), path(file) {
      if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + file);
    }
    descriptor(const descriptor&) = delete;
    descriptor& operator=(const descriptor&) = delete;
    ~descriptor() { ::close(fd); }

    std::size_t read(char* into, std::size_t room) const {
      for (;;) {
        const auto n = ::read(fd, into, room);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR) {
          throw std::system_error(errno, std::generic_category(), "cannot read " + path);
        }
      }
    }

    int fd;
    std::string path;
  };
};

}  // namespace api

namespace detail {

/// A body model's JSON split around its bytes member: the text before the member's base64 (its
/// opening quote included) and after it (its closing quote included).
struct upload_frame {
  std::string prefix;
  std::string suffix;
};

/// Serializes `body` (its limits checked as for any body) with one byte as a marker in its only
/// member of bytes, and cuts at the marker's base64, which nothing else in the text can hold
/// unescaped. Throws InvalidArgumentError when that member already holds bytes.
template <class Model>
upload_frame frame_of(const Model& body, const char* operation_id) {
  Model marked = body;
  std::string json_name;
  for_each_field<Model>([&](const auto& field) {
    auto& value = marked.*field.member;
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::vector<std::uint8_t>>) {
      if (!value.empty()) {
        throw InvalidArgumentError(std::string(operation_id) + ": the body's " + field.json_name +
                                   " is given by the ByteSource: leave the member empty");
      }
      value.assign(1, 0);
      json_name = field.json_name;
    }
  });
  const std::string json = serialize(marked, Format::json);
  const std::string marker = "\"" + json_name + R"(":"AA==")";
  const auto at = json.find(marker);
  if (json_name.empty() || at == std::string::npos) {
    throw InvalidArgumentError(std::string(operation_id) + ": the body has no member of bytes");
  }
  const auto digits = at + marker.size() - 5;  // where "AA==" starts
  return {json.substr(0, digits), json.substr(digits + 4)};
}

/// The body of an upload as it is sent: the frame's prefix, the source's bytes in base64, and
/// the suffix. Holds one read of the source and its digits at a time.
template <class Unused = void>
class basic_upload_reader {
 public:
  static constexpr std::size_t read_size = std::size_t{48} * 1024;  // a multiple of 3

  basic_upload_reader(std::shared_ptr<const upload_frame> frame, BodyStream::reader source)
      : frame_(std::move(frame)), source_(std::move(source)) {}

  std::size_t operator()(char* into, std::size_t room) {
    while (at_ == pending_.size()) {
      if (phase_ == phase::done) return 0;
      refill();
    }
    const auto n = pending_.copy(into, room, at_);
    at_ += n;
    return n;
  }

 private:
  enum class phase { prefix, data, done };

  void refill() {
    pending_.clear();
    at_ = 0;
    if (phase_ == phase::prefix) {
      pending_ = frame_->prefix;
      phase_ = phase::data;
      return;
    }
    raw_.resize(read_size);
    const auto n = source_(raw_.data(), raw_.size());
    if (n > raw_.size())
      throw std::length_error("a ByteSource reader gave more than it had room for");
    if (n > 0) {
      encoder_.feed(std::string_view(raw_.data(), n), pending_);
      return;
    }
    encoder_.finish(pending_);
    pending_ += frame_->suffix;
    phase_ = phase::done;
  }

  std::shared_ptr<const upload_frame> frame_;
  BodyStream::reader source_;
  phase phase_ = phase::prefix;
  std::string raw_;
  std::string pending_;  // what the next reads hand out, from at_
  std::size_t at_ = 0;
  basic_base64_stream_encoder<Unused> encoder_;
};

/// Sends `op` with `body`, whose bytes member is read from `data` as the request is sent; a
/// transport that does not stream gets the whole body. Never throws.
template <class Answer, class Model, class Unused>
Result<Answer> run_upload(const BasicClient<Unused>& client, const operation_def& op,
                          const param_texts& texts, const Model& body,
                          const api::ByteSource& data) noexcept {
  using access = operation_access<Unused>;
  try {
    operation_target target = target_of(op, texts);
    if (client.format() == Format::xml) {
      throw InvalidArgumentError(std::string(op.id) + ": a file is uploaded in JSON only");
    }
    if (!data.open) throw InvalidArgumentError(std::string(op.id) + ": the ByteSource is empty");
    auto frame = std::make_shared<const upload_frame>(frame_of(body, op.id));
    collect_personal(body, target.personal);
    if (target.customer_id.empty()) target.customer_id = customer_id_of(body);
    HttpRequest request =
        access::make(client, op, target, request_content{target.query, std::string()});
    request.body_stream.open = [frame, open = data.open]() -> BodyStream::reader {
      return basic_upload_reader<Unused>(frame, open());
    };
    if (data.size >= 0) {
      request.body_stream.size =
          static_cast<std::int64_t>(frame->prefix.size() + frame->suffix.size()) +
          static_cast<std::int64_t>(basic_base64_stream_encoder<Unused>::encoded_size(
              static_cast<std::uint64_t>(data.size)));
    }
    if (!access::streams_request_bodies(client)) {
      // The transport reads `body` only: it gets it whole, read here once for every attempt.
      auto reader = request.body_stream.open();
      char piece[16 * 1024];
      while (const auto n = reader(piece, sizeof piece)) request.body.append(piece, n);
      request.body_stream = {};
    }
    return access::template send_request<Answer>(client, op, target, request);
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error(ErrorKind::invalid_argument,
                 std::string(op.id) + ": could not build the request: " + e.what());
  }
}

}  // namespace detail

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
