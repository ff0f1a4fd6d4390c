#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vitec/connect/error.hpp"
#include "vitec/connect/transport.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// curl_global_init, once per process and thread-safely (a function-local static). There is
/// deliberately no curl_global_cleanup: other code in the process may still use libcurl at exit.
template <class = void>
void ensure_curl_initialized() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK)
    throw TransportError("curl_global_init failed", ErrorDetails{0, "", 0, "", {}, true});
}

struct easy_deleter {
  void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};
using easy_handle = std::unique_ptr<CURL, easy_deleter>;

/// Settings of every handle a transport makes.
struct curl_settings {
  std::string ca_bundle;  ///< empty = the system store
  std::string proxy;      ///< empty = libcurl reads the *_proxy environment variables
  bool use_environment_proxy = true;
  std::size_t max_response_bytes = std::size_t{1} << 20;
};

struct slist_deleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using header_list = std::unique_ptr<curl_slist, slist_deleter>;

struct multi_deleter {
  void operator()(CURLM* handle) const noexcept { curl_multi_cleanup(handle); }
};
using multi_handle = std::unique_ptr<CURLM, multi_deleter>;

/// An easy handle and the header list last set on it. Requests of one client carry the same
/// headers, so the list is built once per handle rather than once per request.
template <class Unused = void>
struct basic_pooled_easy {
  explicit basic_pooled_easy(easy_handle easy) : handle(std::move(easy)) {}

  header_list headers;  // declared before the handle, so that it outlives it
  Headers listed;
  easy_handle handle;

  void set_headers(const Headers& wanted) {
    if (headers && listed == wanted) return;
    header_list list;
    const auto append = [&list](const std::string& line) {
      curl_slist* extended = curl_slist_append(list.get(), line.c_str());
      if (!extended) throw std::bad_alloc();
      (void)list.release();  // now owned by `extended`
      list.reset(extended);
    };
    std::string line;
    for (const auto& [name, value] : wanted) append(line.assign(name).append(": ").append(value));
    append("Expect:");  // no 100-continue round trip for small bodies
    curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, list.get());
    headers = std::move(list);
    listed = wanted;
  }
};

