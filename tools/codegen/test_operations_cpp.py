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


class DownloadTest(unittest.TestCase):
    def test_a_file_answer_gets_a_stream_and_a_to_file_member(self):
        image = op("GET", "Advertising/Image/{customerId}/{imageId}", "advertising")
        image["answer"] = {"type": "Collection of byte"}
        params = operations_cpp.expanded_params(image, {"models": {}})
        code = operations_cpp.download_member_code(image, "get_image", params, "GetImageParams")
        self.assertIn("api::Download get_image_stream(const advertising::GetImageParams& params, "
                      "const std::function<void(std::string_view)>& sink)", code)
        self.assertIn("api::Download get_image_to_file(const advertising::GetImageParams& params, "
                      "const std::string& path)", code)
        self.assertIn("param_text(params.customer_id), "
                      "::vitec::connect::detail::param_text(params.image_id)", code)
        self.assertIn("Result<api::Download> try_get_image_stream(const advertising::"
                      "GetImageParams& params, const std::function<void(std::string_view)>& "
                      "sink) const {", code)
        self.assertIn("Result<api::Download> try_get_image_to_file(const advertising::"
                      "GetImageParams& params, const std::string& path) const noexcept {", code)
        self.assertEqual(operations_cpp.download_includes([image]),
                         ['"vitec/connect/download.hpp"'])

    def test_no_other_answer_does(self):
        listing = op("GET", "CRM/Image/GetImageCategories")
        listing["answer"] = {"type": "Collection of Image_ImageCategories"}
        self.assertEqual(operations_cpp.download_member_code(listing, "get_x", [], None), "")
        self.assertEqual(operations_cpp.download_includes([listing]), [])
        self.assertIn("download_operations() {\n  static const std::vector<const operation_def*> "
                      "table = {\n    };", operations_cpp.download_table_code(
                          {"operations": [listing]}, {"crm": {listing["id"]: "get_x"}}))


def paged_spec():
    return {"models": {
        "Page": {"name": "Page", "fields": [
            {"name": "Index", "json": "index", "type": "integer"},
            {"name": "Count", "json": "count", "type": "integer"},
            {"name": "Rows", "json": "rows", "type": "Collection of Row"}]},
        "Row": {"name": "Row", "fields": [{"name": "ChangedAt", "json": "changedAt",
                                           "type": "date"}]}}, "enums": {}, "operations": []}


class PagedTest(unittest.TestCase):
    def listing(self, *names):
        listing = op("GET", "Advertising/Estate/{customerId}", "advertising",
                     [{"name": n, "type": "integer", "required": False} for n in names])
        listing["answer"] = {"type": "Page"}
        return listing

    def test_a_page_of_rows_with_page_index_and_size_gets_a_range_and_a_sync(self):
        listing = self.listing("PageSize", "PageIndex", "ChangedAtMinValue")
        params = operations_cpp.expanded_params(listing, paged_spec())
        self.assertEqual(operations_cpp.paged_row(listing, params, paged_spec()), "Row")
        code = operations_cpp.paged_code(listing, "get_estate", params, paged_spec(),
                                         {"Page": "Page", "Row": "Row"}, "GetEstateParams")
        self.assertIn("api::PageRange<api::BasicRow<Unused>> get_estate_all("
                      "advertising::GetEstateParams params) const", code)
        self.assertIn("get_estate_changes(", code)
        self.assertIn("params.changed_at_min_value = ", code)

    def test_without_a_change_filter_there_is_no_sync(self):
        listing = self.listing("PageSize", "PageIndex")
        params = operations_cpp.expanded_params(listing, paged_spec())
        code = operations_cpp.paged_code(listing, "get_estate", params, paged_spec(),
                                         {"Page": "Page", "Row": "Row"}, "GetEstateParams")
        self.assertIn("get_estate_all(", code)
        self.assertNotIn("_changes(", code)

    def test_a_page_without_page_index_is_no_range(self):
        listing = self.listing("PageSize")
        params = operations_cpp.expanded_params(listing, paged_spec())
        self.assertIsNone(operations_cpp.paged_row(listing, params, paged_spec()))
        self.assertEqual(operations_cpp.paged_code(listing, "get_estate", params, paged_spec(),
                                                   {}, "GetEstateParams"), "")


