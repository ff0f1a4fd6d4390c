// Every member of every generated area client, compiled: an explicit instantiation compiles the
// members no test calls, and every_change_sync names each member template (a change sync), so
// that a generated member that could not compile fails here rather than in a user's build.
#include <optional>

#include <vitec/connect/api/all.hpp>

namespace api = vitec::connect::api;

template class api::BasicAdvertisingClient<void>;
template class api::BasicAppointmentClient<void>;
template class api::BasicBusinessIntelligenceClient<void>;
template class api::BasicCategoryClient<void>;
template class api::BasicContactsClient<void>;
template class api::BasicCrmClient<void>;
template class api::BasicCustomFieldClient<void>;
template class api::BasicImageClient<void>;
template class api::BasicIncreasedRequirementClient<void>;
template class api::BasicInterestClient<void>;
template class api::BasicMeetingClient<void>;
template class api::BasicNoteClient<void>;
template class api::BasicOfficeClient<void>;
template class api::BasicPublicAdvertisingClient<void>;
template class api::BasicReportClient<void>;
template class api::BasicServiceClient<void>;
template class api::BasicTaskClient<void>;
template class api::BasicUserClient<void>;
template class api::BasicViewingClient<void>;

// Never called: naming each change sync (a member template) makes it compile.
void every_change_sync(const api::AdvertisingClient& advertising) {
  const auto ignore = [](const auto& /*row*/) {};
  (void)advertising.get_area_changes(api::advertising::GetAreaParams(), std::nullopt, ignore);
  (void)advertising.get_brand_list_changes(api::advertising::GetBrandListParams(), std::nullopt,
                                           ignore);
  (void)advertising.get_estate_changes(api::advertising::GetEstateParams(), std::nullopt, ignore);
  (void)advertising.get_office_changes(api::advertising::GetOfficeParams(), std::nullopt, ignore);
  (void)advertising.get_project_changes(api::advertising::GetProjectParams(), std::nullopt, ignore);
  (void)advertising.get_user_changes(api::advertising::GetUserParams(), std::nullopt, ignore);
}
