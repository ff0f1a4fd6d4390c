"""Tests of generate_cpp.py's rules on small descriptions (the whole one is checked by CTest's
codegen_models_up_to_date and compiled by the `generated` tests)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_cpp  # noqa: E402


def field(name, type_, required=False):
    return {"name": name, "json": name[0].lower() + name[1:], "type": type_, "required": required}


def spec(models, enums=None, operations=None):
    return {"models": {k: {"name": k.split("_", 1)[1], "fields": f} for k, f in models.items()},
            "enums": {k: {"name": k.split("_", 1)[1], "values": v, "flags": False}
                      for k, v in (enums or {}).items()},
            "operations": operations or []}


class NamingTest(unittest.TestCase):
    def test_snake_case(self):
        self.assertEqual(generate_cpp.snake_case("GDPRApprovalDate"), "gdpr_approval_date")
        self.assertEqual(generate_cpp.snake_case("CustomerId"), "customer_id")
        self.assertEqual(generate_cpp.snake_case("Private"), "private_value")
        self.assertEqual(generate_cpp.snake_case("Wgs84Coordinate"), "wgs84_coordinate")

    def test_colliding_names_take_their_prefix_unless_they_start_with_it(self):
        names = generate_cpp.type_names(spec({"Crm_Address": [], "Models_Address": [],
                                              "Office_Office": [], "CRM_Office": [],
                                              "Bid_BidData": []}))
        self.assertEqual(names, {"Crm_Address": "CrmAddress", "Models_Address": "ModelsAddress",
                                 "Office_Office": "Office", "CRM_Office": "CrmOffice",
                                 "Bid_BidData": "BidData"})


class LayoutTest(unittest.TestCase):
    def test_a_type_of_several_areas_and_what_it_holds_are_common(self):
        s = spec({"A_Shared": [field("Inner", "A_Inner")], "A_Inner": [],
                  "A_Own": [field("Kind", "A_Kind")]}, {"A_Kind": ["X"]},
                 [{"area": "crm", "body": {"type": "A_Shared"}, "answer": {"type": "A_Own"}},
                  {"area": "user", "body": None, "answer": {"type": "Collection of A_Shared"}}])
        self.assertEqual(generate_cpp.assign_headers(s),
                         {"A_Shared": "common", "A_Inner": "common", "A_Own": "crm",
                          "A_Kind": "crm"})

    def test_models_come_after_what_they_hold_by_value(self):
        s = spec({"A_A": [field("B", "A_B")], "A_B": [field("List", "Collection of A_A")]})
        self.assertEqual(generate_cpp.model_order(["A_A", "A_B"], s), ["A_B", "A_A"])

    def test_a_model_holding_itself_by_value_is_refused(self):
        s = spec({"A_A": [field("Self", "A_A")]})
        with self.assertRaises(SystemExit):
            generate_cpp.model_order(["A_A"], s)

    def test_a_required_member_is_a_plain_value(self):
        s = spec({"A_A": [field("Count", "integer", True), field("Name", "string"),
                          field("Items", "Collection of string")]})
        names = generate_cpp.type_names(s)
        decls = [generate_cpp.member_decl(f, s, names).splitlines()[-1]
                 for f in s["models"]["A_A"]["fields"]]
        self.assertEqual(decls, ["std::int64_t count = 0;", "std::optional<std::string> name;",
                                 "std::vector<std::string> items;"])


if __name__ == "__main__":
    unittest.main()