class BatchedTest(unittest.TestCase):
    def forms(self):
        query = op("GET", "CRM/Contact/{customerId}/Person", "crm",
                   [{"name": "contactIds", "type": "string", "required": False,
                     "list_param": True, "max_items": 20}])
        path = op("GET", "CRM/Contact/{customerId}/Person/{contactIds}")
        path["path_params"][1].update(list_param=True, max_items=20)
        path.update(path_max_ids=5, query_form=query["id"])
        for form in (query, path):
            form["answer"] = {"type": "Collection of Person"}
        return query, path

    def test_the_path_form_takes_five_ids_and_sends_more_through_the_query_form(self):
        query, path = self.forms()
        params = operations_cpp.expanded_params(path, {"models": {}})
        self.assertEqual(operations_cpp.max_ids(path, params[1]), 5)
        self.assertEqual(operations_cpp.batched_list(path, params), 1)
        spec = {"models": {}, "operations": [query, path]}
        code = operations_cpp.batched_code(
            path, "get_contact_person_by_contact_ids", params, spec, {"Person": "Person"},
            "GetContactPersonByContactIdsParams",
            {query["id"]: "get_contact_person", path["id"]: "get_contact_person_by_contact_ids"})
        self.assertIn("get_contact_person_by_contact_ids_batched(", code)
        self.assertIn("&::vitec::connect::detail::crm_operations::get_contact_person, ", code)
        self.assertIn("up to 5 in the path", code)
        self.assertIn("params.contact_ids, batch);", code)

    def test_a_list_without_a_documented_limit_is_not_batched(self):
        merge = op("POST", "CRM/MergeContact/{customerId}/{contactIds}")
        merge["path_params"][1]["list_param"] = True
        merge["answer"] = {"type": "string"}
        params = operations_cpp.expanded_params(merge, {"models": {}})
        self.assertEqual(operations_cpp.max_ids(merge, params[1]), -1)
        self.assertIsNone(operations_cpp.batched_list(merge, params))


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

    def test_only_writes_whose_answer_a_drain_may_drop(self):
        for plain in ("boolean", "string", None):
            self.assertTrue(operations_cpp.is_outbox_write(
                self.write("POST", "CRM/X/{customerId}", answer=plain)), plain)
        # A read by POST, a token's redemption, a merge: the answer is the point of them.
        for kept in ("Service_OrderTicket", "Collection of Meeting_Meeting"):
            self.assertFalse(operations_cpp.is_outbox_write(
                self.write("POST", "CRM/X/{customerId}", answer=kept)), kept)
        self.assertFalse(operations_cpp.is_outbox_write(
            self.write("PUT", "CRM/X/{customerId}", answer="Crm_MergeContact")))

    def test_definitions_say_whether_the_answer_is_plain(self):
        for answer, plain in (("boolean", "true"), (None, "true"), ("Service_OrderTicket", "false")):
            o = self.write("POST", "CRM/X/{customerId}", answer=answer)
            code = operations_cpp.definition_code(o, "x", [], {"models": {}, "enums": {}})
            self.assertTrue(code.rstrip().endswith(", %s};" % plain), code)

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


class UploadTest(unittest.TestCase):
    spec = {"models": {"Image_ImageData": {"fields": [
        {"name": "Data", "json": "data", "type": "Collection of byte"},
        {"name": "Name", "json": "name", "type": "string"}]}}, "enums": {}}

    def test_a_body_with_bytes_gets_a_from_member(self):
        image = op("POST", "CRM/Image/{customerId}/{estateId}")
        image["body"] = {"type": "Image_ImageData"}
        image["answer"] = {"type": "string"}
        image["idempotent"] = False
        params = operations_cpp.expanded_params(image, self.spec)
        code = operations_cpp.upload_member_code(image, "post_image", params, self.spec,
                                                 {"Image_ImageData": "ImageData"},
                                                 "PostImageParams")
        self.assertIn("std::string post_image_from(const crm::PostImageParams& params, "
                      "const api::ImageData& body, const api::ByteSource& data) const {", code)
        self.assertIn("Result<std::string> try_post_image_from(const crm::PostImageParams& "
                      "params, const api::ImageData& body, const api::ByteSource& data) const "
                      "noexcept {", code)
        self.assertIn("run_upload<std::string>(client_, ::vitec::connect::detail::crm_operations"
                      "::post_image, {::vitec::connect::detail::param_text(params.customer_id), "
                      "::vitec::connect::detail::param_text(params.estate_id)}, body, data);",
                      code)
        self.assertEqual(operations_cpp.upload_includes([image], self.spec),
                         ['"vitec/connect/upload.hpp"'])

    def test_no_other_body_does(self):
        lead = op("POST", "CRM/Lead/{customerId}")
        lead["body"] = {"type": "Crm_Lead"}
        self.assertEqual(operations_cpp.upload_member_code(lead, "post_lead", [], self.spec, {},
                                                           None), "")
        self.assertEqual(operations_cpp.upload_includes([lead, op("GET", "CRM/X")], self.spec), [])


if __name__ == "__main__":
    unittest.main()
