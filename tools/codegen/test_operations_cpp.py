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
