// Reads at scale (issue 22) against a cpp-httplib server on its own thread in this process, which
// makes every answer as it is asked for, so that what it holds does not grow with the total.
// One figure per process, so that its peak RSS is that figure's alone:
//   --mode estates --n N      every row of N estates through AdvertisingClient::get_estate_all,
//                             pages of 100; prints the process's peak RSS (VmHWM)
//   --mode contacts --n N     N person contacts by id through
//                             CrmClient::get_contact_person_by_contact_ids_batched (calls of 20,
//                             16 in flight), and the same calls by a hand-written curl multi loop
//                             that parses the same JSON with nlohmann; --rounds R alternates them
//   --mode upload --mb M      an image of M MiB from a file through CrmClient::post_image_from;
//                             the server counts the bytes and drops them
//                             prints the peak RSS before and after the upload

#include <curl/curl.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <vitec/connect/api/advertising.hpp>
#include <vitec/connect/api/crm.hpp>

#include "bench_support.hpp"

namespace bench {
namespace {

namespace api = vc::api;

/// The process's peak resident set (VmHWM), in kB.
long vm_hwm_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return peak_rss_kb();
}

/// One estate row and one person contact as the pages' samples have them, with their id.
std::string estate_row(std::size_t i) {
  return R"({"id":"EST)" + std::to_string(i) +
         R"(","customerId":"M1","changedAt":"2026-10-04T06:01:56.1347546+02:00"})";
}

std::string person(const std::string& id) {
  return R"({"type":"Person","firstName":"Anna","lastName":"Berg","isForeignSocialSecurityNumber":false,)"
         R"("telephone":{"home":"08-123 45 67","cell":"070-123 45 67"},"leadScore":4,)"
         R"("wantsToBeMatched":"Yes","isDeceased":false,"isCompanyPerson":false,"id":")" +
         id +
         R"(","customerId":"M1","agentId":"AGT1","address":{"streetAddress":"Storgatan 1",)"
         R"("zipCode":"111 22","city":"Stockholm","countryCode":"SE","wgs84Coordinate":)"
         R"({"longitude":18.0686,"latitude":59.3293}},"email":{"emailAddress":"anna@example.se"},)"
         R"("advertisingEnabled":true,"note":"","categories":[{"id":"CAT1","name":"Köpare",)"
         R"("readOnly":false}],"createdAt":"2026-10-04T13:51:28.9471175+02:00",)"
         R"("changedAt":"2026-10-04T13:51:28.9471175+02:00"})";
}

class server {
 public:
  explicit server(std::size_t estates) {
    server_.Get(
        "/Advertising/Estate/M1", [estates](const httplib::Request& req, httplib::Response& res) {
          const std::size_t size = std::stoul(req.get_param_value("paging.pageSize"));
          const std::size_t index = std::stoul(req.get_param_value("paging.pageIndex"));
          const std::size_t pages = (estates + size - 1) / size;
          std::string body = R"({"index":)" + std::to_string(index) + R"(,"count":)" +
                             std::to_string(pages) + R"(,"totalRowCount":)" +
                             std::to_string(estates) + R"(,"rows":[)";
          for (std::size_t i = index * size; i < std::min(estates, (index + 1) * size); ++i) {
            if (i != index * size) body += ',';
            body += estate_row(i);
          }
          res.set_content(body + "]}", "application/json");
        });
    server_.Get("/CRM/Contact/M1/Person", [](const httplib::Request& req, httplib::Response& res) {
      const std::string ids = req.get_param_value("contactIds");
      std::string body = "[";
      for (std::size_t from = 0; from <= ids.size();) {
        const auto comma = std::min(ids.find(',', from), ids.size());
        if (body.size() > 1) body += ',';
        body += person(ids.substr(from, comma - from));
        from = comma + 1;
      }
      res.set_content(body + "]", "application/json");
    });
    server_.Post("/CRM/Image/M1/EST1", [this](const httplib::Request&, httplib::Response& res,
                                              const httplib::ContentReader& read) {
      read([this](const char*, std::size_t n) {
        received += n;
        return true;
      });
      res.set_content("\"IMG1\"", "application/json");
    });
    // A thread for each of the 16 keep-alive connections, and no Nagle delay on the answers'
    // second write: else the server, not the client, is what is measured.
    server_.new_task_queue = [] { return new httplib::ThreadPool(20); };
    server_.set_tcp_nodelay(true);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~server() {
    server_.stop();
    thread_.join();
  }
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::atomic<std::size_t> received{0};

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

int estates(std::size_t n) {
  server srv(n);
  const api::AdvertisingClient advertising{vc::Client(client_options(srv.url()))};
  api::advertising::GetEstateParams params;
  params.customer_id = "M1";
  params.page_size = 100;
  std::size_t rows = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& row : advertising.get_estate_all(params)) rows += row.id ? 1 : 0;
  const double seconds = seconds_since(start);
  if (rows != n) fail("read " + std::to_string(rows) + " rows, not " + std::to_string(n));
  std::printf("estates rows=%zu pages=%zu peak_rss_kb=%ld rows_per_s=%.0f\n", rows, (n + 99) / 100,
              vm_hwm_kb(), static_cast<double>(rows) / seconds);
  return 0;
}

/// The contacts' ids, in calls of 20 as the batched member splits them.
std::vector<std::string> contact_ids(std::size_t n) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < n; ++i) ids.push_back("CON" + std::to_string(100000 + i));
  return ids;
}

double sdk_contacts(const api::CrmClient& crm, const std::vector<std::string>& ids) {
  api::crm::GetContactPersonByContactIdsParams params;
  params.customer_id = "M1";
  params.contact_ids = ids;
  const auto start = std::chrono::steady_clock::now();
  const auto people = crm.get_contact_person_by_contact_ids_batched(params);
  const double seconds = seconds_since(start);
  if (people.size() != ids.size() || people.back().id != ids.back()) fail("sdk: wrong contacts");
  return seconds;
}

