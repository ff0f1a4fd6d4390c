"""Tests of stand_in_catalogue.py, the table the stand-in answers every operation from (the
stand-in itself is tested over loopback by tests/integration and tests/generated)."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stand_in_catalogue  # noqa: E402

PERSON = {"name": "Person", "description": "", "fields": [
    {"name": "FirstName", "json": "firstName", "type": "string", "required": True,
     "min_length": None, "max_length": 30, "minimum": None, "maximum": None},
    {"name": "SocialNumber", "json": "socialNumber", "type": "string", "required": False,
     "personal_data": True}]}

SPEC = {
    "operations": [
        {"id": "PUT-CRM-Person-customerId-id", "method": "PUT",
         "path": "CRM/Person/{customerId}/{id}",
         "path_params": [{"name": "id", "type": "string", "required": True,
                          "list_param": True, "max_items": 20},
                         {"name": "customerId", "type": "string", "required": True}],
         "query_params": [{"name": "Paging", "type": "Models_Paging", "required": False}],
         "body": {"type": "Crm_Person"}, "answer": None},
        {"id": "GET-CRM-Person-customerId-id", "method": "GET",
         "path": "CRM/Person/{customerId}/{id}",
         "path_params": [{"name": "customerId", "type": "string", "required": True},
                         {"name": "id", "type": "string", "required": True}],
         "query_params": [{"name": "Kind", "type": "Crm_Kind", "required": True}],
         "body": None, "answer": {"type": "Crm_Person"},
         "sample_answer": {"firstName": "sample string 1"}},
        {"id": "GET-CRM-Photo-customerId", "method": "GET", "path": "CRM/Photo/{customerId}",
         "path_params": [{"name": "customerId", "type": "string", "required": True}],
         "query_params": [], "body": None, "answer": {"type": "Collection of byte"},
         "sample_answer": [1, 2]},
        {"id": "GET-CRM-People-customerId", "method": "GET", "path": "CRM/People/{customerId}",
         "path_params": [{"name": "customerId", "type": "string", "required": True}],
         "query_params": [], "body": None, "answer": {"type": "Collection of Crm_Person"}}],
    "models": {
        "Crm_Person": PERSON,
        "Models_Paging": {"name": "Paging", "description": "", "fields": [
            {"name": "PageSize", "json": "pageSize", "type": "integer", "required": False}]}},
    "enums": {"Crm_Kind": {"name": "Kind", "flags": False, "values": ["A", "B"],
                           "members": []}},
}


class StandInCatalogueTest(unittest.TestCase):
    def setUp(self):
        document = stand_in_catalogue.catalogue(SPEC)
        self.ops = {op["id"]: op for op in document["operations"]}
        self.document = document

    def test_parameters_in_path_order_then_query_as_sent(self):
        params = self.ops["PUT-CRM-Person-customerId-id"]["params"]
        self.assertEqual([(p["name"], p["wire_name"], p["in"], p["kind"]) for p in params],
                         [("customerId", "customerId", "path", "text"),
                          ("id", "id", "path", "text"),
                          ("PageSize", "paging.pageSize", "query", "integer")])
        self.assertEqual((params[1]["list"], params[1]["max_items"]), (True, 20))
        kind = self.ops["GET-CRM-Person-customerId-id"]["params"][2]
        self.assertEqual((kind["kind"], kind["enum"], kind["required"]), ("name", "Crm_Kind", True))

    def test_answers(self):
        self.assertEqual(self.ops["GET-CRM-Person-customerId-id"]["answer"],
                         {"firstName": "sample string 1"})
        # Bytes go as base64 text whatever the page's sample shows.
        self.assertEqual(self.ops["GET-CRM-Photo-customerId"]["answer"], "AQID/w==")
        self.assertEqual(self.ops["GET-CRM-People-customerId"]["answer"], [])
        put = self.ops["PUT-CRM-Person-customerId-id"]
        self.assertIsNone(put["answer"])
        self.assertTrue(put["no_content"])

    def test_a_read_on_a_writes_path_reads_it_back(self):
        get = self.ops["GET-CRM-Person-customerId-id"]
        self.assertEqual((get["reads_back"], get["answer_model"]),
                         ("PUT-CRM-Person-customerId-id", "Crm_Person"))
        self.assertNotIn("reads_back", self.ops["GET-CRM-People-customerId"])

    def test_model_members_with_limits_and_personal_data(self):
        first, social = self.document["models"]["Crm_Person"]["fields"]
        self.assertEqual((first["json"], first["max_length"], first["required"]),
                         ("firstName", 30, True))
        self.assertNotIn("min_length", first)  # absent limits are left out, not null
        self.assertTrue(social["personal"])
        self.assertEqual(self.document["enums"]["Crm_Kind"], {"flags": False, "values": ["A", "B"]})

    def test_the_include_file_is_one_document_in_pieces(self):
        text = stand_in_catalogue.include_file(self.document)
        self.assertIn("stand_in_catalogue.py", text.splitlines()[0])
        pieces = [line[len('R"json('):-len(')json",')] for line in text.splitlines()[1:]]
        self.assertEqual(json.loads("".join(pieces)), self.document)


if __name__ == "__main__":
    unittest.main()
