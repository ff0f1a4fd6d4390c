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


def max_ids(op, p):
    """The ids a list parameter takes in one call: its page's "max N stycken", or, in the path
    of an operation whose page sends more than `path_max_ids` as a query parameter, that many;
    -1 for any number."""
    if p["in_path"] and op.get("path_max_ids") is not None:
        return op["path_max_ids"]
    return -1 if p.get("max_items") is None else p["max_items"]


def answer_size(op):
    return "list" if op["answer"] and (op["answer"].get("collection") or op["answer"].get(
        "type", "").startswith(COLLECTION)) else "single"


def definition_code(op, member, params, spec):
    rows = []
    for p in params:
        rows.append("{%s, %s, %s, %s, %s, %s, param_kind::%s, %d, %d, %d}" % (
            cpp_string(p["name"]), cpp_string(p.get("wire_name") or p["name"]),
            "true" if p["in_path"] else "false", "true" if p["required"] else "false",
            "true" if p.get("list_param") else "false",
            "true" if p.get("personal_data") else "false", param_kind(p, spec),
            -1 if p.get("min_length") is None else p["min_length"],
            -1 if p.get("max_length") is None else p["max_length"], max_ids(op, p)))
    out = []
    if rows:
        out.append("inline constexpr param_def %s_params[] = {\n    %s};\n" % (
            member, ",\n    ".join(rows)))
    size = answer_size(op)
    out.append("inline constexpr operation_def %s{%s, %s, %s, %s, %s, answer_size::%s, %s, %d, %s};\n"
               % (member, cpp_string(op["id"]), cpp_string(op["method"]), cpp_string(op["path"]),
                  cpp_string(op["area"]), "true" if op["idempotent"] else "false", size,
                  "%s_params" % member if rows else "nullptr", len(params),
                  "true" if has_plain_answer(op) else "false"))
    return "".join(out)


def params_struct_code(op, member, params, spec, names):
    cls = pascal_case(member) + "Params"
    out = [doc("The parameters of %s (%s %s), set by name: the struct cannot be brace-initialised "
               "by position, so that two ids cannot be swapped unnoticed." % (
                   member, op["method"], op["path"])),
           "struct %s {\n  explicit %s() = default;\n" % (cls, cls)]
    for p in params:
        notes = []
        if p["required"]:
            notes.append("Required.")
        elif p["in_path"]:
            if not op["path"].endswith("/{%s}" % p["name"]):
                raise ValueError("%s: the optional path parameter %s is not the path's last "
                                 "segment" % (op["id"], p["name"]))
            notes.append("Optional: empty leaves the path's last segment out, with its '/'.")
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


def paged_row(op, params, spec):
    """The description key of a paged list's row, or None: the operation takes PageIndex and
    PageSize, and its answer is a model with `rows` (Vitec's pages: index, count, totalRowCount,
    rows)."""
    taken = {p["name"].lower() for p in params if not p["in_path"]}
    answer = op["answer"] or {}
    model = spec["models"].get(answer.get("type"))
    if not model or not {"pageindex", "pagesize"} <= taken:
        return None
    rows = next((f for f in model["fields"] if f["json"] == "rows"), None)
    if not rows or not rows["type"].startswith(COLLECTION):
        sys.exit("operations_cpp: %s takes PageIndex and PageSize but answers no rows" % op["id"])
    return rows["type"][len(COLLECTION):]


