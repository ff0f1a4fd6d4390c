#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "vitec/connect/detail/data_contract.hpp"
#include "vitec/connect/detail/json_fields.hpp"
#include "vitec/connect/detail/json_writer.hpp"
#include "vitec/connect/detail/wire_value.hpp"
#include "vitec/connect/detail/xml.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/format.hpp"
#include "vitec/connect/order_entry.hpp"
#include "vitec/connect/order_ticket.hpp"
#include "vitec/connect/order_token.hpp"
#include "vitec/connect/order_user_interaction_request.hpp"
#include "vitec/connect/participant_follow_up.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

/// Calls f(field, value) for each present member that `which` selects, in table order.
template <class Model, class F>
void for_each_written(const Model& v, members which, F&& f) {
  for_each_field<Model>([&](const auto& field) {
    if (!field.sent && which == members::sent) return;
    if_present(v.*field.member, [&](const auto& value) { f(field, value); });
  });
}

/// Whether Model goes in XML: only where Vitec documents its DataContract namespace (the 0.2
/// models and their twins in the description), since the server drops what is in another one.
template <class Model>
inline constexpr bool does_xml = contract<Model>::xml_namespace != nullptr;

template <class Model>
[[noreturn]] void refuse_xml() {
  throw InvalidArgumentError(std::string(contract<Model>::name) +
                             " has no documented XML namespace: it goes in JSON only");
}

/// Refuses, before anything is sent, a value the format cannot carry: text that is not UTF-8 (for
/// XML also a character XML 1.0 forbids), an enum with an empty name, or any value in XML of a
/// model without an XML namespace; the message names the member and the byte offset.
template <class Model>
void validate(const Model& v, Format format, members which) {
  if constexpr (!does_xml<Model>) {
    if (format == Format::xml) refuse_xml<Model>();
  }
  for_each_written(v, which, [&](const auto& field, const auto& value) {
    using value_type = std::decay_t<decltype(value)>;
    value_codec<value_type>::check(value, member_ref{contract<Model>::name, field.json_name},
                                   format);
  });
}

template <class Model>
void check_limits_of(const Model& v);

template <class T>
void check_limits_of_value(const T& value) {
  if constexpr (is_model<T>) {
    check_limits_of(value);
  } else if constexpr (is_vector<T>::value) {
    if constexpr (is_model<typename T::value_type>) {
      for (const auto& item : value) check_limits_of(item);
    }
  }
}

/// Refuses a body outside the documented limits of its model and of every model it holds: only
/// what is sent is held to them (an answer is read whatever it holds).
template <class Model>
void check_limits_of(const Model& v) {
  if constexpr (is_generated_model<Model>) {
    if constexpr (has_limits<Model>) contract<Model>::check_limits(v);
    for_each_field<Model>([&](const auto& field) {
      if_present(v.*field.member, [](const auto& value) { check_limits_of_value(value); });
    });
  }
}

// Members in the docs' order, written without building an nlohmann::json tree.
template <class Model>
std::string to_json_text(const Model& v, members which) {
  json_object_writer json;
  for_each_written(v, which, [&](const auto& field, const auto& value) {
    json.member(field.json_name, value_codec<std::decay_t<decltype(value)>>::json_value(value));
  });
  return std::move(json).finish();
}

template <class Model>
void write_xml_members(data_contract_writer& xml, const Model& v, members which) {
  for_each_field_in_xml_order<Model>([&](const auto& field) {
    if (!field.sent && which == members::sent) return;
    if_present(v.*field.member, [&](const auto& value) {
      xml.member(field.xml_name, value_codec<std::decay_t<decltype(value)>>::xml_text(value));
    });
  });
}

template <class Model>
std::string to_xml_text(const Model& v, members which = members::sent) {
  if constexpr (does_xml<Model>) {
    data_contract_writer xml(contract<Model>::name, contract<Model>::xml_namespace);
    write_xml_members(xml, v, which);
    return std::move(xml).finish();
  } else {
    refuse_xml<Model>();
  }
}

/// The body of a request: checked, then written.
template <class Model>
std::string request_body(const Model& v, Format format) {
  validate(v, format);
  check_limits_of(v);
  return format == Format::json ? to_json_text(v) : to_xml_text(v);
}

/// A model or a list of them as the server would answer it, every member included; for the
/// stand-in and tests. Checked like a request body.
template <class Model>
std::string answer_body(const Model& v, Format format) {
  validate(v, format, members::all);
  return format == Format::json ? to_json_text(v, members::all) : to_xml_text(v, members::all);
}

template <class Model>
std::string answer_body(const std::vector<Model>& items, Format format) {
  for (const Model& item : items) validate(item, format, members::all);
  if (format == Format::json) {
    std::string out = "[";
    for (const Model& item : items) {
      if (out.size() > 1) out += ',';
      out += to_json_text(item, members::all);
    }
    return out + ']';
  }
  if constexpr (does_xml<Model>) {
    const std::string root = std::string("ArrayOf") + contract<Model>::name;
    data_contract_writer xml(root.c_str(), contract<Model>::xml_namespace);
    for (const Model& item : items) {
      xml.open(contract<Model>::name);
      write_xml_members(xml, item, members::all);
      xml.close(contract<Model>::name);
    }
    return std::move(xml).finish();
  } else {
    refuse_xml<Model>();
  }
}

