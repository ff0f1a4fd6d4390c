#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "vitec/connect/client.hpp"
#include "vitec/connect/codec.hpp"
#include "vitec/connect/date_time.hpp"
#include "vitec/connect/decimal.hpp"
#include "vitec/connect/detail/encoding.hpp"
#include "vitec/connect/detail/limits.hpp"
#include "vitec/connect/detail/request_factory.hpp"
#include "vitec/connect/detail/response.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/result.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace api {

/// The answer of an operation whose page documents none: the server's body, if any, is not read.
struct NoContent {
  friend bool operator==(NoContent /*a*/, NoContent /*b*/) { return true; }
  friend bool operator!=(NoContent /*a*/, NoContent /*b*/) { return false; }
};

}  // namespace api

namespace detail {

// Every generated operation is data: an operation_def (method, path, area, whether it may be
// sent twice) with a param_def per parameter. The area clients and api::call() turn their
// arguments into one text per parameter and hand them to run_operation(), which checks them,
// builds the request and sends it through the Client's retries, transport and error mapping.

/// How a parameter's text is checked, and the C++ type the area clients take it as.
enum class param_kind {
  text,     ///< std::string
  integer,  ///< std::int64_t
  decimal,  ///< Decimal
  boolean,  ///< bool: "true" or "false"
  date,     ///< DateTime
  name,     ///< an enum: one name
  names     ///< a flags enum: names separated by ','
};

/// One parameter of an operation, as its page and the description name it.
struct param_def {
  const char* name;       ///< the page's name, matched without regard to ASCII case
  const char* wire_name;  ///< the query's name on the wire ("paging.pageSize"); for a path: name
  bool in_path;           ///< a braced part of the path; else a query parameter
  bool required;
  bool list;      ///< ids separated by ',' (the area clients take a std::vector<std::string>)
  bool personal;  ///< a personal identity number: redacted from errors and log events
  param_kind kind;
  std::int64_t min_length;  ///< -1: none
  std::int64_t max_length;  ///< -1: none
  std::int64_t max_items;   ///< a list's ids in one call, as its page allows; -1: any number
};

/// One operation of the description.
struct operation_def {
  const char* id;  ///< the help page's name, e.g. "GET-CRM-Contact-customerId-contactId"
  const char* method;
  const char* path;  ///< with a {name} per path parameter, as the page writes it
  const char* area;
  bool idempotent;  ///< may be sent again after it may have reached the server
  answer_size size;
  const param_def* params;  ///< path parameters in the order of the path, then the query's
  std::size_t param_count;
  bool plain_answer;  ///< answers nothing, a boolean or a string (an id), never a model or a list
};

/// The texts of an operation's parameters, one per param_def in order; nullopt = not given.
using param_texts = std::vector<std::optional<std::string>>;

// What the area clients pass for each kind of argument: its text, or nullopt when absent.
inline std::optional<std::string> param_text(const std::string& value) { return value; }
inline std::optional<std::string> param_text(bool value) { return value ? "true" : "false"; }
inline std::optional<std::string> param_text(std::int64_t value) { return std::to_string(value); }
template <class Unused>
std::optional<std::string> param_text(const BasicDecimal<Unused>& value) {
  return value.to_string();
}
inline std::optional<std::string> param_text(const DateTime& value) { return value.to_string(); }
template <class E, std::enable_if_t<is_extensible_enum<E>, int> = 0>
std::optional<std::string> param_text(const E& value) {
  return std::string(value.name());
}
template <class E, std::enable_if_t<is_extensible_flags<E>, int> = 0>
std::optional<std::string> param_text(const E& value) {
  std::string out;
  for (const auto& name : value.names()) {
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}
/// A list of ids goes as one text, separated by ','; an id holding ',' is refused when checked.
inline std::optional<std::string> param_text(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (id.empty() || id.find(',') != std::string::npos) return std::string(",");  // refused
    if (!out.empty()) out += ',';
    out += id;
  }
  return out;
}
template <class T>
std::optional<std::string> param_text(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return param_text(*value);
}

template <class = void>
[[noreturn]] void refuse_param(const operation_def& op, const param_def& param,
                               const std::string& why) {
  throw InvalidArgumentError(std::string(op.id) + ": " + (param.in_path ? "path" : "query") +
                             " parameter " + param.name + ' ' + why);
}

/// Refuses a parameter's text that is not of its kind or outside its documented limits.
template <class = void>
void check_param(const operation_def& op, const param_def& param, const std::string& text) {
  if (check_text(text, false).problem != text_problem::none) {
    refuse_param(op, param, "is not valid UTF-8 text");
  }
  if (param.list) {
    std::size_t from = 0;
    std::int64_t ids = 0;
    while (true) {
      const auto comma = text.find(',', from);
      const auto id = std::string_view(text).substr(from, comma - from);
      if (id.empty()) refuse_param(op, param, "holds an empty id (or one with a ',')");
      if (param.in_path) check_path_id(param.name, id);
      ++ids;
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
    if (param.max_items >= 0 && ids > param.max_items) {
      refuse_param(op, param,
                   "holds " + std::to_string(ids) + " ids, more than the " +
                       std::to_string(param.max_items) +
                       " a call its page allows (the member ending in _batched takes any number)");
    }
  } else if (param.in_path) {
    check_path_id(param.name, text);
  }
  const auto length = static_cast<std::int64_t>(utf16_length(text));
  if (param.min_length >= 0 && length < param.min_length) {
    refuse_param(op, param,
                 "must be at least " + std::to_string(param.min_length) + " characters long, not " +
                     std::to_string(length));
  }
  if (param.max_length >= 0 && length > param.max_length) {
    refuse_param(op, param,
                 "must be at most " + std::to_string(param.max_length) + " characters long, not " +
                     std::to_string(length));
  }
  switch (param.kind) {
    case param_kind::text:
      break;
    case param_kind::integer: {
      const auto value = parse_xml_long(text);
      if (!value || text.empty() || text.front() == ' ' || text.back() == ' ') {
        refuse_param(op, param, "is not an integer");
      }
      break;
    }
    case param_kind::decimal:
      try {
        (void)Decimal(text);
      } catch (const InvalidArgumentError&) {
        refuse_param(op, param, "is not a decimal number");
      }
      break;
    case param_kind::boolean:
      if (text != "true" && text != "false") refuse_param(op, param, "is not true or false");
      break;
    case param_kind::date:
      try {
        (void)DateTime::parse(text);
      } catch (const std::exception&) {
        refuse_param(op, param, "is not a date and time (2024-05-01T12:00:00)");
      }
      break;
    case param_kind::name:
    case param_kind::names:
      if (text.empty() || text.find_first_of(" \t") != std::string::npos) {
        refuse_param(op, param, "is not an enum name");
      }
      break;
  }
}

/// What an operation's arguments make of a request: the path with every id in its place, the
/// query, and the texts to keep out of errors and log events.
struct operation_target {
  std::string path;
  std::string query;
  std::string customer_id;
  std::vector<std::string> personal;
};

/// Checks every parameter and puts each in its place; throws InvalidArgumentError naming the
/// first that is missing or wrong.
template <class = void>
operation_target target_of(const operation_def& op, const param_texts& texts) {
  if (texts.size() != op.param_count) {
    throw InvalidArgumentError(std::string(op.id) + ": wrong number of parameters");
  }
  operation_target target;
  std::string_view path = op.path;
  for (std::size_t i = 0; i < op.param_count; ++i) {
    const param_def& param = op.params[i];
    const auto& text = texts[i];
    const bool empty = !text || text->empty();
    if (empty && param.required) refuse_param(op, param, "is required");
    if (!text || (empty && param.in_path)) {
      if (param.in_path) {  // optional only as the path's last segment: dropped with its '/'
        const auto open = path.find('{');
        target.path.append(path.substr(0, open == 0 ? 0 : open - 1));
        path.remove_prefix(path.find('}', open) + 1);
      }
      continue;
    }
    check_param(op, param, *text);
    if (param.personal) {
      target.personal.push_back(*text);
      target.personal.push_back(percent_encode_query_value(*text));
    }
    if (iequals(param.name, "customerId")) target.customer_id = *text;
    // Each id of a list is encoded alone, so that the ',' between them arrives as one.
    const auto append_encoded = [&param, &text](std::string& out) {
      for (std::size_t from = 0;;) {
        const auto comma = param.list ? text->find(',', from) : std::string::npos;
        const auto part = std::string_view(*text).substr(from, comma - from);
        out.append(param.in_path ? percent_encode_segment(part) : percent_encode_query_value(part));
        if (comma == std::string::npos) break;
        out += ',';
        from = comma + 1;
      }
    };
    if (param.in_path) {
      const auto open = path.find('{');
      target.path.append(path.substr(0, open));
      append_encoded(target.path);
      path.remove_prefix(path.find('}', open) + 1);
    } else {
      if (!target.query.empty()) target.query += '&';
      target.query.append(param.wire_name).append("=");
      append_encoded(target.query);
    }
  }
  target.path.append(path);
  return target;
}

/// The members of a sent body that hold personal identity numbers, so that an error or log
/// event never shows them: every member named in a contract's `personal` list, at any depth.
template <class Model>
void collect_personal(const Model& v, std::vector<std::string>& out);

template <class T>
void collect_personal_value(const T& value, bool personal, std::vector<std::string>& out) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (personal && !value.empty()) out.push_back(value);
  } else if constexpr (is_model<T>) {
    collect_personal(value, out);
  } else if constexpr (is_vector<T>::value) {
    if constexpr (is_model<typename T::value_type>) {
      for (const auto& item : value) collect_personal(item, out);
    }
  }
}