def paged_code(op, member, params, spec, names, params_cls):
    """For a paged list: `<member>_all`, its rows as one api::PageRange, and, when it filters by
    ChangedAtMinValue and its rows carry changedAt, `<member>_changes`, a change sync."""
    row_key = paged_row(op, params, spec)
    if row_key is None:
        return ""
    row = model_type(row_key, names, True)
    args = "%s::%s params" % (op["area"], params_cls)
    # The number of pages (`count` on most pages, `totalPageCount` on the viewing report's) and
    # of rows, where the page's model has them: the range stops by what it is given.
    page_fields = {f["json"] for f in spec["models"][op["answer"]["type"]]["fields"]}
    count = ("page.count" if "count" in page_fields else
             "page.total_page_count" if "totalPageCount" in page_fields else "std::nullopt")
    total = "page.total_row_count" if "totalRowCount" in page_fields else "std::nullopt"
    out = [doc("Every row of %s, as one range fetched a page at a time as it is iterated (see "
               "api::PageRange): from page `params.page_index` (0 when empty), "
               "`params.page_size` rows a page (api::default_page_size when empty). A failed page "
               "throws from the iteration." % member, "  /// "),
           "  api::PageRange<%s> %s_all(%s) const {\n" % (row, member, args),
           "    const auto first = params.page_index.value_or(0);\n"
           "    const auto size = params.page_size.value_or(api::default_page_size);\n"
           "    return api::PageRange<%s>(\n" % row,
           "        [client = *this, params = std::move(params)](std::int64_t index,\n"
           "                                                     std::int64_t rows) mutable {\n"
           "          params.page_index = index;\n"
           "          params.page_size = rows;\n"
           "          auto page = client.%s(params);\n" % member,
           "          return api::PageOf<%s>{std::move(page.rows), %s, %s};\n" % (
               row, count, total),
           "        },\n        first, size);\n  }\n\n"]
    filters = {p["name"].lower() for p in params}
    row_fields = {f["json"] for f in spec["models"][row_key]["fields"]}
    if "changedatminvalue" in filters and "changedAt" in row_fields:
        out += [doc("The rows of %s changed since `checkpoint` (every row when it is empty), each "
                    "handed to `on_row`, read from `overlap` before the checkpoint so that no "
                    "change made during the last sync is missed: a row may come twice. Returns "
                    "the checkpoint to store once what on_row did is stored, the newest "
                    "`changed_at` seen (see api::sync_changes)." % member, "  /// "),
                "  template <class OnRow>\n"
                "  std::optional<::vitec::connect::DateTime> %s_changes(\n" % member,
                "      %s, const std::optional<::vitec::connect::DateTime>& checkpoint,\n" % args,
                "      OnRow&& on_row, std::chrono::seconds overlap = api::default_sync_overlap) "
                "const {\n",
                "    if (checkpoint) {\n"
                "      params.changed_at_min_value = "
                "::vitec::connect::detail::earlier_by(*checkpoint, overlap);\n    }\n",
                "    return api::sync_changes(%s_all(std::move(params)), checkpoint,\n" % member,
                "                             std::forward<OnRow>(on_row));\n  }\n\n"]
    return "".join(out)


def batched_list(op, params):
    """The index of the list of ids a batched member splits, or None: a list whose page allows
    only so many ids a call, in a read whose answer is a list (so that answers merge)."""
    answer = op["answer"] or {}
    if not (answer.get("collection") or answer.get("type", "").startswith(COLLECTION)):
        return None
    for i, p in enumerate(params):
        if p.get("list_param") and max_ids(op, p) >= 0:
            return i
    return None


def batched_code(op, member, params, spec, names, params_cls, members):
    """For a read by a list of ids that its page limits: `<member>_batched` and its try_ form,
    which take any number of ids (see detail::run_batched)."""
    list_at = batched_list(op, params)
    if list_at is None:
        return ""
    answer = answer_cpp_type(op, spec, names, dependent=True)
    row = answer[len("std::vector<"):-1]
    ids = params[list_at]
    query_form = op.get("query_form")
    limit = max_ids(op, ids)
    how = "calls of at most %d ids" % limit
    target = "nullptr"
    if query_form:
        form = next(o for o in spec["operations"] if o["id"] == query_form)
        form_ids = next(p for p in form["query_params"] if p.get("list_param"))
        how = ("calls of at most %d ids (up to %d in the path, more as a query parameter through "
               "%s, as the page says)" % (form_ids["max_items"], limit, members[query_form]))
        target = "&::vitec::connect::detail::%s_operations::%s" % (op["area"], members[query_form])
    texts = ", ".join("::vitec::connect::detail::param_text(params.%s)" % snake_case(p["name"])
                      for p in params)
    signature = "const %s::%s& params, const BatchOptions& batch = {}" % (op["area"], params_cls)
    return "".join([
        doc("%s for any number of `%s`: split into %s, sent together over the bulk engine "
            "(batch.max_in_flight at once), the answers merged in the order of the ids. Bad input "
            "is refused before anything is sent. Throws the first failed call's Error once every "
            "call has ended; try_%s_batched keeps the rows of the calls that worked." % (
                member, snake_case(ids["name"]), how, member), "  /// "),
        "  %s %s_batched(%s) const {\n" % (answer, member, signature),
        "    return ::vitec::connect::detail::batched_or_throw<%s>(\n" % answer,
        "        try_%s_batched(params, batch));\n  }\n\n" % member,
        "  /// As %s_batched, each failed call as a value: never throws.\n" % member,
        "  Result<api::Batched<%s>> try_%s_batched(%s) const noexcept {\n" % (
            row, member, signature),
        "    return ::vitec::connect::detail::run_batched<%s>(\n" % answer,
        "        client_, ::vitec::connect::detail::%s_operations::%s, %s, {%s}, %d,\n" % (
            op["area"], member, target, texts, list_at),
        "        params.%s, batch);\n  }\n\n" % snake_case(ids["name"])])