// The JSON type is a parameter so that nlohmann's overloads are resolved only where used.
template <class Json = nlohmann::json>
Json parse_json(std::string_view body) {
  auto j = Json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded()) throw ProtocolError("body is not valid JSON");
  return j;
}

/// "list element 3: " before what went wrong with it.
template <class = void>
[[noreturn]] void bad_element(std::size_t index, const ProtocolError& e) {
  throw ProtocolError("list element " + std::to_string(index) + ": " + e.what());
}

/// Builds the tree of a JSON text through nlohmann's SAX interface, keeping the text of each
/// number with a fraction or an exponent (in a binary value, which JSON text cannot produce):
/// Decimal reads it exactly where nlohmann's own tree would hold a double.
template <class Json>
class number_text_builder {
 public:
  using number_integer_t = typename Json::number_integer_t;
  using number_unsigned_t = typename Json::number_unsigned_t;
  using number_float_t = typename Json::number_float_t;
  using string_t = typename Json::string_t;
  using binary_t = typename Json::binary_t;

  bool null() { return put(nullptr); }
  bool boolean(bool value) { return put(value); }
  bool number_integer(number_integer_t value) { return put(value); }
  bool number_unsigned(number_unsigned_t value) { return put(value); }
  bool number_float(number_float_t /*value*/, const string_t& text) {
    return put(Json::binary(typename binary_t::container_type(text.begin(), text.end())));
  }
  bool string(string_t& value) { return put(std::move(value)); }
  bool binary(binary_t& value) { return put(Json::binary(std::move(value))); }
  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool key(string_t& name) {
    key_ = std::move(name);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_array() { return close(); }
  template <class Exception>
  bool parse_error(std::size_t /*at*/, const std::string& /*token*/, const Exception& /*e*/) {
    return false;
  }

  Json take() && { return std::move(root_); }

 private:
  Json* place(Json value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    return &(parent[key_] = std::move(value));  // a repeated name: the last counts, as in nlohmann
  }
  bool put(Json value) {
    place(std::move(value));
    return true;
  }
  bool open(Json container) {
    open_.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }

  Json root_;
  std::vector<Json*> open_;
  string_t key_;
};

/// parse_json() for the generated models, whose Decimal members need each number's text.
template <class Json = nlohmann::json>
Json parse_json_keeping_numbers(std::string_view body) {
  number_text_builder<Json> builder;
  if (!Json::sax_parse(body.begin(), body.end(), &builder)) {
    throw ProtocolError("body is not valid JSON");
  }
  return std::move(builder).take();
}

/// The 0.2 models have no Decimal and keep nlohmann's own tree.
template <class Model>
auto parse_json_for(std::string_view body) {
  if constexpr (is_generated_model<Model>) {
    return parse_json_keeping_numbers(body);
  } else {
    return parse_json(body);
  }
}

template <class Model>
Model from_json_text(std::string_view body) {
  Model v;
  read_json_model(parse_json_for<Model>(body), v);
  return v;
}

/// A JSON array of Model; a null item carries nothing and is skipped.
template <class Model>
std::vector<Model> list_from_json_text(std::string_view body) {
  const auto j = parse_json_for<Model>(body);
  if (!j.is_array()) {
    throw ProtocolError(std::string("expected a JSON array of ") + contract<Model>::name);
  }
  std::vector<Model> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (j[i].is_null()) continue;
    try {
      read_json_model(j[i], out.emplace_back());
    } catch (const ProtocolError& e) {
      bad_element(i, e);
    }
  }
  return out;
}

/// The members of `element` the contract names, in any order; unknown ones are skipped, the
/// first of a repeated one counts, i:nil reads as absent.
template <class Model>
Model read_xml_model(pugi::xml_node element) {
  static_assert(field_count<Model> <= 32, "one bit per field below");
  Model v{};
  std::uint32_t seen = 0;
  for (pugi::xml_node child = element.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    visit_field_by_xml_name<Model>(child.name(), [&](const auto& field, std::size_t index) {
      if ((seen >> index & 1U) != 0 || xml_document::is_nil(child)) return;
      seen |= 1U << index;
      using member_type = std::decay_t<decltype(v.*field.member)>;
      v.*field.member = codec_of<member_type>::from_text(
          xml_document::text_of(child), member_ref{contract<Model>::name, field.xml_name});
    });
  }
  return v;
}

template <class Model>
Model from_xml_text(std::string_view body) {
  if constexpr (does_xml<Model>) {
    const xml_document doc(body, contract<Model>::name, contract<Model>::xml_namespace,
                           contract<Model>::other_xml_namespace);
    return read_xml_model<Model>(doc.root());
  } else {
    refuse_xml<Model>();
  }
}

