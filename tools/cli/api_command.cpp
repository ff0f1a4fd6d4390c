#include "api_command.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "api_call.hpp"
#include "api_csv.hpp"
#include "api_rows.hpp"
#include "catalogue.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "table.hpp"

namespace vitec::cli {

namespace {

namespace vc = vitec::connect;

/// The braced names of an operation's path ("customerId", "contactId").
std::vector<std::string> path_names(const std::string& path) {
  static const std::regex braced(R"(\{([^}]+)\})");
  std::vector<std::string> names;
  for (auto it = std::sregex_iterator(path.begin(), path.end(), braced);
       it != std::sregex_iterator(); ++it)
    names.push_back((*it)[1].str());
  return names;
}

/// NAME=VALUE words into path and query parameters: a braced name of the path (matched without
/// regard to ASCII case, as api::call matches) goes in the path, any other name in the query,
/// where api::call refuses it, naming it, when the operation has no such parameter.
ApiRow parameters_of(const ordered_json& op, const std::vector<std::string>& words) {
  const auto in_path = path_names(op["path"].get<std::string>());
  ApiRow out;
  std::set<std::string> seen;
  for (const auto& word : words) {
    const auto equals = word.find('=');
    if (equals == std::string::npos || equals == 0)
      throw usage_error("\"" + word + "\" is not NAME=VALUE");
    const std::string name = word.substr(0, equals);
    std::string lowered;
    for (const char c : name) lowered += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (!seen.insert(lowered).second) throw usage_error(name + " is given twice");
    bool path = false;
    for (const auto& braced : in_path) path = path || same_name(braced, name);
    (path ? out.path : out.query)[name] = word.substr(equals + 1);
  }
  return out;
}

std::optional<nlohmann::json> body_of(const std::string& file) {
  if (file.empty()) return std::nullopt;
  std::ifstream opened;
  if (file != "-") {
    opened.open(file, std::ios::binary);
    if (!opened) throw usage_error("cannot read --body " + file);
  }
  std::istream& in = file == "-" ? std::cin : opened;
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw usage_error("--body " + file + " is not JSON: " + e.what());
  }
}

/// The JSON names of the members of a list answer's model, in the order its page lists them
/// (the SDK's JSON has them in name order); empty for any other answer.
std::vector<std::string> member_order(const ordered_json& op) {
  const std::string answer = op["answer"].get<std::string>();
  const std::string list_of = "list of ";
  std::vector<std::string> names;
  if (answer.rfind(list_of, 0) != 0) return names;
  const auto& models = catalogue()["models"];
  const auto model = models.find(answer.substr(list_of.size()));
  if (model == models.end()) return names;
  for (const auto& field : (*model)["fields"]) names.push_back(field["json"].get<std::string>());
  return names;
}

/// A list of objects as a table, one column per member: the model's members in its page's
/// order, then any other in the order they first appear.
void print_table(const ordered_json& items, std::vector<std::string> columns) {
  columns.erase(std::remove_if(columns.begin(), columns.end(),
                               [&items](const std::string& name) {
                                 return std::none_of(items.begin(), items.end(),
                                                     [&name](const ordered_json& item) {
                                                       return item.contains(name);
                                                     });
                               }),
                columns.end());
  for (const auto& item : items) {
    for (const auto& [name, value] : item.items()) {
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
    }
  }
  std::vector<std::vector<std::string>> rows{columns};
  for (const auto& item : items) {
    rows.emplace_back();
    for (const auto& column : columns)
      rows.back().push_back(item.contains(column) ? cell(item[column], "-") : "-");
  }
  print_rows(rows, style::table);
}

void print_answer(const ordered_json& answer, const ordered_json& op, bool json) {
  const bool terminal = stdout_is_terminal();
  const bool objects = answer.is_array() && !answer.empty() &&
                       std::all_of(answer.begin(), answer.end(),
                                   [](const ordered_json& item) { return item.is_object(); });
  if (terminal && !json && objects) {
    print_table(answer, member_order(op));
  } else if (terminal) {
    std::cout << dump(answer) << '\n';
  } else {
    // One line for a pipe: what jq and scripts read most simply.
    std::cout << answer.dump(-1, ' ', false, ordered_json::error_handler_t::replace) << '\n';
  }
}

}  // namespace

OperationArguments operation_arguments(const std::string& operation_id,
                                       const std::vector<std::string>& words,
                                       const std::string& body_file) {
  const ordered_json* op = find_operation(operation_id);
  if (!op) {
    throw vc::InvalidArgumentError("no documented operation has the id " + operation_id +
                                   " (see vitec-connect operations)");
  }
  ApiRow parameters = parameters_of(*op, words);
  return {(*op)["id"].get<std::string>(), std::move(parameters.path), std::move(parameters.query),
          body_of(body_file)};
}

int run_api(const Settings& settings, vc::Client& client, RecordingTransport* recorder) {
  const ordered_json* op = find_operation(settings.api.operation_id);
  if (!op) {
    throw usage_error("no documented operation has the id " + settings.api.operation_id +
                      " (see vitec-connect operations)");
  }
  ApiRow parameters = parameters_of(*op, settings.api.assignments);
  if (!settings.csv.empty()) {
    if (!settings.api.body_file.empty())
      throw usage_error("--body and --csv: with --csv the body comes from the file's columns");
    return run_api_csv(settings, *op, std::move(parameters), client, recorder);
  }
  if (settings.api.all_pages) {
    if (!settings.api.body_file.empty() || !settings.csv.empty())
      throw usage_error("--all-pages reads: it takes no --body and no --csv");
    std::size_t rows = 0;
    const auto failed = for_each_row(
        client, (*op)["id"].get<std::string>(), std::move(parameters.path),
        std::move(parameters.query), [&rows](const nlohmann::json& row) {
          std::cout << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
          ++rows;
        });
    std::cout.flush();
    if (recorder && recorder->count() > 0) return exit_ok;
    if (failed) {
      std::cerr << "vitec-connect: " << describe(*failed) << " (after " << rows << " rows)\n";
      return exit_code_for(failed->kind());
    }
    return exit_ok;
  }
  const auto body = body_of(settings.api.body_file);
  const auto result = call_operation(client, (*op)["id"].get<std::string>(),
                                     std::move(parameters.path), std::move(parameters.query), body);
  // A dry run's recorded request is what counts; its stand-in answer is not the operation's.
  if (recorder && recorder->count() > 0) return exit_ok;
  if (!result) {
    std::cerr << "vitec-connect: " << describe(result.error()) << '\n';
    return exit_code_for(result.error().kind());
  }
  print_answer(ordered_json::parse(result.value().dump()), *op, settings.json);
  return result.value() == false ? exit_answered_false : exit_ok;
}

}  // namespace vitec::cli
