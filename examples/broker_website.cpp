// A broker's website, through the generated area clients: lists the estates for sale as one
// range (the pages are fetched as the loop reaches them), keeps its copy current with a change
// sync from a checkpoint, reads one estate with its images' metadata through a read cache (Vitec
// asks that what is fetched be kept and reused), streams its first image, and registers an
// interest that a visitor typed into the estate's form.
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <vitec/connect.hpp>
#include <vitec/connect/api/advertising.hpp>
#include <vitec/connect/read_cache.hpp>

#include "example_environment.hpp"

namespace vc = vitec::connect;
namespace api = vitec::connect::api;

int main(int argc, char** argv) {
  const auto given = example::arguments(
      argc, argv, "[CUSTOMER_ID]",
      "Lists the estates for sale, syncs their changes, reads one with its images and registers "
      "an interest from a form.",
      1);
  const std::string customer_id = given.empty() ? "M-42" : given[0];
  try {
    // Reads are kept for 5 minutes (ReadCacheOptions::time_to_live), in memory here; a path
    // keeps them in a file of mode 0600 instead.
    auto options = example::options_from_environment();
    options.read_cache = std::make_shared<vc::ReadCache>(vc::ReadCacheOptions{});
    const api::AdvertisingClient advertising{vc::Client(options)};

    // Every estate for sale, 50 a page: memory holds one page whatever the total.
    api::advertising::GetEstateParams for_sale;
    for_sale.customer_id = customer_id;
    for_sale.status = api::EstateStatusFlags::for_sale;
    for_sale.page_size = 50;
    std::string first_estate;
    std::int64_t listed = 0;
    auto estates = advertising.get_estate_all(for_sale);
    for (const auto& row : estates) {
      if (first_estate.empty() && row.id) first_estate = *row.id;
      ++listed;
    }
    std::cout << listed << " estate(s) for sale, in " << estates.pages_read() << " page(s)\n";
    if (first_estate.empty()) first_estate = "E-3003";

    // The next run reads only what changed since the checkpoint this one stores (a row changed
    // during the read may come twice: handle each as an upsert).
    std::optional<vc::DateTime> checkpoint;  // a real site loads it from its own store
    int changed = 0;
    checkpoint = advertising.get_estate_changes(for_sale, checkpoint,
                                                [&](const auto& /*row*/) { ++changed; });
    std::cout << changed << " estate(s) synced; next sync from "
              << (checkpoint ? checkpoint->to_string() : std::string("the start")) << "\n";

    api::advertising::GetEstateByEstateIdParams which;
    which.customer_id = customer_id;
    which.estate_id = first_estate;
    const api::AdvertisingEstate estate = advertising.get_estate_by_estate_id(which);
    std::cout << "estate " << estate.id.value_or(first_estate) << ", "
              << (estate.address && estate.address->street_address ? *estate.address->street_address
                                                                   : std::string("(no address)"))
              << ": " << estate.images.size() << " image(s)\n";
    // The next visitor's page view is served from the cache, without a request.
    const auto again = advertising.try_get_estate_by_estate_id(which);
    std::cout << "  read again: "
              << (again.ok() && again.cache() == vc::CacheUse::fresh ? "from the cache"
                                                                     : "from Vitec")
              << "\n";
    for (const api::AdvertisingImage& image : estate.images) {
      std::cout << "  image " << image.id.value_or("-") << " " << image.name.value_or("")
                << image.extension.value_or("") << ", changed "
                << (image.data_changed_at ? image.data_changed_at->to_string() : "-") << "\n";
    }
    if (!estate.images.empty() && estate.images.front().id) {
      // Streamed: the bytes go to the sink as they arrive (here only counted; a site writes
      // them to its own image store, or uses get_image_to_file).
      api::advertising::GetImageParams image;
      image.customer_id = customer_id;
      image.image_id = *estate.images.front().id;
      std::uint64_t bytes = 0;
      const auto got = advertising.get_image_stream(
          image, [&](std::string_view chunk) { bytes += chunk.size(); });
      std::cout << "  first image: " << bytes << " bytes of " << got.content_type << "\n";
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