template <class T, class = void>
struct has_personal_trait : std::false_type {};
template <class T>
struct has_personal_trait<T, std::void_t<decltype(contract<T>::personal)>> : std::true_type {};

template <class Model>
void collect_personal(const Model& v, std::vector<std::string>& out) {
  if constexpr (is_generated_model<Model>) {
    for_each_field<Model>([&](const auto& field) {
      bool personal = false;
      if constexpr (has_personal_trait<Model>::value) {
        for (const char* name : contract<Model>::personal) {
          personal = personal || std::string_view(name) == field.json_name;
        }
      }
      if_present(v.*field.member,
                 [&](const auto& value) { collect_personal_value(value, personal, out); });
    });
  }
}

/// A one_of answer's variant: specialised by the generated code with the discriminator member
/// and, per alternative in order, the name it takes ("Company", "Person", ...).
template <class Variant>
struct one_of;

template <class T>
constexpr bool model_does_xml() {
  if constexpr (is_model<T>) {
    return does_xml<T>;
  } else {
    return true;  // a string, a boolean, bytes or nothing
  }
}

/// Whether every model an answer holds (in a list, or as one of several) does XML.
template <class T>
struct answer_does_xml : std::bool_constant<model_does_xml<T>()> {};
template <class T>
struct answer_does_xml<std::vector<T>> : answer_does_xml<T> {};
template <class... T>
struct answer_does_xml<std::variant<T...>>
    : std::bool_constant<(answer_does_xml<T>::value && ...)> {};