/// One call of the hand-written loop: its handle (kept, with its connection, for the next round).
struct raw_call {
  CURL* easy = curl_easy_init();
  std::string url;
  std::string body;
};

size_t on_body(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

/// The same calls by hand: curl multi, 16 in flight, each answer parsed with nlohmann.
double raw_contacts(CURLM* multi, std::vector<raw_call>& calls, const std::string& base,
                    const std::string& authorization, const std::vector<std::string>& ids) {
  std::vector<std::string> urls;
  for (std::size_t from = 0; from < ids.size(); from += 20) {
    std::string url = base + "/CRM/Contact/M1/Person?contactIds=";
    for (std::size_t i = from; i < std::min(ids.size(), from + 20); ++i) {
      if (i != from) url += ',';
      url += ids[i];
    }
    urls.push_back(url);
  }
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, authorization.c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "User-Agent: bench");
  std::size_t next = 0;
  std::size_t people = 0;
  const auto start = std::chrono::steady_clock::now();
  const auto start_call = [&](raw_call& c) {
    c.url = urls[next++];
    c.body.clear();
    curl_easy_setopt(c.easy, CURLOPT_URL, c.url.c_str());
    curl_easy_setopt(c.easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c.easy, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(c.easy, CURLOPT_WRITEDATA, &c.body);
    curl_easy_setopt(c.easy, CURLOPT_PRIVATE, &c);
    curl_multi_add_handle(multi, c.easy);
  };
  for (auto& c : calls) {
    if (next < urls.size()) start_call(c);
  }
  for (int running = 1; running > 0 || next < urls.size();) {
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      raw_call* c = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&c));
      curl_multi_remove_handle(multi, c->easy);
      const auto json = nlohmann::json::parse(c->body);
      people += json.size();
      if (next < urls.size()) {
        start_call(*c);
        running = 1;
      }
    }
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  const double seconds = seconds_since(start);
  curl_slist_free_all(headers);
  if (people != ids.size()) fail("raw: wrong contacts");
  return seconds;
}

int contacts(std::size_t n, int rounds) {
  server srv(0);
  const auto options = client_options(srv.url());
  const api::CrmClient crm{vc::Client(options)};
  const auto ids = contact_ids(n);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM* multi = curl_multi_init();
  std::vector<raw_call> calls(16);
  const std::string authorization =
      "Authorization: Basic " + vc::detail::base64(std::string(user) + ":" + password);
  sdk_contacts(crm, ids);  // both sides' connections open before the first timed round
  raw_contacts(multi, calls, srv.url(), authorization, ids);
  std::vector<double> ratios;
  double sdk_total = 0;
  double raw_total = 0;
  for (int r = 0; r < rounds; ++r) {
    const double sdk = sdk_contacts(crm, ids);
    const double raw = raw_contacts(multi, calls, srv.url(), authorization, ids);
    sdk_total += sdk;
    raw_total += raw;
    ratios.push_back(raw / sdk);  // throughput ratio: above 1 when the SDK is faster
  }
  for (auto& c : calls) curl_easy_cleanup(c.easy);
  curl_multi_cleanup(multi);
  std::sort(ratios.begin(), ratios.end());
  std::printf("contacts n=%zu calls=%zu rounds=%d sdk_per_s=%.0f raw_per_s=%.0f ratio=%.3f\n", n,
              (n + 19) / 20, rounds, static_cast<double>(n) * rounds / sdk_total,
              static_cast<double>(n) * rounds / raw_total, ratios[ratios.size() / 2]);
  return 0;
}

int upload(std::size_t mib) {
  const std::string path = "bench_upload_image.bin";
  {
    std::mt19937 random(5);
    std::ofstream out(path, std::ios::binary);
    std::string piece(1 << 20, '\0');
    for (std::size_t m = 0; m < mib; ++m) {
      for (auto& c : piece) c = static_cast<char>(random() & 0xFF);
      out << piece;
    }
  }
  server srv(0);
  auto options = client_options(srv.url());
  options.request_timeout = std::chrono::minutes(5);
  const api::CrmClient crm{vc::Client(options)};
  api::crm::PostImageParams params;
  params.customer_id = "M1";
  params.estate_id = "EST1";
  api::ImageData body;
  body.name = "front.jpg";
  const long before = vm_hwm_kb();
  const auto start = std::chrono::steady_clock::now();
  const auto id = crm.post_image_from(params, body, api::ByteSource::file(path));
  const double seconds = seconds_since(start);
  std::remove(path.c_str());
  if (id != "IMG1") fail("the upload was not answered with its id");
  std::printf("upload bytes=%zu sent=%zu peak_rss_kb_before=%ld peak_rss_kb=%ld mb_per_s=%.1f\n",
              mib << 20, srv.received.load(), before, vm_hwm_kb(),
              static_cast<double>(mib << 20) / 1e6 / seconds);
  return 0;
}

int run(int argc, char** argv) {
  const std::string mode = arg(argc, argv, "--mode", nullptr);
  if (mode == "estates")
    return estates(static_cast<std::size_t>(arg_number(argc, argv, "--n", "10000")));
  if (mode == "contacts") {
    return contacts(static_cast<std::size_t>(arg_number(argc, argv, "--n", "2000")),
                    static_cast<int>(arg_number(argc, argv, "--rounds", "9")));
  }
  if (mode == "upload")
    return upload(static_cast<std::size_t>(arg_number(argc, argv, "--mb", "50")));
  fail("--mode is estates, contacts or upload");
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::guarded_main(bench::run, argc, argv); }
