#!/usr/bin/env python3
"""Read Vitec Connect's help pages (markdown) into one machine-readable description.

    python3 tools/codegen/read_pages.py                 # writes spec/vitec-connect.json
    python3 tools/codegen/read_pages.py --check         # exit 1 when the committed file is stale
    python3 tools/codegen/read_pages.py --docs DIR      # the pages' folder (default ../shared/vitec-docs)

The pages' folder holds api/ (one page per operation), models/, enumerations/,
advertising.openapi.json and other-sections.tsv. Pages of other sections that were read
elsewhere are kept in spec/pages/ in the same markdown form. spec/overrides.json corrects what
the pages get wrong or leave out; it is applied last. Python 3 standard library only; the output
depends on the inputs alone (no clock, no environment, sorted where order carries no meaning).
See docs/api-surface.md.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCALARS = ("string", "integer", "decimal number", "boolean", "date", "byte")
EXIT_SKIP = 77  # CTest SKIP_RETURN_CODE: the pages' folder is not there

MODEL_LINK = re.compile(r"\[([^\]]*)\]\(https?://connect\.maklare\.vitec\.net/Help/ResourceModel\?modelName=(\w+)\)")
ANCHOR_LINK = re.compile(r"^- \[(\w+)\]\(https?://connect\.maklare\.vitec\.net#(\w+)\)$")
SOURCE_COMMENT = re.compile(r"^<!--\s*([^\s,]+)")
PERSONAL_NAMES = {"socialsecuritynumber", "socialnumber", "personalnumber", "personalidentitynumber"}


class PageError(Exception):
    """A page that does not have the shape the reader knows."""


# --- markdown blocks -------------------------------------------------------------------------

def blocks(text: str) -> list[tuple[str, object]]:
    """Split a page into ('heading', (level, text)), ('table', [rows of cells]),
    ('code', text), ('para', text) blocks, in page order."""
    out: list[tuple[str, object]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if not s or s.startswith("<!--"):
            i += 1
        elif s.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            out.append(("code", "\n".join(lines[i + 1:j]) + "\n"))
            i = j + 1
        elif re.match(r"^#{1,6} ", s):
            level = len(s) - len(s.lstrip("#"))
            out.append(("heading", (level, s[level:].strip())))
            i += 1
        elif s.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = split_row(lines[i].strip())
                if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            out.append(("table", rows))
        else:
            para = [s]
            i += 1
            while (i < len(lines) and lines[i].strip() and not lines[i].strip().startswith(("|", "#", "```", "- ["))
                   and not s.startswith("- [")):
                para.append(lines[i].strip())
                i += 1
            out.append(("para", " ".join(para)))
    return out


def split_row(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


# --- types and limits ------------------------------------------------------------------------

def parse_type(cell: str) -> str:
    """'Collection of [X](...modelName=K)' -> 'Collection of K'; scalars as the page writes them."""
    t = MODEL_LINK.sub(lambda m: m.group(2), cell.strip())
    t = re.sub(r"\s+", " ", t)
    return t


def base_type(t: str) -> str:
    while t.startswith("Collection of "):
        t = t[len("Collection of "):]
    return t


def parse_information(info: str) -> dict:
    """Limits and required-ness in every form the pages write them."""
    out: dict = {"required": False}
    s = info.strip()
    if not s:
        return out
    # "Krävs", "Required", "Kund-id krävs", "Min length: 10 Max length: 13 Required"
    if re.search(r"(^|\s)(Krävs|Required)(\s|$)", s) or re.search(r"\S\s+krävs(\s|$|\.)", s):
        out["required"] = True
    # "X måste anges": required, unless it names alternatives ("A, B eller C måste anges")
    for m in re.finditer(r"([^.]*?)\s+måste anges", s):
        subject = m.group(1)
        if " eller " in subject:
            out["one_of_group"] = True
        elif not re.search(r"mellan\s+\d+\s+och\s+\d+\s*$", subject):
            out["required"] = True
    # "Ett värde mellan 1 och 5 måste anges" / "Ett värde måste anges. Värdet måste vara mellan 1 och 10."
    if re.search(r"[Ee]tt värde (mellan \d+ och \d+ )?måste anges", s):
        out["required"] = True
        out.pop("one_of_group", None)
    m = re.search(r"mellan\s+(-?\d+)\s+och\s+(-?\d+)\s+tecken", s)
    if m:
        out["min_length"], out["max_length"] = int(m.group(1)), int(m.group(2))
    m = re.search(r"Min length:\s*(\d+)", s)
    if m:
        out["min_length"] = int(m.group(1))
    m = re.search(r"Max length:\s*(\d+)", s)
    if m:
        out["max_length"] = int(m.group(1))
    m = re.search(r"[Vv]ärde(?:t)?\s+(?:måste vara\s+)?mellan\s+(-?\d+(?:[.,]\d+)?)\s+och\s+(-?\d+(?:[.,]\d+)?)(?!\s*tecken)", s)
    if m:
        out["minimum"] = number(m.group(1))
        out["maximum"] = number(m.group(2))
    m = re.search(r"[Mm]inst (en|ett|\d+|två|tre|fyra|fem)\b[^.]*måste (väljas|anges|innehålla)|måste innehålla minst (\d+|en|ett|två|tre|fyra|fem)\b", s)
    if m:
        word = m.group(1) or m.group(3)
        out["min_items"] = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5}.get(word) or int(word)
    return out


def number(text: str):
    text = text.replace(",", ".")
    return float(text) if "." in text else int(text)


def camel(name: str) -> str:
    """The JSON name .NET's camel-case resolver gives a member (Newtonsoft's ToCamelCase)."""
    if not name or not name[0].isupper():
        return name
    chars = list(name)
    for i in range(len(chars)):
        if i == 1 and not chars[i].isupper():
            break
        has_next = i + 1 < len(chars)
        if i > 0 and has_next and not chars[i + 1].isupper():
            if chars[i + 1] == " ":
                chars[i] = chars[i].lower()
            break
        chars[i] = chars[i].lower()
    return "".join(chars)


def is_personal(name: str, description: str = "") -> bool:
    n = name.lower()
    if n in PERSONAL_NAMES or n.endswith("socialsecuritynumber"):
        return not n.startswith("is")  # IsForeignSocialSecurityNumber is a flag, not a number
    return False


def is_comma_list(name: str, description: str, type_: str) -> bool:
    d = description.lower()
    if "kommasepar" in d or "separerade med komma" in d:
        return True
    return type_ == "string" and bool(re.search(r"(^ids|[a-z]Ids)$", name))


def replaced_note(text: str):
    m = re.search(r"(Ersätts|Ersatt|ersätts|ersatt)\s+(av|med)\s+(.+?)\.?$", text.strip())
    return m.group(3).strip() if m else None


# --- fields, models, enums ------------------------------------------------------------------

def field_from_row(cells: list[str]) -> dict:
    if len(cells) < 4:
        cells = cells + [""] * (4 - len(cells))
    name, description, type_cell, info = cells[:4]
    t = parse_type(type_cell)
    f = {"name": name, "json": camel(name), "type": t, "description": description}
    lim = parse_information(info)
    f["required"] = lim.pop("required")
    for k in ("min_length", "max_length", "minimum", "maximum"):
        f[k] = lim.pop(k, None)
    f.update(lim)
    if info and info not in ("Krävs", "Required"):
        f["information"] = info
    if is_personal(name, description):
        f["personal_data"] = True
    if is_comma_list(name, description, t):
        f["comma_separated"] = True
    if "obsolete" in description.lower() or "obsolete" in info.lower():
        f["deprecated"] = True
    return f


def is_member_table(rows) -> bool:
    return bool(rows) and [c.lower() for c in rows[0][:4]] == ["namn", "beskrivning", "typ", "information"]


def read_model_page(text: str, key_hint: str = "") -> tuple[str, str, dict]:
    """A models/ page: ('model', key, model) or ('enum', key, enum)."""
    key = key_hint
    first = text.splitlines()[0] if text else ""
    m = SOURCE_COMMENT.match(first)
    if m and "modelName=" in m.group(1):
        key = m.group(1).split("modelName=")[1]
    bl = blocks(text)
    title, description, table = None, [], None
    for kind, val in bl:
        if kind == "heading" and val[0] == 1 and title is None:
            title = val[1]
        elif kind == "para" and table is None and title is not None:
            description.append(val)
        elif kind == "table" and table is None:
            table = val
    if title is None:
        raise PageError(f"{key}: no title")
    desc = " ".join(description)
    if table and is_member_table(table):
        model = {"name": title, "description": desc, "fields": [field_from_row(r) for r in table[1:]],
                 "xml_namespace": None}
        return "model", key, model
    header = [c.lower() for c in table[0]] if table else []
    if header[:2] in (["name", "value"], ["id", "name"]):
        members = []
        for r in table[1:]:
            if header[:2] == ["name", "value"]:
                members.append({"name": r[0], "value": int(r[1]) if re.fullmatch(r"-?\d+", r[1]) else r[1],
                                "description": r[2] if len(r) > 2 else ""})
            else:
                members.append({"name": r[0], "description": r[1] if len(r) > 1 else ""})
        return "enum", key, make_enum(title, desc, members)
    if table is None:
        # A model page without members (an empty class).
        return "model", key, {"name": title, "description": desc, "fields": [], "xml_namespace": None}
    raise PageError(f"{key}: unknown table {table[0]}")


def make_enum(title: str, desc: str, members: list[dict]) -> dict:
    numbers = [m["value"] for m in members if isinstance(m.get("value"), int)]
    nonzero = [v for v in numbers if v]
    powers = bool(nonzero) and all(v > 0 and v & (v - 1) == 0 for v in nonzero)
    flags = title.endswith("Flags") or (powers and len(nonzero) >= 3 and max(nonzero) >= 4
                                        and len(numbers) == len(members))
    return {"name": title, "description": desc, "values": [m["name"] for m in members],
            "members": members, "flags": flags}


# --- operation pages -------------------------------------------------------------------------

def path_names(path: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", path)


def type_at_end(text: str):
    """The answer type the Resource Description ends with, or None."""
    s = text.strip()
    m = re.search(r"((?:Collection of )*)\[(\w+)\]\(https?://connect\.maklare\.vitec\.net/Help/ResourceModel\?modelName=(\w+)\)$", s)
    if m:
        return m.group(1) + m.group(3), s[:m.start()].strip()
    m = re.search(r"((?:Collection of )*)(decimal number|string|integer|boolean|date|byte)$", s)
    if m and (m.start() == 0 or s[m.start() - 1] == " "):
        return m.group(1) + m.group(2), s[:m.start()].strip()
    return None, s


def read_operation_page(text: str, name_hint: str = "") -> tuple[dict, dict]:
    """An api/ page: (operation, models found in its tables keyed by modelName)."""
    first = text.splitlines()[0] if text else ""
    m = SOURCE_COMMENT.match(first)
    op_id = name_hint
    if m and "/Help/Api/" in m.group(1):
        op_id = m.group(1).rsplit("/", 1)[1]
    bl = blocks(text)
    models: dict = {}
    op: dict = {"id": op_id}
    section = None        # request / body / response / formats / other
    sub = None
    desc: list[str] = []
    body_line = None
    answer_text: list[str] = []
    answer_type = None
    one_of: list[str] = []
    pending_model = None  # the modelName of the link line just before a table
    uri_rows: list[list[str]] = []
    samples = {"request": [], "response": []}
    for kind, val in bl:
        if kind == "heading":
            level, h = val
            if level == 1:
                hm = re.match(r"^(GET|POST|PUT|DELETE|PATCH)\s+(\S+)$", h)
                if not hm:
                    raise PageError(f"{op_id}: title {h!r}")
                op["method"], op["path"] = hm.group(1), hm.group(2).strip("/")
                section = "intro"
            elif h == "Request Information":
                section, sub = "request", None
            elif h == "Body Parameters":
                section, sub = "body", None
            elif h == "Response Information":
                section, sub = "response", None
            elif h == "Request Formats":
                section, sub = "request_formats", None
            elif h == "Response Formats":
                section, sub = "response_formats", None
            elif level == 2:
                section, sub = "other", None
            else:
                sub = h
            pending_model = None
            continue
        if section == "intro" and kind == "para":
            desc.append(val)
        elif section == "request" and kind == "table" and sub == "URI Parameters":
            uri_rows.extend(val[1:] if is_member_table(val) else val)
        elif section == "body" and kind == "para":
            body_line = val
            lm = MODEL_LINK.search(val)
            pending_model = lm.group(2) if lm else None
        elif section == "body" and kind == "table" and pending_model:
            models[pending_model] = {"name": MODEL_LINK.search(body_line).group(1),
                                     "fields": [field_from_row(r) for r in val[1:]], "xml_namespace": None}
        elif section == "response" and kind == "para":
            am = ANCHOR_LINK.match(val)
            lm = re.fullmatch(r"\[(\w+)\]\(https?://connect\.maklare\.vitec\.net/Help/ResourceModel\?modelName=(\w+)\)", val)
            if am:
                one_of.append(am.group(1))
            elif lm and (one_of or answer_type is not None or answer_text):
                pending_model = lm.group(2)
                if not one_of and answer_type is None:
                    answer_type = lm.group(2)
            elif val.startswith("[") and "/Help/TermExtend" in val:
                op["extend"] = True
            else:
                t, rest = type_at_end(val)
                if t:
                    answer_type = t
                if rest:
                    answer_text.append(rest)
                lm2 = MODEL_LINK.search(val)
                pending_model = lm2.group(2) if lm2 and t else None
        elif section == "response" and kind == "table" and pending_model:
            title = pending_model.split("_", 1)[-1]
            models[pending_model] = {"name": title, "fields": [field_from_row(r) for r in val[1:]],
                                     "xml_namespace": None}
            pending_model = None
        elif section == "request_formats" and kind == "code":
            samples["request"].append(val)
        elif section == "response_formats" and kind == "code":
            samples["response"].append(val)
    if "method" not in op:
        raise PageError(f"{op_id}: no title")
    op["description"] = "\n\n".join(desc)
    note = None
    for d in desc:
        note = note or replaced_note(d)
    if note:
        op["deprecated"] = True
        op["replaced_by"] = note

    # Parameters: braced names of the path are path parameters (matched without regard to
    # case); every other row of the "URI Parameters" table is a query parameter.
    braced = path_names(op["path"])
    by_lower = {b.lower(): b for b in braced}
    path_params, query_params = {}, []
    for r in uri_rows:
        f = field_from_row(r)
        p = {"name": f["name"], "type": f["type"], "required": f["required"], "description": f["description"]}
        for k in ("min_length", "max_length", "minimum", "maximum"):
            if f.get(k) is not None:
                p[k] = f[k]
        if f.get("personal_data"):
            p["personal_data"] = True
        if f.get("comma_separated"):
            p["list_param"] = True
        if f["name"].lower() in by_lower:
            pname = by_lower[f["name"].lower()]
            if pname != f["name"]:
                p["page_name"] = f["name"]
            p["name"] = pname
            p["required"] = True
            path_params[pname] = p
        else:
            query_params.append(p)
    for b in braced:
        if b not in path_params:
            path_params[b] = {"name": b, "type": "string", "required": True, "description": "",
                              "note": "not in the page's parameter table"}
            if is_comma_list(b, "", "string"):
                path_params[b]["list_param"] = True
    op["path_params"] = [path_params[b] for b in braced]
    op["query_params"] = query_params

    # Body
    op["body"] = None
    if body_line is not None:
        lm = MODEL_LINK.search(body_line)
        if lm:
            prefix = body_line[:lm.start()]
            coll = "Collection of " if prefix.rstrip().endswith("Collection of") else ""
            op["body"] = {"type": coll + lm.group(2)}
            text = prefix[:-len("Collection of")].strip() if coll else prefix.strip()
            if text:
                op["body"]["description"] = text
        else:
            t, rest = type_at_end(body_line)
            op["body"] = {"type": t or "string"}
            if rest:
                op["body"]["description"] = rest
    # Answer
    answer = None
    if one_of:
        keys = []
        for nm in one_of:
            k = next((k for k in models if k.split("_", 1)[-1] == nm), None)
            keys.append(k or nm)
        answer = {"one_of": keys, "discriminator": "type"}
    elif answer_type:
        answer = {"type": answer_type}
    op["answer"] = answer
    if answer_text:
        op["answer_description"] = " ".join(answer_text)

    # Samples (parsed JSON); the XML ones are not on the kept pages.
    def parse_sample(texts, what):
        for t in texts:
            try:
                return json.loads(t), None
            except ValueError:
                return None, t.strip()
        return None, None
    json_requests = [t for t in samples["request"] if not t.lstrip().startswith("<")]
    xml_requests = [t for t in samples["request"] if t.lstrip().startswith("<")]
    samples["request"] = json_requests
    if xml_requests:
        xml = xml_sample_namespaces(xml_requests[0])
        if xml:
            op["sample_body_xml"] = xml
    body_sample, bad_body = parse_sample(samples["request"], "body")
    answer_sample, bad_answer = parse_sample(samples["response"], "answer")
    if samples["request"]:
        op["sample_body"] = body_sample
    if bad_body is not None:
        op["sample_body_text"] = bad_body
    if samples["response"]:
        op["sample_answer"] = answer_sample
    if bad_answer is not None:
        op["sample_answer_text"] = bad_answer
    if answer and "one_of" in answer and isinstance(answer_sample, list):
        answer["collection"] = True
    return op, models


XML_ROOT = re.compile(r'^\s*<(\w+)\s[^>]*?\bxmlns="([^"]+)"')
XML_MEMBER_NS = re.compile(r'^\s*<(\w+)\s+xmlns:(d\d+p\d+)="([^"]+)"\s*/?>', re.M)


def xml_sample_namespaces(text: str):
    """The DataContract namespaces an XML sample shows: the root element's default namespace
    and, for a member of the root written with a prefix of its own (xmlns:d2p1="..."), that
    member's namespace. None when the text has no root with a namespace."""
    m = XML_ROOT.match(text)
    if not m:
        return None
    out = {"root": m.group(1), "namespace": m.group(2)}
    members = {}
    depth = 0
    for line in text.splitlines()[1:]:
        s = line.strip()
        if depth == 0:
            mm = XML_MEMBER_NS.match(s)
            if mm and mm.group(3) != "http://schemas.microsoft.com/2003/10/Serialization/Arrays":
                members[mm.group(1)] = mm.group(3)
        opened = re.match(r"^<([\w:]+)[^>]*?(/?)>", s)
        if opened and not opened.group(2) and not re.search(r"</%s>\s*$" % opened.group(1), s):
            depth += 1
        elif s.startswith("</"):
            depth -= 1
    if members:
        out["member_namespaces"] = dict(sorted(members.items()))
    return out