/// One request on one easy handle: owns the response buffers until the transfer ends. The
/// request must outlive it (libcurl reads the body in place).
template <class Unused = void>
class basic_transfer {
 public:
  /// `max_response_bytes` applies unless the request sets its own limit.
  basic_transfer(basic_pooled_easy<Unused>& easy, const HttpRequest& request,
                 std::size_t max_response_bytes)
      : handle_(easy.handle.get()),
        request_(request),
        cap_(request.max_response_bytes != 0 ? request.max_response_bytes : max_response_bytes) {
    easy.set_headers(request.headers);
    response_.headers.reserve(8);  // a typical answer's headers, without regrowing
    error_[0] = '\0';
    curl_easy_setopt(handle_, CURLOPT_URL, request.url.c_str());
    // In a batch over HTTP/2, wait for the connection being set up rather than open one per
    // transfer: the transfers then share it. Only over TLS, where ALPN settles that during the
    // handshake: over plain http libcurl learns it from the first answer, and every other
    // transfer of the batch would wait for that answer.
    curl_easy_setopt(handle_, CURLOPT_PIPEWAIT, request.url.rfind("https://", 0) == 0 ? 1L : 0L);
    if (request.method == "GET") {
      curl_easy_setopt(handle_, CURLOPT_CUSTOMREQUEST, nullptr);
      curl_easy_setopt(handle_, CURLOPT_HTTPGET, 1L);  // also drops a body set on this handle
    } else if (request.body_stream.open) {
      // POST mode with no fields reads the body through on_read, whatever the method.
      curl_easy_setopt(handle_, CURLOPT_POST, 1L);
      curl_easy_setopt(handle_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(handle_, CURLOPT_POSTFIELDS, nullptr);
      curl_easy_setopt(handle_, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body_stream.size));
      curl_easy_setopt(handle_, CURLOPT_READFUNCTION, &basic_transfer::on_read);
      curl_easy_setopt(handle_, CURLOPT_READDATA, this);
      curl_easy_setopt(handle_, CURLOPT_SEEKFUNCTION, &basic_transfer::on_seek);
      curl_easy_setopt(handle_, CURLOPT_SEEKDATA, this);
    } else {
      curl_easy_setopt(handle_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(handle_, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(handle_, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(handle_, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(request.connect_timeout.count()));
    curl_easy_setopt(handle_, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    // A streamed body is bounded by its sink (ClientOptions::max_download_bytes), not here; an
    // error page still is, by on_body.
    curl_easy_setopt(handle_, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(request.body_sink ? 0 : cap_));
    curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, &basic_transfer::on_body);
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(handle_, CURLOPT_HEADERFUNCTION, &basic_transfer::on_header);
    curl_easy_setopt(handle_, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, error_);
  }

  basic_transfer(const basic_transfer&) = delete;
  basic_transfer& operator=(const basic_transfer&) = delete;

  ~basic_transfer() {
    // The handle goes back to a pool: leave it pointing at nothing of ours.
    curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, nullptr);
    curl_easy_setopt(handle_, CURLOPT_HEADERDATA, nullptr);
    curl_easy_setopt(handle_, CURLOPT_READDATA, nullptr);
    curl_easy_setopt(handle_, CURLOPT_SEEKDATA, nullptr);
  }

  /// The response, or the typed error for `code`.
  HttpResponse finish(CURLcode code) {
    long status = 0;
    curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
    if (code == CURLE_OK) {
      response_.status = static_cast<int>(status);
      return std::move(response_);
    }
    const bool cut_off = over_cap_ || code == CURLE_FILESIZE_EXCEEDED;
    if (cut_off && status >= 300) {
      // A long error page (a proxy's 503, say) is still that status, to be mapped and retried
      // as such; what was read of it stays in the body.
      response_.status = static_cast<int>(status);
      return std::move(response_);
    }
    const std::string where = request_.method + " " + request_.url;
    if (cut_off) {
      ErrorDetails details;
      details.status = static_cast<int>(status);
      throw ProtocolError(where + " answered with more than " + std::to_string(cap_) +
                              " bytes, more than this endpoint's answer can be",
                          std::move(details));
    }
    if (sink_failure_) std::rethrow_exception(sink_failure_);
    if (source_failure_) std::rethrow_exception(source_failure_);
    ErrorDetails details;
    if (callback_failed_) {
      details.permanent = true;
      throw TransportError(where + " failed: the answer could not be kept (out of memory)",
                           std::move(details));
    }
    std::string what = where + " failed: " + curl_easy_strerror(code);
    if (error_[0] != '\0') what.append(" (").append(error_).append(")");
    if (code == CURLE_OPERATION_TIMEDOUT) throw TimeoutError(what);
    details.permanent = !is_transient(code) || is_tls_refusal(code, error_);
    throw TransportError(what, std::move(details));
  }

  /// Runs a libcurl callback's body so that no exception crosses libcurl's C frames: a throw
  /// marks the transfer failed and returns 0, which makes libcurl abort it.
  template <class Body>
  std::size_t guarded(Body&& body) noexcept {
    try {
      return body();
    } catch (...) {
      callback_failed_ = true;
      return 0;
    }
  }

  /// A TLS handshake refused over the protocol version or the ciphers: the same refusal would
  /// come again, so it is not worth retrying (an interrupted handshake is).
  static bool is_tls_refusal(CURLcode code, const char* detail) noexcept {
    if (code != CURLE_SSL_CONNECT_ERROR) return false;
    const std::string_view text(detail);
    for (const std::string_view marker :
         {"protocol version", "unsupported protocol", "wrong version number",
          "no protocols available", "version too low", "no shared cipher", "handshake failure",
          "no cipher"}) {
      if (text.find(marker) != std::string_view::npos) return true;
    }
    return false;
  }

 private:
  /// Failures another attempt may get past; TLS verification and bad URLs are not among them.
  static bool is_transient(CURLcode code) noexcept {
    switch (code) {
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_CONNECT:
      case CURLE_PARTIAL_FILE:
      case CURLE_SEND_ERROR:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
      case CURLE_HTTP2:
      case CURLE_HTTP2_STREAM:
      case CURLE_SSL_CONNECT_ERROR:
        return true;
      default:
        return false;
    }
  }

  static std::size_t on_body(char* data, std::size_t size, std::size_t count,
                             void* self_ptr) noexcept {
    auto& self = *static_cast<basic_transfer*>(self_ptr);
    return self.guarded([&] {
      const std::size_t bytes = size * count;
      if (self.streams()) {
        try {
          self.request_.body_sink(self.response_, std::string_view(data, bytes));
        } catch (...) {
          self.sink_failure_ = std::current_exception();
          return std::size_t{0};  // libcurl aborts the transfer: the rest is never read
        }
        return bytes;
      }
      if (self.response_.body.size() + bytes > self.cap_) {
        self.over_cap_ = true;
        return std::size_t{0};  // libcurl aborts the transfer: the rest is never read
      }
      self.response_.body.append(data, bytes);
      return bytes;
    });
  }

  /// Fills libcurl's upload buffer from the request's body stream, opened at the first call
  /// (and again after a rewind). What the stream throws aborts the transfer and is rethrown.
  static std::size_t on_read(char* into, std::size_t size, std::size_t count,
                             void* self_ptr) noexcept {
    auto& self = *static_cast<basic_transfer*>(self_ptr);
    try {
      if (!self.reader_) self.reader_ = self.request_.body_stream.open();
      return self.reader_(into, size * count);
    } catch (...) {
      self.source_failure_ = std::current_exception();
      return CURL_READFUNC_ABORT;
    }
  }

  /// libcurl sends the body again from its start (a reused connection that turned out closed):
  /// the stream is opened afresh. Any other offset is refused, so libcurl fails the transfer.
  static int on_seek(void* self_ptr, curl_off_t offset, int origin) noexcept {
    auto& self = *static_cast<basic_transfer*>(self_ptr);
    if (offset != 0 || origin != SEEK_SET) return CURL_SEEKFUNC_CANTSEEK;
    self.reader_ = nullptr;
    return CURL_SEEKFUNC_OK;
  }

  /// Whether the body goes to the request's sink: only a 2xx one, known once the body starts.
  bool streams() {
    if (!request_.body_sink) return false;
    if (response_.status == 0) {
      long status = 0;
      curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
      response_.status = static_cast<int>(status);
    }
    return response_.status >= 200 && response_.status < 300;
  }

  static std::size_t on_header(char* data, std::size_t size, std::size_t count,
                               void* self_ptr) noexcept {
    auto& self = *static_cast<basic_transfer*>(self_ptr);
    return self.guarded([&] {
      const std::size_t bytes = size * count;
      std::string_view line(data, bytes);
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
      if (line.rfind("HTTP/", 0) == 0) {
        self.response_.headers.clear();  // a new response (after 1xx): keep only the final one
      } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
          value.remove_prefix(1);
        self.response_.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
      }
      return bytes;
    });
  }

  CURL* handle_;
  const HttpRequest& request_;
  std::size_t cap_;
  bool over_cap_ = false;
  bool callback_failed_ = false;
  std::exception_ptr sink_failure_;    // what HttpRequest::body_sink threw: send() throws it
  std::exception_ptr source_failure_;  // what HttpRequest::body_stream threw: send() throws it
  BodyStream::reader reader_;          // the body stream being sent; empty until the first read
  HttpResponse response_;
  char error_[CURL_ERROR_SIZE];
};
using transfer = basic_transfer<>;

/// Handles owned by one transport. An easy handle keeps its connection open for the next
/// request; a multi handle keeps the connections of one batch open for the next batch.
template <class Unused = void>
class basic_easy_pool {
 public:
  explicit basic_easy_pool(curl_settings settings) : settings_(std::move(settings)) {
    ensure_curl_initialized();
  }

  const curl_settings& settings() const noexcept { return settings_; }

  /// A handle on loan; it goes back to the pool when the lease ends.
  template <class Handle>
  class lease {
   public:
    lease(basic_easy_pool& pool, Handle handle) : pool_(&pool), handle_(std::move(handle)) {}
    lease(lease&&) noexcept = default;
    lease& operator=(lease&& other) noexcept {
      if (handle_) pool_->release(std::move(handle_));
      pool_ = other.pool_;
      handle_ = std::move(other.handle_);
      return *this;
    }
    ~lease() {
      if (handle_) pool_->release(std::move(handle_));
    }
    /// Closes the handle instead of returning it: for one in an unknown state.
    void discard() noexcept { handle_.reset(); }
    auto& operator*() const noexcept { return *handle_; }
    auto get() const noexcept { return handle_.get(); }
    auto operator->() const noexcept { return handle_.get(); }

   private:
    basic_easy_pool* pool_;
    Handle handle_;
  };

  lease<std::unique_ptr<basic_pooled_easy<Unused>>> acquire() {
    if (auto idle = take(idle_easy_)) return {*this, std::move(idle)};
    return {*this, make_easy()};
  }

  lease<multi_handle> acquire_multi() {
    if (auto idle = take(idle_multi_)) return {*this, std::move(idle)};
    multi_handle multi(curl_multi_init());
    if (!multi) throw TransportError("curl_multi_init failed");
    return {*this, std::move(multi)};
  }

 private:
  template <class Handle>
  Handle take(std::vector<Handle>& idle) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (idle.empty()) return nullptr;
    Handle handle = std::move(idle.back());
    idle.pop_back();
    return handle;
  }

  void release(std::unique_ptr<basic_pooled_easy<Unused>> easy) {
    const std::lock_guard<std::mutex> lock(mutex_);
    idle_easy_.push_back(std::move(easy));
  }

  void release(multi_handle multi) {
    const std::lock_guard<std::mutex> lock(mutex_);
    idle_multi_.push_back(std::move(multi));
  }

  std::unique_ptr<basic_pooled_easy<Unused>> make_easy() const {
    easy_handle handle(curl_easy_init());
    if (!handle) throw TransportError("curl_easy_init failed");
    CURL* h = handle.get();
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // safe in threads; timeouts do not need signals
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // credentials never travel to another host
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    if (!settings_.ca_bundle.empty())
      curl_easy_setopt(h, CURLOPT_CAINFO, settings_.ca_bundle.c_str());
    // libcurl reads the environment only while CURLOPT_PROXY is unset; "" means no proxy.
    if (!settings_.proxy.empty() || !settings_.use_environment_proxy)
      curl_easy_setopt(h, CURLOPT_PROXY, settings_.proxy.c_str());
    return std::make_unique<basic_pooled_easy<Unused>>(std::move(handle));
  }

  curl_settings settings_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<basic_pooled_easy<Unused>>> idle_easy_;
  std::vector<multi_handle> idle_multi_;
};
using easy_pool = basic_easy_pool<>;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