template <class T>
constexpr bool does_xml_answer() {
  return answer_does_xml<T>::value;
}

/// An XML answer's only element's text, for the .NET primitives (string, base64Binary).
template <class = void>
std::string xml_primitive(std::string_view body, const char* root) {
  const xml_document doc(body, root, serialization_ns);
  return xml_document::text_of(doc.root());
}

template <>
struct answer_reader<std::string> {
  static std::string read(std::string_view body) {
    if (answer_format(body) == Format::xml) return xml_primitive(body, "string");
    const auto j = parse_json(body);
    if (!j.is_string()) throw ProtocolError("body is not a JSON string");
    return j.template get<std::string>();
  }
};

/// A file: base64 in a JSON string or an XML <base64Binary>, as .NET writes a byte[]; any other
/// body is the file's own bytes (an application/octet-stream answer).
template <>
struct answer_reader<std::vector<std::uint8_t>> {
  static std::vector<std::uint8_t> read(std::string_view body) {
    const auto first = body.find_first_not_of(" \t\r\n");
    std::string text;
    if (first != std::string_view::npos && body[first] == '"') {
      const auto j = parse_json(body);
      if (!j.is_string()) throw ProtocolError("body is not a JSON string");
      text = j.template get<std::string>();
    } else if (first != std::string_view::npos && body[first] == '<' &&
               body.find("base64Binary") != std::string_view::npos) {
      text = xml_primitive(body, "base64Binary");
    } else {
      return std::vector<std::uint8_t>(body.begin(), body.end());
    }
    auto bytes = base64_decode<std::vector<std::uint8_t>>(text);
    if (!bytes) throw ProtocolError("body is not base64");
    return std::move(*bytes);
  }
};