def apply_xml_samples(desc: dict) -> None:
    """A namespace seen in an operation page's XML body sample becomes the body model's
    xml_namespace (when the sample's root element is the model's name) and that of the models
    its prefixed members hold. What an override set is kept."""
    models = desc["models"]
    for op in desc["operations"]:
        xml = op.get("sample_body_xml")
        body = (op.get("body") or {}).get("type", "")
        if not xml or body.startswith("Collection of ") or body not in models:
            continue
        m = models[body]
        if m.get("name") != xml["root"]:
            continue
        if not m.get("xml_namespace"):
            m["xml_namespace"] = xml["namespace"]
            m["xml_namespace_seen_on"] = op["id"]
        for member, ns in xml.get("member_namespaces", {}).items():
            f = next((f for f in m["fields"] if f["name"] == member), None)
            key = base_type(f["type"]) if f else None
            if key in models and not models[key].get("xml_namespace"):
                models[key]["xml_namespace"] = ns
                models[key]["xml_namespace_seen_on"] = op["id"]


XML_CARRIED = ("string", "integer", "boolean", "date")


def hold_back_xml(desc: dict) -> None:
    """A model does XML exactly when its xml_namespace is set (API.md). The SDK's XML codec
    writes strings, integers, booleans, dates and (non-flags) enums only; a model with a member
    of another kind (a nested model, a list, a decimal number, bytes, a flags enum) keeps the
    namespace the help site shows in xml_namespace_seen, and xml_namespace stays null until the
    codec carries those kinds."""
    enums = desc["enums"]
    for m in desc["models"].values():
        ns = m.get("xml_namespace")
        if not ns:
            continue
        other = []
        for f in m["fields"]:
            t = f["type"]
            if t in XML_CARRIED or (t in enums and not enums[t].get("flags")):
                continue
            kind = ("a list" if t.startswith("Collection of ") else "a decimal number" if t == "decimal number"
                    else "a flags enum" if t in enums else "a nested model")
            other.append(f"{f['name']} ({kind})")
        if other:
            m["xml_namespace_seen"] = ns
            m["xml_namespace"] = None
            m["xml_held_back"] = ("members of kinds the XML codec does not write yet: " + ", ".join(other))


