// Webhook subscriptions (API_SOURCES.md "webhook subscriptions").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    {.id = "webhooks.list",
     .method = "GET",
     .path = "/event/{version}/webhooks",
     .version = "202309",
     .records = "/data/webhooks",
     .key = "event_type",
     .summary = "The shop's webhook subscriptions."},
    {.id = "webhooks.update",
     .method = "PUT",
     .path = "/event/{version}/webhooks",
     .version = "202309",
     .import = &kWrite,
     .summary = "Subscribe an address to an event type (body {address, event_type})."},
    {.id = "webhooks.delete",
     .method = "DELETE",
     .path = "/event/{version}/webhooks",
     .version = "202309",
     .import = &kWrite,
     .summary = "Remove a subscription (body {event_type})."},
};

}  // namespace

std::span<const EndpointSpec> event_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