template <>
struct answer_reader<api::NoContent> {
  static api::NoContent read(std::string_view /*body*/) { return {}; }
};

template <class Variant, std::size_t I, class BasicJson>
Variant read_alternative(const BasicJson& j) {
  std::variant_alternative_t<I, Variant> v;
  read_json_model(j, v);
  return Variant(std::in_place_index<I>, std::move(v));
}

template <class Variant, class BasicJson, std::size_t... I>
Variant pick_alternative(const BasicJson& j, const std::string& name,
                         std::index_sequence<I...> /*indices*/) {
  using reader = Variant (*)(const BasicJson&);
  static constexpr reader readers[] = {&read_alternative<Variant, I, BasicJson>...};
  for (std::size_t i = 0; i < sizeof...(I); ++i) {
    if (iequals(name, one_of<Variant>::names[i])) return readers[i](j);
  }
  throw ProtocolError(std::string("the answer's ") + one_of<Variant>::discriminator + " is " +
                      name + ", which is none of the documented models");
}

/// One of several models, picked by the discriminator member's value.
template <class BasicJson, class... T>
std::variant<T...> read_one_of(const BasicJson& j) {
  using variant = std::variant<T...>;
  using traits = one_of<variant>;
  if (!j.is_object()) throw ProtocolError("expected a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!iequals(it.key(), traits::discriminator)) continue;
    if (!it->is_string()) break;
    const auto& name = it->template get_ref<const std::string&>();
    return pick_alternative<variant>(j, name, std::index_sequence_for<T...>{});
  }
  throw ProtocolError(std::string("the answer has no ") + traits::discriminator +
                      " naming which model it is");
}

template <class... T>
struct answer_reader<std::variant<T...>> {
  static std::variant<T...> read(std::string_view body) {
    if (answer_format(body) == Format::xml) {
      throw ProtocolError("an answer of several possible models is read in JSON only");
    }
    return read_one_of<nlohmann::json, T...>(parse_json_keeping_numbers(body));
  }
};

template <class... T>
struct answer_reader<std::vector<std::variant<T...>>> {
  static std::vector<std::variant<T...>> read(std::string_view body) {
    if (answer_format(body) == Format::xml) {
      throw ProtocolError("an answer of several possible models is read in JSON only");
    }
    const auto j = parse_json_keeping_numbers(body);
    if (!j.is_array()) throw ProtocolError("expected a JSON array");
    std::vector<std::variant<T...>> out;
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (j[i].is_null()) continue;
      try {
        out.push_back(read_one_of<nlohmann::json, T...>(j[i]));
      } catch (const ProtocolError& e) {
        bad_element(i, e);
      }
    }
    return out;
  }
};