# --- areas, idempotency ----------------------------------------------------------------------

AREA_OF_SEGMENT = {
    "crm": "crm", "advertising": "advertising", "publicadvertising": "public_advertising",
    "businessintelligence": "business_intelligence", "viewingparticipant": "viewing",
    "customfield": "custom_field", "increasedrequirement": "increased_requirement",
}


def area_of(path: str) -> str:
    segs = [s for s in path.split("/") if s and not s.startswith("{")]
    if segs and re.fullmatch(r"v\d+", segs[0]):
        segs = segs[1:]
    s = segs[0].lower() if segs else "misc"
    return AREA_OF_SEGMENT.get(s, s)


# --- the other sections ----------------------------------------------------------------------

def read_tsv(path: Path) -> list[dict]:
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        if not line.strip():
            continue
        cells = line.split("\t")
        rows.append(dict(zip(header, cells)))
    return rows


def tsv_operation(row: dict) -> dict:
    path = row["path"].strip("/")
    url = row.get("help page", "")
    op_id = url.rsplit("/", 1)[1] if url else f"{row['method']}-{path.replace('/', '-')}"
    desc = row.get("description (sv)", "")
    op = {"id": op_id, "method": row["method"], "path": path, "description": desc,
          "path_params": [{"name": b, "type": "string", "required": True, "description": ""}
                          | ({"list_param": True} if is_comma_list(b, "", "string") else {})
                          for b in path_names(path)],
          "query_params": [], "body": None, "answer": None}
    note = replaced_note(desc)
    if note:
        op["deprecated"] = True
        op["replaced_by"] = note
    return op


