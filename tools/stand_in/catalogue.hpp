#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vitec::stand_in::detail {

/// One parameter as api::call sends it (a query model's members are one each).
struct param_spec {
  std::string name;
  std::string wire_name;  ///< the query's name for it: "paging.pageSize"
  bool in_path = false;
  bool required = false;
  bool list = false;  ///< ids separated by ',' in one value
  bool personal = false;
  std::string kind;      ///< text, integer, decimal, boolean, date, name or names
  std::string enum_key;  ///< for name and names
  std::optional<std::size_t> min_length, max_length;
  std::optional<std::size_t> max_items;  ///< of a list: the most ids one call may give
};

/// One documented operation, as tools/codegen/stand_in_catalogue.py writes it at build time.
struct operation_spec {
  std::string id, method, path;
  std::vector<std::string> segments;  ///< of `path`; "{name}" for a parameter
  std::vector<param_spec> params;     ///< path ones first, in the path's order
  std::string body;                   ///< the body's model key; "" when it takes none
  nlohmann::json answer;              ///< what a 200 carries
  bool no_content = false;            ///< documents no answer: 204
  std::string reads_back;             ///< the write whose path this read shares; "" for most
  std::string answer_model;           ///< with reads_back: the model the answer holds
};

struct field_spec {
  std::string name, json, type;  ///< DataContract name, JSON name, the description's type
  bool required = false;
  bool personal = false;
  std::optional<std::size_t> min_length, max_length, min_items;
  std::optional<double> minimum, maximum;
};

struct model_spec {
  std::string name;
  std::vector<field_spec> fields;
};

struct enum_spec {
  bool flags = false;
  std::vector<std::string> values;  ///< empty: the pages name none, so any name goes
};

/// The description's operations, models and enums; read once, on first use.
struct catalogue {
  std::vector<operation_spec> operations;
  std::map<std::string, model_spec> models;
  std::map<std::string, enum_spec> enums;

  const operation_spec* operation(std::string_view id) const;
};

const catalogue& the_catalogue();

/// The operation a request is for, with its path parameters percent-decoded by name.
struct route_match {
  const operation_spec* operation = nullptr;
  std::map<std::string, std::string> path;
};

/// Routes as Web API's attribute routes do: the method, then the path segment by segment, a
/// literal segment (compared without regard to case) beating a parameter at the first place
/// two templates differ. Two templates that differ only in a parameter's name (`{contactId}`,
/// `{contactIds}`) are told apart by a ',' in the segment: a list of ids has one. nullopt for a
/// path no operation has, or one with an empty segment.
std::optional<route_match> route(std::string_view method, std::string_view target);

}  // namespace vitec::stand_in::detail
