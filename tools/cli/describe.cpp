#include "describe.hpp"

#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "catalogue.hpp"
#include "exit_codes.hpp"
#include "table.hpp"

namespace vitec::cli {

namespace {

std::string text_of(const ordered_json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

/// A member's or parameter's documented limits in a few words ("length 0-30", "1 to 5").
std::string limits(const ordered_json& item) {
  std::vector<std::string> parts;
  const auto has = [&item](const char* key) { return item.contains(key); };
  if (has("min_length") || has("max_length")) {
    parts.push_back("length " + (has("min_length") ? text_of(item["min_length"]) : "0") + "-" +
                    (has("max_length") ? text_of(item["max_length"]) : ""));
  }
  if (has("minimum") || has("maximum")) {
    parts.push_back((has("minimum") ? text_of(item["minimum"]) : "") + " to " +
                    (has("maximum") ? text_of(item["maximum"]) : ""));
  }
  if (has("min_items")) parts.push_back("at least " + text_of(item["min_items"]) + " items");
  if (has("one_of_group")) parts.push_back("one of group " + text_of(item["one_of_group"]));
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out.empty() ? "-" : out;
}

const char* yes_no(const ordered_json& flag) { return flag.get<bool>() ? "yes" : "no"; }

std::string parameter_names(const ordered_json& op) {
  std::string out;
  for (const auto& p : op["parameters"]) {
    out += (out.empty() ? "" : ",") + p["name"].get<std::string>();
  }
  return out;
}

void describe_operation(const ordered_json& op) {
  std::cout << op["id"].get<std::string>() << "\n"
            << op["method"].get<std::string>() << ' ' << op["path"].get<std::string>() << "  (area "
            << op["area"].get<std::string>() << ")\n";
  if (!op["description"].get<std::string>().empty())
    std::cout << op["description"].get<std::string>() << '\n';
  if (op.contains("deprecated")) std::cout << "Deprecated.\n";
  if (op.contains("incomplete_reason"))
    std::cout << "Incomplete in the description: " << op["incomplete_reason"].get<std::string>()
              << '\n';
  std::cout << "\nParameters:\n";
  std::vector<std::vector<std::string>> rows{
      {"  name", "wire name", "in", "type", "required", "limits", "description"}};
  for (const auto& p : op["parameters"]) {
    std::string type = p["type"].get<std::string>();
    if (p["list"].get<bool>()) type = "ids, separated by ','";
    rows.push_back({"  " + p["name"].get<std::string>(), p["wire_name"].get<std::string>(),
                    p["in"].get<std::string>(), type, yes_no(p["required"]), limits(p),
                    cell(p["description"], "")});
  }
  if (rows.size() == 1) rows = {{"  (none)"}};
  print_rows(rows, style::table);
  std::cout << "\nBody: " << (op["body"].is_null() ? "none" : op["body"].get<std::string>())
            << "\nAnswer: " << op["answer"].get<std::string>() << '\n';
}

void describe_model(const std::string& key, const ordered_json& model) {
  std::cout << key << "  (C++ vitec::connect::api::" << model["cpp"].get<std::string>() << "; page "
            << model["name"].get<std::string>() << ")\n";
  if (!model["description"].get<std::string>().empty())
    std::cout << model["description"].get<std::string>() << '\n';
  if (model.contains("incomplete_reason"))
    std::cout << "Incomplete in the description: " << model["incomplete_reason"].get<std::string>()
              << '\n';
  std::cout << "\nMembers:\n";
  std::vector<std::vector<std::string>> rows{
      {"  json", "type", "required", "limits", "description"}};
  for (const auto& f : model["fields"]) {
    std::string description = f["description"].get<std::string>();
    if (f.contains("information")) description += " (" + f["information"].get<std::string>() + ")";
    if (f.contains("deprecated")) description += " [deprecated]";
    rows.push_back({"  " + f["json"].get<std::string>(), f["type"].get<std::string>(),
                    yes_no(f["required"]), limits(f), cell(description, "")});
  }
  if (rows.size() == 1) rows = {{"  (none documented)"}};
  print_rows(rows, style::table);
}

void describe_enum(const std::string& key, const ordered_json& item) {
  std::cout << key << "  (C++ vitec::connect::api::" << item["cpp"].get<std::string>() << "; page "
            << item["name"].get<std::string>() << "; an enum"
            << (item["flags"].get<bool>() ? " of flags, names separated by ','" : "") << ")\n";
  if (!item["description"].get<std::string>().empty())
    std::cout << item["description"].get<std::string>() << '\n';
  std::cout << "\nValues:\n";
  std::vector<std::vector<std::string>> rows{{"  name", "value", "description"}};
  for (const auto& m : item["members"]) {
    rows.push_back(
        {"  " + m["name"].get<std::string>(), cell(m["value"], "-"), cell(m["description"], "")});
  }
  print_rows(rows, style::table);
}

}  // namespace

int run_operations(const Settings& settings) {
  const auto& all = catalogue()["operations"];
  std::set<std::string> areas;
  for (const auto& op : all) areas.insert(op["area"].get<std::string>());
  std::string area;
  for (const auto& name : areas) {
    if (same_name(name, settings.api.area)) area = name;
  }
  if (!settings.api.area.empty() && area.empty()) {
    std::string known;
    for (const auto& name : areas) known += ' ' + name;
    throw usage_error("--area " + settings.api.area + " is not an area; the areas are:" + known);
  }
  ordered_json chosen = ordered_json::array();
  for (const auto& op : all) {
    if (area.empty() || op["area"] == area) chosen.push_back(op);
  }
  const style how = output_style(settings.json);
  if (how == style::json) {
    std::cout << dump(chosen) << '\n';
    return exit_ok;
  }
  std::vector<std::vector<std::string>> rows;
  if (how == style::table) rows.push_back({"id", "method", "path", "parameters", "body", "answer"});
  for (const auto& op : chosen) {
    rows.push_back({op["id"].get<std::string>(), op["method"].get<std::string>(),
                    op["path"].get<std::string>(), parameter_names(op), cell(op["body"], "-"),
                    op["answer"].get<std::string>()});
  }
  print_rows(rows, how);
  return exit_ok;
}

int run_describe(const Settings& settings) {
  const Described found = find_described(settings.api.name);
  std::string list;
  for (const auto& name : found.candidates) list += "\n  " + name;
  switch (found.what) {
    case Described::kind::none:
      throw usage_error("no operation, model or enum is named " + settings.api.name +
                        (list.empty() ? std::string(" (see vitec-connect operations)")
                                      : "; names that hold it:" + list));
    case Described::kind::ambiguous:
      throw usage_error(settings.api.name + " names several; give the key:" + list);
    case Described::kind::operation:
      if (settings.json) {
        std::cout << dump(*found.entry) << '\n';
      } else {
        describe_operation(*found.entry);
      }
      break;
    case Described::kind::model:
    case Described::kind::enumeration:
      if (settings.json) {
        ordered_json out = {{"key", found.key}};
        out.update(*found.entry);
        std::cout << dump(out) << '\n';
      } else if (found.what == Described::kind::model) {
        describe_model(found.key, *found.entry);
      } else {
        describe_enum(found.key, *found.entry);
      }
      break;
  }
  return exit_ok;
}

}  // namespace vitec::cli
