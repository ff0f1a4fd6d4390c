#pragma once

/// \file
/// Any documented operation by its id, JSON in and out (api::call, api::try_call), and the list
/// of operations (api::operations). The table behind them is generated: include
/// <vitec/connect/api/all.hpp>, which includes this header.

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "vitec/connect/codec.hpp"
#include "vitec/connect/detail/operation.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/paging.hpp"
#include "vitec/connect/result.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {

namespace api {

/// One documented operation, as api::operations() lists it.
struct OperationInfo {
  std::string id;      ///< the help page's name: "GET-CRM-Contact-customerId-contactId"
  std::string method;  ///< "GET", "POST", "PUT" or "DELETE"
  std::string path;    ///< "CRM/Contact/{customerId}/{contactId}"
  std::string area;    ///< "crm": the header <vitec/connect/api/crm.hpp> and its CrmClient
};

/// The parameters of an api::call, by the names the operation's page gives them, matched without
/// regard to ASCII case (the pages write both `customerId` and `CustomerId`).
struct Arguments {
  /// The braced names of the path: "customerId" -> "M1". A list of ids is one text, the ids
  /// separated by ','.
  std::map<std::string, std::string> path{};
  /// Every other parameter: "PageSize" -> "50". Dates as 2024-05-01T12:00:00, booleans as true
  /// or false, a flags enum's names separated by ','.
  std::map<std::string, std::string> query{};
};

}  // namespace api

namespace detail {

/// Each argument's text in the place of its parameter; InvalidArgumentError for a name the
/// operation does not have, one in the wrong map, or one given twice.
template <class = void>
param_texts texts_of(const operation_def& op, const api::Arguments& arguments) {
  param_texts texts(op.param_count);
  const auto place = [&](const std::map<std::string, std::string>& given, bool in_path) {
    const char* where = in_path ? "Arguments::path" : "Arguments::query";
    for (const auto& [name, value] : given) {
      std::size_t found = op.param_count;
      for (std::size_t i = 0; i < op.param_count; ++i) {
        if (iequals(op.params[i].name, name)) found = i;
      }
      if (found == op.param_count) {
        throw InvalidArgumentError(std::string(op.id) + ": " + where + " names " + name +
                                   ", which is not a parameter of this operation");
      }
      if (op.params[found].in_path != in_path) {
        throw InvalidArgumentError(std::string(op.id) + ": " + name + " is a " +
                                   (in_path ? "query" : "path") + " parameter, not in " + where);
      }
      if (texts[found]) {
        throw InvalidArgumentError(std::string(op.id) + ": " + name + " is given twice");
      }
      texts[found] = value;
    }
  };
  place(arguments.path, true);
  place(arguments.query, false);
  return texts;
}

/// Refuses a member the model does not have, at any depth: a misspelt member must not be dropped
/// without a word. `where` is the path to `j` ("BidData.buyer").
template <class Model, class BasicJson>
void check_known_members(const BasicJson& j, const std::string& where);

template <class T, class BasicJson>
void check_known_value(const BasicJson& j, const std::string& where) {
  if constexpr (is_model<T>) {
    if (j.is_object()) check_known_members<T>(j, where);
  } else if constexpr (is_vector<T>::value) {
    if constexpr (is_model<typename T::value_type>) {
      if (!j.is_array()) return;
      for (std::size_t i = 0; i < j.size(); ++i) {
        check_known_value<typename T::value_type>(j[i], where + '[' + std::to_string(i) + ']');
      }
    }
  }
}

template <class Model, class BasicJson, std::size_t I>
void check_known_field(const BasicJson& j, const std::string& where) {
  const auto& field = field_at<I>(table_of<Model>::value);
  using member_type = typename optional_traits<
      std::decay_t<decltype(std::declval<const Model&>().*field.member)>>::value_type;
  check_known_value<member_type>(j, where);
}

template <class Model, class BasicJson, std::size_t... I>
constexpr std::array<void (*)(const BasicJson&, const std::string&), sizeof...(I)> known_checkers(
    std::index_sequence<I...> /*indices*/) {
  return {&check_known_field<Model, BasicJson, I>...};
}

template <class Model, class BasicJson>
void check_known_members(const BasicJson& j, const std::string& where) {
  constexpr std::size_t count = field_count<Model>;
  static constexpr auto checkers =
      known_checkers<Model, BasicJson>(std::make_index_sequence<count>{});
  std::array<bool, count> seen{};
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::size_t index = field_by_json_name<Model>(it.key());
    if (index == count) {
      throw InvalidArgumentError(where + '.' + it.key() + " is not a member of " +
                                 contract<Model>::name);
    }
    // Names match without regard to case: a second spelling of one member would be dropped.
    if (seen[index]) {
      throw InvalidArgumentError(where + '.' + it.key() + " is given twice (names match " +
                                 "without regard to case)");
    }
    seen[index] = true;
    checkers[index](*it, where + '.' + it.key());
  }
}

