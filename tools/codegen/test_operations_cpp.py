"""Tests of operations_cpp.py's rules on small descriptions (the whole surface is compiled and
called over loopback by the `generated` tests)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import operations_cpp  # noqa: E402


def op(method, path, area="crm", query=None):
    names = [p.strip("{}") for p in path.split("/") if p.startswith("{")]
    return {"id": "%s-%s" % (method, path.replace("/", "-").replace("{", "").replace("}", "")),
            "method": method, "path": path, "area": area,
            "path_params": [{"name": n, "type": "string", "required": True} for n in names],
            "query_params": query or []}


class MemberNameTest(unittest.TestCase):
    def names(self, *ops):
        return sorted(operations_cpp.member_names(list(ops)).values())

    def test_verb_and_literal_segments_without_the_area(self):
        self.assertEqual(self.names(op("GET", "CRM/Bid/{customerId}/{id}")), ["get_bid"])

    def test_the_area_stays_when_nothing_else_is_left(self):
        self.assertEqual(self.names(op("POST", "Appointment/{customerId}/{id}", "appointment")),
                         ["post_appointment"])

    def test_a_verb_is_not_said_twice(self):
        self.assertEqual(self.names(op("GET", "Category/GetCategories/{customerId}", "category")),
                         ["get_categories"])

    def test_one_url_shape_with_an_id_and_with_ids(self):
        self.assertEqual(self.names(op("GET", "CRM/Contact/{customerId}/{contactId}"),
                                    op("GET", "CRM/Contact/{customerId}/{contactIds}")),
                         ["get_contact_by_contact_id", "get_contact_by_contact_ids"])

    def test_the_customer_id_counts_when_the_rest_is_equal(self):
        self.assertEqual(self.names(op("GET", "Viewing/{customerId}/{estateId}", "viewing"),
                                    op("GET", "Viewing/{estateId}", "viewing")),
                         ["get_viewing_by_customer_id_and_estate_id", "get_viewing_by_estate_id"])


class ParamTest(unittest.TestCase):
    def test_a_model_parameter_is_sent_member_by_member_under_its_wire_name(self):
        spec = {"models": {"Models_Paging": {"fields": [
            {"name": "PageSize", "json": "pageSize", "type": "integer"},
            {"name": "PageIndex", "json": "pageIndex", "type": "integer"}]}}, "enums": {}}
        brand = op("GET", "Advertising/Brand/List/{customerId}", "advertising", [
            {"name": "Paging", "type": "Models_Paging", "required": False,
             "wire_name": "criteria.paging"}])
        params = operations_cpp.expanded_params(brand, spec)
        self.assertEqual([(p["name"], p.get("wire_name"), p["in_path"]) for p in params],
                         [("customerId", None, True),
                          ("PageSize", "criteria.paging.pageSize", False),
                          ("PageIndex", "criteria.paging.pageIndex", False)])

    def test_path_parameters_come_in_the_order_of_the_path(self):
        o = op("GET", "CRM/Contact/{customerId}/{contactId}")
        o["path_params"].reverse()
        self.assertEqual([p["name"] for p in operations_cpp.expanded_params(o, {"models": {}})],
                         ["customerId", "contactId"])

    def test_only_a_lone_customer_id_goes_without_a_struct(self):
        lone = [{"name": "customerId", "in_path": True}]
        self.assertFalse(operations_cpp.takes_params_struct({}, lone))
        self.assertFalse(operations_cpp.takes_params_struct({}, []))
        self.assertTrue(operations_cpp.takes_params_struct(
            {}, lone + [{"name": "id", "in_path": True}]))


class OutboxWritesTest(unittest.TestCase):
    def write(self, method, path, idempotent=True, body=None, answer=None):
        o = op(method, path)
        o.update({"idempotent": idempotent, "body": {"type": body} if body else None,
                  "answer": {"type": answer} if answer else None})
        return o

    def test_only_writes_safe_to_send_again(self):
        self.assertTrue(operations_cpp.is_outbox_write(self.write("PUT", "CRM/X/{customerId}")))
        self.assertTrue(operations_cpp.is_outbox_write(self.write("DELETE", "CRM/X/{customerId}")))
        self.assertFalse(operations_cpp.is_outbox_write(
            self.write("POST", "CRM/X/{customerId}", idempotent=False)))
        self.assertFalse(operations_cpp.is_outbox_write(self.write("GET", "CRM/X/{customerId}")))

    def handles(self, o, names=None):
        params = {o["id"]: operations_cpp.expanded_params(o, {"models": {}})}
        members = operations_cpp.member_names([o])
        cls = {}
        if operations_cpp.takes_params_struct(o, params[o["id"]]):
            cls[o["id"]] = operations_cpp.pascal_case(members[o["id"]]) + "Params"
        return operations_cpp.writes_code("crm", [o], members, params, cls, names or {})

    def test_a_handle_takes_the_area_clients_arguments(self):
        texts, handle = self.handles(self.write("DELETE", "CRM/Bid/{customerId}/{id}"))
        self.assertIn("write_operation<::vitec::connect::api::crm::DeleteBidParams, "
                      "::vitec::connect::detail::no_body> delete_bid", handle)
        self.assertIn("param_text(params.customer_id), param_text(params.id)", texts)
        texts, handle = self.handles(self.write("PUT", "CRM/Thing/{customerId}", body="Crm_Thing"),
                                     {"Crm_Thing": "Thing"})
        self.assertIn("write_operation<std::string_view, ::vitec::connect::api::Thing>", handle)
        self.assertIn("Outbox::enqueue(handle, customer_id, body)", handle)
        texts, handle = self.handles(self.write("POST", "CRM/Things", body="Crm_Thing"),
                                     {"Crm_Thing": "Thing"})
        self.assertIn("write_operation<::vitec::connect::detail::no_params, ", handle)
        self.assertIn("return {};", texts)

    def test_a_read_gets_no_handle(self):
        self.assertEqual(self.handles(self.write("GET", "CRM/Bid/{customerId}/{id}")), ("", ""))

    def test_the_drains_table_lists_the_writes_and_how_their_answers_read(self):
        spec = {"operations": [
            self.write("DELETE", "CRM/Bid/{customerId}/{id}", answer="boolean"),
            self.write("PUT", "CRM/Thing/{customerId}"),
            self.write("POST", "CRM/Bid/{customerId}", idempotent=False, answer="boolean"),
            self.write("GET", "CRM/Bid/{customerId}/{id}", answer="boolean")]}
        header = operations_cpp.outbox_writes_header(spec, "")
        self.assertIn('{"DELETE-CRM-Bid-customerId-id", "DELETE", "crm", true, '
                      'answer_size::single}', header)
        self.assertIn('{"PUT-CRM-Thing-customerId", "PUT", "crm", false, answer_size::single}',
                      header)
        self.assertNotIn("POST-", header)
        self.assertNotIn("GET-", header)


if __name__ == "__main__":
    unittest.main()