# --- the whole description -------------------------------------------------------------------

def read_all(docs: Path, pages_dir: Path | None, overrides: dict | None) -> dict:
    models: dict = {}
    enums: dict = {}
    provenance: dict = {}
    for f in sorted((docs / "models").glob("*.md")):
        kind, key, val = read_model_page(f.read_text(encoding="utf-8"), f.stem)
        (models if kind == "model" else enums)[key] = val
    for f in sorted((docs / "enumerations").glob("*.md")):
        kind, key, val = read_model_page(f.read_text(encoding="utf-8"), f.stem)
        if key in enums:
            # The model page has the numbers; the enumeration page the Swedish names.
            names = {m["name"]: m["description"] for m in val["members"]}
            for m in enums[key]["members"]:
                if not m.get("description") and names.get(m["name"]):
                    m["description"] = names[m["name"]]
            for m in val["members"]:
                if m["name"] not in enums[key]["values"]:
                    enums[key]["members"].append(m)
                    enums[key]["values"].append(m["name"])
        else:
            enums[key] = val

    operations = []
    page_files = sorted((docs / "api").glob("*.md"))
    if pages_dir and pages_dir.is_dir():
        page_files += sorted(pages_dir.glob("*.md"))
    seen = set()
    for f in page_files:
        op, found = read_operation_page(f.read_text(encoding="utf-8"), f.stem)
        op["source"] = "pages" if f.parent.name == "api" else "spec/pages"
        for key, m in found.items():
            if key not in models and key not in enums:
                m["source"] = f"table on the page {op['id']}"
                models[key] = m
        operations.append(op)
        seen.add(op["id"])

    tsv = docs / "other-sections.tsv"
    if tsv.exists():
        for row in read_tsv(tsv):
            op = tsv_operation(row)
            if op["id"] in seen:
                for o in operations:
                    if o["id"] == op["id"]:
                        o["section"] = "other"
                continue
            op["section"] = "other"
            op["incomplete"] = True
            op["incomplete_reason"] = "the page is not kept and could not be read; from other-sections.tsv only"
            op["source"] = "other-sections.tsv"
            operations.append(op)
            seen.add(op["id"])

    for op in operations:
        op["area"] = area_of(op["path"])
        op["idempotent"] = op["method"] in ("GET", "PUT", "DELETE", "HEAD")

    swagger = docs / "advertising.openapi.json"
    if swagger.exists():
        apply_swagger(operations, json.loads(swagger.read_text(encoding="utf-8")))

    desc = {"operations": operations, "models": models, "enums": enums}
    if overrides:
        apply_overrides(desc, overrides)
    add_stubs(desc)
    read_id_limits(desc)
    apply_xml_samples(desc)
    hold_back_xml(desc)
    finish(desc)
    return desc


