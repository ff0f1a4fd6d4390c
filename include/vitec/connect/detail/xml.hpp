#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

#include "vitec/connect/detail/utf8.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/version.hpp"

namespace vitec::connect {
inline namespace VITEC_CONNECT_ABI_NAMESPACE {
namespace detail {

// The functions and classes here are templates (with an unused parameter where nothing else
// makes them one) so that each is compiled only where it is used; see docs/design.md.

inline constexpr const char* xml_schema_instance_ns = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr const char* serialization_ns =
    "http://schemas.microsoft.com/2003/10/Serialization/";

/// Escapes element text. CR goes out as a character reference because an XML parser turns a raw
/// CR into LF; '>' is escaped so that "]]>" can never appear.
template <class = void>
void append_xml_text(std::string& out, std::string_view text) {
  std::size_t plain_from = 0;  // runs that need no escape are appended whole
  for (std::size_t at = 0; at < text.size(); ++at) {
    const char* escaped = nullptr;
    switch (text[at]) {
      case '&':
        escaped = "&amp;";
        break;
      case '<':
        escaped = "&lt;";
        break;
      case '>':
        escaped = "&gt;";
        break;
      case '\r':
        escaped = "&#xD;";
        break;
      default:
        continue;
    }
    out.append(text.data() + plain_from, at - plain_from).append(escaped);
    plain_from = at + 1;
  }
  out.append(text.data() + plain_from, text.size() - plain_from);
}

/// Writes a DataContract element; the caller emits members in ordinal-alphabetical order, as the
/// .NET reader drops any member that comes out of order. `root` must outlive the writer.
template <class Unused = void>
class basic_data_contract_writer {
 public:
  basic_data_contract_writer(const char* root, const char* ns) : root_(root) {
    out_.reserve(256);
    out_ += '<';
    out_ += root;
    out_ += " xmlns:i=\"";
    out_ += xml_schema_instance_ns;
    out_ += "\" xmlns=\"";
    out_ += ns;
    out_ += "\">";
  }

  void member(const char* name, std::string_view text) {
    open(name);
    append_xml_text(out_, text);
    close(name);
  }

  /// Starts a nested element, e.g. an item of an ArrayOf list.
  void open(const char* name) {
    out_ += '<';
    out_ += name;
    out_ += '>';
  }

  void close(const char* name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
  }

  std::string finish() && {
    out_ += "</";
    out_ += root_;
    out_ += '>';
    return std::move(out_);
  }

 private:
  const char* root_;
  std::string out_;
};
using data_contract_writer = basic_data_contract_writer<>;

/// A parsed XML document whose root was checked for name and default namespace (`ns`, or
/// `other_ns` when that is not nullptr).
template <class Unused = void>
class basic_xml_document {
 public:
  basic_xml_document(std::string_view body, std::string_view root, const char* ns,
                     const char* other_ns = nullptr) {
    // pugixml is lenient where XML is not (it stops at a NUL, keeps an undeclared entity as
    // text, decodes &#0; or &#xFFFF;): check first, so that every value read is text XML allows.
    check_well_formed_text(body);
    // parse_ws_pcdata keeps whitespace-only values; parse_eol normalises raw line ends as XML
    // requires while leaving character references such as &#xD; intact.
    // parse_fragment keeps what lies outside the root, so that it can be refused below.
    const auto result = doc_.load_buffer(
        body.data(), body.size(),
        pugi::parse_default | pugi::parse_ws_pcdata | pugi::parse_fragment, pugi::encoding_utf8);
    if (!result) fail(std::string("is not well-formed: ") + result.description());
    root_ = single_root(doc_);
    if (std::string_view(root_.name()) != root) fail("has no <" + std::string(root) + "> root");
    const std::string_view root_ns = root_.attribute("xmlns").as_string();
    if (root_ns != ns && (other_ns == nullptr || root_ns != other_ns)) {
      fail(std::string("root is not in namespace ") + ns);
    }
  }

  pugi::xml_node root() const { return root_; }

  /// Whether `element` says nil="true" (or "1") under whatever prefix the document binds to the
  /// XML Schema instance namespace: DataContract writes i:, other writers xsi: or their own.
  static bool is_nil(pugi::xml_node element) {
    for (const pugi::xml_attribute attribute : element.attributes()) {
      const std::string_view name = attribute.name();
      const auto colon = name.find(':');
      if (colon == std::string_view::npos || name.substr(colon + 1) != "nil") continue;
      const std::string declaration = "xmlns:" + std::string(name.substr(0, colon));
      for (pugi::xml_node scope = element; scope; scope = scope.parent()) {
        const pugi::xml_attribute bound = scope.attribute(declaration.c_str());
        if (!bound) continue;
        if (std::string_view(bound.value()) != xml_schema_instance_ns) break;
        const std::string_view value = attribute.value();
        return value == "true" || value == "1";
      }
    }
    return false;
  }

  /// All character data of a leaf element; an element with element children is not a value.
  static std::string text_of(pugi::xml_node element) {
    std::string text;
    for (pugi::xml_node part = element.first_child(); part; part = part.next_sibling()) {
      if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) {
        text += part.value();
      } else if (part.type() == pugi::node_element) {
        throw ProtocolError(std::string("XML element <") + element.name() +
                            "> holds elements where a value was expected");
      }
    }
    return text;
  }

 private:
  [[noreturn]] static void fail(const std::string& why) { throw ProtocolError("XML body " + why); }

  /// The one element at document level; text or a second element there is not XML.
  static pugi::xml_node single_root(const pugi::xml_document& doc) {
    pugi::xml_node root;
    for (pugi::xml_node node = doc.first_child(); node; node = node.next_sibling()) {
      if (node.type() == pugi::node_element) {
        if (root) fail("has more than one root element");
        root = node;
      } else if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
        if (std::string_view(node.value()).find_first_not_of(" \t\r\n") != std::string_view::npos) {
          fail("has text outside its root element");
        }
      }
    }
    if (!root) fail("has no root element");
    return root;
  }

  static void check_well_formed_text(std::string_view body) {
    const auto check = check_text(body, true);
    if (check.problem == text_problem::invalid_utf8) fail("is not valid UTF-8");
    if (check.problem == text_problem::not_xml_char) fail("holds a character XML forbids");
    for (std::size_t at = 0; at < body.size(); ++at) {
      if (body.compare(at, 9, "<![CDATA[") == 0) {
        at = skip_past(body, at, "]]>");
      } else if (body.compare(at, 4, "<!--") == 0) {
        at = skip_past(body, at, "-->");
      } else if (body[at] == '&') {
        at = check_reference(body, at);
      }
    }
  }

  static std::size_t skip_past(std::string_view body, std::size_t at, std::string_view end) {
    const auto found = body.find(end, at);
    if (found == std::string_view::npos) fail("has an unterminated section");
    return found + end.size() - 1;
  }

  /// Checks the entity or character reference at body[at] and returns the index of its ';'.
  static std::size_t check_reference(std::string_view body, std::size_t at) {
    const auto end = body.find(';', at);
    if (end == std::string_view::npos || end - at > 12) fail("has an unterminated reference");
    const std::string_view name = body.substr(at + 1, end - at - 1);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
      return end;
    }
    if (name.empty() || name[0] != '#') fail("uses an undeclared entity");
    const bool hex = name.size() > 1 && name[1] == 'x';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) fail("has a malformed character reference");
    char32_t value = 0;
    for (const char c : digits) {
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) fail("has a malformed character reference");
      value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
      if (value > 0x10FFFF) fail("refers to a character beyond Unicode");
    }
    if (!is_xml_char(value)) fail("refers to a character XML forbids");
    return end;
  }

  pugi::xml_document doc_;
  pugi::xml_node root_;
};
using xml_document = basic_xml_document<>;

}  // namespace detail
}  // namespace VITEC_CONNECT_ABI_NAMESPACE
}  // namespace vitec::connect