/// The part of a Client the operations use: its request factory, its retry loop and its bulk
/// engine.
template <class Unused>
struct operation_access {
  /// The request for `op` with its ids and query in place, as the client makes every request.
  static HttpRequest make(const BasicClient<Unused>& client, const operation_def& op,
                          const operation_target& target, request_content content) {
    return client.state_->requests.make(op.method, target.path, std::array<std::string_view, 0>{},
                                        std::move(content), op.size,
                                        credential_scope{target.customer_id, op.area});
  }

  /// One attempt (paced), its failure as a value.
  static std::variant<HttpResponse, Error> send_once(const BasicClient<Unused>& client,
                                                     const HttpRequest& request) {
    return client.send_once(request);
  }

  static std::uint64_t max_download_bytes(const BasicClient<Unused>& client) {
    return client.state_->max_download_bytes;
  }

  static const basic_attempt_policy<Unused>& attempts(const BasicClient<Unused>& client) {
    return client.state_->attempts;
  }

  /// Whether the client's transport reads HttpRequest::body_stream.
  static bool streams_request_bodies(const BasicClient<Unused>& client) noexcept {
    return client.state_->transport->streams_request_bodies();
  }

  template <class Answer>
  static Result<Answer> send(const BasicClient<Unused>& client, const operation_def& op,
                             const operation_target& target, request_content content) {
    return send_request<Answer>(client, op, target, make(client, op, target, std::move(content)));
  }

  /// Sends `request`, made by make() for `op` and `target`, through the client's retries (and
  /// its read cache).
  template <class Answer>
  static Result<Answer> send_request(const BasicClient<Unused>& client, const operation_def& op,
                                     const operation_target& target, const HttpRequest& request) {
    const cache_call call{op.id, target.customer_id};
    if (target.personal.empty()) {
      return client.template execute<Answer>(request, op.idempotent, nullptr, &call);
    }
    // Shorter texts cannot be identity numbers, and would make the scrubber withhold whole texts.
    basic_secret_scrubber<Unused> personal;
    for (const auto& text : target.personal) {
      if (text.size() >= basic_secret_scrubber<Unused>::shortest_redactable) {
        personal.add_with_echoed_forms(text);
      }
    }
    return client.template execute<Answer>(request, op.idempotent, &personal, &call);
  }

  /// Prebuilt requests through the client's batch path and retries (an outbox's drain, a
  /// batched read).
  template <class Answer, class Next, class Report>
  static void stream(const BasicClient<Unused>& client, const Next& next, const Report& report,
                     const BatchOptions& batch) {
    client.template stream<Answer>(next, report, batch);
  }

  /// A 0.2 model's PUT, in the client's format, as Client::send_stream builds it.
  template <class Model>
  static prepared_request model_request(const BasicClient<Unused>& client,
                                        std::string_view customer_id, const Model& model) {
    return client.prepare(endpoints::put_of(model), model,
                          std::array<std::string_view, 1>{customer_id});
  }

  /// Drops the cached reads a write for `customer_id` makes stale (every read of the customer;
  /// of every customer when it is ""), as the client's own writes do.
  static void drop_written(const BasicClient<Unused>& client, std::string_view customer_id) {
    client.drop_written({{}, customer_id});
  }

  /// A write an outbox stored with its path and query as sent, in JSON whatever the client's
  /// format: its body was checked and encoded as JSON when it was enqueued.
  static HttpRequest stored_request(const BasicClient<Unused>& client, const char* method,
                                    std::string_view path, request_content content,
                                    answer_size size, credential_scope scope) {
    HttpRequest request = client.state_->requests.make(
        method, path, std::array<std::string_view, 0>{}, std::move(content), size, scope);
    for (auto& [name, value] : request.headers) {
      if (name == "Content-Type") value = "application/json; charset=utf-8";
      if (name == "Accept") value = "application/json";
    }
    return request;
  }
};