MAX_IDS = re.compile(r"max (\d+) stycken")
IDS_AS_QUERY = re.compile(r"Om fler än (\d+) kontakt-ID:n anges, ska de skickas som query-parametrar")


def read_id_limits(desc: dict) -> None:
    """What the pages say of a list of ids: "max 20 stycken" (at most 20 ids a call) becomes the
    list parameter's `max_items`; "Om fler än 5 kontakt-ID:n anges, ska de skickas som
    query-parametrar" on an operation with the ids in its path becomes `path_max_ids` and
    `query_form`, the operation of the same path that takes them as a query parameter."""
    by_path = {(o["method"], o["path"]): o for o in desc["operations"]}
    for op in desc["operations"]:
        text = " ".join(filter(None, [op.get("description"), op.get("answer_description")]))
        for p in op["path_params"] + op["query_params"]:
            if not p.get("list_param"):
                continue
            found = MAX_IDS.search(" ".join(filter(None, [text, p.get("description")])))
            if found:
                p["max_items"] = int(found.group(1))
            as_query = IDS_AS_QUERY.search(text)
            if not as_query or p not in op["path_params"]:
                continue
            suffix = "/{%s}" % p["name"]
            if not op["path"].endswith(suffix):
                raise PageError(f"{op['id']}: {p['name']} is not the path's last segment")
            sibling = by_path.get((op["method"], op["path"][:-len(suffix)]))
            if sibling is None or not any(q["name"].lower() == p["name"].lower() and
                                          q.get("list_param") for q in sibling["query_params"]):
                raise PageError(f"{op['id']}: no operation takes {p['name']} as a query parameter")
            op["path_max_ids"] = int(as_query.group(1))
            op["query_form"] = sibling["id"]


