// A broker's website, through the generated area clients: lists the estates for sale page by
// page, reads one with its images' metadata (the images themselves are files to fetch and keep,
// as Vitec asks), and registers an interest that a visitor typed into the estate's form.
#include <cstdint>
#include <iostream>
#include <string>

#include <vitec/connect.hpp>
#include <vitec/connect/api/advertising.hpp>

#include "example_environment.hpp"

namespace vc = vitec::connect;
namespace api = vitec::connect::api;

int main(int argc, char** argv) {
  const auto given = example::arguments(
      argc, argv, "[CUSTOMER_ID]",
      "Lists the estates for sale page by page, reads one with its images' metadata and "
      "registers an interest from a form.",
      1);
  const std::string customer_id = given.empty() ? "M-42" : given[0];
  try {
    const api::AdvertisingClient advertising{vc::Client(example::options_from_environment())};

    // Pages count from 0, and `count` is the number of pages: stop after the last one, or at an
    // empty page (a list that shrank while it was read).
    api::advertising::GetEstateParams for_sale;
    for_sale.customer_id = customer_id;
    for_sale.status = api::EstateStatusFlags::for_sale;
    for_sale.page_size = 50;
    std::string first_estate;
    std::int64_t listed = 0;
    for (std::int64_t page = 0;; ++page) {
      for_sale.page_index = page;
      const auto rows = advertising.get_estate(for_sale);
      for (const auto& row : rows.rows) {
        if (first_estate.empty() && row.id) first_estate = *row.id;
        ++listed;
      }
      std::cout << "page " << page << ": " << rows.rows.size() << " estate(s) of "
                << rows.total_row_count.value_or(0) << "\n";
      if (rows.rows.empty() || page + 1 >= rows.count.value_or(0)) break;
    }
    std::cout << listed << " estate(s) listed\n";
    if (first_estate.empty()) first_estate = "E-3003";

    api::advertising::GetEstateByEstateIdParams which;
    which.customer_id = customer_id;
    which.estate_id = first_estate;
    const api::AdvertisingEstate estate = advertising.get_estate_by_estate_id(which);
    std::cout << "estate " << estate.id.value_or(first_estate) << ", "
              << (estate.address && estate.address->street_address ? *estate.address->street_address
                                                                   : std::string("(no address)"))
              << ": " << estate.images.size() << " image(s)\n";
    for (const api::AdvertisingImage& image : estate.images) {
      std::cout << "  image " << image.id.value_or("-") << " " << image.name.value_or("")
                << image.extension.value_or("") << ", changed "
                << (image.data_changed_at ? image.data_changed_at->to_string() : "-") << "\n";
    }

    // What a visitor typed: the documented limits (a 25-character city, a 100-character email
    // address) are checked before sending, with the member named in the error.
    api::advertising::PostEstateInterestParams on;
    on.customer_id = customer_id;
    on.estate_id = first_estate;
    api::AdvertisingInterestApplication form;
    form.first_name = "Anna";
    form.last_name = "Andersson";
    form.email.emplace().email_address = "anna@example.se";
    form.telephone.emplace().cell = "070-1234567";
    form.contact_message = "Vi vill gärna gå på visning.";
    advertising.post_estate_interest(on, form);
    std::cout << "interest registered on " << first_estate << "\n";
    return 0;
  } catch (const vc::Error& e) {
    std::cerr << "failed: " << e.what() << "\n";
    return 1;
  }
}
