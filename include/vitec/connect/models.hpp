#pragma once

/// \file
/// Models and their JSON/XML codecs: needs nlohmann/json and pugixml, not libcurl.
#include "vitec/connect/codec.hpp"
#include "vitec/connect/contacted.hpp"
#include "vitec/connect/date_time.hpp"
#include "vitec/connect/error.hpp"
#include "vitec/connect/format.hpp"
#include "vitec/connect/order_entry.hpp"
#include "vitec/connect/order_entry_status.hpp"
#include "vitec/connect/order_query.hpp"
#include "vitec/connect/order_ticket.hpp"
#include "vitec/connect/order_token.hpp"
#include "vitec/connect/order_user_interaction_request.hpp"
#include "vitec/connect/participant_follow_up.hpp"
#include "vitec/connect/version.hpp"