/// A body given as JSON, read into its model strictly: an unknown member or one of the wrong type
/// is an InvalidArgumentError naming it. Numbers keep their text on the way (Decimal).
template <class Model>
Model body_from_json(const nlohmann::json& body) {
  const auto j = parse_json_keeping_numbers(body.dump());
  if (!j.is_object()) {
    throw InvalidArgumentError(std::string("the body must be a JSON object (") +
                               contract<Model>::name + ")");
  }
  check_known_members<Model>(j, contract<Model>::name);
  Model model;
  try {
    read_json_model(j, model);
  } catch (const ProtocolError& e) {
    throw InvalidArgumentError(std::string("the body: ") + e.what());
  }
  return model;
}

/// An answer as JSON: re-encoded from its typed form.
template <class T>
nlohmann::json answer_json(const T& value) {
  if constexpr (std::is_same_v<T, api::NoContent>) {
    return nullptr;
  } else if constexpr (std::is_same_v<T, std::vector<std::uint8_t>>) {
    return base64(std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
  } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>) {
    return value;
  } else if constexpr (is_model<T>) {
    return nlohmann::json::parse(to_json_text(value, members::all));
  } else if constexpr (is_vector<T>::value) {
    auto out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(answer_json(item));
    return out;
  } else {
    return std::visit([](const auto& model) { return answer_json(model); }, value);
  }
}

/// The body an operation takes, read from JSON; InvalidArgumentError when it takes none and one
/// is given, or takes one and none is.
template <class Body>
Body body_of(const operation_def& op, const std::optional<nlohmann::json>& body) {
  if constexpr (std::is_same_v<Body, no_body>) {
    if (body && !body->is_null()) throw InvalidArgumentError(std::string(op.id) + " takes no body");
    return {};
  } else {
    if (!body || body->is_null()) {
      throw InvalidArgumentError(std::string(op.id) + " takes a body: " + contract<Body>::name);
    }
    return body_from_json<Body>(*body);
  }
}

/// Outbox::enqueue by id for one write: its body model is Body.
template <class Body>
prepared_write write_with_json(const operation_def& op, const api::Arguments& arguments,
                               const std::optional<nlohmann::json>& body) {
  param_texts texts = texts_of(op, arguments);
  return prepare_write(op, texts, body_of<Body>(op, body));
}

/// api::call for one operation: its body model and answer type are Body and Answer.
template <class Body, class Answer>
Result<nlohmann::json> call_with_json(const Client& client, const operation_def& op,
                                      const api::Arguments& arguments,
                                      const std::optional<nlohmann::json>& body) {
  param_texts texts = texts_of(op, arguments);
  Result<Answer> answer = run_operation<Answer>(client, op, texts, body_of<Body>(op, body));
  if (!answer.ok()) return answer.error();
  try {
    // Carried over, so that a read by id tells a cached answer as the typed call does.
    return result_cache_access::mark(Result<nlohmann::json>(answer_json(answer.value())),
                                     answer.cache());
  } catch (const std::exception& e) {  // sent and answered: not an invalid argument
    return Error(ErrorKind::protocol, std::string(op.id) + ": the answer could not be written " +
                                          "as JSON: " + e.what());
  }
}

/// One row of the generated table behind api::call.
struct json_operation {
  const operation_def* op;
  Result<nlohmann::json> (*call)(const Client&, const operation_def&, const api::Arguments&,
                                 const std::optional<nlohmann::json>&);
  /// Outbox::enqueue by id; null for an operation an outbox cannot hold.
  prepared_write (*write)(const operation_def&, const api::Arguments&,
                          const std::optional<nlohmann::json>&);
};

/// Whether `op` lists rows page by page: it takes PageIndex and PageSize.
template <class = void>
bool paged(const operation_def& op) {
  bool index = false;
  bool size = false;
  for (std::size_t i = 0; i < op.param_count; ++i) {
    index = index || iequals(op.params[i].name, "PageIndex");
    size = size || iequals(op.params[i].name, "PageSize");
  }
  return index && size;
}

/// Removes the argument `name` (matched without regard to ASCII case) from `query` and reads it
/// as a whole number; std::nullopt when absent.
template <class = void>
std::optional<std::int64_t> take_whole_number(std::map<std::string, std::string>& query,
                                              std::string_view name, const operation_def& op) {
  for (auto it = query.begin(); it != query.end(); ++it) {
    if (!iequals(it->first, name)) continue;
    const std::string text = it->second;
    query.erase(it);
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || stop != end) {
      throw InvalidArgumentError(std::string(op.id) + ": " + std::string(name) +
                                 " is not a whole number");
    }
    return value;
  }
  return std::nullopt;
}