def add_stubs(desc: dict) -> None:
    """A model a page read from the help site refers to, but whose own page was not read, is
    kept as an empty model marked incomplete (never for the kept pages: there it is an error
    the tests report)."""
    for op in desc["operations"]:
        if op.get("source") != "spec/pages":
            continue
        todo = [p["type"] for p in op["path_params"] + op["query_params"]]
        if op.get("body"):
            todo.append(op["body"]["type"])
        if (op.get("answer") or {}).get("type"):
            todo.append(op["answer"]["type"])
        seen = set()
        while todo:
            b = referenced_types(todo.pop())
            if b is None or b in seen or b in desc["enums"]:
                continue
            seen.add(b)
            m = desc["models"].get(b)
            if m is None:
                desc["models"][b] = {"name": b.split("_", 1)[-1], "description": "", "fields": [],
                                     "xml_namespace": None, "incomplete": True,
                                     "incomplete_reason": f"referenced by {op['id']}; its own page was not read",
                                     "source": f"reference on the page {op['id']}"}
            else:
                todo.extend(f["type"] for f in m["fields"])


def apply_swagger(operations: list[dict], sw: dict) -> None:
    """Record Vitec's own operation ids. Query wire names are checked against the Swagger file
    (they come from overrides.json, where each one is stated)."""
    index = {}
    for path, methods in sw.get("paths", {}).items():
        for method, o in methods.items():
            index[(method.upper(), path.strip("/").lower())] = o
    for op in operations:
        o = index.get((op["method"], op["path"].lower()))
        if o and o.get("operationId"):
            op["swagger_operation_id"] = o["operationId"]


