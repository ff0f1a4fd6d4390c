"""The operations of spec/vitec-connect.json in C++: one header per area with its client, and
api/all.hpp with the table behind api::call (see docs/api-surface.md, "The operations")."""

import re
import sys

from cpp_text import COLLECTION, NS, doc, snake_case

VERBS = {"GET": "get", "POST": "post", "PUT": "put", "DELETE": "delete"}

PARAM_KINDS = {"string": "text", "integer": "integer", "decimal number": "decimal",
               "boolean": "boolean", "date": "date"}

SCALAR_TYPES = {"string": "std::string", "integer": "std::int64_t", "boolean": "bool",
                "decimal number": NS + "::Decimal", "date": NS + "::DateTime"}


def pascal_case(snake):
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def literal_words(op):
    """The path's literal segments, without the first when it names the area (`CRM`,
    `Advertising`) and others follow."""
    segments = [s for s in op["path"].split("/") if s and not s.startswith("{")]
    if len(segments) > 1 and snake_case(segments[0]) == op["area"]:
        segments = segments[1:]
    return [snake_case(s) for s in segments]


def member_names(ops):
    """Member name per operation id, within one area: the HTTP verb and the path's literal
    segments (`GET CRM/Contact/{customerId}/{contactId}` -> get_contact; a first segment that
    starts with the verb is not said twice: `GET Category/GetCategories` -> get_categories). Where two operations
    of the area would share a name, each gets `_by_` and its path parameters other than the
    customer id (get_contact_by_contact_id, get_contact_by_contact_ids)."""
    first = {}
    for op in ops:
        words = literal_words(op)
        verb = VERBS[op["method"]]
        # A segment that is itself a verb (Category/GetCategories) is not said twice.
        if words and words[0].startswith(verb + "_"):
            words[0] = words[0][len(verb) + 1:]
        first[op["id"]] = "_".join([verb] + words)
    counts = {}
    for name in first.values():
        counts[name] = counts.get(name, 0) + 1
    def by_ids(op, with_customer):
        ids = [snake_case(p["name"]) for p in op["path_params"]
               if with_customer or p["name"].lower() != "customerid"]
        return first[op["id"]] + ("_by_" + "_and_".join(ids) if ids else "")

    names = {op["id"]: by_ids(op, False) if counts[first[op["id"]]] > 1 else first[op["id"]]
             for op in ops}
    # Still two of a name (one path with the customer id, one without): the customer id counts.
    again = {}
    for name in names.values():
        again[name] = again.get(name, 0) + 1
    names = {op["id"]: by_ids(op, True) if again[names[op["id"]]] > 1 else names[op["id"]]
             for op in ops}
    taken = {}
    for op_id, name in sorted(names.items()):
        if name in taken:
            sys.exit("operations_cpp: %s and %s would both be named %s" % (taken[name], op_id, name))
        taken[name] = op_id
    return names


def expanded_params(op, spec):
    """The parameters as sent: path ones in the order of the path, then the query's; a query
    parameter whose type is a model (the brand list's Paging) becomes one per member, named as
    the model's page names them, sent as `wire.member` (criteria.paging.pageSize)."""
    order = re.findall(r"\{([^}]+)\}", op["path"])
    by_name = {p["name"]: p for p in op["path_params"]}
    out = [dict(by_name[n], in_path=True) for n in order]
    for p in op["query_params"]:
        model = spec["models"].get(p["type"])
        if model:
            prefix = p.get("wire_name") or (p["name"][:1].lower() + p["name"][1:])
            for f in model["fields"]:
                out.append({"name": f["name"], "wire_name": prefix + "." + f["json"],
                            "type": f["type"], "required": False,
                            "description": f.get("description"), "in_path": False})
        else:
            out.append(dict(p, in_path=False))
    return out


def param_kind(p, spec):
    if p["type"] in PARAM_KINDS:
        return PARAM_KINDS[p["type"]]
    enum = spec["enums"].get(p["type"])
    if enum:
        return "names" if enum["flags"] else "name"
    sys.exit("operations_cpp: parameter %s has the type %r" % (p["name"], p["type"]))


def param_cpp_type(p, spec, names):
    if p.get("list_param"):
        return "std::vector<std::string>"
    t = SCALAR_TYPES.get(p["type"]) or "api::%s" % names[p["type"]]
    plain = p["required"] and t in ("std::string", "bool", "std::int64_t")
    return t if plain or p["in_path"] else "std::optional<%s>" % t