/// A body's own customerId member, or "" when it has none.
template <class Model>
std::string customer_id_of(const Model& body) {
  std::string found;
  for_each_field<Model>([&](const auto& field) {
    if (!iequals(field.json_name, "customerId")) return;
    if_present(body.*field.member, [&](const auto& value) {
      if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) found = value;
    });
  });
  return found;
}

/// An operation without a body.
struct no_body {};

/// Sends one operation through `client`; never throws.
template <class Answer, class Body>
Result<Answer> run_operation(const Client& client, const operation_def& op,
                             const param_texts& texts, const Body& body) noexcept {
  try {
    operation_target target = target_of(op, texts);
    request_content content{std::move(target.query), std::nullopt};
    if constexpr (!does_xml_answer<Answer>()) {
      if (client.format() == Format::xml) {
        throw InvalidArgumentError(std::string(op.id) +
                                   ": its answer has no documented XML namespace: use JSON");
      }
    }
    if constexpr (!std::is_same_v<Body, no_body>) {
      content.body = serialize(body, client.format());
      collect_personal(body, target.personal);
      // Some operations carry the customer id in the body (Contacts/UpdatePerson): it picks the
      // password as a path's would.
      if (target.customer_id.empty()) target.customer_id = customer_id_of(body);
    }
    return operation_access<void>::template send<Answer>(client, op, target, std::move(content));
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error(ErrorKind::invalid_argument,
                 std::string(op.id) + ": could not build the request: " + e.what());
  }
}

/// The arguments of a write that takes no parameter (its body says everything).
struct no_params {};

/// T where a template parameter must not be deduced from an argument: a write's handle fixes it.
template <class T>
struct non_deduced {
  using type = T;
};
template <class T>
using non_deduced_t = typename non_deduced<T>::type;

/// A write an Outbox may hold, typed: Outbox::enqueue takes it with the area client's arguments
/// (Params: its params struct, the customer id as std::string_view, or no_params) and its body
/// model (Body, or no_body). Generated as api::<area>::writes::<member>.
template <class Params, class Body>
struct write_operation {
  const operation_def* op;
  param_texts (*texts)(const Params& params);
};

/// A write as an Outbox stores it: what the drain sends, checked as run_operation checks it.
struct prepared_write {
  const operation_def* op = nullptr;
  operation_target target;
  std::optional<std::string> body;  ///< JSON, re-encoded from the model; nullopt: no body
};

/// Whether an outbox may hold op: a write safe to send again whose answer a drain may drop (a
/// POST answering a model or a list is a read or a redemption, its answer the point of it).
constexpr bool is_outbox_write(const operation_def& op) {
  return op.idempotent && op.plain_answer && std::string_view(op.method) != "GET";
}

/// Why an outbox refuses an operation that is_outbox_write says it cannot hold.
inline InvalidArgumentError not_an_outbox_write(std::string_view operation_id) {
  return InvalidArgumentError(std::string(operation_id) +
                              " is not a write safe to send again that answers nothing, a "
                              "boolean or an id, so an outbox cannot hold it");
}

/// Checks a write as run_operation would and encodes its body in JSON; throws
/// InvalidArgumentError naming what is wrong, or for an operation an outbox cannot hold.
template <class Body>
prepared_write prepare_write(const operation_def& op, const param_texts& texts, const Body& body) {
  if (!is_outbox_write(op)) throw not_an_outbox_write(op.id);
  prepared_write write{&op, target_of(op, texts), std::nullopt};
  if constexpr (!std::is_same_v<Body, no_body>) {
    write.body = serialize(body, Format::json);
    collect_personal(body, write.target.personal);
    if (write.target.customer_id.empty()) write.target.customer_id = customer_id_of(body);
  }
  return write;
}

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