def swagger_wire_names(sw: dict) -> dict:
    """{(METHOD, path lower): {last segment lower: wire name}} for the query parameters."""
    out = {}
    for path, methods in sw.get("paths", {}).items():
        for method, o in methods.items():
            names = {}
            for p in o.get("parameters", []):
                if p.get("in") == "query":
                    names[p["name"].split(".")[-1].lower()] = p["name"]
            out[(method.upper(), path.strip("/").lower())] = names
    return out


def apply_overrides(desc: dict, overrides: dict) -> None:
    ops = {o["id"]: o for o in desc["operations"]}
    for entry in overrides.get("operations", []):
        if not entry.get("reason"):
            raise PageError(f"override of {entry.get('id')} has no reason")
        op = ops.get(entry["id"])
        if op is None:
            raise PageError(f"override names an unknown operation {entry['id']}")
        for k, v in entry.get("set", {}).items():
            if v is None:
                op.pop(k, None)  # null in an override removes what the reader put there
            else:
                op[k] = v
        for pname, pset in entry.get("query_params", {}).items():
            p = next((p for p in op["query_params"] if p["name"].lower() == pname.lower()), None)
            if p is None:
                raise PageError(f"override of {entry['id']}: no query parameter {pname}")
            p.update(pset)
        for pname, pset in entry.get("path_params", {}).items():
            p = next((p for p in op["path_params"] if p["name"] == pname), None)
            if p is None:
                raise PageError(f"override of {entry['id']}: no path parameter {pname}")
            p.update(pset)
        op.setdefault("overridden", []).append(entry["reason"])
    for entry in overrides.get("models", []):
        if not entry.get("reason"):
            raise PageError(f"override of {entry.get('key')} has no reason")
        key = entry["key"]
        if key not in desc["models"]:
            if "add" not in entry:
                raise PageError(f"override names an unknown model {key}")
            desc["models"][key] = dict(entry["add"])
        m = desc["models"][key]
        for k, v in entry.get("set", {}).items():
            m[k] = v
        for fname, fset in entry.get("fields", {}).items():
            f = next((f for f in m["fields"] if f["name"] == fname), None)
            if f is None:
                raise PageError(f"override of {key}: no field {fname}")
            f.update(fset)
        m.setdefault("overridden", []).append(entry["reason"])
    for entry in overrides.get("enums", []):
        if not entry.get("reason"):
            raise PageError(f"override of {entry.get('key')} has no reason")
        key = entry["key"]
        if key not in desc["enums"]:
            if "add" not in entry:
                raise PageError(f"override names an unknown enum {key}")
            desc["enums"][key] = dict(entry["add"])
        desc["enums"][key].update(entry.get("set", {}))
        desc["enums"][key].setdefault("overridden", []).append(entry["reason"])


def referenced_types(t: str) -> str | None:
    b = base_type(t)
    return None if b in SCALARS else b


def finish(desc: dict) -> None:
    """Discriminator values, shared names, and a stable order."""
    models, enums = desc["models"], desc["enums"]
    for op in desc["operations"]:
        a = op.get("answer")
        if a and "one_of" in a:
            values = {}
            for key in a["one_of"]:
                m = models.get(key, {})
                tf = next((f for f in m.get("fields", []) if f["json"] == a["discriminator"]), None)
                e = enums.get(base_type(tf["type"])) if tf else None
                for v in (e or {}).get("values", []):
                    if v.lower() in m.get("name", "").lower():
                        values[v] = key
            if values:
                a["discriminator_values"] = dict(sorted(values.items()))
    by_name: dict = {}
    for k, m in list(models.items()) + list(enums.items()):
        by_name.setdefault(m["name"], []).append(k)
    for k, m in list(models.items()) + list(enums.items()):
        others = sorted(x for x in by_name[m["name"]] if x != k)
        if others:
            m["name_shared_with"] = others
        else:
            m.pop("name_shared_with", None)
    desc["operations"].sort(key=lambda o: o["id"])
    desc["models"] = dict(sorted(models.items()))
    desc["enums"] = dict(sorted(enums.items()))


