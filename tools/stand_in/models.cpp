#include "models.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace vitec::stand_in::detail {

namespace {

struct data_member {
  const char* name;  // DataContract name; JSON uses it camelCased
  bool boolean;
};

struct data_contract {
  const char* root;
  const char* ns;
  const char* parameter;             // the action parameter Web API prefixes model state keys with
  std::vector<data_member> members;  // in ordinal order, as DataContract expects them
};

const data_contract& contract_of(endpoint_kind endpoint) {
  static const data_contract follow_up{
      "ParticipantFollowUp",
      "http://schemas.datacontract.org/2004/07/"
      "Vitec.Housing.Connect.Api.Models.ParticipantFollowUp",
      "followUp",
      {{"ContactId", false}, {"Contacted", false}, {"Participated", true}, {"ViewingId", false}}};
  static const data_contract order{
      "OrderUserInteractionRequest",
      "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Order",
      "request",
      {{"Comment", false}, {"Id", false}, {"Url", false}}};
  return endpoint == endpoint_kind::viewing_participant ? follow_up : order;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
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
    // Json.NET binds member names case-insensitively.
    const auto found = std::find_if(doc.items().begin(), doc.items().end(), [&](const auto& item) {
      return iequals(item.key(), member.name);
    });
    if (found == doc.items().end() || found.value().is_null()) continue;
    const auto& value = found.value();
    if (member.boolean ? !value.is_boolean() : !value.is_string()) {
      out.model_state[key(contract, member.name)].push_back(
          std::string("Error converting value to type of ") + member.name + ".");
    } else {
      out.fields[member.name] =
          member.boolean ? (value.get<bool>() ? "true" : "false") : value.get<std::string>();
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
  std::size_t next = 0;
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    const auto first = contract.members.begin() + static_cast<std::ptrdiff_t>(next);
    const auto found = std::find_if(first, contract.members.end(), [&](const data_member& member) {
      return std::string_view(child.name()) == member.name;
    });
    if (found == contract.members.end()) continue;
    next = static_cast<std::size_t>(found - contract.members.begin()) + 1;
    if (std::string_view(child.attribute("i:nil").as_string()) == "true") continue;
    std::string value = text_of(child);
    if (found->boolean && value != "true" && value != "false" && value != "1" && value != "0") {
      out.model_state[key(contract, found->name)].push_back("The value '" + value +
                                                            "' is not a valid Boolean.");
      continue;
    }
    if (found->boolean) value = (value == "true" || value == "1") ? "true" : "false";
    out.fields[found->name] = std::move(value);
  }
}

void validate(endpoint_kind endpoint, binding& out) {
  const data_contract& contract = contract_of(endpoint);
  if (endpoint == endpoint_kind::viewing_participant) {
    for (const char* required : {"ContactId", "ViewingId"}) {
      if (!out.fields.count(required)) {
        out.model_state[key(contract, required)].push_back(std::string("The ") + required +
                                                           " field is required.");
      }
    }
    return;
  }
  const auto url = out.fields.find("Url");
  if (url != out.fields.end() && url->second.rfind("http://", 0) != 0 &&
      url->second.rfind("https://", 0) != 0) {
    out.model_state[key(contract, "Url")].push_back(
        "The Url field is not a fully-qualified http or https URL.");
  }
}

}  // namespace

body_format format_of(std::string_view content_type) {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  if (iequals(media, "application/json") || iequals(media, "text/json")) return body_format::json;
  if (iequals(media, "application/xml") || iequals(media, "text/xml")) return body_format::xml;
  return body_format::unsupported;
}

binding bind(endpoint_kind endpoint, body_format format, const std::string& body) {
  binding out;
  const data_contract& contract = contract_of(endpoint);
  if (format == body_format::json) {
    bind_json(contract, body, out);
  } else {
    bind_xml(contract, body, out);
  }
  if (out.valid()) validate(endpoint, out);
  return out;
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
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return out.str();
}

}  // namespace vitec::stand_in::detail
