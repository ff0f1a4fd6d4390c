#pragma once

#include <curl/curl.h>

#include <new>
#include <optional>
#include <string>

#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// The parts of a URL that libcurl's URL API found; nullopt when it is not an absolute URL.
struct url_parts {
  std::string scheme, host, user, password, query, fragment, path;
};

template <class = void>
std::optional<url_parts> parse_absolute_url(const std::string& text) {
  // A plain owner: a std::unique_ptr here would be instantiated in every unit that includes
  // this header, used or not.
  struct owned_url {
    explicit owned_url(CURLU* owned) : handle(owned) {}
    owned_url(const owned_url&) = delete;
    owned_url& operator=(const owned_url&) = delete;
    ~owned_url() { curl_url_cleanup(handle); }
    CURLU* handle;
  };
  const owned_url url(curl_url());
  if (!url.handle) throw std::bad_alloc();
  // Without CURLU_DEFAULT_SCHEME a URL that lacks a scheme is refused, which is the point.
  if (curl_url_set(url.handle, CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
      CURLUE_OK) {
    return std::nullopt;
  }
  const auto part = [&](CURLUPart which) {
    char* value = nullptr;
    std::string out;
    if (curl_url_get(url.handle, which, &value, 0) == CURLUE_OK && value) out = value;
    curl_free(value);
    return out;
  };
  url_parts parts{part(CURLUPART_SCHEME),   part(CURLUPART_HOST),  part(CURLUPART_USER),
                  part(CURLUPART_PASSWORD), part(CURLUPART_QUERY), part(CURLUPART_FRAGMENT),
                  part(CURLUPART_PATH)};
  if (parts.scheme.empty() || parts.host.empty()) return std::nullopt;
  return parts;
}

/// localhost, ::1 or an IPv4 literal in 127.0.0.0/8 (not a name that merely starts with "127.").
template <class = void>
bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "[::1]") return true;
  if (host.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (const char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

/// Checks ClientOptions::base_url and returns it without a trailing '/'.
template <class = void>
std::string checked_base_url(const std::string& base_url, bool allow_insecure_http) {
  const auto parts = parse_absolute_url(base_url);
  if (!parts) throw InvalidArgumentError("base_url is not an absolute http(s) URL");
  if (parts->scheme != "https" && parts->scheme != "http") {
    throw InvalidArgumentError("base_url must use https (or http to a loopback host)");
  }
  if (!parts->user.empty() || !parts->password.empty()) {
    throw InvalidArgumentError(
        "base_url must not hold credentials: set ClientOptions::username and password");
  }
  if (!parts->query.empty() || !parts->fragment.empty()) {
    throw InvalidArgumentError("base_url must not have a query or fragment");
  }
  if (parts->scheme == "http" && !allow_insecure_http && !is_loopback_host(parts->host)) {
    throw InvalidArgumentError(
        "base_url uses plain http to a host that is not loopback: credentials would travel "
        "unencrypted (set allow_insecure_http to insist)");
  }
  std::string out = base_url;
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

/// For plain-http requests without allow_insecure_http: refuses a proxy elsewhere than on
/// loopback, which would read the credentials in the clear.
template <class = void>
void require_loopback_proxy(const std::string& proxy) {
  // libcurl takes a proxy without a scheme as http://.
  const auto parts =
      parse_absolute_url(proxy.find("://") == std::string::npos ? "http://" + proxy : proxy);
  if (!parts || !is_loopback_host(parts->host)) {
    throw InvalidArgumentError(
        "proxy is not on loopback while base_url uses plain http: the proxy would see the "
        "credentials unencrypted (set allow_insecure_http to insist)");
  }
}

template <class = void>
void require_absolute_url(const char* field, const std::string& value) {
  if (!parse_absolute_url(value)) {
    throw InvalidArgumentError(std::string(field) + " must be an absolute URL with a scheme");
  }
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