def reachable(desc: dict) -> tuple[set, set]:
    """Models and enums reachable from the operations."""
    models, enums = desc["models"], desc["enums"]
    todo = []
    for op in desc["operations"]:
        for p in op["path_params"] + op["query_params"]:
            todo.append(p["type"])
        if op.get("body"):
            todo.append(op["body"]["type"])
        a = op.get("answer") or {}
        todo.extend(a.get("one_of", []))
        if "type" in a:
            todo.append(a["type"])
    seen_m, seen_e, missing = set(), set(), set()
    while todo:
        b = referenced_types(todo.pop())
        if b is None or b in seen_m or b in seen_e:
            continue
        if b in models:
            seen_m.add(b)
            todo.extend(f["type"] for f in models[b]["fields"])
        elif b in enums:
            seen_e.add(b)
        else:
            missing.add(b)
    return seen_m, seen_e | {"missing:" + x for x in missing}


def sample_mismatches(desc: dict) -> list[str]:
    """Where a JSON sample names a member its model does not have (or the model's JSON name
    differs from the sample's spelling). An empty list means every sample agrees."""
    models, enums = desc["models"], desc["enums"]
    out: list[str] = []

    def walk(value, t: str, where: str):
        if value is None:
            return
        if t.startswith("Collection of "):
            if isinstance(value, list):
                for i, v in enumerate(value[:1]):
                    walk(v, t[len("Collection of "):], f"{where}[{i}]")
            return
        if t in models and isinstance(value, dict):
            fields = {f["json"]: f for f in models[t]["fields"]}
            lower = {k.lower(): k for k in fields}
            for k, v in value.items():
                f = fields.get(k)
                if f is None:
                    near = lower.get(k.lower())
                    out.append(f"{where}: {t} has no member {k!r}" + (f" (page name gives {near!r})" if near else ""))
                    continue
                walk(v, f["type"], f"{where}.{k}")

    for op in desc["operations"]:
        if op.get("body") and op.get("sample_body") is not None:
            walk(op["sample_body"], op["body"]["type"], op["id"] + " body")
        a = op.get("answer") or {}
        if op.get("sample_answer") is not None:
            if "type" in a:
                walk(op["sample_answer"], a["type"], op["id"] + " answer")
            elif "one_of" in a:
                vals = op["sample_answer"] if a.get("collection") else [op["sample_answer"]]
                for v in vals[:1]:
                    key = a.get("discriminator_values", {}).get(v.get(a["discriminator"])) if isinstance(v, dict) else None
                    if key:
                        walk(v, key, op["id"] + " answer")
    return out


def render(desc: dict) -> str:
    return json.dumps(desc, ensure_ascii=False, indent=1) + "\n"


def default_docs() -> Path:
    return REPO.parent / "shared" / "vitec-docs"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=None,
                    help="the help pages' folder (default: ../shared/vitec-docs beside the repository)")
    ap.add_argument("--pages", type=Path, default=REPO / "spec" / "pages",
                    help="extra operation pages kept in the repository (default spec/pages)")
    ap.add_argument("--overrides", type=Path, default=REPO / "spec" / "overrides.json")
    ap.add_argument("--out", type=Path, default=REPO / "spec" / "vitec-connect.json")
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory; exit 1 with a diff summary when --out differs")
    ap.add_argument("--skip-if-missing", action="store_true",
                    help=f"exit {EXIT_SKIP} (a skipped test) when the pages' folder is absent")
    args = ap.parse_args(argv)
    docs = args.docs or default_docs()
    if not (docs / "api").is_dir():
        print(f"read_pages: no help pages at {docs}", file=sys.stderr)
        return EXIT_SKIP if args.skip_if_missing else 2
    overrides = json.loads(args.overrides.read_text(encoding="utf-8")) if args.overrides.exists() else None
    desc = read_all(docs, args.pages, overrides)
    text = render(desc)
    if args.check:
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if old == text:
            print(f"read_pages: {args.out.name} is up to date")
            return 0
        diff = list(difflib.unified_diff(old.splitlines(), text.splitlines(), str(args.out), "fresh", n=1, lineterm=""))
        changed = sum(1 for d in diff if d[:1] in "+-" and d[:3] not in ("+++", "---"))
        print(f"read_pages: {args.out} differs from a fresh generation ({changed} lines); "
              f"run python3 tools/codegen/read_pages.py", file=sys.stderr)
        for line in diff[:40]:
            print(line, file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print(f"read_pages: wrote {args.out} ({len(desc['operations'])} operations, "
          f"{len(desc['models'])} models, {len(desc['enums'])} enums)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
