"""Tests of cli_catalogue.py, what the CLI's `operations`, `describe` and `api` read (the CLI
itself is tested over loopback by tools/cli/tests/api.py)."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_catalogue  # noqa: E402

FIELD = {"name": "FirstName", "json": "firstName", "type": "string", "description": "Förnamn",
         "required": True, "min_length": 0, "max_length": 30, "minimum": None, "maximum": None}

SPEC = {
    "operations": [{
        "id": "POST-CRM-Person-customerId", "method": "POST", "path": "CRM/Person/{customerId}",
        "area": "crm", "description": "Skapa",
        "path_params": [{"name": "customerId", "type": "string", "required": True}],
        "query_params": [{"name": "Paging", "type": "Models_Paging", "required": False}],
        "body": {"type": "Crm_Person"}, "answer": {"type": "Collection of Crm_Person"},
        "idempotent": False}],
    "models": {
        "Crm_Person": {"name": "Person", "description": "Person", "fields": [FIELD]},
        "Models_Paging": {"name": "Paging", "description": "", "fields": [
            dict(FIELD, name="PageSize", json="pageSize", type="integer", required=False,
                 min_length=None, max_length=None)]}},
    "enums": {"Crm_Kind": {"name": "Kind", "description": "", "flags": False,
                           "members": [{"name": "A", "value": 0, "description": "a"}]}},
}


class CatalogueTest(unittest.TestCase):
    def setUp(self):
        self.catalogue = cli_catalogue.catalogue(SPEC)

    def test_parameters_as_api_call_takes_them(self):
        params = self.catalogue["operations"][0]["parameters"]
        self.assertEqual([(p["name"], p["wire_name"], p["in"]) for p in params],
                         [("customerId", "customerId", "path"),
                          ("PageSize", "paging.pageSize", "query")])

    def test_body_answer_and_limits(self):
        op = self.catalogue["operations"][0]
        self.assertEqual((op["body"], op["answer"]), ("Crm_Person", "list of Crm_Person"))
        field = self.catalogue["models"]["Crm_Person"]["fields"][0]
        self.assertEqual((field["json"], field["max_length"], field["required"]),
                         ("firstName", 30, True))
        self.assertNotIn("minimum", field)  # absent limits are left out, not null

    def test_cpp_names_are_the_generators(self):
        self.assertEqual(self.catalogue["models"]["Crm_Person"]["cpp"], "Person")
        self.assertEqual(self.catalogue["enums"]["Crm_Kind"]["members"][0]["name"], "A")

    def test_the_include_file_is_ascii_pieces_of_one_document(self):
        text = cli_catalogue.include_text(self.catalogue)
        text.encode("ascii")
        pieces = [line[len('R"json('):-len(')json",')] for line in text.splitlines()[1:]]
        self.assertEqual(json.loads("".join(pieces)), self.catalogue)

    def test_answers_in_words(self):
        self.assertEqual(cli_catalogue.answer_text(None), "none")
        self.assertEqual(cli_catalogue.answer_text({"type": "Collection of byte"}), "bytes")
        self.assertEqual(cli_catalogue.answer_text(
            {"one_of": ["A", "B"], "discriminator": "type", "collection": True}),
            "list of one of A | B (by type)")


if __name__ == "__main__":
    unittest.main()
