// Paged lists as one range over real loopback HTTP: pages fetched only as the iteration reaches
// them, the stop rules (count, total, empty or short page), an error mid-way thrown from the
// increment, the generic api::rows by operation id, and change sync from a checkpoint.
#include <httplib.h>
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <vitec/connect.hpp>
#include <vitec/connect/api/all.hpp>

namespace {

namespace vc = vitec::connect;
namespace api = vitec::connect::api;
using json = nlohmann::json;

/// Serves GET Advertising/Estate/{customerId} from `rows` estates: the page the query asks for
/// (paging.pageIndex, paging.pageSize), only those changed at or after
/// criteria.changedAtMinValue; answers 500 to the page index `failing_page`.
class EstateServer {
 public:
  explicit EstateServer(int rows) {
    for (int i = 0; i < rows; ++i) {
      // One estate a minute from 10:00, written as Vitec writes a time without an offset.
      changed_.push_back("2024-05-01T1" + std::to_string(i / 60) + ":" + two_digits(i % 60) +
                         ":00");
    }
    server_.Get(R"(/Advertising/Estate/([^/]+))", [this](const httplib::Request& req,
                                                         httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      targets_.push_back(req.target);
      const auto index = std::stoll(req.get_param_value("paging.pageIndex"));
      const auto size = std::stoll(req.get_param_value("paging.pageSize"));
      if (index == failing_page_) {
        res.status = 500;
        return;
      }
      const auto since = req.get_param_value("criteria.changedAtMinValue");
      std::vector<std::size_t> matching;
      for (std::size_t i = 0; i < changed_.size(); ++i) {
        if (since.empty() || changed_[i] >= since.substr(0, 19)) matching.push_back(i);
      }
      json page{{"index", index},
                {"count", (static_cast<std::int64_t>(matching.size()) + size - 1) / size},
                {"totalRowCount", matching.size()},
                {"rows", json::array()}};
      for (auto at = static_cast<std::size_t>(index * size);
           at < matching.size() && at < static_cast<std::size_t>((index + 1) * size); ++at) {
        page["rows"].push_back({{"id", "E" + std::to_string(matching[at])},
                                {"customerId", req.matches[1].str()},
                                {"changedAt", changed_[matching[at]]},
                                {"unknownMember", true}});
      }
      res.set_content(page.dump(), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~EstateServer() {
    server_.stop();
    thread_.join();
  }
  EstateServer(const EstateServer&) = delete;
  EstateServer& operator=(const EstateServer&) = delete;

  vc::Client client() const {
    vc::ClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(port_);
    options.username = "broker";
    options.password = "a-password-of-some-length";
    options.retry.max_attempts = 1;
    return vc::Client(options);
  }
  std::vector<std::string> targets() {
    std::lock_guard<std::mutex> lock(mutex_);
    return targets_;
  }
  void fail_page(std::int64_t index) {
    std::lock_guard<std::mutex> lock(mutex_);
    failing_page_ = index;
  }
  void change(std::size_t row, std::string at) {
    std::lock_guard<std::mutex> lock(mutex_);
    changed_[row] = std::move(at);
  }

 private:
  static std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> changed_;
  std::vector<std::string> targets_;
  std::int64_t failing_page_ = -1;
};

api::advertising::GetEstateParams estates_of(const std::string& customer_id) {
  api::advertising::GetEstateParams params;
  params.customer_id = customer_id;
  return params;
}

}  // namespace

TEST_CASE("A paged list is one range, each page fetched only when the iteration reaches it",
          "[generated][paging]") {
  EstateServer server(25);
  const api::AdvertisingClient advertising{server.client()};
  auto params = estates_of("M1");
  params.page_size = 10;
  auto rows = advertising.get_estate_all(params);
  CHECK(server.targets().empty());  // nothing is fetched before the iteration starts

  std::vector<std::string> ids;
  for (const auto& row : rows) {
    ids.push_back(*row.id);
    // The page of the row being read is the last one fetched.
    CHECK(server.targets().size() == ids.size() / 10 + (ids.size() % 10 != 0 ? 1 : 0));
  }
  REQUIRE(ids.size() == 25);
  CHECK(ids.front() == "E0");
  CHECK(ids.back() == "E24");
  CHECK(rows.pages_read() == 3);  // count says 3 pages: no fourth request
  CHECK(server.targets() ==
        std::vector<std::string>{"/Advertising/Estate/M1?paging.pageSize=10&paging.pageIndex=0",
                                 "/Advertising/Estate/M1?paging.pageSize=10&paging.pageIndex=1",
                                 "/Advertising/Estate/M1?paging.pageSize=10&paging.pageIndex=2"});
}

TEST_CASE("Breaking out of a paged range fetches nothing more", "[generated][paging]") {
  EstateServer server(250);
  const api::AdvertisingClient advertising{server.client()};
  int read = 0;
  for (const auto& row : advertising.get_estate_all(estates_of("M1"))) {
    (void)row;
    if (++read == 150) break;
  }
  CHECK(server.targets().size() == 2);  // pages of the default size, 100
}

TEST_CASE("A page that fails throws from the increment that needed it", "[generated][paging]") {
  EstateServer server(30);
  server.fail_page(1);
  const api::AdvertisingClient advertising{server.client()};
  auto params = estates_of("M1");
  params.page_size = 10;
  auto rows = advertising.get_estate_all(params);
  auto it = rows.begin();
  int read = 0;
  const auto walk = [&] {
    for (; it != rows.end(); ++it) ++read;
  };
  CHECK_THROWS_AS(walk(), vc::ServerError);
  CHECK(read == 10);
  CHECK(server.targets().size() == 2);
  CHECK(it == rows.end());  // never a row of a page that is gone

  // Once the server is back, begin() asks for the failed page again and the loop goes on.
  server.fail_page(-1);
  for (it = rows.begin(); it != rows.end(); ++it) ++read;
  CHECK(read == 30);
  CHECK(server.targets().size() == 4);
  CHECK(server.targets()[2] == server.targets()[1]);
}

TEST_CASE("An empty list is an empty range after one request", "[generated][paging]") {
  EstateServer server(0);
  const api::AdvertisingClient advertising{server.client()};
  auto rows = advertising.get_estate_all(estates_of("M1"));
  CHECK(rows.begin() == rows.end());
  CHECK(server.targets().size() == 1);
}

TEST_CASE("A page without count or total stops at a short page", "[generated][paging]") {
  std::vector<std::int64_t> asked;
  api::PageRange<int> rows(
      [&](std::int64_t index, std::int64_t size) {
        asked.push_back(index);
        api::PageOf<int> page;
        for (std::int64_t i = 0; i < (index < 2 ? size : size - 1); ++i) {
          page.rows.push_back(static_cast<int>(index * size + i));
        }
        return page;
      },
      0, 4);
  int sum = 0;
  int seen = 0;
  for (int row : rows) {
    sum += row;
    ++seen;
  }
  CHECK(seen == 11);
  CHECK(sum == 55);
  CHECK(asked == std::vector<std::int64_t>{0, 1, 2});
  CHECK_THROWS_AS(
      api::PageRange<int>([](std::int64_t, std::int64_t) { return api::PageOf<int>{}; }, 0, 0),
      vc::InvalidArgumentError);
}

TEST_CASE("api::rows reads any paged list by its id, as JSON rows", "[generated][paging]") {
  EstateServer server(12);
  const auto client = server.client();
  api::Arguments arguments;
  arguments.path["customerId"] = "M 1";
  arguments.query["pageindex"] = "1";  // names match without regard to case
  std::vector<std::string> ids;
  for (const json& row : api::rows(client, "GET-Advertising-Estate-customerId", arguments, 5)) {
    ids.push_back(row["id"]);
    CHECK_FALSE(row.contains("unknownMember"));  // read through the typed row
  }
  CHECK(ids == std::vector<std::string>{"E5", "E6", "E7", "E8", "E9", "E10", "E11"});
  CHECK(server.targets().front() ==
        "/Advertising/Estate/M%201?paging.pageSize=5&paging.pageIndex=1");

  const auto before = server.targets().size();
  CHECK_THROWS_AS(api::rows(client, "GET-CRM-Bid-customerId-id", {}), vc::InvalidArgumentError);
  CHECK_THROWS_AS(api::rows(client, "no-such-operation", {}), vc::InvalidArgumentError);
  arguments.query["PageSize"] = "ten";
  CHECK_THROWS_WITH(api::rows(client, "GET-Advertising-Estate-customerId", arguments),
                    Catch::Contains("PageSize"));
  CHECK(server.targets().size() == before);
}

TEST_CASE(
    "A change sync reads from its checkpoint less the overlap, and returns the newest "
    "change seen",
    "[generated][paging]") {
  EstateServer server(30);  // changed 10:00 .. 10:29
  const api::AdvertisingClient advertising{server.client()};
  std::vector<std::string> seen;
  const auto first = advertising.get_estate_changes(
      estates_of("M1"), std::nullopt, [&](const auto& row) { seen.push_back(*row.id); });
  CHECK(seen.size() == 30);
  REQUIRE(first);
  CHECK(first->to_string() == "2024-05-01T10:29:00");

  // Two estates change after the first sync; the next one starts 5 minutes before the checkpoint.
  server.change(3, "2024-05-01T11:00:00");
  server.change(7, "2024-05-01T11:02:00");
  seen.clear();
  const auto second = advertising.get_estate_changes(
      estates_of("M1"), first, [&](const auto& row) { seen.push_back(*row.id); });
  CHECK(server.targets().back() ==
        "/Advertising/Estate/M1?criteria.changedAtMinValue=2024-05-01T10:24:00.0000000"
        "&paging.pageSize=100&paging.pageIndex=0");
  // 10:24 .. 10:29 again (the overlap: duplicates are possible), then the two changed.
  CHECK(seen == std::vector<std::string>{"E3", "E7", "E24", "E25", "E26", "E27", "E28", "E29"});
  REQUIRE(second);
  CHECK(second->to_string() == "2024-05-01T11:02:00");

  // Nothing changed: the checkpoint stays.
  seen.clear();
  server.change(3, "2024-05-01T10:00:00");
  server.change(7, "2024-05-01T10:00:00");
  for (int i = 24; i < 30; ++i) server.change(static_cast<std::size_t>(i), "2024-05-01T10:00:00");
  const auto third = advertising.get_estate_changes(
      estates_of("M1"), second, [&](const auto& row) { seen.push_back(*row.id); });
  CHECK(seen.empty());
  CHECK(third == second);
}

TEST_CASE("A checkpoint with an offset moves back as an instant", "[generated][paging]") {
  const auto moved = vc::detail::earlier_by(vc::DateTime::parse("2024-05-01T00:02:00+02:00"),
                                            std::chrono::seconds(300));
  CHECK(moved.to_string() == "2024-04-30T21:57:00.0000000Z");
  const auto wall =
      vc::detail::earlier_by(vc::DateTime::parse("2024-03-01T00:01:00"), std::chrono::seconds(120));
  CHECK(wall.to_string() == "2024-02-29T23:59:00.0000000");
}
