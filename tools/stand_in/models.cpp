#include "models.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>

#include "http_text.hpp"

namespace vitec::stand_in::detail {

namespace {

constexpr const char* instance_ns = "http://www.w3.org/2001/XMLSchema-instance";
constexpr const char* order_ns =
    "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Order";
// The token's page names this namespace; the ticket it answers is assumed to share it.
constexpr const char* express_order_ns =
    "http://schemas.datacontract.org/2004/07/Express.Connect.Api.Models.Order";

enum class member_type { string, boolean, integer };

struct data_member {
  const char* name;  // DataContract name; JSON uses it camelCased
  member_type type = member_type::string;
  bool answer_only = false;  // written in answers, never bound from a request
};

struct data_contract {
  const char* root;
  const char* ns;
  const char* parameter;             // the action parameter Web API prefixes model state keys with
  std::vector<data_member> members;  // as the docs list them: the order JSON is written in
  std::vector<data_member> ordinal;  // by ordinal name: the order DataContract XML needs

  data_contract(const char* root, const char* ns, const char* parameter,
                std::vector<data_member> listed)
      : root(root), ns(ns), parameter(parameter), members(std::move(listed)), ordinal(members) {
    std::sort(ordinal.begin(), ordinal.end(), [](const data_member& a, const data_member& b) {
      return std::strcmp(a.name, b.name) < 0;
    });
  }
};

const data_contract& contract_of(model type) {
  constexpr auto boolean = member_type::boolean;
  static const data_contract follow_up{"ParticipantFollowUp",
                                       "http://schemas.datacontract.org/2004/07/"
                                       "Vitec.Housing.Connect.Api.Models.ParticipantFollowUp",
                                       "followUp",
                                       {{"TimeSlotId", member_type::string, true},
                                        {"ContactId"},
                                        {"ViewingId"},
                                        {"Participated", boolean},
                                        {"Contacted"}}};
  static const data_contract interaction{
      "OrderUserInteractionRequest", order_ns, "request", {{"Id"}, {"Url"}, {"Comment"}}};
  static const data_contract token{"OrderToken", express_order_ns, "token", {{"Data"}}};
  static const data_contract ticket{"OrderTicket",
                                    express_order_ns,
                                    "ticket",
                                    {{"OrderId"},
                                     {"UserId"},
                                     {"OrderUserId"},
                                     {"TargetId"},
                                     {"TargetType"},
                                     {"TenantId"},
                                     {"ChainId"},
                                     {"CustomerId"},
                                     {"HasExpired", boolean}}};
  static const data_contract entry{"OrderEntry",
                                   order_ns,
                                   "entry",
                                   {{"Id"},
                                    {"CreatedAt"},
                                    {"LastUpdatedAt"},
                                    {"Status"},
                                    {"TargetId"},
                                    {"UserId"},
                                    {"ServiceId", member_type::integer}}};
  switch (type) {
    case model::participant_follow_up:
      return follow_up;
    case model::order_user_interaction_request:
      return interaction;
    case model::order_token:
      return token;
    case model::order_ticket:
      return ticket;
    case model::order_entry:
      break;
  }
  return entry;
}

std::string camel_case(const char* name) {
  std::string out = name;
  out.front() = static_cast<char>(std::tolower(static_cast<unsigned char>(out.front())));
  return out;
}

std::string key(const data_contract& contract, const std::string& member) {
  return std::string(contract.parameter) + (member.empty() ? "" : "." + member);
}

void bind_json(const data_contract& contract, const std::string& body, binding& out) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    out.model_state[key(contract, "")].push_back("The body is not a JSON object.");
    return;
  }
  for (const data_member& member : contract.members) {
    if (member.answer_only) continue;
    // Json.NET binds member names case-insensitively.
    const auto found = std::find_if(doc.items().begin(), doc.items().end(), [&](const auto& item) {
      return iequals(item.key(), member.name);
    });
    if (found == doc.items().end() || found.value().is_null()) continue;
    const auto& value = found.value();
    const bool fits = member.type == member_type::boolean   ? value.is_boolean()
                      : member.type == member_type::integer ? value.is_number_integer()
                                                            : value.is_string();
    if (!fits) {
      out.model_state[key(contract, member.name)].push_back(
          std::string("Error converting value to type of ") + member.name + ".");
    } else {
      out.fields[member.name] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
}

std::string text_of(pugi::xml_node element) {
  std::string text;
  for (pugi::xml_node part : element.children()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) text += part.value();
  }
  return text;
}

void bind_xml(const data_contract& contract, const std::string& body, binding& out) {
  pugi::xml_document doc;
  const bool parsed = doc.load_buffer(
      body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  const pugi::xml_node root = doc.document_element();
  if (!parsed || std::string_view(root.name()) != contract.root ||
      std::string_view(root.attribute("xmlns").as_string()) != contract.ns) {
    out.model_state[key(contract, "")].push_back(std::string("Expecting element '") +
                                                 contract.root + "' from namespace '" +
                                                 contract.ns + "'.");
    return;
  }
  // DataContractSerializer reads members in order and skips any element it meets after the
  // point where that member was expected.
  const auto& members = contract.ordinal;
  std::size_t next = 0;
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    const auto first = members.begin() + static_cast<std::ptrdiff_t>(next);
    const auto found = std::find_if(first, members.end(), [&](const data_member& member) {
      return std::string_view(child.name()) == member.name;
    });
    if (found == members.end()) continue;
    next = static_cast<std::size_t>(found - members.begin()) + 1;
    if (found->answer_only || std::string_view(child.attribute("i:nil").as_string()) == "true") {
      continue;
    }
    std::string value = text_of(child);
    if (found->type == member_type::boolean) {
      if (value != "true" && value != "false" && value != "1" && value != "0") {
        out.model_state[key(contract, found->name)].push_back("The value '" + value +
                                                              "' is not a valid Boolean.");
        continue;
      }
      value = (value == "true" || value == "1") ? "true" : "false";
    }
    out.fields[found->name] = std::move(value);
  }
}

void require(const data_contract& contract, binding& out,
             std::initializer_list<const char*> names) {
  for (const char* required : names) {
    const auto found = out.fields.find(required);
    // [Required] refuses an empty string as well as a missing member.
    if (found == out.fields.end() || found->second.empty()) {
      out.model_state[key(contract, required)].push_back(std::string("The ") + required +
                                                         " field is required.");
    }
  }
}

void validate(model type, binding& out) {
  const data_contract& contract = contract_of(type);
  switch (type) {
    case model::participant_follow_up:
      require(contract, out, {"ContactId", "ViewingId"});
      return;
    case model::order_token:
      require(contract, out, {"Data"});
      return;
    case model::order_user_interaction_request: {
      const auto url = out.fields.find("Url");
      if (url != out.fields.end() && url->second.rfind("http://", 0) != 0 &&
          url->second.rfind("https://", 0) != 0) {
        out.model_state[key(contract, "Url")].push_back(
            "The Url field is not a fully-qualified http or https URL.");
      }
      return;
    }
    default:  // answers only: never bound
      return;
  }
}

nlohmann::ordered_json json_of(const data_contract& contract, const record& values) {
  auto object = nlohmann::ordered_json::object();
  for (const data_member& member : contract.members) {
    auto& slot = object[camel_case(member.name)];
    const auto found = values.find(member.name);
    if (found == values.end()) continue;  // stays null
    if (member.type == member_type::boolean) {
      slot = found->second == "true";
    } else if (member.type == member_type::integer) {
      slot = std::stoll(found->second);
    } else {
      slot = found->second;
    }
  }
  return object;
}

void append_xml(const data_contract& contract, const record& values, pugi::xml_node parent) {
  for (const data_member& member : contract.ordinal) {
    pugi::xml_node element = parent.append_child(member.name);
    const auto found = values.find(member.name);
    if (found == values.end()) {
      element.append_attribute("i:nil") = "true";
    } else {
      element.text().set(found->second.c_str());
    }
  }
}

std::string xml_text(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

pugi::xml_node append_root(pugi::xml_document& doc, const data_contract& contract,
                           const std::string& name) {
  pugi::xml_node root = doc.append_child(name.c_str());
  root.append_attribute("xmlns:i") = instance_ns;
  root.append_attribute("xmlns") = contract.ns;
  return root;
}

}  // namespace

body_format format_of(std::string_view content_type) {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  if (iequals(media, "application/json") || iequals(media, "text/json")) return body_format::json;
  if (iequals(media, "application/xml") || iequals(media, "text/xml")) return body_format::xml;
  return body_format::unsupported;
}

binding bind(model type, body_format format, const std::string& body) {
  binding out;
  const data_contract& contract = contract_of(type);
  if (format == body_format::json) {
    bind_json(contract, body, out);
  } else {
    bind_xml(contract, body, out);
  }
  if (out.valid()) validate(type, out);
  return out;
}

std::string object_answer(model type, const record& values, bool xml) {
  const data_contract& contract = contract_of(type);
  if (!xml) return json_of(contract, values).dump();
  pugi::xml_document doc;
  append_xml(contract, values, append_root(doc, contract, contract.root));
  return xml_text(doc);
}

std::string list_answer(model type, const std::vector<record>& items, bool xml) {
  const data_contract& contract = contract_of(type);
  if (!xml) {
    auto list = nlohmann::ordered_json::array();
    for (const record& item : items) list.push_back(json_of(contract, item));
    return list.dump();
  }
  pugi::xml_document doc;
  pugi::xml_node root = append_root(doc, contract, std::string("ArrayOf") + contract.root);
  for (const record& item : items) append_xml(contract, item, root.append_child(contract.root));
  return xml_text(doc);
}

std::string boolean_answer(bool value, bool xml) {
  const char* text = value ? "true" : "false";
  if (!xml) return text;
  return std::string("<boolean xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">") +
         text + "</boolean>";
}

std::string error_answer(const std::string& message,
                         const std::map<std::string, std::vector<std::string>>& model_state,
                         bool xml) {
  if (!xml) {
    nlohmann::ordered_json body{{"message", message}};
    if (!model_state.empty()) body["modelState"] = model_state;
    return body.dump();
  }
  pugi::xml_document doc;
  pugi::xml_node error = doc.append_child("Error");
  error.append_child("Message").text().set(message.c_str());
  if (!model_state.empty()) {
    pugi::xml_node state = error.append_child("ModelState");
    for (const auto& [field, messages] : model_state) {
      for (const auto& text : messages) state.append_child(field.c_str()).text().set(text.c_str());
    }
  }
  return xml_text(doc);
}

}  // namespace vitec::stand_in::detail