/// An ArrayOf<Model> root whose items are <Model> elements; an i:nil item is skipped.
template <class Model>
std::vector<Model> list_from_xml_text(std::string_view body) {
  if constexpr (does_xml<Model>) {
    const std::string_view name = contract<Model>::name;
    const xml_document doc(body, "ArrayOf" + std::string(name), contract<Model>::xml_namespace,
                           contract<Model>::other_xml_namespace);
    std::vector<Model> out;
    std::size_t index = 0;
    for (pugi::xml_node item = doc.root().first_child(); item; item = item.next_sibling()) {
      if (item.type() != pugi::node_element) continue;
      try {
        if (item.name() != name) {
          throw ProtocolError("is <" + std::string(item.name()) + ">, not <" + std::string(name) +
                              ">");
        }
        if (!xml_document::is_nil(item)) out.push_back(read_xml_model<Model>(item));
      } catch (const ProtocolError& e) {
        bad_element(index, e);
      }
      ++index;
    }
    return out;
  } else {
    refuse_xml<Model>();
  }
}

template <class Json = nlohmann::json>
bool boolean_from_json(std::string_view body) {
  const auto j = Json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_boolean()) throw ProtocolError("body is not a JSON boolean");
  return j.template get<bool>();
}

template <class = void>
bool boolean_from_xml(std::string_view body) {
  const xml_document doc(body, "boolean", serialization_ns);
  const auto value = parse_xml_boolean(xml_document::text_of(doc.root()));
  if (!value) throw ProtocolError("XML <boolean> does not hold true or false");
  return *value;
}

/// The response boolean is read in either format whatever was requested: a server may answer
/// XML to an XML request without honouring Accept, or JSON by default.
template <class = void>
bool read_boolean(std::string_view body) {
  constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";  // .NET writers may put one before XML
  const auto first = body.find_first_not_of(" \t\r\n", body.rfind(utf8_bom, 0) == 0 ? 3 : 0);
  const bool looks_like_xml = first != std::string_view::npos && body[first] == '<';
  return looks_like_xml ? boolean_from_xml(body) : boolean_from_json(body);
}

template <class T>
struct list_traits {
  static constexpr bool is_model_list = false;
};
template <class Model>
struct list_traits<std::vector<Model>> {
  using item = Model;
  static constexpr bool is_model_list = is_model<Model>;
};

/// What deserialize() reads.
template <class T>
inline constexpr bool is_answer =
    std::is_same_v<T, bool> || is_model<T> || list_traits<T>::is_model_list;

}  // namespace detail

/// The request body for `v`; throws InvalidArgumentError, naming the member and byte offset, for
/// a value the format cannot carry (text that is not UTF-8, for XML a character XML 1.0 forbids,
/// an enum with an empty name). ParticipantFollowUp::time_slot_id is never written.
template <class = void>
std::string serialize(const ParticipantFollowUp& v, Format format) {
  return detail::request_body(v, format);
}

/// \copydoc serialize(const ParticipantFollowUp&, Format)
template <class = void>
std::string serialize(const OrderUserInteractionRequest& v, Format format) {
  return detail::request_body(v, format);
}

/// \copydoc serialize(const ParticipantFollowUp&, Format)
template <class = void>
std::string serialize(const OrderToken& v, Format format) {
  return detail::request_body(v, format);
}

/// The JSON body for a model generated from the description (vitec::connect::api), every present
/// member in the page's order (Decimal as its text, bytes as base64, flags as "A, B", empty lists
/// left out); throws InvalidArgumentError as above, and for Format::xml when the model has no
/// documented XML namespace (today: all but the 0.2 models' twins).
template <class Model, std::enable_if_t<detail::is_generated_model<Model>, int> = 0>
std::string serialize(const Model& v, Format format) {
  return detail::request_body(v, format);
}

/// Reads an answer: the response boolean (in either format, whatever `format` says), a model
/// (ParticipantFollowUp, OrderUserInteractionRequest, OrderToken, OrderTicket, OrderEntry, or
/// one generated in vitec::connect::api) or a std::vector of one (a JSON array or an XML
/// ArrayOf<Type> root), such as the std::vector<ParticipantFollowUp> and std::vector<OrderEntry>
/// the API answers. Reading is tolerant: members in any order, unknown ones skipped, JSON null
/// and XML i:nil as absent, JSON names in any case, enum names kept as read. Anything else throws
/// ProtocolError naming the member (and the list element's index); a generated model without an
/// XML namespace is refused in XML with InvalidArgumentError.
template <class T>
T deserialize(std::string_view body, Format format) {
  static_assert(detail::is_answer<T>,
                "deserialize reads bool, ParticipantFollowUp, OrderUserInteractionRequest, "
                "OrderToken, OrderTicket, OrderEntry, a vitec::connect::api model, or a "
                "std::vector of one of the models (std::vector<ParticipantFollowUp>, "
                "std::vector<OrderEntry>)");
  if constexpr (std::is_same_v<T, bool>) {
    return detail::read_boolean(body);
  } else if constexpr (detail::is_model<T>) {
    return format == Format::json ? detail::from_json_text<T>(body)
                                  : detail::from_xml_text<T>(body);
  } else {
    using item = typename detail::list_traits<T>::item;
    return format == Format::json ? detail::list_from_json_text<item>(body)
                                  : detail::list_from_xml_text<item>(body);
  }
}

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