def has_plain_answer(op):
    """Answers nothing, a boolean or a string (an id): nothing a drain, which reads no answer
    but a boolean's, would throw away."""
    return op["answer"] is None or op["answer"].get("type") in ("boolean", "string")


def is_outbox_write(op):
    """An operation an Outbox may hold: a write its description says is safe to send again whose
    answer is plain. A POST answering a model or a list is a read or a redemption (a token's
    OrderTicket): draining it would lose the answer."""
    return op["method"] != "GET" and op["idempotent"] and has_plain_answer(op)


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
    paged = any(paged_row(op, expanded_params(op, spec), spec) for op in ops)
    if paged:
        includes.append('"vitec/connect/paging.hpp"')
    if any(batched_list(op, expanded_params(op, spec)) is not None for op in ops):
        includes += ['"vitec/connect/id_batches.hpp"', '"vitec/connect/options.hpp"']
    includes += download_includes(ops)
    includes += upload_includes(ops, spec)
    out = [notice, "#pragma once\n\n/// \\file\n",
           doc("The %d operations of the %s area: the client %s, the parameters of its "
               "operations (namespace api::%s) and their definitions." % (
                   len(ops), area, client, area)),
           "\n" + ("#include <chrono>\n" if paged else "") +
           "#include <cstdint>\n#include <optional>\n#include <string>\n"
           "#include <string_view>\n" + ("#include <utility>\n" if paged else "") +
           "#include <variant>\n#include <vector>\n\n"]
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
        out.append(paged_code(op, members[op["id"]], params[op["id"]], spec, names,
                              params_cls.get(op["id"])))
        out.append(batched_code(op, members[op["id"]], params[op["id"]], spec, names,
                                params_cls.get(op["id"]), members))
        out.append(download_member_code(op, members[op["id"]], params[op["id"]],
                                        params_cls.get(op["id"])))
        out.append(upload_member_code(op, members[op["id"]], params[op["id"]], spec, names,
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
            '#include "vitec/connect/download.hpp"\n'
            '#include "vitec/connect/operations.hpp"\n#include "vitec/connect/version.hpp"\n\n'
            "namespace vitec::connect {\ninline namespace VITEC_CONNECT_ABI_NAMESPACE {\n"
            "namespace detail {\n\n" + download_table_code(spec, members_by_area) +
            "template <class Unused>\nconst std::vector<json_operation>& json_operations() {\n"
            "  static const std::vector<json_operation> table = {\n    %s};\n  return table;\n}\n\n"
            "}  // namespace detail\n}  // namespace VITEC_CONNECT_ABI_NAMESPACE\n"
            "}  // namespace vitec::connect\n" % ",\n    ".join(rows))


# Files and images (answers of "Collection of byte"): besides the member that returns the bytes
# whole, `<member>_stream(params, sink)` hands them to a callback as they arrive and
# `<member>_to_file(params, path)` writes them to a file of mode 0600, both in bounded memory
# (vitec/connect/download.hpp); `try_<member>_stream` and `try_<member>_to_file` return a Result.

def is_download(op):
    return bool(op["answer"]) and op["answer"].get("type") == COLLECTION + "byte"


def download_includes(ops):
    return ['"vitec/connect/download.hpp"'] if any(is_download(op) for op in ops) else []


def download_member_code(op, member, params, params_cls):
    if not is_download(op):
        return ""
    if params_cls:
        arg = "const %s::%s& params" % (op["area"], params_cls)
        texts = ", ".join("::vitec::connect::detail::param_text(params.%s)" % snake_case(p["name"])
                          for p in params)
    else:
        arg = "std::string_view customer_id"
        texts = "std::string(customer_id)"
    definition = "::vitec::connect::detail::%s_operations::%s" % (op["area"], member)
    out = [doc("%s %s, streamed: each chunk of the file goes to `sink` as it arrives, whether "
               "the server sends raw bytes or base64 in JSON; see api::download. Throws an Error "
               "subclass, or what `sink` throws." % (op["method"], op["path"]), "  /// "),
           "  api::Download %s_stream(%s, const std::function<void(std::string_view)>& sink) "
           "const {\n    return ::vitec::connect::detail::run_download(client_, %s, {%s}, sink);"
           "\n  }\n\n" % (member, arg, definition, texts),
           doc("%s %s into the file `path` (mode 0600; written under a new name beside it and "
               "renamed once whole, removed on failure). Throws an Error subclass, or std::system_error when "
               "the file cannot be written." % (op["method"], op["path"]), "  /// "),
           "  api::Download %s_to_file(%s, const std::string& path) const {\n"
           "    return ::vitec::connect::detail::run_download_to_file(client_, %s, {%s}, path);"
           "\n  }\n\n" % (member, arg, definition, texts),
           doc("As %s_stream, with every failure of the SDK, the server or the network as a "
               "value; what `sink` throws still reaches the caller as it was thrown (the "
               "transfer stops at once)." % member, "  /// "),
           "  Result<api::Download> try_%s_stream(%s, const std::function<void(std::string_view)>"
           "& sink) const {\n    return ::vitec::connect::detail::try_run_download(client_, %s, "
           "{%s}, sink);\n  }\n\n" % (member, arg, definition, texts),
           doc("As %s_to_file, with the error as a value: never throws. A file that cannot be "
               "created is an InvalidArgumentError (nothing is sent), one that cannot be written "
               "a permanent TransportError." % member, "  /// "),
           "  Result<api::Download> try_%s_to_file(%s, const std::string& path) const noexcept {\n"
           "    return ::vitec::connect::detail::try_run_download_to_file(client_, %s, {%s}, "
           "path);\n  }\n\n" % (member, arg, definition, texts)]
    return "".join(out)


def download_table_code(spec, members_by_area):
    rows = ["&%s_operations::%s" % (op["area"], members_by_area[op["area"]][op["id"]])
            for op in sorted(spec["operations"], key=lambda o: o["id"]) if is_download(op)]
    return ("template <class Unused>\nconst std::vector<const operation_def*>& "
            "download_operations() {\n  static const std::vector<const operation_def*> table = "
            "{\n    %s};\n  return table;\n}\n\n" % ",\n    ".join(rows))


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
                "again and that answer nothing, a boolean or an id), as its drain sends them: without "
                "their area's header." % len(rows)) +
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


