// Walks spec/vitec-connect.json: every documented sample body and answer that is a model (or a
// list of one) is read into its generated type and written back, and what comes back must be
// the sample, member for member. One program for every model, driven by the description.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <pugixml.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <vitec/connect/api/all_models.hpp>
#include <vitec/connect/models.hpp>

namespace {

namespace vc = vitec::connect;
using json = nlohmann::json;

// Text in, text out: the sample read into the typed model and written again.
using round_trip = std::string (*)(std::string_view);

template <class Model>
std::string one(std::string_view text) {
  // As an answer is written: the samples' placeholder texts may break a documented limit
  // ("sample string 4" for a two-letter country code), which only what is sent is held to.
  return vc::detail::answer_body(vc::deserialize<Model>(text, vc::Format::json), vc::Format::json);
}

template <class Model>
std::string list(std::string_view text) {
  return vc::detail::answer_body(vc::deserialize<std::vector<Model>>(text, vc::Format::json),
                                 vc::Format::json);
}

// JSON text in; the model as XML, and the JSON text of what that XML reads back as.
template <class Model>
std::pair<std::string, std::string> xml(std::string_view text) {
  const auto model = vc::deserialize<Model>(text, vc::Format::json);
  std::string in_xml = vc::detail::answer_body(model, vc::Format::xml);
  const auto back = vc::deserialize<Model>(in_xml, vc::Format::xml);
  return {std::move(in_xml), vc::detail::answer_body(back, vc::Format::json)};
}

struct model_codec {
  round_trip one;
  round_trip list;
  std::pair<std::string, std::string> (*xml)(std::string_view);
};

// The generator's list of every model (tests/generated/models.inc), by description key.
const std::map<std::string, model_codec>& registry() {
  static const std::map<std::string, model_codec> models = {
#define VITEC_CONNECT_MODEL(key, type) \
  {key, {&one<vc::api::type>, &list<vc::api::type>, &xml<vc::api::type>}},
#include "models.inc"
#undef VITEC_CONNECT_MODEL
  };
  return models;
}

// JSON text of a tree that parse_json_keeping_numbers() made: a number with a fraction or an
// exponent is written as the text it was read from.
std::string text_of(const json& j) {
  if (j.is_binary()) return std::string(j.get_binary().begin(), j.get_binary().end());
  if (j.is_object()) {
    std::string out = "{";
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (out.size() > 1) out += ',';
      out += json(it.key()).dump() + ':' + text_of(*it);
    }
    return out + '}';
  }
  if (j.is_array()) {
    std::string out = "[";
    for (const auto& item : j) {
      if (out.size() > 1) out += ',';
      out += text_of(item);
    }
    return out + ']';
  }
  return j.dump();
}

// What a typed model cannot tell apart is made equal: a null or an empty list is an absent
// member, a null list item is no item.
json normalised(const json& j) {
  if (j.is_object()) {
    json out = json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it->is_null() || (it->is_array() && it->empty())) continue;
      out[it.key()] = normalised(*it);
    }
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const auto& item : j) {
      if (!item.is_null()) out.push_back(normalised(item));
    }
    return out;
  }
  return j;
}

struct sample {
  std::string where;  // "GET-CRM-Bid-customerId-id answer"
  std::string model;  // description key
  bool is_list = false;
  json value;
};

constexpr std::string_view collection = "Collection of ";