def answer_cpp_type(op, spec, names, dependent=False):
    """The answer's C++ type. `dependent`: inside an area client, a model is named through the
    client's own template parameter (api::BasicBid<Unused>, the same type as api::Bid), so that
    a unit that includes the area compiles no model its code does not use."""
    answer = op["answer"]
    if answer is None:
        return "api::NoContent"
    if "one_of" in answer:
        variant = "std::variant<%s>" % ", ".join(model_type(k, names, dependent)
                                                 for k in answer["one_of"])
        return "std::vector<%s>" % variant if answer.get("collection") else variant
    return value_type(answer["type"], spec, names, dependent)


def model_type(key, names, dependent):
    return "api::Basic%s<Unused>" % names[key] if dependent else "api::%s" % names[key]


def value_type(t, spec, names, dependent=False):
    if t == COLLECTION + "byte":
        return "std::vector<std::uint8_t>"
    if t.startswith(COLLECTION):
        return "std::vector<%s>" % value_type(t[len(COLLECTION):], spec, names, dependent)
    if t in SCALAR_TYPES:
        return SCALAR_TYPES[t]
    if t in names:
        return model_type(t, names, dependent)
    sys.exit("operations_cpp: unknown answer type %r" % t)


def body_cpp_type(op, names):
    body = op.get("body")
    if not body:
        return None
    if body["type"] not in names:
        sys.exit("operations_cpp: %s: the body %r is not a model" % (op["id"], body["type"]))
    return "api::%s" % names[body["type"]]