# Files and images sent (a body model with a "Collection of byte" member, as POST CRM/Image's
# ImageData): besides the member that takes the bytes in the model, `<member>_from(params, body,
# data)` reads them from an api::ByteSource (a file, say) as the request is sent, base64-encoded
# on the fly, in bounded memory (vitec/connect/upload.hpp).

def is_upload(op, spec):
    model = spec["models"].get((op.get("body") or {}).get("type"))
    return bool(model) and any(f["type"] == COLLECTION + "byte" for f in model["fields"])


def upload_includes(ops, spec):
    return ['"vitec/connect/upload.hpp"'] if any(is_upload(op, spec) for op in ops) else []


def upload_member_code(op, member, params, spec, names, params_cls):
    if not is_upload(op, spec):
        return ""
    answer = answer_cpp_type(op, spec, names, dependent=True)
    body = body_cpp_type(op, names)
    field = next(f for f in spec["models"][op["body"]["type"]]["fields"]
                 if f["type"] == COLLECTION + "byte")
    if params_cls:
        inputs = ["const %s::%s& params" % (op["area"], params_cls)]
        texts = ", ".join("::vitec::connect::detail::param_text(params.%s)" % snake_case(p["name"])
                          for p in params)
        forward = "params"
    else:
        inputs = ["std::string_view customer_id"]
        texts = "std::string(customer_id)"
        forward = "customer_id"
    signature = ", ".join(inputs + ["const %s& body" % body, "const api::ByteSource& %s" %
                                    snake_case(field["name"])])
    forward += ", body, " + snake_case(field["name"])
    void = answer == "api::NoContent"
    return "".join([
        doc("%s %s with the body's `%s` read from `%s` as the request is sent, base64-encoded on "
            "the fly, so that a large file is never held in memory; leave `body.%s` empty. Read "
            "again from its start for every attempt, retried as %s is. Throws an Error subclass."
            % (op["method"], op["path"], field["json"], snake_case(field["name"]),
               snake_case(field["name"]), member), "  /// "),
        "  %s %s_from(%s) const {\n    %stry_%s_from(%s).value();\n  }\n\n" % (
            "void" if void else answer, member, signature, "(void)" if void else "return ",
            member, forward),
        "  /// As %s_from, with the error as a value: never throws.\n" % member,
        "  Result<%s> try_%s_from(%s) const noexcept {\n"
        "    return ::vitec::connect::detail::run_upload<%s>(client_, "
        "::vitec::connect::detail::%s_operations::%s, {%s}, body, %s);\n  }\n\n" % (
            answer, member, signature, answer, op["area"], member, texts,
            snake_case(field["name"]))])