/// The generated table: every operation, sorted by id. Defined in <vitec/connect/api/all.hpp>.
template <class Unused = void>
const std::vector<json_operation>& json_operations();

}  // namespace detail

namespace api {

/// Every documented operation, sorted by id.
template <class Unused = void>
const std::vector<OperationInfo>& operations() {
  static const std::vector<OperationInfo> list = [] {
    std::vector<OperationInfo> out;
    for (const auto& row : detail::json_operations<Unused>()) {
      out.push_back({row.op->id, row.op->method, row.op->path, row.op->area});
    }
    return out;
  }();
  return list;
}

/// Any operation by its id, JSON in and out, through the typed models: the body is read into the
/// operation's model (a member it does not have, or of the wrong type, or outside a documented
/// limit is an InvalidArgumentError naming it, and nothing is sent), the answer is read
/// tolerantly and comes back re-encoded from its typed form (a boolean as true or false, a string
/// as a JSON string, bytes as base64 text, no answer as null). Never throws.
template <class Unused = void>
Result<nlohmann::json> try_call(const Client& client, std::string_view operation_id,
                                const Arguments& arguments,
                                const std::optional<nlohmann::json>& body = {}) noexcept {
  try {
    for (const auto& row : detail::json_operations<Unused>()) {
      if (row.op->id == operation_id) return row.call(client, *row.op, arguments, body);
    }
    return Error(ErrorKind::invalid_argument,
                 "no documented operation has the id " + std::string(operation_id));
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error(ErrorKind::invalid_argument, std::string("could not call: ") + e.what());
  }
}

/// As try_call, throwing the error (as its subclass).
template <class Unused = void>
nlohmann::json call(const Client& client, std::string_view operation_id, const Arguments& arguments,
                    const std::optional<nlohmann::json>& body = {}) {
  return try_call<Unused>(client, operation_id, arguments, body).value();
}

/// Every row of a paged list, as JSON (see PageRange): the rows of any operation whose answer is a
/// page (`index`, `count`, `totalRowCount`, `rows`) and that takes PageIndex and PageSize.
class Rows : public PageRange<nlohmann::json> {
 public:
  using PageRange<nlohmann::json>::PageRange;
};

/// The rows of the paged list `operation_id`, fetched a page at a time as the range is iterated:
/// each page is an api::call with PageIndex counting from the one in `arguments` (0 when absent)
/// and PageSize from `arguments`, else `page_size`. An unknown operation, one that is not a paged
/// list, or a PageIndex or PageSize that is not a whole number is refused here with an
/// InvalidArgumentError, before anything is sent; what a page's call would refuse or fail with
/// throws from the iteration.
template <class Unused = void>
Rows rows(const Client& client, std::string_view operation_id, Arguments arguments,
          std::int64_t page_size = default_page_size) {
  const detail::operation_def* op = nullptr;
  for (const auto& row : detail::json_operations<Unused>()) {
    if (row.op->id == operation_id) op = row.op;
  }
  if (op == nullptr) {
    throw InvalidArgumentError("no documented operation has the id " + std::string(operation_id));
  }
  if (!detail::paged(*op)) {
    throw InvalidArgumentError(std::string(op->id) +
                               ": not a paged list (it takes no PageIndex and PageSize)");
  }
  const auto first = detail::take_whole_number(arguments.query, "PageIndex", *op);
  const auto size = detail::take_whole_number(arguments.query, "PageSize", *op);
  return Rows(
      [client, id = std::string(op->id), arguments = std::move(arguments)](
          std::int64_t index, std::int64_t rows_per_page) {
        auto page_arguments = arguments;
        page_arguments.query["PageIndex"] = std::to_string(index);
        page_arguments.query["PageSize"] = std::to_string(rows_per_page);
        auto page = try_call<Unused>(client, id, page_arguments).value();
        PageOf<nlohmann::json> out;
        if (!page.is_object()) return out;
        if (auto rows = page.find("rows"); rows != page.end() && rows->is_array()) {
          out.rows.reserve(rows->size());
          for (auto& row : *rows) out.rows.push_back(std::move(row));
        }
        if (auto count = page.find("count"); count != page.end() && count->is_number_integer()) {
          out.count = count->template get<std::int64_t>();
        }
        if (auto total = page.find("totalRowCount");
            total != page.end() && total->is_number_integer()) {
          out.total_row_count = total->template get<std::int64_t>();
        }
        return out;
      },
      first.value_or(0), size.value_or(page_size));
}

}  // namespace api

}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