def cpp_string(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def takes_params_struct(op, params):
    """An operation with more than a customer id takes its arguments by name, in a struct."""
    return not (len(params) == 0 or (len(params) == 1 and params[0]["in_path"] and
                                     params[0]["name"].lower() == "customerid"))


def answer_size(op):
    return "list" if op["answer"] and (op["answer"].get("collection") or op["answer"].get(
        "type", "").startswith(COLLECTION)) else "single"


def definition_code(op, member, params, spec):
    rows = []
    for p in params:
        rows.append("{%s, %s, %s, %s, %s, %s, param_kind::%s, %d, %d}" % (
            cpp_string(p["name"]), cpp_string(p.get("wire_name") or p["name"]),
            "true" if p["in_path"] else "false", "true" if p["required"] else "false",
            "true" if p.get("list_param") else "false",
            "true" if p.get("personal_data") else "false", param_kind(p, spec),
            -1 if p.get("min_length") is None else p["min_length"],
            -1 if p.get("max_length") is None else p["max_length"]))
    out = []
    if rows:
        out.append("inline constexpr param_def %s_params[] = {\n    %s};\n" % (
            member, ",\n    ".join(rows)))
    size = answer_size(op)
    out.append("inline constexpr operation_def %s{%s, %s, %s, %s, %s, answer_size::%s, %s, %d};\n"
               % (member, cpp_string(op["id"]), cpp_string(op["method"]), cpp_string(op["path"]),
                  cpp_string(op["area"]), "true" if op["idempotent"] else "false", size,
                  "%s_params" % member if rows else "nullptr", len(params)))
    return "".join(out)


def params_struct_code(op, member, params, spec, names):
    cls = pascal_case(member) + "Params"
    out = [doc("The parameters of %s (%s %s), set by name: the struct cannot be brace-initialised "
               "by position, so that two ids cannot be swapped unnoticed." % (
                   member, op["method"], op["path"])),
           "struct %s {\n  explicit %s() = default;\n" % (cls, cls)]
    for p in params:
        notes = []
        if p["required"] or p["in_path"]:
            notes.append("Required.")
        if p.get("list_param"):
            notes.append("Sent as one text, the ids separated by ','.")
        if p.get("min_length") is not None or p.get("max_length") is not None:
            notes.append("Length %s to %s characters." % (
                p.get("min_length") or 0,
                "any" if p.get("max_length") is None else p["max_length"]))
        if p.get("personal_data"):
            notes.append("A personal identity number: never shown in errors or log events.")
        where = "In the path." if p["in_path"] else "Query parameter `%s`." % (
            p.get("wire_name") or p["name"])
        description = (p.get("description") or "").strip() or "`%s`." % p["name"]
        out.append(doc(" ".join([description.rstrip(".") + ".", where] + notes), "  /// "))
        out.append("  %s %s{};\n" % (param_cpp_type(p, spec, names), snake_case(p["name"])))
    out.append("};\n\n")
    return cls, "".join(out)


def member_code(op, member, params, spec, names, params_cls):
    answer = answer_cpp_type(op, spec, names, dependent=True)
    body = body_cpp_type(op, names)
    inputs = []
    if params_cls:
        inputs.append("const %s::%s& params" % (op["area"], params_cls))
        texts = ", ".join("::vitec::connect::detail::param_text(params.%s)" % snake_case(p["name"])
                          for p in params)
    elif params:
        inputs.append("std::string_view customer_id")
        texts = "std::string(customer_id)"
    else:
        texts = ""
    if body:
        inputs.append("const %s& body" % body)
    signature = ", ".join(inputs)
    forward = ", ".join((["params"] if params_cls else ["customer_id"] if params else []) +
                        (["body"] if body else []))
    lines = []
    description = (op.get("description") or "").strip() or "%s %s." % (op["method"], op["path"])
    notes = ["%s %s." % (op["method"], op["path"])]
    if op.get("deprecated"):
        notes.append("Replaced%s: the page marks it so." % (
            " by %s" % op["replaced_by"] if op.get("replaced_by") else ""))
    if not op["idempotent"]:
        notes.append("Not sent again once it may have reached the server (it creates "
                     "something); retried only when the server said it did not act (408, 429, "
                     "503) or nothing reached it.")
    if op.get("incomplete"):
        notes.append("Its help page could not be read whole: %s" % op.get("incomplete_reason", ""))
    comment = doc(" ".join([description.rstrip(".") + "."] + notes + ["Throws an Error "
                                                                       "subclass."]), "  /// ")
    void = answer == "api::NoContent"
    lines.append(comment)
    lines.append("  %s %s(%s) const {\n    %stry_%s(%s).value();\n  }\n\n" % (
        "void" if void else answer, member, signature, "(void)" if void else "return ", member,
        forward))
    lines.append("  /// As %s, with the error as a value: never throws.\n" % member)
    lines.append(
        "  Result<%s> try_%s(%s) const noexcept {\n"
        "    return ::vitec::connect::detail::run_operation<%s>(client_, "
        "::vitec::connect::detail::%s_operations::%s, {%s}, %s);\n  }\n\n" % (
            answer, member, signature, answer, op["area"], member, texts,
            "body" if body else "::vitec::connect::detail::no_body{}"))
    return "".join(lines)


def is_outbox_write(op):
    """An operation an Outbox may hold: a write its description says is safe to send again."""
    return op["method"] != "GET" and op["idempotent"]


def writes_code(area, ops, members, params, params_cls, names):
    """Per write the Outbox may hold: in detail::<area>_operations, what turns its typed
    arguments into the texts run_operation takes; in api::<area>::writes, the handle that
    Outbox::enqueue takes with those arguments and the body model."""
    texts, handles = [], []
    for op in ops:
        if not is_outbox_write(op):
            continue
        member = members[op["id"]]
        if params_cls.get(op["id"]):
            params_type = "::vitec::connect::api::%s::%s" % (area, params_cls[op["id"]])
            values = ", ".join("param_text(params.%s)" % snake_case(p["name"])
                               for p in params[op["id"]])
        elif params[op["id"]]:
            params_type = "std::string_view"
            values = "std::string(params)"
        else:
            params_type = "no_params"
            values = ""
        body = body_cpp_type(op, names)
        body = "::vitec::connect::" + body if body else "::vitec::connect::detail::no_body"
        texts.append("inline param_texts %s_texts(const %s& %s) {\n  return {%s};\n}\n" % (
            member, params_type, "params" if values else "/*params*/", values))
        handle_params = (params_type if params_type.startswith(("::", "std::"))
                         else "::vitec::connect::detail::" + params_type)
        handles.append(
            doc("%s %s, for Outbox::enqueue(%s)." % (op["method"], op["path"], ", ".join(
                ["handle"] + ([] if params_type == "no_params" else
                              ["customer_id"] if params_type == "std::string_view" else
                              ["params"]) + (["body"] if body_cpp_type(op, names) else [])))) +
            "inline constexpr ::vitec::connect::detail::write_operation<%s, %s> %s{\n"
            "    &::vitec::connect::detail::%s_operations::%s,\n"
            "    &::vitec::connect::detail::%s_operations::%s_texts};\n\n" % (
                handle_params, body, member, area, member, area, member))
    return "".join(texts), "".join(handles)


def one_of_code(op, spec, names):
    answer = op["answer"]
    variant = "std::variant<%s>" % ", ".join("::vitec::connect::api::%s" % names[k]
                                             for k in answer["one_of"])
    by_key = {v: k for k, v in answer["discriminator_values"].items()}
    values = ", ".join(cpp_string(by_key[k]) for k in answer["one_of"])
    return ("/// The models the answer of %s may be, by the value of its `%s`.\ntemplate <>\n"
            "struct one_of<%s> {\n  static constexpr const char* discriminator = %s;\n"
            "  static constexpr const char* names[] = {%s};\n};\n\n" % (
                op["id"], answer["discriminator"], variant, cpp_string(answer["discriminator"]),
                values))


def area_header(area, ops, spec, names, model_headers, notice):
    ops = sorted(ops, key=lambda o: o["id"])
    members = member_names(ops)
    client = pascal_case(area) + "Client"
    includes = ['"vitec/connect/client.hpp"', '"vitec/connect/detail/operation.hpp"',
                '"vitec/connect/result.hpp"', '"vitec/connect/version.hpp"']
    includes += ['"vitec/connect/api/%s"' % h for h in model_headers]
    out = [notice, "#pragma once\n\n/// \\file\n",
           doc("The %d operations of the %s area: the client %s, the parameters of its "
               "operations (namespace api::%s) and their definitions." % (
                   len(ops), area, client, area)),
           "\n#include <cstdint>\n#include <optional>\n#include <string>\n"
           "#include <string_view>\n#include <variant>\n#include <vector>\n\n"]
    out += ["#include %s\n" % i for i in sorted(includes)]
    out.append("\nnamespace vitec::connect {\ninline namespace VITEC_CONNECT_ABI_NAMESPACE {\n\n")
    params = {op["id"]: expanded_params(op, spec) for op in ops}
    out.append("namespace api::%s {\n\n" % area)
    params_cls = {}
    for op in ops:
        if takes_params_struct(op, params[op["id"]]):
            cls, code = params_struct_code(op, members[op["id"]], params[op["id"]], spec, names)
            params_cls[op["id"]] = cls
            out.append(code)
    out.append("}  // namespace api::%s\n\nnamespace detail {\n\n" % area)
    variants = set()
    for op in ops:
        if op["answer"] and "one_of" in op["answer"]:
            variant = tuple(op["answer"]["one_of"])
            if variant not in variants:
                variants.add(variant)
                out.append(one_of_code(op, spec, names))
    out.append("namespace %s_operations {\n\n" % area)
    for op in ops:
        out.append(definition_code(op, members[op["id"]], params[op["id"]], spec))
    texts, handles = writes_code(area, ops, members, params, params_cls, names)
    out.append(texts)
    out.append("\n}  // namespace %s_operations\n}  // namespace detail\n\n" % area)
    if handles:
        out.append(doc("The writes of the %s area that an Outbox may hold (those safe to send "
                       "again), as Outbox::enqueue takes them with the area client's arguments."
                       % area))
        out.append("namespace api::%s::writes {\n\n%s}  // namespace api::%s::writes\n\n" % (
            area, handles, area))
    out.append("namespace api {\n\n")
    out.append(doc("The operations of the %s area, one throwing member and one try_ member "
                   "each: built from a Client, whose connection pool, credentials, retries, "
                   "timeouts, logging and error mapping it shares. Cheap to copy; safe to use "
                   "from many threads at once. Use it as %s." % (area, client)))
    out.append("template <class Unused = void>\nclass Basic%s {\n public:\n" % client)
    out.append("  /// Sends through `client` (a copy shares its connection pool).\n"
               "  explicit Basic%s(BasicClient<Unused> client) : client_(std::move(client)) {}\n\n"
               % client)
    for op in ops:
        out.append(member_code(op, members[op["id"]], params[op["id"]], spec, names,
                               params_cls.get(op["id"])))
    # Of the template parameter's type, so that every call in the members is compiled only where
    # it is used (see answer_cpp_type).
    out.append(" private:\n  BasicClient<Unused> client_;\n};\n\n")
    out.append("/// The client of the %s area; see Basic%s.\nusing %s = Basic%s<>;\n\n" % (
        area, client, client, client))
    out.append("}  // namespace api\n\n}  // namespace VITEC_CONNECT_ABI_NAMESPACE\n"
               "}  // namespace vitec::connect\n")
    return "".join(out), members


def all_header(spec, names, areas, members_by_area, notice):
    # Each area header specialises one_of for its variants: two areas with one variant would
    # define it twice in a unit that includes both.
    areas_of = {}
    for op in spec["operations"]:
        if op["answer"] and "one_of" in op["answer"]:
            areas_of.setdefault(tuple(op["answer"]["one_of"]), set()).add(op["area"])
    for variant, where in areas_of.items():
        if len(where) > 1:
            sys.exit("operations_cpp: the answer %s is in the areas %s: move its one_of to a "
                     "shared header" % (" | ".join(variant), ", ".join(sorted(where))))
    rows = []
    for op in sorted(spec["operations"], key=lambda o: o["id"]):
        member = members_by_area[op["area"]][op["id"]]
        body = body_cpp_type(op, names) or "no_body"
        body = body.replace("api::", "::vitec::connect::api::")
        rows.append("{&%s_operations::%s, &call_with_json<%s, %s>, %s}" % (
            op["area"], member, body,
            answer_cpp_type(op, spec, names).replace("api::", "::vitec::connect::api::"),
            "&write_with_json<%s>" % body if is_outbox_write(op) else "nullptr"))
    includes = "".join('#include "vitec/connect/api/%s.hpp"\n' % a for a in sorted(areas))
    return (notice + "#pragma once\n\n/// \\file\n" +
            doc("Every area's operations and models (%d operations, %d models, %d enums), and "
                "api::operations(), api::call() and api::try_call() over all of them." % (
                    len(spec["operations"]), len(spec["models"]), len(spec["enums"]))) +
            "\n#include <vector>\n\n" + includes +
            '#include "vitec/connect/api/all_models.hpp"\n'
            '#include "vitec/connect/operations.hpp"\n#include "vitec/connect/version.hpp"\n\n'
            "namespace vitec::connect {\ninline namespace VITEC_CONNECT_ABI_NAMESPACE {\n"
            "namespace detail {\n\n"
            "template <class Unused>\nconst std::vector<json_operation>& json_operations() {\n"
            "  static const std::vector<json_operation> table = {\n    %s};\n  return table;\n}\n\n"
            "}  // namespace detail\n}  // namespace VITEC_CONNECT_ABI_NAMESPACE\n"
            "}  // namespace vitec::connect\n" % ",\n    ".join(rows))


def outbox_writes_header(spec, notice):
    """What a drain needs to send a stored write without its area's header: the known ids, and
    per id its method, area, answer size and whether its answer is a boolean (true: delivered;
    false: refused)."""
    rows = ["{%s, %s, %s, %s, answer_size::%s}" % (
        cpp_string(op["id"]), cpp_string(op["method"]), cpp_string(op["area"]),
        "true" if (op["answer"] or {}).get("type") == "boolean" else "false", answer_size(op))
        for op in sorted(spec["operations"], key=lambda o: o["id"]) if is_outbox_write(op)]
    return (notice + "#pragma once\n\n/// \\file\n" +
            doc("The %d writes an Outbox may hold (those the description marks safe to send "
                "again), as its drain sends them: without their area's header." % len(rows)) +
            '\n#include "vitec/connect/detail/endpoints.hpp"\n'
            '#include "vitec/connect/version.hpp"\n\n'
            "namespace vitec::connect {\ninline namespace VITEC_CONNECT_ABI_NAMESPACE {\n"
            "namespace detail {\n\n"
            "/// One write an Outbox may hold.\nstruct outbox_write {\n"
            "  const char* id;  ///< the help page's name\n  const char* method;\n"
            "  const char* area;  ///< with ClientOptions::password_for, the password's area\n"
            "  bool boolean_answer;  ///< answers true (delivered) or false (refused)\n"
            "  answer_size size;\n};\n\n"
            "inline constexpr outbox_write outbox_writes[] = {\n    %s};\n\n"
            "}  // namespace detail\n}  // namespace VITEC_CONNECT_ABI_NAMESPACE\n"
            "}  // namespace vitec::connect\n" % ",\n    ".join(rows))
