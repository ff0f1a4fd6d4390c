// Files and images uploaded over real loopback HTTP through the area clients' `_from` members:
// the server receives the same JSON, byte for byte, as the member that takes the bytes in the
// model sends, its `data` decoding to the file's bytes; a retry after a 503 sends the whole body
// again; arguments are still checked before anything is sent; a source of unknown size goes
// chunked; a transport that does not stream gets the whole body; a failing source stops the call.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <vitec/connect/api/crm.hpp>

#include "download_server.hpp"

namespace vc = vitec::connect;

namespace {

namespace api = vitec::connect::api;
using download_test::random_bytes;
using download_test::Server;

const std::string image = random_bytes(3 * 1024 * 1024 + 2, 11);  // not a multiple of 3

/// The bodies the server received, and the Content-Length or Transfer-Encoding each came with.
struct Received {
  std::mutex mutex;
  std::vector<std::string> bodies;
  std::vector<std::string> lengths;
  std::vector<std::string> encodings;

  void keep(const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mutex);
    bodies.push_back(req.body);
    lengths.push_back(req.get_header_value("Content-Length"));
    encodings.push_back(req.get_header_value("Transfer-Encoding"));
  }
};

/// Answers the image's new id, after `failures` 503s.
void answer_id(Server& server, Received& received, int failures = 0) {
  server.on([&received, failures](const httplib::Request& req, httplib::Response& res, int n) {
    CHECK(req.method == "POST");
    CHECK(req.path == "/CRM/Image/M1/EST1");
    received.keep(req);
    if (n <= failures) {
      res.status = 503;
      return;
    }
    res.set_content("\"IMG9\"", "application/json");
  });
}

api::crm::PostImageParams params() {
  api::crm::PostImageParams p;
  p.customer_id = "M1";
  p.estate_id = "EST1";
  return p;
}

api::ImageData described() {
  api::ImageData body;
  body.name = "façade \"north\"";  // escaped in the JSON, around the marker
  body.caption = "Sunset";
  body.advertise = true;
  return body;
}

/// What post_image (the bytes in the model) sends for the same image.
std::string expected_json() {
  api::ImageData whole = described();
  whole.data.assign(image.begin(), image.end());
  return vc::serialize(whole, vc::Format::json);
}

/// The image in a file of its own, removed at the end of the test.
struct ImageFile {
  std::string path = "upload_test_image.bin";
  ImageFile() { std::ofstream(path, std::ios::binary) << image; }
  ~ImageFile() { std::remove(path.c_str()); }
  ImageFile(const ImageFile&) = delete;
  ImageFile& operator=(const ImageFile&) = delete;
};

}  // namespace

TEST_CASE("the base64 stream encoder equals base64 of the whole, split anywhere",
          "[generated][upload]") {
  const std::string bytes = random_bytes(1000, 3);
  for (const std::size_t piece : {1u, 2u, 3u, 4u, 7u, 64u, 999u}) {
    vc::detail::base64_stream_encoder encoder;
    std::string out;
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
      encoder.feed(std::string_view(bytes).substr(at, piece), out);
    }
    encoder.finish(out);
    CHECK(out == vc::detail::base64(bytes));
    CHECK(out.size() == vc::detail::base64_stream_encoder::encoded_size(bytes.size()));
  }
}

TEST_CASE("an image uploaded from a file arrives byte-exact, with its length",
          "[generated][upload]") {
  Server server;
  Received received;
  answer_id(server, received);
  const ImageFile file;
  const api::CrmClient crm{vc::Client(server.options())};
  CHECK(crm.post_image_from(params(), described(), api::ByteSource::file(file.path)) == "IMG9");
  REQUIRE(received.bodies.size() == 1);
  CHECK(received.bodies[0] == expected_json());
  CHECK(received.lengths[0] == std::to_string(expected_json().size()));
  const auto json = nlohmann::json::parse(received.bodies[0]);
  const auto data = vc::detail::base64_decode<std::string>(json.at("data").get<std::string>());
  REQUIRE(data);
  CHECK(*data == image);
  CHECK(json.at("name") == "façade \"north\"");
}

TEST_CASE("a retry after a 503 sends the whole body again", "[generated][upload]") {
  Server server;
  Received received;
  answer_id(server, received, 1);
  const ImageFile file;
  const api::CrmClient crm{vc::Client(server.options())};
  const auto got = crm.try_post_image_from(params(), described(), api::ByteSource::file(file.path));
  REQUIRE(got.ok());
  CHECK(got.value() == "IMG9");
  REQUIRE(received.bodies.size() == 2);
  CHECK(received.bodies[0] == expected_json());
  CHECK(received.bodies[1] == expected_json());
}

