// Webhook subscriptions (API_SOURCES.md "webhook subscriptions").
#include "catalog_specs.hpp"

namespace tts::catalog {
namespace {

constexpr EndpointSpec kEndpoints[] = {
    get("webhooks.list", "/event/{version}/webhooks", "202309", "The shop's webhook subscriptions.",
        records("/data/webhooks", "event_type")),
    put("webhooks.update", "/event/{version}/webhooks", "202309",
        "Subscribe an address to an event type (body {address, event_type}).", writes(kWrite)),
    del("webhooks.delete", "/event/{version}/webhooks", "202309",
        "Remove a subscription (body {event_type}).", writes(kWrite)),
};

}  // namespace

std::span<const EndpointSpec> event_endpoints() { return kEndpoints; }

}  // namespace tts::catalog
