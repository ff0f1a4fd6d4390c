#include "raw_curl.hpp"

#include <curl/curl.h>

#include <vector>

#include "bench_support.hpp"

namespace bench::raw {

const char* const body =
    R"({"contactId":"CON1A2B3C4D5E6F","viewingId":"VIE9F8E7D6C5B4A","participated":true,)"
    R"("contacted":"No"})";

namespace {

std::size_t append(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

curl_slist* make_headers() {
  curl_slist* headers = nullptr;
  for (const char* line :
       {"Content-Type: application/json; charset=utf-8", "Accept: application/json",
        "User-Agent: vitec-connect-cpp/" VITEC_CONNECT_VERSION_STRING, "Expect:"}) {
    headers = curl_slist_append(headers, line);
  }
  return headers;
}

/// One easy handle set up for the PUT, writing its answer into `answer`.
CURL* make_handle(const std::string& url, curl_slist* headers, std::string* answer) {
  CURL* handle = curl_easy_init();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, "PUT");
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(handle, CURLOPT_USERNAME, user);
  curl_easy_setopt(handle, CURLOPT_PASSWORD, password);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &append);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, answer);
  return handle;
}

void check(CURL* handle, CURLcode code, const std::string& answer) {
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  if (code != CURLE_OK || status != 200 || answer != "true") {
    fail(std::string("raw curl: ") + curl_easy_strerror(code) + ", status " +
         std::to_string(status) + ", body " + answer);
  }
}

}  // namespace

void sequential(const std::string& url, long n) {
  curl_slist* headers = make_headers();
  std::string answer;
  CURL* handle = make_handle(url, headers, &answer);
  for (long i = 0; i < n; ++i) {
    answer.clear();
    check(handle, curl_easy_perform(handle), answer);
  }
  curl_easy_cleanup(handle);
  curl_slist_free_all(headers);
}

long bulk(const std::string& url, long n, std::size_t in_flight, const bulk_options& options) {
  curl_slist* headers = make_headers();
  CURLM* multi = curl_multi_init();
  // libcurl multiplexes at most 100 streams on a connection by default and opens more
  // connections (which then come and go) for the rest.
  if (options.http2) {
    curl_multi_setopt(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, static_cast<long>(in_flight));
  }
  std::vector<std::string> answers(in_flight);
  std::vector<CURL*> idle;
  for (std::size_t i = 0; i < in_flight; ++i) {
    CURL* handle = make_handle(url, headers, &answers[i]);
    curl_easy_setopt(handle, CURLOPT_PRIVATE, &answers[i]);
    if (options.http2) {
      curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
      curl_easy_setopt(handle, CURLOPT_PIPEWAIT, 1L);
      curl_easy_setopt(handle, CURLOPT_CAINFO, options.ca_file.c_str());
    }
    idle.push_back(handle);
  }
  long started = 0;
  long finished = 0;
  long connects = 0;
  while (finished < n) {
    while (started < n && !idle.empty()) {
      CURL* handle = idle.back();
      idle.pop_back();
      curl_multi_add_handle(multi, handle);
      ++started;
    }
    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* handle = message->easy_handle;
      std::string* answer = nullptr;
      curl_easy_getinfo(handle, CURLINFO_PRIVATE, &answer);
      check(handle, message->data.result, *answer);
      long opened = 0;
      curl_easy_getinfo(handle, CURLINFO_NUM_CONNECTS, &opened);
      connects += opened;
      answer->clear();
      curl_multi_remove_handle(multi, handle);
      idle.push_back(handle);
      ++finished;
    }
    if (finished < n && (idle.empty() || started == n))
      curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  for (CURL* handle : idle) curl_easy_cleanup(handle);
  curl_multi_cleanup(multi);
  curl_slist_free_all(headers);
  return connects;
}

}  // namespace bench::raw