TEST_CASE("an upload's arguments are checked before anything is sent", "[generated][upload]") {
  Server server;
  Received received;
  answer_id(server, received);
  const api::CrmClient crm{vc::Client(server.options())};
  const auto source = api::ByteSource::bytes(image);

  auto no_estate = params();
  no_estate.estate_id = "";
  CHECK(crm.try_post_image_from(no_estate, described(), source).error().kind() ==
        vc::ErrorKind::invalid_argument);

  auto with_bytes = described();
  with_bytes.data = {1, 2, 3};  // given twice: which would be meant?
  const auto twice = crm.try_post_image_from(params(), with_bytes, source);
  REQUIRE(!twice.ok());
  CHECK(twice.error().kind() == vc::ErrorKind::invalid_argument);
  CHECK(std::string(twice.error().what()).find("data") != std::string::npos);

  CHECK(crm.try_post_image_from(params(), described(), api::ByteSource{}).error().kind() ==
        vc::ErrorKind::invalid_argument);
  CHECK_THROWS_AS(api::ByteSource::file("no/such/image.jpg"), std::system_error);

  auto xml = server.options();
  xml.format = vc::Format::xml;
  const api::CrmClient in_xml{vc::Client(xml)};
  CHECK(in_xml.try_post_image_from(params(), described(), source).error().kind() ==
        vc::ErrorKind::invalid_argument);
  CHECK(server.requests() == 0);
}

TEST_CASE("a source of unknown size goes chunked, and arrives the same", "[generated][upload]") {
  Server server;
  Received received;
  answer_id(server, received);
  const api::CrmClient crm{vc::Client(server.options())};
  int opened = 0;
  api::ByteSource source;  // odd pieces of 1000 bytes at most, as a pipe might give
  source.open = [&opened]() -> vc::BodyStream::reader {
    ++opened;
    return [at = std::size_t{0}](char* into, std::size_t room) mutable {
      const auto n = image.copy(into, std::min<std::size_t>(room, 1000), at);
      at += n;
      return n;
    };
  };
  CHECK(crm.post_image_from(params(), described(), source) == "IMG9");
  CHECK(opened == 1);
  REQUIRE(received.bodies.size() == 1);
  CHECK(received.bodies[0] == expected_json());
  CHECK(received.encodings[0] == "chunked");
}

TEST_CASE("a source that fails stops the call, not retried; the client stays usable",
          "[generated][upload]") {
  Server server;
  Received received;
  answer_id(server, received);
  const api::CrmClient crm{vc::Client(server.options())};
  api::ByteSource failing;
  failing.size = static_cast<std::int64_t>(image.size());
  failing.open = []() -> vc::BodyStream::reader {
    return [at = std::size_t{0}](char* into, std::size_t room) mutable -> std::size_t {
      if (at > image.size() / 2) throw std::runtime_error("the camera went away");
      const auto n = image.copy(into, room, at);
      at += n;
      return n;
    };
  };
  const auto got = crm.try_post_image_from(params(), described(), failing);
  REQUIRE(!got.ok());
  CHECK(got.error().kind() == vc::ErrorKind::transport);
  CHECK(std::string(got.error().what()).find("the camera went away") != std::string::npos);
  CHECK(got.error().details().attempts == 1);
  CHECK(crm.post_image_from(params(), described(), api::ByteSource::bytes(image)) == "IMG9");
  REQUIRE(!received.bodies.empty());
  CHECK(received.bodies.back() == expected_json());
}

namespace {

/// A user's transport written before uploads streamed: it forwards send() only.
class Forwarding : public vc::Transport {
 public:
  vc::HttpResponse send(const vc::HttpRequest& request) override {
    CHECK(!request.body_stream.open);
    largest_body = std::max(largest_body, request.body.size());
    return inner_.send(request);
  }
  std::size_t largest_body = 0;

 private:
  vc::CurlTransport inner_;
};

}  // namespace

TEST_CASE("a transport that does not stream gets the whole body", "[generated][upload]") {
  Server server;
  Received received;
  answer_id(server, received);
  auto options = server.options();
  auto transport = std::make_shared<Forwarding>();
  options.transport = transport;
  const api::CrmClient crm{vc::Client(options)};
  CHECK(crm.post_image_from(params(), described(), api::ByteSource::bytes(image)) == "IMG9");
  CHECK(transport->largest_body == expected_json().size());
  REQUIRE(received.bodies.size() == 1);
  CHECK(received.bodies[0] == expected_json());
}