// The samples of every operation whose body or answer is a model, a list of one, or one of
// several models picked by a discriminator; `skipped` counts the others (scalar answers).
std::vector<sample> samples(std::size_t& skipped) {
  std::ifstream in(VITEC_CONNECT_SPEC_FILE, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  const json spec = vc::detail::parse_json_keeping_numbers(text.str());
  std::vector<sample> out;
  for (const auto& op : spec["operations"]) {
    for (const char* part : {"body", "answer"}) {
      const std::string key = std::string("sample_") + part;
      if (!op.contains(key) || op[part].is_null()) continue;
      const json& shape = op[part];
      const json& value = op[key];
      const std::string where = op["id"].get<std::string>() + ' ' + part;
      if (shape.contains("one_of")) {
        const auto pick = [&](const json& item) {
          const std::string name = item.at(shape["discriminator"].get<std::string>());
          return shape["discriminator_values"].at(name).get<std::string>();
        };
        if (value.is_array()) {
          for (const auto& item : value) out.push_back({where, pick(item), false, item});
        } else {
          out.push_back({where, pick(value), false, value});
        }
        continue;
      }
      std::string type = shape["type"].get<std::string>();
      const bool is_list = type.rfind(collection, 0) == 0;
      if (is_list) type.erase(0, collection.size());
      if (registry().count(type) == 0) {
        ++skipped;  // a string, boolean, bytes or list of strings: not a model
        continue;
      }
      out.push_back({where, type, is_list, value});
    }
  }
  return out;
}

TEST_CASE("every documented sample of a model reads into its type and writes back unchanged",
          "[generated]") {
  std::size_t skipped = 0;
  const auto all = samples(skipped);
  std::size_t passed = 0;
  for (const auto& each : all) {
    INFO(each.where << " (" << each.model << (each.is_list ? ", a list" : "") << ")");
    const auto& codec = registry().at(each.model);
    std::string written;
    REQUIRE_NOTHROW(written = (each.is_list ? codec.list : codec.one)(text_of(each.value)));
    const json back = vc::detail::parse_json_keeping_numbers(written);
    CHECK(normalised(back) == normalised(each.value));
    if (normalised(back) == normalised(each.value)) ++passed;
  }
  WARN(passed << " of " << all.size() << " samples of models round-trip; " << skipped
              << " samples are not of a model (strings, booleans, bytes)");
  CHECK(all.size() > 100);
}

const json& description() {
  static const json spec = [] {
    std::ifstream in(VITEC_CONNECT_SPEC_FILE, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return vc::detail::parse_json_keeping_numbers(text.str());
  }();
  return spec;
}

// The root element and default namespace that .NET's DataContractSerializer reads: the model's
// name and the namespace the help site's XML sample shows.
void check_xml_root(const std::string& in_xml, const json& model) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(in_xml.c_str()));
  CHECK(std::string(doc.document_element().name()) == model["name"].get<std::string>());
  CHECK(std::string(doc.document_element().attribute("xmlns").value()) ==
        model["xml_namespace"].get<std::string>());
}

TEST_CASE("every model with a documented XML namespace round-trips through XML", "[generated]") {
  std::size_t skipped = 0;
  std::size_t with_samples = 0;
  std::size_t models = 0;
  for (const auto& each : samples(skipped)) {
    const json& model = description()["models"][each.model];
    if (model["xml_namespace"].is_null() || each.is_list) continue;
    INFO(each.where << " (" << each.model << ")");
    const auto [in_xml, back] = registry().at(each.model).xml(text_of(each.value));
    check_xml_root(in_xml, model);
    CHECK(normalised(vc::detail::parse_json_keeping_numbers(back)) == normalised(each.value));
    ++with_samples;
  }
  for (const auto& [key, codec] : registry()) {
    const json& model = description()["models"][key];
    INFO(key);
    if (model["xml_namespace"].is_null()) {
      // Refused before anything is sent, naming the model.
      CHECK_THROWS_AS(codec.xml("{}"), vc::InvalidArgumentError);
      continue;
    }
    const std::string empty = codec.one("{}");
    const auto [in_xml, back] = codec.xml(empty);
    check_xml_root(in_xml, model);
    CHECK(back == empty);
    ++models;
  }
  CHECK(with_samples >= 5);
  CHECK(models >= 15);
}

TEST_CASE("every generated model reads an empty object and writes what it reads back",
          "[generated]") {
  for (const auto& [key, codec] : registry()) {
    INFO(key);
    const std::string written = codec.one("{}");  // {} but for the required members
    CHECK(codec.one(written) == written);
    CHECK(codec.list("[" + written + "]") == "[" + written + "]");
  }
}

}  // namespace
